"""Shared fixtures. The autouse one points every path at tmp_path: no test touches a real journal."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from journal.cli import app
from journal.clock import FixedClock
from journal.services import Journal

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=ZoneInfo("Europe/Berlin"))
"""Monday 23 November 2026, 09:30 in Berlin: the fixed 'now' of every test."""


@pytest.fixture(autouse=True)
def isolated_paths(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("JOURNAL_DB", str(tmp_path / "data" / "journal" / "journal.db"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TZ", "Europe/Berlin")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "false")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW, zone="Europe/Berlin")


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "data" / "journal" / "journal.db"


@pytest.fixture
def journal(db_path, clock):
    j = Journal.open(db_path, clock=clock, create=True)
    yield j
    j.close()


class Run:
    """Invoke the real click group in-process with a fixed clock; returns click's Result."""

    def __init__(self, db_path, clock):
        self.db_path = db_path
        self.clock = clock

    def __call__(self, *args, input=None, db=True):
        argv = (["--db", str(self.db_path)] if db else []) + [str(a) for a in args]
        return CliRunner().invoke(app.cli, argv, input=input, prog_name="journal")

    def json(self, *args):
        result = self(*args, "--format", "json")
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)


@pytest.fixture
def run(db_path, clock, monkeypatch):
    monkeypatch.setattr(app, "make_clock", lambda: clock)
    runner = Run(db_path, clock)
    assert runner("init").exit_code == 0
    return runner
