"""Entries, their tags and goal links: rows <-> Entry, queries, trash.

Functions that write expect to run inside `write_tx()`; the caller owns the transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime

from journal.store import engine
from journal.domain.dates import utc_text
from journal.domain.entry_fields import COLUMNS, entry_from_columns, entry_to_columns
from journal.domain.errors import Ambiguous, BadValue, NotFound
from journal.domain.model import Entry, EntryFilter, GoalRef
from journal.domain.text import for_terminal

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/ARCHITECTURE.md, start-up)
if TYPE_CHECKING:
    import sqlite3

MIN_SHORT_ID = 6
_SELECT = ", ".join(f"e.{c}" for c in COLUMNS)
_HEX = set("0123456789abcdef-")


def _entries(cursor: Iterable[Sequence[object]]) -> list[Entry]:
    """Rows of `SELECT {_SELECT}` as entries, mapped by column name."""
    return [entry_from_columns(dict(zip(COLUMNS, row, strict=True))) for row in cursor]


def insert(conn: sqlite3.Connection, entry: Entry) -> None:
    """Insert a new entry with its goal links (its tag rows follow `tags` by trigger)."""
    row = entry_to_columns(entry)
    names = ", ".join(row)
    marks = ", ".join(f":{name}" for name in row)
    conn.execute(f"INSERT INTO entries ({names}) VALUES ({marks})", row)
    _write_links(conn, entry)


NEVER_OLDER = ("CASE WHEN :updated_at < updated_at THEN strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, '+1 second') "
               "ELSE :updated_at END")
"""A change never makes an entry look older than it was (a clock that went back): sync and
import order versions by updated_at, and a version made on top of another must come after
it (catalogue M97). Goals, milestones and mentorships get the same from m009's triggers; for
entries it is done here, as a trigger's own UPDATE would run the search index's triggers in
the wrong order."""


def update(conn: sqlite3.Connection, entry: Entry) -> None:
    """Rewrite an existing entry in place (its seq and links to it survive)."""
    row = entry_to_columns(entry)
    sets = ", ".join(f"{name} = {NEVER_OLDER if name == 'updated_at' else ':' + name}" for name in row if name != "id")
    conn.execute(f"UPDATE entries SET {sets} WHERE id = :id", row)
    conn.execute("DELETE FROM entry_goals WHERE entry_id = ?", (entry.id,))
    _write_links(conn, entry)


def _write_links(conn: sqlite3.Connection, entry: Entry) -> None:
    conn.executemany(
        "INSERT INTO entry_goals (entry_id, goal_id) VALUES (?, ?)",
        [(entry.id, g.id) for g in entry.goals],
    )


def set_deleted(conn: sqlite3.Connection, entry_id: str, at: datetime | None, now: datetime) -> None:
    """Move to the trash (`at` given) or restore from it (`at` None). Either is a change of the
    entry (`updated_at` is `now`): a sync or an import then knows which state is newer."""
    conn.execute(
        f"UPDATE entries SET deleted_at = :deleted_at, updated_at = {NEVER_OLDER} WHERE id = :id",
        {"deleted_at": utc_text(at) if at else None, "updated_at": utc_text(now), "id": entry_id},
    )


def purge(conn: sqlite3.Connection, at: datetime) -> list[str]:
    """Delete every trashed entry for good and record what still has to be scrubbed; returns their ids."""
    return purge_ids(conn, [row[0] for row in conn.execute("SELECT id FROM entries WHERE deleted_at IS NOT NULL")],
                     at)


def purge_ids(conn: sqlite3.Connection, ids: list[str], at: datetime) -> list[str]:
    """Delete these entries for good (a purge here, or one another device made) and record what
    still has to be scrubbed; returns the ids that were there.

    A draft that edits a purged entry is unsaved text of its own: it becomes a new entry's
    draft instead of going with the entry (the link would cascade; catalogue K92).
    """
    removed: list[str] = []
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        marks = ", ".join("?" * len(part))
        conn.execute(f"UPDATE drafts SET entry_id = NULL, base = NULL WHERE entry_id IN ({marks})", part)
        removed += [row[0] for row in conn.execute(f"DELETE FROM entries WHERE id IN ({marks}) RETURNING id", part)]
    if removed:
        conn.execute("INSERT INTO pending_scrubs (at, entry_ids) VALUES (?, ?)", (utc_text(at), json.dumps(removed)))
    return removed


def pending_scrubs(conn: sqlite3.Connection) -> list[tuple[int, list[str]]]:
    """Purges whose copies are not all scrubbed yet: (record id, purged entry ids)."""
    try:
        rows = conn.execute("SELECT id, entry_ids FROM pending_scrubs ORDER BY id").fetchall()
    except engine.OperationalError:  # a journal not yet at m007 (doctor on an old file)
        return []
    return [(row[0], json.loads(row[1])) for row in rows]


def scrubbed(conn: sqlite3.Connection, record: int) -> None:
    """Every copy of that purge is scrubbed: forget the record."""
    conn.execute("DELETE FROM pending_scrubs WHERE id = ?", (record,))


def get(conn: sqlite3.Connection, entry_id: str) -> Entry:
    found = _entries(conn.execute(f"SELECT {_SELECT} FROM entries e WHERE e.id = ?", (entry_id,)))
    if not found:
        raise NotFound(f"No entry {entry_id[:8]}. See `journal list` for ids.")
    return _complete(conn, found)[0]


def answers_to(conn: sqlite3.Connection, entry_ids: Sequence[str]) -> list[Entry]:
    """The live entries that answer any of `entry_ids` (on the `entries_answers` index)."""
    found: list[Entry] = []
    for start in range(0, len(entry_ids), 500):
        part = entry_ids[start:start + 500]
        found += _entries(conn.execute(
            f"SELECT {_SELECT} FROM entries e WHERE e.answers IN ({', '.join('?' * len(part))}) "
            "AND e.deleted_at IS NULL ORDER BY e.seq", part))
    return _complete(conn, found)


def answered_by(conn: sqlite3.Connection, entry_id: str) -> Entry | None:
    """The first live (not trashed) entry whose `answers` is `entry_id`: one lookup on the
    `entries_answers` index. None: nothing answers it."""
    found = _entries(conn.execute(
        f"SELECT {_SELECT} FROM entries e WHERE e.answers = ? AND e.deleted_at IS NULL ORDER BY e.seq LIMIT 1",
        (entry_id,),
    ))
    return _complete(conn, found)[0] if found else None


def find_by_source(conn: sqlite3.Connection, source: str, source_id: str) -> str | None:
    row = conn.execute(
        "SELECT id FROM entries WHERE source = ? AND source_id = ?", (source, source_id)
    ).fetchone()
    return row[0] if row else None


def resolve(conn: sqlite3.Connection, prefix: str) -> str:
    """The full id of the one entry whose id starts with `prefix`."""
    wanted = prefix.strip().lower()
    shown = for_terminal(prefix, single_line=True)[:40]
    if len(wanted) < 4 or not set(wanted) <= _HEX:
        raise BadValue(f"'{shown}' is not an entry id: give at least 4 characters of the id shown by `journal list`")
    upper = wanted[:-1] + chr(ord(wanted[-1]) + 1)
    rows = conn.execute(
        "SELECT id, day, lens FROM entries WHERE id >= ? AND id < ? ORDER BY id LIMIT 6",
        (wanted, upper),
    ).fetchall()
    if not rows:
        raise NotFound(f"No entry with id {shown}. See `journal list` (or `journal trash`) for ids.")
    if len(rows) > 1:
        # Candidates are named by id, day and lens only: an error never quotes entry text.
        # each as long as it takes to tell them apart (ids alike beyond the two more: S214)
        width = next(n for n in range(len(wanted) + 2, 37) if len({r[0][:n] for r in rows}) == len(rows))
        names = "; ".join(f"{r[0][:width]} ({r[1]}, {r[2]})" for r in rows[:5])
        raise Ambiguous(f"Id {shown} matches several entries: {names}. Type more characters.")
    found: str = rows[0][0]
    return found


def short_ids(conn: sqlite3.Connection, ids: list[str]) -> dict[str, str]:
    """The shortest unique prefix of each id, at least 6 characters (like git)."""
    result = {}
    # One statement for the lot (its neighbours by two seeks on the id index each): a
    # statement per id cost ~30 ms for a goal's 1,000 entries.
    for entry_id, before, after in conn.execute(
        "SELECT j.value, (SELECT max(id) FROM entries WHERE id < j.value), "
        "(SELECT min(id) FROM entries WHERE id > j.value) FROM json_each(?) j",
        (json.dumps(ids),),
    ):
        need = max(common_prefix(entry_id, before), common_prefix(entry_id, after)) + 1
        result[entry_id] = entry_id[: max(MIN_SHORT_ID, need)]
    return result


def common_prefix(a: str, b: str | None) -> int:
    """How many leading characters `a` and `b` share (0 when there is no `b`)."""
    if not b:
        return 0
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


FEW_LINKS = 2000
"""A goal or tag with at most this many entries is read as a set even for a page."""


def _few(conn: sqlite3.Connection, table: str, column: str, value: str) -> bool:
    """Whether `value` links at most FEW_LINKS entries (a bounded count on the link's index)."""
    sql = f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {column} = ? LIMIT {FEW_LINKS + 1})"
    return int(conn.execute(sql, (value,)).fetchone()[0]) <= FEW_LINKS


