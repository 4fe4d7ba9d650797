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
