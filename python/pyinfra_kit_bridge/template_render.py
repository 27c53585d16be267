"""Render a template with pyinfra's Jinja2 environment and a real pyinfra host, state and inventory."""

from __future__ import annotations

import io
import os
import traceback
from typing import Any

from jinja2 import ChainableUndefined, FileSystemLoader
from jinja2.exceptions import TemplateSyntaxError

from .templates import read_template, template_context_names

# The name of the single inventory host, which a rendered template gets as `host`.
RENDER_HOST_NAME = "render-host"

_TEMPLATE_SOURCE_NAME = "<template>"


def _read_host_data(paths: list[str]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Read group data files the way the pyinfra CLI does; returns the `all` data and the other groups."""
    from pyinfra.api import Config, Inventory, State
    from pyinfra.context import ctx_inventory, ctx_state
    from pyinfra_cli import util as cli_util
    from pyinfra_cli.inventory import _get_group_data

    # Group data files run with a state in context, as they do under the CLI.
    inventory = Inventory(([], {}))
    state = State(inventory, Config())
    all_data: dict[str, Any] = {}
    groups: dict[str, dict[str, Any]] = {}
    with ctx_state.use(state), ctx_inventory.use(inventory):
        for path in paths:
            # The CLI caches compiled files by name; a long-lived helper must see edits.
            cli_util.PYTHON_CODES.pop(path, None)
            for group, data in _get_group_data(path).items():
                target = all_data if group == "all" else groups.setdefault(group, {})
                target.update(data)
    return all_data, groups


def _context_objects(host_data_files: list[str]) -> dict[str, Any]:
    """Build a real inventory of one host that carries the host data, and its state."""
    from pyinfra.api import Config, Inventory, State

    all_data, groups = _read_host_data(host_data_files)
    inventory = Inventory(
        ([RENDER_HOST_NAME], all_data),
        **{group: ([RENDER_HOST_NAME], data) for group, data in groups.items()},
    )
    state = State(inventory, Config())
    return {"host": inventory.get_host(RENDER_HOST_NAME), "state": state, "inventory": inventory}


class _RecordingUndefined(ChainableUndefined):
    """Renders an undefined variable as an empty string and remembers its name."""

    seen: list[str] = []

    def __str__(self) -> str:
        if self._undefined_name and self._undefined_name not in _RecordingUndefined.seen:
            _RecordingUndefined.seen.append(self._undefined_name)
        return ""


def _error_line(error: BaseException, path: str) -> tuple[str, int | None]:
    """Find the template file and line where rendering failed in the traceback, as pyinfra does."""
    if isinstance(error, TemplateSyntaxError) and error.lineno:
        filename = error.filename if error.filename and error.filename != _TEMPLATE_SOURCE_NAME else path
        return filename, error.lineno
    found: tuple[str, int | None] = (path, None)
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename == _TEMPLATE_SOURCE_NAME:
            found = (path, frame.lineno)
        elif not frame.filename.endswith(".py") and os.path.isfile(frame.filename):
            # Jinja2 rewrites tracebacks so that template frames name the template file.
            found = (frame.filename, frame.lineno)
    return found


def render_template(params: dict[str, Any]) -> dict[str, Any]:
    """Handle `templates.render`: render one template file with the given data."""
    from pyinfra.api.util import get_template

    path = os.path.abspath(params["path"])
    working_directory = os.path.abspath(params["working_directory"])
    text, status = read_template(path)
    if status is not None:
        return {"error": {"path": path, "line": None, "message": status["message"]}}
    assert text is not None

    try:
        objects = _context_objects(list(params.get("host_data_files") or []))
    except Exception as error:  # noqa: BLE001 - the group data file is user code
        # The pyinfra CLI wraps errors of user files and keeps the original as `exception`.
        cause = getattr(error, "exception", error)
        where = getattr(error, "filename", None)
        message = f"cannot read host data: {type(cause).__name__}: {cause}"
        return {"error": {"path": where, "line": None, "message": message}}

    data = dict(params.get("data") or {})
    for name in template_context_names():
        if name in objects:
            data.setdefault(name, objects[name])

    _RecordingUndefined.seen = []
    try:
        template = get_template(io.StringIO(text), {"loader": FileSystemLoader(working_directory)})
        if not params.get("strict"):
            # Undefined values are resolved at render time, so this replaces pyinfra's StrictUndefined.
            template.environment.undefined = _RecordingUndefined
        output = template.render(data)
    except Exception as error:  # noqa: BLE001 - template code can raise anything
        error_path, line = _error_line(error, path)
        message = getattr(error, "message", None) or str(error)
        return {"error": {"path": error_path, "line": line, "message": f"{type(error).__name__}: {message}"}}
    return {"output": output, "undefined": list(_RecordingUndefined.seen)}
