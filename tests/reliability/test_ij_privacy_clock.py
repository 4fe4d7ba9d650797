"""I. Privacy (file modes, no text in errors, nothing in $TMPDIR, no network) and J. clocks."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from journal.clock import FixedClock
from journal.services import EntryChanges, EntryInput, Journal

from .conftest import MARKER, count


def _umask_022():
    os.umask(0o022)


@pytest.mark.catalogue("I69")
def test_i69_files_are_private_under_umask_022(proc, db_path, tmp_path):
    """I69: with umask 022 the db, -wal, backup and the editor's temp file are 0600, folders 0700."""
    editor = tmp_path / "editor.sh"
    log = tmp_path / "modes.log"
    editor.write_text(f'#!/bin/sh\nstat -c %a "$1" > {log}\nprintf "typed in the editor" > "$1"\n')
    editor.chmod(0o755)
    assert proc("init", preexec_fn=_umask_022).returncode == 0
    assert proc("add", "first", preexec_fn=_umask_022).returncode == 0
    result = subprocess.run(["script", "-qec", f"{sys.executable} -m journal add", "/dev/null"],
                            env={**proc.env, "EDITOR": str(editor)}, capture_output=True,
                            preexec_fn=_umask_022, timeout=60) if _has_script() else None
    assert proc("backup", preexec_fn=_umask_022).returncode == 0
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700
    backups = list((db_path.parent / "backups").iterdir())
    assert backups and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in backups)
    assert stat.S_IMODE((db_path.parent / "backups").stat().st_mode) == 0o700
    if result is not None:
        assert result.returncode == 0, result.stdout
        assert log.read_text().strip() == "600"
        assert count(db_path) == 2


def _has_script() -> bool:
    from shutil import which

    return which("script") is not None


@pytest.mark.catalogue("I71")
def test_i71_no_entry_text_in_any_error(proc, db_path, tmp_path):
    """I71: the marker typed into many failing commands never shows up on stderr."""
    assert proc("init").returncode == 0
    assert proc("add", f"{MARKER} a real entry").returncode == 0
    failing = [
        ("add", f"{MARKER} bad date", "--date", "2026-02-30"),
        ("add", f"{MARKER} bad lens", "--lens", "sideways"),
        ("add", f"{MARKER}", "--goal", "no such goal"),
        ("add", f"{MARKER} future", "--date", "2099-01-01"),
        ("edit", "ffffffff", "--title", MARKER),
        ("show", MARKER),
        ("search", f'"{MARKER}'),
        ("--db", tmp_path / "missing.db", "add", MARKER),
        ("restore", tmp_path / MARKER, "--yes"),
    ]
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not sqlite " * 500)
    failing.append(("--db", garbage, "add", MARKER))
    seen = []
    for args in failing:
        result = proc(*args)
        seen.append(result.returncode)
        err = result.stderr.decode()
        assert "Traceback" not in err, args
        assert f"{MARKER} " not in err and f"{MARKER} bad" not in err, (args, err)
    assert [a for c, a in zip(seen, failing, strict=True) if c == 0 and a[0] != "search"] == []
    assert proc("add", input=f"{MARKER} " + "z" * (11 * 1024 * 1024)).stderr.decode().count(MARKER) == 0


@pytest.mark.catalogue("I73")
def test_i73_nothing_is_left_in_tmpdir(proc, db_path, tmp_path):
    """I73: add (args, stdin), edit via $EDITOR, backup, doctor, search: $TMPDIR stays empty."""
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "edited text" > "$1"\n')
    editor.chmod(0o755)
    assert proc("init").returncode == 0
    assert proc("add", "from args").returncode == 0
    assert proc("add", input="from stdin").returncode == 0
    entry_id = proc("list", "--format", "json").stdout.decode().split('"id": "', 1)[1][:8]
    if _has_script():
        edited = subprocess.run(["script", "-qec", f"{sys.executable} -m journal edit {entry_id}", "/dev/null"],
                                env={**proc.env, "EDITOR": str(editor)}, capture_output=True, timeout=60)
        assert edited.returncode == 0, edited.stdout
    for args in (("backup",), ("doctor",), ("search", "stdin"), ("delete", entry_id), ("purge", "--yes")):
        proc(*args)
    assert list(proc.tmpdir.iterdir()) == []


NO_NETWORK = """
import socket, sys
class Refused(socket.socket):
    def __init__(self, family=-1, *a, **k):
        if family not in (socket.AF_UNIX, -1):
            raise OSError("network used")
        super().__init__(family, *a, **k)
    def connect(self, *a):
        raise OSError("network used")
socket.socket = Refused
socket.create_connection = lambda *a, **k: (_ for _ in ()).throw(OSError("network used"))
from journal.cli import main
main(sys.argv[1:])
"""


