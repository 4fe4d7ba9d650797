"""Backups that belong to one journal and keep what it lost (catalogue S378-S380)."""

from __future__ import annotations

import json
import random
import shutil
from datetime import timedelta

import pytest

from journal.services import EntryInput, Journal
from journal.store import backups


def _write_days(path, clock, days: int, text: str) -> None:
    """One write a day for `days` days (each the day's first: a daily backup)."""
    with Journal.open(path, clock=clock, create=True) as j:
        for day in range(days):
            clock.set(clock.now() + timedelta(days=1))
            j.entries.write(EntryInput(f"{text} {day}"))


def _damaged(path, clock) -> None:
    """A journal of 30 entries, no backups, a page of its tree overwritten (one no write needs)."""
    with Journal.open(path, clock=clock, create=True) as j:
        for n in range(30):
            j.entries.write(EntryInput(f"e {n}"))
        j.session.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.rmtree(backups.backups_dir(path))
    data = bytearray(path.read_bytes())
    data[4096 + 8: 4096 + 208] = random.Random(1).randbytes(200)
    path.write_bytes(bytes(data))


@pytest.mark.catalogue("S378")
def test_two_journals_of_one_stem_in_one_folder_keep_their_own_backups(tmp_path, clock, run):
    first, second = tmp_path / "j.db", tmp_path / "j.sqlite"
    _write_days(first, clock, 3, "first")
    _write_days(second, clock, 9, "second")  # more than `keep`: its rotation must leave the first's alone
    assert len(backups.backups(first)) == 3
    assert len(backups.backups(second)) == 7
    assert all(path.name.startswith("j.sqlite-") for _, path in backups.backups(second))
    assert all(path.name.startswith("j-") for _, path in backups.backups(first))
    assert backups.damage_marker(first) != backups.damage_marker(second)
    result = run("--db", first, "doctor", db=False)
    assert "FAIL" not in result.stdout, result.stdout


@pytest.mark.catalogue("S379")
def test_a_journal_that_lost_writes_keeps_the_backups_holding_them(tmp_path, clock, run):
    path = tmp_path / "j.db"
    _write_days(path, clock, 5, "day")
    oldest = backups.backups(path)[0][1]
    shutil.copyfile(oldest, path)  # what a copy of an older file (a cp without its -wal) leaves
    newest = backups.backups(path)[-1][1]
    clock.set(clock.now() + timedelta(days=1))
    result = run("--db", path, "add", "the next day's write", db=False)
    assert result.exit_code == 0
    assert "lost writes" in result.stderr and "journal doctor" in result.stderr
    _write_days(path, clock, 10, "later")  # more than a week of daily backups of the journal that lost them
    assert newest.exists(), "the backup holding the lost entries was rotated away"
    doctor = run("--db", path, "doctor", db=False)
    line = next(line for line in doctor.stdout.splitlines() if "changes" in line)
    assert line.startswith("FAIL") and f"{newest.name} holds 4 entries it does not have" in line, line
    # restored (here from that backup), the journal has them and the backups rotate as before
    assert run("--db", path, "restore", newest, "--yes", db=False).exit_code == 0
    doctor = run("--db", path, "doctor", db=False)
    assert "FAIL" not in doctor.stdout, doctor.stdout
    _write_days(path, clock, 8, "after the restore")
    assert len(backups.backups(path)) == 7


@pytest.mark.catalogue("S380")
def test_the_write_whose_daily_backup_finds_the_journal_damaged_says_so(tmp_path, clock, run):
    path = tmp_path / "j.db"
    _damaged(path, clock)
    clock.set(clock.now() + timedelta(days=1))
    result = run("--db", path, "add", "new text", db=False)
    assert "Saved" in result.stderr
    assert "damaged" in result.stderr and "journal doctor" in result.stderr, result.stderr
    assert "new text" not in result.stderr


@pytest.mark.catalogue("S398")
def test_a_backup_of_a_damaged_journal_says_the_journal_is_damaged(tmp_path, clock, run):
    path = tmp_path / "j.db"
    _damaged(path, clock)
    result = run("--db", path, "backup", db=False)
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert "journal itself is damaged" in line and "journal doctor" in line and "\n" not in line
    assert not list(backups.backups_dir(path).glob("*.db"))
    doctor = run("--db", path, "doctor", db=False)
    [check] = [line for line in doctor.stdout.splitlines() if "quick_check" in line]
    assert "*** in database" not in check and "problem(s), first: " in check, check


@pytest.mark.catalogue("S410")
def test_twins_merged_by_an_import_are_no_lost_writes(tmp_path, clock, run):
    """The same jrnl file imported on two devices, then each one's export imported on the other:
    the twins become one entry under the smaller id, and the one with the larger id was missing
    from the journal its backup came from: "lost writes", every day, and that backup kept."""
    jrnl = tmp_path / "jrnl.txt"
    jrnl.write_text("[2024-01-01 10:00] First entry.\nBody one.\n\n[2024-01-02 10:00] Second entry.\nBody two.\n",
                    encoding="utf-8")
    one, two = tmp_path / "a" / "A.db", tmp_path / "b" / "B.db"
    for path in (one, two):
        assert run("init", path).exit_code == 0
        assert run("--db", path, "import", jrnl, db=False).exit_code == 0
        assert run("--db", path, "backup", db=False).exit_code == 0
    for source, target in ((two, one), (one, two)):
        exported = tmp_path / f"{source.stem}.json"
        assert run("--db", source, "export", "-o", exported, db=False).exit_code == 0, exported
        assert run("--db", target, "import", exported, db=False).exit_code == 0
    for path in (one, two):
        doctor = run("--db", path, "doctor", db=False)
        [line] = [line for line in doctor.stdout.splitlines() if "changes" in line]
        assert line.startswith("ok"), line


@pytest.mark.catalogue("S412")
def test_backups_named_by_stem_before_are_still_the_journals_own(tmp_path, clock, run):
    """A journal not ending in .db had its backups named by its stem until S378; they stay its own
    (rotated, counted, and scrubbed by a purge) while no .db journal of that stem is beside it."""
    import sqlite3

    path = tmp_path / "j.sqlite"
    with Journal.open(path, clock=clock, create=True) as j:
        j.entries.write(EntryInput("secret text to purge"))
    [(_, made)] = backups.backups(path)
    legacy = made.with_name(made.name.replace("j.sqlite-", "j-"))
    made.rename(legacy)
    assert [p for _, p in backups.backups(path)] == [legacy]
    [entry] = json.loads(run("--db", path, "list", "--format", "json", db=False).stdout)
    assert run("--db", path, "delete", entry["short_id"], db=False).exit_code == 0
    assert run("--db", path, "purge", "--yes", db=False).exit_code == 0
    conn = sqlite3.connect(legacy)
    try:
        assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 0
    finally:
        conn.close()
    (tmp_path / "j.db").touch()  # a .db journal of that stem beside it: those names are its
    assert backups.backups(path) == []
