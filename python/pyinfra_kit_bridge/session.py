"""Prepare a pyinfra run the way the pyinfra CLI does, keeping each host's errors as results.

The steps follow `pyinfra_cli.cli._main` for deploy files and `module.function`
references: config.py, inventory, `--data` overrides, `--limit`, connect, then
load the deploy on every host in parallel. Where the CLI stops the whole run on
the first host that fails to connect or load, a session records the error for
that host and carries on with the others.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import traceback
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any, Callable

import gevent

import pyinfra
from pyinfra.api import Config, Inventory, State
from pyinfra.api.exceptions import NoGroupError
from pyinfra.api.host import Host
from pyinfra.api.state import StateStage
from pyinfra.context import ctx_config, ctx_host, ctx_inventory, ctx_state
from pyinfra_cli.exceptions import UnexpectedExternalError
from pyinfra_cli.inventory import make_inventory
from pyinfra_cli.util import exec_file, parse_cli_arg, try_import_module_attribute

from .listing import ListingState
from .redaction import SecretValues, wrap_secret_helper

HOST_PREFIX = re.compile(r"^\[[^\]]*\]\s*")
BRIDGE_FOLDER = os.path.dirname(os.path.abspath(__file__)) + os.sep
OPERATION_MODULE = os.path.join("pyinfra", "api", "operation.py")


class SessionError(Exception):
    """A problem with the request itself (missing deploy, empty inventory), not with a host."""


@dataclass
class HostOutcome:
    status: str = "ok"  # "ok", "connect-error" or "error"
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


class _HostLogCapture(logging.Handler):
    """Collects pyinfra's warnings and errors by the host whose context logged them."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.by_host: dict[str, list[str]] = {}
        self.general: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = HOST_PREFIX.sub("", record.getMessage()).strip()
        except Exception:  # a record whose arguments do not format; keep the raw text
            message = str(record.msg)
        if not message:
            return
        if ctx_host.isset():
            host = ctx_host.get()
            if host is not None:
                self.by_host.setdefault(host.name, []).append(message)
                return
        self.general.append(message)


@dataclass
class Session:
    state: ListingState
    hosts: list[Host]
    outcomes: dict[str, HostOutcome]
    secrets: SecretValues
    warnings: list[str]
    capture: _HostLogCapture

    def host_warnings(self, host: Host) -> list[str]:
        return [self.secrets.scrub(line) for line in self.capture.by_host.get(host.name, [])]

    def close(self) -> None:
        """Disconnect every host that connected and stop collecting pyinfra's log."""
        for host in list(self.state.activated_hosts):
            try:
                host.disconnect()
            except Exception as error:  # a failed disconnect must not hide the result
                self.warnings.append(f"{host.name}: disconnect failed: {error}")
        logging.getLogger("pyinfra").removeHandler(self.capture)


def _bound_operation_name(error: BaseException) -> str | None:
    """Return the operation whose arguments failed `inspect.Signature.bind`, or None.

    Without its change check, pyinfra validates an operation's arguments with
    `Signature.bind` (pyinfra.api.operation), whose TypeError leaves out the
    function name that the same error from a call has.
    """
    if not isinstance(error, TypeError):
        return None
    frames = []
    tb = error.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    if not frames or os.path.basename(frames[-1].f_code.co_filename) != "inspect.py":
        return None
    for frame in reversed(frames):
        function = frame.f_locals.get("func")
        if frame.f_code.co_filename.endswith(OPERATION_MODULE) and callable(function):
            return getattr(function, "__name__", None)
    return None


def describe_exception(error: BaseException, cwd: str) -> str:
    """Format an exception as `Type: message (file:line)`, naming the user's frame."""
    if isinstance(error, UnexpectedExternalError):
        error = error.exception
    operation = _bound_operation_name(error)
    message = f"{operation}() {error}" if operation else str(error)
    text = f"{type(error).__name__}: {message}"
    frames = traceback.extract_tb(error.__traceback__)
    for frame in reversed(frames):
        # The helper's own frames sit under the project too when pyinfra-kit is
        # installed in its node_modules.
        if frame.filename.startswith(BRIDGE_FOLDER):
            continue
        if frame.filename.startswith(cwd) and "site-packages" not in frame.filename:
            location = os.path.relpath(frame.filename, cwd)
            return f"{text} ({location}:{frame.lineno})"
    return text


def _make_inventory(params: dict[str, Any], cwd: str, override_data: dict[str, Any]) -> Inventory:
    hosts = params.get("hosts")
    if hosts is not None:
        names = [(name, data or {}) for name, data in hosts]
        return Inventory((names, {}), override_data=override_data)
    spec = params.get("inventory")
    if not spec:
        raise SessionError("no inventory given")
    return make_inventory(spec, cwd=cwd, override_data=override_data)


def _limit_hosts(inventory: Inventory, patterns: list[str]) -> list[Host] | None:
    if not patterns:
        return None
    selected: list[Host] = []
    for pattern in patterns:
        try:
            matches = list(inventory.get_group(pattern))
        except NoGroupError:
            matches = [host for host in inventory if fnmatch(host.name, pattern)]
        if not matches:
            known = ", ".join(host.name for host in inventory)
            raise SessionError(f"--limit {pattern} matches no host or group; hosts: {known}")
        selected.extend(host for host in matches if host not in selected)
    return selected


