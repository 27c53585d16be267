"""A deploy carried over from pyinfra 1.x and never migrated."""

from pyinfra.api import deploy
from pyinfra.facts.server import LinuxNmae
from pyinfra.operations import apt, files, server

apt.update(name="Refresh the package lists", sudo=True)


@deploy
def install_tools(state, host):
    if host.fact.linux_name == "Debian":
        apt.packages(name="Install tools", packages=["htop", "jq"], sudo=True, state=state, host=host)

    server.user(name="Create the deploy user", user="deploy", shell="/bin/bash", sudo=True)
    files.directory(name="Create the tools folder", path="/opt/tools", usr="root", _sudo=True)
    files.link(name="Link jq", target="/usr/bin/jq", _sudo=True)
    server.shel(name="Show the kernel", commands=["uname -a"])
    host.get_fact(LinuxNmae)
