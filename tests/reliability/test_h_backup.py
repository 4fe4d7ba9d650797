"""H. Backups, restore, purge, and `journal doctor` (docs/RELIABILITY.md, catalogue H and C22)."""

from __future__ import annotations

import os
import json
import stat
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest

from journal.store import engine
from journal.services import EntryInput, Journal
from journal.store import backups, migrations

from .conftest import MARKER, count, healthy, sha


def backups_of(db_path: Path) -> list[Path]:
    return [p for _, p in backups.backups(db_path)]


@pytest.mark.catalogue("I69")
def test_backup_command_makes_a_checked_0600_copy(run, db_path):
    """`journal backup` (default and FILE): integrity ok, 0600, same rows, path on stderr."""
    run("add", "one")
    result = run("backup")
    assert result.exit_code == 0
    made = Path(result.stderr.split("Backed up to ", 1)[1].strip())
    assert made.parent == db_path.parent / "backups" and healthy(made)
    assert stat.S_IMODE(made.stat().st_mode) == 0o600 and count(made) == 1
    target = db_path.parent.parent / "elsewhere.db"
    assert run("backup", target).exit_code == 0 and count(target) == 1
    assert not list(db_path.parent.parent.glob("*.tmp"))


def test_auto_backup_once_a_day_and_rotation(db_path, clock, tmp_path, monkeypatch):
    """Daily backup after the first write of a process (a small journal: in that process); keeps the
    newest `keep`; `daily = false` stops it."""
    (tmp_path / "config" / "journal").mkdir(parents=True)
    (tmp_path / "config" / "journal" / "config.toml").write_text("[backup]\nkeep = 3\n")
    for day in range(6):
        with Journal.open(db_path, clock=clock, create=True) as j:
            j.entries.write(EntryInput(f"day {day}"))
            j.entries.write(EntryInput(f"day {day} again"))
        with Journal.open(db_path, clock=clock) as j:  # same day, new process: no new backup
            j.entries.write(EntryInput("same day"))
        clock.set(clock.now() + timedelta(days=1))
    found = backups.backups(db_path)
    assert len(found) == 3
    assert count(found[-1][1]) == 5 * 3 + 1  # taken after day 5's first write had committed
    (tmp_path / "config" / "journal" / "config.toml").write_text("[backup]\ndaily = false\n")
    clock.set(clock.now() + timedelta(days=3))
    with Journal.open(db_path, clock=clock) as j:
        j.entries.write(EntryInput("no backup"))
    assert len(backups.backups(db_path)) == 3


def test_auto_backup_costs_one_listdir_when_todays_exists(db_path, clock, monkeypatch):
    """The hot path: with today's backup present, no config read and no copy."""
    with Journal.open(db_path, clock=clock, create=True) as j:
        j.entries.write(EntryInput("first"))
    calls = []
    monkeypatch.setattr("journal.config.read_config", lambda: calls.append("config") or {})
    monkeypatch.setattr("journal.store.daily_backup.start", lambda *a, **k: calls.append("backup"))
    with Journal.open(db_path, clock=clock) as j:
        j.entries.write(EntryInput("second"))
    assert calls == []


def test_doctor_on_a_healthy_journal(run, db_path):
    """doctor: every line ok, exit 0, and the file is not modified."""
    run("add", "one")
    run("backup")
    before = sha(db_path)
    result = run("doctor", "--full")
    assert result.exit_code == 0, result.output
    for name in ("integrity_check", "foreign_key_check", "search index", "schema", "drafts", "backups"):
        assert name in result.stdout
    assert "WARN" not in result.stdout and "FAIL" not in result.stdout
    assert sha(db_path) == before


@pytest.mark.catalogue("I70")
def test_doctor_finds_loose_modes_and_fix_perms_fixes_them(run, db_path):
    """I69/doctor: group/world readable files warn (exit 1); --fix-perms makes them 0600/0700."""
    run("add", "one")
    db_path.chmod(0o644)
    db_path.parent.chmod(0o755)
    result = run("doctor")
    assert result.exit_code == 1 and "WARN  mode" in result.stdout
    assert run("doctor", "--fix-perms").exit_code == 0
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700
    assert run("doctor").exit_code == 0