def _where(flt: EntryFilter, *, whole: bool = False,
           conn: sqlite3.Connection | None = None) -> tuple[list[str], list[object]]:
    """The WHERE clauses of `flt` and their parameters.

    `whole`: every matching row is read (no LIMIT). A goal or tag filter is then a set
    (`e.id IN (SELECT entry_id ... WHERE goal_id = ?)`, read from the link table's index:
    ~10 ms for the 1,000 entries of a goal at 100,000 entries), where the correlated
    `EXISTS` walks every entry newest first (~200 ms there). For a page (a LIMIT) the `EXISTS`
    stops at the page's last row, which is quick for a tag or goal on many entries (0.2 ms for a
    tag on 8,000 of 100,000) and slow for a rare or absent one (a walk of the whole journal,
    ~320 ms): given `conn`, a page reads a tag or goal with at most FEW_LINKS entries as a set.
    """
    clauses = ["e.deleted_at IS NOT NULL" if flt.trashed else "e.deleted_at IS NULL"]
    params: list[object] = []
    if flt.lens:
        clauses.append("e.lens = ?")
        params.append(flt.lens.value)
    if flt.kind:
        clauses.append("e.kind = ?")
        params.append(flt.kind.value)
    if flt.date_from:
        clauses.append("e.day >= ?")
        params.append(flt.date_from.isoformat())
    if flt.date_to:
        clauses.append("e.day <= ?")
        params.append(flt.date_to.isoformat())
    if flt.starred:
        clauses.append("e.starred = 1")
    if flt.on_this_day:
        clauses.append("substr(e.day, 9, 2) = ? AND e.day < ?")
        params += [flt.on_this_day.strftime("%d"), flt.on_this_day.isoformat()]
    if not flt.include_private:
        clauses.append("e.private = 0")
    if flt.mentorship:
        # A hint that the mentorship narrows well: most entries have none, so the statistics
        # (sqlite_stat1) say half the journal per value and the planner would walk
        # entries_newest for the ORDER BY (~100 ms at 100,000 entries, 1 ms by entries_mentorship).
        clauses.append("likelihood(e.mentorship_id = ?, 0.01)")
        params.append(flt.mentorship)
    for tag in flt.tags:
        as_set = whole or (conn is not None and _few(conn, "entry_tags", "tag", tag))
        clauses.append("e.id IN (SELECT entry_id FROM entry_tags WHERE tag = ?)" if as_set
                       else "EXISTS (SELECT 1 FROM entry_tags t WHERE t.entry_id = e.id AND t.tag = ?)")
        params.append(tag)
    for goal in flt.goals:
        as_set = whole or (conn is not None and _few(conn, "entry_goals", "goal_id", goal))
        clauses.append("e.id IN (SELECT entry_id FROM entry_goals WHERE goal_id = ?)" if as_set
                       else "EXISTS (SELECT 1 FROM entry_goals g WHERE g.entry_id = e.id AND g.goal_id = ?)")
        params.append(goal)
    return clauses, params