def _deploy_loader(deploy: dict[str, Any], state: State) -> Callable[[], Any]:
    kind = deploy.get("kind")
    if kind == "file":
        path = deploy["path"]
        if not Path(path).is_file():
            raise SessionError(f"deploy file not found: {path}")
        state.current_deploy_filename = path
        return lambda: exec_file(path)
    if kind == "function":
        reference = deploy["reference"]
        try:
            function = try_import_module_attribute(reference)
        except Exception as error:
            raise SessionError(f"cannot load deploy function {reference}: {error}") from error
        if function is None or not callable(function):
            raise SessionError(f"{reference} is not a function")
        arguments = {key: parse_cli_arg(value) for key, value in deploy.get("arguments", {}).items()}
        return lambda: function(**arguments)
    raise SessionError(f"unknown deploy kind {kind!r}; expected file or function")


def _connect(state: State, hosts: list[Host], outcomes: dict[str, HostOutcome]) -> None:
    def connect(host: Host) -> BaseException | None:
        try:
            host.connect(show_errors=False, raise_exceptions=True)
        except Exception as error:  # a connector may raise more than ConnectError
            return error
        return None

    greenlets = {state.pool.spawn(connect, host): host for host in hosts}
    gevent.joinall(list(greenlets))
    for greenlet, host in greenlets.items():
        error = greenlet.value
        if error is None and host.connected:
            state.activate_host(host)
            continue
        message = str(error.args[0]) if error and error.args else str(error or "not connected")
        outcomes[host.name] = HostOutcome(status="connect-error", error=message)
        state.failed_hosts.add(host)


def _load(state: State, hosts: list[Host], loader: Callable[[], Any], cwd: str,
          outcomes: dict[str, HostOutcome], capture: _HostLogCapture) -> None:
    def load(host: Host) -> BaseException | None:
        try:
            with ctx_config.use(state.config.copy()):
                with ctx_host.use(host):
                    loader()
        except (Exception, SystemExit) as error:  # deploy code is user code and may raise anything
            return error
        return None

    greenlets = {state.pool.spawn(load, host): host for host in hosts}
    gevent.joinall(list(greenlets))
    for greenlet, host in greenlets.items():
        error = greenlet.value
        logged = capture.by_host.get(host.name, [])
        if host in state.failed_hosts and logged:
            # pyinfra failed the host because a fact command failed, and logged the
            # reason. A `No hosts remaining!` raised after that carries less detail.
            outcomes[host.name] = HostOutcome(status="error", error="; ".join(logged))
        elif error is not None:
            outcomes[host.name] = HostOutcome(status="error", error=describe_exception(error, cwd))
        elif host in state.failed_hosts:
            outcomes[host.name] = HostOutcome(status="error", error="pyinfra marked the host as failed")
        else:
            continue
        state.failed_hosts.add(host)
        state.active_hosts.discard(host)


def enter_project(folder: str, state: State | None = None) -> tuple[str, State, Config]:
    """Make the project folder the working directory and set a fresh pyinfra state (or
    `state`) and config in context, as the pyinfra CLI does before it reads config.py or
    an inventory."""
    cwd = str(Path(folder).resolve())
    os.environ["PYINFRA_PROGRESS"] = "off"
    pyinfra.is_cli = True
    os.chdir(cwd)
    if cwd not in sys.path:
        sys.path.insert(0, cwd)
    state = state or State()
    state.cwd = cwd
    ctx_state.set(state)
    config = Config()
    ctx_config.set(config)
    return cwd, state, config


def open_session(params: dict[str, Any]) -> Session:
    """Load inventory and config, connect, and load the deploy on every host in the limit."""
    listing_state = ListingState()
    cwd, state, config = enter_project(params["cwd"], listing_state)
    capture = _HostLogCapture()
    logging.getLogger("pyinfra").addHandler(capture)
    listing_state.host_log = lambda host: capture.by_host.get(host.name, [])

    config_file = Path(cwd) / params.get("config_file", "config.py")
    if config_file.is_file():
        exec_file(str(config_file))
    config.lock_current_state()

    override_data = {key: parse_cli_arg(value) for key, value in params.get("data", {}).items()}
    inventory = _make_inventory(params, cwd, override_data)
    ctx_inventory.set(inventory)
    if len(inventory) == 0:
        raise SessionError(f"the inventory {params.get('inventory')!r} has no hosts")
    limit = _limit_hosts(inventory, params.get("limit") or [])
    state.init(inventory, config, initial_limit=limit)

    secrets = SecretValues()
    warnings: list[str] = []
    helper_note = wrap_secret_helper(params.get("secret_helper", ""), secrets)
    if helper_note:
        warnings.append(helper_note)

    hosts = [host for host in inventory if state.is_host_in_limit(host)]
    for host in hosts:
        secrets.record_secret_arguments(host.data.dict())
    outcomes: dict[str, HostOutcome] = {host.name: HostOutcome() for host in hosts}
    session = Session(state, hosts, outcomes, secrets, warnings, capture)

    loader = _deploy_loader(params["deploy"], state)
    state.set_stage(StateStage.Connect)
    _connect(state, hosts, outcomes)
    state.set_stage(StateStage.Prepare)
    connected = [host for host in hosts if outcomes[host.name].status == "ok"]
    state.current_op_file_number = 0
    config.lock_current_state()
    _load(state, connected, loader, cwd, outcomes, capture)
    config.reset_locked_state()
    warnings.extend(capture.general)
    return session
