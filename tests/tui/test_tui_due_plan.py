"""The app's due list names a goal's target and milestones come due; enter opens the goal on the
milestone, x ticks it (catalogue S330)."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from journal.tui.screens.due import DueScreen
from journal.tui.screens.goal_detail import GoalScreen
from journal.tui.widgets.due_panel import DuePanel, due_line
from journal.tui.screens.modals import DoneOnModal

SIZE = (100, 32)


@pytest.mark.catalogue("S330")
async def test_enter_on_a_milestone_due_opens_its_goal_there_and_x_ticks_it(journal, app_for):
    goal = journal.goals.add("Speak up", by="2026-12-31")
    journal.goals.add_milestone(goal.id, "Outline", due="2026-12-20")
    step = journal.goals.add_milestone(goal.id, "First talk", due="2026-11-01")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, DueScreen)
        [item] = app.screen.query_one(DuePanel).items
        assert (item.kind, item.milestone) == ("milestone", step.id)
        assert due_line(item).plain == "◇ milestone: First talk — Speak up  22d"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GoalScreen)
        milestones = app.screen.query_one("#goal-milestones", OptionList)
        assert app.focused is milestones
        assert milestones.get_option_at_index(milestones.highlighted).id == step.id
        await pilot.press("x")
        await pilot.pause()
        if isinstance(app.screen, DoneOnModal):  # the day it was reached: today
            await pilot.press("enter")
            await pilot.pause()
        assert journal.goals.get(goal.id).milestones[0].done_on is not None
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()  # the due list reads the journal again
        assert isinstance(app.screen, DueScreen) and app.screen.query_one(DuePanel).items == []


@pytest.mark.catalogue("S368")
def test_a_long_work_plan_row_wraps_instead_of_losing_its_title():
    from datetime import date

    from rich.console import Console

    from journal.domain.agreement import PlanItem
    from journal.tui.screens.work_plan import plan_row

    item = PlanItem(date(2026, 11, 20), "milestone", "Outline done", status="missed",
                    when="not done by 28 Nov 2026: the goal was achieved", goal="Conference talk", overdue=True)
    row = plan_row(item)
    lines = row.wrap(Console(width=60), 60, overflow=row.overflow, no_wrap=row.no_wrap)  # as a 60-wide list shows it
    shown = " ".join(" ".join(line.plain for line in lines).split())
    assert "Outline done" in shown and "Conference talk" in shown and "the goal was achieved" in shown


@pytest.mark.catalogue("S374")
def test_a_done_milestone_on_the_goal_screen_says_if_it_came_late():
    from datetime import date

    from journal.domain.model import Milestone
    from journal.tui.widgets.goal_view import milestone_row

    today = date(2026, 11, 28)
    late = milestone_row(Milestone("m1", "g1", "Submit abstract", date(2026, 11, 23), date(2026, 11, 26)), today)
    assert "done 26 Nov 2026 (due 23 Nov 2026, 3 days late)" in late.plain
    early = milestone_row(Milestone("m2", "g1", "Finish the book", date(2026, 12, 8), date(2026, 11, 25)), today)
    assert "done 25 Nov 2026 (due 08 Dec 2026)" in early.plain and "late" not in early.plain


@pytest.mark.catalogue("S375")
async def test_the_goals_list_shows_the_next_milestone_whole_at_120(seeded, app_for):
    from journal.tui.screens.goals import GoalsScreen

    seeded.goals.add_milestone("Public speaking", "First crate", due="in 40 days")
    app = app_for(seeded)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GoalsScreen)
        assert "(in 40 days)" not in app.export_screenshot().replace("&#160;", " ")  # 100 columns: all fit, cut
        await pilot.press("j")
        highlighted = app.screen.current_id
        assert highlighted == [item.goal.id for item in seeded.goals.summaries()][1]  # the second row
        await pilot.resize_terminal(120, 40)  # wider: the column takes the room (it read "First crate (in …")
        await pilot.pause()
        await pilot.pause()
        shown = app.export_screenshot().replace("&#160;", " ")
        assert "First crate" in shown and "(in 40 days)" in shown
        assert app.screen.current_id == highlighted  # the same goal still highlighted
