"""SQL for export and import: stream every row out in a stable order, upsert rows in.

Rows travel as plain dicts keyed by column name (the JSON export's field names). Writes
expect to run inside `write_tx()`; the caller owns the transaction. Existing rows are
changed with UPDATE, never INSERT OR REPLACE (a REPLACE deletes the row first, and the
cascade takes its goal links and tags with it).
"""

from __future__ import annotations

import itertools
import json
import operator
import sqlite3
from datetime import datetime
from collections.abc import Iterable, Iterator
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from journal.domain.dates import parse_moment, utc_text
from journal.domain.entry_fields import (
    COLUMN_FIELDS, COLUMNS, ENTRY_FIELDS, EXPORT_KEYS, Row, column_to_json, json_to_column,
)
from journal.domain.merge import Winner, newer, newer_version, version_of
from journal.store import practice as practice_rows
from journal.store.goals import EDITABLE as GOAL_EDITABLE
from journal.store.mentorships import parts_text

MENTORSHIP_FIELDS = (
    "id", "mentor", "focus", "started_on", "agreements", "check_in_every", "next_meeting_on",
    "status", "closed_on", "created_at", "updated_at", "parts",
)
"""A mentorship's columns; `parts` (the agreement's parts) travels as an object, its history
as a list beside them, like a goal's."""
GOAL_FIELDS = (
    "id", "title", "specific", "measurable", "achievable", "relevant", "time_bound",
    "success_criteria", "status", "mentorship_id", "created_at", "closed_at", "closure_note",
    "review_every", "updated_at",
)
MILESTONE_FIELDS = ("id", "title", "due_on", "done_on", "created_at", "updated_at")
HISTORY_FIELDS = ("at", "kind", "field", "old", "new")
"""A history event as exported: its local row id is left out (it differs between devices and
imports); events are ordered by their content, so every copy of a journal lists them alike, and
one field's changes of one second in the order they were made (`written_order`)."""
_SEP = "\x1f"


def _visible(alias: str, include_private: bool) -> str:
    clause = f"{alias}.deleted_at IS NULL"
    return clause if include_private else clause + f" AND {alias}.private = 0"


def count_left_out(conn: sqlite3.Connection) -> int:
    """Private entries (not in the trash) an export without --include-private leaves out."""
    count: int = conn.execute("SELECT count(*) FROM entries WHERE deleted_at IS NULL AND private = 1").fetchone()[0]
    return count


def iter_entries(conn: sqlite3.Connection, *, include_private: bool = False,
                 by_day: bool = False) -> Iterator[Row]:
    """Every exported entry as a dict, one row at a time (a cursor, never a list).

    Trash is always left out, private entries unless asked. Order: by creation (then id, so
    every device that holds the same journal writes the same file), or by day and time with
    `by_day`. An `answers` link to an entry the export
    leaves out is dropped so the file imports on its own.
    """
    # `answers` comes through the join: a link to an entry this export leaves out reads NULL.
    cols = ", ".join("a.id" if c == "answers" else f"e.{c}" for c in COLUMNS)
    order = "e.day, e.time IS NOT NULL, e.time, e.seq" if by_day else "e.created_at, e.id"
    sql = (
        f"SELECT {cols}, "
        f"(SELECT group_concat(goal_id, char(31)) FROM "
        f"  (SELECT goal_id FROM entry_goals WHERE entry_id = e.id ORDER BY goal_id)) "
        f"FROM entries e LEFT JOIN entries a ON a.id = e.answers AND {_visible('a', include_private)} "
        f"WHERE {_visible('e', include_private)} ORDER BY {order}"
    )
    for row in conn.execute(sql):
        yield _export_row(dict(zip((*COLUMNS, "goals"), row, strict=True)))


def sql_json_quote(conn: sqlite3.Connection, text: str) -> str:
    """`text` as SQLite's json_quote() writes it (the exporter checks it against Python's)."""
    quoted: str = conn.execute("SELECT json_quote(?)", (text,)).fetchone()[0]
    return quoted


def iter_entry_pieces(conn: sqlite3.Connection, quoted: frozenset[str], *,
                      include_private: bool = False) -> Iterator[tuple[object, ...]]:
    """Every exported entry (iter_entries' entries, order and `answers` rule) in pieces of its
    JSON line, for the writer io/own_json.entry_texts. Fields of the kinds in `quoted` are
    written here as JSON text, a run of them at a time with their keys (`{"id": "…", "day": …`):
    strings, numbers and null with json_quote(), flags as true/false. Every other field (tags,
    goals, details) is one piece holding its stored value (goals joined by \\x1f). A cursor.
    """
    picked: list[str] = []
    run: list[str] = []
    for i, f in enumerate(ENTRY_FIELDS):
        column = "a.id" if f.key == "answers" else f"e.{f.column}"
        if f.kind in quoted:
            assert f.key.isidentifier(), "a key written into SQL as it is"
            value = (f"(CASE WHEN {column} THEN 'true' ELSE 'false' END)" if f.kind == "flag"
                     else f"json_quote({column})")
            opener = "{" if i == 0 else ", "
            run.append(f"'{opener}\"{f.key}\": ' || {value}")
            continue
        if run:
            picked.append(" || ".join(run))
            run = []
        if f.kind == "goals":
            picked.append("(SELECT group_concat(goal_id, char(31)) FROM "
                          "(SELECT goal_id FROM entry_goals WHERE entry_id = e.id ORDER BY goal_id))")
        else:
            picked.append(column)
    if run:
        picked.append(" || ".join(run))
    sql = (f"SELECT {', '.join(picked)} "
           f"FROM entries e LEFT JOIN entries a ON a.id = e.answers AND {_visible('a', include_private)} "
           f"WHERE {_visible('e', include_private)} ORDER BY e.created_at, e.id")
    return iter(conn.execute(sql))


