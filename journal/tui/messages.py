"""Messages screens send up to the app after they changed the journal (past tense)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from journal.domain.model import Entry, Goal


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
    """A goal was created (inline in compose, or from the welcome screen)."""

    goal: Goal