_NEWEST_FIRST = "ORDER BY e.day DESC, e.time DESC, e.seq DESC"


def query(conn: sqlite3.Connection, flt: EntryFilter, limit: int | None = None, offset: int = 0) -> list[Entry]:
    """Entries matching `flt`, newest first (by day, then time, then order of writing)."""
    if limit is not None and (page := _among_the_newest(conn, flt, limit, offset)) is not None:
        return page
    clauses, params = _where(flt, whole=limit is None, conn=conn)
    sql = f"SELECT {_SELECT} FROM entries e WHERE {' AND '.join(clauses)} {_NEWEST_FIRST}"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    return _complete(conn, _entries(conn.execute(sql, params)))


def _among_the_newest(conn: sqlite3.Connection, flt: EntryFilter, limit: int, offset: int) -> list[Entry] | None:
    """A page of entries with one tag or goal that many entries have, looked for among the
    newest only; None when it is not all there (or the tag is not that common).

    Read as a set, a tag on 1,900 of 100,000 entries costs reading all 1,900 (~5 ms; ~14 ms
    in a new process); walked newest first, the page is found after ~500 entries (0.6 ms) when
    the tag is spread through the journal, but a tag used mostly years ago makes the walk read
    nearly the whole journal. So the walk is bounded: it looks at three times the entries the
    tag's share says the page needs (a day boundary found on the `entries_newest` index), and
    when fewer than the page turn up there, the caller reads the whole way (issue 20: `list -n
    10 --tag T` at 100,000 entries within 1.3x of 1,000)."""
    links = [("entry_tags", "tag", t) for t in flt.tags] + [("entry_goals", "goal_id", g) for g in flt.goals]
    if len(links) != 1:
        return None
    table, column, value = links[0]
    linked = int(conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {column} = ? "
                              f"LIMIT {FEW_LINKS + 1})", (value,)).fetchone()[0])
    total = int(conn.execute("SELECT coalesce(max(rowid), 0) FROM entries").fetchone()[0])
    wanted = limit + offset
    if not linked or linked * linked < 2 * total * wanted:  # few enough: reading them all is cheaper
        return None
    span = 3 * wanted * total // linked
    cut = conn.execute("SELECT day FROM entries INDEXED BY entries_newest ORDER BY day DESC, time DESC, seq DESC "
                       "LIMIT 1 OFFSET ?", (span,)).fetchone()
    if cut is None:  # the journal is not that long: the usual way reads no more
        return None
    clauses, params = _where(flt)  # no connection: the tag is walked (EXISTS), newest first
    sql = (f"SELECT {_SELECT} FROM entries e WHERE {' AND '.join(clauses)} AND e.day >= ? {_NEWEST_FIRST} "
           "LIMIT ? OFFSET ?")
    page = _entries(conn.execute(sql, [*params, cut[0], limit, offset]))
    return _complete(conn, page) if len(page) == limit else None


