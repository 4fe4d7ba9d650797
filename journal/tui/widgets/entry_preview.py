"""EntryPreview: an entry's header and its body rendered as Markdown (links never open)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown, Static

from journal.domain.model import Entry
from journal.domain.text import for_terminal
from journal.tui.widgets.rows import entry_header


class EntryPreview(VerticalScroll):
    """Shows one entry read-only; `show(None)` shows a hint instead."""

    def __init__(self, *, id: str | None = None, empty_hint: str = "No entry selected.") -> None:
        super().__init__(id=id)
        self.empty_hint = empty_hint
        self.entry: Entry | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(self.empty_hint, style="dim"), classes="preview-header")
        # open_links=False: a link in an entry must never launch a browser (RELIABILITY 4.2).
        yield Markdown("", open_links=False, classes="preview-body")

    def show(self, entry: Entry | None) -> None:
        """Display `entry` (or the empty hint)."""
        self.entry = entry
        header = self.query_one(".preview-header", Static)
        body = self.query_one(".preview-body", Markdown)
        if entry is None:
            header.update(Text(self.empty_hint, style="dim"))
            body.update("")
            return
        header.update(entry_header(entry))
        body.update(for_terminal(entry.body))
        self.scroll_home(animate=False)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        """Show the address instead of opening it."""
        event.stop()
        self.notify(for_terminal(event.href, single_line=True), title="Link (not opened)", markup=False)
