"""The use cases of Threefold, one module each, and `Journal`: one open journal with them all.

Front ends (the CLI and the TUI) import from here and from `journal.domain` only:

    journal = Journal.open(path)
    entry = journal.entries.write(EntryInput(body="…", lens="insight"))
    journal.goals.add("Public speaking", by="in 3 months")
    title, events = journal.timeline.build(goal="public")

Each service (`journal.entries`, `.drafts`, `.goals`, `.mentorships`, `.reflection`,
`.timeline`, `.closure`, `.transfer`, `.upkeep`, `.sync`) shares the journal's Session: its
connection, file path and clock. Operations that need no open journal (the doctor,
restoring a backup, the prompt library) are module functions.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable
import os
from datetime import date
from functools import cached_property
from pathlib import Path

from journal.store import engine
from journal.clock import Clock
from journal.domain.dates import Span, When
from journal.domain.errors import JournalError, StorageError
from journal.domain.model import EntryChanges, EntryInput
from journal.services.constants import EXPORT_FORMATS, IMPORT_FORMATS, OPEN_ELSEWHERE, RETRO_FORMATS
from journal.services.session import Session

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/ARCHITECTURE.md, start-up)
if TYPE_CHECKING:  # imported when first used: `journal list` loads only what it needs
    from typing import Any
    import sqlite3
    from journal.services.closure import Closure
    from journal.services.drafts import Drafts
    from journal.services.entries import Entries, Purged
    from journal.services.goals import Goals, GoalSummary
    from journal.services.agreements import Agreements
    from journal.services.mentorships import Mentorships
    from journal.services.passing_on import PassingOn
    from journal.services.preparing import Preparing
    from journal.services.shortlists import Shortlists
    from journal.services.reflection import Reflection, prompt_library
    from journal.services.sync import Sync
    from journal.services.timeline import Timeline
    from journal.services.transfer import Transfer
    from journal.services.upkeep import Upkeep, doctor, restore_backup, restore_choice, verify_backup

__all__ = [
    "EXPORT_FORMATS",
    "IMPORT_FORMATS",
    "OPEN_ELSEWHERE",
    "RETRO_FORMATS",
    "EntryChanges",
    "EntryInput",
    "GoalSummary",
    "Journal",
    "Purged",
    "StorageFailure",
    "doctor",
    "ends_cleanly",
    "explain_storage_error",
    "prompt_library",
    "restore_backup",
    "restore_choice",
    "verify_backup",
]

_LAZY = {
    "Purged": "entries", "GoalSummary": "goals", "prompt_library": "reflection",
    "doctor": "upkeep", "restore_backup": "upkeep", "restore_choice": "upkeep", "verify_backup": "upkeep",
}


def ends_cleanly() -> contextlib.AbstractContextManager[None]:
    """Inside it, SIGTERM and SIGHUP end a command as ctrl+c does: its `finally` blocks remove
    the plain-text copies it made (`process.ends_cleanly`, S507)."""
    from journal.process import ends_cleanly as cleanly

    return cleanly()


def __getattr__(name: str) -> Any:
    """The module functions and types above, imported on first use (PEP 562)."""
    if name in _LAZY:
        return getattr(importlib.import_module(f"journal.services.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'journal.services' has no attribute {name!r}")


class Journal:
    """One open journal and every use case on it (each service is made when first used)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    @cached_property
    def entries(self) -> Entries:
        from journal.services.entries import Entries

        return Entries(self.session)

    @cached_property
    def drafts(self) -> Drafts:
        from journal.services.drafts import Drafts

        return Drafts(self.session)

    @cached_property
    def goals(self) -> Goals:
        from journal.services.goals import Goals

        return Goals(self.session)

    @cached_property
    def mentorships(self) -> Mentorships:
        from journal.services.mentorships import Mentorships

        return Mentorships(self.session)

    @cached_property
    def preparing(self) -> Preparing:
        from journal.services.preparing import Preparing

        return Preparing(self.session)

    @cached_property
    def shortlists(self) -> Shortlists:
        from journal.services.shortlists import Shortlists

        return Shortlists(self.session)

    @cached_property
    def agreements(self) -> Agreements:
        from journal.services.agreements import Agreements

        return Agreements(self.session)

    @cached_property
    def passing_on(self) -> PassingOn:
        from journal.services.passing_on import PassingOn

        return PassingOn(self.session)

    @cached_property
    def reflection(self) -> Reflection:
        from journal.services.reflection import Reflection

        return Reflection(self.session)

    @cached_property
    def timeline(self) -> Timeline:
        from journal.services.timeline import Timeline

        return Timeline(self.session)

    @cached_property
    def closure(self) -> Closure:
        from journal.services.closure import Closure

        return Closure(self.session, self.entries, self.reflection)

    @cached_property
    def transfer(self) -> Transfer:
        from journal.services.transfer import Transfer

        return Transfer(self.session)

    @cached_property
    def upkeep(self) -> Upkeep:
        from journal.services.upkeep import Upkeep

        return Upkeep(self.session)

    @cached_property
    def sync(self) -> Sync:
        from journal.services.sync import Sync

        return Sync(self.session)

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *, clock: Clock | None = None,
             create: bool | None = None, ask: Callable[[str], str | None] | None = None,
             key: Any = None) -> Journal:
        """Open the journal at `path` (or $JOURNAL_DB, or the default, created on first run).

        An encrypted journal is unlocked first: `ask(prompt)` is the front end's way to ask
        for its passphrase (services/unlocking.py lists where else it may come from). A new
        journal made with `key` (`Journal.new_key`) is encrypted. A purge that was killed
        before it scrubbed every copy is finished first (K81).
        """
        journal = cls(Session.open(path, clock=clock, create=create, ask=ask, key=key))
        journal.finish_interrupted_work()
        return journal

    def finish_interrupted_work(self) -> None:
        """Finish what a killed process left half done; a journal that cannot take it (read-only)
        keeps it for later, and doctor says so."""
        from journal.store.crypt import finish_conversion
        from journal.store.entries import pending_scrubs

        finish_conversion(self.session.path)
        if pending_scrubs(self.session.conn):
            try:
                self.entries.finish_purges()
            except (JournalError, engine.Error, OSError):
                pass

    @property
    def encrypted(self) -> bool:
        """Whether the journal's file is encrypted (SQLCipher)."""
        return engine.is_encrypted(self.session.path)

    PLAIN_COPY_NOTE = ("The journal is encrypted but this file is not: keep it somewhere private, "
                       "or delete it when it has served.")
    PLAIN_STREAM_NOTE = ("The journal is encrypted but what was written to standard output is not: keep where it "
                         "went private, or delete it when it has served.")

    def scratch_folder(self) -> Path:
        """Where the $EDITOR hand-off may keep the text (a private tmpfs for an encrypted journal)."""
        from journal.services.privacy import scratch_folder

        return scratch_folder(self.session.path)

    def close(self) -> None:
        self.session.close()

    def reader(self) -> Journal:
        """The same journal on a read-only connection of its own, to read from another thread (a
        front end's background work); the caller closes it, in that thread. `interrupt` stops it."""
        return Journal(self.session.reader())

    def interrupt(self) -> None:
        """Stop the query this journal is running (callable from any thread)."""
        self.session.interrupt()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def path(self) -> Path:
        """The journal file (its real location: symbolic links resolved)."""
        return self.session.path

    @property
    def read_only(self) -> str | None:
        """Why nothing can be written here (a read-only mount, file or folder), or None."""
        return self.session.read_only

    def check_writable(self, note: str = "") -> None:
        """Refuse in one line, ending with `note`, before a write that cannot happen (catalogue K87)."""
        self.session.check_writable(note)

    @property
    def clock(self) -> Clock:
        return self.session.clock

    @clock.setter
    def clock(self, clock: Clock) -> None:
        self.session.clock = clock

    @property
    def conn(self) -> sqlite3.Connection:
        """The connection itself: for tests and the benchmark, never for the front ends."""
        return self.session.conn

    def today(self) -> date:
        return self.session.today()

    def when(self, text: str) -> When:
        """What a typed date and time resolves to ('last friday 9:30')."""
        return self.session.when(text)

    def day(self, text: str) -> date:
        """What a typed day resolves to ('in 3 weeks')."""
        return self.session.day(text)

    def ahead(self, text: str) -> date:
        """What a typed day of a plan resolves to ('friday': the next one): a revisit, a due day."""
        return self.session.ahead(text)

    def date_note(self, text: str | None, *, ahead: bool = False) -> str | None:
        """How a typed day that could surprise was read ('03/04/2027 read as 3 April 2027 …'),
        None when nothing: `ahead` for a day a plan names (a target, a due day, a revisit)."""
        return self.session.date_note(text, ahead=ahead) if text else None

    def span(self, text: str) -> Span:
        """The days a typed filter date takes ('june 2013': the whole month)."""
        return self.session.span(text)


StorageFailure = engine.Error
"""The storage engine's own exception class (sqlcipher3's or sqlite3's): what escapes a service
unexplained; `explain_storage_error` turns it into one line."""


def explain_storage_error(exc: sqlite3.Error) -> StorageError:
    """A sqlite3 error that escaped a service, as one line a person can act on."""
    from journal.store.db import storage_error

    return storage_error(exc)
