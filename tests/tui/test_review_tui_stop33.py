"""Faults found from the outside in stop 33 (terminal UI): each test names its catalogue case."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Static

from journal.domain.model import Lens
from journal.services import EntryInput
from journal.tui.messages import EntryOpenRequested
from journal.tui.screens.compose import ComposeScreen
from journal.tui.screens.entry import EntryScreen
from tests.tui.test_tui_checkins_feedback import settle

SIZE = (120, 40)
AT_80 = (80, 24)


async def showing(pilot, screen):
    """`screen` pushed and settled in front; returned."""
    pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


@pytest.mark.catalogue("S230")
async def test_leaving_foresight_says_the_revisit_date_goes_before_and_after_the_save(journal, app_for):
    entry = journal.entries.write(EntryInput("Try pairing on Fridays", lens="foresight", revisit="2026-12-15"))
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.post_message(EntryOpenRequested(entry.id))
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ComposeScreen)
        state = lambda: str(screen.query_one("#form-state", Static).render())  # noqa: E731
        assert "revisit Tue 15 Dec 2026" in state()
        await pilot.press("f6")  # insight
        await pilot.pause()
        assert "no revisit date (foresight only)" in state()
        await pilot.press("ctrl+s")
        await settle(pilot)
        said = [n.message for n in app._notifications]
        assert any("Its revisit date (Tue 15 Dec 2026) went with the foresight lens" in m for m in said), said
    edited = journal.entries.get(entry.id)
    assert edited.lens == Lens.INSIGHT and edited.revisit_on is None


@pytest.mark.catalogue("S234")
async def test_a_milestone_is_marked_done_on_the_day_it_was_reached(journal, app_for):
    from textual.widgets import Input, OptionList

    from journal.tui.screens.goal_detail import GoalScreen
    from journal.tui.screens.modals import DoneOnModal

    goal = journal.goals.add("Public speaking")
    journal.goals.add_milestone(goal.id, "Outline", due="2026-11-20")
    journal.goals.add_milestone(goal.id, "Dry run", due="2026-11-30")
    app = app_for(journal)
    async with app.run_test(size=AT_80) as pilot:
        await settle(pilot)
        screen = await showing(pilot, GoalScreen(journal, goal.id))
        milestones = screen.query_one("#goal-milestones", OptionList)
        milestones.focus()
        milestones.highlighted = 0  # Outline, due first
        await pilot.press("x")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, DoneOnModal)
        await pilot.press(*"in 2 days", "enter")  # a day to come: refused here, nothing written
        await settle(pilot)
        assert app.screen is modal and "in the future" in str(modal.query_one("#done-on-error", Static).render())
        modal.query_one("#done-on-day", Input).value = ""
        await pilot.press(*"2026-11-19")
        await settle(pilot)
        assert "Thu 19 Nov 2026" in str(modal.query_one("#done-on-echo", Static).render())
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert any("Milestone done: Outline (Thu 19 Nov 2026)" in n.message for n in app._notifications)
        milestones.highlighted = 1
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("escape")  # nothing done
        await settle(pilot)
    done = {m.title: m.done_on for m in journal.goals.get(goal.id).milestones}
    assert done == {"Outline": date(2026, 11, 19), "Dry run": None}


def _footer_keys(screen) -> str:
    """The keys the footer of `screen` shows, as text ("" without a footer of its own)."""
    from journal.tui.widgets.footer import KeysFooter

    return " ".join(str(key.render()) for footer in screen.query(KeysFooter) for key in footer.children)


@pytest.mark.catalogue("S235")
async def test_help_and_small_forms_show_their_own_keys(journal, app_for):
    from journal.tui.screens.goal_detail import GoalScreen
    from journal.tui.screens.help import HelpScreen
    from journal.tui.screens.modals import MilestoneModal
    from journal.tui.widgets.footer import KeysFooter

    app = app_for(journal)
    async with app.run_test(size=AT_80) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert "Close" in _footer_keys(app.screen) and "New" not in _footer_keys(app.screen)
        await pilot.press("escape")
        await settle(pilot)
        goal = journal.goals.add("Public speaking")
        await showing(pilot, GoalScreen(journal, goal.id))  # its footer takes two rows at 80 columns
        await showing(pilot, MilestoneModal(journal, goal.id))
        assert "Cancel" in _footer_keys(app.screen) and "Edit" not in _footer_keys(app.screen)
        below, mine = (screen.query_one(KeysFooter).outer_size.height for screen in app.screen_stack[-2:])
        assert below == 2 and mine == 2  # none of the goal's keys shows through


@pytest.mark.catalogue("S236")
async def test_enter_in_the_export_dialog_exports(journal, app_for, tmp_path):
    from textual.widgets import Input

    from journal.tui.screens.agreement import AgreementExportModal, AgreementScreen

    m = journal.mentorships.add("Ada")
    journal.agreements.set_parts(m.id, {"ground": "On time"})
    app = app_for(journal)
    async with app.run_test(size=AT_80) as pilot:
        await settle(pilot)
        screen = await showing(pilot, AgreementScreen(journal, m.id))
        await pilot.press("x")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, AgreementExportModal)
        target = tmp_path / "agreement.html"
        modal.query_one(Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


LONG = "Give a conference talk about our migration to the new platform and what it taught us"


@pytest.mark.catalogue("S238")
async def test_a_milestones_date_is_never_cut_off(journal, app_for):
    from journal.tui.screens.goal_detail import GoalScreen

    goal = journal.goals.add("Public speaking")
    journal.goals.add_milestone(goal.id, LONG, due="2026-12-01")
    app = app_for(journal)
    async with app.run_test(size=AT_80) as pilot:
        await settle(pilot)
        await showing(pilot, GoalScreen(journal, goal.id))
        assert "due 01 Dec 2026 (in 8 days)" in _screen_lines(app)


@pytest.mark.catalogue("S239")
async def test_list_columns_that_say_where_things_stand_stay_on_screen_at_80(journal, app_for):
    from journal.tui.screens.goals import GoalsScreen
    from journal.tui.screens.mentorships import MentorshipsScreen

    m = journal.mentorships.add("Dr. Alexandra Konstantinopoulou-Whitfield", focus=LONG, check_in_every=7,
                                since="2026-10-01")
    journal.goals.add(LONG, mentorship=m.id)
    app = app_for(journal)
    async with app.run_test(size=AT_80) as pilot:
        await settle(pilot)
        await showing(pilot, GoalsScreen(journal))
        shown = _screen_lines(app)
        assert "active" in shown and "Dr. Alexand" in shown
        await showing(pilot, MentorshipsScreen(journal))
        assert "active  check-in due" in _screen_lines(app)


def _screen_lines(app) -> str:
    """What the terminal shows now, as text (every line of the screen in front)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


