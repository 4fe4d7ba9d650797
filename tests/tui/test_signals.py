"""The real app in a pty: SIGHUP / SIGTERM right after typing must keep the typed text."""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time

import pytest

from journal.store import engine
from journal.services import Journal

DEADLINE = 15.0


def _read_until(fd: int, wanted: bytes, seen: bytearray, timeout: float = DEADLINE) -> bool:
    """Read pty output into `seen` until `wanted` appears (screen text may be split by escapes)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return False
            if not chunk:
                return False
            seen.extend(chunk)
            if wanted in seen:
                return True
    return False


def _drain_and_wait(pid: int, fd: int, timeout: float = DEADLINE) -> int:
    """Keep reading (so the child never blocks on a full pty) until it exits."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                os.read(fd, 65536)
            except OSError:
                pass
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    pytest.fail("the app did not exit after the signal")


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
@pytest.mark.catalogue("D23", "D24")
def test_signal_right_after_typing_keeps_the_draft(signum, db_path, clock, tmp_path):
    Journal.open(db_path, clock=clock, create=True).close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(TERM="xterm-256color", COLUMNS="100", LINES="32")
    pid, fd = pty.fork()
    if pid == 0:  # child: the real command line, in its own terminal
        os.execve(sys.executable, [sys.executable, "-m", "journal", "--db", str(db_path)], env)
    try:
        seen = bytearray()
        assert _read_until(fd, b"Welcome", seen), seen[-2000:]
        os.write(fd, b"n")
        assert _read_until(fd, b"New entry", seen)
        os.write(fd, b"unsaved-words")
        # Wait only until the app has drawn the text (so it has read the keys), not for the debounce.
        assert _read_until(fd, b"unsaved-words", seen)
        os.kill(pid, signum)
        status = _drain_and_wait(pid, fd)
    finally:
        os.close(fd)
    assert os.WIFEXITED(status), status
    assert os.WEXITSTATUS(status) == 128 + signum
    with engine.driver.connect(db_path) as conn:
        bodies = [row[0] for row in conn.execute("SELECT body FROM drafts")]
    assert bodies == ["unsaved-words"]
