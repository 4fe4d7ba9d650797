"""`journal due` names a goal's target and milestones once their day has come (catalogue S330)."""

from __future__ import annotations

import pytest

from tests.cli.expect import ok

TODAY = "2026-11-23"  # the fixed clock's day


@pytest.mark.catalogue("S330")
def test_a_passed_target_and_an_overdue_milestone_are_due_until_answered(run):
    ok(run("goal", "add", "Speak up", "--by", TODAY))
    ok(run("goal", "milestone", "Speak up", "First talk", "--due", "2026-11-01"))
    ok(run("goal", "milestone", "Speak up", "Second talk", "--due", "2026-12-01"))  # not yet
    ok(run("goal", "milestone", "Speak up", "No day"))
    [goal] = run.json("goal", "list")
    first = next(m for m in goal["milestones"] if m["title"] == "First talk")

    said = run("due")
    ok(said)
    assert "Nothing is due" not in said.stderr
    assert f"Goal target: Speak up (due today)  → reached? journal goal close {goal['id'][:8]}" in said.stdout
    assert (f"Milestone due: First talk — Speak up (due since 2026-11-01)  → reached? "
            f"journal goal done {goal['id'][:8]} {first['id'][:8]}") in said.stdout
    assert "Second talk" not in said.stdout and "No day" not in said.stdout
    items = run.json("due")
    assert [(d["kind"], d["title"], d["days"]) for d in items] == [("target", "Speak up", 0),
                                                                   ("milestone", "First talk", 22)]
    assert items[1]["milestone"] == first["id"] and items[1]["goal"] == "Speak up" and items[1]["id"] == goal["id"]

    ok(run("goal", "done", goal["id"][:8], first["id"][:8]))  # as the hint says
    ok(run("goal", "edit", "Speak up", "--by", "2026-12-31"))
    assert "Nothing is due" in run("due").stderr


def test_closed_and_paused_goals_ask_nothing(run):
    for title in ("Paused", "Closed"):
        ok(run("goal", "add", title, "--by", TODAY))
        ok(run("goal", "milestone", title, "Step", "--due", "2026-11-01"))
    ok(run("goal", "status", "Paused", "paused"))
    ok(run("goal", "close", "Closed", "--status", "achieved"))
    assert run.json("due") == []
