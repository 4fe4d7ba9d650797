"""A mentorship's check-in trends (presentation only): each focus area's ratings over the
check-ins as a sparkline, and where it stands in words (`going well (5), rising ↑ from 3`),
so nothing is said by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from journal.domain.practice import AreaTrend

RATING_STYLE = {1: "#ff8787", 2: "#ffaf5f", 3: "#d7d75f", 4: "#87d787", 5: "#5fd75f"}
"""The bar's colour by the latest rating: a help beside the words, never instead of them."""
EMPTY = "No rated check-ins yet: k writes a check-in, and rating its four areas shows how each goes over time."


def trends_text(trends: Sequence[AreaTrend], title: str | None = "Check-in trends") -> Text:
    """A heading, then per area its label and, on the next line, its sparkline (oldest first)
    and its summary in words; with no rating at all, how to get some."""
    text = Text()
    if title:
        text.append(title, style="bold")
        rated = max((len(t.ratings) for t in trends), default=0)
        if rated:
            text.append(f" ({rated} rated, oldest first)", style="dim")
        text.append("\n")
    if not any(t.ratings for t in trends):
        text.append(EMPTY, style="dim italic")
        return text
    for trend in trends:
        text.append(trend.label + "\n")
        text.append("  ")
        if trend.ratings:
            text.append(trend.spark, style=RATING_STYLE.get(trend.latest or 0, ""))
            text.append("  ")
            text.append(trend.summary)
        else:
            text.append("·  " + trend.summary, style="dim")
        text.append("\n")
    text.rstrip()
    return text


class AreaTrends(Static):
    """The check-in trends of one mentorship; `show` redraws them."""

    def show(self, trends: Sequence[AreaTrend]) -> None:
        self.update(trends_text(trends))