def _export_row(raw: Row) -> Row:
    """A row keyed by column (plus goal ids joined by \\x1f) as the export's dict, in export order."""
    item = {f.key: column_to_json(f, raw[f.key]) for f in COLUMN_FIELDS}
    item["goals"] = raw["goals"].split(_SEP) if raw["goals"] else []
    return {key: item[key] for key in EXPORT_KEYS}


def mentorships(conn: sqlite3.Connection) -> list[Row]:
    """Mentorships with their agreement's parts and their history, oldest first."""
    return [_mentorship_record(conn, row) for row in conn.execute(
        f"SELECT {', '.join(MENTORSHIP_FIELDS)} FROM mentorships ORDER BY created_at, id")]


def mentorship(conn: sqlite3.Connection, mentorship_id: str) -> Row | None:
    """One mentorship as the export has it, or None."""
    row = conn.execute(f"SELECT {', '.join(MENTORSHIP_FIELDS)} FROM mentorships WHERE id = ?",
                       (mentorship_id,)).fetchone()
    return None if row is None else _mentorship_record(conn, row)


def _mentorship_record(conn: sqlite3.Connection, row: tuple[object, ...]) -> Row:
    record = dict(zip(MENTORSHIP_FIELDS, row, strict=True))
    record["parts"] = json.loads(str(record["parts"] or "{}"))
    record["history"] = written_order([dict(zip(HISTORY_FIELDS, r, strict=True)) for r in conn.execute(
        f"SELECT {', '.join(HISTORY_FIELDS)} FROM mentorship_history WHERE mentorship_id = ? "
        f"ORDER BY {_WRITTEN}", (record["id"],))])
    return record


def _mentorship_columns(row: Row) -> Row:
    """A mentorship record as its table's values (parts as stored text)."""
    return {**{f: row[f] for f in MENTORSHIP_FIELDS}, "parts": parts_text(row.get("parts") or {})}


def goals(conn: sqlite3.Connection) -> list[Row]:
    """Goals with their milestones and history, oldest first."""
    rows = conn.execute(f"SELECT {', '.join(GOAL_FIELDS)} FROM goals ORDER BY created_at, id").fetchall()
    return [_with_parts(conn, dict(zip(GOAL_FIELDS, row, strict=True))) for row in rows]


def goal(conn: sqlite3.Connection, goal_id: str) -> Row | None:
    """One goal as the export has it (milestones and history included), or None."""
    row = conn.execute(f"SELECT {', '.join(GOAL_FIELDS)} FROM goals WHERE id = ?", (goal_id,)).fetchone()
    return None if row is None else _with_parts(conn, dict(zip(GOAL_FIELDS, row, strict=True)))


def _with_parts(conn: sqlite3.Connection, goal: Row) -> Row:
    goal["milestones"] = [dict(zip(MILESTONE_FIELDS, r, strict=True)) for r in conn.execute(
        f"SELECT {', '.join(MILESTONE_FIELDS)} FROM milestones WHERE goal_id = ? ORDER BY created_at, id",
        (goal["id"],))]
    goal["history"] = written_order([dict(zip(HISTORY_FIELDS, r, strict=True)) for r in conn.execute(
        f"SELECT {', '.join(HISTORY_FIELDS)} FROM goal_history WHERE goal_id = ? "
        f"ORDER BY {_WRITTEN}",
        (goal["id"],))])
    return goal


_WRITTEN = "at, kind != 'created', kind, field, old, new"
"""A history's order in a copy: by moment; in one moment (one transaction, whole seconds) the
creation first, as it was made (a choice adds the mentorship, then says where it was chosen: the
copy told the choice first, S545), then by content, alike on every device."""


def written_order(events: list[Row]) -> list[Row]:
    """A history sorted by its content (so every device exports one history alike, whatever
    order its rows were stored in), with the changes of one field in one second put back in the
    order they were made: each after the one whose new value it changed (title Zed -> Bee, then
    Bee -> Cee; by their texts, "Bee -> Cee" came first, and the imported journal's first
    statement was "Bee": S356). A chain that comes back to a value (A -> B -> A) starts at the
    first by content."""
    ordered: list[Row] = []
    for _, same in itertools.groupby(events, key=lambda e: (e["at"], e["kind"], e["field"])):
        rest = list(same)
        while rest:
            starts = [e for e in rest if not any(o is not e and o["new"] == e["old"] for o in rest)]
            event: Row | None = (starts or rest)[0]
            while event is not None:
                ordered.append(event)
                rest.remove(event)
                event = next((e for e in rest if e["old"] == event["new"]), None)
    return ordered


