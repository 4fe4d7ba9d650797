"""PagedList: an OptionList laid out a page at a time, told when the reader nears its end."""

from __future__ import annotations

from journal.tui.widgets.listing import Listing


class PagedList(Listing):
    """Rows laid out a page at a time (thousands of rows at once held the screen's first paint):
    `near_end()` runs when the cursor comes within NEAR_END rows of the last row laid out, or
    the scroll within a screen of the bottom; the list or its screen then adds the next page."""

    NEAR_END = 10
    """Rows before the last laid out at which the next page is asked for."""

    def near_end(self) -> None:
        """The reader is near the last row laid out (called again as they move on)."""

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted is not None and highlighted >= self.option_count - self.NEAR_END:
            self.near_end()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if self.max_scroll_y and new >= self.max_scroll_y - self.size.height:
            self.near_end()
