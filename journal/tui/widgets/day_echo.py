"""DayEcho: shows, as a person types a date, which day it resolves to (or why it does not)."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.widgets import Static

from journal.domain.errors import JournalError


class DayEcho(Static):
    """The resolved day under a date input; `show()` returns False when the text does not parse."""

    def __init__(self, empty: str, *, with_distance: bool = False, id: str | None = None) -> None:
        super().__init__(Text(empty, style="dim"), id=id)
        self.empty, self.with_distance = empty, with_distance

    def show(self, text: str, resolve, today: date) -> bool:
        """Resolve `text` with `resolve` (Journal.day) and show the day, or the error."""
        if not text.strip():
            self.update(Text(self.empty, style="dim"))
            return True
        try:
            day = resolve(text.strip())
        except JournalError as error:
            self.update(Text(str(error), style="#ff8787"))
            return False
        label = f"→ {day.strftime('%a %d %b %Y')}"
        if self.with_distance:
            left = (day - today).days
            label += f" ({f'in {left} days' if left > 0 else 'today' if left == 0 else f'{-left} days ago'})"
        self.update(Text(label, style="#87d787"))
        return True
