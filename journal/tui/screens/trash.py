"""TrashScreen: deleted entries, any of which can be restored."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from journal.domain.errors import JournalError
from journal.tui.screens.base import JournalScreen
from journal.services import Journal
from journal.tui.messages import EntryRestored, JournalChanged
from journal.tui.widgets.keep_place import place_of, restore
from journal.tui.widgets.rows import entry_row
from journal.tui.widgets.footer import KeysFooter
from journal.tui.widgets.listing import Listing


class TrashScreen(JournalScreen[None]):
    """Lists the trash newest first; `r` or enter restores the highlighted entry."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="trash.back"),
        Binding("r", "restore", "Restore", id="trash.restore"),
        Binding("j", "cursor('down')", "Down", show=False, id="trash.down"),
        Binding("k", "cursor('up')", "Up", show=False, id="trash.up"),
    ]

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="trash-status")
        yield Listing(id="trash-list")
        yield KeysFooter()

    def on_mount(self) -> None:
        if not self.is_open():
            return
        self.title = "Trash"
        self.reload()
        self.query_one(OptionList).focus()

    @on(JournalChanged)
    def reload(self) -> None:
        """Show what is in the trash now; the highlight stays on its entry (on its neighbour
        once that one is restored or purged) and the scroll is kept."""
        entries = self.journal.entries.trash()
        listing = self.query_one(OptionList)
        place = place_of(listing)
        listing.clear_options()
        listing.add_options(
            Option(Text(f"{e.day.strftime('%d %b %Y')} ").append_text(entry_row(e)), id=e.id) for e in entries
        )
        count = f"{len(entries)} {'entry' if len(entries) == 1 else 'entries'}"
        status = f"{count} in the trash. r restores." if entries else "The trash is empty."
        self.query_one("#trash-status", Static).update(Text(status, style="dim"))
        restore(listing, place)

    def action_cursor(self, direction: str) -> None:
        listing = self.query_one(OptionList)
        listing.action_cursor_down() if direction == "down" else listing.action_cursor_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_restore()

    def action_restore(self) -> None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None or not listing.option_count:
            return
        entry_id = listing.get_option_at_index(listing.highlighted).id
        if entry_id is None:
            return
        try:
            entry = self.journal.entries.restore(entry_id)
        except JournalError as error:  # busy, read-only, full, found damaged: said, the screen stays (S301)
            self.notify(str(error), severity="error", markup=False)
            return
        self.app.post_message(EntryRestored(entry))
        self.notify("Restored.")
