"""DayEcho: shows, as a person types a date, which day it resolves to (or why it does not)."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.widgets import Static

from journal import config
from journal.domain.dates import PastTarget, parse_target
from journal.domain.errors import JournalError
from journal.domain.text import plural


def day_with_distance(day: date, today: date, time: str | None = None) -> str:
    """A resolved day (and time) as every date echo words it: 'Wed 25 Nov 2026 18:00 (1 day ago)'."""
    left = (day - today).days
    away = f"in {plural(left, 'day')}" if left > 0 else "today" if left == 0 else f"{plural(-left, 'day')} ago"
    return f"{day.strftime('%a %d %b %Y')}{f' {time}' if time else ''} ({away})"


class DayEcho(Static):
    """The resolved day under a date input; `show()` returns False when the text does not parse.

    `with_distance` echoes a goal's target date, with how far away it is: it is resolved by
    `parse_target`, the rule the goal's save uses (Goals.add/edit), not by `resolve`. The
    first text it is shown is the date its form opened with (an edited goal's own date): it
    is kept, as the save keeps it, even when it has passed.
    """

    def __init__(self, empty: str, *, with_distance: bool = False, id: str | None = None) -> None:
        super().__init__(Text(empty, style="dim"), id=id)
        self.empty, self.with_distance = empty, with_distance
        self.kept: date | None = None
        self._opened = False

    def show(self, text: str, resolve, today: date) -> bool:
        """Resolve `text` with `resolve` (Journal.day; a target: `parse_target`) and show the day,
        or the error. A target in the past parses (True): the save refuses it with the same line."""
        first, self._opened = not self._opened, True
        if not text.strip():
            self.update(Text(self.empty, style="dim"))
            return True
        try:
            if self.with_distance:
                if first:
                    self.kept = _iso_day(text.strip())
                day = parse_target(text.strip(), today, self.kept, order=config.date_order)
            else:
                day = resolve(text.strip())
        except PastTarget as error:
            self.update(Text(str(error), style="#ff8787"))
            return True
        except JournalError as error:
            self.update(Text(str(error), style="#ff8787"))
            return False
        label = f"→ {day_with_distance(day, today) if self.with_distance else day.strftime('%a %d %b %Y')}"
        # how a date that could be read two ways was read (3/7: which month; "monday" said on a
        # Monday), as compose's echo and the command line say it (S555)
        owner = getattr(resolve, "__self__", None)  # the journal whose day (or plan's day) it reads
        ahead = self.with_distance or resolve == getattr(owner, "ahead", None)
        date_note = getattr(owner, "date_note", None)
        note = date_note(text.strip(), ahead=ahead) if date_note is not None else None
        self.update(Text(label + (f" — {note}" if note else ""), style="#87d787"))
        return True


def _iso_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
