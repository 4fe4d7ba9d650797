"""Shared fixtures. The autouse one points every path at tmp_path: no test touches a real journal."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

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
