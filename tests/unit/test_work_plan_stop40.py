"""A closed mentorship's agreement and work plan keep what its closing decided (S388), and the
work plan's tally counts a target reached (S389). The fixed today is Mon 2026-11-23 (Europe/Berlin)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from journal.domain.model import GoalStatus


@pytest.fixture
def moved(journal, clock):
    """G, Ana's goal with a milestone and a target, moved to Ben when Ana's mentorship closed."""
    journal.mentorships.add("Ana", since="2026-09-01")
    journal.mentorships.add("Ben", since="2026-09-01")
    journal.goals.add("G", mentorship="Ana", by="2027-01-31")
    journal.goals.add_milestone("G", "Late step", due="2026-12-20")
    journal.mentorships.close("Ana", goals={"G": "move:Ben"})
    clock.set(clock.now() + timedelta(days=70))  # 1 Feb 2027: done and achieved under Ben
    journal.goals.milestone_done("G", "Late step", on="2027-01-10")
    journal.goals.close("G", "achieved")
    return journal


@pytest.mark.catalogue("S388")
def test_a_goal_moved_on_and_achieved_later_is_not_the_closed_mentorships(moved):
    plan = moved.agreements.work_plan("Ana")
    said = {(i.kind, i.what): i.said for i in plan.work}
    assert said == {("milestone", "Late step"): "not done (moved to the mentorship with Ben)",
                    ("target", "Target date"): "not done (moved to the mentorship with Ben)"}
    assert plan.tally == "nothing planned yet"
    [goal] = moved.agreements.get("Ana").goals
    assert goal.status == GoalStatus.ACTIVE and goal.left == "moved to the mentorship with Ben"
    assert goal.target_words(moved.session.today()) == "31 Jan 2027"


@pytest.mark.catalogue("S389")
def test_the_tally_counts_a_target_reached_as_done(moved):
    plan = moved.agreements.work_plan("Ben")
    statuses = sorted(i.status for i in plan.work)
    assert statuses == ["achieved", "done late"]
    assert plan.tally == "2 done"
