import os
import stat
import subprocess
import sys
import textwrap

import pytest

from journal.store import engine
from journal.domain.errors import StorageError
from journal.store import migrations
from journal.store.db import JournalMissing, connect, open_journal, write_tx


def test_new_journal_has_the_safe_settings_and_modes(db_path):
    conn = open_journal(db_path, create=True)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    assert stat.S_IMODE(os.stat(db_path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(db_path.parent).st_mode) == 0o700
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert {"entries", "entry_tags", "entry_goals", "goals", "goal_history", "milestones",
            "mentorships", "drafts", "entries_fts", "entries_ai", "entries_au", "entries_ad"} <= names
    assert migrations.applied_names(conn) == list(migrations.KNOWN)


@pytest.mark.catalogue("C17")
def test_a_missing_path_is_never_created(tmp_path):
    target = tmp_path / "typo" / "jornal.db"
    with pytest.raises(JournalMissing, match="journal init"):
        open_journal(target)
    assert not target.exists() and not target.parent.exists()


@pytest.mark.parametrize("content", [b"", b"2025-01-01 09:00 A jrnl entry\nhello\n", os.urandom(4096)],
                         ids=["empty", "jrnl-text", "random-bytes"])
@pytest.mark.catalogue("C18")
def test_a_file_that_is_not_a_journal_is_refused_and_left_alone(tmp_path, content):
    target = tmp_path / "notes.txt"
    target.write_bytes(content)
    with pytest.raises(StorageError):
        open_journal(target)
    assert target.read_bytes() == content


def test_a_foreign_sqlite_database_is_refused(tmp_path):
    target = tmp_path / "other.db"
    other = engine.driver.connect(target)
    other.execute("CREATE TABLE recipes (name TEXT)")
    other.commit()
    other.close()
    with pytest.raises(StorageError, match="not a journal"):
        open_journal(target)


@pytest.mark.catalogue("H65")
def test_a_journal_from_a_newer_version_is_refused_untouched(db_path):
    open_journal(db_path, create=True).close()
    raw = engine.driver.connect(db_path)
    raw.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                "VALUES ('journal', 'm999_future', 'x')")
    raw.commit()
    raw.close()
    before = db_path.read_bytes()
    with pytest.raises(StorageError, match="newer version"):
        open_journal(db_path)
    assert db_path.read_bytes() == before


@pytest.mark.catalogue("H63")
def test_pending_migration_backs_up_first(db_path, monkeypatch):
    conn = open_journal(db_path, create=True)
    with write_tx(conn):
        conn.execute("INSERT INTO mentorships (id, mentor, created_at) VALUES ('m1', 'Ada', 'now')")
    conn.close()

    def m999_extra(db):
        db.execute("CREATE TABLE extra (x INTEGER) STRICT")

    latest = migrations.KNOWN[-1]
    monkeypatch.setattr(migrations, "STEPS", (*migrations.STEPS, m999_extra))
    monkeypatch.setattr(migrations, "KNOWN", (*migrations.KNOWN, "m999_extra"))
    conn = open_journal(db_path)
    assert conn.execute("SELECT count(*) FROM extra").fetchone()[0] == 0
    backups = list(db_path.parent.glob(f"journal.db.bak-{latest}-*"))
    assert len(backups) == 1
    assert stat.S_IMODE(os.stat(backups[0]).st_mode) == 0o600
    copy = engine.driver.connect(backups[0])
    assert copy.execute("SELECT mentor FROM mentorships").fetchall() == [("Ada",)]
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.catalogue("H64")
def test_a_failing_migration_leaves_the_journal_as_it_was(db_path, monkeypatch):
    open_journal(db_path, create=True).close()

    def m999_broken(db):
        db.execute("CREATE TABLE half (x INTEGER)")
        raise RuntimeError("boom")

    monkeypatch.setattr(migrations, "STEPS", (*migrations.STEPS, m999_broken))
    monkeypatch.setattr(migrations, "KNOWN", (*migrations.KNOWN, "m999_broken"))
    with pytest.raises(RuntimeError):
        open_journal(db_path)
    conn = connect(db_path)
    assert migrations.applied_names(conn) == list(migrations.KNOWN)[:-1]
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half'").fetchone()[0] == 0


