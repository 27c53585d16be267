"""Apply a deploy to one disposable target, one operation per request.

A verify pass is three kinds of request to one helper process: `start` loads the
deploy for the single target host and returns the planned operations, `run`
executes one operation and returns what it did, `finish` disconnects. A fourth,
`inventory`, lists an inventory's hosts so that the caller can refuse them as
targets. Running
operation by operation lets the caller show progress and stop at the first
failure. The caller starts a new helper process for the second pass, so that
the deploy's modules load afresh, as in a second `pyinfra` invocation.
"""

from __future__ import annotations

from typing import Any

import pyinfra
from pyinfra.api.operations import run_host_op
from pyinfra.api.state import StateStage
from pyinfra.context import ctx_host, ctx_state
from pyinfra_cli.inventory import make_inventory

from .describe import describe_command
from .plan import describe_host, record_secret_arguments
from .session import Session, SessionError, enter_project, open_session

MAX_OUTPUT_LINES = 40

_session: Session | None = None
_warnings_sent = 0


def _start(params: dict[str, Any]) -> dict[str, Any]:
    global _session, _warnings_sent
    if _session is not None:
        raise SessionError("a verify pass is already running in this helper")
    session = open_session(params)
    if len(session.hosts) != 1:
        names = ", ".join(host.name for host in session.hosts)
        session.close()
        raise SessionError(f"verify needs exactly one target host, got {len(session.hosts)}: {names}")
    _session = session
    _warnings_sent = len(session.host_warnings(session.hosts[0]))
    op_order = session.state.get_op_order()
    record_secret_arguments(session, op_order)
    host = describe_host(session, session.hosts[0], op_order, with_diff=False)
    return {
        "pyinfra_version": pyinfra.__version__,
        "host": host,
        "warnings": [session.secrets.scrub(line) for line in session.warnings],
    }


def _run(params: dict[str, Any]) -> dict[str, Any]:
    global _warnings_sent
    session = _require_session()
    state = session.state
    host = session.hosts[0]
    op_hash = params["hash"]
    if op_hash not in state.ops.get(host, {}):
        raise SessionError(f"no operation {op_hash} for {host.name}")

    if state.current_stage < StateStage.Execute:
        state.set_stage(StateStage.Execute)
        state.is_executing = True

    with ctx_state.use(state), ctx_host.use(host):
        returned = run_host_op(state, host, op_hash)

    op_data = state.get_op_data_for_host(host, op_hash)
    meta = op_data.operation_meta
    # NOTE: pyinfra 3 exposes the executed commands only as `_commands`; its own
    # CLI reads the same private attributes of OperationMeta.
    commands = meta._commands or []
    output = meta._combined_output
    lines = [f"{line.buffer_name}: {line.line}" for line in output] if output else []
    success = meta.did_succeed(_raise_if_not_complete=False)
    warnings = session.host_warnings(host)
    new_warnings, _warnings_sent = warnings[_warnings_sent:], len(warnings)
    return {
        "hash": op_hash,
        "success": success,
        "ignored_error": bool(returned and not success),
        "changed": bool(success and commands),
        "commands": [
            describe_command(command, session.secrets, state.cwd) for command in commands
        ],
        "output": [session.secrets.scrub(line) for line in lines[-MAX_OUTPUT_LINES:]],
        "warnings": new_warnings,
    }


def _finish() -> dict[str, Any]:
    global _session
    session, _session = _session, None
    if session is not None:
        session.close()
    return {"closed": session is not None}


def _inventory_hosts(params: dict[str, Any]) -> dict[str, Any]:
    """Name every host of an inventory, with the address it connects to, without connecting."""
    cwd, _state, _config = enter_project(params["cwd"])
    inventory = make_inventory(params["inventory"], cwd=cwd)
    hosts = []
    for host in inventory:
        data = host.data.dict()
        address = data.get("ssh_hostname") or host.name
        hosts.append({"name": host.name, "address": str(address), "groups": list(host.groups)})
    return {"hosts": hosts}


def _require_session() -> Session:
    if _session is None:
        raise SessionError("no verify pass is running; send step `start` first")
    return _session


def verify_step(params: dict[str, Any]) -> dict[str, Any]:
    """Dispatch one verify request by its `step`: `start`, `run`, `finish` or `inventory`."""
    step = params.get("step")
    if step == "start":
        return _start(params)
    if step == "run":
        return _run(params)
    if step == "finish":
        return _finish()
    if step == "inventory":
        return _inventory_hosts(params)
    raise SessionError(f"unknown verify step {step!r}; expected start, run, finish or inventory")
