"""DuePanel: what asks for attention today (`Journal.due()`), one selectable line each."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from journal.domain.model import Lens
from journal.domain.reflection import Due
from journal.tui.widgets.keep_place import place_of, restore
from journal.tui.widgets.rows import LENS_STYLE, safe

MARKS = {
    "foresight": (Lens.FORESIGHT.symbol, LENS_STYLE[Lens.FORESIGHT]),
    "follow-up": ("↻", LENS_STYLE[Lens.HINDSIGHT]),
    "review": ("⚑", "#ffaf5f"),
    "quiet": ("…", "italic #ff8787"),
    "check-in": ("☉", "#87afaf"),
    "meeting": ("☉", "#87afaf"),
}
WORDS = {"foresight": "revisit", "follow-up": "follow up", "review": "review", "quiet": "quiet",
         "check-in": "check in", "meeting": "meeting"}


def due_line(item: Due) -> Text:
    """One item: mark, kind in words (reads without colour), title, how long it has waited."""
    mark, style = MARKS.get(item.kind, ("•", ""))
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{mark} ", style=style)
    line.append(f"{WORDS.get(item.kind, item.kind)}: ", style="dim")
    line.append(safe(item.title) or "(untitled)")
    if item.kind == "quiet":
        line.append(f"  {item.days} day{'' if item.days == 1 else 's'}", style="dim")
    elif item.days > 0:
        line.append(f"  {item.days}d", style="dim")
    else:
        line.append("  today", style="dim")
    return line


class DuePanel(OptionList):
    """Presentation only: the screen hands it `Due` items and reads `current` on select."""

    class Chosen(Message):
        """Enter (or a click) on an item."""

        def __init__(self, item: Due) -> None:
            super().__init__()
            self.item = item

    def __init__(self, *, id: str | None = None, classes: str | None = None, limit: int | None = None,
                 more_hint: str = "") -> None:
        super().__init__(id=id, classes=classes)
        self.items: list[Due] = []
        self._by_id: dict[str, Due] = {}
        self.limit = limit
        """At most this many rows (None: all), then one line saying how many more: a list is laid
        out row by row, and 3,900 items due on a large journal held the home screen's first paint."""
        self.more_hint = more_hint
        """Where the rest are (after "N more")."""

    def show(self, items: list[Due]) -> None:
        """Render these items (an empty list shows a quiet hint). Shown again, the highlight
        stays on the same item (ids name the item, not its place) and the scroll is kept."""
        place = place_of(self)
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
        shown = list(self._by_id.items())[:self.limit] if self.limit is not None else self._by_id.items()
        options = [Option(due_line(item), id=option_id) for option_id, item in shown]
        if more := len(self._by_id) - len(options):
            options.append(Option(Text(f"… {more} more{self.more_hint}", style="dim"), disabled=True))
        self.add_options(options)
        restore(self, place)

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
