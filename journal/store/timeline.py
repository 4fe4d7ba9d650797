"""Lean reads for the timeline: only the columns it needs, one query for thousands of entries."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from datetime import date, timedelta
from typing import Any

from journal.domain.model import Entry, GoalRef, Kind, Lens
from journal.store import entries as entry_rows

SNIPPET = 200
"""Characters of the body fetched (enough for the first line as a title)."""


GoalDays = tuple[tuple[str, str, str], ...]
"""(goal id, first day, last day): the goal's entries on those days only (a mentorship's goal
while it belonged to it)."""


def _where(goal_ids: tuple[str, ...] = (), mentorship_id: str | None = None, tag: str | None = None,
           goal_days: GoalDays = ()) -> tuple[list[str], list[str]]:
    """The clauses (on `entries e`) and parameters choosing a timeline's entries."""
    clauses = ["e.deleted_at IS NULL"]
    params: list[str] = []
    linked, linked_params = [], []
    if goal_ids:
        marks = ", ".join("?" * len(goal_ids))
        linked.append(f"e.id IN (SELECT entry_id FROM entry_goals WHERE goal_id IN ({marks}))")
        linked_params += list(goal_ids)
    for goal_id, first, last in goal_days:
        linked.append("(e.id IN (SELECT entry_id FROM entry_goals WHERE goal_id = ?) AND e.day BETWEEN ? AND ?)")
        linked_params += [goal_id, first, last]
    goal_clause = " OR ".join(linked)
    if mentorship_id is not None:
        if goal_clause:
            clauses.append(f"(e.mentorship_id = ? OR {goal_clause})")
            params += [mentorship_id, *linked_params]
        else:
            clauses.append("e.mentorship_id = ?")
            params.append(mentorship_id)
    elif goal_clause:
        clauses.append(f"({goal_clause})")
        params += linked_params
    if tag is not None:
        clauses.append("e.id IN (SELECT entry_id FROM entry_tags WHERE tag = ?)")
        params.append(tag)
    return clauses, params


def day_counts(
    conn: sqlite3.Connection,
    *,
    goal_ids: tuple[str, ...] = (),
    mentorship_id: str | None = None,
    tag: str | None = None,
    goal_days: GoalDays = (),
) -> list[tuple[date, dict[str, int]]]:
    """Each day with some of the same live entries as `entries`, oldest first, and how many it has
    per lens (every lens present): a timeline's outline, read without the entries' text."""
    clauses, params = _where(goal_ids, mentorship_id, tag, goal_days)
    values = [lens.value for lens in Lens]
    sums = ", ".join("sum(e.lens = ?)" for _ in values)
    sql = f"SELECT e.day, {sums} FROM entries e WHERE {' AND '.join(clauses)} GROUP BY e.day ORDER BY e.day"
    day = date.fromisoformat
    return [(day(row[0]), dict(zip(values, row[1:], strict=True))) for row in conn.execute(sql, [*values, *params])]


def entries(
    conn: sqlite3.Connection,
    *,
    goal_ids: tuple[str, ...] = (),
    mentorship_id: str | None = None,
    tag: str | None = None,
    goal_days: GoalDays = (),
    since: date | None = None,
    ids: Collection[str] | None = None,
) -> list[Entry]:
    """Live entries (trash excluded) oldest first, with a body snippet, goal links, details (a
    check-in's ratings, a feedback entry's giver and follow-up) and short ids.

    `goal_ids` alone: entries linked to any of them. `mentorship_id`: entries of the
    mentorship or linked to any of `goal_ids`. `tag`: narrows whatever else is chosen.
    Nothing chosen: the whole journal. `since` (a window): only the entries written on or after
    that day, those with a revisit (a foresight's, a follow-up) on or after it, and those that
    an entry from that day on answers. `ids`: only those of them (a window chosen from `outline`).
    """
    clauses, params = _where(goal_ids, mentorship_id, tag, goal_days)
    if since is not None:
        clauses.append("(e.day >= ? OR e.revisit_on >= ? OR e.id IN "
                       "(SELECT x.answers FROM entries x WHERE x.day >= ? AND x.answers IS NOT NULL))")
        params += [since.isoformat()] * 3
    source = "entries e"
    if ids is not None:  # those entries first, each found by its id (never a walk of a big goal)
        source = "json_each(?) j CROSS JOIN entries e ON e.id = j.value"
        params.insert(0, json.dumps(sorted(ids)))
    sql = (
        "SELECT e.id, e.day, e.time, e.lens, e.kind, e.title, substr(e.body, 1, ?), e.starred, "
        "e.revisit_on, e.mentorship_id, e.answers, e.details, "
        "(SELECT group_concat(eg.goal_id, ' ') FROM entry_goals eg WHERE eg.entry_id = e.id), "
        # neighbours in id order (two index seeks) give the shortest unique prefix
        "(SELECT max(b.id) FROM entries b WHERE b.id < e.id), (SELECT min(a.id) FROM entries a WHERE a.id > e.id) "
        f"FROM {source} WHERE {' AND '.join(clauses)} ORDER BY e.day, e.time, e.seq"
    )
    found: list[Entry] = []
    lenses, kinds = {lens.value: lens for lens in Lens}, {kind.value: kind for kind in Kind}
    shortest = entry_rows.MIN_SHORT_ID
    for (id_, day, time, lens, kind, title, body, starred, revisit, mentorship, answers, details, goals,
         before, after) in conn.execute(sql, [SNIPPET, *params]):
        # the shortest prefix shared with neither neighbour: one slice comparison each, nearly always
        n = shortest
        while (before and before[:n] == id_[:n]) or (after and after[:n] == id_[:n]):
            n += 1
        found.append(Entry(
            id=id_, day=date.fromisoformat(day), time=time, lens=lenses[lens], kind=kinds[kind],
            title=title, body=body, starred=bool(starred),
            revisit_on=date.fromisoformat(revisit) if revisit else None, mentorship=mentorship,
            answers=answers, details=json.loads(details) if details else {},
            goals=tuple(GoalRef(g, "") for g in goals.split()) if goals else (),
            short_id=id_[:n],
        ))
    return found



