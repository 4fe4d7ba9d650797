"""The app's forms write over no text changed meanwhile elsewhere: the vision and profile keep the
other, this one kept as a draft, what else was typed saved (catalogue S335); the goal form says so
first and saves on a second ctrl+s (S348), as the agreement (S349) and mentorship (S350) forms do."""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

from journal.tui.screens.profile_form import ProfileFormScreen
from journal.tui.screens.vision_form import VisionFormScreen
from tests.tui.conftest import until
from tests.tui.test_review_forms import opened

SIZE = (120, 40)


@pytest.mark.catalogue("S335")
async def test_a_part_typed_over_a_change_made_elsewhere_becomes_a_draft(journal, app_for):
    journal.preparing.set_vision(future="Lead a team", present="Senior engineer")
    journal.preparing.set_profile(strengths="Debugging", needs="Candour")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await opened(pilot, VisionFormScreen(journal))
        journal.preparing.set_vision(future="Run the platform group")  # meanwhile, in the CLI
        await pilot.press(*" of six")  # the future has the focus
        form.query_one("#vision-present", TextArea).text = "Staff engineer"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is not form)
        form = await opened(pilot, ProfileFormScreen(journal))
        journal.preparing.set_profile(strengths="Careful written analysis")  # meanwhile
        strengths = form.query_one("#profile-strengths", TextArea)
        strengths.focus()
        await pilot.press(*"; asking questions")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is not form)
    vision, profile = journal.preparing.vision(), journal.preparing.profile()
    assert (vision.future, vision.present) == ("Run the platform group", "Staff engineer")
    assert profile.strengths == "Careful written analysis"
    bodies = sorted(d.body for d in journal.drafts.list())
    assert bodies == ["## Strengths\n\nDebugging; asking questions", "## Where I want to be\n\nLead a team of six"]


@pytest.mark.catalogue("S348")
async def test_the_goal_form_says_a_field_changed_elsewhere_before_writing_over_it(journal, app_for):
    from textual.widgets import Input, Static

    from journal.tui.screens.goal_form import GoalFormScreen

    goal = journal.goals.add("Speak up", specific="A 10-minute talk")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await opened(pilot, GoalFormScreen(journal, journal.goals.get(goal.id)))
        journal.goals.edit(goal.id, specific="A 20-minute talk at the conference")  # meanwhile, in the CLI
        form.query_one("#goal-specific", Input).value = "A 10-minute talk at the meetup"
        form.query_one("#goal-measurable", Input).value = "Two talks"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # not saved: said
        said = str(form.query_one(".form-error", Static).render())
        assert "'specific' changed elsewhere while this form was open" in said.lower()
        assert journal.goals.get(goal.id).specific == "A 20-minute talk at the conference"
        await pilot.press("ctrl+s")  # again: this one in its place, the other in the history
        await until(pilot, lambda: app.screen is not form)
    saved = journal.goals.get(goal.id)
    assert (saved.specific, saved.measurable) == ("A 10-minute talk at the meetup", "Two talks")
    assert any(e.old == "A 20-minute talk at the conference" for e in saved.history)


@pytest.mark.catalogue("S349")
async def test_the_agreement_form_says_a_part_set_elsewhere_before_writing_over_it(journal, app_for):
    from textual.widgets import Static

    from journal.tui.screens.agreement_form import AgreementFormScreen

    m = journal.mentorships.add("Bo")
    journal.agreements.set_part(m.id, "ground-rules", "Be on time")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await opened(pilot, AgreementFormScreen(journal, m.id))
        journal.agreements.set_part(m.id, "ground-rules", "Set in the other window")  # meanwhile
        form.query_one("#agreement-input-ground_rules", TextArea).text = "Be on time, cameras on"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        said = str(form.query_one(".form-error", Static).render())
        assert "'Ground rules' of the agreement changed elsewhere" in said and "Save again" in said
        assert journal.agreements.get(m.id).part("ground_rules").text == "Set in the other window"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is not form)
    assert journal.agreements.get(m.id).part("ground_rules").text == "Be on time, cameras on"


@pytest.mark.catalogue("S350")
async def test_the_mentorship_form_says_a_field_changed_elsewhere_before_writing_over_it(journal, app_for):
    from textual.widgets import Input, Static

    from journal.tui.screens.mentorship_form import MentorshipFormScreen

    m = journal.mentorships.add("Lee Chen", focus="Speaking", agreements="monthly")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await opened(pilot, MentorshipFormScreen(journal, journal.mentorships.get(m.id)))
        journal.mentorships.edit(m.id, agreements="Weekly calls, set in the CLI")  # meanwhile
        form.query_one("#mentorship-agreements-input", TextArea).text = "monthly, in person"
        form.query_one("#mentorship-focus", Input).value = "Speaking & storytelling"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "'agreements' changed elsewhere" in str(form.query_one(".form-error", Static).render())
        assert journal.mentorships.get(m.id).agreements == "Weekly calls, set in the CLI"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is not form)
    saved = journal.mentorships.get(m.id)
    assert (saved.focus, saved.agreements) == ("Speaking & storytelling", "monthly, in person")
