"""Review stop 41: the goals list and the goal screen in step with what is done on the goal
screen, a closed goal's days, the milestone modal (a long title, its echo, Save), the goals
list's columns, and a new day noticed by a running app."""

from __future__ import annotations

import pytest

from datetime import datetime, timedelta
from itertools import accumulate

from textual.widgets import DataTable, Input, OptionList, Static

from journal.tui.screens.goal_detail import GoalScreen
from journal.tui.screens.goals import GoalsScreen
from journal.tui.screens.modals import ChoiceModal, MilestoneModal, StatusModal
from journal.tui.widgets.goal_view import goal_fields
from tests.tui.conftest import paste, until

SIZE = (120, 40)


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def row_text(goals: GoalsScreen, row: int = 0) -> list[str]:
    table = goals.query_one(DataTable)
    return [str(cell) for cell in table.get_row_at(row)]


def header(goals: GoalsScreen) -> str:
    return str(goals.query_one("#goals-status", Static).render())


async def goals_list(pilot) -> GoalsScreen:
    await pilot.press("g")
    await until(pilot, lambda: isinstance(pilot.app.screen, GoalsScreen) and pilot.app.screen.current_id is not None)
    await settle(pilot)
    return pilot.app.screen


async def goal_screen(pilot) -> GoalScreen:
    """From the goals list, the highlighted goal."""
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, GoalScreen) and pilot.app.screen.goal is not None)
    await settle(pilot)
    return pilot.app.screen


async def milestone_modal(pilot) -> MilestoneModal:
    await pilot.press("a")
    await until(pilot, lambda: isinstance(pilot.app.screen, MilestoneModal) and bool(pilot.app.screen.query(Input)))
    await settle(pilot)
    return pilot.app.screen


async def set_status(pilot, status: str) -> None:
    goal = pilot.app.screen
    await pilot.press("s")
    await until(pilot, lambda: isinstance(pilot.app.screen, StatusModal))
    options = pilot.app.screen.query_one(OptionList)
    options.highlighted = options.get_option_index(status)
    await pilot.press("enter")
    await until(pilot, lambda: pilot.app.screen is goal and goal.goal.status.value == status)
    await settle(pilot)


# ------------------------------------------------------------------ 1. the list keeps up
@pytest.mark.catalogue("S436")
async def test_the_goals_list_shows_a_status_and_a_milestone_changed_on_the_goal_screen(journal, app_for):
    journal.goals.add("Talk")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        goals = await goals_list(pilot)
        assert row_text(goals)[0] == "● active" and header(goals).startswith("1 goal, 1 open")
        await goal_screen(pilot)
        await set_status(pilot, "paused")
        modal = await milestone_modal(pilot)
        await pilot.press(*"Slides", "enter", *"in 3 days", "enter")
        await until(pilot, lambda: not modal.is_attached)
        await pilot.press("escape")  # the goal screen's escape pops it: no result callback runs
        await until(pilot, lambda: app.screen is goals)
        await settle(pilot)
        cells = row_text(goals)
        assert cells[0] == "‖ paused"
        assert cells[5] == "Slides (in 3 days)"
        await goal_screen(pilot)
        await set_status(pilot, "abandoned")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is goals)
        await settle(pilot)
        assert row_text(goals)[0] == "✘ abandoned" and header(goals).startswith("1 goal, 0 open")


# ------------------------------------------------------------------ 2. a closed goal is not overdue
@pytest.mark.catalogue("S437")
async def test_an_achieved_goal_shows_its_target_and_open_milestone_as_goal_show_does(journal, app_for, clock):
    today = clock.now().date()
    goal = journal.goals.add("Talk", by=(today + timedelta(days=7)).isoformat())
    journal.goals.add_milestone(goal.id, "Slides", (today + timedelta(days=3)).isoformat())
    journal.goals.add_milestone(goal.id, "Outline", (today - timedelta(days=2)).isoformat())  # missed while open
    journal.goals.close(goal.id, "achieved")
    clock.set(clock.now() + timedelta(weeks=3))
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        goals = await goals_list(pilot)
        cells = row_text(goals)
        assert "overdue" not in " ".join(cells)
        assert cells[5] == "missed: Outline"  # due first; the other was not done (goal achieved)
        screen = await goal_screen(pilot)
        fields = {label: str(value) for label, value in goal_fields(screen.goal, journal.today())}
        assert fields["Target date"] == "Mon 30 Nov 2026"
        milestones = screen.query_one("#goal-milestones", OptionList)
        rows = [str(milestones.get_option_at_index(i).prompt) for i in range(milestones.option_count)]
        assert rows == ["✘ Outline\n  due 21 Nov 2026, missed",
                        "◇ Slides\n  due 26 Nov 2026, not done (goal achieved)"]


# ------------------------------------------------------------------ 3. a refused title stays in the modal
@pytest.mark.catalogue("S438")
async def test_a_milestone_title_too_long_stays_in_the_modal_with_its_error(journal, app_for):
    journal.goals.add("Talk")
    long_title = "Slides " + "x" * 233
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await goals_list(pilot)
        await goal_screen(pilot)
        modal = await milestone_modal(pilot)
        await paste(pilot, long_title)
        await pilot.press("enter")
        await paste(pilot, "next friday")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is modal
        assert modal.query_one("#milestone-title", Input).value == long_title
        assert "Title too long" in str(modal.query_one("#milestone-error", Static).render())
        assert modal.focused is modal.query_one("#milestone-title", Input)
    assert journal.goals.get("Talk").milestones == []