@pytest.mark.catalogue("A9")
def test_write_tx_rolls_back_only_its_block_and_the_next_write_persists(db_path):
    conn = open_journal(db_path, create=True)
    with pytest.raises(RuntimeError):
        with write_tx(conn):
            conn.execute("INSERT INTO mentorships (id, mentor, created_at) VALUES ('m1', 'Ada', 'now')")
            raise RuntimeError("fail")
    with pytest.raises(engine.IntegrityError):
        with write_tx(conn):
            conn.execute("INSERT INTO mentorships (id, mentor, created_at) VALUES ('m2', '  ', 'now')")
    with write_tx(conn):
        conn.execute("INSERT INTO mentorships (id, mentor, created_at) VALUES ('m3', 'Grace', 'now')")
    conn.close()
    again = connect(db_path)
    assert again.execute("SELECT id FROM mentorships").fetchall() == [("m3",)]


@pytest.mark.parametrize(
    ("column", "value"),
    [("day", "2026-02-30"), ("time", "25:00"), ("lens", "sideways"), ("kind", "essay"), ("starred", 2)],
)
@pytest.mark.catalogue("E32", "E45")
def test_schema_guards_reject_impossible_values(db_path, column, value):
    conn = open_journal(db_path, create=True)
    row = {"id": "e1", "day": "2026-01-01", "time": None, "tz": "UTC", "created_at": "x",
           "updated_at": "x", "lens": "insight", "kind": "note", "body": "b", "starred": 0}
    row[column] = value
    with pytest.raises(engine.IntegrityError):
        with write_tx(conn):
            conn.execute(f"INSERT INTO entries ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                         list(row.values()))


@pytest.mark.catalogue("B12")
def test_busy_journal_gives_a_clear_error(db_path, monkeypatch):
    conn = open_journal(db_path, create=True)
    other = connect(db_path)
    other.execute("PRAGMA busy_timeout = 0")
    conn.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr("journal.store.db.time.sleep", lambda s: None)
    with pytest.raises(StorageError, match="busy"):
        with write_tx(other, retries=2):
            pass
    conn.execute("ROLLBACK")


WRITER = textwrap.dedent("""
    import sys
    from journal.services import Journal, EntryInput
    j = Journal.open(sys.argv[1])
    for i in range(int(sys.argv[2])):
        j.entries.write(EntryInput(f"{sys.argv[3]} entry {i}", lens="h", when="2026-01-01"))
""")


@pytest.mark.catalogue("B11")
def test_two_processes_adding_at_once_keep_every_entry(db_path):
    open_journal(db_path, create=True).close()
    n = 500
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), str(n), name], stderr=subprocess.PIPE)
        for name in ("left", "right")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    conn = connect(db_path)
    assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 2 * n
    assert conn.execute("SELECT count(DISTINCT seq) FROM entries").fetchone()[0] == 2 * n
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_tags_have_one_source_of_truth_even_after_an_outside_edit(run, db_path):
    """entries.tags is the truth; entry_tags (the index tag filters read) follows it by trigger.

    An outside tool that edits the tags column (sqlite-utils, Datasette) keeps the filter right;
    one that edits the index itself is caught by doctor, and `--fix-tags` mends it.
    """
    import sqlite_utils

    assert run("add", "talked to the team", "-t", "speaking", "-t", "work").exit_code == 0
    outside = sqlite_utils.Database(db_path)
    [row] = outside["entries"].rows
    outside["entries"].update(row["seq"], {"tags": "speaking mentoring"})
    outside.conn.close()
    assert [e["body"] for e in run.json("list", "--tag", "mentoring")] == ["talked to the team"]
    assert run.json("list", "--tag", "work") == []
    assert "ok    tags:" in run("doctor").stdout

    conn = engine.driver.connect(db_path)
    conn.execute("INSERT INTO entry_tags (entry_id, tag) VALUES (?, 'ghost')", (row["id"],))
    conn.commit()
    conn.close()
    broken = run("doctor")
    assert broken.exit_code == 1 and "FAIL  tags:" in broken.stdout and "--fix-tags" in broken.stdout
    mended = run("doctor", "--fix-tags")
    assert "rebuilt the tag index (1 place(s) mended)" in mended.stdout
    assert run.json("list", "--tag", "ghost") == [] and "ok    tags:" in run("doctor").stdout
