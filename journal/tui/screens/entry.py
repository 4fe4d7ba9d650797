"""EntryScreen: one entry read in full, with edit, delete and star at hand."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header

from journal.domain.errors import JournalError
from journal.services import Journal
from journal.tui.messages import EntryDeleteRequested, EntryEditRequested, JournalChanged, StarToggleRequested
from journal.tui.widgets.entry_preview import EntryPreview
from journal.tui.screens.base import JournalScreen


class EntryScreen(JournalScreen[None]):
    """Shows the entry `entry_id`; refreshes itself when it changes."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="entry.back"),
        Binding("e", "edit", "Edit", id="entry.edit"),
        Binding("d", "delete", "Delete", id="entry.delete"),
        Binding("s", "star", "Star", id="entry.star"),
    ]

    def __init__(self, journal: Journal, entry_id: str) -> None:
        super().__init__()
        self.journal = journal
        self.entry_id = entry_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield EntryPreview(id="entry-view")
        yield Footer()

    def on_mount(self) -> None:
        if not self.is_open():
            return
        self.title = "Entry"
        self.reload()

    @on(JournalChanged)
    def reload(self) -> None:
        """Read the entry again (it may have been edited, starred, or moved to the trash)."""
        try:
            entry = self.journal.entries.get(self.entry_id)
        except JournalError:
            self.query_one(EntryPreview).show(None)
            return
        if entry.deleted_at is not None and self.is_current:
            self.dismiss(None)  # it went to the trash: back to the list
            return
        self.query_one(EntryPreview).show(entry)

    def action_edit(self) -> None:
        self.post_message(EntryEditRequested(self.entry_id))

    def action_delete(self) -> None:
        entry = self.query_one(EntryPreview).entry
        if entry is not None:
            self.post_message(EntryDeleteRequested(entry))

    def action_star(self) -> None:
        entry = self.query_one(EntryPreview).entry
        if entry is not None:
            self.post_message(StarToggleRequested(entry))
