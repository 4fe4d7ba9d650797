"""A. Crash and durability (docs/RELIABILITY.md, catalogue A)."""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest

from journal.store import engine
from journal.io.own_json import write_json
from journal.services import EntryChanges, EntryInput, Journal
from journal.store.db import connect, write_tx
from tests.conftest import wait_until_indexed

from .conftest import ITERATIONS, count, healthy, sha

WRITER = textwrap.dedent("""
    import sys
    from journal.services import Journal, EntryInput
    j = Journal.open(sys.argv[1])
    for i in range(100000):
        j.entries.write(EntryInput(f"crash entry {i}", lens="h", when="2026-01-01"))
        print(i, flush=True)
""")

TRIALS = ITERATIONS or 5


@pytest.mark.catalogue("A1")
@pytest.mark.parametrize("seed", range(TRIALS))
def test_a1_kill_9_during_single_saves_loses_no_acked_entry(db_path, seed):
    """A1: SIGKILL a writer at a random ack; integrity ok, rows == acked or acked+1, contiguous."""
    Journal.open(db_path, create=True).close()
    stop_after = random.Random(seed).randint(3, 80)
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(db_path)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    acked = 0
    for line in child.stdout:
        acked = int(line) + 1
        if acked >= stop_after:
            os.kill(child.pid, signal.SIGKILL)
            break
    acked += len(child.stdout.read().split())  # acks printed before the kill, already in the pipe
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL, child.stderr.read()
    assert healthy(db_path)
    rows = count(db_path)
    assert rows in (acked, acked + 1), (rows, acked)
    conn = connect(db_path)
    bodies = {r[0] for r in conn.execute("SELECT body FROM entries")}
    assert {f"crash entry {i}" for i in range(acked)} <= bodies
    conn.close()
    with Journal.open(db_path) as j:  # the next start opens cleanly and can write
        j.entries.write(EntryInput("after the crash"))
    assert count(db_path) == rows + 1


@pytest.mark.catalogue("A8")
def test_a8_uncommitted_write_is_never_reported_as_saved(db_path):
    """A8: a connection dropped without COMMIT keeps nothing; every API write is there after reopen."""
    j = Journal.open(db_path, create=True)
    saved = j.entries.write(EntryInput("committed one"))
    j.conn.execute("BEGIN IMMEDIATE")
    j.conn.execute("UPDATE entries SET body = 'never committed' WHERE id = ?", (saved.id,))
    j.conn.close()  # dropped mid-transaction
    with Journal.open(db_path) as again:
        assert again.entries.get(saved.id).body == "committed one"
        _, changed = again.entries.edit(saved.id, EntryChanges(body="edited"))
        assert changed
    with Journal.open(db_path) as third:
        assert third.entries.get(saved.id).body == "edited"


@pytest.mark.catalogue("A9")
def test_a9_failed_write_does_not_leave_a_phantom_transaction(db_path):
    """A9: a CHECK violation, then a good write on the same connection, then reopen: the good one persisted."""
    j = Journal.open(db_path, create=True)
    with pytest.raises(engine.IntegrityError):
        with write_tx(j.conn):
            j.conn.execute("INSERT INTO entries (id, day, tz, created_at, updated_at, lens, body) "
                           "VALUES ('bad', '2026-02-30', 'UTC', 'x', 'x', 'insight', 'b')")
    assert not j.conn.in_transaction
    kept = j.entries.write(EntryInput("after the failure"))
    j.conn.close()  # no explicit commit anywhere
    with Journal.open(db_path) as again:
        assert again.entries.get(kept.id).body == "after the failure"
        assert again.entries.count() == 1


