"""The daily backup made after the day's first write, off the user's path (store/daily_backup.py).

Every wait here is on the backup lock (`backups.wait`), which the writing process takes before
the child starts and the child holds until it ends, however it ends: never a sleep.
"""

from __future__ import annotations

import os
import random
import re
import signal
import time
from datetime import timedelta
from pathlib import Path

import pytest

from journal.services import EntryInput, Journal
from journal.store import backups, daily_backup, engine
from journal.store.db import backup_to, connect

from .conftest import count, healthy, sha
from .test_a_crash import seed_by_import, trials


@pytest.fixture(scope="module")
def sizeable(tmp_path_factory) -> tuple[Path, int]:
    """A journal of a few MB (3,000 entries): above INLINE_BYTES, so its backup is a child's."""
    n = 3_000
    folder = tmp_path_factory.mktemp("sizeable")
    db = folder / "template" / "journal.db"
    seed_by_import(db, n, folder)
    assert db.stat().st_size > daily_backup.INLINE_BYTES
    return db, n


@pytest.fixture
def journal_copy(sizeable, tmp_path) -> tuple[Path, int]:
    template, n = sizeable
    db = tmp_path / "journal" / "journal.db"
    db.parent.mkdir(mode=0o700)
    db.write_bytes(template.read_bytes())
    db.chmod(0o600)
    return db, n


@pytest.fixture
def spawned(monkeypatch) -> list[tuple[list[str], dict[str, str], int]]:
    """Every child started: (argv, environment, pid)."""
    found: list[tuple[list[str], dict[str, str], int]] = []
    real = os.posix_spawn

    def spawn(path, argv, env, **kwargs):
        pid = real(path, argv, env, **kwargs)
        found.append((list(argv), dict(env), pid))
        return pid

    monkeypatch.setattr(os, "posix_spawn", spawn)
    return found


def temps(db: Path) -> list[str]:
    folder = backups.backups_dir(db)
    return sorted(p.name for p in folder.iterdir() if ".tmp" in p.name) if folder.is_dir() else []


def test_the_first_write_returns_and_its_backup_follows_in_a_child(journal_copy, clock, spawned, monkeypatch):
    """The write commits and returns without copying anything itself; the child makes a checked
    0600 backup holding that write, and the lock is free once it has ended."""
    db, n = journal_copy
    monkeypatch.setattr(daily_backup, "make", lambda *a, **k: pytest.fail("the writing process copied the journal"))
    with Journal.open(db, clock=clock) as j:
        j.entries.write(EntryInput("the day's first thought"))
        assert len(spawned) == 1
        j.entries.write(EntryInput("the second, same process"))  # once a process: no second child
    assert len(spawned) == 1
    backups.wait(db)
    assert not backups.busy(db)
    [(_, made)] = backups.backups(db)
    # the first write for sure; the second too when it committed before the child's snapshot began
    assert healthy(made) and count(made) in (n + 1, n + 2) and (made.stat().st_mode & 0o777) == 0o600
    assert temps(db) == []
    with Journal.open(db, clock=clock) as j:  # today's backup is there: the next process starts nothing
        j.entries.write(EntryInput("later"))
    assert len(spawned) == 1


def test_the_key_goes_through_a_pipe_never_argv_or_the_environment(journal_copy, clock, spawned):
    """A key given to the child is written to its stdin: neither its argv nor its environment holds it."""
    db, _ = journal_copy
    key = engine.Key(bytes(range(32)), bytes(range(100, 116)))
    conn = connect(db)
    conn.key = key  # a plain journal: the child remembers the key and finds no use for it
    try:
        daily_backup.start(conn, db, clock.now(), 7)
    finally:
        conn.key = None
        conn.close()
    backups.wait(db)
    [(argv, env, _)] = spawned
    assert all(key.hex() not in part for part in argv) and all(key.hex() not in v for v in env.values())
    assert len(backups.backups(db)) == 1  # the child read its line and went on


