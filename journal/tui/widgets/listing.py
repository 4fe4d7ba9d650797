"""Listing: an OptionList whose cursor stops at the first and the last row.

Textual's OptionList wraps: down on the last row went to the first, so a key that acts on the
highlighted row (`g` makes a gap a goal) acted on a row the reader never chose (S543). Every
list of the app is a Listing (or a subclass); up and down, j and k stop at the ends.

It keeps the drawn lines of RENDERED rows, not OptionList's 2,048: a list scrolled through a
thousand entries held ~10 MB of them (issue 20's 150 MB at 100,000 entries).
"""

from __future__ import annotations

from typing import Any

from textual.cache import LRUCache
from textual.widgets import OptionList

RENDERED = 256
"""Rows whose drawn lines a list keeps (a few screens of them in each of its styles)."""


class Listing(OptionList):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # OptionList's own cache of drawn rows (a private attribute of Textual 8, pinned by a test)
        self._option_render_cache = LRUCache(maxsize=RENDERED)

    def action_cursor_down(self) -> None:
        """The next enabled row; none below: where it is."""
        self._step(1)

    def action_cursor_up(self) -> None:
        """The previous enabled row; none above: where it is."""
        self._step(-1)

    def action_first(self) -> None:
        """The first enabled row, and the rows above it in view (a day's heading: S572)."""
        super().action_first()
        self.call_after_refresh(self._top_into_view)

    def _top_into_view(self) -> None:
        """The rows above the first enabled one into view, if it is still the one highlighted (rows
        read in above it meanwhile would otherwise be scrolled to instead: S579)."""
        first = self._enabled(1)
        if first is not None and self.highlighted == first:
            self.scroll_home(animate=False)

    def _enabled(self, step: int) -> int | None:
        """The first enabled row (`step` 1) or the last (-1)."""
        indexes = range(self.option_count) if step > 0 else range(self.option_count - 1, -1, -1)
        return next((i for i in indexes if not self.get_option_at_index(i).disabled), None)

    def action_page_up(self) -> None:
        """A page up; from the first page, the first enabled row (OptionList's page up landed on
        a heading there and left no row highlighted, so the next page up went to the top: S577)."""
        at = self.highlighted
        super().action_page_up()
        if self.highlighted is None and at is not None:
            self.action_first()

    def action_page_down(self) -> None:
        """A page down; from the last page, the last enabled row."""
        at = self.highlighted
        super().action_page_down()
        if self.highlighted is None and at is not None:
            self.action_last()

    def _step(self, direction: int) -> None:
        at = self.highlighted
        index = (0 if direction > 0 else self.option_count - 1) if at is None else at + direction
        while 0 <= index < self.option_count:
            if not self.get_option_at_index(index).disabled:
                self.highlighted = index
                return
            index += direction
        if direction < 0:  # up from the first enabled row: what is above it (a heading) comes into view
            self.scroll_home(animate=False)
