"""The real app in a pty: SIGHUP / SIGTERM right after typing must keep the typed text."""

from __future__ import annotations

import os
import pty
import re
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


_FRAME_END = re.compile(rb"\x1b\[\d+;\d+H\Z")
"""Textual ends every screen update by moving the terminal cursor to the focused widget's cursor."""


def _frame_cursor(fd: int, seen: bytearray, timeout: float, quiet: float = 0.0) -> bytes | None:
    """Read until the output ends a screen update (and nothing more comes for `quiet` seconds);
    the cursor move that ended it, which says where the focused widget's cursor is."""
    end = time.monotonic() + timeout
    last = time.monotonic()
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.02)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return None
            if not chunk:
                return None
            seen.extend(chunk)
            last = time.monotonic()
        match = _FRAME_END.search(bytes(seen[-32:]))
        if match and time.monotonic() - last >= quiet:
            return match.group(0)
    return None


def _enter_to_the_text(fd: int, seen: bytearray, timeout: float = DEADLINE) -> bool:
    """Press enter in the Title of a new entry (where compose starts) and wait until the focus
    has moved on to the text, so the keys that follow land in the body, as a person's would.

    Keys written together with the enter could reach the Title before its Submitted message
    moves the focus, so this waits for the terminal cursor to move: Textual ends each screen
    update by placing it at the focused widget's cursor, and nothing else redraws the idle form.
    The first update after the enter that ends with the cursor somewhere new, seen again (so
    not a read cut after a move that only draws), means the text has the focus.
    """
    title = _frame_cursor(fd, seen, timeout, quiet=0.3)
    if title is None:
        return False
    os.write(fd, b"\r")
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        moved = _frame_cursor(fd, seen, end - time.monotonic())
        if moved is not None and moved != title:
            again = _frame_cursor(fd, seen, 1.0, quiet=0.1)  # not a chunk cut after a drawing move
            if again == moved:
                return True
        time.sleep(0.02)
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


def start_app(db_path, clock) -> tuple[int, int]:
    """A new journal at `db_path` and the real command line on it in a terminal of its own
    (100x32): the child's pid and the terminal's fd."""
    Journal.open(db_path, clock=clock, create=True).close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(TERM="xterm-256color", COLUMNS="100", LINES="32")
    pid, fd = pty.fork()
    if pid == 0:  # child: the real command line, in its own terminal
        os.execve(sys.executable, [sys.executable, "-m", "journal", "--db", str(db_path)], env)
    return pid, fd


def to_the_text(fd: int, seen: bytearray) -> None:
    """From the app's first screen to a new entry's text, as a person gets there: n, then enter
    in the Title (where compose starts)."""
    assert _read_until(fd, b"Welcome", seen), seen[-2000:]
    os.write(fd, b"n")
    assert _read_until(fd, b"New entry", seen)
    assert _enter_to_the_text(fd, seen), seen[-2000:]


def typed_and_saved(db_path, clock, typed: bytes, shown: bytes, *, in_title: bool = False) -> list[tuple[object, ...]]:
    """The real app in a terminal: `typed` written into a new entry's text (its title with
    `in_title`, where compose starts) at once, ctrl+s once `shown` is on the screen, then
    SIGTERM; the entries' (title, body) as saved."""
    pid, fd = start_app(db_path, clock)
    try:
        seen = bytearray()
        if in_title:
            assert _read_until(fd, b"Welcome", seen), seen[-2000:]
            os.write(fd, b"n")
            assert _read_until(fd, b"New entry", seen)
        else:
            to_the_text(fd, seen)
        os.write(fd, typed)
        assert _read_until(fd, shown, seen), seen[-2000:]
        os.write(fd, b"\x13")  # ctrl+s
        assert _read_until(fd, b"Saved", seen), seen[-2000:]
        os.kill(pid, signal.SIGTERM)
        _drain_and_wait(pid, fd)
    finally:
        os.close(fd)
    conn = engine.driver.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return [tuple(row) for row in conn.execute("SELECT title, body FROM entries")]
    finally:
        conn.close()


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
@pytest.mark.catalogue("D23", "D24")
def test_signal_right_after_typing_keeps_the_draft(signum, db_path, clock, tmp_path):
    pid, fd = start_app(db_path, clock)
    try:
        seen = bytearray()
        to_the_text(fd, seen)
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


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
@pytest.mark.catalogue("S360")
def test_a_signal_keeps_what_was_typed_in_a_form_that_keeps_no_draft(signum, db_path, clock):
    """The vision form (as the goal, mentorship, agreement, profile and the small forms) holds
    its text until ctrl+s: a closed window or a SIGTERM threw it away."""
    pid, fd = start_app(db_path, clock)
    try:
        seen = bytearray()
        assert _read_until(fd, b"Welcome", seen), seen[-2000:]
        os.write(fd, b"v")  # Preparing
        assert _read_until(fd, b"Learning profile", seen), seen[-2000:]
        os.write(fd, b"v")  # its vision form, the first field focused
        assert _read_until(fd, b"Picture yourself", seen), seen[-2000:]
        os.write(fd, b"Leading-a-team-of-five")
        assert _read_until(fd, b"Leading-a-team-of-five", seen)
        os.kill(pid, signum)
        status = _drain_and_wait(pid, fd)
    finally:
        os.close(fd)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 128 + signum
    journal = Journal.open(db_path, clock=clock)
    try:
        kept = [(d.title, d.body) for d in journal.drafts.unoffered()]  # offered at the next start
    finally:
        journal.close()
    assert kept == [("Not saved: your vision (the app was stopped)", "## Where I want to be\n\nLeading-a-team-of-five")]
