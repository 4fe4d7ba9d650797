"""Queries behind `journal due` and streaks."""

from __future__ import annotations

from datetime import date

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/ARCHITECTURE.md, start-up)
if TYPE_CHECKING:
    import sqlite3

_FOLLOW_UP = "e.kind = 'feedback' AND json_extract(e.details, '$.follow_up') IS NOT NULL"
"""A feedback entry with a follow-up: its revisit_on is the follow-up's date."""
_OPEN = ("e.revisit_on IS NOT NULL AND e.revisit_on <= ? AND e.deleted_at IS NULL AND NOT EXISTS "
         "(SELECT 1 FROM entries a WHERE likelihood(a.answers = e.id, 0.000001) AND a.deleted_at IS NULL)")
"""Due and not yet answered. The answer is looked up on `entries_answers`, one seek per due entry.
`likelihood` says what the statistics cannot: nearly every entry answers nothing, so ANALYZE
records `answers` as one value (NULL) shared by the whole table, and the planner, believing a
seek finds every row, scanned all entries for each due entry instead (2.6 s at 10,000 entries;
minutes at 100,000). tests/unit/test_query_plans.py holds the plan."""


def _first(limit: int | None) -> str:
    """The LIMIT of a list read longest waiting first (along `entries_revisit`, so the walk stops
    at the last row wanted); none for every row."""
    return "" if limit is None else f" LIMIT {int(limit)}"


def open_foresight(conn: sqlite3.Connection, today: date,
                   limit: int | None = None) -> list[tuple[str, str | None, str, date]]:
    """Foresight entries whose revisit day has come and that no hindsight entry answers yet, as
    (id, title, body, revisit day), longest waiting first, the first `limit` (None: all), in one
    query (a feedback follow-up is listed as one instead)."""
    return [(row[0], row[1], row[2], date.fromisoformat(row[3])) for row in conn.execute(
        f"SELECT e.id, e.title, e.body, e.revisit_on FROM entries e WHERE e.lens = 'foresight' AND {_OPEN} "
        f"AND NOT ({_FOLLOW_UP}) ORDER BY e.revisit_on, e.seq{_first(limit)}",
        (today.isoformat(),),
    )]


def open_follow_ups(conn: sqlite3.Connection, today: date,
                    limit: int | None = None) -> list[tuple[str, str | None, str, date]]:
    """Feedback follow-ups whose date has come and that no hindsight entry answers yet, as
    (id, from whom, what will be tried, the follow-up day), longest waiting first, the first
    `limit` (None: all), in one query."""
    return [(row[0], row[1], row[2], date.fromisoformat(row[3])) for row in conn.execute(
        "SELECT e.id, json_extract(e.details, '$.from'), json_extract(e.details, '$.follow_up'), e.revisit_on "
        f"FROM entries e WHERE {_FOLLOW_UP} AND {_OPEN} ORDER BY e.revisit_on, e.seq{_first(limit)}",
        (today.isoformat(),),
    )]


def open_counts(conn: sqlite3.Connection, today: date) -> tuple[int, int]:
    """How many foresight entries and how many feedback follow-ups `open_foresight` and
    `open_follow_ups` would list, counted in one pass over the due part of `entries_revisit`
    (no row leaves SQLite)."""
    foresight, follow_ups = conn.execute(
        f"SELECT count(*) FILTER (WHERE e.lens = 'foresight' AND NOT ({_FOLLOW_UP})), "
        f"count(*) FILTER (WHERE {_FOLLOW_UP}) "
        f"FROM entries e WHERE (e.lens = 'foresight' OR e.kind = 'feedback') AND {_OPEN}",
        (today.isoformat(),),
    ).fetchone()
    return foresight, follow_ups


def goal_audits(conn: sqlite3.Connection, goal_id: str) -> tuple[int, date | None]:
    """How many live goal-audit entries link to the goal, and the day of the latest (one query)."""
    count, last = conn.execute(
        "SELECT count(*), max(e.day) FROM entry_goals eg JOIN entries e ON e.id = eg.entry_id "
        "WHERE eg.goal_id = ? AND e.kind = 'goal-audit' AND e.deleted_at IS NULL", (goal_id,)).fetchone()
    return count, date.fromisoformat(last) if last else None


def last_mentorship_check_ins(conn: sqlite3.Connection, today: date) -> dict[str, tuple[str, str | None, str | None]]:
    """Per mentorship with check-ins or meetings up to `today`: the day of its latest check-in or
    meeting entry, of its latest meeting, and when its next meeting was last planned (UTC text,
    from its history). One dated ahead (a plan for it, written as a check-in) kept no rhythm and
    held no meeting: a check-in overdue for weeks was gone from `due` (S563)."""
    return {row[0]: (row[1], row[2], row[3]) for row in conn.execute(
        "SELECT mentorship_id, max(day), max(CASE WHEN kind = 'meeting' THEN day END), "
        "(SELECT max(at) FROM mentorship_history h WHERE h.mentorship_id = entries.mentorship_id "
        " AND h.kind = 'edit' AND h.field = 'next_meeting_on') FROM entries "
        "WHERE kind IN ('check-in', 'meeting') AND mentorship_id IS NOT NULL AND deleted_at IS NULL AND day <= ? "
        "GROUP BY mentorship_id", (today.isoformat(),))}


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