@pytest.mark.catalogue("I72")
def test_i72_no_network_in_the_cli_flows(proc, tmp_path):
    """I72: every flow runs with sockets (other than AF_UNIX) refused."""
    flows = [("init",), ("add", "offline"), ("list",), ("search", "offline"), ("backup",), ("doctor",)]
    for args in flows:
        result = subprocess.run([sys.executable, "-c", NO_NETWORK, *args], env=proc.env, capture_output=True,
                                timeout=60)
        assert b"network used" not in result.stderr, args
        assert result.returncode in (0, 1), (args, result.stderr)


# ------------------------------------------------------------------ clocks
@pytest.mark.parametrize("zone,at", [
    ("America/New_York", datetime(2026, 3, 8, 2, 30)),   # gap: 02:30 does not exist
    ("Europe/Berlin", datetime(2026, 3, 29, 2, 30)),
])
@pytest.mark.catalogue("J75")
def test_j75_dst_gap(db_path, zone, at):
    """J75: writing at a non-existent local time saves, with a real local day and a UTC created_at."""
    clock = FixedClock(at.replace(tzinfo=ZoneInfo(zone)), zone=zone)
    with Journal.open(db_path, create=True, clock=clock) as j:
        entry = j.entries.write(EntryInput("in the gap"))
        again = j.entries.write(EntryInput("explicit time", when=f"{at.date()} 02:30"))
        assert entry.day == at.date() and again.day == at.date()
        assert [e.id for e in j.entries.list()] and j.entries.count() == 2


@pytest.mark.parametrize("zone,at", [
    ("America/New_York", datetime(2026, 11, 1, 1, 30)),  # overlap: 01:30 happens twice
    ("Europe/Berlin", datetime(2026, 10, 25, 2, 30)),
])
@pytest.mark.catalogue("J75")
def test_j75_dst_overlap_keeps_both_entries(db_path, zone, at):
    """J75: two entries at the same wall time on either side of the fall-back are both kept, in order."""
    tz = ZoneInfo(zone)
    clock = FixedClock(at.replace(tzinfo=tz, fold=0), zone=zone)
    with Journal.open(db_path, create=True, clock=clock) as j:
        first = j.entries.write(EntryInput("first 01:30"))
        clock.set(at.replace(tzinfo=tz, fold=1))
        second = j.entries.write(EntryInput("second 01:30"))
        assert second.created_at > first.created_at
        assert {e.id for e in j.entries.list()} == {first.id, second.id}


@pytest.mark.catalogue("J76")
def test_j76_clock_going_backwards(db_path, clock):
    """J76: the clock jumps back a day: saves, edits and the daily backup still work."""
    with Journal.open(db_path, create=True, clock=clock) as j:
        first = j.entries.write(EntryInput("today"))
    clock.set(clock.now() - timedelta(days=1, hours=2))
    with Journal.open(db_path, clock=clock) as j:
        second = j.entries.write(EntryInput("yesterday, says the clock"))
        edited, changed = j.entries.edit(first.id, EntryChanges(body="edited in the past"))
        assert changed and edited.body == "edited in the past"
        assert j.entries.count() == 2 and second.day < first.day
    from journal.store import backups

    assert len(backups.backups(db_path)) == 2  # the future-stamped one does not suppress today's


@pytest.mark.catalogue("J77")
def test_j77_zone_change_between_sessions(db_path):
    """J77: entries keep their own zone and day after the machine moves to another zone."""
    berlin = FixedClock(datetime(2026, 6, 1, 23, 30, tzinfo=ZoneInfo("Europe/Berlin")), zone="Europe/Berlin")
    with Journal.open(db_path, create=True, clock=berlin) as j:
        entry = j.entries.write(EntryInput("late in Berlin"))
    la = FixedClock(datetime(2026, 6, 1, 15, 0, tzinfo=ZoneInfo("America/Los_Angeles")), zone="America/Los_Angeles")
    with Journal.open(db_path, clock=la) as j:
        again = j.entries.get(entry.id)
        assert again.tz == "Europe/Berlin" and str(again.day) == "2026-06-01"
        assert j.entries.write(EntryInput("afternoon in LA")).tz == "America/Los_Angeles"


@pytest.mark.parametrize("when,ok", [
    ("1000-01-01", True), ("0001-01-01", False), ("9999-12-31", False), ("0000-01-01", False),
    ("1969-12-31", True),
])
@pytest.mark.catalogue("J78")
def test_j78_extreme_dates(run, when, ok):
    """J78: far past dates save and list; impossible or (non-foresight) far-future dates exit 2."""
    result = run("add", "at the edge", "--date", when)
    if ok:
        assert result.exit_code == 0, result.stderr
        assert run.json("list", "--on", when)[0]["day"] == when
    else:
        assert result.exit_code == 2 and "Traceback" not in result.output


@pytest.mark.catalogue("J78")
def test_j78_far_future_foresight(run):
    """J78: a foresight entry dated 2999-12-31 (the last day accepted, K83) saves and reads back."""
    result = run("add", "one day", "-l", "foresight", "--date", "2999-12-31")
    assert result.exit_code == 0, result.stderr
    assert run.json("list")[0]["day"] == "2999-12-31"
