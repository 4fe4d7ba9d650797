"""EntryScreen: one entry read in full, with edit, delete and star at hand (and answer, for
foresight and a feedback entry's follow-up)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header

from journal.domain.errors import JournalError
from journal.services import Journal
from journal.services.entries import answerable
from journal.tui.messages import (
    AnswerRequested, EntryDeleteRequested, EntryEditRequested, JournalChanged, StarToggleRequested,
)
from journal.tui.widgets.entry_preview import EntryPreview
from journal.tui.screens.base import JournalScreen
from journal.tui.widgets.footer import KeysFooter


class EntryScreen(JournalScreen[None]):
    """Shows the entry `entry_id`; refreshes itself when it changes."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="entry.back"),
        Binding("e", "edit", "Edit", id="entry.edit"),
        Binding("d", "delete", "Delete", id="entry.delete"),
        Binding("s", "star", "Star", id="entry.star"),
        Binding("a", "answer", "Answer", id="entry.answer"),
        # An answered foresight entry: `a` is not offered, and pressing it says which entry answers it.
        Binding("a", "answered", show=False),
    ]

    def __init__(self, journal: Journal, entry_id: str) -> None:
        super().__init__()
        self.journal = journal
        self.entry_id = entry_id
        self._answerable = False
        """A foresight entry (or feedback follow-up) no hindsight entry answers yet: `a` answers it."""
        self._answered = False
        """One already answered: `a` (not in the footer) says by which entry."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`a` (Answer) only where there is something to answer: the footer offers it only then."""
        if action == "answer":
            return self._answerable
        if action == "answered":
            return self._answered
        return True

    def compose(self) -> ComposeResult:
        yield Header()
        yield EntryPreview(id="entry-view")
        yield KeysFooter()

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
            self.query_one(EntryPreview).empty_hint = "This entry no longer exists."
            self.query_one(EntryPreview).show(None)
            self._offer_answer(False)
            self._answered = False
            return
        if entry.deleted_at is not None:  # moved to the trash elsewhere: said here, and nothing to act on (S373)
            preview = self.query_one(EntryPreview)
            if preview.entry is not None:
                preview.empty_hint = "This entry was moved to the trash (x opens the trash; escape goes back)."
                preview.show(None)
                self._offer_answer(False)
                self._answered = False
            return
        links = self.journal.entries.links(entry)
        open_question = answerable(entry) and entry.deleted_at is None  # foresight, or a follow-up to try
        self._answered = open_question and links.answered_by is not None
        self._offer_answer(open_question and links.answered_by is None)
        preview = self.query_one(EntryPreview)
        if entry != preview.entry or links != preview.links:  # another write elsewhere leaves the reading place alone
            preview.show(entry, links)

    def _offer_answer(self, answerable: bool) -> None:
        if answerable != self._answerable:
            self._answerable = answerable
            self.refresh_bindings()

    def action_answer(self) -> None:
        if self._answerable:
            self.post_message(AnswerRequested(self.entry_id))

    def action_answered(self) -> None:
        """Already answered: the app's answer flow says which entry answers it."""
        self.post_message(AnswerRequested(self.entry_id))

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