@pytest.mark.skipif(not engine.ENCRYPTION, reason="SQLCipher (sqlcipher3) is not installed")
def test_an_encrypted_journals_backup_is_made_with_the_key_from_the_pipe(tmp_path, clock, spawned, monkeypatch):
    db = tmp_path / "secret" / "journal.db"
    key = engine.Key.new("a long passphrase for the test")
    with Journal.open(db, clock=clock, create=True, key=key) as j:
        j.entries.write(EntryInput("first"))
    backups.wait(db)
    for made in backups.backups_dir(db).iterdir():
        made.unlink()
    monkeypatch.setattr(daily_backup, "INLINE_BYTES", 0)
    with Journal.open(db, clock=clock) as j:
        j.entries.write(EntryInput("second"))
    backups.wait(db)
    [(_, made)] = backups.backups(db)
    assert engine.is_encrypted(made) and spawned


def test_never_two_backups_at_once(journal_copy, clock, spawned):
    """While one holds the backup lock, a first write starts no other; the next process makes it."""
    db, _ = journal_copy
    from journal import process

    fd = backups.open_lock(db)
    assert process.lock_nowait(fd) is True
    try:
        with Journal.open(db, clock=clock) as j:
            j.entries.write(EntryInput("while another backup runs"))
        assert spawned == [] and backups.busy(db)
    finally:
        os.close(fd)
    assert backups.backups(db) == []
    with Journal.open(db, clock=clock) as j:
        j.entries.write(EntryInput("the next process"))
    backups.wait(db)
    assert len(spawned) == 1 and len(backups.backups(db)) == 1


def test_doctor_says_a_backup_is_being_made_and_does_not_call_its_temp_a_leftover(journal_copy, clock, run):
    db, _ = journal_copy
    from journal import process

    folder = backups.backups_dir(db)
    folder.mkdir(mode=0o700)
    (folder / "journal-20261123T083000Z.db.tmp").write_bytes(b"being written")
    fd = backups.open_lock(db)
    assert process.lock_nowait(fd) is True
    try:
        result = run("--db", db, "doctor", db=False)
    finally:
        os.close(fd)
    assert "info  daily backup: being made now, in the background" in result.stdout
    assert "leftovers" not in result.stdout
    assert "WARN  leftovers" in run("--db", db, "doctor", db=False).stdout  # nothing holds it now: a leftover


def test_a_write_during_the_copy_is_kept_and_the_copy_is_one_snapshot(journal_copy, clock):
    """The copy is one read transaction: a write another connection commits meanwhile is not
    waited for, is saved in the journal, and is absent from this copy (the next one has it)."""
    db, n = journal_copy
    source = connect(db, read_only=True)
    source.execute("BEGIN")
    source.execute("SELECT count(*) FROM entries").fetchone()  # the copy's snapshot starts here
    with Journal.open(db, clock=clock) as j:
        j.session._backup_checked_until = clock.now() + timedelta(days=365)  # no daily backup
        started = time.monotonic()
        j.entries.write(EntryInput("written while the copy reads"))
        assert time.monotonic() - started < 5  # never waits for the reader (the busy timeout is 10 s)
    target = backups.backup_name(db, clock.now())
    backup_to(source, target, close_source=True)
    assert healthy(target) and count(target) == n and count(db) == n + 1


WRITER = """
import sys
from datetime import timedelta
from journal.services import Journal, EntryInput
j = Journal.open(sys.argv[1])
j.session._backup_checked_until = j.session.now() + timedelta(days=365)  # no daily backup
print("ready", flush=True)
for i in range(int(sys.argv[2])):
    j.entries.write(EntryInput(f"busy entry {i}"))
print("done", flush=True)
"""


