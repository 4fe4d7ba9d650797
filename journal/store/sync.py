"""SQL of sync between devices: the log of changed rows, row versions, and applying another
device's records with the newer-wins rule (services/sync.py drives it; io/sync_files.py
reads and writes the files).

A record is the whole current state of one row as the JSON export has it (an entry with its
goal links and trash state; a goal with its milestones and history; a mentorship), or the
purge of an entry. A version is `updated_at~hash` (domain/merge.version_of), so two
devices order any two versions the same way: the later stamp wins, and on equal stamps the
larger hash (domain/merge.newer_version). A version that loses and was not already held
here is kept as a conflict draft (entries) — never dropped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING

from journal.domain.dates import parse_moment
from journal.domain.entry_fields import Row
from journal.domain.merge import Winner, newer_version, version_of
from journal.store import engine, transfer
from journal.store import practice as practice_rows

if TYPE_CHECKING:
    from journal.store.upkeep import Check

KINDS = ("mentorship", "goal", "practice", "entry")
"""Record kinds in the order they are applied (an entry may link to a goal, a goal to a mentorship)."""


# ----------------------------------------------------------------- state
def get_state(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def has_state_like(conn: sqlite3.Connection, pattern: str) -> bool:
    """Whether a state key matches the LIKE `pattern`."""
    return conn.execute("SELECT 1 FROM sync_state WHERE key LIKE ?", (pattern,)).fetchone() is not None


def set_state(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT INTO sync_state (key, value) VALUES (?, ?) "
                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))


def enable(conn: sqlite3.Connection, device: str) -> bool:
    """Turn the log on, with this device's id; True the first time, when every row is logged
    (the first change file holds the whole journal)."""
    if get_state(conn, "enabled") == "1":
        return False
    set_state(conn, "device", device)
    set_state(conn, "enabled", "1")
    log_everything(conn)
    return True


def last_log_seq(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(seq), 0) FROM sync_log").fetchone()[0])


def pending(conn: sqlite3.Connection) -> tuple[int, list[tuple[str, str]]]:
    """(the log's last seq, the rows changed since they were last written out: kind, id)."""
    upto = last_log_seq(conn)
    rows = conn.execute("SELECT kind, row_id FROM sync_log WHERE seq <= ? GROUP BY kind, row_id "
                        "ORDER BY min(seq)", (upto,)).fetchall()
    return upto, [(kind, row_id) for kind, row_id in rows]


def has_pending(conn: sqlite3.Connection) -> bool:
    """Rows changed since they were last written out (never, while sync is off)."""
    try:
        return conn.execute("SELECT 1 FROM sync_log LIMIT 1").fetchone() is not None
    except engine.OperationalError:  # a read-only journal not upgraded to m009 on disk
        return False


def pending_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM (SELECT 1 FROM sync_log GROUP BY kind, row_id)").fetchone()[0])


def written_out(conn: sqlite3.Connection, upto: int) -> None:
    conn.execute("DELETE FROM sync_log WHERE seq <= ?", (upto,))


def forget_echo(conn: sqlite3.Connection, after: int) -> None:
    """Applying records fires the log's triggers: those rows came from elsewhere, not from here."""
    conn.execute("DELETE FROM sync_log WHERE seq > ?", (after,))


# ----------------------------------------------------------------- records
def record_of(conn: sqlite3.Connection, kind: str, row_id: str) -> Row | None:
    """The row as a record, or None when it is gone (a purged entry; a removed goal)."""
    if kind == "entry":
        return transfer.entry_record(conn, row_id)
    if kind == "goal":
        return transfer.goal(conn, row_id)
    if kind == "practice":
        return practice_rows.record(conn, row_id)
    return transfer.mentorship(conn, row_id)


def held(conn: sqlite3.Connection, kind: str, row_id: str, row_version: str) -> None:
    """Remember that this device has held that version of the row."""
    conn.execute("INSERT OR IGNORE INTO sync_seen (kind, row_id, version) VALUES (?, ?, ?)",
                 (kind, row_id, row_version))


def was_held(conn: sqlite3.Connection, kind: str, row_id: str, row_version: str) -> bool:
    return conn.execute("SELECT 1 FROM sync_seen WHERE kind = ? AND row_id = ? AND version = ?",
                        (kind, row_id, row_version)).fetchone() is not None


def base_of(conn: sqlite3.Connection, kind: str, row_id: str) -> str | None:
    """The version a change here was made on: the one this device last wrote out or took from
    another device, or None for a row new here."""
    row = conn.execute("SELECT version FROM sync_rows WHERE kind = ? AND row_id = ?", (kind, row_id)).fetchone()
    return row[0] if row else None


def synced(conn: sqlite3.Connection, kind: str, row_id: str, row_version: str) -> None:
    """The row is at this version as far as sync knows (written out, or taken from elsewhere)."""
    conn.execute("INSERT INTO sync_rows (kind, row_id, version) VALUES (?, ?, ?) "
                 "ON CONFLICT DO UPDATE SET version = excluded.version", (kind, row_id, row_version))


def missing_links(conn: sqlite3.Connection, records: list[Row]) -> list[str]:
    """Goals, mentorships and answered entries the records link to that are neither here nor
    in the records themselves (they come in another device's file not applied yet)."""
    coming = {(r["kind"], r["row"]["id"]) for r in records if r["kind"] != "purge"}

    def there(kind: str, table: str, row_id: str | None) -> bool:
        return (row_id is None or (kind, row_id) in coming
                or conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone() is not None
                or (kind == "entry" and purged_here(conn, row_id)))  # never coming: the link goes (apply)

    missing = []
    for record in records:
        row = record.get("row") or {}
        if record["kind"] == "entry":
            links = [("goal", "goals", g) for g in row.get("goals", ())]
            links += [("mentorship", "mentorships", row.get("mentorship_id")),
                      ("entry", "entries", row.get("answers"))]
        elif record["kind"] == "goal":
            links = [("mentorship", "mentorships", row.get("mentorship_id"))]
        else:
            links = []
        missing += [row_id for kind, table, row_id in links if row_id is not None and not there(kind, table, row_id)]
    return missing


def purged_here(conn: sqlite3.Connection, entry_id: str) -> bool:
    return conn.execute("SELECT 1 FROM sync_purged WHERE entry_id = ?", (entry_id,)).fetchone() is not None


def note_purged(conn: sqlite3.Connection, entry_id: str, at: str) -> None:
    conn.execute("INSERT OR IGNORE INTO sync_purged (entry_id, at) VALUES (?, ?)", (entry_id, at))


# ----------------------------------------------------------------- applying
def apply(conn: sqlite3.Connection, kind: str, record: Row, base: str | None) -> str:
    """One record from another device: 'new', 'updated', 'same' (a version held here before, or
    one this version descends from), 'kept' (the version here wins over a concurrent one: the
    device that wrote that one keeps it as a draft when it gets this one), 'conflict' (the
    incoming one wins over a concurrent version here, which is kept here as an offered draft;
    'untrashed' when the version here was in the trash and the incoming one is not), or
    'purged' (the entry was purged here: ignored).

    A version made on top of the one here (`base`) always replaces it, whatever the clocks say;
    two versions made without seeing each other are ordered by domain/merge.newer_version.
    """
    if kind == "entry" and purged_here(conn, record["id"]):
        return "purged"
    if kind == "entry" and record.get("answers") and purged_here(conn, record["answers"]):
        # it answers an entry purged here: the link goes, as the purge itself unlinks it on the
        # device that wrote this once it gets there (`purge`), so both hold the same version
        held(conn, kind, record["id"], version_of(record))
        record = {**record, "answers": None}
    incoming = version_of(record)
    if base is not None and base != incoming:  # (a snapshot's record is its own base)
        held(conn, kind, record["id"], base)  # an ancestor: if it arrives later, it is old news
    local = record_of(conn, kind, record["id"])
    if local is None and kind == "practice" and was_held(conn, kind, record["id"], incoming):
        return "same"  # a version of a document deleted here since: it stays deleted (S154)
    if local is None:
        twin = _write(conn, kind, record, insert=True)
        held(conn, kind, record["id"], incoming)
        synced(conn, kind, record["id"], incoming)
        return "new" if twin is None else _one_of_twins(conn, twin)
    here = version_of(local)
    if here == incoming:
        held(conn, kind, record["id"], incoming)
        synced(conn, kind, record["id"], incoming)
        _merge_parts(conn, kind, record)
        return "same"
    if base != here and was_held(conn, kind, record["id"], incoming):
        _merge_parts(conn, kind, record)  # history: a union whatever the order
        return "same"
    if base == here or newer_version(here, incoming) is Winner.INCOMING:
        # the version here is this device's own (a third device that only took it from another
        # kept that device's text as a draft too, and heard its own changes were lost: S359)
        own = base != here and made_here(conn, kind, record["id"], here)
        conflict = kind == "entry" and own
        if conflict:  # changed here while it changed there: kept, as an edit of the version it was
            transfer.keep_as_draft(conn, local, offer=True)  # (saving it over the winner is refused)
        twin = _write(conn, kind, record, insert=False)
        held(conn, kind, record["id"], incoming)
        synced(conn, kind, record["id"], incoming)
        if twin is not None:
            return _one_of_twins(conn, twin)
        if kind == "entry" and base != here:  # made without seeing each other: private if either was
            _keep_private(conn, record["id"], local, record)
        if kind in ("goal", "mentorship") and base != here:  # made without seeing each other: and the other's edits
            _merge_edits(conn, kind, record["id"], local, record)
        elif kind == "practice" and base != here:  # and what only the version here holds; its texts kept (S194)
            _merge_practice(conn, record, local, keep_loser=own)
        if conflict and local.get("deleted_at") and not record.get("deleted_at"):
            return "untrashed"  # trashed here, changed there since: back, and said so (S198)
        return "conflict" if conflict else "updated"
    held(conn, kind, record["id"], incoming)
    _merge_parts(conn, kind, record)  # milestones by their own versions, histories as a union
    if kind in ("goal", "mentorship"):
        _merge_edits(conn, kind, record["id"], record, local)
    elif kind == "entry":
        _keep_private(conn, record["id"], local, record)
    elif kind == "practice":  # what only the other version holds: its texts stay there, as a draft
        _merge_practice(conn, local, record, keep_loser=False)
    # An entry's losing version from elsewhere is kept where it was written: that device takes
    # this newer one when it syncs, and keeps its own as a draft there (the branch above).
    return "kept" if kind == "entry" else "same"


def _merge_edits(conn: sqlite3.Connection, kind: str, row_id: str, older: Row, newer_one: Row) -> None:
    """Two versions of a goal or a mentorship made without seeing each other: the newer is here
    whole, and the histories are one; the edits only the older one made are taken too
    (transfer.merge_goal_edits, merge_mentorship_edits), alike on every device holding both, so
    that row counts as synced (S153, S192)."""
    merge = transfer.merge_goal_edits if kind == "goal" else transfer.merge_mentorship_edits
    if merge(conn, row_id, older, newer_one):
        in_step(conn, kind, row_id)


def _keep_private(conn: sqlite3.Connection, entry_id: str, here: Row, there: Row) -> None:
    """Two versions of an entry made without seeing each other, one of them private: the entry
    stays private whichever wins (S474). The newer version is here whole, and an edit of its
    tags on one device made the other's 'private' a draft's, so the entry went into the next
    export. Alike on every device holding both (in step); making it public again is a change
    made on top of a version, which always wins."""
    if bool(here.get("private")) == bool(there.get("private")):
        return
    if conn.execute("UPDATE entries SET private = 1 WHERE id = ? AND private = 0", (entry_id,)).rowcount:
        in_step(conn, "entry", entry_id)


def _merge_practice(conn: sqlite3.Connection, winner: Row, loser: Row, *, keep_loser: bool) -> None:
    """Two versions of a practice document made without seeing each other: the newer with the
    older one's list items, alike on every device (in step); the older one's texts are kept as
    a draft where it was made (`keep_loser` there)."""
    if transfer.merge_practice_versions(conn, winner, loser, keep_loser=keep_loser) != winner:
        in_step(conn, "practice", winner["id"])


def in_step(conn: sqlite3.Connection, kind: str, row_id: str) -> None:
    """The row's version here is one every device makes alike from what it holds (a merge both
    sides do, a link both sides drop): held and synced, so an edit made on it next is no
    conflict anywhere."""
    record = record_of(conn, kind, row_id)
    assert record is not None, "written in this transaction"
    version = version_of(record)
    held(conn, kind, row_id, version)
    synced(conn, kind, row_id, version)


def made_here(conn: sqlite3.Connection, kind: str, row_id: str, row_version: str) -> bool:
    """That version of the row was made on this device: written out from here, or changed here
    since the last sync (one taken from another device is that device's to keep)."""
    return base_of(conn, kind, row_id) != row_version or conn.execute(
        "SELECT 1 FROM sync_seen WHERE kind = ? AND row_id = ? AND version = ? AND written = 1",
        (kind, row_id, row_version)).fetchone() is not None


def written(conn: sqlite3.Connection, kind: str, row_id: str, row_version: str) -> None:
    """This device wrote that version out."""
    conn.execute("INSERT INTO sync_seen (kind, row_id, version, written) VALUES (?, ?, ?, 1) "
                 "ON CONFLICT DO UPDATE SET written = 1", (kind, row_id, row_version))
    synced(conn, kind, row_id, row_version)


def _one_of_twins(conn: sqlite3.Connection, entry_id: str) -> str:
    """The entry two copies of one imported entry became (transfer.twin_here): every device that
    meets both makes the same one (`in_step`)."""
    in_step(conn, "entry", entry_id)
    return "same"


def _write(conn: sqlite3.Connection, kind: str, record: Row, *, insert: bool) -> str | None:
    """Write the record; for an entry that met its twin here, the id of the one they became."""
    if kind == "entry":
        return transfer.write_entry(conn, record, insert=insert)
    if kind == "goal":
        transfer.replace_row(conn, "goals", transfer.GOAL_FIELDS, record)
        transfer.merge_goal_parts(conn, record, by_version=True)
    elif kind == "practice":
        practice_rows.replace(conn, record)
    else:
        transfer.replace_mentorship(conn, record)
    return None


def _merge_parts(conn: sqlite3.Connection, kind: str, record: Row) -> None:
    """What merges on its own whichever version wins: a goal's milestones and history, a
    mentorship's history."""
    if kind == "goal":
        transfer.merge_goal_parts(conn, record, by_version=True)
    elif kind == "mentorship":
        transfer.merge_history(conn, "mentorship_history", "mentorship_id", record["id"], record.get("history", ()))


def purge(conn: sqlite3.Connection, entry_id: str, at: str, base: str | None) -> str:
    """Another device purged this entry (`base`: the version it last synced): it goes here too,
    its text scrubbed from every copy like a local purge (pending_scrubs). A version made here
    that the other device had not seen (this device's own edit) is kept as a new entry's draft
    first, or it would be lost; a copy that came from elsewhere is purged with the rest (the
    device that made it keeps its own edit the same way). 'purged', or 'purged, edit kept'."""
    from journal.store import entries as entry_rows

    note_purged(conn, entry_id, at)
    local = transfer.entry_record(conn, entry_id)
    if local is None:
        return "same"
    here = version_of(local)
    outcome = "purged"
    if here != base and made_here(conn, "entry", entry_id, here):
        transfer.keep_as_draft(conn, local, offer=True)  # the purge makes it a new entry's draft
        outcome = "purged, edit kept"  # and the report says so (S251)
    answers = [(row_id, version_of(record)) for row_id in _answering(conn, entry_id)
               if (record := transfer.entry_record(conn, row_id)) is not None]
    entry_rows.purge_ids(conn, [entry_id], parse_moment(at))
    if get_state(conn, "enabled") == "1":  # this device's own files hold the purged text too (S191): after
        set_state(conn, "snapshot_asked", "1")  # the apply (what it logs is its echo), a snapshot, as a purge here
    for row_id, before in answers:  # unlinked (SET NULL) alike on every device: still in step where it was
        if base_of(conn, "entry", row_id) == before:
            in_step(conn, "entry", row_id)
    return outcome


def remove_practice(conn: sqlite3.Connection, row_id: str, base: str | None) -> str:
    """Another device deleted this document (a shortlist; `base`: the version it last synced).
    It goes here too, unless it was changed here since: then the change wins (nothing typed is
    lost) and, sent out as usual, brings it back there (S154)."""
    local = record_of(conn, "practice", row_id)
    if local is None:
        return "same"
    if version_of(local) != base:
        return "kept"
    practice_rows.delete(conn, row_id)
    return "removed"


def _answering(conn: sqlite3.Connection, entry_id: str) -> list[str]:
    return [r[0] for r in conn.execute("SELECT id FROM entries WHERE answers = ?", (entry_id,))]


def applied(conn: sqlite3.Connection, device: str, file_seq: int) -> bool:
    return conn.execute("SELECT 1 FROM sync_applied WHERE device = ? AND file_seq = ?",
                        (device, file_seq)).fetchone() is not None


def applied_files(conn: sqlite3.Connection) -> set[tuple[str, int]]:
    """(device, file_seq) of every change file of other devices applied here."""
    return set(conn.execute("SELECT device, file_seq FROM sync_applied"))


def mark_applied(conn: sqlite3.Connection, device: str, file_seq: int, at: str) -> None:
    conn.execute("INSERT OR IGNORE INTO sync_applied (device, file_seq, at) VALUES (?, ?, ?)", (device, file_seq, at))


def applied_without_gap(conn: sqlite3.Connection, device: str, snapshot: tuple[int, int] | None) -> int:
    """The highest n such that every file of `device` up to n is applied here, or is older than
    its latest snapshot (first, last) when this device has applied that whole snapshot."""
    done = {row[0] for row in conn.execute("SELECT file_seq FROM sync_applied WHERE device = ?", (device,))}
    upto = 0
    if snapshot is not None and all(n in done for n in range(snapshot[0], snapshot[1] + 1)):
        upto = snapshot[1]
    while upto + 1 in done:
        upto += 1
    return upto


def ask_for_snapshot(conn: sqlite3.Connection) -> None:
    """When this journal syncs: its next sync writes the whole journal as a snapshot, after which
    its earlier change files go once every device has applied it (services/sync `_compact`).
    Asked for when those files hold what must not stay in the folder: text purged since, or
    plain text of a journal encrypted since (S160)."""
    if get_state(conn, "enabled") == "1":
        log_everything(conn)
        set_state(conn, "snapshot_next", "1")


def new_device(conn: sqlite3.Connection, device: str) -> None:
    """This journal syncs as `device` from now on: its files start again in a folder of their
    own, the first ones holding the whole journal."""
    set_state(conn, "device", device)
    conn.execute("DELETE FROM sync_state WHERE key IN ('file_seq', 'snapshot_first', 'snapshot_last', 'copy_seen')")
    log_everything(conn)


def log_everything(conn: sqlite3.Connection) -> None:
    """Every row into the log: the next files written hold the whole journal (a snapshot)."""
    conn.execute("INSERT INTO sync_log (kind, row_id) SELECT 'mentorship', id FROM mentorships")
    conn.execute("INSERT INTO sync_log (kind, row_id) SELECT 'goal', id FROM goals")
    conn.execute("INSERT INTO sync_log (kind, row_id) SELECT 'practice', id FROM practice")
    conn.execute("INSERT INTO sync_log (kind, row_id) SELECT 'entry', id FROM entries")


def open_goals_in_ended(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(goal id, the line saying it) for each open goal in an ended mentorship. Refused when
    typed (a closing decides about its goals: S164), it comes of a sync: a goal put in the
    mentorship on one device while another closed it (stop 41). Neither change is undone
    (nothing is lost); the way out is said: take the goal out, or close it."""
    from journal.domain.refs import short_ids

    found = conn.execute(
        "SELECT g.id, g.title, m.mentor FROM goals g JOIN mentorships m ON m.id = g.mentorship_id "
        "WHERE m.status = 'closed' AND g.status IN ('active', 'paused') ORDER BY g.created_at, g.id").fetchall()
    shorts = short_ids([row[0] for row in conn.execute("SELECT id FROM goals")]) if found else {}
    return [(goal_id, f"goal '{title}' ({shorts[goal_id]}) is open in the mentorship with {mentor}, which has ended "
             "(one device put it there while another closed the mentorship): take it out with `journal goal edit "
             f"{shorts[goal_id]} --mentorship ''`, or close it with `journal goal close {shorts[goal_id]} --status "
             "achieved` (or abandoned)") for goal_id, title, mentor in found]


def ended_mentorship_check(conn: sqlite3.Connection) -> Check | None:
    """The doctor's line for `open_goals_in_ended` (None when there is none)."""
    from journal.store.upkeep import Check

    try:
        found = open_goals_in_ended(conn)
    except engine.OperationalError:  # a journal from before mentorships, not upgraded yet
        return None
    if not found:
        return None
    more = f" (and {len(found) - 1} more such goal(s))" if len(found) > 1 else ""
    return Check("goals", "warn", found[0][1] + more)


def devices(conn: sqlite3.Connection) -> Iterator[tuple[str, int, str]]:
    """(device, files applied, when the last was applied) for every other device seen."""
    yield from conn.execute("SELECT device, count(*), max(at) FROM sync_applied GROUP BY device ORDER BY device")
