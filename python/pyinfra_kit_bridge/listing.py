"""A pyinfra state that keeps each operation's command generator from the pass that decides change."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from pyinfra.api import State
from pyinfra.api.command import PyinfraCommand
from pyinfra.api.exceptions import PyinfraError
from pyinfra.api.host import Host
from pyinfra.api.state import StateOperationHostData
from pyinfra.context import ctx_host, ctx_state
from pyinfra.facts.files import File

# The host attributes that pyinfra's command generator sets while it runs and
# resets when it ends (`command_generator` in pyinfra.api.operation).
OPERATION_ATTRIBUTES = ("in_op", "current_op_hash", "current_op_global_arguments",
                        "current_op_deploy_data")


def _read_attributes(host: Host) -> dict[str, Any]:
    return {name: getattr(host, name) for name in OPERATION_ATTRIBUTES}


def _write_attributes(host: Host, values: dict[str, Any]) -> None:
    for name, value in values.items():
        setattr(host, name, value)


@dataclass
class CommandListing:
    """The commands an operation would run on one host."""

    commands: list[PyinfraCommand] = field(default_factory=list)
    # An exception raised after the first command: pyinfra's own check, which
    # stops at the first command, would not have seen it.
    error: BaseException | None = None
    # The host's warning and error log lines written while listing, when a fact
    # failed there, which explain `error`.
    logged: list[str] = field(default_factory=list)
    # The command generator, suspended after the first command, and the host
    # attributes it had set; both None once it has run to the end.
    rest: Iterator[PyinfraCommand] | None = None
    attributes: dict[str, Any] | None = None
    # Paths that the operation's own `File` fact read found missing: an upload
    # there needs no read of the current content for its diff.
    missing_paths: set[str] = field(default_factory=set)


_END = object()


class ListingState(State):
    """A State that lists every command of an operation while reading each fact once.

    pyinfra decides whether an operation would change (`pyinfra.api.operation`,
    under `state.should_check_for_changes()`) by running the operation's command
    generator when the deploy calls the operation and stopping at the first
    command. pyinfra 3.10 caches no facts, so listing the commands with a second
    run of the generator would read every fact twice. This state turns that check
    off and makes the same first step itself, at the moment pyinfra stores the
    operation for the host, right after the check would have run. It keeps the
    generator suspended there, and `finish_listing` runs the rest after the deploy
    has loaded, so the code after an operation's first command cannot change how
    the deploy loads.
    """

    def __init__(self) -> None:
        super().__init__(check_for_changes=True)
        self.listings: dict[tuple[str, str], CommandListing] = {}
        # Set by the session: the warning and error lines logged so far for a host.
        self.host_log: Callable[[Host], list[str]] = lambda host: []
        # The listing that a host's fact reads are recorded into, while one runs.
        self.recording: dict[str, CommandListing] = {}

    def should_check_for_changes(self) -> bool:
        return False

    def set_op_data_for_host(self, host: Host, op_hash: str,
                             op_data: StateOperationHostData) -> None:
        super().set_op_data_for_host(host, op_hash, op_data)
        if self.is_executing:  # pyinfra runs an operation added during execution at once
            return
        host_meta = self.get_meta_for_host(host)
        before = _read_attributes(host)
        generator = op_data.command_generator()
        listing = CommandListing()
        recording_before = self.recording.get(host.name)
        self.recording[host.name] = listing
        try:
            first = next(generator, _END)
        except Exception:
            # pyinfra's check raises this too, from the operation call and before it
            # stores the operation for the host.
            del self.ops[host][op_hash]
            host_meta.ops -= 1
            host_meta.ops_no_change -= 1
            raise
        finally:
            self._record_into(host, recording_before)

        if first is not _END:
            listing.commands.append(first)
            listing.rest = generator
            listing.attributes = _read_attributes(host)
            # The rest of the deploy loads as if the generator had stopped here.
            _write_attributes(host, before)
            # pyinfra counted the operation as "no change" because its check was off.
            host_meta.ops_no_change -= 1
            host_meta.ops_change += 1
        self.listings[(host.name, op_hash)] = listing
        op_data.operation_meta._maybe_is_change = first is not _END

    def finish_listing(self, host: Host, op_hash: str) -> CommandListing | None:
        """Run an operation's suspended command generator to the end and return its listing."""
        listing = self.listings.get((host.name, op_hash))
        if listing is None or listing.rest is None:
            return listing
        generator, listing.rest = listing.rest, None
        failed_before = host in self.failed_hosts
        logged_before = len(self.host_log(host))
        before = _read_attributes(host)
        _write_attributes(host, listing.attributes or {})
        recording_before = self.recording.get(host.name)
        self.recording[host.name] = listing
        try:
            with ctx_state.use(self), ctx_host.use(host):
                for command in generator:
                    listing.commands.append(command)
        except (Exception, SystemExit) as error:  # the operation's own code, or a fact, raised
            listing.error = error
            # A failing fact fails the host and logs why; pyinfra then raises a bare
            # `No hosts remaining!` (a PyinfraError) when no other host is left.
            failed_now = not failed_before and host in self.failed_hosts
            if failed_now or isinstance(error, PyinfraError):
                listing.logged = self.host_log(host)[logged_before:]
        finally:
            self._record_into(host, recording_before)
            _write_attributes(host, before)
        return listing

    def _record_into(self, host: Host, listing: CommandListing | None) -> None:
        """Record the host's fact reads into `listing` from now on, or nowhere for None.

        Each listing puts back the one it replaced, so a listing that starts while
        another runs for the same host cannot end the other's recording.
        """
        if listing is None:
            self.recording.pop(host.name, None)
        else:
            self.recording[host.name] = listing


_host_get_fact = Host.get_fact


def _recording_get_fact(self: Host, name_or_cls: Any, *args: Any, **kwargs: Any) -> Any:
    """`Host.get_fact` that also notes, during a listing, the paths `File` found missing."""
    value = _host_get_fact(self, name_or_cls, *args, **kwargs)
    state = self.state
    if value is None and name_or_cls is File and isinstance(state, ListingState):
        listing = state.recording.get(self.name)
        path = kwargs.get("path", args[0] if args else None)
        if listing is not None and isinstance(path, str):
            listing.missing_paths.add(path)
    return value


# pyinfra has no hook for fact results, so the bridge wraps the method that
# operations call. Outside a listing the wrapper only passes the call on.
Host.get_fact = _recording_get_fact