def goal_titles(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT id, title FROM goals"))


# ------------------------------------------------------------------ import


def _upsert(conn: sqlite3.Connection, table: str, fields: tuple[str, ...], row: Row, *,
            by_version: bool = False) -> str:
    """Insert or UPDATE one row by id: 'new', 'updated', 'same', or 'kept' (the row here is
    newer than the file's, so it stays: domain/merge.newer; with `by_version`, sync's order,
    where equal stamps are decided by the content instead of keeping the row here)."""
    cols = ", ".join(fields)
    old = conn.execute(f"SELECT {cols} FROM {table} WHERE id = ?", (row["id"],)).fetchone()
    values = tuple(row[f] for f in fields)
    if old is None:
        conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(fields))})", values)
        return "new"
    if tuple(old) == values:
        return "same"
    here = dict(zip(fields, old, strict=True))
    if by_version:
        if newer_version(version_of(here), version_of({f: row[f] for f in fields})) is Winner.LOCAL:
            return "kept"
    elif newer(here["updated_at"], row["updated_at"]) is Winner.LOCAL:
        return "kept"
    sets = ", ".join(f"{f} = ?" for f in fields if f != "id")
    conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*values[1:], row["id"]))
    return "updated"


def upsert_mentorship(conn: sqlite3.Connection, row: Row) -> str:
    """A mentorship and its history (by content: history is append-only); of two versions, the
    newer, with the edits only the older one made (`merge_mentorship_edits`)."""
    before = mentorship(conn, row["id"])
    outcome = _upsert(conn, "mentorships", MENTORSHIP_FIELDS, _mentorship_columns(row))
    changed = merge_history(conn, "mentorship_history", "mentorship_id", row["id"], row.get("history", ()))
    if before is not None and outcome in ("kept", "updated"):
        older, newer_one = (row, before) if outcome == "kept" else (before, row)
        if merge_mentorship_edits(conn, row["id"], older, newer_one):
            return "updated"
    return "updated" if outcome == "same" and changed else outcome


def replace_mentorship(conn: sqlite3.Connection, row: Row) -> None:
    """Sync: make the mentorship exactly this record; its history becomes the union of both."""
    replace_row(conn, "mentorships", MENTORSHIP_FIELDS, _mentorship_columns(row))
    merge_history(conn, "mentorship_history", "mentorship_id", row["id"], row.get("history", ()))


def upsert_practice(conn: sqlite3.Connection, record: Row) -> str:
    """A vision, profile or shortlist: 'new', 'updated', 'same' or 'kept' (newer wins, with
    what only the older one holds: `merge_practice_versions`)."""
    old = practice_rows.record(conn, record["id"])
    if old is None:
        practice_rows.replace(conn, record)
        return "new"
    if practice_rows.columns(old) == practice_rows.columns(record):
        return "same"
    if newer(old["updated_at"], record["updated_at"]) is Winner.LOCAL:
        merged = merge_practice_versions(conn, old, record, keep_loser=True)
        return "updated" if merged != old else "kept"
    merge_practice_versions(conn, record, old, keep_loser=True)
    return "updated"


PRACTICE_LABELS = {"future": "Where I want to be", "present": "Where I am now", "strengths": "Strengths",
                   "challenges": "Challenges", "needs": "What I need from a mentor", "title": "Shortlist"}


def merge_practice_versions(conn: sqlite3.Connection, winner: Row, loser: Row, *, keep_loser: bool) -> Row:
    """Write the newer version of a practice document with every list item only the older one
    holds (domain/merge.merge_practice); with `keep_loser`, the older one's differing texts are
    kept as a draft (a preparing entry, offered), as an entry's losing version is (S194).
    Returns the record written."""
    from journal.domain.merge import merge_practice

    data, texts = merge_practice(winner["data"], loser["data"], winner["kind"])
    merged = {**winner, "data": data}
    practice_rows.replace(conn, merged)
    if keep_loser and texts:
        keep_practice_texts(conn, texts, parse_moment(loser["updated_at"]),
                            f"Kept from another version of your {winner['kind']}")
    return merged


def keep_practice_texts(conn: sqlite3.Connection, texts: dict[str, str], at: datetime | None, title: str) -> int:
    """Texts of a practice document that lost to another version (a sync's older one, an edit
    made over a change it did not see) kept as a draft: a preparing entry's, a heading per part.
    Returns the draft's number (the one already kept, when the same is there)."""
    from journal.domain.model import Kind
    from journal.store import drafts as draft_rows

    return draft_rows.keep_headed(conn, {PRACTICE_LABELS.get(f, f): text for f, text in texts.items()},
                                  title=title, at=at, kind=Kind.PREPARING)


