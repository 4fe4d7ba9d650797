"""Helpers for the fault catalogue (docs/RELIABILITY.md, "The fault catalogue"): real subprocesses, real files."""

from __future__ import annotations

import hashlib
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from journal.store import engine
from journal.cli import state

ITERATIONS = int(os.environ.get("JOURNAL_RELIABILITY_ITERATIONS", "0") or 0)
"""0 in the default run (each loop uses its own small default); N runs the slow loops N times."""

MARKER = "ZEBRA-SECRET-7731"
"""Entry text that must never appear in an error message."""


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def count(path: Path, where: str = "1") -> int:
    conn = engine.driver.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(f"SELECT count(*) FROM entries WHERE {where}").fetchone()[0]
    finally:
        conn.close()


def healthy(path: Path) -> bool:
    conn = engine.driver.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return (conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                and conn.execute("PRAGMA foreign_key_check").fetchall() == [])
    finally:
        conn.close()


class Proc:
    """Run `python -m journal` in a subprocess with an isolated environment."""

    def __init__(self, tmp_path: Path, db_path: Path) -> None:
        self.db_path = db_path
        self.tmpdir = tmp_path / "tmpdir"
        self.tmpdir.mkdir(exist_ok=True)
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path / "home"),
            "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "JOURNAL_DB": str(db_path), "TZ": "Europe/Berlin", "EDITOR": "false",
            "TMPDIR": str(self.tmpdir), "LANG": "C.UTF-8",
        }

    def __call__(self, *args, input: str | bytes | None = None, env: dict | None = None, prefix=(),
                 timeout: float = 60, at_a_terminal: bool = False, **kw) -> subprocess.CompletedProcess:
        """`at_a_terminal`: stdin is a terminal (a pty), as a person's is: `edit` opens the
        editor only then (S210)."""
        data = input.encode() if isinstance(input, str) else input
        terminal = pty.openpty() if at_a_terminal else None
        streams = {"stdin": terminal[1]} if terminal else {"input": data}
        try:
            return subprocess.run([*prefix, sys.executable, "-m", "journal", *map(str, args)], **streams,
                                  env={**self.env, **(env or {})}, timeout=timeout,
                                  capture_output=not {"stdout", "stderr"} & kw.keys(), **kw)
        finally:
            for fd in terminal or ():
                os.close(fd)


@pytest.fixture
def proc(tmp_path, db_path):
    return Proc(tmp_path, db_path)


@pytest.fixture
def cli_clock(clock, monkeypatch):
    monkeypatch.setattr(state, "make_clock", lambda: clock)
    return clock


def one_clean_line(stderr: bytes | str) -> str:
    text = stderr.decode() if isinstance(stderr, bytes) else stderr
    assert "Traceback" not in text, text
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    return lines[0]

