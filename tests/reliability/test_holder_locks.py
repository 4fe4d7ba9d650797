"""Who is still at work is told by a lock it holds, never by a pid (journal/process.py).

Real processes: a window that holds a draft, an export killed in the middle of its write.
A process killed with SIGKILL frees its lock at once, through the kernel, so its draft (or
its temp file) is free without anything else happening; a reused pid cannot keep it held.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from journal.store import engine
from journal.domain.model import Draft
from journal.process import holders_dir, own_token
from tests.cli.expect import fails, ok

WINDOW = """
import sys
from datetime import datetime
from zoneinfo import ZoneInfo
from journal.clock import FixedClock
from journal.domain.model import Draft
from journal.services import Journal
clock = FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Europe/Berlin")), zone="Europe/Berlin")
with Journal.open(sys.argv[1], clock=clock) as journal:  # the tests' day: its "now" is kept in the draft
    print(journal.drafts.save(Draft(body="typed in the other window")), flush=True)
    sys.stdin.readline()
"""
"""Another window: opens the journal through the services, checkpoints a draft, waits on stdin."""

EXPORTER = """
import sys
from pathlib import Path
from journal.io.files import export_file
with export_file(Path(sys.argv[1])) as write:
    write(sys.argv[2] * 70_000)  # more than one chunk: the temp file exists and holds data
    print("ready", flush=True)
    sys.stdin.readline()
    write("end")