def upsert_goal(conn: sqlite3.Connection, row: Row) -> str:
    """A goal, its milestones (by id) and history (by content: history is append-only); of two
    versions, the newer, with the edits only the older one made (`merge_goal_edits`)."""
    before = goal(conn, row["id"])
    outcome = _upsert(conn, "goals", GOAL_FIELDS, row)
    changed = merge_goal_parts(conn, row)
    if before is not None and outcome in ("kept", "updated"):
        older, newer_one = (row, before) if outcome == "kept" else (before, row)
        if merge_goal_edits(conn, row["id"], older, newer_one):
            return "updated"
    return "updated" if outcome == "same" and changed else outcome


def merge_goal_edits(conn: sqlite3.Connection, goal_id: str, older: Row, newer_one: Row) -> bool:
    """The newer of two versions of a goal is here: take each statement field (and the status)
    that only the older one changed. A field counts as changed by the older version alone when
    its history has edits of it the newer one's lacks, and the newer still holds the value the
    first of them replaced: then the older's edits stand, so an edit made on one copy while
    another field was edited on the other is not lost (S153). True if a field was taken."""
    current = goal(conn, goal_id)
    assert current is not None, "written in this transaction"
    unseen = _unseen(older, newer_one)

    def only_older_changed(kind: str, field: str) -> bool:
        return _changed_there_alone(unseen, kind, field, _text(current[field]), _text(older[field]))

    taken = {f: older[f] for f in GOAL_EDITABLE if older[f] != current[f] and only_older_changed("edit", f)}
    if older["status"] != current["status"] and only_older_changed("status", "status"):
        taken |= {f: older[f] for f in ("status", "closed_at", "closure_note")}
    if taken:
        conn.execute(f"UPDATE goals SET {', '.join(f'{f} = ?' for f in taken)} WHERE id = ?",
                     (*taken.values(), goal_id))
    return bool(taken)


MENTORSHIP_MERGED = ("mentor", "focus", "started_on", "check_in_every", "agreements")
"""A mentorship's fields whose edits its history records (with the agreement's parts)."""


def merge_mentorship_edits(conn: sqlite3.Connection, mentorship_id: str, older: Row, newer_one: Row) -> bool:
    """As `merge_goal_edits`, for a mentorship (S192): the newer version is here; each field and
    each agreement part that only the older one changed (its history has edits the newer one
    lacks, and the newer still holds the value the first of them replaced) is taken from it, and
    its closing when only it closed. True if anything was taken."""
    from journal.domain.practice import PART_KEYS

    current = mentorship(conn, mentorship_id)
    assert current is not None, "written in this transaction"
    unseen = _unseen(older, newer_one)

    def value(row: Row, field: str) -> str | None:
        found = row["parts"].get(field) if field in PART_KEYS else row[field]
        return None if found in (None, "") else str(found)  # as the history writes it: empty is None

    def only_older_changed(kind: str, field: str) -> bool:
        return _changed_there_alone(unseen, kind, field, value(current, field), value(older, field))

    taken = {f: older[f] for f in MENTORSHIP_MERGED
             if value(older, f) != value(current, f) and only_older_changed("edit", f)}
    parts = dict(current["parts"])
    for key in PART_KEYS:
        if value(older, key) != value(current, key) and only_older_changed("edit", key):
            if older["parts"].get(key):
                parts[key] = older["parts"][key]
            else:
                parts.pop(key, None)
    if parts != current["parts"]:
        taken["parts"] = parts_text({k: parts[k] for k in PART_KEYS if parts.get(k)})
    if older["status"] != current["status"] and only_older_changed("status", "status"):
        taken |= {f: older[f] for f in ("status", "closed_on", "next_meeting_on")}
    if taken:
        conn.execute(f"UPDATE mentorships SET {', '.join(f'{f} = ?' for f in taken)} WHERE id = ?",
                     (*taken.values(), mentorship_id))
    return bool(taken)


def _changed_there_alone(unseen: list[Row], kind: str, field: str, here: str | None, there: str | None) -> bool:
    """The older version's own history events of `field` (`unseen`) changed it from the value
    the newer version still holds (`here`) to its own (`there`)."""
    chain = [e for e in unseen if e["kind"] == kind and e["field"] == field]
    return bool(chain) and chain[0]["old"] == here and chain[-1]["new"] == there


def _unseen(older: Row, newer_one: Row) -> list[Row]:
    """The history events of `older` that `newer_one` lacks, oldest first."""
    def event(e: Row) -> tuple[object, ...]:
        return tuple(e[k] for k in HISTORY_FIELDS)

    seen = {event(e) for e in newer_one.get("history", ())}
    return sorted((e for e in older.get("history", ()) if event(e) not in seen),
                  key=lambda e: (e["at"], e["new"] or ""))


def _text(value: object) -> str | None:
    """A field's value as a history event writes it."""
    return None if value is None else str(value)


