"""KeysFooter: Textual's Footer, rebuilt only when the keys it shows change.

Textual's Footer composes its key widgets anew on every "bindings updated" signal: each
focus change, each `refresh_bindings()`, each screen resume. Most of them change nothing it
shows, and each rebuild mounts and styles a dozen widgets: eleven rebuilds stood between the
start and the home screen's first painted list. This one compares what it would show (key,
its display, description, enabled, tooltip) with what it shows and rebuilds only on a change.
The order is no change: Textual lists the focused control's chain first, so tabbing through a
form reshuffled the same keys (and rebuilt the footer) at every step; they now stay in place.

Keys that do not fit on one line take a second (and at 50 columns a third or fourth, compact): at 80 columns
the goal, mentorship, preparing, shortlist, retrospective and compose screens had their last
keys (Close…, Work plan, Reflect, Template, Help) cut off the edge, out of sight.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from rich.cells import cell_len
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeysFooter(Footer):
    """The footer of every screen: the screen's keys, rebuilt only when they change."""

    def __init__(self, *, covers: int = 1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._shown: tuple[object, ...] | None = None
        self.covers = covers
        """The fewest rows it takes: a modal's footer covers the whole footer of the screen below."""

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
            self._fit()
            self.call_after_refresh(self._fit)  # again once laid out: the palette key's width is known then

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """The fewest rows (up to four, from two on in Textual's compact style) in which the
        keys fit beside the palette's key: a grid whose columns are as wide as their widest key,
        keys in their order row by row."""
        if not self.size.width:  # not laid out yet: again after the refresh (`_recompose_if_changed`)
            return
        keys = [key for key in self.query_children(FooterKey) if not key.has_class("-command-palette")]
        palette = sum(key.outer_size.width or _width(key, False) + 2  # its border and padding, once laid out
                      for key in self.query_children(FooterKey) if key not in keys)
        room = self.size.width - palette
        for rows, compact in ((1, False), (2, False), (2, True), (3, True), (4, True)):
            columns = max(-(-len(keys) // rows), 1)
            widths = [_width(key, compact) for key in keys]
            grid = sum(max(widths[column::columns]) for column in range(min(columns, len(widths))))
            if grid <= room:
                break
        self.compact = compact
        self.styles.grid_size_columns = columns
        self.set_class(rows > 1, "-rows")
        height = max(rows, self.covers)
        self.styles.height = height
        for rack in self.screen.query_children("#textual-toastrack"):  # toasts above the keys, not on them (S472)
            rack.styles.margin = (0, 0, height, 0)


def _width(key: FooterKey, compact: bool) -> int:
    """The cells `key` takes (FooterKey's paddings; compact: none around the key, a margin after)."""
    described = cell_len(key.description) + 1 if key.description else 0
    return cell_len(key.key_display) + (1 if compact else 2) + described
