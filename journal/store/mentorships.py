"""Mentorships: rows <-> Mentorship."""

from __future__ import annotations

import sqlite3
from datetime import date

from journal.domain.errors import NotFound
from journal.domain.model import Mentorship, MentorshipStatus
from journal.domain.refs import pick, short_ids
from journal.store.entries import parse_stamp, utc_text

_COLUMNS = (
    "id, mentor, focus, started_on, agreements, check_in_every, next_meeting_on, status, "
    "closed_on, created_at"
)
EDITABLE = ("mentor", "focus", "started_on", "agreements", "check_in_every", "next_meeting_on")


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _from_row(row: tuple) -> Mentorship:
    id_, mentor, focus, started, agreements, every, next_on, status, closed, created = row
    return Mentorship(
        id=id_, mentor=mentor, focus=focus, started_on=_day(started), agreements=agreements,
        check_in_every=every, next_meeting_on=_day(next_on), status=MentorshipStatus(status),
        closed_on=_day(closed), created_at=parse_stamp(created),
    )


def insert(conn: sqlite3.Connection, m: Mentorship) -> None:
    conn.execute(
        f"INSERT INTO mentorships ({_COLUMNS}) VALUES ({', '.join('?' * 10)})",
        (m.id, m.mentor, m.focus, _iso(m.started_on), m.agreements, m.check_in_every,
         _iso(m.next_meeting_on), m.status.value, _iso(m.closed_on), utc_text(m.created_at)),
    )


def update(conn: sqlite3.Connection, m: Mentorship) -> None:
    conn.execute(
        "UPDATE mentorships SET mentor = ?, focus = ?, started_on = ?, agreements = ?, "
        "check_in_every = ?, next_meeting_on = ?, status = ?, closed_on = ? WHERE id = ?",
        (m.mentor, m.focus, _iso(m.started_on), m.agreements, m.check_in_every,
         _iso(m.next_meeting_on), m.status.value, _iso(m.closed_on), m.id),
    )


def get(conn: sqlite3.Connection, mentorship_id: str) -> Mentorship:
    row = conn.execute(f"SELECT {_COLUMNS} FROM mentorships WHERE id = ?", (mentorship_id,)).fetchone()
    if row is None:
        raise NotFound(f"No mentorship {mentorship_id[:8]}. See `journal mentorship list`.")
    m = _from_row(row)
    m.short_id = short_ids(_all_ids(conn))[m.id]
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
    candidates = [(r[0], r[1]) for r in conn.execute("SELECT id, mentor FROM mentorships")]
    return pick(ref, candidates, "mentorship", "See `journal mentorship list`, or add one with `journal mentorship add`.")
