"""Errors a user can act on. Each carries one line of advice and an exit code.

Exit codes (documented in the README): 0 ok, 1 operational failure, 2 usage or
bad value, 65 malformed import file, 70 internal error.
"""

from __future__ import annotations


class JournalError(Exception):
    """Base class: the message is shown as one line; it never contains entry text."""

    exit_code = 1


class BadValue(JournalError):
    """The user typed something we cannot accept (a date, a lens, an empty body)."""

    exit_code = 2


class NotFound(JournalError):
    """No entry, goal or mentorship matches the reference."""

    exit_code = 2


class Ambiguous(JournalError):
    """A prefix matches more than one thing; the message lists the candidates."""

    exit_code = 2


class StorageError(JournalError):
    """The journal file cannot be opened or written."""

    exit_code = 1


class MalformedInput(JournalError):
    """An import file is not what it claims to be."""

    exit_code = 65


class EditConflict(JournalError):
    """An edit found the entry changed (or trashed, or purged) since the editor read it.

    Nothing was overwritten: the edited version was kept as a draft in the same
    transaction. The message names the entry by short id and the draft by number only.
    """

    exit_code = 1

    def __init__(self, message: str, *, entry_id: str | None = None, draft_id: int | None = None,
                 reason: str = "changed") -> None:
        super().__init__(message)
        self.entry_id = entry_id
        self.draft_id = draft_id
        self.reason = reason
        """'changed', 'trashed' or 'deleted' (purged for good)."""


class StillIndexing(JournalError):
    """A search that only reads (the TUI's) found entries a large import left for the search
    indexer (store/search_index.py): asked again once it is done, it answers in full."""

    exit_code = 1

    def __init__(self, left: int) -> None:
        self.left = left
        super().__init__(f"Indexing {left:,} imported entr{'y' if left == 1 else 'ies'} for search; "
                         "the results come as soon as that is done.")
