"""Compose says when an entry's day is before the mentorship it is filed under began (S484),
as `journal add` does (S482): on the 'Saving as' line while writing, and in the save's notice.
Such a day is still allowed (back-filling)."""

from __future__ import annotations

from datetime import date

import pytest

from journal.tui.screens.home import HomeScreen

SIZE = (120, 40)


def _state(app) -> str:
    return str(app.screen.query_one("#form-state").render())


@pytest.mark.catalogue("S484")
async def test_a_day_before_the_mentorship_began_is_said_while_writing_and_on_save(seeded, app_for):
    seeded.mentorships.add("Ada Mentor", since="2026-11-01")
    app = app_for(seeded)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("n", "enter")
        await pilot.press(*"Back-filled from my notes")
        screen = app.screen
        screen.query_one("#mentorship").focus()
        await pilot.pause()
        await pilot.press("enter", "down", "enter")  # the goal's (default) → Ada Mentor
        await pilot.pause()
        assert "with Ada Mentor" in _state(app) and "before it began" not in _state(app)
        screen.query_one("#when").focus()
        await pilot.pause()
        await pilot.press(*"2026-10-20")
        await pilot.pause()
        assert "with Ada Mentor, a day before it began (Sun 01 Nov 2026)" in _state(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        said = [n.message for n in app._notifications]
        assert any("Its day is before the mentorship began (Sun 01 Nov 2026)." in m for m in said), said
    [entry] = [e for e in seeded.entries.list() if e.body == "Back-filled from my notes"]
    assert entry.day == date(2026, 10, 20) and entry.mentorship == seeded.mentorships.list()[0].id


@pytest.mark.catalogue("S484")
async def test_the_goals_mentorship_counts_too_and_a_later_day_says_nothing(seeded, app_for):
    ada = seeded.mentorships.add("Ada Mentor", since="2026-11-01")
    goal = seeded.goals.add("Speak at the meetup", mentorship=ada.id)
    app = app_for(seeded)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("n", "enter")
        await pilot.press(*"Practised the opening")
        screen = app.screen
        goals = screen.query_one("#goals")
        goals.select(goal.id)
        screen.query_one("#when").focus()
        await pilot.pause()
        await pilot.press(*"2026-10-31")
        await pilot.pause()
        assert "with Ada Mentor (the goal's), a day before it began (Sun 01 Nov 2026)" in _state(app)
        await pilot.press(*["backspace"] * 2, "1", "1")  # 2026-10-11: still before
        await pilot.pause()
        assert "before it began" in _state(app)
        await pilot.press(*["backspace"] * 10, *"2026-11-02")
        await pilot.pause()
        assert "with Ada Mentor (the goal's)" in _state(app) and "before it began" not in _state(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert not any("before the mentorship" in m for m in said), said
