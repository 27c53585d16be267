"""Describe the operations pyinfra prepared for a host: what they are and what they would run."""

from __future__ import annotations

import difflib
import inspect
import os
from io import IOBase, StringIO
from types import FunctionType
from typing import Any

from pyinfra.api.command import (
    FileDownloadCommand,
    FileUploadCommand,
    FunctionCommand,
    PyinfraCommand,
    RsyncCommand,
    StringCommand,
)
from pyinfra.api.hiddenvalue import HiddenValue
from pyinfra.api.host import Host
from pyinfra.api.state import State, StateOperationHostData
from pyinfra.context import ctx_host, ctx_state
from pyinfra.facts.files import FileContents

from .redaction import REDACTED, SecretValues, is_secret_name

# Diffs of files larger than this are left out: they would swamp the plan.
MAX_DIFF_BYTES = 1024 * 1024
MAX_VALUE_LENGTH = 500

# Global arguments copied onto the FileContents fact read for a diff, so that a
# file only root can read is read the way the operation would write it.
PRIVILEGE_ARGUMENTS = ("_sudo", "_sudo_user", "_su_user", "_doas", "_doas_user")


def operation_function(op_data: StateOperationHostData) -> tuple[Any, tuple, dict]:
    """Return the operation function and its arguments for one host.

    NOTE: pyinfra 3 keeps neither on the operation's state; both live in the
    closure of the command generator that `@operation` builds (free variables
    `func`, `args` and `kwargs` in pyinfra.api.operation). When a later pyinfra
    renames them, this returns (None, (), {}) and the plan shows no arguments.
    """
    generator = op_data.command_generator
    names = generator.__code__.co_freevars
    cells = generator.__closure__ or ()
    values = {name: cell.cell_contents for name, cell in zip(names, cells)}
    function = values.get("func")
    args = values.get("args", ())
    kwargs = values.get("kwargs", {})
    if not callable(function):
        return None, (), {}
    return function, tuple(args), dict(kwargs)


def operation_name(function: Any) -> str | None:
    if function is None:
        return None
    module = (function.__module__ or "").rsplit(".", 1)[-1]
    return f"{module}.{function.__name__}" if module else function.__name__


def _json_value(value: Any, secrets: SecretValues, depth: int = 0) -> Any:
    if isinstance(value, HiddenValue) or secrets.is_secret(value):
        return REDACTED
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        text = secrets.scrub(value)
        return text if len(text) <= MAX_VALUE_LENGTH else text[:MAX_VALUE_LENGTH] + "..."
    if depth > 4:
        return "..."
    if isinstance(value, dict):
        return {
            str(key): REDACTED if is_secret_name(str(key)) else _json_value(item, secrets, depth + 1)
            for key, item in value.items()
        }
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        return [_json_value(item, secrets, depth + 1) for item in items]
    if isinstance(value, StringIO):
        return f"<in-memory file, {len(value.getvalue())} characters>"
    if isinstance(value, IOBase):
        return f"<file {getattr(value, 'name', '?')}>"
    if isinstance(value, FunctionType):
        return f"<function {value.__name__}>"
    if callable(value) and hasattr(value, "__name__"):
        return f"<callable {value.__name__}>"
    return secrets.scrub(repr(value))[:MAX_VALUE_LENGTH]


def describe_arguments(function: Any, args: tuple, kwargs: dict, secrets: SecretValues) -> dict:
    """Name every argument (positional ones by the operation's signature) and redact secrets."""
    named: dict[str, Any] = {}
    try:
        bound = inspect.signature(function).bind_partial(*args, **kwargs)
        for name, value in bound.arguments.items():
            parameter = bound.signature.parameters[name]
            if parameter.kind is inspect.Parameter.VAR_KEYWORD:
                named.update(value)
            elif parameter.kind is inspect.Parameter.VAR_POSITIONAL:
                named[name] = list(value)
            else:
                named[name] = value
    except (TypeError, ValueError):
        named = {f"arg{index}": value for index, value in enumerate(args)}
        named.update(kwargs)
    secrets.record_secret_arguments(named)
    return {
        name: REDACTED if is_secret_name(name) else _json_value(value, secrets)
        for name, value in named.items()
    }


