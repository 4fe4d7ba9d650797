"""K86: a large paste that arrives as keystrokes (a terminal without bracketed paste).

The real app in a pty: the pty passes every byte as plain input, as such a terminal does.
The text must reach compose whole and quickly, be checkpointed as a draft, and a SIGTERM
afterwards must end the app at once with the draft intact. Before the fix the app typed the
text key by key, copying the body on each: minutes, gigabytes, and the text lost.

256 kB by default (minutes key by key, as before the fix, too); the megabyte with
JOURNAL_RELIABILITY_ITERATIONS set.
"""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from journal.store import engine
from tests.tui.test_signals import _drain_and_wait, _read_until, start_app, to_the_text

PASTE_BYTES = 1_000_000 if os.environ.get("JOURNAL_RELIABILITY_ITERATIONS") else 256_000
TAKE_IN = 120.0
"""Generous bound for a loaded CI machine; the app takes 1 MB in about fifteen seconds."""


def _draft_body(db_path) -> str | None:
    conn = engine.driver.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT body FROM drafts ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    return row[0] if row else None


@pytest.mark.catalogue("K86")
def test_a_large_paste_as_keystrokes_is_kept_whole(db_path, clock):
    line = "the quiet morning river talk demo rust goal slow notes tired calm learn plan write\n"
    text = line * (PASTE_BYTES // len(line)) + "END-OF-PASTE"
    pid, fd = start_app(db_path, clock)
    try:
        seen = bytearray()
        to_the_text(fd, seen)

        def paste() -> None:
            data = text.encode()
            for start in range(0, len(data), 4096):
                os.write(fd, data[start:start + 4096])

        writer = threading.Thread(target=paste, daemon=True)
        writer.start()
        end = time.monotonic() + TAKE_IN
        body = None
        while time.monotonic() < end:  # keep draining the screen so the app never blocks on output
            _read_until(fd, b"\x00never\x00", seen, timeout=0.5)
            del seen[:-4096]
            body = _draft_body(db_path)
            if body is not None and body.endswith("END-OF-PASTE"):
                break
        writer.join(timeout=1)
        assert body is not None and body.endswith("END-OF-PASTE"), \
            f"the paste was not taken in within {TAKE_IN:.0f} s ({len(body or '')} of {len(text)} chars)"
        os.kill(pid, signal.SIGTERM)
        status = _drain_and_wait(pid, fd)  # fails the test if the app has not ended within 15 s
    finally:
        os.close(fd)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 128 + signal.SIGTERM, status
    assert _draft_body(db_path) == text