def replace_row(conn: sqlite3.Connection, table: str, fields: tuple[str, ...], row: Row) -> None:
    """Insert the row, or make the one with its id exactly this (sync: the caller chose it)."""
    cols = ", ".join(fields)
    sets = ", ".join(f"{f} = excluded.{f}" for f in fields if f != "id")
    conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(fields))}) "
                 f"ON CONFLICT (id) DO UPDATE SET {sets}", tuple(row[f] for f in fields))


def merge_goal_parts(conn: sqlite3.Connection, row: Row, *, by_version: bool = False) -> bool:
    """The record's milestones (each by id, newer wins) and history events (by content: the
    history is append-only, so it is the union of both sides); True if anything changed."""
    changed = False
    for milestone in row.get("milestones", ()):
        data = {**milestone, "goal_id": row["id"]}
        fields = ("id", "goal_id", *MILESTONE_FIELDS[1:])
        changed |= _upsert(conn, "milestones", fields, data, by_version=by_version) != "same"
    return merge_history(conn, "goal_history", "goal_id", row["id"], row.get("history", ())) or changed


def merge_history(conn: sqlite3.Connection, table: str, owner: str, owner_id: str, events: Iterable[Row]) -> bool:
    """Add the events this history lacks (compared by content); True if any was added."""
    assert (table, owner) in {("goal_history", "goal_id"), ("mentorship_history", "mentorship_id")}
    changed = False
    for event in events:
        values = (owner_id, event["at"], event["kind"], event["field"], event["old"], event["new"])
        if conn.execute(
            f"SELECT 1 FROM {table} WHERE {owner} = ? AND at = ? AND kind = ? AND field IS ? "
            "AND old IS ? AND new IS ?", values).fetchone():
            continue
        taken = event.get("id") is None or conn.execute(
            f"SELECT 1 FROM {table} WHERE id = ?", (event["id"],)).fetchone()
        if taken:
            conn.execute(f"INSERT INTO {table} ({owner}, at, kind, field, old, new) "
                         "VALUES (?, ?, ?, ?, ?, ?)", values)
        else:
            conn.execute(f"INSERT INTO {table} (id, {owner}, at, kind, field, old, new) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", (event["id"], *values))
        changed = True
    return changed


def defer_foreign_keys(conn: sqlite3.Connection) -> None:
    """Inside an import's transaction: links are checked at commit, so rows may come in any order."""
    conn.execute("PRAGMA defer_foreign_keys = ON")


def existing_ids(conn: sqlite3.Connection, table: str) -> set[str]:
    assert table in {"goals", "mentorships", "entries"}
    return {r[0] for r in conn.execute(f"SELECT id FROM {table}")}


def entry_id_by_source(conn: sqlite3.Connection, source: str, source_id: str) -> str | None:
    row = conn.execute("SELECT id FROM entries WHERE source = ? AND source_id = ?", (source, source_id)).fetchone()
    return row[0] if row else None


def entry_record(conn: sqlite3.Connection, entry_id: str) -> Row | None:
    """The stored entry as the export's dict (goal ids sorted), or None."""
    sql = (f"SELECT {', '.join(COLUMNS)}, (SELECT group_concat(goal_id, char(31)) FROM "
           f"(SELECT goal_id FROM entry_goals WHERE entry_id = ? ORDER BY goal_id)) FROM entries WHERE id = ?")
    row = conn.execute(sql, (entry_id, entry_id)).fetchone()
    return None if row is None else _export_row(dict(zip((*COLUMNS, "goals"), row, strict=True)))


def _columns_of(row: Row) -> Row:
    """The export's dict as the `entries` row, keyed by column."""
    return {f.key: json_to_column(f, row.get(f.key)) for f in COLUMN_FIELDS}  # (a field added later may be absent)


_PICK = operator.itemgetter(*COLUMNS)
_CONVERTED = tuple((i, f) for i, f in enumerate(COLUMN_FIELDS) if f.kind in ("tags", "flag", "details"))
"""The fields json_to_column changes (the others are stored as the export has them)."""


def _column_values(row: Row) -> list[Any]:
    """`_columns_of(row)`'s values in COLUMNS order, quicker (the bulk path's rows)."""
    try:
        values = list(_PICK(row))
    except KeyError:  # a field added later, missing from the row
        return list(_columns_of(row).values())
    for i, field in _CONVERTED:
        values[i] = json_to_column(field, values[i])
    return values


def write_entry(conn: sqlite3.Connection, row: Row, *, insert: bool) -> str | None:
    """Write the export's dict of an entry. When an entry here is its twin (`twin_here`), the
    two become one and its id is returned; otherwise None."""
    twin = twin_here(conn, row)
    if twin is None:
        _put_entry(conn, row, insert=insert)
        return None
    return _become_one(conn, row, twin, insert=insert)[0]


