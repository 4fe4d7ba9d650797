"""S443: keys typed right after enter in a one-line field, in one burst, went into that field:
the form moves the focus on when the field's Submitted message reaches it, and the keys after
the enter had been handed to the field before that ("Slides ⏎ friday" made the milestone's
title "Slidesfriday"; compose's title took the first words of the text)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from journal.tui.screens.goal_detail import GoalScreen
from journal.tui.screens.modals import MilestoneModal
from tests.tui.conftest import until
from tests.tui.test_s415_tab_in_a_burst import SIZE, burst, compose_open

pytestmark = pytest.mark.catalogue("S443")


async def test_text_after_enter_in_the_title_goes_to_the_text(journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await compose_open(pilot)
        screen = app.screen
        burst(app, "Coffee", "enter", "We talked")
        await until(pilot, lambda: screen.query_one("#body", TextArea).text == "We talked")
        assert screen.query_one("#title", Input).value == "Coffee"


async def test_the_due_day_after_enter_in_the_milestones_title_goes_to_its_field(journal, app_for):
    goal = journal.goals.add("Talk")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(GoalScreen(journal, goal.id))
        await until(pilot, lambda: isinstance(app.screen, GoalScreen))
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, MilestoneModal))
        modal = app.screen
        await until(pilot, lambda: app.focused is modal.query_one("#milestone-title", Input))
        burst(app, "Slides", "enter", "friday")
        await until(pilot, lambda: modal.query_one("#milestone-due", Input).value == "friday")
        assert modal.query_one("#milestone-title", Input).value == "Slides"