"""
"""An export stopped in the middle of its write until stdin gets a line."""


def _start(script: str, *args: object) -> tuple[subprocess.Popen, str]:
    child = subprocess.Popen([sys.executable, "-c", script, *map(str, args)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    return child, child.stdout.readline().strip()


def _sigkill(child: subprocess.Popen) -> None:
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL


def _row(db_path: Path, draft_id: int) -> tuple:
    conn = engine.driver.connect(db_path)
    try:
        return conn.execute("SELECT holder, pid FROM drafts WHERE id = ?", (draft_id,)).fetchone()
    finally:
        conn.close()


@pytest.mark.catalogue("D25", "D29")
def test_a_live_windows_draft_is_left_alone_and_freed_by_a_sigkill(run, journal, db_path):
    child, number = _start(WINDOW, db_path)
    try:
        draft_id = int(number)
        holder, pid = _row(db_path, draft_id)
        assert pid == child.pid and holder != own_token()
        folder = holders_dir(db_path)
        lock_file = folder / f"{holder}.lock"
        assert folder.name == ".journal.db.holders" and folder.parent == db_path.parent
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_IMODE(lock_file.stat().st_mode) == 0o600
        draft = journal.drafts.get(draft_id)
        assert journal.drafts.held_elsewhere(draft)
        assert journal.drafts.unoffered() == []  # the recovery offer leaves it to its window
        assert "open in another window" in ok(run("drafts")).stdout
        for verb in ("save", "discard"):
            fails(run("drafts", verb, draft_id), 1, "another window", str(draft_id))
        assert "1 open in a window, 0 left by a closed session" in run("doctor").stdout
        assert lock_file.exists()  # held: nobody tidied it away
    finally:
        _sigkill(child)
    # Nothing else happens: no cleanup ran in the child, nobody edited the row.
    assert _row(db_path, draft_id) == (holder, child.pid)
    assert "0 open in a window, 1 left by a closed session" in run("doctor").stdout
    assert not journal.drafts.held_elsewhere(draft)
    assert not lock_file.exists()  # the free lock's file went with that answer
    assert [d.id for d in journal.drafts.unoffered()] == [draft_id]
    ok(run("drafts", "save", draft_id))
    assert [e["body"] for e in run.json("list")] == ["typed in the other window"]


@pytest.mark.catalogue("D29")
def test_a_window_that_closes_normally_frees_its_draft_and_its_lock_file(run, journal, db_path):
    child, number = _start(WINDOW, db_path)
    holder, _ = _row(db_path, int(number))
    child.communicate("\n")  # the window closes; its draft stays, for recovery
    assert child.returncode == 0
    assert not (holders_dir(db_path) / f"{holder}.lock").exists()
    assert [d.id for d in journal.drafts.unoffered()] == [int(number)]
    ok(run("drafts", "discard", number))


@pytest.mark.catalogue("D29")
def test_a_reused_pid_does_not_keep_a_draft_held(run, journal, db_path):
    """The row's pid names a live, unrelated process (our parent, and pid 1), but the lock its
    holder token names is free: the window that wrote it is gone, so the draft is free."""
    mine = journal.drafts.save(Draft(body="mine"))
    assert not journal.drafts.held_elsewhere(journal.drafts.get(mine))  # our own holder: never "elsewhere"
    reused = journal.drafts.save(Draft(body="the pid went to another program"))
    older = journal.drafts.save(Draft(body="written before holders existed"))
    gone = "0123456789abcdef0123456789abcdef"
    (holders_dir(db_path) / f"{gone}.lock").write_text("")  # left behind by a SIGKILL: nobody locks it
    conn = engine.driver.connect(db_path)
    with conn:
        conn.execute("UPDATE drafts SET pid = ?, holder = ? WHERE id = ?", (os.getppid(), gone, reused))
        conn.execute("UPDATE drafts SET pid = 1, holder = NULL WHERE id = ?", (older,))
    conn.close()
    for pid in (os.getppid(), 1):
        os.kill(pid, 0)  # both exist: os.kill(pid, 0) alone would call these drafts held
    assert not journal.drafts.held_elsewhere(journal.drafts.get(reused))
    assert not journal.drafts.held_elsewhere(journal.drafts.get(older))
    assert not (holders_dir(db_path) / f"{gone}.lock").exists()
    assert sorted(d.id for d in journal.drafts.unoffered()) == sorted([mine, reused, older])
    assert "another window" not in ok(run("drafts")).stdout
    ok(run("drafts", "save", reused))
    ok(run("drafts", "discard", older))


@pytest.mark.catalogue("D29")
def test_a_holder_token_that_names_no_lock_file_holds_nothing(journal, db_path):
    """A token from a damaged or hand-edited row is never turned into a path."""
    draft_id = journal.drafts.save(Draft(body="odd row"))
    for token in ("../../journal.db", "/etc/passwd", "", "ZZZ"):
        conn = engine.driver.connect(db_path)
        with conn:
            conn.execute("UPDATE drafts SET holder = ? WHERE id = ?", (token, draft_id))
        conn.close()
        assert not journal.drafts.held_elsewhere(journal.drafts.get(draft_id))
    assert db_path.exists()


def test_a_forked_child_is_another_holder(journal, db_path):
    """After fork the child has a token of its own and none of the parent's locks."""
    journal.drafts.save(Draft(body="parent's"))
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read)
        os.write(write, own_token().encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        child_token = pipe.read()
    os.waitpid(pid, 0)
    assert child_token and child_token != own_token()
    assert (holders_dir(db_path) / f"{own_token()}.lock").exists()  # the child's exit left ours alone
    [draft] = journal.drafts.list()
    assert not journal.drafts.held_elsewhere(draft)


@pytest.mark.catalogue("A5")
def test_an_export_killed_mid_write_leaves_a_temp_that_the_next_export_removes(run, tmp_path):
    run("add", "one")
    target = tmp_path / "out.json"
    killed, ready = _start(EXPORTER, target, "k")
    assert ready == "ready"
    live, ready = _start(EXPORTER, target, "l")
    assert ready == "ready"
    try:
        temps = sorted(tmp_path.glob(".out.json.*.tmp"))
        assert len(temps) == 2 and all(p.stat().st_size >= 65536 for p in temps)
        by_writer = {p.read_text()[0]: p for p in temps}
        ok(run("export", "-o", target))  # both writers alive: both temps stay
        assert all(p.exists() for p in temps)
        _sigkill(killed)
        ok(run("export", "-o", target, "--replace"))  # the first export wrote it
        assert not by_writer["k"].exists()  # its writer is gone: removed
        assert by_writer["l"].exists()  # still being written: left alone
        live.communicate("\n")
        assert live.returncode == 0
    finally:
        for child in (killed, live):
            if child.poll() is None:
                _sigkill(child)
    assert target.read_text() == "l" * 70_000 + "end"  # the live export finished undisturbed
    assert sorted(tmp_path.glob(".out.json.*.tmp")) == []
