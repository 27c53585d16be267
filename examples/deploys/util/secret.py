"""Secrets for deploys, read from the environment of the machine running pyinfra."""

import os


def get_secret(name: str) -> str:
    """Return the secret called `name` from the `SECRET_<NAME>` environment variable."""
    variable = f"SECRET_{name.upper()}"
    try:
        return os.environ[variable]
    except KeyError:
        raise RuntimeError(f"secret {name!r} is not set; export {variable}") from None
