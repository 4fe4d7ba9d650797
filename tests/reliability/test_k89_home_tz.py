"""K89: an empty, unset or relative HOME is refused (one line, exit 2) wherever a folder
depends on it, never turned into `/`; a relative XDG_* value is ignored (the XDG spec); a TZ
that is no zone name is never stored silently: one line (a notification in the TUI) says
which zone is used instead, once per process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from journal import clock as clock_module
from journal.clock import Clock
from journal.services import Journal
from journal.tui.app import make_app

ROOT_JOURNAL = Path("/.local/share/journal")


def journal(proc, *args, env: dict | None = None, drop: tuple[str, ...] = (), cwd=None):
    """`python -m journal` with `env` added to the isolated environment and `drop` removed from it."""
    full = {k: v for k, v in {**proc.env, **(env or {})}.items() if k not in drop}
    return subprocess.run([sys.executable, "-m", "journal", *map(str, args)], env=full, cwd=cwd,
                          capture_output=True, text=True, timeout=60)


def one_line(result) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


# ------------------------------------------------------------------ HOME
@pytest.mark.parametrize("home", ["", "   ", None, "relative/home"])
@pytest.mark.catalogue("K89")
def test_no_usable_home_refuses_the_default_journal_instead_of_using_the_root(proc, tmp_path, home):
    existed = ROOT_JOURNAL.exists()
    env = {} if home is None else {"HOME": home}
    drop = ("JOURNAL_DB", "XDG_DATA_HOME", "XDG_CONFIG_HOME") + (("HOME",) if home is None else ())
    for args in (("init",), ("add", "x"), ("list",), ("due",)):
        result = journal(proc, *args, env=env, drop=drop, cwd=tmp_path)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        line = one_line(result)
        assert line.startswith("journal: HOME is ") and "XDG_DATA_HOME" in line and "--db" in line, line
    assert ROOT_JOURNAL.exists() == existed
    assert not (tmp_path / ".local").exists() and not (tmp_path / "relative").exists()  # nothing beside the cwd


@pytest.mark.catalogue("K89")
def test_with_an_explicit_journal_an_empty_home_only_loses_the_config(proc, tmp_path):
    db = tmp_path / "mine.db"
    env, drop = {"HOME": ""}, ("JOURNAL_DB", "XDG_DATA_HOME", "XDG_CONFIG_HOME")
    assert journal(proc, "--db", db, "init", env=env, drop=drop).returncode == 0
    for args in (("add", "works"), ("due",), ("prompt",), ("list",)):
        result = journal(proc, "--db", db, *args, env=env, drop=drop)
        assert result.returncode == 0, (args, result.stderr)
    doctor = journal(proc, "--db", db, "doctor", env=env, drop=drop)
    assert "WARN  config: HOME is empty" in doctor.stdout
    result = journal(proc, "list", env={"HOME": "", "JOURNAL_DB": "~/j.db"}, drop=("XDG_DATA_HOME",))
    assert result.returncode == 2 and "HOME is empty" in one_line(result)
    assert not Path("/j.db").exists()


@pytest.mark.catalogue("K89")
def test_a_relative_xdg_folder_is_ignored_per_the_spec(proc, tmp_path):
    home = tmp_path / "home"
    env = {"HOME": str(home), "XDG_DATA_HOME": "data", "XDG_CONFIG_HOME": "config"}
    result = journal(proc, "init", env=env, drop=("JOURNAL_DB",), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (home / ".local/share/journal/journal.db").is_file()
    assert not (tmp_path / "data").exists() and not (tmp_path / "config").exists()
    paths = journal(proc, "paths", env=env, drop=("JOURNAL_DB",), cwd=tmp_path).stdout
    assert str(home / ".config/journal/config.toml") in paths


# ------------------------------------------------------------------ TZ
@pytest.mark.parametrize("tz", ["EST5EDT4", "Mars/Olympus", "UTC+3", "/no/such/zoneinfo/Europe/Nowhere"])
@pytest.mark.catalogue("K89")
def test_a_tz_that_is_no_zone_name_is_reported_once_with_the_zone_used(proc, tz):
    assert journal(proc, "init").returncode == 0
    for body in ("one", "two"):
        result = journal(proc, "add", body, env={"TZ": tz})
        assert result.returncode == 0, result.stderr
        notices = [line for line in result.stderr.splitlines() if "TZ" in line]
        assert len(notices) == 1, result.stderr
        assert repr(tz) in notices[0] and "is not a time zone name; using " in notices[0]
        used = notices[0].split("using ", 1)[1].split(" ", 1)[0]
    listing = journal(proc, "list", "--format", "json", env={"TZ": tz})
    assert len([line for line in listing.stderr.splitlines() if "TZ" in line]) == 1
    stored = {e["tz"] for e in json.loads(listing.stdout)}
    assert stored == {used}, (stored, used)


@pytest.mark.parametrize("tz,zone", [("Europe/Berlin", "Europe/Berlin"), (":America/New_York", "America/New_York"),
                                     ("/usr/share/zoneinfo/Asia/Tokyo", "Asia/Tokyo")])
@pytest.mark.catalogue("K89")
def test_a_tz_that_names_a_zone_is_used_without_a_word(proc, tz, zone):
    if tz.startswith("/") and not os.path.exists(tz):
        pytest.skip("no system zoneinfo folder")
    assert journal(proc, "init").returncode == 0
    result = journal(proc, "add", "here", env={"TZ": tz})
    assert result.returncode == 0 and "TZ" not in result.stderr, result.stderr
    assert json.loads(journal(proc, "list", "--format", "json").stdout)[0]["tz"] == zone


@pytest.mark.catalogue("K89")
def test_the_notice_is_given_once_per_process(monkeypatch):
    monkeypatch.setenv("TZ", "Mars/Olympus")
    monkeypatch.setattr(clock_module, "_TOLD", set())
    first, second = Clock(), Clock()
    assert first.notice and first.notice == second.notice
    assert first.zone_notice() == first.notice
    assert first.zone_notice() is None and second.zone_notice() is None


@pytest.mark.catalogue("K89")
async def test_the_tui_shows_the_notice_as_a_notification(db_path, monkeypatch):
    monkeypatch.setenv("TZ", "EST5EDT4")
    monkeypatch.setattr(clock_module, "_TOLD", set())
    journal_ = Journal.open(db_path, create=True)
    try:
        app = make_app(journal=journal_)
        async with app.run_test(size=(100, 32), notifications=True) as pilot:
            await pilot.pause()
            messages = [n.message for n in app._notifications]
            assert any("'EST5EDT4' is not a time zone name; using" in m for m in messages), messages
    finally:
        journal_.close()
