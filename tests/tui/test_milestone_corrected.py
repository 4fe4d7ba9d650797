"""A milestone can be corrected on its goal's screen: enter edits its title and due day, and x on
one reached already takes it back, asked first (S539)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from textual.widgets import Input, OptionList

from journal.tui.screens.modals import ChoiceModal, MilestoneModal
from tests.tui.conftest import until
from tests.tui.test_review_stop41_goals import goal_screen, goals_list, settle


@pytest.mark.catalogue("S539")
async def test_enter_edits_a_milestone_and_x_takes_back_one_reached(journal, app_for, clock):
    clock.set(datetime(2026, 11, 28, 10, 0, tzinfo=clock.tzinfo))
    journal.goals.add("Speaking up")
    journal.goals.add_milestone("Speaking up", "Frist talk", "2026-12-04")
    journal.goals.add_milestone("Speaking up", "Second talk")
    journal.goals.milestone_done("Speaking up", "Second talk", "2026-11-27")
    app = app_for(journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await goals_list(pilot)
        screen = await goal_screen(pilot)
        milestones = screen.query_one("#goal-milestones", OptionList)
        assert screen.focused is milestones
        milestones.highlighted = 0
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MilestoneModal))
        await settle(pilot)
        form = app.screen
        assert [field.value for field in form.query(Input)] == ["Frist talk", "2026-12-04"]
        form.query_one("#milestone-title", Input).value = "First talk"
        form.query_one("#milestone-due", Input).value = "2026-12-11"
        await pilot.click("#milestone-add")
        await until(pilot, lambda: not form.is_attached)
        await settle(pilot)
        [first, second] = journal.goals.get("Speaking up").milestones
        assert (first.title, first.due_on, first.done_on) == ("First talk", date(2026, 12, 11), None)

        milestones.highlighted = milestones.get_option_index(second.id)
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal))
        assert "was reached on Fri 27 Nov 2026" in str(app.screen.question)
        app.screen.dismiss("cancel")
        await settle(pilot)
        assert journal.goals.get("Speaking up").milestones[1].done_on == date(2026, 11, 27)
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal))
        await pilot.click("#choice-reopen")
        await settle(pilot)
        assert journal.goals.get("Speaking up").milestones[1].done_on is None

