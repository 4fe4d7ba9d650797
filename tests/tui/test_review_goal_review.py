"""Catalogue S184: a goal's review cadence (what `due` asks reviews by) could be set and seen
only on the command line; the goal form had no field for it, the goal screen showed it only as
a history line (stop 31)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from journal.tui.screens.goal_form import GoalFormScreen
from tests.tui.conftest import until

pytestmark = pytest.mark.catalogue("S184")


async def test_the_goal_form_sets_changes_and_ends_the_review_cadence(journal, app_for):
    goal = journal.goals.add("Give a talk")
    app = app_for(journal)
    async with app.run_test(size=(120, 40)) as pilot:
        for typed, kept in (("14", 14), ("0", 14), ("", None)):
            form = GoalFormScreen(journal, journal.goals.get(goal.id))
            app.push_screen(form)
            await until(pilot, lambda form=form: app.screen is form and form.initial)
            form.query_one("#goal-review_every", Input).value = typed
            await pilot.press("ctrl+s")
            await pilot.pause()
            if typed == "0":  # no cadence: refused in the form, which stays open
                assert app.screen is form and "Review every" in str(form.query_one("#goal-form-error", Static).render())
                await pilot.press("escape")
                await pilot.pause()
                await pilot.press("d")  # discard
                await until(pilot, lambda form=form: app.screen is not form)
            assert journal.goals.get(goal.id).review_every == kept, typed


async def test_the_goal_screen_says_its_review_cadence(journal, app_for):
    from journal.tui.widgets.goal_view import goal_fields

    goal = journal.goals.add("Give a talk", review_every=7)
    said = {label: value.plain for label, value in goal_fields(journal.goals.get(goal.id), journal.today())}
    assert said["Review"] == "every 7 days"
