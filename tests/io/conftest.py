"""Fixtures for export/import tests: a CLI runner with a fixed clock, and helpers."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from journal.store import engine
from journal.cli import app


class Run:
    """Invoke the real click group in-process against one journal file."""

    def __init__(self, db_path):
        self.db_path = db_path

    def __call__(self, *args, db=None):
        argv = ["--db", str(db or self.db_path)] + [str(a) for a in args]
        return CliRunner().invoke(app.cli, argv, prog_name="journal")

    def rows(self, db=None, table="entries"):

        conn = engine.driver.connect(db or self.db_path)
        try:
            return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        finally:
            conn.close()


@pytest.fixture
def run(db_path, clock, monkeypatch):
    monkeypatch.setattr(app, "make_clock", lambda: clock)
    runner = Run(db_path)
    assert runner("init").exit_code == 0
    return runner


@pytest.fixture
def make_db(tmp_path, run):
    """A fresh, empty journal file for the same runner: make_db('other.db')."""

    def make(name):
        path = tmp_path / name
        assert run("init", db=path).exit_code == 0
        return path

    return make


@pytest.fixture
def exported():
    """exported(journal, fmt="json", include_private=True) -> the export as one string."""

    def export_text(journal, fmt="json", include_private=True) -> str:
        parts: list[str] = []
        journal.transfer.export(fmt, parts.append, include_private=include_private)
        return "".join(parts)

    return export_text