def revisit_days(
    conn: sqlite3.Connection,
    *,
    goal_ids: tuple[str, ...] = (),
    mentorship_id: str | None = None,
    tag: str | None = None,
    goal_days: GoalDays = (),
) -> list[date]:
    """The days the same live entries as `entries` put on the timeline besides their own: a
    foresight's revisit, a feedback entry's follow-up."""
    clauses, params = _where(goal_ids, mentorship_id, tag, goal_days)
    sql = (f"SELECT DISTINCT e.revisit_on FROM entries e INDEXED BY entries_revisit WHERE {' AND '.join(clauses)} "
           "AND e.revisit_on IS NOT NULL AND (e.lens = 'foresight' OR e.kind = 'feedback')")
    return [date.fromisoformat(d) for (d,) in conn.execute(sql, params)]


def revisit_ids(
    conn: sqlite3.Connection,
    *,
    goal_ids: tuple[str, ...] = (),
    mentorship_id: str | None = None,
    tag: str | None = None,
    goal_days: GoalDays = (),
) -> set[str]:
    """The ids of the same live entries as `entries` that put a day on the timeline besides their
    own (`revisit_days`): a foresight with a revisit, a feedback entry with a follow-up."""
    clauses, params = _where(goal_ids, mentorship_id, tag, goal_days)
    sql = (f"SELECT e.id FROM entries e INDEXED BY entries_revisit WHERE {' AND '.join(clauses)} "
           "AND e.revisit_on IS NOT NULL AND (e.lens = 'foresight' OR e.kind = 'feedback')")
    return {i for (i,) in conn.execute(sql, params)}


def last_day_before(
    conn: sqlite3.Connection,
    since: date,
    *,
    goal_ids: tuple[str, ...] = (),
    mentorship_id: str | None = None,
    tag: str | None = None,
    goal_days: GoalDays = (),
) -> date | None:
    """The last day before `since` with one of the same live entries as `entries`, if any."""
    return _next_day(conn, since, -1, goal_ids=goal_ids, mentorship_id=mentorship_id, tag=tag, goal_days=goal_days)


def _linked_at_most(conn: sqlite3.Connection, goal_ids: tuple[str, ...], mentorship_id: str | None,
                    tag: str | None, newest: int) -> bool:
    """Whether the links alone say the timeline has at most `newest` entries (cheap counts of
    the link indexes; an upper bound: trashed entries keep their links)."""
    bounds = []
    if goal_ids or mentorship_id is not None:
        n = 0
        if goal_ids:
            marks = ", ".join("?" * len(goal_ids))
            n += conn.execute(f"SELECT count(*) FROM entry_goals WHERE goal_id IN ({marks})", goal_ids).fetchone()[0]
        if mentorship_id is not None:
            n += conn.execute("SELECT count(*) FROM entries WHERE mentorship_id = ?", (mentorship_id,)).fetchone()[0]
        bounds.append(n)
    if tag is not None:
        bounds.append(conn.execute("SELECT count(*) FROM entry_tags WHERE tag = ?", (tag,)).fetchone()[0])
    return bool(bounds) and min(bounds) <= newest


def window(
    conn: sqlite3.Connection,
    newest: int,
    *,
    before: date | None = None,
    goal_ids: tuple[str, ...] = (),
    mentorship_id: str | None = None,
    tag: str | None = None,
    goal_days: GoalDays = (),
) -> date | None:
    """Where the newest part of the same live entries as `entries` starts (of those before the
    day `before` when given): the day of the `newest`-th newest. None when there are at most
    `newest` entries (before `before`). It walks the index of days from the newest end, so a
    big goal is never read whole (its 5,000 rows are spread over the file); `band` then gives
    the ids of the entries the part is built from."""
    if before is None and _linked_at_most(conn, (*goal_ids, *(g for g, _, _ in goal_days)), mentorship_id, tag,
                                          newest):
        return None
    return _nth_day(conn, newest, before, -1, goal_ids=goal_ids, mentorship_id=mentorship_id, tag=tag,
                    goal_days=goal_days)


