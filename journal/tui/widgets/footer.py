"""KeysFooter: Textual's Footer, rebuilt only when the keys it shows change.

Textual's Footer composes its key widgets anew on every "bindings updated" signal: each
focus change, each `refresh_bindings()`, each screen resume. Most of them change nothing it
shows, and each rebuild mounts and styles a dozen widgets: eleven rebuilds stood between the
start and the home screen's first painted list. This one compares what it would show (key,
its display, description, enabled, tooltip) with what it shows and rebuilds only on a change.
The order is no change: Textual lists the focused control's chain first, so tabbing through a
form reshuffled the same keys (and rebuilt the footer) at every step; they now stay in place.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    """The footer of every screen: the screen's keys, rebuilt only when they change."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._shown: tuple[object, ...] | None = None

    def _keys(self) -> tuple[object, ...]:
        """What `compose` would show now."""
        app = self.app
        active = self.screen.active_bindings
        keys: list[object] = [
            (binding.key, app.get_key_display(binding), binding.description, binding.action, binding.group,
             enabled, tooltip)
            for (_, binding, enabled, tooltip) in active.values() if binding.show
        ]
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            keys.append(("palette", active.get(app.COMMAND_PALETTE_BINDING, (None, None, None, None))[1:]))
        return tuple(keys)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if not self.is_attached:
            return
        keys = self._keys()
        if self._shown is None or Counter(keys) != Counter(self._shown):
            self._shown = keys
            await self.recompose()
