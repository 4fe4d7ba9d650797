"""The command palette, with two Textual races guarded (catalogue K86).

Pressing PageUp or PageDown right after ctrl+p, before the palette has laid out its list
of commands, made Textual's OptionList look up a line it had not computed yet: KeyError,
and the whole app stopped. Until the list is laid out such a key has nothing to move, so
it is ignored.

Typing into the palette and closing it at once (enter, escape) left its search worker
looking for the list of a palette already taken down: NoMatches, and the whole app stopped.
A search whose palette has gone has nobody to show its results to, so it ends quietly.
"""

from __future__ import annotations

from textual import work
from textual.command import CommandPalette
from textual.css.query import NoMatches


class JournalCommandPalette(CommandPalette):
    """Textual's palette; keys that arrive before its list is ready do nothing."""

    def _action_command_list(self, action: str) -> None:
        try:
            super()._action_command_list(action)
        except (KeyError, IndexError):  # the list exists but is not laid out yet
            pass

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def _gather_commands(self, search_value: str) -> None:
        gather = CommandPalette._gather_commands.__wrapped__  # type: ignore[attr-defined]  # the undecorated search
        try:
            await gather(self, search_value)
        except NoMatches:
            if self.is_attached and self.app.screen is self:  # still showing: a real fault
                raise
