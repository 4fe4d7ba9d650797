"""Fixtures for export/import tests: a CLI runner with a fixed clock, and helpers."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from journal.store import engine
from journal.cli import app, state

from tests.conftest import new_journal


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
    monkeypatch.setattr(state, "make_clock", lambda: clock)
    runner = Run(db_path)
    new_journal(db_path)
    assert runner("init").exit_code == 0  # the journal is there: init finds it ready
    return runner


@pytest.fixture
def make_db(tmp_path, run):
    """A fresh, empty journal file for the same runner: make_db('other.db')."""

    def make(name):
        path = tmp_path / name
        new_journal(path)
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


def speaking_goal(journal):
    """The retrospective tests' goal: two mentors (it moved from Sam to Dana), a statement edit,
    milestones hit on time, late, and missed (by the fixed clock's today)."""
    journal.mentorships.add("Dana", focus="Presenting with confidence")
    journal.mentorships.add("Sam", focus="Writing")
    g = journal.goals.add("Public speaking", specific="Speak up in meetings", measurable="Three talks",
                          by="2026-12-20", mentorship="Sam")
    journal.goals.edit(g.id, specific="Give a 10-minute talk to the team", mentorship="Dana")
    journal.goals.add_milestone(g.id, "Outline", due="2026-10-05")
    journal.goals.add_milestone(g.id, "Dry run", due="2026-10-14")
    journal.goals.add_milestone(g.id, "Record a practice", due="2026-11-01")
    journal.goals.milestone_done(g.id, "Outline", on="2026-10-04")
    journal.goals.milestone_done(g.id, "Dry run", on="2026-10-16")
    return g


CLOSURE_ANSWERS = ["I set out to stop dreading every meeting where I had to speak.",
                   "It took longer than planned, and a quiet month in the middle.",
                   "Preparation beats nerves, and one story beats ten slides.",
                   "Give a talk every month at the guild, starting in January.",
                   "Thank you, Dana, for the patience with my first dry run."]


def close_speaking_goal(journal, goal_id):
    """Close the goal through the closure conversation, one answer per prompt, as achieved;
    returns (the answers, the prompts)."""
    from journal.services import EntryInput

    prompts = journal.closure.prompts()
    journal.closure.close([EntryInput(body=text, lens=p.lens or "insight", title=p.text)
                           for p, text in zip(prompts, CLOSURE_ANSWERS, strict=True)], goal=goal_id,
                          status="achieved", note="Gave the talk on 12 November")
    return list(CLOSURE_ANSWERS), prompts
