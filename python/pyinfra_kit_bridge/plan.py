"""A structured dry run: per host and operation, whether it would change and what it would run."""

from __future__ import annotations

from typing import Any

import pyinfra
from pyinfra.api.command import FileUploadCommand
from pyinfra.api.host import Host

from .describe import (
    change_state,
    describe_arguments,
    describe_command,
    operation_function,
    operation_name,
    upload_diff,
)
from .session import Session, describe_exception, open_session

PLAN_SCHEMA_VERSION = 1


def describe_operation(session: Session, host: Host, op_hash: str, order: int,
                       with_diff: bool) -> dict[str, Any]:
    """Describe one operation on one host, in the shape documented in docs/plan-json.md."""
    state = session.state
    secrets = session.secrets
    op_meta = state.get_op_meta(op_hash)
    op_data = state.get_op_data_for_host(host, op_hash)
    function, args, kwargs = operation_function(op_data)
    arguments = describe_arguments(function, args, kwargs, secrets) if function else {}

    change = change_state(state, host, op_hash)
    listing = state.finish_listing(host, op_hash) if change != "no" else None
    commands: list[dict[str, str]] = []
    diffs: list[str] = []
    error = None
    if listing is not None:
        for command in listing.commands:
            commands.append(describe_command(command, secrets, state.cwd))
            if with_diff and isinstance(command, FileUploadCommand):
                missing = command.dest in listing.missing_paths
                diff = upload_diff(state, host, command, op_data.global_arguments, secrets, missing)
                if diff:
                    diffs.append(diff)
        if listing.error is not None:
            error = describe_exception(listing.error, state.cwd or "")
            # Listing every command reads facts that pyinfra's change detection, which
            # stops at the first command, never reads. When one fails, pyinfra fails the
            # host and logs the reason, which is more useful than `No hosts remaining!`.
            if listing.logged:
                error = secrets.scrub("; ".join(listing.logged))
                _fail_host(session, host, f"operation {order} would fail: {error}")

    return {
        "order": order,
        "hash": op_hash,
        "name": secrets.scrub(sorted(op_meta.names)[0]) if op_meta.names else None,
        "operation": operation_name(function),
        "arguments": arguments,
        "idempotent": bool(getattr(function, "is_idempotent", True)),
        "idempotent_notice": getattr(function, "idempotent_notice", None),
        "change": change,
        "conditional": bool(op_data.global_arguments.get("_if")),
        "commands": commands,
        "diff": "".join(diffs) or None,
        "error": error,
    }


def _fail_host(session: Session, host: Host, error: str) -> None:
    outcome = session.outcomes[host.name]
    if outcome.status == "ok":
        outcome.status = "error"
        outcome.error = error


def describe_host(session: Session, host: Host, op_order: list[str], with_diff: bool) -> dict:
    outcome = session.outcomes[host.name]
    host_ops = session.state.ops.get(host, {})
    operations = [
        describe_operation(session, host, op_hash, index + 1, with_diff)
        for index, op_hash in enumerate(op_order)
        if op_hash in host_ops
    ]
    summary = {"operations": len(operations), "change": 0, "no_change": 0, "unknown": 0}
    for operation in operations:
        key = {"yes": "change", "no": "no_change"}.get(operation["change"], "unknown")
        summary[key] += 1
    error = session.secrets.scrub(outcome.error) if outcome.error else None
    # A failed fact's log lines make up the error; they are not repeated as warnings.
    warnings = [line for line in session.host_warnings(host) if not error or line not in error]
    return {
        "name": host.name,
        "status": outcome.status,
        "error": error,
        "warnings": warnings,
        "summary": summary,
        "operations": operations,
    }


def record_secret_arguments(session: Session, op_order: list[str]) -> None:
    """Record every secret-named argument first, so that no earlier output leaks a later one."""
    for host in session.hosts:
        host_ops = session.state.ops.get(host, {})
        for op_hash in op_order:
            if op_hash in host_ops:
                function, args, kwargs = operation_function(host_ops[op_hash])
                if function:
                    describe_arguments(function, args, kwargs, session.secrets)


def plan(params: dict[str, Any]) -> dict[str, Any]:
    """Run pyinfra's change detection for a deploy and describe every host's operations."""
    session = open_session(params)
    try:
        op_order = session.state.get_op_order()
        record_secret_arguments(session, op_order)
        with_diff = params.get("diff", True)
        hosts = [describe_host(session, host, op_order, with_diff) for host in session.hosts]
        return {
            "version": PLAN_SCHEMA_VERSION,
            "pyinfra_version": pyinfra.__version__,
            "hosts": hosts,
            "warnings": [session.secrets.scrub(line) for line in session.warnings],
        }
    finally:
        session.close()
