"""DuePanel: what asks for attention today (`Journal.due()`), one selectable line each."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from journal.domain.model import Lens
from journal.domain.reflection import Due
from journal.tui.widgets.keep_place import place_of, restore
from journal.tui.widgets.paged_list import PagedList
from journal.tui.widgets.rows import LENS_STYLE, safe

MARKS = {
    "foresight": (Lens.FORESIGHT.symbol, LENS_STYLE[Lens.FORESIGHT]),
    "follow-up": ("↻", LENS_STYLE[Lens.HINDSIGHT]),
    "review": ("⚑", "#ffaf5f"),
    "target": ("◎", "#ffaf5f"),
    "milestone": ("◇", "#ffaf5f"),
    "quiet": ("…", "italic #ff8787"),
    "check-in": ("☉", "#87afaf"),
    "meeting": ("☉", "#87afaf"),
}
WORDS = {"foresight": "revisit", "follow-up": "follow up", "review": "review", "quiet": "quiet",
         "target": "target", "milestone": "milestone", "check-in": "check in", "meeting": "meeting"}


def due_line(item: Due) -> Text:
    """One item: mark, kind in words (reads without colour), title, how long it has waited."""
    mark, style = MARKS.get(item.kind, ("•", ""))
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{mark} ", style=style)
    line.append(f"{WORDS.get(item.kind, item.kind)}: ", style="dim")
    line.append(safe(item.title) or "(untitled)")
    if item.milestone:
        line.append(f" — {safe(item.goal)}", style="dim")
    if item.kind == "quiet":
        line.append(f"  {item.days} day{'' if item.days == 1 else 's'}", style="dim")
    elif item.days > 0:
        line.append(f"  {item.days}d", style="dim")
    else:
        line.append("  today", style="dim")
    return line


class DuePanel(PagedList):
    """Presentation only: the screen hands it `Due` items and reads `current` on select."""

    class Chosen(Message):
        """Enter (or a click) on an item."""

        def __init__(self, item: Due) -> None:
            super().__init__()
            self.item = item

    def __init__(self, *, id: str | None = None, classes: str | None = None, limit: int | None = None,
                 more_hint: str = "", page: int | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.items: list[Due] = []
        self._by_id: dict[str, Due] = {}
        self.limit = limit
        """At most this many rows (None: all), then one line saying how many more: a list is laid
        out row by row, and 3,900 items due on a large journal held the home screen's first paint."""
        self.more_hint = more_hint
        """Where the rest are (after "N more")."""
        self.page = page
        """Without a limit: lay out this many rows at first, and this many more each time the
        cursor or the scroll nears the end of those (None: every row at once), as the search
        screen does; shown again, at least as many rows as were laid out."""

    def show(self, items: list[Due], total: int | None = None) -> None:
        """Render these items (an empty list shows a quiet hint); `total` is how many are due when
        `items` are only the first of them (`Reflection.due(per_kind=…)`), for the "N more" line. Shown
        again, the highlight stays on the same item (ids name the item, not its place) and the
        scroll is kept."""
        place = place_of(self)
        laid_out = len(self.options) if self._by_id else 0
        self.items = list(items)
        self._by_id = {}
        for item in self.items:
            option_id = f"due-{item.kind}-{item.ref}"
            while option_id in self._by_id:  # the same thing due twice: still one row each
                option_id += "+"
            self._by_id[option_id] = item
        self.clear_options()
        if not self.items:
            self.add_option(Option(Text("Nothing due today.", style="dim"), disabled=True))
            return
        ids = list(self._by_id)
        if self.limit is not None:
            rows = self.limit
        elif self.page is not None:
            rows = max(self.page, laid_out)
            if place.highlighted in self._by_id and (at := ids.index(place.highlighted)) >= rows:
                rows = at + self.page  # the highlighted item moved down: still laid out, with rows after it
        else:
            rows = len(ids)
        options = [Option(due_line(self._by_id[option_id]), id=option_id) for option_id in ids[:rows]]
        if self.page is None or self.limit is not None:
            if more := (len(ids) if total is None else max(total, len(ids))) - len(options):
                options.append(Option(Text(f"… {more} more{self.more_hint}", style="dim"), disabled=True))
        self.add_options(options)
        restore(self, place)

    def _next_page(self, asked_at: int) -> None:
        """The cursor or the scroll neared the last of `asked_at` rows laid out: the next page
        (once per request: a second one made before it arrived is dropped)."""
        if self.page is None or self.limit is not None or not self._by_id:
            return
        laid_out = self.option_count
        if laid_out == asked_at < len(self._by_id):
            ids = list(self._by_id)[laid_out:laid_out + self.page]
            self.add_options([Option(due_line(self._by_id[option_id]), id=option_id) for option_id in ids])

    def near_end(self) -> None:
        if self.page is not None:
            self.call_later(self._next_page, self.option_count)

    def waiting(self) -> None:
        """A quiet "…" until the items arrive (the home screen reads them in the background)."""
        self._placeholder("…")

    def unreadable(self) -> None:
        """The items could not be read just now (the next reload tries again); shown even when
        the panel was hidden, so nothing due is silently missing."""
        self._placeholder("Could not be read just now.")

    def _placeholder(self, words: str) -> None:
        self.items, self._by_id = [], {}
        self.clear_options()
        self.add_option(Option(Text(words, style="dim"), disabled=True))
        self.display = True

    def item_of(self, option_id: str | None) -> Due | None:
        """The item behind an option id."""
        return self._by_id.get(option_id or "")

    def _on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()  # the screen's own lists never see the panel's cursor

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if (item := self.item_of(event.option.id)) is not None:
            self.post_message(self.Chosen(item))