@pytest.mark.catalogue("A10")
def test_a10_delete_really_deletes_and_an_unchanged_edit_is_a_no_op(db_path, clock):
    """A10: delete/purge survive reopen; an edit with no change does not touch updated_at."""
    j = Journal.open(db_path, create=True, clock=clock)
    keep = j.entries.write(EntryInput("keep me"))
    gone = j.entries.write(EntryInput("delete me"))
    j.entries.delete(gone.id)
    before = j.entries.get(keep.id)
    same, changed = j.entries.edit(keep.id, EntryChanges(body="keep me"))
    assert not changed and same.updated_at == before.updated_at
    j.close()
    with Journal.open(db_path, clock=clock) as again:
        assert [e.id for e in again.entries.list()] == [keep.id]
        assert [e.id for e in again.entries.trash()] == [gone.id]
        assert again.entries.purge().removed == 1
    with Journal.open(db_path, clock=clock) as third:
        assert third.entries.trash() == [] and third.entries.count() == 1
        assert third.entries.get(keep.id).updated_at == before.updated_at


# ----------------------------------------------------------------------------------------------
# A2-A6: kill -9 during an import, a migration, a backup, an export; an orphaned -wal.
# JOURNAL_RELIABILITY_ITERATIONS=N runs N kill trials per test (and the full 20,000-entry
# import); the default keeps the whole set to a few seconds.

CHILDREN = Path(__file__).with_name("children")


def trials(default: int) -> int:
    return ITERATIONS or default


def figures(case: str, **numbers) -> None:
    """One line of what a kill loop measured (shown with `pytest -s`)."""
    print(f"\n{case}: " + ", ".join(f"{k}={v}" for k, v in numbers.items()))


def digest(path: Path) -> str:
    """A hash of every entry's id, day, lens, tags and body, in the order they were written."""
    conn = engine.driver.connect(f"file:{path}?mode=ro", uri=True)
    try:
        h = hashlib.sha256()
        for row in conn.execute("SELECT id, day, lens, tags, body FROM entries ORDER BY seq"):
            h.update(repr(row).encode())
        return h.hexdigest()
    finally:
        conn.close()


def write_import_file(path: Path, n: int) -> None:
    """Our own JSON format (own_json.write_json): one goal, n entries, every fifth linked to it."""
    rnd = random.Random(n)
    goal = {"id": "goal-crash", "title": "Crash goal", "specific": "", "measurable": "", "achievable": "",
            "relevant": "", "time_bound": None, "success_criteria": "", "status": "active",
            "mentorship_id": None, "created_at": "2020-01-01T00:00:00Z", "closed_at": None,
            "closure_note": None, "review_every": None, "milestones": [], "history": []}

    def entries():
        for i in range(n):
            day = (date(2020, 1, 1) + timedelta(days=i % 2000)).isoformat()
            yield {"id": str(uuid.UUID(int=rnd.getrandbits(128), version=4)), "day": day, "time": "09:30",
                   "tz": "Europe/Berlin", "created_at": f"{day}T08:30:00Z", "updated_at": f"{day}T08:30:00Z",
                   "lens": ("hindsight", "insight", "foresight")[i % 3], "kind": "note", "title": None,
                   "body": f"imported entry {i} " + "lorem ipsum " * 20, "tags": ["import", f"t{i % 7}"],
                   "goals": ["goal-crash"] if i % 5 == 0 else [], "starred": False, "private": False,
                   "mentorship_id": None, "revisit_on": None, "answers": None, "deleted_at": None,
                   "source": None, "source_id": None}

    with open(path, "w", encoding="utf-8") as handle:
        assert write_json(handle.write, "2026-11-23T08:30:00Z", [], [goal], [], entries()) == n


