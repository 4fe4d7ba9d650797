"""The goal form's target-date echo says what the save will do: one rule (domain.dates.parse_target)."""

from __future__ import annotations

import pytest

from datetime import date

from textual.widgets import Input, Static

from journal.tui.screens.goal_form import GoalFormScreen

SIZE = (110, 36)


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.pause()


def _text(form, selector: str) -> str:
    return str(form.query_one(selector, Static).render())


async def test_end_of_march_echoes_and_saves_the_next_one(journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(GoalFormScreen(journal))
        await _settle(pilot)
        form = app.screen
        form.query_one("#goal-title", Input).value = "Write a book"
        form.query_one("#goal-by", Input).value = "end of march"
        await _settle(pilot)
        assert "Wed 31 Mar 2027 (in 128 days)" in _text(form, "#goal-by-echo")
        form.query_one("#goal-by", Input).value = "tomorrow"
        await _settle(pilot)
        assert "(in 1 day)" in _text(form, "#goal-by-echo")
        form.query_one("#goal-by", Input).value = "March 31"
        await _settle(pilot)
        assert "Wed 31 Mar 2027" in _text(form, "#goal-by-echo")
        await pilot.press("ctrl+s")
        await _settle(pilot)
    assert journal.goals.get("Write a book").time_bound == date(2027, 3, 31)


@pytest.mark.catalogue("N112")
async def test_a_past_target_is_refused_by_the_echo_and_the_save_alike(journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(GoalFormScreen(journal))
        await _settle(pilot)
        form = app.screen
        form.query_one("#goal-title", Input).value = "Too late"
        form.query_one("#goal-by", Input).value = "2026-03-01"
        await _settle(pilot)
        echoed = _text(form, "#goal-by-echo")
        assert "2026-03-01 is in the past; a target date is ahead of today" in echoed
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert app.screen is form
        assert _text(form, "#goal-form-error") == echoed  # the save's own line, word for word
    assert journal.goals.summaries() == []


async def test_an_old_goal_keeps_its_passed_date_in_the_echo_and_the_save(journal, app_for):
    goal = journal.goals.add("Old goal", by="2026-12-01")
    with journal.session.write() as conn:  # written when that day was still ahead
        conn.execute("UPDATE goals SET time_bound = '2026-03-01' WHERE id = ?", (goal.id,))
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(GoalFormScreen(journal, journal.goals.get(goal.id)))
        await _settle(pilot)
        form = app.screen
        assert "Sun 01 Mar 2026 (267 days ago)" in _text(form, "#goal-by-echo")
        form.query_one("#goal-specific", Input).value = "Still going"
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert not isinstance(app.screen, GoalFormScreen)
    kept = journal.goals.get(goal.id)
    assert kept.specific == "Still going" and kept.time_bound == date(2026, 3, 1)
