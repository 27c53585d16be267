"""A deploy saved half-way through an edit."""

from pyinfra.operations import apt


def install_broken() -> None:
    apt.packages(name="Install curl", packages=["curl"], _sudo=True
