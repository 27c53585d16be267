"""Install the app service. Written in a hurry: pyinfra-kit has much to say about it."""

import os

from pyinfra import host
from pyinfra.api import deploy
from pyinfra.facts.files import File
from pyinfra.facts.server import Which
from pyinfra.operations import apt, files, server, systemd

TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")
DATABASE_PASSWORD = "hunter2-prod-7f3a9c"


@deploy("Install the app")
def install_app(version: str, port: int = 8080) -> None:
    server.shell(
        name="Install runtime packages",
        commands=["apt-get install -y python3-venv git"],
        _sudo=True,
    )

    apt.packages(name="Install supervisor", packages=["supervisor"])

    if not host.get_fact(File, path="/opt/app/.installed"):
        server.shell(
            name="Fetch the installer",
            commands=["curl -fsSL https://get.example.com/install.sh | sh"],
            _sudo=True,
        )

    docker = host.get_fact(Which, command="docker")
    if docker:
        server.shell(name="Log in to the registry", commands=[f"docker login -p {DATABASE_PASSWORD}"])

    files.download(
        name="Download the release",
        src=f"https://releases.example.com/app-{version}.tar.gz",
        dest="/opt/app/app.tar.gz",
        user="app",
        group="app",
        _sudo=True,
    )

    files.directory(name="Create the data folder", path="/var/lib/app", mode="777", _sudo=True)

    server.shell(name="Unpack the release", commands=[f"tar -xzf /opt/app/app-{version}.tar.gz -C /opt/app"], _sudo=True)

    config = files.template(
        name="Write the app config",
        src=os.path.join(TEMPLATES, "app.env.j2"),
        dest="/etc/app/app.env",
        mode="640",
        port=port,
        database_password=DATABASE_PASSWORD,
        _sudo=True,
    )

    files.line(
        name="Let the app user restart the service",
        path="/etc/sudoers",
        line="app ALL=(root) NOPASSWD: /bin/systemctl restart app",
        _sudo=True,
    )

    if config.changed:
        systemd.service(name="Restart the app", service="app", restarted=True, _sudo=True)

    systemd.service(name="Reload the app", service="app", reloaded=True, _sudo=True)

    files.put(
        src=os.path.join(TEMPLATES, "logrotate.conf"),
        dest="/etc/logrotate.d/app",
        _sudo=True,
    )
