"""GoalPanel: active goals with their lens balance and how long each has been quiet."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from journal.domain.model import Lens
from journal.tui.widgets.rows import LENS_STYLE, safe

QUIET_AFTER = 7
"""Days without an entry after which a goal is marked quiet."""


def goal_lines(summaries: list) -> Text:
    """The panel's text for a list of `GoalSummary`."""
    text = Text()
    text.append("Goals\n", style="bold")
    if not summaries:
        text.append("No active goals (g: every goal, n there adds one).\n", style="dim")  # "yet" after closing some
        return text
    for item in summaries:
        text.append("⚑ ", style="#ffaf5f")
        text.append(safe(item.goal.title), style="bold")
        text.append("\n  ")
        for lens in Lens:
            text.append(f"{lens.symbol}{item.lens_counts.get(lens.value, 0)} ", style=LENS_STYLE[lens])
        if item.quiet_days is not None and item.quiet_days >= QUIET_AFTER:
            text.append(f" quiet {item.quiet_days} days", style="italic #ff8787")
        text.append("\n")
    return text


class GoalPanel(Static):
    """Presentation only: the screen hands it goal summaries."""

    def show(self, summaries: list) -> None:
        """Render these goal summaries."""
        self.update(goal_lines(summaries))

    def waiting(self) -> None:
        """A quiet "…" until the summaries arrive (the home screen reads them in the background)."""
        self.update(Text.assemble(("Goals\n", "bold"), ("…", "dim")))

    def unreadable(self) -> None:
        """The summaries could not be read just now (the next reload tries again)."""
        self.update(Text.assemble(("Goals\n", "bold"), ("Could not be read just now.", "dim")))
