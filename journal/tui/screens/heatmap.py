"""HeatmapScreen: looking back over a year — the lens heatmap, streaks, and on this day."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from journal.tui.screens.base import JournalScreen
from journal.services import Journal
from journal.tui.messages import EntryOpenRequested, JournalChanged
from journal.tui.widgets.heatmap import Heatmap
from journal.tui.widgets.keep_place import place_of, restore
from journal.tui.widgets.rows import entry_row
from journal.tui.widgets.footer import KeysFooter
from journal.tui.widgets.listing import Listing


class HeatmapScreen(JournalScreen[None]):
    """The last 53 weeks by lens; enter opens an on-this-day entry."""

    BINDINGS = [Binding("escape,q", "app.pop_screen", "Back", id="heatmap.back")]

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="heatmap-view"):
            yield Heatmap(id="heatmap")
            yield Static(id="heatmap-streaks")
            yield Static(Text("On this day", style="bold"), id="on-this-day-title")
            yield Listing(id="on-this-day")
        yield KeysFooter()

    def on_mount(self) -> None:
        if not self.is_open():
            return
        self.title = "Looking back"
        self.query_one("#heatmap-view").can_focus = False
        self.reload()
        listing = self.query_one("#on-this-day", OptionList)
        if self.entries:
            listing.focus()

    @on(JournalChanged)
    def reload(self) -> None:
        """Read the year again (another process may have written); the on-this-day list keeps
        its highlighted entry and its scroll, the view its scroll, and focus stays put."""
        journal = self.journal
        today = journal.today()
        self.query_one(Heatmap).show(journal.reflection.lens_days(), today)
        current, longest = journal.reflection.streaks()
        streaks = Text("Current streak: ", style="bold")
        streaks.append(f"{current} day{'s' if current != 1 else ''}")
        streaks.append("   Longest streak: ", style="bold")
        streaks.append(f"{longest} day{'s' if longest != 1 else ''}")
        self.query_one("#heatmap-streaks", Static).update(streaks)
        found = journal.entries.list(journal.entries.filter(on_this_day=True), limit=50)
        self.entries = {e.id: e for e in found}
        listing = self.query_one("#on-this-day", OptionList)
        place = place_of(listing)
        listing.clear_options()
        if not found:
            listing.add_option(Option(Text(f"Nothing written on day {today.day} of an earlier month.",
                                           style="dim"), disabled=True))
            return
        rows = []
        for entry in found:
            row = Text(entry.day.strftime("%d %b %Y "), style="bold")
            row.append_text(entry_row(entry, 60))
            rows.append(Option(row, id=entry.id))
        listing.add_options(rows)
        restore(listing, place)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id in self.entries:
            self.post_message(EntryOpenRequested(event.option.id))
