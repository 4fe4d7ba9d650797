"""Messages screens send up to the app: what changed in the journal (past tense), and what
the person asked for that only the app can do (open compose, which holds the draft)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from journal.domain.model import Draft, Entry, Goal
from journal.domain.reflection import Due


@dataclass
class EntrySaved(Message):
    """An entry was written or edited."""

    entry: Entry


@dataclass
class EntryDeleted(Message):
    """An entry moved to the trash."""

    entry: Entry


@dataclass
class EntryRestored(Message):
    """An entry came back from the trash."""

    entry: Entry


@dataclass
class GoalCreated(Message):
    """A goal was created (inline in compose, on the welcome screen, or in the goal form)."""

    goal: Goal


@dataclass
class JournalChanged(Message, bubble=False):
    """The journal changed: reload what you show (`select` an entry if you list it).

    A screen posts it to the app (`self.app.post_message`); the app sends it on to every
    open screen. It does not bubble, so a screen's copy never comes back to the app.
    """

    select: str | None = None


@dataclass
class EntryOpenRequested(Message):
    """Read this entry in full."""

    entry_id: str


@dataclass
class EntryEditRequested(Message):
    """Edit this entry in compose."""

    entry_id: str


@dataclass
class AnswerRequested(Message):
    """Answer this foresight entry (or feedback follow-up): compose a hindsight entry that quotes it."""

    entry_id: str


@dataclass
class EntryDeleteRequested(Message):
    """Ask, then move this entry to the trash."""

    entry: Entry


@dataclass
class StarToggleRequested(Message):
    """Star or unstar this entry."""

    entry: Entry


@dataclass
class DueItemChosen(Message):
    """Act on something due: answer a foresight entry, write about a goal."""

    item: Due


@dataclass
class ClosureRequested(Message):
    """Walk the closure conversation of this goal or mentorship (ids)."""

    goal: str | None = None
    mentorship: str | None = None


@dataclass
class ComposeRequested(Message):
    """Write a new entry in compose, starting from `draft` (a goal's, a meeting, a check-in)."""

    draft: Draft
    template: bool = False
    """The draft's text is a prompt set's questions (a goal audit): compose starts in the first answer."""