def test_doctor_finds_a_broken_search_index_and_orphaned_drafts(run, db_path):
    """doctor: FTS out of sync is a FAIL; drafts of dead processes are listed (info)."""
    run("add", "one")
    run("add", "two")
    raw = engine.driver.connect(db_path)
    raw.execute("INSERT INTO drafts (body, updated_at, pid) VALUES ('left behind', '2026-01-01T00:00:00Z', 999999)")
    raw.execute("DELETE FROM entries_fts_docsize WHERE id = (SELECT max(id) FROM entries_fts_docsize)")
    raw.commit()
    raw.close()
    result = run("doctor")
    assert result.exit_code == 1
    assert "FAIL  search index" in result.stdout
    assert "1 left by a closed session" in result.stdout
    assert "left behind" not in result.output


def test_doctor_without_backups_warns(run):
    """doctor: no backup at all is a warning."""
    result = run("doctor")
    assert result.exit_code == 1 and "WARN  backups: none" in result.stdout


WRITER = textwrap.dedent("""
    import sys
    from journal.services import Journal, EntryInput
    j = Journal.open(sys.argv[1])
    print("ready", flush=True)
    for i in range(300):
        j.entries.write(EntryInput(f"busy entry {i}"))
""")


@pytest.mark.catalogue("H66")
def test_h66_backup_while_another_process_writes(db_path, clock):
    """H66: backups taken while a writer commits are each consistent and monotonically growing."""
    Journal.open(db_path, create=True).close()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db_path)], stdout=subprocess.PIPE, text=True)
    writer.stdout.readline()
    seen = []
    with Journal.open(db_path, clock=clock) as j:
        for i in range(10):
            made = j.upkeep.backup(db_path.parent / f"live-{i}.db")
            assert healthy(made)
            seen.append(count(made))
    assert writer.wait(timeout=60) == 0
    assert seen == sorted(seen) and count(db_path) == 300


@pytest.mark.catalogue("H67")
def test_h67_restore_replaces_the_journal_and_keeps_the_old_one(run, db_path):
    """H67: restore verifies, keeps `<db>.pre-restore-<stamp>`, replaces atomically, leaves no -wal/-shm."""
    run("add", "before the backup")
    made = Path(run("backup").stderr.split("Backed up to ", 1)[1].strip())
    run("add", "after the backup")
    assert run("restore", made, input="n\n").exit_code == 0  # declined: no failure (S397)
    assert run("restore", made).exit_code == 2  # no --yes and no answer (EOF): add --yes (S182)
    assert count(db_path) == 2
    result = run("restore", made, "--yes")
    assert result.exit_code == 0, result.output
    assert count(db_path) == 1 and healthy(db_path)
    kept = list(db_path.parent.glob("journal.db.pre-restore-*"))
    assert len(kept) == 1 and count(kept[0]) == 2
    assert stat.S_IMODE(kept[0].stat().st_mode) == 0o600
    assert run("add", "after the restore").exit_code == 0 and count(db_path) == 2


@pytest.mark.catalogue("H67")
def test_h67_restore_refuses_bad_backups_and_leaves_the_journal_alone(run, db_path, tmp_path):
    """H67: garbage, a foreign database, a newer journal, a damaged one: exit 1, journal unchanged."""
    run("add", "precious")
    before = count(db_path)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(os.urandom(8192))
    foreign = tmp_path / "foreign.db"
    conn = engine.driver.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    newer = tmp_path / "newer.db"
    with Journal.open(db_path) as j:
        j.upkeep.backup(newer)
    conn = engine.driver.connect(newer)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('journal', 'm999', 'x')")
    conn.commit()
    conn.close()
    for bad, words in ((garbage, "not a journal"), (foreign, "not a journal"), (newer, "newer"),
                       (tmp_path / "missing.db", "No backup")):
        result = run("restore", bad, "--yes")
        assert result.exit_code == 1 and words in result.stderr, (bad, result.stderr)
    assert count(db_path) == before and not list(db_path.parent.glob("*.pre-restore-*"))


@pytest.mark.catalogue("H67")
def test_h67_restore_refuses_while_the_journal_is_open_elsewhere(run, db_path):
    """H67: another connection open: restore refuses (it would lose that window's writes)."""
    run("add", "one")
    made = Path(run("backup").stderr.split("Backed up to ", 1)[1].strip())
    run("add", "two")
    other = engine.driver.connect(db_path)
    other.execute("SELECT count(*) FROM entries").fetchone()
    try:
        result = run("restore", made, "--yes")
    finally:
        other.close()
    assert result.exit_code == 1 and "open in another window" in result.stderr
    assert count(db_path) == 2


