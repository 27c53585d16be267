"""Install nginx and serve one site. Every operation is native and idempotent."""

import os

from pyinfra import host
from pyinfra.api import deploy
from pyinfra.facts.server import LinuxName
from pyinfra.operations import apt, files, systemd

TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")


@deploy("Install and configure nginx")
def install_nginx(server_name: str, worker_processes: int = 2) -> None:
    if host.get_fact(LinuxName) not in ("Debian", "Ubuntu"):
        raise ValueError("this deploy supports Debian and Ubuntu only")

    apt.packages(
        name="Install nginx",
        packages=["nginx"],
        update=True,
        _sudo=True,
    )

    site = files.template(
        name="Write the nginx site",
        src=os.path.join(TEMPLATES, "site.conf.j2"),
        dest="/etc/nginx/sites-enabled/default",
        user="root",
        group="root",
        mode="644",
        server_name=server_name,
        worker_processes=worker_processes,
        _sudo=True,
    )

    systemd.service(
        name="Reload nginx when the site changed",
        service="nginx",
        running=True,
        reloaded=True,
        _if=site.did_change,
        _sudo=True,
    )
