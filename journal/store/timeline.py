"""Lean reads for the timeline: only the columns it needs, one query for thousands of entries."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

from journal.domain.model import Entry, GoalRef, Kind, Lens
from journal.store import entries as entry_rows

SNIPPET = 200
"""Characters of the body fetched (enough for the first line as a title)."""


def entries(
    conn: sqlite3.Connection,
    *,
    goal_ids: tuple[str, ...] = (),
    mentorship_id: str | None = None,
    tag: str | None = None,
) -> list[Entry]:
    """Live entries (trash excluded) oldest first, with a body snippet, goal links, details (a
    check-in's ratings, a feedback entry's giver and follow-up) and short ids.

    `goal_ids` alone: entries linked to any of them. `mentorship_id`: entries of the
    mentorship or linked to any of `goal_ids`. `tag`: narrows whatever else is chosen.
    Nothing chosen: the whole journal.
    """
    clauses = ["e.deleted_at IS NULL"]
    params: list[str] = []
    goal_clause = ""
    if goal_ids:
        marks = ", ".join("?" * len(goal_ids))
        goal_clause = f"e.id IN (SELECT entry_id FROM entry_goals WHERE goal_id IN ({marks}))"
    if mentorship_id is not None:
        if goal_clause:
            clauses.append(f"(e.mentorship_id = ? OR {goal_clause})")
            params += [mentorship_id, *goal_ids]
        else:
            clauses.append("e.mentorship_id = ?")
            params.append(mentorship_id)
    elif goal_clause:
        clauses.append(goal_clause)
        params += list(goal_ids)
    if tag is not None:
        clauses.append("e.id IN (SELECT entry_id FROM entry_tags WHERE tag = ?)")
        params.append(tag)
    sql = (
        "SELECT e.id, e.day, e.time, e.lens, e.kind, e.title, substr(e.body, 1, ?), e.starred, "
        "e.revisit_on, e.mentorship_id, e.answers, e.details, "
        "(SELECT group_concat(eg.goal_id, ' ') FROM entry_goals eg WHERE eg.entry_id = e.id), "
        # neighbours in id order (two index seeks) give the shortest unique prefix
        "(SELECT max(b.id) FROM entries b WHERE b.id < e.id), (SELECT min(a.id) FROM entries a WHERE a.id > e.id) "
        f"FROM entries e WHERE {' AND '.join(clauses)} ORDER BY e.day, e.time, e.seq"
    )
    found: list[Entry] = []
    lenses, kinds = {lens.value: lens for lens in Lens}, {kind.value: kind for kind in Kind}
    for (id_, day, time, lens, kind, title, body, starred, revisit, mentorship, answers, details, goals,
         before, after) in conn.execute(sql, [SNIPPET, *params]):
        need = max(entry_rows.common_prefix(id_, before), entry_rows.common_prefix(id_, after)) + 1
        found.append(Entry(
            id=id_, day=date.fromisoformat(day), time=time, lens=lenses[lens], kind=kinds[kind],
            title=title, body=body, starred=bool(starred),
            revisit_on=date.fromisoformat(revisit) if revisit else None, mentorship=mentorship,
            answers=answers, details=json.loads(details) if details else {},
            goals=tuple(GoalRef(g, "") for g in goals.split()) if goals else (),
            short_id=id_[: max(entry_rows.MIN_SHORT_ID, need)],
        ))
    return found

