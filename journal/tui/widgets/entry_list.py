"""EntryList: entries newest first, grouped by day, fed a page at a time."""

from __future__ import annotations

from datetime import date

from textual.binding import Binding
from textual.message import Message
from textual.widgets.option_list import Option

from journal.domain.model import Entry
from journal.tui.widgets.keep_place import place_of, restore
from journal.tui.widgets.paged_list import PagedList
from journal.tui.widgets.rows import day_heading, entry_row


class EntryList(PagedList):
    """A lazily filled list: the screen appends pages when `NearEnd` arrives."""

    NEAR_END = 20

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="entry-list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="entry-list.up"),
    ]

    class NearEnd(Message):
        """The cursor or the scroll position reached the last loaded rows."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, EntryList.NearEnd)  # one pending request is enough

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: dict[str, Entry] = {}
        self._last_day: date | None = None
        self.exhausted = False
        """True once the screen found no further page."""

    def show(self, entries: list[Entry], *, append: bool = False) -> None:
        """Replace (or extend) the rows with these entries. Replaced, the highlight stays on
        its entry (on its neighbour if that one is gone; the first entry if none was
        highlighted) and the scroll offset is kept."""
        place = None if append else place_of(self)
        if not append:
            self.clear_options()
            self.entries.clear()
            self._last_day = None
            self.exhausted = False
        options: list[Option] = []
        for entry in entries:
            if entry.day != self._last_day:
                self._last_day = entry.day
                options.append(Option(day_heading(entry.day), disabled=True))
            self.entries[entry.id] = entry
            options.append(Option(entry_row(entry), id=entry.id))
        self.add_options(options)
        if place is not None:
            restore(self, place)

    def select_first(self) -> None:
        """Highlight the first entry row (row 0 is a day heading)."""
        for index in range(self.option_count):
            if not self.get_option_at_index(index).disabled:
                self.highlighted = index
                return

    def select_entry(self, entry_id: str) -> bool:
        """Highlight the row of this entry if it is loaded."""
        try:
            self.highlighted = self.get_option_index(entry_id)
        except Exception:  # OptionDoesNotExist: not on a loaded page
            return False
        return True

    @property
    def current(self) -> Entry | None:
        """The highlighted entry, if any."""
        if self.highlighted is None or not self.option_count:
            return None
        option = self.get_option_at_index(self.highlighted)
        return self.entries.get(option.id) if option.id else None

    def near_end(self) -> None:
        if not self.exhausted:
            self.post_message(self.NearEnd())
