"""DuePanel: what asks for attention today (`Journal.due()`), one selectable line each."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from journal.domain.model import Lens
from journal.domain.reflection import Due
from journal.tui.widgets.rows import LENS_STYLE, safe

MARKS = {
    "foresight": (Lens.FORESIGHT.symbol, LENS_STYLE[Lens.FORESIGHT]),
    "review": ("⚑", "#ffaf5f"),
    "quiet": ("…", "italic #ff8787"),
    "check-in": ("☉", "#87afaf"),
    "meeting": ("☉", "#87afaf"),
}
WORDS = {"foresight": "revisit", "review": "review", "quiet": "quiet", "check-in": "check in", "meeting": "meeting"}


def due_line(item: Due) -> Text:
    """One item: mark, kind in words (reads without colour), title, how long it has waited."""
    mark, style = MARKS.get(item.kind, ("•", ""))
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{mark} ", style=style)
    line.append(f"{WORDS.get(item.kind, item.kind)}: ", style="dim")
    line.append(safe(item.title) or "(untitled)")
    if item.kind == "quiet":
        line.append(f"  {item.days} days", style="dim")
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

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.items: list[Due] = []

    def show(self, items: list[Due]) -> None:
        """Render these items (an empty list shows a quiet hint)."""
        self.items = list(items)
        self.clear_options()
        if not self.items:
            self.add_option(Option(Text("Nothing due today.", style="dim"), disabled=True))
            return
        self.add_options([Option(due_line(item), id=f"due-{i}") for i, item in enumerate(self.items)])
        self.highlighted = 0

    def item_of(self, option_id: str | None) -> Due | None:
        """The item behind an option id."""
        if not option_id or not option_id.startswith("due-"):
            return None
        index = int(option_id.removeprefix("due-"))
        return self.items[index] if index < len(self.items) else None

    def _on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()  # the screen's own lists never see the panel's cursor

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if (item := self.item_of(event.option.id)) is not None:
            self.post_message(self.Chosen(item))