def write_locked(db: Path) -> bool:
    """Does another process hold the journal's write lock (an open write transaction)?"""
    conn = engine.driver.connect(f"file:{db}?mode=rw", uri=True, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
    except engine.OperationalError:
        return True
    else:
        conn.execute("ROLLBACK")
        return False
    finally:
        conn.close()


def wait_for(condition, child: subprocess.Popen, timeout: float = 60) -> float:
    """Poll until `condition()` or the child exits; returns the monotonic time it happened."""
    deadline = time.monotonic() + timeout
    while not condition() and child.poll() is None:
        assert time.monotonic() < deadline, "the child never got there"
        time.sleep(0.001)
    return time.monotonic()


def spawn(proc, *args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "journal", *map(str, args)], env=proc.env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def kill(child: subprocess.Popen) -> tuple[bool, bytes, bytes]:
    """SIGKILL (if still running); returns (it was still running, stdout, stderr)."""
    alive = child.poll() is None
    if alive:
        os.kill(child.pid, signal.SIGKILL)
    out, err = child.communicate(timeout=60)
    assert child.returncode in (0, -signal.SIGKILL), err
    return alive, out, err


@pytest.mark.catalogue("A2", "F50")
def test_a2_kill_9_during_a_large_import_is_all_or_nothing(tmp_path, proc):
    """A2/F50: SIGKILL `journal import` inside its one transaction at random points: 0 or all rows,
    integrity ok; a re-run imports every entry once (no duplicates); a third run adds nothing."""
    n = 20_000 if ITERATIONS else 3_000
    source = tmp_path / "export.json"
    write_import_file(source, n)
    rng = random.Random(2)

    def fresh(name: str) -> Path:
        db = tmp_path / name / "journal.db"
        Journal.open(db, create=True).close()
        return db

    # Calibration (and control): an uninterrupted import, timed from the moment it holds the write lock.
    db = fresh("calibration")
    child = spawn(proc, "--db", db, "import", source)
    locked_at = wait_for(lambda: write_locked(db), child)
    window = wait_for(lambda: not write_locked(db), child) - locked_at  # the transaction's length
    out, err = child.communicate(timeout=300)
    assert child.returncode == 0, err
    assert count(db) == n and healthy(db)

    outcomes = {"rolled back": 0, "committed": 0}
    for trial in range(trials(3)):
        db = fresh(f"trial-{trial}")
        child = spawn(proc, "--db", db, "import", source)
        wait_for(lambda db=db: write_locked(db), child)
        time.sleep(rng.uniform(0, window * 1.1))
        _, out, err = kill(child)
        assert healthy(db), trial
        rows = count(db)
        assert rows in (0, n), (trial, rows)
        if b"Imported" in out:  # acknowledged: every row must be there
            assert rows == n
        outcomes["rolled back" if rows == 0 else "committed"] += 1

        rerun = proc("--db", db, "import", source, timeout=300)
        assert rerun.returncode == 0, rerun.stderr
        summary = rerun.stdout.decode()
        assert (f"{n} new" if rows == 0 else f"0 new, 0 updated, {n} already present") in summary, summary
        assert count(db) == n and healthy(db)
        wait_until_indexed(db)  # the import's background indexer (a rerun sets one off too)
        conn = connect(db)
        try:
            assert conn.execute("SELECT count(DISTINCT id) FROM entries").fetchone()[0] == n
            assert conn.execute("SELECT count(*) FROM entry_goals").fetchone()[0] == (n + 4) // 5
            assert conn.execute("SELECT count(*) FROM entries_fts WHERE entries_fts MATCH 'lorem'").fetchone()[0] == n
        finally:
            conn.close()
    again = proc("--db", db, "import", source, timeout=300)
    assert f"0 new, 0 updated, {n} already present" in again.stdout.decode() and count(db) == n
    figures("A2", entries=n, trials=trials(3), window_s=round(window, 3), **outcomes)


def seed_by_import(db: Path, n: int, scratch: Path) -> None:
    """A journal with n entries, written in one import transaction (fast), then closed (WAL folded in)."""
    source = scratch / f"seed-{n}.json"
    write_import_file(source, n)
    with Journal.open(db, create=True) as j:
        j.transfer.import_file(source)
    wait_until_indexed(db)  # its background indexer is done with the file
    source.unlink()


def migration_names(db: Path) -> list[str]:
    conn = engine.driver.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = 'journal' "
                                           "ORDER BY id")]
    finally:
        conn.close()


