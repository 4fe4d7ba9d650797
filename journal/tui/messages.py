"""Messages screens send up to the app: what changed in the journal (past tense), and what
the person asked for that only the app can do (open compose, which holds the draft).

Plain Message classes with their own `__init__` rather than dataclasses: making a dataclass
costs about 0.4 ms at import (its methods are compiled from source), and the app imports
these before its first paint (issue 20)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from journal.domain.model import Draft, Entry, Goal
    from journal.domain.reflection import Due


class _EntryMessage(Message):
    def __init__(self, entry: Entry) -> None:
        super().__init__()
        self.entry = entry


class _EntryIdMessage(Message):
    def __init__(self, entry_id: str) -> None:
        super().__init__()
        self.entry_id = entry_id


class EntrySaved(_EntryMessage):
    """An entry was written or edited."""


class EntryDeleted(_EntryMessage):
    """An entry moved to the trash."""


class EntryRestored(_EntryMessage):
    """An entry came back from the trash."""


class EntryDeleteRequested(_EntryMessage):
    """Ask, then move this entry to the trash."""


class StarToggleRequested(_EntryMessage):
    """Star or unstar this entry."""


class EntryOpenRequested(_EntryIdMessage):
    """Read this entry in full."""


class EntryEditRequested(_EntryIdMessage):
    """Edit this entry in compose."""


class AnswerRequested(_EntryIdMessage):
    """Answer this foresight entry (or feedback follow-up): compose a hindsight entry that quotes it."""


class GoalCreated(Message):
    """A goal was created (inline in compose, on the welcome screen, or in the goal form)."""

    def __init__(self, goal: Goal) -> None:
        super().__init__()
        self.goal = goal


class JournalChanged(Message, bubble=False):
    """The journal changed: reload what you show (`select` an entry if you list it).

    A screen posts it to the app (`self.app.post_message`); the app sends it on to every
    open screen. It does not bubble, so a screen's copy never comes back to the app.
    """

    def __init__(self, select: str | None = None) -> None:
        super().__init__()
        self.select = select


class DueItemChosen(Message):
    """Act on something due: answer a foresight entry, write about a goal."""

    def __init__(self, item: Due) -> None:
        super().__init__()
        self.item = item


class ClosureRequested(Message):
    """Walk the closure conversation of this goal or mentorship (ids)."""

    def __init__(self, goal: str | None = None, mentorship: str | None = None) -> None:
        super().__init__()
        self.goal = goal
        self.mentorship = mentorship


class ComposeRequested(Message):
    """Write a new entry in compose, starting from `draft` (a goal's, a meeting, a check-in)."""

    def __init__(self, draft: Draft, template: bool = False) -> None:
        super().__init__()
        self.draft = draft
        self.template = template
        """The draft's text is a prompt set's questions (a goal audit): compose starts in the first answer."""
