"""Goals, their append-only history and milestones: rows <-> Goal, Milestone."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from journal.record import record
from datetime import date, datetime

from journal.domain.errors import NotFound
from journal.domain.model import Goal, GoalEvent, GoalStatus, Milestone
from journal.domain.refs import pick, short_ids
from journal.domain.dates import parse_moment, parse_stamp, utc_text

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/ARCHITECTURE.md, start-up)
if TYPE_CHECKING:
    from typing import Any
    import sqlite3

_NAMES = ("id", "title", "specific", "measurable", "achievable", "relevant", "time_bound", "success_criteria",
          "status", "mentorship_id", "created_at", "closed_at", "closure_note", "review_every", "updated_at")
_RESUMED = ("(SELECT max(at) FROM goal_history h WHERE h.goal_id = goals.id AND h.kind = 'status' "
            "AND h.new = 'active')")
"""The moment a goal was last set active again (after a pause or a closing), along `goal_history_by_goal`."""
_COLUMNS = ", ".join((*_NAMES, _RESUMED))
EDITABLE = ("title", "specific", "measurable", "achievable", "relevant", "time_bound",
            "success_criteria", "mentorship_id", "review_every")


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _from_row(row: Sequence[Any]) -> Goal:
    item = dict(zip((*_NAMES, "resumed_at"), row, strict=True))
    return Goal(
        id=item["id"], title=item["title"], specific=item["specific"], measurable=item["measurable"],
        achievable=item["achievable"], relevant=item["relevant"], time_bound=_day(item["time_bound"]),
        success_criteria=item["success_criteria"], status=GoalStatus(item["status"]),
        mentorship=item["mentorship_id"], created_at=parse_stamp(item["created_at"]),
        closed_at=parse_stamp(item["closed_at"]), closure_note=item["closure_note"],
        review_every=item["review_every"], updated_at=parse_stamp(item["updated_at"] or item["created_at"]),
        resumed_at=parse_stamp(item["resumed_at"]),
    )


def _value(value: str | int | date | None) -> str | int | None:
    if isinstance(value, date):
        return value.isoformat()
    return value


def insert(conn: sqlite3.Connection, goal: Goal) -> None:
    if goal.created_at is None:
        raise ValueError("a new goal needs its created_at")
    row = {
        "id": goal.id, "title": goal.title, "specific": goal.specific, "measurable": goal.measurable,
        "achievable": goal.achievable, "relevant": goal.relevant, "time_bound": _value(goal.time_bound),
        "success_criteria": goal.success_criteria, "status": goal.status.value, "mentorship_id": goal.mentorship,
        "created_at": utc_text(goal.created_at), "closed_at": None, "closure_note": None,
        "review_every": goal.review_every, "updated_at": utc_text(goal.created_at),
    }
    conn.execute(f"INSERT INTO goals ({', '.join(row)}) VALUES ({', '.join(':' + k for k in row)})", row)
    add_event(conn, goal.id, GoalEvent(goal.created_at, "created", new=goal.title))


def add_event(conn: sqlite3.Connection, goal_id: str, event: GoalEvent) -> None:
    conn.execute(
        "INSERT INTO goal_history (goal_id, at, kind, field, old, new) VALUES (?, ?, ?, ?, ?, ?)",
        (goal_id, utc_text(event.at), event.kind, event.field, event.old, event.new),
    )


def edit(conn: sqlite3.Connection, goal: Goal, changes: Mapping[str, str | int | date | None],
         at: datetime) -> list[str]:
    """Apply field changes, recording each real change in the history; returns changed fields."""
    changed = []
    current = {"mentorship_id": goal.mentorship, **{f: getattr(goal, f) for f in EDITABLE if f != "mentorship_id"}}
    for field, new in changes.items():
        if field not in EDITABLE:
            raise ValueError(field)
        old = current[field]
        if _value(old) == _value(new):
            continue
        conn.execute(f"UPDATE goals SET {field} = ?, updated_at = ? WHERE id = ?", (_value(new), utc_text(at), goal.id))
        add_event(conn, goal.id, GoalEvent(at, "edit", field, _text(old), _text(new)))
        changed.append(field)
    return changed


def _text(value: str | int | date | None) -> str | None:
    stored = _value(value)
    return None if stored is None else str(stored)


def set_status(conn: sqlite3.Connection, goal: Goal, status: GoalStatus, at: datetime, note: str | None) -> None:
    """A closing's note is the goal's closing note; a pause's (or a resumption's) is said in its
    history as why (`status_note`): it was kept as a closing note, and resuming then read
    "closing note: Team crunch → —" of a goal never closed (S217)."""
    again = goal.status.closed and status.closed  # how it ended, corrected: the closing's day and note stay (S363)
    closing_note = (note or goal.closure_note) if again else note if status.closed else None
    closed_at = (goal.closed_at or at) if again else at if status.closed else None
    conn.execute(
        "UPDATE goals SET status = ?, closed_at = ?, closure_note = ?, updated_at = ? "
        "WHERE id = ?", (status.value, utc_text(closed_at) if closed_at else None, closing_note, utc_text(at), goal.id),
    )
    add_event(conn, goal.id, GoalEvent(at, "status", "status", goal.status.value, status.value))
    if note and not status.closed:
        add_event(conn, goal.id, GoalEvent(at, "edit", "status_note", None, note))
    if goal.status.closed and goal.closure_note and goal.closure_note != closing_note:
        # the note was that closing's: its words stay in the history
        add_event(conn, goal.id, GoalEvent(at, "edit", "closure_note", goal.closure_note, closing_note))


def get(conn: sqlite3.Connection, goal_id: str) -> Goal:
    row = conn.execute(f"SELECT {_COLUMNS} FROM goals WHERE id = ?", (goal_id,)).fetchone()
    if row is None:
        raise NotFound(f"No goal {goal_id[:8]}. See `journal goal list`.")
    goal = _from_row(row)
    goal.history = [
        GoalEvent(parse_moment(at), kind, field, old, new)
        for at, kind, field, old, new in conn.execute(
            "SELECT at, kind, field, old, new FROM goal_history WHERE goal_id = ? ORDER BY at, id", (goal_id,)
        )
    ]
    goal.milestones = milestones(conn, goal_id)
    goal.short_id = short_ids(_all_ids(conn))[goal.id]
    return goal


def _all_ids(conn: sqlite3.Connection) -> list[str]:
    return [row[0] for row in conn.execute("SELECT id FROM goals")]


def all_goals(conn: sqlite3.Connection, statuses: tuple[GoalStatus, ...] = ()) -> list[Goal]:
    """Goals, active ones first, then by title."""
    sql = f"SELECT {_COLUMNS} FROM goals"
    params: list[str] = []
    if statuses:
        sql += f" WHERE status IN ({', '.join('?' * len(statuses))})"
        params = [s.value for s in statuses]
    sql += " ORDER BY status = 'active' DESC, lower(title)"
    goals = [_from_row(row) for row in conn.execute(sql, params)]
    shorts = short_ids(_all_ids(conn))
    for goal in goals:
        goal.short_id = shorts[goal.id]
    return goals


def resolve(conn: sqlite3.Connection, ref: str) -> str:
    candidates = [(r[0], r[1]) for r in conn.execute("SELECT id, title FROM goals")]
    return pick(ref, candidates, "goal", "See `journal goal list`, or create it with `journal goal add`.")


@record
class GoalActivity:
    """The entries linked to one goal: how many per lens, the day of the latest, and the day of
    the latest check-in."""

    per_lens: dict[str, int]
    last: str | None = None
    """ISO day of the latest entry."""
    last_check_in: str | None = None
    """ISO day of the latest check-in or goal-audit entry (a goal's review is due from it)."""


_LAST_DAYS = ("max(CASE WHEN e.day < substr(e.created_at, 1, 10) THEN e.day "
              "ELSE min(e.day, local_day(e.created_at)) END), "
              "max(CASE WHEN e.kind IN ('check-in', 'goal-audit') THEN e.day END)")
"""A goal's latest entry day and latest check-in day (ISO days), over the rows grouped. An
entry counts on its day, or on the day it was written if that came first: a foresight entry
dated ahead is activity the day it is written, not on its future day (it made a quiet goal
look active for weeks ahead, "quiet -10d": S216). The day written is the local one (the UTC
day of a moment after local midnight was the day before: a goal written about at 00:30 in
Berlin was "quiet 1d": S249); an entry dated before the UTC day it was written on is dated
before the local one too, and needs no conversion (`local_day`: Session)."""


def review_set(conn: sqlite3.Connection, goal_ids: Sequence[str]) -> dict[str, str]:
    """Per goal of `goal_ids` whose review rhythm was ever set or changed after it was made:
    the stored moment of the latest such change (one query, along `goal_history_by_goal`)."""
    if not goal_ids:
        return {}
    return dict(conn.execute(
        f"SELECT goal_id, max(at) FROM goal_history WHERE goal_id IN ({', '.join('?' * len(goal_ids))}) "
        "AND field = 'review_every' GROUP BY goal_id", list(goal_ids)).fetchall())


def lens_counts(conn: sqlite3.Connection) -> dict[str, GoalActivity]:
    """Per goal: entries written per lens (a closure's answers are counted apart, as the
    retrospective counts them: a goal closed with answers only read as written about, S544), the
    day of the latest entry and of the latest check-in (trash excluded), in one pass over the goal
    links (never a query per goal)."""
    stats: dict[str, GoalActivity] = {}
    for goal_id, lens, n, last, check_in in conn.execute(
        f"SELECT eg.goal_id, e.lens, sum(e.kind != 'closure'), {_LAST_DAYS} "
        "FROM entry_goals eg JOIN entries e ON e.id = eg.entry_id WHERE e.deleted_at IS NULL "
        "GROUP BY eg.goal_id, e.lens"
    ):
        item = stats.setdefault(goal_id, GoalActivity({"hindsight": 0, "insight": 0, "foresight": 0}))
        item.per_lens[lens] = n
        if item.last is None or last > item.last:
            item.last = last
        if check_in is not None and (item.last_check_in is None or check_in > item.last_check_in):
            item.last_check_in = check_in
    return stats


def last_activity(conn: sqlite3.Connection, goal_ids: Sequence[str], since: date,
                  check_ins: Collection[str] = ()) -> dict[str, tuple[str | None, str | None]]:
    """Per goal of `goal_ids`: (ISO day of its latest entry, ISO day of its latest check-in),
    trash excluded, None where there is none; the check-in day is looked for only for the goals
    in `check_ins` (others: None). What `journal due` needs of the goal links.

    Recent entries first: the entries from `since` on (a range of `entries_newest`, each entry's
    links found by their primary key) answer for every goal with an entry (and a check-in, where
    wanted) since then, the latest of all being among them; only the goals left without have all
    their own links read (along `entry_goals_by_goal`). Two queries for any number of goals, and
    the older years of a big journal are not read. The plan is fixed (`INDEXED BY`, `CROSS JOIN`):
    a range with one end is guessed at a quarter of the journal, and with the statistics of a
    big journal the planner read every entry instead. The first query names no goal:
    a list of goals there made SQLite build a filter over every link first (a few ms at 100,000
    entries), more than the few closed goals' rows it keeps out."""
    if not goal_ids:
        return {}
    found: dict[str, tuple[str | None, str | None]] = {
        goal_id: (last, check_in) for goal_id, last, check_in in conn.execute(
            f"SELECT eg.goal_id, {_LAST_DAYS} FROM entries e INDEXED BY entries_newest "
            "CROSS JOIN entry_goals eg ON eg.entry_id = e.id WHERE e.day >= ? AND e.deleted_at IS NULL "
            "GROUP BY eg.goal_id", (since.isoformat(),))}
    older = [goal_id for goal_id in goal_ids  # (an entry dated since then but written before: look further)
             if goal_id not in found or (found[goal_id][0] or "") < since.isoformat()
             or (goal_id in check_ins and found[goal_id][1] is None)]
    if older:
        found.update({goal_id: (last, check_in) for goal_id, last, check_in in conn.execute(
            f"SELECT eg.goal_id, {_LAST_DAYS} FROM entry_goals eg JOIN entries e ON e.id = eg.entry_id "
            f"WHERE eg.goal_id IN ({', '.join('?' * len(older))}) AND e.deleted_at IS NULL GROUP BY eg.goal_id",
            older)})
    activity: dict[str, tuple[str | None, str | None]] = {}
    for goal_id in goal_ids:
        last, check_in = found.get(goal_id, (None, None))
        activity[goal_id] = (last, check_in if goal_id in check_ins else None)
    return activity


def milestones(conn: sqlite3.Connection, goal_id: str) -> list[Milestone]:
    return [
        Milestone(id_, goal_id, title, _day(due), _day(done), parse_stamp(updated))
        for id_, title, due, done, updated in conn.execute(
            "SELECT id, title, due_on, done_on, coalesce(updated_at, created_at) FROM milestones WHERE goal_id = ? "
            "ORDER BY due_on IS NULL, due_on, created_at, title, id", (goal_id,)
        )
    ]


def milestones_due(conn: sqlite3.Connection, today: date) -> dict[str, list[Milestone]]:
    """Open milestones of active goals whose day has come, by goal, earliest first: one query
    for every goal (`journal due`, S330)."""
    found: dict[str, list[Milestone]] = {}
    for id_, goal_id, title, due in conn.execute(
        "SELECT m.id, m.goal_id, m.title, m.due_on FROM milestones AS m JOIN goals AS g ON g.id = m.goal_id "
        "WHERE g.status = 'active' AND m.done_on IS NULL AND m.due_on <= ? "
        "ORDER BY m.due_on, m.created_at, m.title, m.id",
        (today.isoformat(),),
    ):
        found.setdefault(goal_id, []).append(Milestone(id_, goal_id, title, _day(due)))
    return found


def add_milestone(conn: sqlite3.Connection, milestone: Milestone, at: datetime) -> None:
    conn.execute(
        "INSERT INTO milestones (id, goal_id, title, due_on, done_on, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (milestone.id, milestone.goal, milestone.title, _value(milestone.due_on), None, utc_text(at), utc_text(at)),
    )


def update_milestone(conn: sqlite3.Connection, milestone: Milestone, at: datetime) -> None:
    """Its title, due day and the day it was reached, as `milestone` has them."""
    conn.execute("UPDATE milestones SET title = ?, due_on = ?, done_on = ?, updated_at = ? WHERE id = ?",
                 (milestone.title, _value(milestone.due_on), _value(milestone.done_on), utc_text(at), milestone.id))


def set_milestone_done(conn: sqlite3.Connection, milestone_id: str, done_on: date | None, at: datetime) -> None:
    conn.execute("UPDATE milestones SET done_on = ?, updated_at = ? WHERE id = ?",
                 (_value(done_on), utc_text(at), milestone_id))


def resolve_milestone(conn: sqlite3.Connection, goal_id: str, ref: str) -> Milestone:
    found = milestones(conn, goal_id)
    chosen = pick(ref, [(m.id, m.title) for m in found], "milestone", "See `journal goal show GOAL`.")
    return next(m for m in found if m.id == chosen)
