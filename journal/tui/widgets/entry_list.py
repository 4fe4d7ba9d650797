"""EntryList: entries newest first, grouped by day, a window of the journal read a page at a time."""

from __future__ import annotations

from datetime import date

from textual.binding import Binding
from textual.message import Message
from textual.widgets.option_list import Option

from journal.domain.model import Entry
from journal.tui.widgets.keep_place import place_of, restore
from journal.tui.widgets.paged_list import PagedList
from journal.tui.widgets.rows import day_heading, entry_row

WINDOW_MOST = 600
"""The most entries the list holds at once (three pages of the home screen's). Each costs ~17 KB
as a row (issue 20: 300 MB after paging through 13,000 of a 100,000-entry journal); past this
the rows furthest from the reader are let go, and read again when the reader comes back to them
(`NearStart`, `NearEnd`)."""


class EntryList(PagedList):
    """A window of the journal's entries, newest first, `start` entries from the newest: the
    screen reads the next page on `NearEnd`, the page before on `NearStart`, the oldest on
    `ToOldest` (End) and the newest on `ToNewest` (Home)."""

    NEAR_END = 20

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="entry-list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="entry-list.up"),
        Binding("home", "newest", "Newest", show=False, id="entry-list.newest"),
        Binding("end", "oldest", "Oldest", show=False, id="entry-list.oldest"),
    ]

    class NearEnd(Message):
        """The cursor or the scroll position reached the last loaded rows."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, EntryList.NearEnd)  # one pending request is enough

    class NearStart(Message):
        """The cursor or the scroll came near the first rows, and newer entries are not loaded."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, EntryList.NearStart)

    class ToOldest(Message):
        """End, with older entries than those loaded."""

    class ToNewest(Message):
        """Home, with newer entries than those loaded."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: dict[str, Entry] = {}
        """The entries loaded, newest first."""
        self.start = 0
        """How many newer entries there are than the first loaded (0: it is the newest)."""
        self._last_day: date | None = None
        self.exhausted = False
        """True once the screen found no further page."""
        self._sliding = False
        """Rows being replaced: the scroll jumps meanwhile, and asks for no page."""

    def show(self, entries: list[Entry], *, append: bool = False, start: int | None = None) -> None:
        """Replace (or extend) the rows with these entries (`start`: the window they are, when
        replaced). Replaced, the highlight stays on its entry (on its neighbour if that one is
        gone; the first entry if none was highlighted) and the scroll offset is kept."""
        place = None if append else place_of(self)
        self._sliding = True
        try:
            if append:
                self._add(entries)
            else:
                self._replace(entries, self.start if start is None else start, exhausted=False)
            if place is not None:
                restore(self, place)
        finally:
            self._sliding = False

    def _replace(self, entries: list[Entry], start: int, *, exhausted: bool) -> None:
        """Every row replaced by these entries, the window `start` entries from the newest."""
        self.clear_options()
        self.entries.clear()
        self._last_day = None
        self.start, self.exhausted = start, exhausted
        self._add(entries)

    def _add(self, entries: list[Entry]) -> None:
        options: list[Option] = []
        for entry in entries:
            if entry.day != self._last_day:
                self._last_day = entry.day
                options.append(Option(day_heading(entry.day), disabled=True))
            self.entries[entry.id] = entry
            options.append(Option(entry_row(entry), id=entry.id))
        self.add_options(options)

    def slide(self, entries: list[Entry], start: int) -> None:
        """Show this window (`start` entries from the newest) in place of the one shown, which it
        overlaps: the highlighted entry keeps its row on the screen, so rows let go above it or
        read in above it do not move what the reader sees."""
        highlighted = self.current
        on_screen = min(max((self.highlighted or 0) - self.scroll_y, 0), max(self.size.height - 1, 0))
        self._sliding = True
        try:
            self._replace(entries, start, exhausted=self.exhausted)
            if highlighted is None or highlighted.id not in self.entries:
                return
            index = self.get_option_index(highlighted.id)  # every row is one line: its index is its line
            self.highlighted = index
            self.scroll_to(y=max(0, index - on_screen), animate=False, immediate=True)
        finally:
            self._sliding = False

    def select_entry(self, entry_id: str) -> bool:
        """Highlight the row of this entry if it is loaded."""
        try:
            self.highlighted = self.get_option_index(entry_id)
        except Exception:  # OptionDoesNotExist: not on a loaded page
            return False
        return True

    def position(self) -> int | None:
        """Where the highlighted entry is among those loaded (0: the newest loaded), if any."""
        current = self.current
        return None if current is None else list(self.entries).index(current.id)

    @property
    def current(self) -> Entry | None:
        """The highlighted entry, if any."""
        if self.highlighted is None or not self.option_count:
            return None
        option = self.get_option_at_index(self.highlighted)
        return self.entries.get(option.id) if option.id else None

    def near_end(self) -> None:
        if not self.exhausted and not self._sliding:
            self.post_message(self.NearEnd())

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if self.start and not self._sliding and highlighted is not None and highlighted < self.NEAR_END:
            self.post_message(self.NearStart())

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if self.start and not self._sliding and new < old and new < self.size.height:
            self.post_message(self.NearStart())

    def action_oldest(self) -> None:
        """End: the oldest entry, read first when it is not loaded (End went 200 entries on, S574)."""
        if self.exhausted:
            self.action_last()
        else:
            self.post_message(self.ToOldest())

    def action_newest(self) -> None:
        """Home: the newest entry, read again when the window has moved past it (the keys only:
        OptionList's own first and last stay within the rows loaded, S577)."""
        if self.start:
            self.post_message(self.ToNewest())
        else:
            self.action_first()
