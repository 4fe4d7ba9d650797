"""Mentorships: rows <-> Mentorship."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime

from journal.domain.errors import NotFound
from journal.domain.model import GoalEvent, Mentorship, MentorshipStatus
from journal.domain.refs import pick, short_ids
from journal.domain.dates import parse_moment, parse_stamp, utc_text

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/ARCHITECTURE.md, start-up)
if TYPE_CHECKING:
    from typing import Any
    import sqlite3

_NAMES = ("id", "mentor", "focus", "started_on", "agreements", "check_in_every", "next_meeting_on", "status",
          "closed_on", "created_at", "updated_at", "parts")
_COLUMNS = ", ".join(_NAMES)
EDITABLE = ("mentor", "focus", "started_on", "agreements", "check_in_every", "next_meeting_on", "parts")


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _from_row(row: Sequence[Any]) -> Mentorship:
    item = dict(zip(_NAMES, row, strict=True))
    return Mentorship(
        id=item["id"], mentor=item["mentor"], focus=item["focus"], started_on=_day(item["started_on"]),
        agreements=item["agreements"], check_in_every=item["check_in_every"],
        next_meeting_on=_day(item["next_meeting_on"]), status=MentorshipStatus(item["status"]),
        closed_on=_day(item["closed_on"]), created_at=parse_stamp(item["created_at"]),
        updated_at=parse_stamp(item["updated_at"] or item["created_at"]), parts=json.loads(item["parts"] or "{}"),
    )


def _row(m: Mentorship) -> dict[str, str | int | None]:
    changed = m.updated_at or m.created_at
    return {
        "id": m.id, "mentor": m.mentor, "focus": m.focus, "started_on": _iso(m.started_on),
        "agreements": m.agreements, "check_in_every": m.check_in_every,
        "next_meeting_on": _iso(m.next_meeting_on), "status": m.status.value, "closed_on": _iso(m.closed_on),
        "created_at": utc_text(m.created_at) if m.created_at else None,
        "updated_at": utc_text(changed) if changed else None,
        "parts": parts_text(m.parts),
    }


def parts_text(parts: dict[str, str]) -> str:
    """The agreement's parts as stored: a JSON object in the parts' fixed order."""
    return json.dumps(parts, ensure_ascii=False, separators=(",", ":"))


def add_event(conn: sqlite3.Connection, mentorship_id: str, event: GoalEvent) -> None:
    """Append one event to a mentorship's history."""
    conn.execute("INSERT INTO mentorship_history (mentorship_id, at, kind, field, old, new) VALUES (?, ?, ?, ?, ?, ?)",
                 (mentorship_id, utc_text(event.at), event.kind, event.field, event.old, event.new))


def history(conn: sqlite3.Connection, mentorship_id: str) -> list[GoalEvent]:
    """A mentorship's history, oldest first."""
    return [GoalEvent(at=parse_moment(at), kind=kind, field=name, old=old, new=new) for at, kind, name, old, new in
            conn.execute("SELECT at, kind, field, old, new FROM mentorship_history WHERE mentorship_id = ? "
                         "ORDER BY at, id", (mentorship_id,))]


def check_in_ratings(conn: sqlite3.Connection, mentorship_id: str, until: date) -> list[tuple[date, dict[str, Any]]]:
    """(day, details) of the mentorship's live check-in entries up to `until` (a day to come rated
    nothing yet: S563), oldest first: one query."""
    return [(date.fromisoformat(day), json.loads(details or "{}")) for day, details in conn.execute(
        "SELECT day, details FROM entries WHERE mentorship_id = ? AND kind = 'check-in' AND deleted_at IS NULL "
        "AND day <= ? ORDER BY day, time IS NOT NULL, time, seq", (mentorship_id, until.isoformat()))]


def insert(conn: sqlite3.Connection, m: Mentorship) -> None:
    row = _row(m)
    conn.execute(f"INSERT INTO mentorships ({', '.join(row)}) VALUES ({', '.join(':' + k for k in row)})", row)


def update(conn: sqlite3.Connection, m: Mentorship, at: datetime) -> None:
    """Rewrite a mentorship's fields as changed `at` (its id and creation time stay)."""
    row = {**_row(m), "updated_at": utc_text(at)}
    sets = ", ".join(f"{k} = :{k}" for k in row if k not in ("id", "created_at"))
    conn.execute(f"UPDATE mentorships SET {sets} WHERE id = :id", row)


def get(conn: sqlite3.Connection, mentorship_id: str) -> Mentorship:
    row = conn.execute(f"SELECT {_COLUMNS} FROM mentorships WHERE id = ?", (mentorship_id,)).fetchone()
    if row is None:
        raise NotFound(f"No mentorship {mentorship_id[:8]}. See `journal mentorship list`.")
    m = _from_row(row)
    m.short_id = short_ids(_all_ids(conn))[m.id]
    m.history = history(conn, m.id)
    return m


def _all_ids(conn: sqlite3.Connection) -> list[str]:
    return [row[0] for row in conn.execute("SELECT id FROM mentorships")]


def all_mentorships(conn: sqlite3.Connection) -> list[Mentorship]:
    found = [
        _from_row(row)
        for row in conn.execute(
            f"SELECT {_COLUMNS} FROM mentorships ORDER BY status = 'active' DESC, started_on DESC, lower(mentor)"
        )
    ]
    shorts = short_ids([m.id for m in found])
    for m in found:
        m.short_id = shorts[m.id]
    return found


def resolve(conn: sqlite3.Connection, ref: str) -> str:
    """The id of the mentorship `ref` names: of two with one mentor, the active one (S455)."""
    rows = conn.execute("SELECT id, mentor, status, closed_on FROM mentorships").fetchall()
    states = {r[0]: f"closed {r[3] or ''}".rstrip() if r[2] == "closed" else r[2] for r in rows}
    return pick(ref, [(r[0], r[1]) for r in rows], "mentorship",
                "See `journal mentorship list`, or add one with `journal mentorship add`.", current=states)


def entries_after(conn: sqlite3.Connection, mentorship_id: str, day: date) -> tuple[list[str], date | None]:
    """The ids of the live entries filed under the mentorship dated after `day` (earliest first),
    and the last day of them."""
    rows = conn.execute("SELECT id, day FROM entries WHERE mentorship_id = ? AND day > ? AND deleted_at IS NULL "
                        "ORDER BY day, time, id", (mentorship_id, day.isoformat())).fetchall()
    return [r[0] for r in rows], _day(rows[-1][1]) if rows else None


def short_entry_ids(conn: sqlite3.Connection, ids: list[str]) -> list[str]:
    """`ids` as short ids, as the entry list shows them."""
    from journal.store.entries import short_ids

    shown = short_ids(conn, ids)
    return [shown[i] for i in ids]
