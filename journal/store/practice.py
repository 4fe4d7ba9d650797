"""The mentee's documents (vision, learning profile, shortlists): rows <-> domain/practice.

One row each: its kind, its fields as a JSON object (`to_data()`), when it was made and last
changed. The vision and the profile are one per journal, under fixed ids ("vision",
"profile"), so two devices that each wrote one hold the same row and sync keeps the newer.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING, Any

from journal.domain.dates import parse_stamp, utc_text
from journal.domain.errors import NotFound
from journal.domain.refs import pick, short_ids

if TYPE_CHECKING:  # export, import and sync use the rows as they are: the model is loaded when read
    from journal.domain.practice import LearningProfile, Shortlist, Vision

FIELDS = ("id", "kind", "data", "created_at", "updated_at")


def data_text(data: dict[str, Any]) -> str:
    """A document's fields as stored: canonical JSON (sorted keys, so the same fields are the same bytes)."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _row(conn: sqlite3.Connection, row_id: str) -> tuple[Any, ...] | None:
    found: tuple[Any, ...] | None = conn.execute(
        "SELECT kind, data, created_at, updated_at FROM practice WHERE id = ?", (row_id,)).fetchone()
    return found


def save(conn: sqlite3.Connection, row_id: str, kind: str, data: dict[str, Any], at: datetime) -> None:
    """Insert the document or replace its fields, as changed `at`."""
    stamp = utc_text(at)
    conn.execute("INSERT INTO practice (id, kind, data, created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
                 "ON CONFLICT (id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
                 (row_id, kind, data_text(data), stamp, stamp))


def vision(conn: sqlite3.Connection) -> Vision:
    """The journal's vision (an empty one when none was written)."""
    from journal.domain.practice import Vision

    row = _row(conn, Vision.ID)
    if row is None:
        return Vision()
    found = Vision.from_data(json.loads(row[1]))
    found.created_at, found.updated_at = parse_stamp(row[2]), parse_stamp(row[3])
    return found


def profile(conn: sqlite3.Connection) -> LearningProfile:
    """The journal's learning profile (an empty one when none was written)."""
    from journal.domain.practice import LearningProfile

    row = _row(conn, LearningProfile.ID)
    if row is None:
        return LearningProfile()
    found = LearningProfile.from_data(json.loads(row[1]))
    found.created_at, found.updated_at = parse_stamp(row[2]), parse_stamp(row[3])
    return found


def _shortlist(row_id: str, data: str, created: str, updated: str) -> Shortlist:
    from journal.domain.practice import Shortlist

    found = Shortlist.from_data(row_id, json.loads(data))
    found.created_at, found.updated_at = parse_stamp(created), parse_stamp(updated)
    return found


def shortlists(conn: sqlite3.Connection) -> list[Shortlist]:
    """Every shortlist, newest first."""
    found = [_shortlist(*row) for row in conn.execute(
        "SELECT id, data, created_at, updated_at FROM practice WHERE kind = 'shortlist' ORDER BY created_at DESC, id")]
    shorts = short_ids([s.id for s in found])
    for s in found:
        s.short_id = shorts[s.id]
    return found


def shortlist(conn: sqlite3.Connection, row_id: str) -> Shortlist:
    row = _row(conn, row_id)
    if row is None or row[0] != "shortlist":
        raise NotFound(f"No shortlist {row_id[:8]}. See `journal shortlist list`.")
    found = _shortlist(row_id, row[1], row[2], row[3])
    found.short_id = short_ids([r[0] for r in conn.execute("SELECT id FROM practice WHERE kind = 'shortlist'")])[row_id]
    return found


def resolve_shortlist(conn: sqlite3.Connection, ref: str) -> str:
    """A shortlist's id from an id prefix or the start of its title."""
    candidates = [(r[0], json.loads(r[1]).get("title", "")) for r in
                  conn.execute("SELECT id, data FROM practice WHERE kind = 'shortlist'")]
    return pick(ref, candidates, "shortlist",
                "See `journal shortlist list`, or start one with `journal shortlist new`.")


def shortlist_of(conn: sqlite3.Connection, mentorship_id: str) -> Shortlist | None:
    """The shortlist whose choice started this mentorship, if any."""
    for row in conn.execute("SELECT id, data, created_at, updated_at FROM practice WHERE kind = 'shortlist' "
                            "AND json_extract(data, '$.mentorship_id') = ?", (mentorship_id,)):
        return _shortlist(*row)
    return None


def delete(conn: sqlite3.Connection, row_id: str) -> None:
    """Delete a document; a journal that syncs logs it, so the deletion travels (S154: the log's
    triggers know inserts and updates only)."""
    conn.execute("DELETE FROM practice WHERE id = ?", (row_id,))
    conn.execute("INSERT INTO sync_log (kind, row_id) SELECT 'practice', ? "
                 "WHERE (SELECT value FROM sync_state WHERE key = 'enabled') = '1'", (row_id,))


# ----------------------------------------------------------------- export, import, sync
def records(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every document as the export has it: its fields as an object, oldest first."""
    return [_record(*row) for row in conn.execute(
        f"SELECT {', '.join(FIELDS)} FROM practice ORDER BY created_at, id")]


def record(conn: sqlite3.Connection, row_id: str) -> dict[str, Any] | None:
    row = conn.execute(f"SELECT {', '.join(FIELDS)} FROM practice WHERE id = ?", (row_id,)).fetchone()
    return _record(*row) if row else None


def _record(row_id: str, kind: str, data: str, created: str, updated: str) -> dict[str, Any]:
    return {"id": row_id, "kind": kind, "data": json.loads(data), "created_at": created, "updated_at": updated}


def columns(record: dict[str, Any]) -> tuple[Any, ...]:
    """A record as the table's values, in FIELDS order."""
    return (record["id"], record["kind"], data_text(record["data"]), record["created_at"], record["updated_at"])


def replace(conn: sqlite3.Connection, record: dict[str, Any]) -> None:
    """Make the row with the record's id exactly the record (the caller chose it)."""
    conn.execute("INSERT INTO practice (id, kind, data, created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
                 "ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, data = excluded.data, "
                 "created_at = excluded.created_at, updated_at = excluded.updated_at", columns(record))
