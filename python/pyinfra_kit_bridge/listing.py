"""A pyinfra state that lists every command of an operation in the pass that decides change."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from pyinfra.api import State
from pyinfra.api.command import PyinfraCommand
from pyinfra.api.host import Host
from pyinfra.api.state import StateOperationHostData


@dataclass
class CommandListing:
    """The commands an operation would run on one host, listed when the deploy called it."""

    commands: list[PyinfraCommand] = field(default_factory=list)
    # An exception raised after the first command: pyinfra's own check, which
    # stops at the first command, would not have seen it.
    error: Exception | None = None
    # The host's warning and error log lines written while listing, which explain `error`.
    logged: list[str] = field(default_factory=list)


class ListingState(State):
    """A State whose change detection keeps every command instead of only the first.

    pyinfra decides whether an operation would change (`pyinfra.api.operation`,
    under `state.should_check_for_changes()`) by running the operation's command
    generator when the deploy calls the operation, and stopping at the first
    command. pyinfra 3.10 caches no facts, so listing the commands with a second
    run of the generator would read every fact twice. This state turns that check
    off and runs the generator once, to the end, at the moment pyinfra stores the
    operation for the host, which is right after the check would have run.
    """

    def __init__(self) -> None:
        super().__init__(check_for_changes=True)
        self.listings: dict[tuple[str, str], CommandListing] = {}
        # Set by the session: the warning and error lines logged so far for a host.
        self.host_log: Callable[[Host], list[str]] = lambda host: []

    def should_check_for_changes(self) -> bool:
        return False

    def set_op_data_for_host(self, host: Host, op_hash: str,
                             op_data: StateOperationHostData) -> None:
        super().set_op_data_for_host(host, op_hash, op_data)
        if self.is_executing:  # pyinfra runs an operation added during execution at once
            return
        host_meta = self.get_meta_for_host(host)
        try:
            listing = self._list_commands(host, op_data)
        except Exception:
            # Raised before the first command: pyinfra's check raises this too, from
            # the operation call and before it stores the operation for the host.
            del self.ops[host][op_hash]
            host_meta.ops -= 1
            host_meta.ops_no_change -= 1
            raise
        self.listings[(host.name, op_hash)] = listing
        op_data.operation_meta._maybe_is_change = bool(listing.commands)
        if listing.commands:
            # pyinfra counted the operation as "no change" because its check was off.
            host_meta.ops_no_change -= 1
            host_meta.ops_change += 1

    def failed_listing(self, host: Host) -> bool:
        """Return True when listing the commands of one of the host's operations raised."""
        return any(name == host.name and listing.error is not None
                   for (name, _), listing in self.listings.items())

    def _list_commands(self, host: Host, op_data: StateOperationHostData) -> CommandListing:
        listing = CommandListing()
        logged_before = len(self.host_log(host))
        # pyinfra calls this from the operation, inside the host's context. `host` may
        # be the context proxy itself, so the context is not entered again here.
        try:
            for command in op_data.command_generator():
                listing.commands.append(command)
        except Exception as error:  # the operation's own code, or a fact, raised
            if not listing.commands:
                raise
            listing.error = error
            listing.logged = self.host_log(host)[logged_before:]
        return listing
