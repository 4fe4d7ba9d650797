"""Shared fixtures. The autouse one points every path at tmp_path: no test touches a real journal."""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from journal.cli import app, state
from journal.clock import FixedClock
from journal.services import Journal

CATALOGUE = {"A": range(1, 11), "B": range(11, 15), "C": range(15, 23), "D": range(23, 32),
             "E": range(32, 46), "F": range(46, 56), "G": range(56, 63), "H": range(63, 69),
             "I": range(69, 75), "J": range(75, 79), "K": range(79, 93),
             "L": range(93, 97), "M": range(97, 106), "N": range(106, 113),
             "O": range(113, 119), "P": range(119, 126),
             "Q": range(126, 140), "R": range(140, 144),
             "S": range(144, 581)}
"""The sections and case numbers of the fault catalogue in docs/RELIABILITY.md."""
CASES = sum(len(numbers) for numbers in CATALOGUE.values())


def catalogue_id(case: str) -> str:
    """Check a case id like "C21" against the catalogue; returns it unchanged."""
    match = re.fullmatch(r"([A-S])(\d+)", case)
    if not match or int(match[2]) not in CATALOGUE[match[1]]:
        raise ValueError(f"{case!r} is not a case of the fault catalogue")
    return case


LONGEST = (
    "tests/tui/test_keys_stay.py::", "tests/tui/test_k86_key_fuzz.py::", "tests/unit/test_bench_smoke.py::",
    "tests/reliability/test_encryption_at_rest.py::test_kill_9_during_a_conversion",
    "tests/unit/test_lint.py::", "tests/tui/test_tui_shortlists.py::test_choosing_a_mentor",
    "tests/tui/test_k86_paste_as_keys.py::", "tests/reliability/test_bc_storage.py::test_b14",
    "tests/reliability/test_a_crash.py::test_a2", "tests/io/test_io_streamed_import.py::test_streamed_import_of_20000",
)
"""Tests that take 15 s or more of a full run (`--durations`): they start first."""


def pytest_collection_modifyitems(items):
    """The longest tests first (a stable sort: the rest keep their order). Under xdist's work
    stealing (`--dist worksteal`) the workers then end together; collected in file order, a
    long test that started last ran alone at the end of the run."""
    items.sort(key=lambda item: not item.nodeid.startswith(LONGEST))


