"""Drafts: compose state checkpointed into the journal file itself, never into /tmp.

A draft row keeps the text in `body` and every other typed field of the entry (the fields
of `EntryInput`) as one JSON object in `input`, so a field added to entries is kept by
drafts without a change here. `holder` names the lock of the process that checkpoints
into the row (journal/process.py); `pid` is that process's id, kept for display only.
"""

from __future__ import annotations

import json
from journal.record import fields

from journal.domain.dates import parse_stamp, utc_text
from journal.domain.model import Draft, EntryInput, Kind, Lens

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/ARCHITECTURE.md, start-up)
if TYPE_CHECKING:
    from typing import Any
    import sqlite3
    from datetime import datetime

_COLUMNS = ("id", "entry_id", "body", "input", "updated_at", "pid", "base")
_SELECT = ", ".join(_COLUMNS)
_TYPED = tuple(f.name for f in fields(EntryInput) if f.name != "body")
"""What a person typed besides the text: kept in the `input` JSON column."""


def _typed(draft: Draft) -> str:
    values: dict[str, Any] = {}
    for name in _TYPED:
        value = getattr(draft, name)
        if isinstance(value, (Lens, Kind)):
            value = value.value
        elif isinstance(value, tuple):
            value = list(value)
        values[name] = value
    if draft.lost_to:
        values["lost_to"] = draft.lost_to
    return json.dumps(values, ensure_ascii=False)


def _from_row(row: tuple[Any, ...]) -> Draft:
    item = dict(zip(_COLUMNS, row, strict=True))
    kept = json.loads(item["input"] or "{}")
    typed = {k: v for k, v in kept.items() if k in _TYPED}
    if typed.get("lens") is not None:
        typed["lens"] = Lens(typed["lens"])
    if typed.get("kind") is not None:
        typed["kind"] = Kind(typed["kind"])
    for name in ("tags", "goals"):
        typed[name] = tuple(typed.get(name) or ())
    return Draft(body=item["body"], **typed, entry_id=item["entry_id"], id=item["id"],
                 updated_at=parse_stamp(item["updated_at"]), pid=item["pid"], base=item["base"],
                 lost_to=kept.get("lost_to") if item["entry_id"] else None)


def save(conn: sqlite3.Connection, draft: Draft, *, holder: str | None = None) -> int:
    """Insert or update the draft; returns its id.

    `holder`: the lock token of the process that keeps checkpointing it (journal/process.py),
    or None when no window holds it. A draft whose entry was purged meanwhile (another
    window) is kept as a new entry's draft: its link would fail the foreign key and lose the text.
    """
    entry_id, base = draft.entry_id, draft.base
    if entry_id is not None and conn.execute("SELECT 1 FROM entries WHERE id = ?", (entry_id,)).fetchone() is None:
        entry_id = base = None
    values = {"entry_id": entry_id, "body": draft.body, "input": _typed(draft),
              "updated_at": utc_text(draft.updated_at) if draft.updated_at else None,
              "pid": draft.pid, "holder": holder, "base": base}
    if draft.id is not None:
        cursor = conn.execute(
            "UPDATE drafts SET entry_id = :entry_id, body = :body, input = :input, updated_at = :updated_at, "
            "pid = :pid, holder = :holder, base = :base, offered = 0 WHERE id = :id", {**values, "id": draft.id})
        if cursor.rowcount:
            return draft.id
    number = _next_number(conn)
    conn.execute(f"INSERT INTO drafts ({', '.join(values)}, id) VALUES ({', '.join(':' + k for k in values)}, :id)",
                 {**values, "id": number})
    return number


def _next_number(conn: sqlite3.Connection) -> int:
    """A number no draft of this journal has had: a number said in a notice ("kept as draft 1")
    and typed later from the shell's history never names another draft (S270)."""
    n = conn.execute("SELECT max(coalesce((SELECT value FROM meta WHERE key = 'drafts_numbered'), 0), "
                     "coalesce((SELECT max(id) FROM drafts), 0)) + 1").fetchone()[0]
    conn.execute("INSERT INTO meta (key, value) VALUES ('drafts_numbered', ?) "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (n,))
    return int(n)


def keep_headed(conn: sqlite3.Connection, texts: dict[str, str], *, title: str, at: datetime | None,
                kind: Kind = Kind.NOTE) -> int:
    """Texts that could not be written where they were typed (a lost practice version, an open
    form when the app stopped), kept as one insight draft with a heading per text (`texts`:
    heading -> text). Returns its number: the one already kept, when the same is there."""
    body = "\n\n".join(f"## {heading}\n\n{text}" for heading, text in texts.items())
    draft = Draft(body=body, lens=Lens.INSIGHT, kind=kind, updated_at=at, title=title)
    return same_exists(conn, draft) or save(conn, draft)


def same_exists(conn: sqlite3.Connection, draft: Draft) -> int | None:
    """The number of a draft kept with the same entry, text and typed fields (None: none is)."""
    found = conn.execute("SELECT id FROM drafts WHERE entry_id IS ? AND body = ? AND input = ?",
                         (draft.entry_id, draft.body, _typed(draft))).fetchone()
    return int(found[0]) if found else None


def of_trashed(conn: sqlite3.Connection) -> list[int]:
    """The drafts that edit an entry in the trash (a purge keeps them, K92: said, S341)."""
    return [int(row[0]) for row in conn.execute(
        "SELECT id FROM drafts WHERE entry_id IN (SELECT id FROM entries WHERE deleted_at IS NOT NULL) ORDER BY id")]


def delete(conn: sqlite3.Connection, draft_id: int) -> bool:
    """Delete the draft; whether it was there to delete."""
    return conn.execute("DELETE FROM drafts WHERE id = ?", (draft_id,)).rowcount > 0


def let_go(conn: sqlite3.Connection, draft_id: int, token: str) -> None:
    """The holder `token` no longer has the draft open: it is free for other windows."""
    conn.execute("UPDATE drafts SET holder = NULL, pid = NULL WHERE id = ? AND holder IS ?", (draft_id, token))


def holder(conn: sqlite3.Connection, draft_id: int) -> str | None:
    """The lock token of the process that holds the draft (None: nobody, or no such draft)."""
    row = conn.execute("SELECT holder FROM drafts WHERE id = ?", (draft_id,)).fetchone()
    return row[0] if row else None


def get(conn: sqlite3.Connection, draft_id: int) -> Draft | None:
    row = conn.execute(f"SELECT {_SELECT} FROM drafts WHERE id = ?", (draft_id,)).fetchone()
    return _from_row(row) if row else None


def all_drafts(conn: sqlite3.Connection) -> list[Draft]:
    return [_from_row(r) for r in conn.execute(f"SELECT {_SELECT} FROM drafts ORDER BY updated_at DESC")]


def mark_offered(conn: sqlite3.Connection, draft_id: int) -> None:
    conn.execute("UPDATE drafts SET offered = 1 WHERE id = ?", (draft_id,))


def unoffered(conn: sqlite3.Connection) -> list[Draft]:
    return [
        _from_row(r)
        for r in conn.execute(f"SELECT {_SELECT} FROM drafts WHERE offered = 0 ORDER BY updated_at DESC")
    ]
