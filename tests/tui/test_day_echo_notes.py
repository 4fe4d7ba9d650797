"""Every date echo says how a date that could be read two ways was read, as compose's does (S555); the goal
panel's words without an active goal (S560)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from journal.tui.screens.mentorship_form import MentorshipFormScreen
from journal.tui.screens.modals import MilestoneModal
from tests.tui.conftest import until


@pytest.mark.catalogue("S555")
async def test_a_mentorships_start_and_a_milestones_due_day_say_how_they_were_read(journal, app_for):
    goal = journal.goals.add("Speaking up")
    app = app_for(journal)
    async with app.run_test(size=(80, 24)) as pilot:  # Mon 2026-11-23 (the tests' clock)
        form = MentorshipFormScreen(journal)
        app.push_screen(form)
        await until(pilot, lambda: app.screen is form and bool(form.query("#mentorship-since-echo")))
        form.query_one("#mentorship-since", Input).value = "3/7/2026"
        await pilot.pause()
        echo = str(form.query_one("#mentorship-since-echo", Static).render())
        assert "→ Fri 03 Jul 2026" in echo and "read as 3 July 2026" in echo
        form.query_one("#mentorship-since", Input).value = "monday"
        await pilot.pause()
        assert "monday: today" in str(form.query_one("#mentorship-since-echo", Static).render())
        app.pop_screen()
        modal = MilestoneModal(journal, goal.id)
        app.push_screen(modal)
        await until(pilot, lambda: app.screen is modal and bool(modal.query("#milestone-echo")))
        modal.query_one("#milestone-due", Input).value = "3/7/2027"
        await pilot.pause()
        assert "read as 3 July 2027" in str(modal.query_one("#milestone-echo", Static).render())


@pytest.mark.catalogue("S560")
def test_the_goal_panel_without_active_goals_does_not_say_yet():
    from journal.tui.widgets.goal_panel import goal_lines

    said = goal_lines([]).plain
    assert "yet" not in said and "No active goals (g: every goal, n there adds one)." in said