@pytest.mark.catalogue("S240")
async def test_editor_fields_never_load_raw_control_characters(journal, app_for):
    from textual.widgets import TextArea

    from journal.tui.screens.mentorship_form import MentorshipFormScreen
    from journal.tui.screens.profile_form import ProfileFormScreen
    from journal.tui.screens.vision_form import VisionFormScreen

    journal.preparing.set_vision(future="Be a lead\x1b[31m RED\x1b[0m ok", present="x")
    journal.preparing.set_profile(needs="Patience\x1b[2J cleared")
    m = journal.mentorships.add("Ada", agreements="Weekly\x1b]0;PWNED\x07 calls")
    app = app_for(journal)
    async with app.run_test(size=AT_80) as pilot:
        await settle(pilot)
        for screen in (VisionFormScreen(journal), ProfileFormScreen(journal), MentorshipFormScreen(journal, m)):
            await showing(pilot, screen)
            texts = [area.text for area in screen.query(TextArea)]
            assert any("␛" in text for text in texts), type(screen).__name__
            assert not any(c in text for text in texts for c in "\x1b\x07"), type(screen).__name__
            screen.dismiss(None)
            await settle(pilot)


@pytest.mark.catalogue("S241")
async def test_preparing_says_the_key_that_is_there(journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        shown = str(app.screen.query_one("#preparing-profile", Static).render())
        assert shown.endswith("need from a mentor: press p.") and "press v for Preparing" not in shown


@pytest.mark.catalogue("S242")
async def test_x_on_a_goal_just_opened_asks_about_the_first_open_milestone(journal, app_for):
    from journal.tui.screens.goal_detail import GoalScreen
    from journal.tui.screens.modals import DoneOnModal

    goal = journal.goals.add("Public speaking")
    journal.goals.add_milestone(goal.id, "Outline", due="2026-11-20")
    journal.goals.add_milestone(goal.id, "Dry run", due="2026-11-30")
    journal.goals.milestone_done(goal.id, "Outline", on="2026-11-21")
    app = app_for(journal)
    async with app.run_test(size=AT_80) as pilot:
        await settle(pilot)
        await showing(pilot, GoalScreen(journal, goal.id))
        await pilot.press("x")  # nothing highlighted yet
        await settle(pilot)
        assert isinstance(app.screen, DoneOnModal) and app.screen.title == "Dry run"
        await pilot.press("enter")
        await settle(pilot)
    assert {m.title: m.done_on for m in journal.goals.get(goal.id).milestones} == {
        "Outline": date(2026, 11, 21), "Dry run": date(2026, 11, 23)}


@pytest.mark.catalogue("S243")
async def test_the_check_in_rhythm_has_one_name(journal, app_for):
    from journal.tui.screens.mentorships import MentorshipScreen

    m = journal.mentorships.add("Ada")
    app = app_for(journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await showing(pilot, MentorshipScreen(journal, m.id))
        shown = _screen_lines(app)
        assert "no check-in rhythm set" in shown and "cadence" not in shown


@pytest.mark.catalogue("S524")
async def test_the_agreement_history_title_is_whole_at_80x24(journal, app_for):
    """Helper review: at 80x24 the history pane's title read "History (h hides": one line high,
    the rest cut. It wraps now."""
    from journal.tui.screens.agreement import AgreementScreen

    m = journal.mentorships.add("Dana Whitfield-Okonkwo")
    for n in range(3):
        journal.agreements.set_parts(m.id, {"ground": f"We meet every {n + 2} weeks, on video, and each of us "
                                                      "brings one question"})
    app = app_for(journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await showing(pilot, AgreementScreen(journal, m.id))
        title = app.screen.query_one("#agreement-history-title")
        shown = " ".join(strip.text.strip() for strip in title.render_lines(title.region.reset_offset))
        assert "hides it)" in shown
