"""EntryPreview: an entry's header and its body rendered as Markdown (links never open).

A very large body is shown cut to its first `large_text.VIEW_CHARS` characters, with a
note saying so (catalogue D31): laying out 10 MB froze the screen.

Textual's Markdown widget takes ~100 ms to import (markdown-it, its rules, syntax colours):
the first preview of a run (the home screen's) paints its header at once and mounts the body
once that module is loaded, imported on a thread meanwhile, so the entry list never waits for
it (issue 20). Every later preview has its body from the start.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from journal.domain.model import Entry
from journal.domain.text import for_terminal
from journal.tui import large_text
from journal.tui.widgets.rows import block_text, entry_header, text_markdown

if TYPE_CHECKING:
    from textual.widgets import Markdown

    from journal.services.entries import EntryLinks

MARKDOWN = "textual.widgets._markdown"
"""The module of Textual's Markdown widget."""


def _body() -> Markdown:
    from textual.widgets import Markdown

    # open_links=False: a link in an entry must never launch a browser
    # (docs/RELIABILITY.md, "Text and the terminal").
    return Markdown("", open_links=False, classes="preview-body", parser_factory=text_markdown)


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
        if MARKDOWN in sys.modules:
            yield _body()

    def on_mount(self) -> None:
        if not self.query(".preview-body"):  # after the first paint: the import competes with it
            self.call_after_refresh(self._load_body)

    def _load_body(self) -> None:
        self.run_worker(self._mount_body(), group="preview-body", exit_on_error=False)

    async def _mount_body(self) -> None:
        """Load Markdown on a thread, then mount the body and show the entry's text in it."""
        try:
            await asyncio.to_thread(importlib.import_module, MARKDOWN)
        except Exception:  # an import on a thread that failed (say on a lock): again here
            importlib.import_module(MARKDOWN)
        if not self.is_attached or self.query(".preview-body"):
            return
        await self.mount(_body())
        if self.entry is not None:
            self._show_body(self.entry, same=True)

    def show(self, entry: Entry | None, links: EntryLinks | None = None) -> None:
        """Display `entry` (or the empty hint), with what it links to named in its header
        (`links`: the screen reads them, `journal.entries.links`); the same entry shown again
        keeps its scroll."""
        same = entry is not None and self.entry is not None and entry.id == self.entry.id
        self.entry, self.links = entry, links
        header = self.query_one(".preview-header", Static)
        note = self.query_one(".preview-note", Static)
        if entry is None:
            header.update(Text(self.empty_hint, style="dim"))
            note.display = False
            self._set_body("")
            return
        header.update(entry_header(entry, links))
        self._show_body(entry, same=same)

    def _show_body(self, entry: Entry, *, same: bool) -> None:
        shown, cut = large_text.view_excerpt(entry.body)
        note = self.query_one(".preview-note", Static)
        note.display = cut
        if cut:
            note.update(large_note(entry, len(shown)))
        self._set_body(block_text(shown))
        if not same:
            self.scroll_home(animate=False)

    _wanted: str | None = None
    """The body text asked for last and not shown yet (None: nothing waits)."""
    _updating = False

    def _set_body(self, text: str) -> None:
        """Show `text` in the body: one Markdown update at a time, the latest text asked for next.
        Each highlight's update was started at once: held keys queued dozens behind the widget's
        lock, the body showing other entries' text for seconds under the right header, every key
        after them waiting, and a quit then printed each cancelled update's traceback (S570)."""
        bodies = list(self.query(".preview-body"))  # none until Markdown is loaded (the first preview)
        if not bodies:
            return
        if self._updating:
            self._wanted = text
            return
        self._updating = True
        started = [body.update(text) for body in bodies]  # type: ignore[attr-defined]  # at once, when none runs
        self.run_worker(self._apply_body(started), group="preview-body-update", exit_on_error=False)

    async def _apply_body(self, started: list[Any]) -> None:
        """Wait for the update under way (here, so its end is always taken in), then show the
        latest text asked for meanwhile, if any, the same way."""
        try:
            for done in started:
                await done
            while self._wanted is not None:
                text, self._wanted = self._wanted, None
                for body in self.query(".preview-body"):
                    await body.update(text)  # type: ignore[attr-defined]
        finally:
            self._updating = False

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
