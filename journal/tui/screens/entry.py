"""EntryScreen: one entry read in full, with edit, delete and star at hand."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header

from journal.domain.errors import JournalError
from journal.tui.widgets.entry_preview import EntryPreview


class EntryScreen(Screen):
    """Shows the entry `entry_id`; refreshes itself when it changes."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="entry.back"),
        Binding("e", "edit", "Edit", id="entry.edit"),
        Binding("d", "delete", "Delete", id="entry.delete"),
        Binding("s", "star", "Star", id="entry.star"),
    ]

    def __init__(self, entry_id: str) -> None:
        super().__init__()
        self.entry_id = entry_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield EntryPreview(id="entry-view")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Entry"
        self.reload()

    def reload(self) -> None:
        """Read the entry again (it may have been edited or starred)."""
        try:
            self.query_one(EntryPreview).show(self.app.journal.entries.get(self.entry_id))
        except JournalError:
            self.query_one(EntryPreview).show(None)

    def action_edit(self) -> None:
        self.app.edit_entry(self.entry_id)

    def action_delete(self) -> None:
        entry = self.query_one(EntryPreview).entry
        if entry is not None:
            self.app.confirm_delete(entry, then=self.dismiss)

    def action_star(self) -> None:
        entry = self.query_one(EntryPreview).entry
        if entry is not None:
            self.app.toggle_star(entry)
            self.reload()
