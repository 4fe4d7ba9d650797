"""Queries behind `journal due` and streaks."""

from __future__ import annotations

import sqlite3
from datetime import date


def open_foresight(conn: sqlite3.Connection, today: date) -> list[str]:
    """Ids of foresight entries whose revisit day has come and that no hindsight entry answers yet."""
    return [row[0] for row in conn.execute(
        "SELECT e.id FROM entries e WHERE e.lens = 'foresight' AND e.revisit_on IS NOT NULL "
        "AND e.revisit_on <= ? AND e.deleted_at IS NULL AND NOT EXISTS "
        "(SELECT 1 FROM entries a WHERE a.answers = e.id AND a.deleted_at IS NULL) "
        "ORDER BY e.revisit_on, e.seq",
        (today.isoformat(),),
    )]


def last_goal_check_ins(conn: sqlite3.Connection) -> dict[str, str]:
    """Per goal: the day of its latest check-in entry."""
    return dict(conn.execute(
        "SELECT eg.goal_id, max(e.day) FROM entry_goals eg JOIN entries e ON e.id = eg.entry_id "
        "WHERE e.kind = 'check-in' AND e.deleted_at IS NULL GROUP BY eg.goal_id"
    ).fetchall())


def last_mentorship_check_ins(conn: sqlite3.Connection) -> dict[str, str]:
    """Per mentorship: the day of its latest check-in or meeting entry."""
    return dict(conn.execute(
        "SELECT mentorship_id, max(day) FROM entries WHERE kind IN ('check-in', 'meeting') "
        "AND mentorship_id IS NOT NULL AND deleted_at IS NULL GROUP BY mentorship_id"
    ).fetchall())


def entry_days(conn: sqlite3.Connection) -> list[date]:
    return [date.fromisoformat(row[0]) for row in conn.execute(
        "SELECT DISTINCT day FROM entries WHERE deleted_at IS NULL ORDER BY day")]


def lens_counts_by_day(conn: sqlite3.Connection, since: date) -> dict[date, dict[str, int]]:
    """Per day from `since` on: entries per lens (one GROUP BY over the date index)."""
    found: dict[date, dict[str, int]] = {}
    for day, lens, count in conn.execute(
            "SELECT day, lens, count(*) FROM entries WHERE day >= ? AND deleted_at IS NULL "
            "GROUP BY day, lens", (since.isoformat(),)):
        found.setdefault(date.fromisoformat(day), {})[lens] = count
    return found
