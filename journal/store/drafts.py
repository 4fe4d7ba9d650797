"""Drafts: compose state checkpointed into the journal file itself, never into /tmp."""

from __future__ import annotations

import json
import sqlite3

from journal.domain.model import Draft, Lens
from journal.store.entries import parse_stamp, utc_text

_COLUMNS = "id, entry_id, lens, title, body, tags, goals, when_text, updated_at, pid, base"


def _from_row(row: tuple) -> Draft:
    id_, entry_id, lens, title, body, tags, goals, when, updated, pid, base = row
    return Draft(
        body=body, lens=Lens(lens), title=title, tags=tuple(json.loads(tags)),
        goals=tuple(json.loads(goals)), when=when, entry_id=entry_id, id=id_,
        updated_at=parse_stamp(updated), pid=pid, base=base,
    )


def save(conn: sqlite3.Connection, draft: Draft) -> int:
    """Insert or update the draft; returns its id.

    A draft whose entry was purged meanwhile (another window) is kept as a new entry's
    draft: its link would fail the foreign key and lose the text.
    """
    entry_id, base = draft.entry_id, draft.base
    if entry_id is not None and conn.execute("SELECT 1 FROM entries WHERE id = ?", (entry_id,)).fetchone() is None:
        entry_id = base = None
    values = (
        entry_id, draft.lens.value, draft.title, draft.body, json.dumps(list(draft.tags)),
        json.dumps(list(draft.goals)), draft.when, utc_text(draft.updated_at), draft.pid, base,
    )
    if draft.id is not None:
        cursor = conn.execute(
            "UPDATE drafts SET entry_id = ?, lens = ?, title = ?, body = ?, tags = ?, goals = ?, "
            "when_text = ?, updated_at = ?, pid = ?, base = ?, offered = 0 WHERE id = ?",
            (*values, draft.id),
        )
        if cursor.rowcount:
            return draft.id
    cursor = conn.execute(
        "INSERT INTO drafts (entry_id, lens, title, body, tags, goals, when_text, updated_at, pid, base) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        values,
    )
    return cursor.lastrowid


def delete(conn: sqlite3.Connection, draft_id: int) -> None:
    conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))


def get(conn: sqlite3.Connection, draft_id: int) -> Draft | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM drafts WHERE id = ?", (draft_id,)).fetchone()
    return _from_row(row) if row else None


def all_drafts(conn: sqlite3.Connection) -> list[Draft]:
    return [_from_row(r) for r in conn.execute(f"SELECT {_COLUMNS} FROM drafts ORDER BY updated_at DESC")]


def mark_offered(conn: sqlite3.Connection, draft_id: int) -> None:
    conn.execute("UPDATE drafts SET offered = 1 WHERE id = ?", (draft_id,))


def unoffered(conn: sqlite3.Connection) -> list[Draft]:
    return [
        _from_row(r)
        for r in conn.execute(f"SELECT {_COLUMNS} FROM drafts WHERE offered = 0 ORDER BY updated_at DESC")
    ]
