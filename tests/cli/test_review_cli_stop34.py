"""Faults found from the outside in stop 34 (command line): each test names its catalogue case."""

from __future__ import annotations

import pytest

from tests.cli.expect import ok


@pytest.mark.catalogue("S247")
def test_a_milestone_missed_before_its_goal_closed_is_missed_in_the_work_plan(run):
    ok(run("mentorship", "add", "Dana", "--since", "2026-09-01"))
    ok(run("goal", "add", "Talk", "--by", "2026-12-31", "--mentorship", "Dana"))
    ok(run("goal", "milestone", "Talk", "Rehearse", "--due", "2026-10-01"))
    ok(run("goal", "milestone", "Talk", "Outline", "--due", "2026-10-10"))
    ok(run("goal", "milestone", "Talk", "Later step", "--due", "2026-12-20"))
    ok(run("goal", "done", "Talk", "Outline", "--on", "2026-10-15"))
    ok(run("goal", "close", "Talk", "--status", "achieved"))
    plan = ok(run("workplan", "Dana")).stdout
    assert "1 done · 1 missed" in plan.splitlines()[0]
    assert "✗ Talk · Rehearse  missed, not done when the goal was achieved on 23 Nov 2026" in plan
    assert "Talk · Later step  not done (goal achieved)" in plan  # due after the close: neither
    retro = ok(run("retro", "Talk")).stdout
    assert "Rehearse" in retro and "missed" in retro  # the two say the same
