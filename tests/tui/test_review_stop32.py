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