def _become_one(conn: sqlite3.Connection, row: Row, twin: str, *, insert: bool) -> tuple[str, str]:
    """`row` and its twin here become one entry (`twin_here`): the id kept, and what became of
    the entry here, as an import counts it: 'same' (nothing changed), 'updated' (the file's
    version, or the id, taken), 'replaced' (the file's newer words taken; those here kept as a
    draft) or 'kept' (the words here are newer and stay; the file's kept as a draft)."""
    here = entry_record(conn, twin)
    assert here is not None, "found by its source id in this transaction"
    newer_one = newer_version(version_of(here), version_of(row)) is Winner.INCOMING
    winner, loser = (row, here) if newer_one else (here, row)
    keep: str = min(twin, row["id"])
    merged = {**winner, "id": keep, "private": winner["private"] or loser["private"]}  # never made public (S477)
    if keep == twin:
        _put_entry(conn, merged, insert=False)
    else:  # the one here folds into the other: what linked to it links to that one
        conn.execute("UPDATE entries SET source = NULL, source_id = NULL WHERE id = ?", (twin,))
        _put_entry(conn, merged, insert=insert)
        conn.execute("UPDATE entries SET answers = ? WHERE answers = ?", (keep, twin))
        conn.execute("UPDATE drafts SET entry_id = ? WHERE entry_id = ?", (keep, twin))
        conn.execute("DELETE FROM entries WHERE id = ?", (twin,))
    if not _alike(winner, loser, _TWIN_WORDS):
        keep_as_draft(conn, {**loser, "id": keep})
        return keep, "replaced" if newer_one else "kept"
    return keep, "same" if keep == twin and _alike(merged, here, EXPORT_KEYS) else "updated"


def _put_entry(conn: sqlite3.Connection, row: Row, *, insert: bool) -> None:
    values = _columns_of(row)
    if insert:
        conn.execute(f"INSERT INTO entries ({', '.join(values)}) VALUES ({', '.join(':' + c for c in values)})", values)
    else:
        sets = ", ".join(f"{c} = :{c}" for c in values if c != "id")
        conn.execute(f"UPDATE entries SET {sets} WHERE id = :id", values)
        conn.execute("DELETE FROM entry_goals WHERE entry_id = ?", (row["id"],))
    conn.executemany("INSERT INTO entry_goals (entry_id, goal_id) VALUES (?, ?)",
                     [(row["id"], g) for g in row["goals"]])


def twin_here(conn: sqlite3.Connection, row: Row) -> str | None:
    """The id of another entry here imported from the same place in the same app (jrnl, Day
    One) as `row`, or None (catalogue S146).

    Two devices that each imported the same jrnl file hold each entry twice, under two ids,
    and only one entry may hold a (source, source_id). When the copies meet (a sync, an
    import of the other's export or backup) they become one entry, alike on every device:
    the smaller id, with the words of the newer version (the order sync uses). The older
    version, where it says something else (an edit made to one copy), is kept as a draft of
    that entry, and what linked to the copy that goes (an answer, a draft) links to it."""
    source, source_id = row.get("source"), row.get("source_id")
    if not source or not source_id:
        return None
    found = entry_id_by_source(conn, source, source_id)
    return found if found not in (None, row["id"]) else None


_TWIN_WORDS = tuple(k for k in EXPORT_KEYS if k not in
                    ("id", "created_at", "updated_at", "answers", "deleted_at", "source", "source_id"))
"""What twins compare: what a person wrote and chose, not the bookkeeping."""


def _alike(one: Row, other: Row, keys: Iterable[str]) -> bool:
    """Two entries (the export's dicts) hold the same `keys` (goal links in any order)."""
    return all((sorted(one[k]) if k == "goals" else one[k]) == (sorted(other[k]) if k == "goals" else other[k])
               for k in keys)


def upsert_entry(conn: sqlite3.Connection, row: Row) -> str:
    """Our own export's entry, by id. The newer version wins (domain/merge.newer): 'updated'
    when the file's is newer; 'kept' when the one here is, and then the file's version is
    kept as a draft of the entry, so neither side is lost (catalogue K80). 'replaced' when the
    file's is newer and the one here was edited since it was written and says otherwise: an
    export has no base to tell an edit made here without seeing the file's from one the file's
    was made on, so the words here are kept as a draft too (S355; an ancestor kept so is a
    draft to discard, an edit lost is gone)."""
    old = entry_record(conn, row["id"])
    if old is None:
        twin = twin_here(conn, row)
        if twin is None:
            _put_entry(conn, row, insert=True)
            return "new"
        # the same entry of another app, imported here too: they become one (S146), counted as
        # what became of the one here (all were "already present", words replaced or not); a
        # jrnl entry's zone is only the zone it was imported in: read in the one here (S445)
        if row.get("source") == "jrnl":
            here = entry_record(conn, twin)
            assert here is not None, "found by its source id in this transaction"
            row = {key: value for key, value in in_zone_of({**row, "zone_guessed": True}, here["tz"]).items()
                   if key != "zone_guessed"}
        return _become_one(conn, row, twin, insert=True)[1]
    if row["answers"] is None and old["answers"] is not None:
        # an export leaves out a link to an entry it leaves out (trash, private); a link is never
        # changed otherwise (only a purge unlinks, and then it is gone here too): keep it (S148)
        row = {**row, "answers": old["answers"]}
    if _alike(old, row, EXPORT_KEYS):
        return "same"
    if old["deleted_at"] and not row["deleted_at"] and _alike(old, row, _TWIN_WORDS):
        # trashed here since the file was written, the words unchanged: nothing of the file's to keep
        # (it became a draft at every import, "kept (newer here)", that could not be saved: S222)
        return "same"
    if newer(old["updated_at"], row["updated_at"]) is Winner.LOCAL:
        keep_as_draft(conn, row)
        return "kept"
    if old["private"] and not row["private"]:  # marked private here: the file's newer words do not undo it (S477)
        row = {**row, "private": True}
    replaced = old["updated_at"] != old["created_at"] and not _alike(old, row, _TWIN_WORDS)
    if replaced:  # edited since it was written, and the file says otherwise: its words stay, as a draft (S355)
        keep_as_draft(conn, old)
    write_entry(conn, row, insert=False)
    return "replaced" if replaced else "updated"


