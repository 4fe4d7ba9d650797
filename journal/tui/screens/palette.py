"""The command palette, with one Textual bug guarded (catalogue K86).

Pressing PageUp or PageDown right after ctrl+p, before the palette has laid out its list
of commands, made Textual's OptionList look up a line it had not computed yet: KeyError,
and the whole app stopped. Until the list is laid out such a key has nothing to move, so
it is ignored.
"""

from __future__ import annotations

from textual.command import CommandPalette


class JournalCommandPalette(CommandPalette):
    """Textual's palette; keys that arrive before its list is ready do nothing."""

    def _action_command_list(self, action: str) -> None:
        try:
            super()._action_command_list(action)
        except (KeyError, IndexError):  # the list exists but is not laid out yet
            pass