def window_end(
    conn: sqlite3.Connection,
    newest: int,
    since: date,
    *,
    goal_ids: tuple[str, ...] = (),
    mentorship_id: str | None = None,
    tag: str | None = None,
    goal_days: GoalDays = (),
) -> date | None:
    """Where a part of `newest` of the same live entries as `entries` from the day `since` on
    ends: the day after the day of its `newest`-th (the part holds all of that day). None when
    there are at most `newest` entries from `since` on."""
    last = _nth_day(conn, newest, since, 1, goal_ids=goal_ids, mentorship_id=mentorship_id, tag=tag,
                    goal_days=goal_days)
    return None if last is None else last + timedelta(days=1)


def _nth_day(conn: sqlite3.Connection, newest: int, day: date | None, step: int, **scope: Any) -> date | None:
    """The day of the `newest`-th entry going back from before `day` (`step` -1; `day` None: from
    the newest) or on from `day` (1), along the index of days; None when there are no more than
    `newest` of them (one more is read to tell)."""
    clauses, params = _where(**scope)
    if day is not None:
        clauses.append(f"e.day {'<' if step < 0 else '>='} ?")
        params.append(day.isoformat())
    order = " DESC" if step < 0 else ""
    days = conn.execute(f"SELECT e.day FROM entries e INDEXED BY entries_newest WHERE {' AND '.join(clauses)} "
                        f"ORDER BY e.day{order}, e.time{order}, e.seq{order} LIMIT ?", [*params, newest + 1]).fetchall()
    return date.fromisoformat(days[newest - 1][0]) if len(days) > newest else None


def band(
    conn: sqlite3.Connection,
    since: date,
    before: date | None = None,
    *,
    goal_ids: tuple[str, ...] = (),
    mentorship_id: str | None = None,
    tag: str | None = None,
    goal_days: GoalDays = (),
) -> set[str]:
    """The ids of the entries a stretch of the timeline from `since` to the day before `before`
    (None: to its end) is built from: those written then, those with a revisit (a foresight's,
    a follow-up) then, and those they answer."""
    clauses, params = _where(goal_ids, mentorship_id, tag, goal_days)
    where = " AND ".join(clauses)
    upto, upto_params = ("", []) if before is None else (" AND {} < ?", [before.isoformat()])
    ids = {i for (i,) in conn.execute(f"SELECT e.id FROM entries e INDEXED BY entries_newest WHERE {where} "
                                      f"AND e.day >= ?{upto.format('e.day')}",
                                      [*params, since.isoformat(), *upto_params])}
    ids |= {i for (i,) in conn.execute(f"SELECT e.id FROM entries e INDEXED BY entries_revisit WHERE {where} "
                                       f"AND e.revisit_on >= ?{upto.format('e.revisit_on')}",
                                       [*params, since.isoformat(), *upto_params])}
    answered = [a for (a,) in conn.execute(
        "SELECT x.answers FROM json_each(?) j CROSS JOIN entries x ON x.id = j.value WHERE x.answers IS NOT NULL",
        (json.dumps(sorted(ids)),))]
    if answered:
        ids |= {i for (i,) in conn.execute(
            f"SELECT e.id FROM json_each(?) j CROSS JOIN entries e ON e.id = j.value WHERE {where}",
            [json.dumps(answered), *params])}
    return ids


def _next_day(conn: sqlite3.Connection, day: date, step: int, **scope: Any) -> date | None:
    """The last day before `day` (`step` -1) or the first on or after it (1) with one of the same
    live entries as `entries`, along the index of days (a big goal's rows are never all read)."""
    clauses, params = _where(**scope)
    order = "DESC" if step < 0 else ""
    row = conn.execute(f"SELECT e.day FROM entries e INDEXED BY entries_newest WHERE {' AND '.join(clauses)} "
                       f"AND e.day {'<' if step < 0 else '>='} ? ORDER BY e.day {order}, e.time {order}, e.seq {order} "
                       "LIMIT 1", [*params, day.isoformat()]).fetchone()
    return date.fromisoformat(row[0]) if row else None


def first_day_from(conn: sqlite3.Connection, day: date, **scope: Any) -> date | None:
    """The first day on or after `day` with one of the same live entries as `entries`, if any."""
    return _next_day(conn, day, 1, **scope)


def answered(conn: sqlite3.Connection) -> set[str]:
    """The ids of the entries a live entry answers (along `entries_answers`: answers are few)."""
    return {row[0] for row in conn.execute(
        "SELECT DISTINCT answers FROM entries WHERE answers IS NOT NULL AND deleted_at IS NULL")}
