"""Listing: an OptionList whose cursor stops at the first and the last row.

Textual's OptionList wraps: down on the last row went to the first, so a key that acts on the
highlighted row (`g` makes a gap a goal) acted on a row the reader never chose (S543). Every
list of the app is a Listing (or a subclass); up and down, j and k stop at the ends.
"""

from __future__ import annotations

from textual.widgets import OptionList


class Listing(OptionList):
    def action_cursor_down(self) -> None:
        """The next enabled row; none below: where it is."""
        self._step(1)

    def action_cursor_up(self) -> None:
        """The previous enabled row; none above: where it is."""
        self._step(-1)

    def action_first(self) -> None:
        """The first enabled row, and the rows above it in view (a day's heading: S572)."""
        super().action_first()
        self.call_after_refresh(self.scroll_home, animate=False)

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
