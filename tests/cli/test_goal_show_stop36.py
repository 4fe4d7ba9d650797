"""`journal goal show` says a milestone's state as the retrospective does (catalogue S310)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.cli.expect import ok


@pytest.mark.catalogue("S310")
def test_goal_show_tells_missed_late_and_open_milestones_apart(run, clock):
    """`goal show` marked every open milestone "·" and every done one "✓": a missed one looked
    open, one done late looked on time (the retrospective says "missed" and "done late")."""
    today = clock.now().date()
    day = lambda n: (today + timedelta(days=n)).isoformat()  # noqa: E731
    ok(run("goal", "add", "Public speaking"))
    for title, due in (("Outline", day(-10)), ("Dry run", day(-8)), ("Talk", day(20))):
        ok(run("goal", "milestone", "Public speaking", title, "--due", due))
    ok(run("goal", "milestone", "Public speaking", "Someday"))
    ok(run("goal", "done", "Public speaking", "Dry run", "--on", day(-6)))
    shown = ok(run("goal", "show", "Public speaking")).stdout
    assert f"✗ Outline (due {day(-10)}) missed" in shown
    assert f"✓ Dry run (due {day(-8)}) done {day(-6)}, 2 days late" in shown
    assert f"◇ Talk (due {day(20)})" in shown and "◇ Someday" in shown  # undated, open: as the app marks it (S561)