def keep_as_draft(conn: sqlite3.Connection, row: Row, *, offer: bool = False) -> None:
    """The file's older version of an entry, as a draft of that entry (once: importing the same
    file again finds the same draft). Not offered at start-up unless `offer` (a sync conflict);
    `journal drafts` lists it."""
    from journal.domain.entry_fields import entry_version
    from journal.domain.model import Draft, Kind, Lens
    from journal.store import drafts as draft_rows
    from journal.store import entries as entry_rows

    draft = Draft(
        body=row["body"], lens=Lens(row["lens"]), title=row["title"] or "", tags=tuple(row["tags"]),
        goals=tuple(row["goals"]), when=row["day"] + (f" {row['time']}" if row["time"] else ""),
        starred=bool(row["starred"]), private=bool(row["private"]), kind=Kind(row["kind"]),
        mentorship=row["mentorship_id"], revisit=row["revisit_on"], answers=row.get("answers"),
        details=dict(row.get("details") or {}), entry_id=row["id"], updated_at=parse_moment(row["updated_at"]),
        base=entry_version(entry_rows.get(conn, row["id"])),
    )
    if not draft_rows.same_exists(conn, draft):
        saved = draft_rows.save(conn, draft)
        if not offer:
            draft_rows.mark_offered(conn, saved)


SOURCE_WORDS = ("day", "time", "tz", "title", "body")
"""What another app (jrnl, Day One) says of an entry; lens, goals, kind, private stay local,
and its star and tags are added to the entry's own (an import never takes one away)."""
SOURCE_OWNED = ("created_at", "updated_at", *SOURCE_WORDS)
"""What a re-import from jrnl or Day One may change."""


def upsert_external(conn: sqlite3.Connection, row: Row, now: str) -> str:
    """An entry from another app, by (source, source_id). A known one keeps its id, lens,
    goal links, local tags and star; its tags and star are added, and the source's words
    (SOURCE_WORDS; a file that names no zone is read in the entry's own zone: `in_zone_of`):

    - the same: nothing to do, whatever was changed here since (a lens, a goal, the trash:
      they stayed local; comparing the stamps too made each such entry a draft at every
      re-import of an unchanged file, S315);
    - changed there, and the entry here still has the stamp the import gave it (its
      `import_stamps` row; jrnl and Day One Classic keep no time of change: their stamp is the
      entry's own, so a change made there never looks newer): the source's version, stamped
      `now` (the import is the newest change; every device takes it over the version before);
      a file that says when each entry changed (Day One's modifiedDate: `change_stamped`) by
      that time: an older one is kept as a draft, the newer words here stay (S513);
    - changed both there and here: the newer by its stamp; the other is kept as a draft, the
      version here too when the file's wins ('replaced', S369).
    """
    found = entry_id_by_source(conn, row["source"], row["source_id"])
    if found is None:
        kept = write_entry(conn, row, insert=True)
        _stamped(conn, kept or row["id"])
        return "new"
    old = entry_record(conn, found)
    assert old is not None, "found by its source id in this transaction"
    row = in_zone_of(row, old["tz"])
    added = {"tags": list(old["tags"]) + [t for t in row["tags"] if t not in old["tags"]],
             "starred": bool(old["starred"] or row["starred"])}
    if all(old[f] == row[f] for f in SOURCE_WORDS):
        if all(old[f] == added[f] for f in added):
            return "same"
        write_entry(conn, {**old, **added, "updated_at": max(now, old["updated_at"])}, insert=False)
        _stamped(conn, found)
        return "updated"
    merged = {**old, **{f: row[f] for f in SOURCE_OWNED}, **added}
    stamp = conn.execute("SELECT updated_at FROM import_stamps WHERE entry_id = ?", (found,)).fetchone()
    if stamp is not None:
        changed_here = stamp[0] != old["updated_at"]
    else:  # it came another way (a sync, our own export): made here since, as sync tells a version made here
        from journal.store.sync import made_here

        changed_here = made_here(conn, "entry", found, version_of(old))
    if row.get("change_stamped") and stamp is not None and not changed_here \
            and old["updated_at"] != row["updated_at"]:
        # the file says when it changed there (Day One's modifiedDate): an older export of it
        # must not replace what a newer one brought in (S513); the older words stay as a draft
        if newer(old["updated_at"], row["updated_at"]) is Winner.LOCAL:
            keep_as_draft(conn, merged)
            return "kept"
        merged["updated_at"] = min(row["updated_at"], max(now, old["updated_at"]))  # never ahead of now
    elif old["updated_at"] == row["updated_at"] or (stamp is not None and not changed_here):
        merged["updated_at"] = max(now, old["updated_at"])  # not changed here since it came in
    elif newer(old["updated_at"], row["updated_at"]) is Winner.LOCAL:  # edited here since: keep it
        keep_as_draft(conn, merged)
        return "kept"
    elif changed_here:  # edited here too, the file's is newer: the words here stay, as a draft
        keep_as_draft(conn, old)
        write_entry(conn, merged, insert=False)
        _stamped(conn, found)
        return "replaced"
    write_entry(conn, merged, insert=False)
    _stamped(conn, found)
    return "updated"


