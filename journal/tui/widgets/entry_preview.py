"""EntryPreview: an entry's header and its body rendered as Markdown (links never open).

A very large body is shown cut to its first `large_text.VIEW_CHARS` characters, with a
note saying so (catalogue D31): laying out 10 MB froze the screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown, Static

from journal.domain.model import Entry
from journal.domain.text import for_terminal
from journal.tui import large_text
from journal.tui.widgets.rows import entry_header

if TYPE_CHECKING:
    from journal.services.entries import EntryLinks


class EntryPreview(VerticalScroll):
    """Shows one entry read-only; `show(None)` shows a hint instead."""

    def __init__(self, *, id: str | None = None, empty_hint: str = "No entry selected.") -> None:
        super().__init__(id=id)
        self.empty_hint = empty_hint
        self.entry: Entry | None = None
        self.links: EntryLinks | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(self.empty_hint, style="dim"), classes="preview-header")
        note = Static(classes="preview-note")
        note.display = False  # only for a body too large to show whole
        yield note
        # open_links=False: a link in an entry must never launch a browser
        # (docs/RELIABILITY.md, "Text and the terminal").
        yield Markdown("", open_links=False, classes="preview-body")

    def show(self, entry: Entry | None, links: EntryLinks | None = None) -> None:
        """Display `entry` (or the empty hint), with what it links to named in its header
        (`links`: the screen reads them, `journal.entries.links`); the same entry shown again
        keeps its scroll."""
        same = entry is not None and self.entry is not None and entry.id == self.entry.id
        self.entry, self.links = entry, links
        header = self.query_one(".preview-header", Static)
        body = self.query_one(".preview-body", Markdown)
        note = self.query_one(".preview-note", Static)
        if entry is None:
            header.update(Text(self.empty_hint, style="dim"))
            note.display = False
            body.update("")
            return
        header.update(entry_header(entry, links))
        shown, cut = large_text.view_excerpt(entry.body)
        note.display = cut
        if cut:
            note.update(large_note(entry, len(shown)))
        body.update(for_terminal(shown))
        if not same:
            self.scroll_home(animate=False)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        """Show the address instead of opening it."""
        event.stop()
        self.notify(for_terminal(event.href, single_line=True), title="Link (not opened)", markup=False)


def large_note(entry: Entry, shown: int) -> Text:
    """What a cut preview says: how much is shown, and how to read or edit all of it."""
    note = Text(f"Large entry ({large_text.size_label(len(entry.body))}): showing the first "
                f"{large_text.size_label(shown)}. ", style="bold #ffaf5f")
    note.append(f"Read all of it with `journal show {entry.short_id}`; edit it with "
                f"`journal edit {entry.short_id}` in $EDITOR.", style="#ffaf5f")
    return note
