"""Catalogue S177: the forms that edit what is already there (the goal, mentorship, vision and
profile forms) saved every field, so a change made meanwhile elsewhere (the CLI, another
window) was undone by fields nobody touched here; and their text areas opened with the cursor
at the start, so what was typed went before the words already there (stop 31)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from journal.tui.screens.goal_form import GoalFormScreen
from journal.tui.screens.mentorship_form import MentorshipFormScreen
from journal.tui.screens.profile_form import ProfileFormScreen
from journal.tui.screens.vision_form import VisionFormScreen
from tests.tui.conftest import until

pytestmark = pytest.mark.catalogue("S177")
SIZE = (120, 40)


async def opened(pilot, screen):
    pilot.app.push_screen(screen)
    await until(pilot, lambda: pilot.app.screen is screen and screen.initial)
    return screen


async def test_the_goal_form_saves_only_what_was_changed_in_it(journal, app_for):
    goal = journal.goals.add("Coach juniors", specific="pair weekly", measurable="1 junior")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await opened(pilot, GoalFormScreen(journal, journal.goals.get(goal.id)))
        journal.goals.edit(goal.id, measurable="2 juniors")  # meanwhile, elsewhere
        form.query_one("#goal-specific", Input).value = "pair twice a week"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is not form)
    saved = journal.goals.get(goal.id)
    assert (saved.specific, saved.measurable) == ("pair twice a week", "2 juniors")


async def test_the_mentorship_form_saves_only_what_was_changed_in_it(journal, app_for):
    m = journal.mentorships.add("Lee Chen", focus="Speaking", check_in_every=2, agreements="monthly")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await opened(pilot, MentorshipFormScreen(journal, journal.mentorships.get(m.id)))
        journal.mentorships.edit(m.id, check_in_every=7, agreements="CLI agreements")  # meanwhile
        form.query_one("#mentorship-focus", Input).value = "Speaking & storytelling"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is not form)
    saved = journal.mentorships.get(m.id)
    assert (saved.focus, saved.check_in_every, saved.agreements) == ("Speaking & storytelling", 7, "CLI agreements")


async def test_the_vision_and_profile_forms_save_only_what_was_changed_and_type_at_the_end(journal, app_for):
    journal.preparing.set_vision(future="Lead a team", present="Senior engineer")
    journal.preparing.set_profile(strengths="Debugging", needs="Candour")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await opened(pilot, VisionFormScreen(journal))
        journal.preparing.set_vision(present="Staff engineer")  # meanwhile
        await pilot.press(*" of six")  # the future has the focus
        assert form.query_one("#vision-future", TextArea).text == "Lead a team of six"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is not form)
        form = await opened(pilot, ProfileFormScreen(journal))
        journal.preparing.set_profile(needs="Candour and time")  # meanwhile
        strengths = form.query_one("#profile-strengths", TextArea)
        strengths.focus()
        await pilot.press(*"; calm")
        assert strengths.text == "Debugging; calm"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is not form)
    vision, profile = journal.preparing.vision(), journal.preparing.profile()
    assert (vision.future, vision.present) == ("Lead a team of six", "Staff engineer")
    assert (profile.strengths, profile.needs) == ("Debugging; calm", "Candour and time")


@pytest.mark.catalogue("S360")
async def test_every_open_form_with_typed_text_is_kept_when_the_app_is_stopped(journal, app_for):
    """The signal and crash paths keep the forms the DraftKeeper does not follow: a goal form
    and a milestone's form over it, each as a draft under its fields' labels."""
    from journal.tui.screens.modals import MilestoneModal

    goal = journal.goals.add("Coach juniors", specific="pair weekly")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await opened(pilot, GoalFormScreen(journal, journal.goals.get(goal.id)))
        form.query_one("#goal-specific", Input).value = "pair twice a week, typed here"
        modal = MilestoneModal(journal, goal.id)
        app.push_screen(modal)
        await until(pilot, lambda: app.screen is modal and bool(modal.query(Input)))
        modal.query(Input).first().value = "First pairing session"
        await pilot.pause()
        assert app.keep_open_forms() == 2
        assert app.keep_open_forms() == 2  # the same text again: the same drafts
    kept = {d.title: d.body for d in journal.drafts.unoffered()}
    assert sorted(kept) == ["Not saved: a goal (the app was stopped)", "Not saved: a milestone (the app was stopped)"]
    goal_text = kept["Not saved: a goal (the app was stopped)"]
    assert "## Title\n\nCoach juniors" in goal_text and "pair twice a week, typed here" in goal_text
    assert "First pairing session" in kept["Not saved: a milestone (the app was stopped)"]
