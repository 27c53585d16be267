"""Keep secret values out of plan and verify output.

A value is secret when the project's secret helper returned it while the deploy
loaded, or when an argument or a host data key whose name suggests a secret
(`password`, `db_token`, `_sudo_password` ...) holds it. Recorded values are
replaced wherever they appear: arguments, commands, diffs and command output.
In free text, the value after a secret-named key (`password=...`) is replaced too.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

from pyinfra.api.hiddenvalue import HiddenValue

REDACTED = "***"

# Matches `password`, `db_pass`, `passphrase`, `api_token`, `secret_key`, `auth_token`,
# but not `passenger_root` or `authorized_key_directory`.
SECRET_NAME = re.compile(
    r"passw(or)?d|passphrase|(^|_)pass($|_)|secret|token|api_?key|private_?key|credential"
    r"|auth_?(token|key)\b",
    re.IGNORECASE,
)

# `password=...`, `api_token: ...` and the like inside free text (a `files.line`
# replace value, a shell command): the value after a secret-named key.
SECRET_ASSIGNMENT = re.compile(
    r"(?P<key>\b[\w.-]*(?:pass(?:word|wd|phrase)|secret|token|api_?key)[\w.-]*\s*[=:]\s*)"
    r"(?P<value>[^\s'\"]+)",
    re.IGNORECASE,
)

# NOTE: a secret shorter than this is redacted only where a whole argument equals
# it. Replacing strings of one to three characters inside free text would mangle
# every command and diff.
MIN_SCRUB_LENGTH = 4


def is_secret_name(name: str) -> bool:
    return bool(SECRET_NAME.search(name))


class SecretValues:
    """The secret values seen so far, and the means to remove them from text."""

    def __init__(self) -> None:
        self.values: set[str] = set()

    def add(self, value: Any) -> None:
        if isinstance(value, HiddenValue):
            value = value.unmask()
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            text = str(value)
            if text:
                self.values.add(text)

    def is_secret(self, value: Any) -> bool:
        if isinstance(value, HiddenValue):
            return True
        return isinstance(value, str) and value in self.values

    def scrub(self, text: str) -> str:
        """Replace every recorded secret value inside `text`, longest first, then the
        values of `key=value` pairs whose key suggests a secret."""
        for value in sorted(self.values, key=len, reverse=True):
            if len(value) >= MIN_SCRUB_LENGTH and value in text:
                text = text.replace(value, REDACTED)
        return SECRET_ASSIGNMENT.sub(_redact_assignment, text)

    def record_secret_arguments(self, arguments: dict[str, Any]) -> None:
        """Record the values of arguments whose names suggest a secret."""
        for name, value in arguments.items():
            if is_secret_name(name):
                self._add_nested(value)
            elif isinstance(value, dict):
                self.record_secret_arguments({str(key): item for key, item in value.items()})

    def _add_nested(self, value: Any) -> None:
        if isinstance(value, dict):
            for item in value.values():
                self._add_nested(item)
        elif isinstance(value, (list, tuple, set)):
            for item in value:
                self._add_nested(item)
        else:
            self.add(value)


def _redact_assignment(match: re.Match[str]) -> str:
    if match.group("value") == REDACTED:
        return match.group(0)
    return match.group("key") + REDACTED


def wrap_secret_helper(dotted_name: str, secrets: SecretValues) -> str | None:
    """Wrap the secret helper so that every value it returns is recorded.

    Returns a note when the helper cannot be wrapped, or None when it is wrapped
    or the project has no such module. The wrap must happen before the deploy
    imports the helper, so that `from deploys.util.secret import get_secret`
    binds the wrapped function.
    """
    module_name, _, function_name = dotted_name.rpartition(".")
    if not module_name:
        return f"secret helper {dotted_name!r} is not a dotted name like module.function"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name and module_name.startswith(error.name):
            return None
        return f"secret helper module {module_name} failed to import: {error}"
    except Exception as error:  # the helper module is user code and may raise anything
        return f"secret helper module {module_name} failed to import: {error!r}"

    helper = getattr(module, function_name, None)
    if helper is None or not callable(helper):
        return f"secret helper {dotted_name} is not a function"
    if getattr(helper, "__pyinfra_kit_wrapped__", False):
        return None

    def recording_helper(*args: Any, **kwargs: Any) -> Any:
        value = helper(*args, **kwargs)
        secrets.add(value)
        return value

    recording_helper.__pyinfra_kit_wrapped__ = True  # type: ignore[attr-defined]
    recording_helper.__wrapped__ = helper  # type: ignore[attr-defined]
    setattr(module, function_name, recording_helper)
    return None
