"""The due screen (`u`) lays out its items a page at a time (issue 20: a big journal has thousands
of foresight entries due, and each row is laid out when added), growing as the cursor nears the
end; and the due panel's "N more" line counts every item when it was handed only the first."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, timedelta
from typing import Any

import pytest

from textual.app import App, ComposeResult

from journal.domain.reflection import Due, DueList
from journal.services import EntryInput
from journal.tui.screens import due as due_screen
from journal.tui.screens.due import DueScreen
from journal.tui.widgets.due_panel import DuePanel

SIZE = (120, 40)


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def plans(journal, count: int, start: date = date(2025, 1, 1), revisit: str = "2026-11-20") -> None:
    for i in range(count):
        journal.entries.write(EntryInput(body=f"the talk will run over {i}", lens="foresight", revisit=revisit,
                                         when=(start + timedelta(days=i)).isoformat()))


@pytest.fixture(autouse=True)
def page_of_20(monkeypatch) -> None:
    monkeypatch.setattr(due_screen, "ROWS", 20)


@asynccontextmanager
async def due_screen_of(journal, app_for) -> AsyncIterator[tuple[Any, DuePanel]]:
    """The app on `journal` with the due screen opened by `u`: (pilot, its panel)."""
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, DueScreen)
        yield pilot, app.screen.query_one(DuePanel)


def titles(panel: DuePanel) -> list[str]:
    return [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]


async def test_the_due_screen_lays_out_a_page_and_grows_near_the_end(journal, app_for):
    plans(journal, 45)
    async with due_screen_of(journal, app_for) as (pilot, panel):
        assert len(panel.items) == 45 and panel.option_count == 20  # every item known, a page laid out
        assert all(not panel.get_option_at_index(i).disabled for i in range(20))  # no "more" line here
        await pilot.press("end")
        await settle(pilot)
        assert panel.option_count == 40 and panel.highlighted == 19
        await pilot.press("end")
        await settle(pilot)
        assert panel.option_count == 45 and panel.highlighted == 39
        await pilot.press("end")
        await settle(pilot)
        assert panel.option_count == 45 and panel.highlighted == 44
        assert "revisit: the talk will run over 44" in titles(panel)[-1]


async def test_a_reload_keeps_the_rows_laid_out_and_the_highlighted_item(journal, app_for):
    plans(journal, 45)
    async with due_screen_of(journal, app_for) as (pilot, panel):
        await pilot.press("end")
        await settle(pilot)
        kept = panel.get_option_at_index(panel.highlighted).id
        plans(journal, 3, start=date(2024, 1, 1), revisit="2026-11-10")  # due for longer: listed first
        pilot.app.screen.reload()
        await settle(pilot)
        assert len(panel.items) == 48 and panel.option_count == 40
        assert panel.get_option_at_index(panel.highlighted).id == kept and panel.highlighted == 22


async def test_a_highlighted_item_pushed_past_the_page_is_still_laid_out(journal, app_for):
    plans(journal, 30)
    async with due_screen_of(journal, app_for) as (pilot, panel):
        last_laid_out = panel.get_option_at_index(19).id
        panel.highlighted = 19
        await settle(pilot)
        rows = panel.option_count
        panel.show([Due("quiet", f"g{i}", f"goal {i}", date(2026, 11, 1), 22) for i in range(rows)] + panel.items)
        await settle(pilot)
        assert panel.get_option_at_index(panel.highlighted).id == last_laid_out
        assert panel.option_count >= panel.highlighted + 1


class PanelApp(App[None]):
    def compose(self) -> ComposeResult:
        yield DuePanel(id="due-panel", limit=2, more_hint=": u shows them all")


async def test_the_more_line_counts_every_item_when_handed_the_first():
    items = [Due("foresight", f"e{i}", f"plan {i}", date(2026, 11, 1), 22) for i in range(3)]
    app = PanelApp()
    async with app.run_test(size=(60, 10)) as pilot:
        panel = app.query_one(DuePanel)
        panel.show(DueList(items, {"foresight": 50}), total=50)
        await pilot.pause()
        assert titles(panel)[-1] == "… 48 more: u shows them all" and panel.option_count == 3
        panel.show(items)  # no total: the items handed are all there is
        await pilot.pause()
        assert titles(panel)[-1] == "… 1 more: u shows them all"


@pytest.mark.catalogue("S169")
async def test_answer_is_offered_only_while_something_due_can_be_answered(journal, app_for):
    """S169: the footer offered `a Answer` with nothing due (the key did nothing)."""
    def offered(pilot) -> bool:
        return any(b.binding.action == "answer" and b.enabled for b in pilot.app.screen.active_bindings.values())

    async with due_screen_of(journal, app_for) as (pilot, panel):
        assert not panel.items and not offered(pilot)
        plans(journal, 1, revisit="2026-11-01")  # another process writes: the screen asks again
        pilot.app.screen.reload()
        await settle(pilot)
        assert panel.items and offered(pilot)


@pytest.mark.catalogue("S185")
async def test_enter_on_a_due_check_in_or_meeting_writes_it_for_that_mentorship(journal, app_for):
    """S185: enter on a check-in or a planned meeting that was due only showed a notice."""
    from journal.domain.model import Kind
    from journal.tui.screens.compose import ComposeScreen

    m = journal.mentorships.add("Lee Chen", since="2026-10-01", check_in_every=7)
    journal.mentorships.plan_meeting(m.id, "today")
    async with due_screen_of(journal, app_for) as (pilot, panel):
        for kind, words in (("check-in", "Check-in with Lee Chen"), ("meeting", "Meeting with Lee Chen")):
            panel.highlighted = next(i for i, item in enumerate(panel.items) if item.kind == kind)
            await pilot.press("enter")
            await settle(pilot)
            screen = pilot.app.screen
            assert isinstance(screen, ComposeScreen)
            draft = screen.read_form()
            assert (draft.kind, draft.mentorship, draft.title) == (Kind(kind), m.id, words)
            await pilot.press("escape")
            await settle(pilot)


@pytest.mark.catalogue("S224")
async def test_enter_on_a_due_review_writes_a_check_in_on_the_goal(journal, app_for):
    from journal.domain.model import Kind
    from journal.tui.screens.compose import ComposeScreen

    goal = journal.goals.add("Habits", review_every=7)
    async with due_screen_of(journal, app_for) as (pilot, panel):
        journal.clock.set(journal.clock.now() + timedelta(days=10))
        pilot.app.screen.reload()
        await settle(pilot)
        panel.highlighted = next(i for i, item in enumerate(panel.items) if item.kind == "review")
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ComposeScreen)
        draft = screen.read_form()
        assert (draft.kind, draft.title, tuple(draft.goals)) == (Kind.CHECK_IN, "Review: Habits", (goal.id,))