def count(conn: sqlite3.Connection, flt: EntryFilter) -> int:
    clauses, params = _where(flt, whole=True)
    found: int = conn.execute(f"SELECT count(*) FROM entries e WHERE {' AND '.join(clauses)}", params).fetchone()[0]
    return found


def search(
    conn: sqlite3.Connection, text: str, flt: EntryFilter, limit: int | None = None, prefix_last: bool = False,
    *, newest: bool = False,
) -> list[Entry]:
    """Entries whose title, body, tags or feedback details (from, asked, follow-up) match `text`,
    best match first (or newest first with `newest`; one word in more than RANKED_AT_MOST entries:
    among the ones written last, store/search.rank_floor). A word of one or two letters typed
    alone (`prefix_last`, the first keys of the TUI's search) lists the newest entries with a word
    it starts when the newest SCANNED_AT_MOST hold a page of them.

    `text` is a forgiving query (store/search.py: prefixes, stemmed forms, substrings of 3+
    characters, quoted phrases, OR, NOT and `-word`, emoji); its candidates come from the
    search indexes, the filters apply in the same statement, and SQLite ranks and limits.
    """
    from journal.store import search as search_sql  # here: only `search` needs its grammar

    found = search_sql.plan(text, prefix_last)
    clauses, params = _where(flt)
    short = found.typed_alone if limit else None
    if short is not None:  # the first letters typed: among the newest entries, newest first
        where = " AND ".join(clauses)
        rows = conn.execute(
            f"SELECT {_SELECT} FROM (SELECT * FROM entries e WHERE {where} {_NEWEST_FIRST} LIMIT ?) e "
            f"WHERE starts_word(?, e.title, e.body, e.tags, e.details_text) {_NEWEST_FIRST} LIMIT ?",
            [*params, search_sql.SCANNED_AT_MOST, short, limit]).fetchall()
        if len(rows) == limit:
            return _complete(conn, _entries(rows))
    floor = None if newest else search_sql.rank_floor(conn, found)
    top = (search_sql.select_top(found, _SELECT, clauses, params, _NEWEST_FIRST, limit, floor)
           if limit and not newest else None)
    if top is not None:
        sql, values, pool = top
        rows = conn.execute(sql, values).fetchall()
        if search_sql.top_is_whole(rows, limit or 0, pool):
            return _complete(conn, _entries(row[:-3] for row in rows))
    sql, values = search_sql.select(found, _SELECT, clauses, params, _NEWEST_FIRST, newest=newest, limit=limit,
                                    floor=floor)
    return _complete(conn, _entries(conn.execute(sql, values)))


def _complete(conn: sqlite3.Connection, entries: list[Entry]) -> list[Entry]:
    """Attach goal refs and short ids to a page of entries."""
    if not entries:
        return entries
    by_id = {e.id: e for e in entries}
    marks = ", ".join("?" * len(by_id))
    links: dict[str, list[GoalRef]] = {}
    for entry_id, goal_id, title in conn.execute(
        f"SELECT eg.entry_id, g.id, g.title FROM entry_goals eg JOIN goals g ON g.id = eg.goal_id "
        f"WHERE eg.entry_id IN ({marks}) ORDER BY g.title",
        list(by_id),
    ):
        links.setdefault(entry_id, []).append(GoalRef(goal_id, title))
    shorts = short_ids(conn, list(by_id))
    for entry in entries:
        entry.goals = tuple(links.get(entry.id, ()))
        entry.short_id = shorts[entry.id]
    return entries
