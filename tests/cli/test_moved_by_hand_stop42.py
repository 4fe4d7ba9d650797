"""A goal moved to another mentorship by hand (`goal edit --mentorship`) before its mentorship
closed: the closed mentorship's work plan, agreement and retrospective say the same of it as of a
goal its closing moved on (S448); its timeline counts what the goal missed up to the day it left,
not on to today (S454)."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.cli.expect import ok


@pytest.fixture
def moved(run, clock):
    """Report was Dana's from September until it was moved to Sam on 1 November; Dana closed on 23 November."""
    clock.set(datetime(2026, 9, 1, 9, 0))
    ok(run("mentorship", "add", "Dana", "--since", "2026-09-01"))
    ok(run("mentorship", "add", "Sam", "--since", "2026-09-01"))
    ok(run("goal", "add", "Report", "--by", "2027-01-31", "--mentorship", "Dana"))
    ok(run("goal", "milestone", "Report", "Early step", "--due", "2026-10-01"))
    ok(run("goal", "milestone", "Report", "Hand off", "--due", "2026-12-20"))
    clock.set(datetime(2026, 11, 1, 9, 0))
    ok(run("goal", "edit", "Report", "--mentorship", "Sam"))
    clock.set(datetime(2026, 11, 23, 9, 30))
    ok(run("mentorship", "close", "Dana"))
    return run


@pytest.mark.catalogue("S448")
def test_the_work_plan_ends_a_goal_moved_by_hand_on_the_day_it_left(moved):
    plan = ok(moved("workplan", "Dana")).stdout
    head = plan.splitlines()[0]
    assert "(closed)" in head and "1 missed" in head and "nothing planned yet" not in head, plan
    assert "Report · Early step  missed, not done by 1 Nov 2026: moved to the mentorship with Sam" in plan
    assert "Report · Hand off  not done (moved to the mentorship with Sam)" in plan
    assert "Report · Target date  not done (moved to the mentorship with Sam)" in plan
    assert "due in" not in plan
    sams = ok(moved("workplan", "Sam")).stdout  # Sam's plan is as before: the goal is Sam's now
    assert "Report · Hand off  due in 27 days" in sams


@pytest.mark.catalogue("S448")
def test_the_agreement_and_the_retrospective_say_where_it_went(moved):
    agreement = ok(moved("agreement", "export", "Dana")).stdout
    assert "Report" in agreement and "moved to the mentorship with Sam" in agreement
    retro = ok(moved("retro", "--mentorship", "Dana")).stdout
    assert "Report — still open; moved to the mentorship with Sam on 2026-11-01" in retro, retro
    assert "Hand off — not done (moved to the mentorship with Sam; due 2026-12-20)" in retro
    assert "Early step — missed" in retro


@pytest.mark.catalogue("S454")
def test_the_mentorship_timeline_counts_a_missed_milestone_to_the_day_the_goal_left(moved, clock):
    dana = ok(moved("timeline", "--mentorship", "Dana")).stdout
    assert "Early step  missed; 31 days past due when it left on 2026-11-01 (moved to the mentorship with " \
           "Sam)" in dana, dana
    assert "53 days" not in dana  # 1 Oct to today, 23 Nov: the days it was Sam's
    own = ok(moved("timeline", "Report")).stdout  # the goal's own timeline: still open, counted to today
    assert "Early step  missed; open 53 days past due" in own

    clock.set(datetime(2026, 11, 24, 9, 0))  # one carried on alone at a closing: as of the closing day
    ok(moved("mentorship", "add", "Lee", "--since", "2026-11-24"))
    ok(moved("goal", "add", "Essay", "--by", "2026-12-01", "--mentorship", "Lee"))
    ok(moved("goal", "milestone", "Essay", "Draft", "--due", "2026-11-26"))
    clock.set(datetime(2026, 12, 5, 9, 0))
    ok(moved("mentorship", "close", "Lee", "--goal", "Essay=keep"))
    clock.set(datetime(2026, 12, 20, 9, 0))
    lee = ok(moved("timeline", "--mentorship", "Lee")).stdout
    assert "Draft  missed; 9 days past due when it left on 2026-12-05 (carried on alone)" in lee, lee
    assert "Essay  passed 4 days before it left on 2026-12-05 (carried on alone)" in lee


@pytest.mark.catalogue("S457")
def test_the_retrospective_counts_a_missed_milestone_to_the_day_the_goal_left(moved):
    retro = ok(moved("retro", "--mentorship", "Dana")).stdout
    assert "Early step — missed; 31 days past due when it left on 2026-11-01 (moved to the mentorship with Sam)" \
        in retro, retro
    assert "53 days past due" not in retro


@pytest.mark.catalogue("S461")
def test_the_plan_of_the_mentorship_a_goal_moved_into_starts_when_it_came(moved):
    ok(moved("goal", "milestone", "Report", "Research", "--due", "2026-09-15"))
    ok(moved("goal", "done", "Report", "Research", "--on", "2026-09-20"))  # while it was Dana's
    sams = ok(moved("workplan", "Sam")).stdout
    head = sams.splitlines()[0]
    assert "Research" not in sams and "done" not in head, sams  # Dana's, done before it came
    assert "Report · Early step  missed" in sams  # still open when it came: work Sam's mentorship took on
    assert "Report · Hand off  due in 27 days" in sams
    assert "Research" not in ok(moved("agreement", "export", "Sam")).stdout
    assert "Report · Research  done" in ok(moved("workplan", "Dana")).stdout


@pytest.mark.catalogue("S473")
def test_the_agreement_says_the_day_a_goal_moved_by_hand_left(moved, tmp_path):
    shown = ok(moved("agreement", "show", "Dana")).stdout
    assert "left on 1 Nov 2026: moved to the mentorship with Sam" in shown, shown
    assert "when the mentorship ended" not in shown  # it left three weeks before
    ok(moved("agreement", "export", "Dana", "-o", str(tmp_path / "dana.md")))
    page = (tmp_path / "dana.md").read_text()
    assert "Left on 1 Nov 2026: moved to the mentorship with Sam" in page and "When the mentorship ended" not in page


@pytest.mark.catalogue("S492")
def test_a_milestone_open_when_its_goal_came_stays_in_the_plan_once_reached(run, clock):
    clock.set(datetime(2026, 11, 1, 9, 0))
    ok(run("mentorship", "add", "Dana", "--since", "2026-10-01"))
    ok(run("goal", "add", "Public speaking"))  # of no mentorship yet
    ok(run("goal", "milestone", "Public speaking", "Book the slot", "--due", "2026-11-10"))
    clock.set(datetime(2026, 11, 29, 9, 0))
    ok(run("goal", "edit", "Public speaking", "--mentorship", "Dana"))
    plan = ok(run("workplan", "Dana")).stdout
    assert "Public speaking · Book the slot  missed, 19 days late" in plan, plan
    clock.set(datetime(2026, 11, 29, 9, 5))
    ok(run("goal", "done", "Public speaking", "Book the slot", "--on", "2026-11-12"))
    plan = ok(run("workplan", "Dana")).stdout
    assert "Public speaking · Book the slot  done 12 Nov 2026, 2 days late" in plan, plan
    assert "1 done" in plan.splitlines()[0]