def schema_of(db: Path) -> tuple[list[str], int | None]:
    """(entries' columns, rows in the test migration's table or None when it does not exist)."""
    conn = engine.driver.connect(f"file:{db}?mode=ro", uri=True)
    try:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(entries)")]
        has_pad = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'crash_pad'").fetchone()
        return columns, conn.execute("SELECT count(*) FROM crash_pad").fetchone()[0] if has_pad else None
    finally:
        conn.close()


@pytest.mark.catalogue("A3")
def test_a3_kill_9_during_migration_keeps_the_old_schema_or_the_new_complete(tmp_path):
    """A3: a test-only migration (children/slow_migration.py) applied through open_journal() is
    SIGKILLed at a random step (or after its commit): the file is healthy, every row is there, the
    migration records are the old ones (old schema) or include the new step (new schema complete),
    and the pre-migration backup exists and passes integrity_check. The next open completes it."""
    steps, n = 30, 200
    seed = tmp_path / "seed" / "journal.db"
    seed_by_import(seed, n, tmp_path)
    old_names, before = migration_names(seed), digest(seed)
    old_columns, _ = schema_of(seed)
    child_script = str(CHILDREN / "slow_migration.py")
    rng = random.Random(3)
    outcomes = {"rolled back": 0, "complete": 0}
    for trial in range(trials(3)):
        db = tmp_path / f"trial-{trial}" / "journal.db"
        db.parent.mkdir()
        with Journal.open(seed) as j:
            j.upkeep.backup(db)
        # every third trial: after "done" (committed, connection still open); else at a random step
        kill_after = steps if trial % 3 == 2 else rng.randrange(steps)
        child = subprocess.Popen([sys.executable, child_script, str(db), str(steps), "hold"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        want = "done" if kill_after == steps else str(kill_after)
        for line in child.stdout:
            if line.strip() == want:
                break
        else:
            pytest.fail(f"the migration child ended early: {child.stderr.read()}")
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)

        assert healthy(db) and count(db) == n and digest(db) == before, trial
        columns, pad = schema_of(db)
        names = migration_names(db)
        rolled_back = names == old_names
        if rolled_back:  # nothing of the new step: no column, no table, no record
            assert columns == old_columns and pad is None, (trial, columns)
            outcomes["rolled back"] += 1
            with Journal.open(db) as j:  # the old schema opens the normal way
                assert j.entries.count() == n
        else:  # all of it
            assert names == [*old_names, "m900_crash_test_rewrite"] and "crash_note" in columns and pad == steps
            outcomes["complete"] += 1
        if kill_after == steps:  # "done" was printed: the commit must have stuck
            assert not rolled_back
        made = [p for p in db.parent.iterdir() if p.name.startswith(f"{db.name}.bak-")]
        backup_name = rf"{re.escape(db.name)}\.bak-{old_names[-1]}-\d{{8}}T\d{{6}}Z"
        backups = [p for p in made if re.fullmatch(backup_name, p.name)]
        assert len(backups) == 1, [p.name for p in made]
        assert healthy(backups[0]) and digest(backups[0]) == before and migration_names(backups[0]) == old_names

        if rolled_back:  # the next start applies the migration in full
            done = subprocess.run([sys.executable, child_script, str(db), str(steps), "exit"],
                                  capture_output=True, text=True, timeout=60)
            assert done.returncode == 0 and done.stdout.endswith("done\n"), done.stderr
            assert migration_names(db) == [*old_names, "m900_crash_test_rewrite"]
            assert schema_of(db)[1] == steps and healthy(db) and digest(db) == before
    figures("A3", trials=trials(3), steps=steps, **outcomes)


@pytest.fixture(scope="module")
def big_journal(tmp_path_factory) -> tuple[Path, int]:
    """A journal of a few MB (6,000 entries), shared by A4 and A5, which must leave it untouched."""
    n = 6_000
    folder = tmp_path_factory.mktemp("big")
    db = folder / "journal" / "journal.db"
    seed_by_import(db, n, folder)
    return db, n


def verified_copy(path: Path, n: int, expected: str) -> None:
    assert healthy(path) and count(path) == n and digest(path) == expected, path


@pytest.mark.catalogue("A4")
def test_a4_kill_9_during_backup_never_leaves_a_partial_backup(tmp_path, proc, big_journal):
    """A4: SIGKILL `journal backup [FILE]` at random points while it copies a few-MB journal: the
    journal is untouched (file hash, count, integrity); the target is absent or a complete,
    verified backup, never a partial file under its final name. Leftover temp files are only
    ever `*.tmp` (with SQLite's `-wal`/`-shm`/`-journal` beside it), and the next backup to that name succeeds."""
    db, n = big_journal
    before_sha, before = sha(db), digest(db)
    out = tmp_path / "out"
    out.mkdir()
    backups = db.parent / "backups"

    def temps(folder: Path) -> list[Path]:
        return sorted(p for p in folder.iterdir() if ".tmp" in p.name) if folder.is_dir() else []

    # Calibration: an uncut backup, timed from its temp file's appearance to the end.
    target = out / "calibration.db"
    child = spawn(proc, "--db", db, "backup", target)
    seen = wait_for(lambda: bool(temps(out)), child)
    _, err = child.communicate(timeout=120)
    window = time.monotonic() - seen
    assert child.returncode == 0, err
    verified_copy(target, n, before)

    rng = random.Random(4)
    seen_names: set[str] = set()
    outcomes = {"absent": 0, "complete": 0}
    for trial in range(trials(4)):
        default = trial % 2 == 1  # odd trials: the default target in backups/
        folder = backups if default else out
        existing = set(folder.iterdir()) if folder.is_dir() else set()
        target = out / f"backup-{trial}.db"
        child = spawn(proc, "--db", db, "backup", *([] if default else [target]))
        wait_for(lambda folder=folder: bool(temps(folder)), child)
        time.sleep(rng.uniform(0, window))
        _, _, err = kill(child)

        assert sha(db) == before_sha and healthy(db) and count(db) == n, trial
        new = sorted(set(folder.iterdir()) - existing)
        finals = [p for p in new if p.name.endswith(".db")]
        leftovers = [p for p in new if p not in finals]
        assert all(re.search(r"\.db\.tmp(-journal|-wal|-shm)?$", p.name) for p in leftovers), \
            [p.name for p in leftovers]
        seen_names.update(re.sub(r"backup-\d+|journal-\d{8}T\d{6}Z(-\d+)?", "<name>", p.name) for p in leftovers)
        assert len(finals) <= 1, [p.name for p in new]
        for made in finals:
            verified_copy(made, n, before)
        if b"Backed up" in err:
            assert len(finals) == 1
        outcomes["complete" if finals else "absent"] += 1
        if not default:  # a leftover temp never spoils the next backup to the same name
            again = proc("--db", db, "backup", target, "--replace")  # it may be there (S207)
            assert again.returncode == 0, again.stderr
            verified_copy(target, n, before)
        for p in leftovers:
            p.unlink(missing_ok=True)
    figures("A4", trials=trials(4), window_s=round(window, 3), leftover_kinds=sorted(seen_names), **outcomes)


def reference_export(db: Path, fmt: str) -> str:
    parts: list[str] = []
    with Journal.open(db) as j:
        j.transfer.export(fmt, parts.append)
    return "".join(parts)


def without_stamp(text: str) -> str:
    text = re.sub(r'"exported_at": "[^"]*"', '"exported_at": ""', text, count=1)
    return re.sub(r"_Exported [^_\n]*_", "_Exported _", text, count=1)


@pytest.mark.catalogue("A5")
@pytest.mark.parametrize("fmt", ["json", "markdown"])
def test_a5_kill_9_during_export_never_leaves_a_truncated_file(tmp_path, proc, big_journal, fmt):
    """A5: SIGKILL `journal export -o FILE` at random points: FILE is absent or complete (JSON: every
    line parses and the document equals an uncut export; Markdown: equal to an uncut export)."""
    db, n = big_journal
    expected = without_stamp(reference_export(db, fmt))
    out = tmp_path / "out"
    out.mkdir()

    def temps() -> list[Path]:
        return sorted(out.glob(".*.tmp"))

    target = out / f"calibration.{fmt}"
    child = spawn(proc, "--db", db, "export", "--format", fmt, "-o", target)
    seen = wait_for(lambda: bool(temps()), child)
    _, err = child.communicate(timeout=120)
    window = time.monotonic() - seen
    assert child.returncode == 0, err
    assert without_stamp(target.read_text(encoding="utf-8")) == expected

    rng = random.Random(5)
    outcomes = {"absent": 0, "complete": 0}
    leftovers = 0
    for trial in range(trials(3)):
        target = out / f"export-{trial}.{fmt}"
        child = spawn(proc, "--db", db, "export", "--format", fmt, "-o", target)
        wait_for(lambda: bool(temps()), child)
        time.sleep(rng.uniform(0, window))
        _, _, err = kill(child)
        if target.exists():
            text = target.read_text(encoding="utf-8")
            if fmt == "json":  # one object per line: every line parses, and so does the whole
                lines = text.splitlines()
                assert lines[-1] == "]}"
                objects = [json.loads(line.rstrip(",")) for line in lines if line.startswith("{\"id\"")]
                assert sum(1 for o in objects if "body" in o) == n
                assert len(json.loads(text)["entries"]) == n
            assert without_stamp(text) == expected
            outcomes["complete"] += 1
        else:
            assert b"Exported" not in err
            outcomes["absent"] += 1
        visible = {p.name for p in out.iterdir() if not p.name.startswith(".")}
        assert visible <= {f"calibration.{fmt}"} | {f"export-{t}.{fmt}" for t in range(trial + 1)}, visible
        leftovers += len(temps())
        for p in temps():
            p.unlink()
    figures(f"A5 {fmt}", trials=trials(3), window_s=round(window, 3), leftover_temps=leftovers, **outcomes)


@pytest.mark.catalogue("A6")
def test_a6_orphaned_wal_is_recovered_and_a_copy_without_it_lacks_rows(tmp_path, proc):
    """A6: a writer with WAL autocheckpoint off is SIGKILLed: the next normal open (`journal list`)
    has every acknowledged entry. Negative control: a copy of the .db without its -wal lacks rows,
    which is why the docs say `journal backup`, never cp."""
    rng = random.Random(6)
    lost = 0
    for trial in range(trials(2)):
        db = tmp_path / f"trial-{trial}" / "journal.db"
        Journal.open(db, create=True).close()
        stop_after = rng.randint(10, 60)
        child = subprocess.Popen([sys.executable, str(CHILDREN / "wal_writer.py"), str(db)], env=proc.env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        acked = 0
        for line in child.stdout:
            acked = int(line) + 1
            if acked >= stop_after:
                break
        os.kill(child.pid, signal.SIGKILL)
        acked += len(child.stdout.read().split())  # acks printed before the kill (some already buffered)
        child.wait(timeout=30)
        assert child.returncode == -signal.SIGKILL, child.stderr.read()
        wal = Path(f"{db}-wal")
        assert wal.exists() and wal.stat().st_size > 0

        copy = tmp_path / f"copy-{trial}" / "journal.db"  # what `cp journal.db` would have made
        copy.parent.mkdir()
        copy.write_bytes(db.read_bytes())
        conn = engine.driver.connect(copy)
        try:
            in_copy = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        finally:
            conn.close()
        assert in_copy < acked, (in_copy, acked)

        listed = proc("--db", db, "list", "--format", "json")
        assert listed.returncode == 0, listed.stderr
        bodies = {e["body"].split(" w")[0] for e in json.loads(listed.stdout)}
        assert len(bodies) in (acked, acked + 1)
        missing = {f"wal entry {i}" for i in range(acked)} - bodies
        lost += len(missing)
        assert not missing
        assert healthy(db)
    figures("A6", trials=trials(2), acked_entries_lost=lost)
