"""DueScreen: everything `Journal.due()` lists; enter acts on the highlighted item."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static

from journal.tui.screens.base import JournalScreen
from journal.services import Journal
from journal.tui.messages import DueItemChosen, JournalChanged
from journal.tui.widgets.due_panel import DuePanel


class DueScreen(JournalScreen[None]):
    """Foresight to revisit, reviews, check-ins and quiet goals; enter answers or writes."""

    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back", id="due.back")]

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("What's due  ", style="bold").append(
            "enter: answer a foresight entry (◀ what actually happened?) or write about the goal", style="dim"),
            id="due-help")
        yield DuePanel(id="due-list")
        yield Footer()

    def on_mount(self) -> None:
        if not self.is_open():
            return
        self.title = "What's due"
        self.reload()
        self.query_one(DuePanel).focus()

    @on(JournalChanged)
    def reload(self) -> None:
        """Ask the journal again (after an answer was saved, or another process wrote); the
        highlight stays on its item, and focus stays where it is."""
        self.query_one(DuePanel).show(self.journal.reflection.due())

    def on_due_panel_chosen(self, event: DuePanel.Chosen) -> None:
        self.post_message(DueItemChosen(event.item))