def in_zone_of(row: Row, zone: str) -> Row:
    """Another app's entry whose file names no zone (its `zone_guessed`: jrnl, a Day One entry
    without timeZone), read as in `zone`, the zone of the entry it came in as. Its `tz` is
    only the zone this machine had at the import: the same file imported under another TZ is
    the same entry, and it keeps its zone (it was rewritten there and made drafts: S315).
    jrnl's words are the local day and time: the stamps follow them; Day One's is the instant:
    the local day and time follow it."""
    if not row.get("zone_guessed") or row["tz"] == zone:
        return row
    try:
        there = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # a zone this machine does not know: as the file reads here
        return row
    if row["source"] == "jrnl":
        stamp = utc_text(datetime.fromisoformat(f"{row['day']}T{row['time'] or '00:00'}").replace(tzinfo=there))
        same = row["updated_at"] == row["created_at"]
        moved = {"created_at": stamp, "updated_at": stamp if same else row["updated_at"]}
    else:
        local = parse_moment(row["created_at"]).astimezone(there)
        moved = {"day": local.date().isoformat(), "time": row["time"] and local.strftime("%H:%M")}
    return {**row, **moved, "tz": zone}


def _stamped(conn: sqlite3.Connection, entry_id: str) -> None:
    """The entry as an import of another app's file just wrote it: its stamp (m013)."""
    conn.execute("INSERT INTO import_stamps (entry_id, updated_at) SELECT id, updated_at FROM entries WHERE id = ? "
                 "ON CONFLICT (entry_id) DO UPDATE SET updated_at = excluded.updated_at", (entry_id,))


def dangling_links(conn: sqlite3.Connection) -> int:
    """Rows whose foreign keys point nowhere (checked before an import commits)."""
    return len(conn.execute("PRAGMA foreign_key_check").fetchall())


# ------------------------------------------------------------------ bulk import

BULK_MIN_ENTRIES = 1000
"""An import with this many entries leaves their search indexing to after its commit
(store/search_index.py): from its first full chunk on, the entries wait for the indexer."""


def _twins_of(conn: sqlite3.Connection, rows: list[Row]) -> set[str]:
    """The ids of `rows` whose (source, source_id) an entry here holds already (`twin_here`)."""
    by_source: dict[str, dict[str, str]] = {}
    for row in rows:
        if row.get("source") and row.get("source_id"):
            by_source.setdefault(row["source"], {})[row["source_id"]] = row["id"]
    found: set[str] = set()
    for source, ids in by_source.items():
        keys = list(ids)
        for start in range(0, len(keys), 500):
            part = keys[start:start + 500]
            found.update(ids[r[0]] for r in conn.execute(
                f"SELECT source_id FROM entries WHERE source = ? AND source_id IN ({', '.join('?' * len(part))})",
                [source, *part]))
    return found


def upsert_entries(conn: sqlite3.Connection, rows: list[Row]) -> list[str]:
    """Many of our own export's entries at once: 'new' / 'updated' / 'same' for each, in order.

    New rows (the common case) go in with executemany; known ids take upsert_entry's path.
    A batch repeating an id is written row by row, so the later row wins as it always did.
    """
    ids = [row["id"] for row in rows]
    if len(set(ids)) != len(ids):
        return [upsert_entry(conn, row) for row in rows]
    known: set[str] = set()
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        known.update(r[0] for r in conn.execute(
            f"SELECT id FROM entries WHERE id IN ({', '.join('?' * len(part))})", part))
    known |= _twins_of(conn, [row for row in rows if row["id"] not in known])  # they take upsert_entry's path
    fresh = [row for row in rows if row["id"] not in known]
    if fresh:
        conn.executemany(
            f"INSERT INTO entries ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
            [_column_values(row) for row in fresh])
        conn.executemany("INSERT INTO entry_goals (entry_id, goal_id) VALUES (?, ?)",
                         [(row["id"], g) for row in fresh for g in row["goals"]])
    return [upsert_entry(conn, row) if row["id"] in known else "new" for row in rows]
