"""A journal replaced under an open command is said as replaced, not read-only; a read-only
journal's line says its cause once (S509)."""

from __future__ import annotations

from pathlib import Path

import pytest

from journal.store.db import storage_error


def _error(name: str, text: str) -> Exception:
    error = Exception(text)
    error.sqlite_errorname = name  # type: ignore[attr-defined]  # as sqlite3's errors carry it
    return error


@pytest.mark.catalogue("S509")
def test_a_moved_database_is_said_as_replaced():
    line = str(storage_error(_error("SQLITE_READONLY_DBMOVED", "attempt to write a readonly database"),  # type: ignore[arg-type]
                             Path("/j/journal.db")))
    assert line.startswith("The journal /j/journal.db was replaced while this command ran") and "read-only" not in line


@pytest.mark.catalogue("S509")
def test_the_read_only_line_says_its_cause_once():
    line = str(storage_error(_error("SQLITE_READONLY", "attempt to write a readonly database")))  # type: ignore[arg-type]
    assert line == "Journal is read-only. Check the file and folder permissions."
    line = str(storage_error(_error("SQLITE_READONLY", "attempt to write a readonly database"),  # type: ignore[arg-type]
                             Path("/j/journal.db")))
    assert line == "Journal is read-only: /j/journal.db. Check the file and folder permissions."