_OUTCOMES: dict[str, list[str]] = defaultdict(list)
"""Outcomes per catalogue case, gathered where the reports arrive (the controller under xdist)."""


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Attach the cases of @pytest.mark.catalogue("A2", ...) to the report (it travels across xdist)."""
    report = yield
    cases = tuple(catalogue_id(c) for mark in item.iter_markers("catalogue") for c in mark.args)
    if cases:
        report.user_properties.append(("catalogue", cases))  # each phase's report has its own copy
    return report


def pytest_runtest_logreport(report):
    if report.when == "call" or report.outcome != "passed":
        for name, cases in report.user_properties:
            if name == "catalogue":
                for case in cases:
                    _OUTCOMES[case].append(report.outcome)


def pytest_terminal_summary(terminalreporter, config):
    """One line per run: how many catalogue cases ran, passed, were skipped or failed."""
    outcomes = _OUTCOMES
    if not outcomes:
        return

    def cases(test):
        return sorted((c for c, seen in outcomes.items() if test(seen)), key=lambda c: int(c[1:]))

    failed = cases(lambda seen: "failed" in seen)
    passed = cases(lambda seen: "failed" not in seen and "passed" in seen)
    skipped = cases(lambda seen: set(seen) == {"skipped"})
    tests = sum(len(seen) for seen in outcomes.values())
    unrun = [f"{s}{n}" for s, numbers in CATALOGUE.items() for n in numbers if f"{s}{n}" not in outcomes]
    terminalreporter.write_line(
        f"fault catalogue: {len(outcomes)} of {CASES} cases exercised by {tests} test outcomes; "
        f"{len(passed)} passing, {len(skipped)} only skipped ({', '.join(skipped) or 'none'}), "
        f"{len(failed)} failing ({', '.join(failed) or 'none'})"
        + (f"; not run: {', '.join(unrun)}" if 0 < len(unrun) <= 10 else ""))


NOW = datetime(2026, 11, 23, 9, 30, tzinfo=ZoneInfo("Europe/Berlin"))
"""Monday 23 November 2026, 09:30 in Berlin: the fixed 'now' of every test."""


@pytest.fixture(autouse=True)
def short_idle_waits(monkeypatch):
    """Pilot waits for the app to look idle after each key (twice) and each pause, sleeping in
    steps of Textual's SLEEP_GRANULARITY (20 ms) whatever the app has left to do: 5 ms steps
    make the same check four times as often (the TUI tests: 377 s -> 222 s here). A screen
    draws what changed on a timer (UPDATE_PERIOD, 1/60 s), and what waits for that drawing
    (`call_after_refresh`) could come after a 5 ms idle step: the timer runs every 4 ms here,
    under one step. Tests that need a later effect still wait for it (tests/tui/conftest.until)."""
    wait = sys.modules.get("textual._wait")  # loaded with Textual; never imported here for a test without it
    if wait is not None:
        monkeypatch.setattr(wait, "SLEEP_GRANULARITY", 0.005)
        monkeypatch.setattr("textual.screen.UPDATE_PERIOD", 0.004)
        answer_at_once(monkeypatch)


def answer_at_once(monkeypatch) -> None:
    """Questions (ChoiceModal) take a key at once: a pilot presses keys as soon as a screen shows,
    where a person's typed-ahead keys are ignored for a moment (S174; tested on its own). And the
    search runs at each key typed, where it waits for a pause in a person's typing (S576; tested
    on its own)."""
    from journal.tui.screens import search
    from journal.tui.screens.modals import ChoiceModal

    monkeypatch.setattr(ChoiceModal, "TYPED_AHEAD", 0)
    monkeypatch.setattr(search, "TYPING_PAUSE_S", 0)


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
    for name in ("JOURNAL_PASSPHRASE_FD", "JOURNAL_PASSPHRASE_FILE", "XDG_RUNTIME_DIR"):
        monkeypatch.delenv(name, raising=False)
    yield
    from journal.store import engine

    engine.forget_all()  # keys of encrypted journals stay in this test


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW, zone="Europe/Berlin")


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "data" / "journal" / "journal.db"


_TEMPLATE: list[bytes] = []
"""The bytes of a new, empty journal of the current schema, made once per test process."""


def new_journal(path) -> None:
    """Make `path` (not there yet) a new, empty, plain journal, as `journal init` does: the file 0600
    in a 0700 folder. The first in a test process is made by migrating; every later one is a copy
    of its bytes (running every migration, each commit synced, costs more than most tests).
    Anything already at `path` is left as it is."""
    import os
    from pathlib import Path

    from journal.store.db import create_file

    path = Path(path)
    if path.exists() or path.is_symlink():
        return
    if not _TEMPLATE:
        Journal.open(path, create=True).close()
        if not path.with_name(path.name + "-wal").exists():  # closed cleanly: the file alone is the journal
            _TEMPLATE.append(path.read_bytes())
        return
    os.umask(0o077)  # as opening a journal sets it
    create_file(path)
    with open(path, "r+b") as file:
        file.write(_TEMPLATE[0])


@pytest.fixture
def journal(db_path, clock):
    new_journal(db_path)
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
    monkeypatch.setattr(state, "make_clock", lambda: clock)
    runner = Run(db_path, clock)
    new_journal(db_path)
    assert runner("init").exit_code == 0  # the journal is there: init finds it ready
    return runner


@pytest.fixture
def app_for(clock, monkeypatch):
    """Build the TUI on a given journal with the fixed clock (Textual is imported only here)."""
    from journal.tui.app import make_app

    answer_at_once(monkeypatch)

    def build(journal):
        return make_app(journal=journal, clock=clock)

    return build


def migrations_up_to(monkeypatch, last: str):
    """New journals stop at migration `last` (an older journal, to test the steps after it);
    returns the function that brings every step back."""
    from journal.store import migrations

    every = migrations.STEPS

    def use(steps) -> None:
        monkeypatch.setattr(migrations, "STEPS", steps)
        monkeypatch.setattr(migrations, "KNOWN", tuple(step.__name__ for step in steps))

    use(every[: migrations.KNOWN.index(last) + 1])
    return lambda: use(every)


def wait_until_indexed(db, bound: float = 120.0) -> None:
    """Return once a large import's background search indexer (store/search_index.py) is done
    with `db`: nothing waits, and no indexer holds its lock. `bound` only stops a stuck wait."""
    import time

    from journal.store import search_index
    from journal.store.db import connect

    deadline = time.monotonic() + bound
    conn = connect(db)
    try:
        while search_index.left(conn) and time.monotonic() < deadline:
            time.sleep(0.05)
        while search_index.busy(db) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        conn.close()  # the last connection, as before the indexer: its -wal folded into the file
