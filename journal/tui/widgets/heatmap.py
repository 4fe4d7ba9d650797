"""Heatmap: a year of days (rows Mon..Sun, columns weeks), each the symbol of its dominant lens.

It reads without colour: `·` no entry, `◀`/`◆`/`▶` the dominant lens; dim for one entry,
plain for two, bold for three or more. Colour only repeats what the symbol says.
"""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual.widgets import Static

from journal.domain.model import Lens
from journal.tui.widgets.rows import LENS_STYLE

WEEKS = 53
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LENS_COLOUR = {Lens.HINDSIGHT: "#5fafff", Lens.INSIGHT: "#d787ff", Lens.FORESIGHT: "#87d787"}


def first_day(today: date, weeks: int = WEEKS) -> date:
    """The Monday the grid starts on (the current week is the last column)."""
    return today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)


def dominant(counts: dict[str, int]) -> Lens | None:
    """The lens with most entries that day (ties: hindsight, insight, foresight)."""
    best = max(Lens, key=lambda lens: counts.get(lens.value, 0))
    return best if counts.get(best.value, 0) else None


def cell(counts: dict[str, int] | None) -> tuple[str, str]:
    """(character, style) of one day."""
    if not counts or (lens := dominant(counts)) is None:
        return "·", "dim"
    total = sum(counts.values())
    weight = "dim" if total == 1 else ("bold" if total >= 3 else "")
    return lens.symbol, f"{weight} {LENS_COLOUR[lens]}".strip()


def heatmap_text(days: dict[date, dict[str, int]], today: date, weeks: int = WEEKS) -> Text:
    """The grid with month labels on top and a legend below."""
    start = first_day(today, weeks)
    text = Text(no_wrap=True)
    labels = [" "] * weeks
    for week in range(weeks):
        monday = start + timedelta(weeks=week)
        if monday.day <= 7:  # the month's first Monday starts its label
            name = MONTHS[monday.month - 1]
            if week + len(name) <= weeks and all(c == " " for c in labels[max(0, week - 1):week + len(name)]):
                labels[week:week + len(name)] = list(name)
    text.append("    " + "".join(labels) + "\n", style="bold")
    for row, name in enumerate(DAY_NAMES):
        text.append(f"{name} ", style="dim")
        for week in range(weeks):
            day = start + timedelta(weeks=week, days=row)
            if day > today:
                text.append(" ")
                continue
            char, style = cell(days.get(day))
            text.append(char, style=style + (" underline" if day == today else ""))
        text.append("\n")
    text.append("\n    · none  ", style="dim")
    for lens in Lens:
        text.append(f"{lens.symbol} {lens.value}  ", style=LENS_STYLE[lens])
    text.append("(dim 1 entry, bold 3+; today underlined)", style="dim")
    return text


class Heatmap(Static):
    """Presentation only: the screen hands it per-day lens counts."""

    def show(self, days: dict[date, dict[str, int]], today: date) -> None:
        self.update(heatmap_text(days, today))
