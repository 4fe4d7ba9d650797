"""`journal goal milestone-edit`: a milestone's title, due day, or reached no more (S539)."""

from __future__ import annotations

import pytest

from tests.cli.expect import fails, ok


@pytest.mark.catalogue("S539")
def test_a_milestone_is_corrected_from_the_command_line(run):
    ok(run("goal", "add", "Speaking up"))
    ok(run("goal", "milestone", "Speaking", "Frist talk", "--due", "2026-12-04"))
    ok(run("goal", "milestone", "Speaking", "Second talk"))
    said = ok(run("goal", "milestone-edit", "Speaking", "frist", "--title", "First talk", "--due", "2026-12-11"))
    assert "Milestone 'First talk': title, due 2026-12-11." in said.stderr
    ok(run("goal", "done", "Speaking", "First"))
    said = ok(run("goal", "milestone-edit", "Speaking", "First", "--not-done", "--no-due"))
    assert "no due day, not reached" in said.stderr
    assert "no changes" in ok(run("goal", "milestone-edit", "Speaking", "First", "--title", "First talk")).stderr
    fails(run("goal", "milestone-edit", "Speaking", "First"), 2, "Say what to change")
    fails(run("goal", "milestone-edit", "Speaking", "First", "--title", "second TALK"), 2, "already has a milestone")
    fails(run("goal", "milestone-edit", "Speaking", "First", "--due", "friday", "--no-due"), 2, "not both")
    [goal] = run.json("goal", "list")
    shown = run.json("goal", "show", goal["id"])
    first = next(m for m in shown["milestones"] if m["title"] == "First talk")
    assert first["due_on"] is None and first["done_on"] is None
