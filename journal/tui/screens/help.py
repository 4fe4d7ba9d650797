"""HelpScreen: every key, where it works, and what it does."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from journal.tui.screens.base import JournalModal

KEYS: list[tuple[str, str, str]] = [
    ("Home", "n", "New entry"),
    ("Home", "enter", "Open the highlighted entry"),
    ("Home", "e", "Edit the highlighted entry"),
    ("Home", "d", "Move the highlighted entry to the trash"),
    ("Home", "s", "Star / unstar"),
    ("Home", "/", "Search"),
    ("Home", "x", "Trash (restore deleted entries)"),
    ("Home", "j / k, ↓ / ↑", "Move"),
    ("Anywhere", "g", "Goals: list, goal screen (e edit, a milestone, x done, s status, t timeline), n new goal"),
    ("Anywhere", "m", "Mentorships (enter opens one, t its timeline)"),
    ("Anywhere", "t", "Timeline of the whole journal: 1/2/3 day/week/month zoom, z cycles, +/- zoom"),
    ("Anywhere", "u", "What's due: foresight to look back at (enter answers it), reviews, check-ins"),
    ("Anywhere", "y", "Year heatmap, streaks and on this day"),
    ("Palette", "Close a goal… / End a mentorship…", "The closure conversation, then the retrospective and its export"),
    ("Closure", "ctrl+n / ctrl+b / ctrl+s", "Next (or skip) / back / to the outcome, then save and close"),
    ("Entry", "e  d  s  escape", "Edit, delete, star, back"),
    ("Compose", "ctrl+s", "Save"),
    ("Compose", "escape", "Back (asks when there are unsaved changes)"),
    ("Compose", "ctrl+1/2/3 or F5/F6/F7", "Lens: hindsight / insight / foresight"),
    ("Compose", "ctrl+t", "Insert the prompt of the day"),
    ("Compose", "ctrl+e", "Edit the text in $VISUAL / $EDITOR"),
    ("Compose", "tab / shift+tab", "Next / previous field"),
    ("Search", "type", "Search as you type; tab to the filters"),
    ("Search", "enter", "Open the highlighted result"),
    ("Trash", "r / enter", "Restore"),
    ("Anywhere", "?", "This help"),
    ("Anywhere", "ctrl+p", "Command palette (every action, and themes)"),
    ("Anywhere", "q / ctrl+q", "Quit (your draft is kept)"),
]


class HelpScreen(JournalModal[None]):
    """A table of the keys; any of escape, q or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 80; max-height: 90%; height: auto;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    """

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close")]

    def compose(self) -> ComposeResult:
        table = Table(title="Keys", expand=True, box=None, show_header=True, header_style="bold")
        table.add_column("Where", style="dim", no_wrap=True)
        table.add_column("Key", style="bold", no_wrap=True)
        table.add_column("Does")
        for where, key, does in KEYS:
            table.add_row(Text(where), Text(key), Text(does))
        with VerticalScroll():
            yield Static(table)
