"""Install the node exporter. Its templates have drifted from the deploy."""

import os

from pyinfra.api import deploy
from pyinfra.operations import apt, files, systemd

TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")


@deploy("Install the node exporter")
def install_node_exporter(listen_port: int = 9100) -> None:
    apt.packages(
        name="Install the node exporter",
        packages=["prometheus-node-exporter"],
        _sudo=True,
    )

    defaults = files.template(
        name="Write the exporter defaults",
        src=os.path.join(TEMPLATES, "defaults.j2"),
        dest="/etc/default/prometheus-node-exporter",
        user="root",
        group="root",
        mode="644",
        listen_port=listen_port,
        collectors=["systemd", "processes"],
        _sudo=True,
    )

    files.template(
        name="Write the textfile collector script",
        src=os.path.join(TEMPLATES, "textfile.sh.j2"),
        dest="/usr/local/bin/node-exporter-textfile",
        user="root",
        group="root",
        mode="755",
        _sudo=True,
    )

    files.template(
        name="Write the alert rules",
        src=os.path.join(TEMPLATES, "alerts.yml.j2"),
        dest="/etc/prometheus/alerts.yml",
        user="root",
        group="root",
        mode="644",
        _sudo=True,
    )

    systemd.service(
        name="Restart the exporter when its defaults changed",
        service="prometheus-node-exporter",
        running=True,
        restarted=True,
        _if=defaults.did_change,
        _sudo=True,
    )