def test_daily_backups_while_another_process_writes_lose_nothing(journal_copy, clock, proc):
    """A writer commits all along while daily backups are made in children: every write is
    saved (none refused as busy), and every backup is healthy, their counts only growing."""
    import subprocess
    import sys

    db, n = journal_copy
    writes = 150
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(writes)], env=proc.env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert writer.stdout.readline() == "ready\n"
    seen = []
    for _ in range(3):
        for made in backups.backups(db):
            made[1].unlink()
        conn = connect(db)
        try:
            daily_backup.start(conn, db, clock.now(), 7)
        finally:
            conn.close()
        backups.wait(db)
        [(_, made)] = backups.backups(db)
        assert healthy(made)
        seen.append(count(made))
    out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0 and out == "done\n", err
    assert seen == sorted(seen) and n <= seen[0] and seen[-1] <= n + writes
    assert count(db) == n + writes and healthy(db)


@pytest.mark.catalogue("R140")
def test_kill_9_of_the_daily_backup_child_leaves_no_partial_backup(journal_copy, clock, spawned):
    """SIGKILL the detached child at random points of its copy: the journal is untouched, no file
    counts as a backup unless complete and verified, leftovers are only `<name>.db.tmp` (and
    SQLite's side files), and the next day's-first write makes a good backup and clears them."""
    db, n = journal_copy
    before = sha(db)

    def begin() -> int:
        conn = connect(db)
        try:
            daily_backup.start(conn, db, clock.now(), 7)
        finally:
            conn.close()
        return spawned[-1][2]

    started = time.monotonic()
    begin()
    backups.wait(db)
    window = time.monotonic() - started  # an uncut child: start to end
    assert len(backups.backups(db)) == 1
    rng = random.Random(20)
    outcomes = {"absent": 0, "complete": 0, "temp left": 0}
    for trial in range(trials(5)):
        for _, made in backups.backups(db):
            made.unlink()
        pid = begin()
        time.sleep(rng.uniform(0, window))  # where the kill lands is chance; what must hold is not
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        backups.wait(db)  # a killed child frees the lock
        assert sha(db) == before and healthy(db) and count(db) == n, trial
        finals = backups.backups(db)
        assert len(finals) <= 1
        for _, made in finals:
            assert healthy(made) and count(made) == n
        left = temps(db)
        assert all(re.fullmatch(r"journal-\d{8}T\d{6}Z(-\d+)?\.db\.tmp(-journal|-wal|-shm)?", name) for name in left)
        outcomes["complete" if finals else "absent"] += 1
        outcomes["temp left"] += bool(left)
        if not finals:  # the next first write of the day makes it, and removes what the killed one left
            with Journal.open(db, clock=clock) as j:
                j.session._backup_checked_until = None
                j.session._start_backup(7)
            backups.wait(db)
            [(_, made)] = backups.backups(db)
            assert healthy(made) and count(made) == n and temps(db) == []
    print(f"\ndaily backup kill -9: {outcomes}")


def test_a_damage_marker_of_a_replaced_journal_is_dropped_and_a_false_alarm_clears_itself(tmp_path, clock):
    """The marker names the file (device, inode): a restored journal (a new file) writes at once;
    on the same, sound, small file the refusal's own check clears it and the write goes through."""
    db = tmp_path / "journal" / "journal.db"
    with Journal.open(db, clock=clock, create=True) as j:
        j.entries.write(EntryInput("first"))
    marker = backups.damage_marker(db)
    marker.write_text("1 2 2026-11-23T09:30:00+01:00\n")  # another file's
    for _, made in backups.backups(db):
        made.unlink()
    with Journal.open(db, clock=clock) as j:
        j.entries.write(EntryInput("second"))
    assert not marker.exists()
    info = db.stat()
    marker.write_text(f"{info.st_dev} {info.st_ino} 2026-11-23T09:30:00+01:00\n")
    assert daily_backup.damage_found(db) == "2026-11-23 09:30"
    with Journal.open(db, clock=clock) as j:
        j.entries.write(EntryInput("third"))  # checked again here (a small journal): sound
    assert not marker.exists() and count(db) == 3