def _source_text(source: Any) -> str | None:
    """Read an upload's source as text, or None when it is binary, missing or too large."""
    try:
        if isinstance(source, StringIO):
            text = source.getvalue()
        elif hasattr(source, "read"):
            source.seek(0)
            data = source.read()
            source.seek(0)
            text = data.decode("utf-8") if isinstance(data, bytes) else data
        else:
            with open(source, "rb") as handle:
                data = handle.read(MAX_DIFF_BYTES + 1)
            text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if len(text) > MAX_DIFF_BYTES:
        return None
    return text


def describe_command(command: PyinfraCommand, secrets: SecretValues,
                     cwd: str | None = None) -> dict[str, str]:
    """A command as `{kind, text}`: `shell` text is the command pyinfra would run.

    Local upload sources under `cwd` are shown relative to it.
    """
    if isinstance(command, StringCommand):
        return {"kind": "shell", "text": secrets.scrub(str(command))}
    if isinstance(command, FileUploadCommand):
        source = command.src
        label = source if isinstance(source, str) else "generated content"
        if isinstance(source, str) and cwd and source.startswith(cwd.rstrip("/") + "/"):
            label = os.path.relpath(source, cwd)
        return {"kind": "upload", "text": secrets.scrub(f"upload {label} to {command.dest}")}
    if isinstance(command, FileDownloadCommand):
        target = command.dest if isinstance(command.dest, str) else "memory"
        return {"kind": "download", "text": secrets.scrub(f"download {command.src} to {target}")}
    if isinstance(command, FunctionCommand):
        name = getattr(command.function, "__name__", "function")
        return {"kind": "function", "text": f"call Python function {name}"}
    if isinstance(command, RsyncCommand):
        flags = " ".join(command.flags or [])
        return {"kind": "rsync", "text": secrets.scrub(f"rsync {flags} {command.src} {command.dest}")}
    return {"kind": "other", "text": secrets.scrub(repr(command))}


def upload_diff(state: State, host: Host, command: FileUploadCommand, global_arguments: dict,
                secrets: SecretValues, known_missing: bool = False) -> str | None:
    """A unified diff from the file on the host to the uploaded content, or None.

    The current content comes from pyinfra's FileContents fact, the same fact
    `files.put` and `files.template` read for `pyinfra --diff`. When the
    operation's own `File` fact found the destination missing (`known_missing`),
    the diff is from /dev/null without another read, as in `pyinfra --diff`.
    """
    desired = _source_text(command.src)
    if desired is None:
        return None
    current_lines = None
    if not known_missing:
        privileges = {key: global_arguments[key] for key in PRIVILEGE_ARGUMENTS
                      if global_arguments.get(key)}
        with ctx_state.use(state), ctx_host.use(host):
            current_lines = host.get_fact(
                FileContents, path=command.dest, _ignore_errors=True, **privileges
            )
    old = [line + "\n" for line in current_lines or []]
    if sum(len(line) for line in old) > MAX_DIFF_BYTES:
        return None
    new = desired.splitlines(keepends=True)
    source_name = command.dest if current_lines is not None else "/dev/null"
    lines = difflib.unified_diff(old, new, fromfile=source_name, tofile=command.dest)
    text = "".join(line if line.endswith("\n") else line + "\n" for line in lines)
    return secrets.scrub(text) if text else None


def change_state(state: State, host: Host, op_hash: str) -> str:
    """`yes`, `no` or `unknown`, the way pyinfra's own dry run reports a change."""
    op_data = state.get_op_data_for_host(host, op_hash)
    maybe_change = op_data.operation_meta._maybe_is_change
    if maybe_change is None:
        return "unknown"
    if not maybe_change:
        return "no"
    # An `_if` condition is evaluated only while the deploy runs.
    return "unknown" if op_data.global_arguments.get("_if") else "yes"
