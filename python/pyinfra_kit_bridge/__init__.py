"""Helper process that answers pyinfra-kit's questions from the installed pyinfra."""

PROTOCOL_VERSION = 1