@pytest.mark.catalogue("H67")
def test_h67_restore_over_a_damaged_journal_keeps_its_bytes(run, db_path):
    """H67: the current journal is damaged: a raw copy is kept, the backup goes in."""
    for i in range(150):
        run("add", f"entry {i} " + "lorem " * 500)
    made = Path(run("backup").stderr.split("Backed up to ", 1)[1].strip())
    with Journal.open(db_path) as j:
        j.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = db_path.stat().st_size // 4096
    with open(db_path, "r+b") as handle:
        handle.seek(pages // 2 * 4096)
        handle.write(os.urandom(4096))
    damaged = sha(db_path)
    assert run("restore", made, "--yes").exit_code == 0
    assert healthy(db_path) and count(db_path) == 150
    kept = list(db_path.parent.glob("journal.db.pre-restore-*"))
    assert [sha(k) for k in kept if not k.name.endswith("-wal")] == [damaged]


@pytest.mark.catalogue("H68")
def test_h68_purge_leaves_no_marker_bytes_in_db_wal_or_backups(run, db_path):
    """H68: after delete + purge the entry's text is in neither the db, the -wal, nor the rotating backups."""
    run("add", "an ordinary entry")
    run("add", f"{MARKER} the thing I regret writing")
    entry_id = run.json("list")[0]["id"]
    assert run("backup").exit_code == 0  # a rotating backup that holds the entry
    assert run("delete", entry_id).exit_code == 0
    assert run("backup").exit_code == 0  # and one that holds it in the trash
    result = run("purge", "--yes")
    assert result.exit_code == 0 and "also from 3 automatic backups" in result.stderr
    for path in (db_path, Path(f"{db_path}-wal")):
        if path.exists():
            assert MARKER.encode() not in path.read_bytes(), path
    for path in (db_path.parent / "backups").iterdir():
        assert MARKER.encode() not in path.read_bytes(), path
        assert path.suffix == ".db" and healthy(path)
    newest = backups_of(db_path)[-1]
    assert count(newest) == 1


@pytest.mark.catalogue("C22")
def test_c22_doctor_finds_a_journal_copied_without_its_wal(run, db_path, tmp_path):
    """C22: a `cp` of journal.db while changes wait in the -wal lacks them; doctor says so.

    Every write transaction raises a change count; the newest backup carries the count it was
    taken at, so a journal with a lower count than its own backup has lost writes.
    """
    run("add", "before the backup")
    run("backup")
    holder = engine.driver.connect(db_path)  # an open reader keeps the WAL from being checkpointed away
    holder.execute("BEGIN")
    holder.execute("SELECT count(*) FROM entries").fetchone()
    run("add", "only in the wal")
    run("backup")
    copy = tmp_path / "copy" / "journal.db"
    copy.parent.mkdir()
    copy.write_bytes(db_path.read_bytes())  # what `cp journal.db` does: no -wal
    holder.rollback()
    holder.close()
    (copy.parent / "backups").symlink_to(db_path.parent / "backups")
    result = run("--db", copy, "doctor", db=False)
    assert result.exit_code == 1, result.output
    line = next(line for line in result.stdout.splitlines() if "changes" in line)
    assert line.startswith("FAIL") and "lost writes" in line and "journal restore" in line
    assert "only in the wal" not in result.output
    healthy_run = run("doctor")
    assert "FAIL" not in healthy_run.stdout, healthy_run.stdout
    assert "ok    changes: " in healthy_run.stdout


@pytest.mark.catalogue("C22", "H67")
def test_restoring_an_older_backup_does_not_look_like_a_lost_wal(run, db_path):
    """After `journal restore FILE` of an older backup, doctor's change count stays quiet."""
    run("add", "one")
    oldest = Path(run("backup").stderr.split("Backed up to ", 1)[1].strip())
    for text in ("two", "three"):
        run("add", text)
    run("backup")
    assert run("restore", oldest, "--yes").exit_code == 0
    assert count(db_path) == 1
    result = run("doctor")
    assert "FAIL" not in result.stdout, result.stdout


@pytest.mark.catalogue("A4")
def test_doctor_reports_temp_files_left_by_a_killed_backup(run, db_path):
    """A4: a backup killed before its rename leaves `*.tmp`; doctor names it, never as a backup."""
    run("add", "one")
    run("backup")
    left = db_path.parent / "backups" / "journal-20261123T090000Z.db.tmp"
    left.write_bytes(b"SQLite format 3\x00 half written")
    Path(f"{left}-wal").write_bytes(b"")
    before_migration = db_path.parent / "journal.db.bak-m001_initial-20261123T090000Z.tmp"
    before_migration.write_bytes(b"")
    result = run("doctor")
    assert result.exit_code == 1
    assert f"WARN  leftovers: 3 unfinished file(s) from an interrupted backup or restore: {left}" in result.stdout
    assert str(before_migration) in result.stdout
    assert left not in backups_of(db_path)
    assert run("backup", db_path.parent / "backups" / "journal-20261123T090000Z.db").exit_code == 0
    assert not left.exists() and not Path(f"{left}-wal").exists()  # the next backup to that name clears them


FIXTURE = Path(__file__).parents[1] / "unit" / "fixtures" / "journal-m001.db"


@pytest.mark.catalogue("H63")
def test_h63_a_journal_from_schema_m001_opens_migrated_with_everything_kept(tmp_path, clock):
    """H63: the committed m001 journal (entries, goal, milestone, mentorship, trash, draft) migrates.

    A backup named after the old schema is made first (0600, integrity ok); every row of every
    old table is still there, unchanged; foreign keys are clean; writing works afterwards.
    """
    db = tmp_path / "journal.db"
    db.write_bytes(FIXTURE.read_bytes())
    db.chmod(0o600)

    def rows(path: Path, columns: dict[str, list[str]] | None = None) -> dict[str, list]:
        """Every row of every table, over the columns the m001 file had (new columns aside)."""
        conn = engine.driver.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if columns is None:
                tables = [r[0] for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'entries_fts%' "
                    "AND name NOT LIKE 'sqlite%'")]
                columns = {t: [c[1] for c in conn.execute(f"PRAGMA table_info({t})")] for t in tables}
            return {t: sorted(map(repr, conn.execute(f"SELECT {', '.join(cols)} FROM {t}")))
                    for t, cols in columns.items()}
        finally:
            conn.close()

    before = rows(db)
    conn = engine.driver.connect(f"file:{db}?mode=ro", uri=True)
    columns = {t: [c[1] for c in conn.execute(f"PRAGMA table_info({t})")] for t in before}
    conn.close()
    assert before["entries"] and before["goals"] and before["drafts"] and before["milestones"]
    conn = engine.driver.connect(f"file:{db}?mode=ro", uri=True)
    typed = conn.execute("SELECT lens, title, tags, goals, when_text, body FROM drafts").fetchone()
    conn.close()
    # m004 moved a draft's typed fields into one JSON column; its values must come through whole.
    columns["drafts"] = [c for c in columns["drafts"] if c not in ("lens", "title", "tags", "goals", "when_text")]
    before["drafts"] = rows(db, {"drafts": columns["drafts"]})["drafts"]
    with Journal.open(db, clock=clock) as j:
        assert len(j.entries.list()) == 2 and len(j.entries.trash()) == 1 and len(j.drafts.list()) == 1
        draft = j.drafts.list()[0]
        assert (draft.lens.value, draft.title, json.dumps(list(draft.tags)), json.dumps(list(draft.goals)),
                draft.when, draft.body) == tuple(typed[:2]) + (json.dumps(json.loads(typed[2])),
                                                               json.dumps(json.loads(typed[3]))) + tuple(typed[4:])
        assert j.entries.search("improvising")[0].title == "Prep"
        j.entries.write(EntryInput("after the upgrade"))
    after = rows(db, columns)
    for table, old in before.items():
        if table not in ("entries", "_sqlite_migrations"):
            assert after[table] == old, table
    assert len(after["_sqlite_migrations"]) == len(migrations.KNOWN)
    assert set(before["_sqlite_migrations"]) <= set(after["_sqlite_migrations"])
    assert set(before["entries"]) <= set(after["entries"]) and len(after["entries"]) == 4
    made = list(tmp_path.glob("journal.db.bak-m001_initial-*"))
    assert len(made) == 1 and healthy(made[0]) and stat.S_IMODE(made[0].stat().st_mode) == 0o600
    assert rows(made[0], columns) == before  # the backup holds the m001 file (its other draft columns too)
    assert healthy(db)


def test_doctor_reports_a_config_file_it_cannot_use(run, tmp_path):
    """A broken config.toml is ignored by every command (they still work); doctor says so."""
    folder = tmp_path / "config" / "journal"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text("this is [not toml\n")
    assert run("add", "still works").exit_code == 0
    result = run("doctor")
    assert result.exit_code == 1 and "WARN  config:" in result.stdout and "cannot be read" in result.stdout
    (folder / "config.toml").write_text('[backup]\nkeep = "lots"\ndaily = "yes"\n')
    result = run("doctor")
    assert "keep = 'lots' is not a whole number" in result.stdout and "daily = 'yes'" in result.stdout
    (folder / "config.toml").write_text("[backup]\nkeep = 3\n")
    assert "ok    config:" in run("doctor").stdout
