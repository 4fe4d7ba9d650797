"""On a goal's screen, the milestone x marks done is the one j/k moved to (S458)."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.widgets import OptionList, Static

from journal.domain.model import EntryInput
from journal.tui.screens.modals import DoneOnModal
from tests.tui.conftest import until
from tests.tui.test_review_stop41_goals import goal_screen, goals_list, milestone_modal, settle


async def add_milestone(pilot, title: str, due: str) -> None:
    modal = await milestone_modal(pilot)
    await pilot.press(*title, "enter", *due, "enter")
    await until(pilot, lambda: not modal.is_attached)
    await settle(pilot)


@pytest.mark.catalogue("S458")
@pytest.mark.parametrize("linked_entry", [True, False])
async def test_j_k_after_adding_milestones_choose_the_one_x_marks(journal, app_for, clock, linked_entry):
    clock.set(datetime(2026, 11, 28, 10, 0, tzinfo=clock.tzinfo))
    journal.goals.add("Speaking up")
    if linked_entry:
        journal.entries.write(EntryInput(body="spoke once", goals=["Speaking up"]))
    app = app_for(journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await goals_list(pilot)
        screen = await goal_screen(pilot)
        assert screen.focused is screen.query_one("#goal-entries" if linked_entry else "#goal-milestones", OptionList)
        await add_milestone(pilot, "M one", "in 3 days")
        await add_milestone(pilot, "M two", "in 9 days")
        assert screen.focused is screen.query_one("#goal-milestones", OptionList)
        await pilot.press("k", "x")
        await until(pilot, lambda: isinstance(app.screen, DoneOnModal))
        assert "Done: M one" in str(app.screen.query_one(Static).render())
