"""G56 and I74: safe export file names, and no logs or stray copies of entry text."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from journal.tui.screens.closure import slug

from .conftest import MARKER, one_clean_line


TITLES = ["../../.bashrc", "/etc/cron.d/x", "a/b", "..", "", "x" * 300, "CON", "NUL", "evil\u202egpj.exe",
          "nul\x00byte", "Goal: run 5k / week", "文字だけ", "..."]


@pytest.mark.catalogue("G56")
@pytest.mark.parametrize("title", TITLES)
def test_g56_retrospective_file_names_stay_in_the_folder(title, tmp_path):
    """G56: the default file name of an exported retrospective is safe whatever the title."""
    name = f"{slug(title)}-abc123-retrospective.html"
    assert "/" not in name and "\x00" not in name and not name.startswith(".")
    assert all(c.isascii() and (c.isalnum() or c in "-.") for c in name)
    assert len(name.encode()) <= 100
    target = (tmp_path / name).resolve()
    assert target.parent == tmp_path.resolve()
    target.write_text("ok")  # the name is a file the system accepts


@pytest.mark.catalogue("I74")
def test_i74_no_logs_anywhere_and_no_entry_text_outside_the_journal(proc, tmp_path):
    """I74: Threefold writes no logs: after every kind of command, the marker is only in the journal files."""
    assert proc("init").returncode == 0
    assert proc("add", f"{MARKER} one", "-t", "secret").returncode == 0
    ref = proc("list", "--format", "json").stdout
    entry_id = json.loads(ref)[0]["id"]
    for args in (("edit", entry_id, "--title", f"{MARKER} title"), ("search", MARKER), ("show", entry_id),
                 ("backup",), ("doctor",), ("delete", entry_id), ("restore", entry_id), ("edit", entry_id)):
        proc(*args, at_a_terminal=args == ("edit", entry_id))  # the last: the editor ($EDITOR=false) fails
    journal_files = {proc.db_path, Path(f"{proc.db_path}-wal"), Path(f"{proc.db_path}-shm")}
    leaked, kept = [], []
    for path in tmp_path.rglob("*"):
        if path.is_file() and path not in journal_files and path.parent.name != "backups":
            if MARKER.encode() in path.read_bytes():
                # The one exception: a failed editor's own file with text typed in it, kept beside the
                # journal on purpose (this one's editor typed nothing: there is none).
                (kept if path.parent == proc.db_path.parent and "-edit-" in path.name else leaked).append(path)
    assert leaked == []
    assert kept == []  # the failed editor changed nothing: its file goes too (S208)
    assert not [p for p in tmp_path.rglob("*") if p.suffix == ".log" or "log" in p.name.lower()]


@pytest.mark.catalogue("A5", "G61")
def test_temp_files_of_a_killed_export_are_removed_by_the_next_one(run, tmp_path):
    """A5: an export killed before its rename leaves `.<name>.<hex>.tmp` (earlier versions:
    `.<name>.<pid>-<hex>.tmp`); the next export to that target removes it (nobody holds its
    lock any more) but never a live export's temp, which its writer keeps locked."""
    import fcntl
    import os

    run("add", "one")
    target = tmp_path / "out.json"
    stale = tmp_path / ".out.json.0123456789ab.tmp"
    stale_old = tmp_path / ".out.json.999999999-0123456789ab.tmp"
    live = tmp_path / ".out.json.ba9876543210.tmp"
    other = tmp_path / ".other.json.0123456789ab.tmp"
    for path in (stale, stale_old, live, other):
        path.write_text("half")
    writer = os.open(live, os.O_RDONLY)  # as a live export does: its temp locked until the rename
    try:
        fcntl.flock(writer, fcntl.LOCK_EX)
        assert run("export", "-o", target).exit_code == 0
    finally:
        os.close(writer)
    assert not stale.exists() and not stale_old.exists()
    assert live.exists() and other.exists() and target.exists()


@pytest.mark.catalogue("C21")
def test_c21_output_to_a_full_disk_is_one_line_not_an_internal_error(proc):
    """C21(d) for plain output: `journal list > /dev/full` says it cannot write, exit 1."""
    assert proc("init").returncode == 0
    for i in range(50):
        assert proc("add", f"{MARKER} entry {i}").returncode == 0
    with open("/dev/full", "wb") as full:
        for args in (("list",), ("export", "--format", "json"), ("search", "entry")):
            result = proc(*args, stdout=full, stderr=subprocess.PIPE)
            assert result.returncode == 1, args
            line = one_clean_line(result.stderr)
            assert line == "journal: Cannot write the output: No space left on device.", line
            assert MARKER not in line
