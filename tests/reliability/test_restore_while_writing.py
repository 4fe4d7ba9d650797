"""A restore never replaces the journal under a process that has it open (S508)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from journal.services import Journal
from journal.store import in_use
from tests.reliability.conftest import count, healthy

HOLD_OPEN = "import sys, time\nfrom journal.services import Journal\nj = Journal.open(sys.argv[1])\n" \
            "print('open', flush=True)\ntime.sleep(60)\n"


def _backup(proc) -> Path:
    result = proc("backup")
    assert result.returncode == 0, result.stderr
    return Path(result.stderr.decode().split("Backed up to ", 1)[1].strip())


@pytest.mark.catalogue("S508")
def test_restore_refuses_while_another_command_has_the_journal_open(proc, db_path):
    assert proc("init").returncode == 0 and proc("add", "one").returncode == 0
    made = _backup(proc)
    assert proc("add", "two").returncode == 0
    other = subprocess.Popen([sys.executable, "-c", HOLD_OPEN, str(db_path)], env=proc.env, stdout=subprocess.PIPE)
    try:
        assert other.stdout.readline().strip() == b"open"
        result = proc("restore", made, "--yes")
    finally:
        other.kill()
        other.wait()
    assert result.returncode == 1 and b"open in another window or command" in result.stderr, result.stderr
    assert count(db_path) == 2 and not list(db_path.parent.glob("*.pre-restore-*"))


@pytest.mark.catalogue("S508")
def test_a_command_started_during_a_restore_waits_and_writes_into_the_restored_file(proc, db_path):
    assert proc("init").returncode == 0
    with in_use.alone(db_path):  # a restore under way
        adding = subprocess.Popen([sys.executable, "-m", "journal", "add", "written during the restore"],
                                  env=proc.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(0.5)
        assert adding.poll() is None  # it waits for the restore
    assert adding.wait(timeout=30) == 0, adding.stderr.read()
    with Journal.open(db_path) as journal:
        assert [e.body for e in journal.entries.list()] == ["written during the restore"]


@pytest.mark.catalogue("S508")
def test_adds_racing_a_restore_are_each_refused_or_kept(proc, db_path):
    assert proc("init").returncode == 0
    for n in range(20):
        assert proc("add", f"before {n}").returncode == 0
    made = _backup(proc)
    adds = [subprocess.Popen([sys.executable, "-m", "journal", "add", f"racing {n}"], env=proc.env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for n in range(12)]
    time.sleep(0.2)
    restore = proc("restore", made, "--yes")
    said_saved = [n for n, add in enumerate(adds) if add.wait(timeout=60) == 0]
    assert healthy(db_path)
    with Journal.open(db_path) as journal:
        bodies = {e.body for e in journal.entries.list()}
    kept = sorted(db_path.parent.glob("*.pre-restore-*"))
    if kept:
        assert restore.returncode == 0 and healthy(kept[0])
        with Journal.open(kept[0]) as before:
            bodies |= {e.body for e in before.entries.list()}
    else:
        assert b"open in another window or command" in restore.stderr, restore.stderr
    assert {f"racing {n}" for n in said_saved} <= bodies  # every add that said "Saved" is somewhere
