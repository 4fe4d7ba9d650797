"""Faults found from the outside in stop 32 (terminal UI): each test names its catalogue case."""

from __future__ import annotations

import pytest
from textual.widgets import Select

from journal.tui.screens.open_goals import OpenGoalsModal
from tests.tui.conftest import until

SIZE = (120, 40)


@pytest.mark.catalogue("S205")
async def test_mentor_names_to_move_a_goal_to_are_text(journal, app_for):
    sam = journal.mentorships.add("Sam")
    journal.goals.add("Speak", mentorship=sam.id)
    journal.mentorships.add("Kim [/]")
    journal.mentorships.add("Robin [bold]R[/]")
    others = [m for m in journal.mentorships.list() if m.id != sam.id]
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(OpenGoalsModal(sam, journal.mentorships.open_goals(sam.id), others))
        await until(pilot, lambda: isinstance(app.screen, OpenGoalsModal) and app.screen.query(Select))
        select = app.screen.query_one(Select)
        select.focus()
        await pilot.press("enter")  # the list opens: every name drawn
        await until(pilot, lambda: select.expanded)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert str(app.screen.query_one(Select).selection) in {m.id for m in others}
        shown = [str(label) for label, _ in select._options]
        assert "Kim [/]" in shown and "Robin [bold]R[/]" in shown


async def _noting(journal, pilot, app):
    from journal.tui.screens.shortlist_forms import NoteModal
    from tests.tui.screen_tour import shortlisted

    sl = shortlisted(journal)
    await pilot.pause()
    modal = NoteModal(journal, sl.id, sl.candidate("Grace"))
    app.push_screen(modal)
    await until(pilot, lambda: app.screen is modal and modal._opened_with is not None)
    return sl, modal


def _notes_of(journal, sl, name):
    return [c.text for c in journal.shortlists.get(sl.id).candidate(name).conversations]


@pytest.mark.catalogue("S206")
async def test_quitting_from_a_conversations_notes_asks_and_saves(journal, app_for):
    from journal.tui.screens.modals import ChoiceModal

    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        sl, _ = await _noting(journal, pilot, app)
        await pilot.press(*"Kind and direct")
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal) and app.screen.id == "quit-confirm")
        await pilot.press("s")
        await until(pilot, lambda: not app.is_running)
    assert _notes_of(journal, sl, "Grace") == ["Kind and direct"]


@pytest.mark.catalogue("S206")
async def test_escape_from_typed_notes_asks_and_an_untouched_form_leaves_at_once(journal, app_for):
    from journal.tui.screens.modals import ChoiceModal

    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        sl, modal = await _noting(journal, pilot, app)
        await pilot.press(*"Half a thought")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal))
        await pilot.press("c")  # Cancel: back to the text, still there
        await until(pilot, lambda: app.screen is modal)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal))
        await pilot.press("d", "y")
        await until(pilot, lambda: modal not in app.screen_stack)
        assert _notes_of(journal, sl, "Grace") == []
        _, untouched = await _noting(journal, pilot, app)
        await pilot.press("escape")
        await until(pilot, lambda: untouched not in app.screen_stack)
        assert not isinstance(app.screen, ChoiceModal)


@pytest.mark.catalogue("S223")
async def test_letters_typed_on_the_results_go_into_the_query(journal, app_for):
    from textual.widgets import Input

    from journal.services import EntryInput
    from journal.tui.screens.search import Results, SearchScreen

    for i in range(3):
        journal.entries.write(EntryInput(body=f"bold move {i}", lens="foresight", when="2026-11-20"))
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen))
        await pilot.press(*"bold")
        await pilot.pause()
        await app.workers.wait_for_complete()
        app.screen.query_one(Results).focus()
        await pilot.press("u", "a")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        query = app.screen.query_one("#query", Input)
        assert query.value == "boldua" and app.focused is query


@pytest.mark.catalogue("S225")
def test_a_work_plan_row_says_where_a_milestone_stands_before_its_titles():
    from datetime import date

    from journal.domain.agreement import PlanItem
    from journal.tui.screens.work_plan import plan_row

    item = PlanItem(day=date(2026, 11, 24), kind="milestone", what="Rehearse with a friend", status="missed",
                    when="3 days late", goal="Public speaking at the meetup — a very long goal title " * 3,
                    overdue=True)
    plain = plan_row(item).plain
    assert plain.index(item.said) < plain.index("Rehearse with a friend") < plain.index("Public speaking")


@pytest.mark.catalogue("S522")
async def test_the_move_choice_says_why_it_cannot_be_chosen(journal, app_for):
    """Helper review: with no other active mentorship "move to another mentorship" looked like
    every other choice, yet the arrows skipped it, and the line saying why sat below every goal."""
    from journal.tui.widgets.toggles import Choice

    sam = journal.mentorships.add("Sam")
    journal.goals.add("Speak", mentorship=sam.id)
    app = app_for(journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(OpenGoalsModal(sam, journal.mentorships.open_goals(sam.id), []))
        await until(pilot, lambda: isinstance(app.screen, OpenGoalsModal) and app.screen.query("#move-0"))
        move = app.screen.query_one("#move-0", Choice)
        assert move.disabled and "there is no other active one" in str(move.label)