# ------------------------------------------------------------------ 4. the echo reads a day as the save does
@pytest.mark.catalogue("S439")
async def test_the_milestone_echo_names_the_day_the_save_writes(journal, app_for, clock):
    clock.set(datetime(2026, 11, 28, 10, 0, tzinfo=clock.tzinfo))  # a Saturday
    journal.goals.add("Talk")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await goals_list(pilot)
        await goal_screen(pilot)
        modal = await milestone_modal(pilot)
        await pilot.press(*"Slides", "enter", *"friday")
        await settle(pilot)
        assert "Fri 04 Dec 2026" in str(modal.query_one("#milestone-echo", Static).render())
        await pilot.press("enter")
        await until(pilot, lambda: not modal.is_attached)
    [milestone] = journal.goals.get("Talk").milestones
    assert milestone.due_on.isoformat() == "2026-12-04"


@pytest.mark.catalogue("S439")
async def test_the_next_meeting_echo_names_the_day_the_plan_writes(journal, app_for, clock):
    from journal.tui.screens.mentorships import MeetingModal

    clock.set(datetime(2026, 11, 28, 10, 0, tzinfo=clock.tzinfo))  # a Saturday
    m = journal.mentorships.add("Ada")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        modal = MeetingModal(journal, m)
        app.push_screen(modal)
        await until(pilot, lambda: app.screen is modal and bool(modal.query(Input)))
        await pilot.press(*"friday")
        await settle(pilot)
        assert "Fri 04 Dec 2026" in str(modal.query_one("#meeting-echo", Static).render())
        await pilot.press("enter")
        await until(pilot, lambda: not modal.is_attached)
    assert journal.mentorships.get(m.id).next_meeting_on.isoformat() == "2026-12-04"


# ------------------------------------------------------------------ 5. Save in the question saves
@pytest.mark.catalogue("S440")
async def test_save_in_the_milestone_modals_question_saves_it(journal, app_for):
    journal.goals.add("Talk")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await goals_list(pilot)
        screen = await goal_screen(pilot)
        modal = await milestone_modal(pilot)
        await pilot.press(*"Slides", "escape")
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal))
        await pilot.press("s")
        await until(pilot, lambda: app.screen is screen)
        await settle(pilot)
        assert not modal.is_attached
        assert [m.title for m in journal.goals.get("Talk").milestones] == ["Slides"]
        modal = await milestone_modal(pilot)  # an entry refused: Save shows why and stays
        await pilot.press("tab", *"no such day", "escape")
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal))
        await pilot.press("s")
        await until(pilot, lambda: app.screen is modal)
        await settle(pilot)
        assert "A milestone needs a title." in str(modal.query_one("#milestone-error", Static).render())
        assert [m.title for m in journal.goals.get("Talk").milestones] == ["Slides"]


@pytest.mark.catalogue("S440")
async def test_save_in_the_quit_question_saves_the_milestone_and_quits(journal, app_for):
    journal.goals.add("Talk")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await goals_list(pilot)
        await goal_screen(pilot)
        await milestone_modal(pilot)
        await pilot.press(*"Slides", "ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal))
        await pilot.press("s")
        await until(pilot, lambda: app.return_code is not None)
    assert [m.title for m in journal.goals.get("Talk").milestones] == ["Slides"]


@pytest.mark.catalogue("S440")
async def test_save_in_the_gap_modals_question_saves_the_gap(journal, app_for):
    from journal.tui.screens.preparing import GapModal, PreparingScreen

    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, PreparingScreen))
        preparing = app.screen
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, GapModal) and bool(app.screen.query(Input)))
        await pilot.press(*"Feedback", "escape")
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal))
        await pilot.press("s")
        await until(pilot, lambda: app.screen is preparing)
        assert [g.text for g in journal.preparing.vision().gaps] == ["Feedback"]
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, GapModal) and bool(app.screen.query(Input)))
        modal = app.screen
        await pilot.press("space", "escape")  # only a space: refused, and the modal stays
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal))
        await pilot.press("s")
        await until(pilot, lambda: app.screen is modal)
        await settle(pilot)
        assert str(modal.query_one(".line-error", Static).render()).strip()
        assert journal.preparing.vision().gaps[1:] == []


# ------------------------------------------------------------------ 6. every column on the screen
@pytest.mark.catalogue("S441")
async def test_every_goals_column_fits_at_120_and_quiet_is_readable_at_100_and_80(journal, app_for, clock):
    today = clock.now().date()
    goal = journal.goals.add("A title long enough to be cut in its column")
    journal.goals.add_milestone(goal.id, "Slides for the meetup talk", (today + timedelta(days=9)).isoformat())
    clock.set(clock.now() + timedelta(days=12))
    for width in (120, 100, 80):
        app = app_for(journal)
        async with app.run_test(size=(width, 30)) as pilot:
            goals = await goals_list(pilot)
            table = goals.query_one(DataTable)
            columns = list(table.columns.values())
            ends = dict(zip((c.key.value for c in columns), accumulate(c.get_render_width(table) for c in columns),
                            strict=True))
            cells, last = row_text(goals), "Last" if width >= 100 else "Entries"  # at 80 under the lens counts
            assert (cells[4] if width >= 100 else cells[3].splitlines()[1]) == "quiet 12d"  # how long ago
            assert ends[last] <= width, width
            if width >= 100:
                assert max(ends.values()) <= width, width  # every column, the next milestone too


# ------------------------------------------------------------------ 7. a new day
@pytest.mark.catalogue("S442")
async def test_a_running_app_notices_a_new_day(journal, app_for, clock):
    goal = journal.goals.add("Talk")
    journal.goals.add_milestone(goal.id, "Slides", (clock.now().date() + timedelta(days=3)).isoformat())
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        goals = await goals_list(pilot)
        assert row_text(goals)[5] == "Slides (in 3 days)"
        clock.set(clock.now() + timedelta(days=1))
        app._poll()
        await settle(pilot)
        assert row_text(goals)[5] == "Slides (in 2 days)"
