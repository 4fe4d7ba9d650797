"""SIGTERM and SIGHUP end a command as ctrl+c does: an export's unfinished file goes (S507)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

SLOW_EXPORT = """
import sys, time
from journal.io import documents

def slow(write, *args, **kwargs):
    write("# Journal\\n\\nA private line, half exported\\n")
    time.sleep(60)

documents.write_markdown = slow
from journal.cli import main
main(["--db", sys.argv[1], "export", "-o", sys.argv[2]])
"""


@pytest.mark.catalogue("S507")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_an_export_stopped_by_a_signal_leaves_no_unfinished_file(proc, db_path, tmp_path, signum):
    assert proc("init").returncode == 0
    folder = tmp_path / "out"
    folder.mkdir()
    child = subprocess.Popen([sys.executable, "-c", SLOW_EXPORT, str(db_path), str(folder / "a.md")], env=proc.env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    # its hidden unfinished file is there (what is written sits in the writer's buffer: waiting for
    # bytes on disk waited out the whole deadline)
    while not list(folder.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(folder.iterdir()), "the export never began"
    child.send_signal(signum)
    assert child.wait(timeout=30) == 128 + signum
    assert list(folder.iterdir()) == []
    assert b"Traceback" not in child.stderr.read()


@pytest.mark.catalogue("S536")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_while_the_editor_is_open_names_the_file_that_keeps_the_text(proc, db_path, tmp_path, signum):
    import os

    assert proc("init").returncode == 0
    ready = tmp_path / "typed"
    editor = tmp_path / "editor.sh"
    done = tmp_path / "done"  # the editor runs on after the command has gone, until told
    editor.write_text(f'#!/bin/sh\nprintf "half a thought" >> "$1"\n: > {ready}\n'
                      f'while [ ! -e {done} ]; do sleep 0.1; done\n')
    editor.chmod(0o700)
    leader, follower = os.openpty()  # `add` opens the editor only for a person at a terminal
    env = {**proc.env, "EDITOR": str(editor), "VISUAL": str(editor)}
    child = subprocess.Popen([sys.executable, "-m", "journal", "--db", str(db_path), "add"], env=env,
                             stdin=follower, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    os.close(follower)
    try:
        deadline = time.monotonic() + 30
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ready.exists(), "the editor never started"
        child.send_signal(signum)
        assert child.wait(timeout=30) == 128 + signum
    finally:
        os.close(leader)
        done.touch()
    kept = sorted(db_path.parent.glob(".journal-edit-*.md"))
    stderr = child.stderr.read().decode()
    assert len(kept) == 1 and f"your text is kept in {kept[0]}" in stderr, stderr
    assert "Traceback" not in stderr and "half a thought" not in stderr
    assert "half a thought" in kept[0].read_text(encoding="utf-8")
