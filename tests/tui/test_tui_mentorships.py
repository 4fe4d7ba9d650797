"""Mentorships in the app (issue 16): the form, planning a meeting, logging a meeting or a
check-in, closing, a goal of a mentorship, and reloading after another process wrote.

The fixed today is Mon 2026-11-23 (Europe/Berlin).
"""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input, Markdown, OptionList, Select, Static, TextArea

from journal.domain.model import Kind, Lens, MentorshipStatus
from journal.services import Journal
from journal.store import goals as goal_rows
from tests.tui.conftest import retro_drawn
from journal.tui.screens.closure import ClosureScreen
from journal.tui.screens.compose import ComposeScreen
from journal.tui.screens.goal_form import GoalFormScreen
from journal.tui.screens.mentorship_form import MentorshipFormScreen
from journal.tui.screens.mentorships import MeetingModal, MentorshipScreen, MentorshipsScreen
from journal.tui.screens.modals import ChoiceModal

SIZE = (120, 40)


async def settle(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def text_of(screen) -> str:
    """Every Static and every OptionList row of a screen, as plain text."""
    parts = [str(w.render()) for w in screen.query(Static)]
    for options in screen.query(OptionList):
        parts += [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    return "\n".join(parts)


def error_of(screen, selector: str = "#mentorship-form-error") -> str:
    return str(screen.query_one(selector, Static).render())


def offered(screen) -> set[str]:
    """The actions the screen's own bindings offer now (what its footer shows)."""
    return {b.action for b in screen.BINDINGS if screen.check_action(b.action, ()) is True}


@pytest.fixture
def ada(journal):
    """An active mentorship with a check-in rhythm, and a closed one."""
    m = journal.mentorships.add("Ada Lovelace", focus="Speaking", since="2026-09-01", check_in_every=14,
                                agreements="Meet **every other week**.")
    journal.mentorships.add("Grace Hopper", focus="Compilers", since="2026-01-10")
    journal.mentorships.close("Grace", on="2026-06-30")
    return m


async def open_mentorship(pilot, mentor: str = "Ada") -> MentorshipScreen:
    app = pilot.app
    await pilot.press("m")
    await settle(pilot)
    assert isinstance(app.screen, MentorshipsScreen)
    options = app.screen.query_one(OptionList)
    options.highlighted = options.get_option_index(app.journal.mentorships.get(mentor).id)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, MentorshipScreen)
    return app.screen


async def test_create_from_the_empty_list_with_agreements_typed(journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MentorshipsScreen)
        assert "No mentorships yet: n starts one." in text_of(app.screen)
        assert "timeline" not in offered(app.screen)  # nothing to show a timeline of
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MentorshipFormScreen)
        await pilot.press(*"Ada Lovelace", "tab", *"Speaking at meetups", "tab", *"2026-09-01")
        await settle(pilot)
        assert "Tue 01 Sep 2026" in error_of(form, "#mentorship-since-echo")
        await pilot.press("tab", *"14", "tab")
        assert isinstance(app.focused, TextArea)
        await pilot.press(*"# Agreements", "enter", *"- Meet every other week", "enter", *"- q&m: ask, then listen")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MentorshipScreen)  # the new mentorship opens
        m = journal.mentorships.get("Ada")
        assert app.screen.mentorship_id == m.id
        assert (m.mentor, m.focus, m.started_on, m.check_in_every) == (
            "Ada Lovelace", "Speaking at meetups", date(2026, 9, 1), 14)
        assert m.agreements == "# Agreements\n- Meet every other week\n- q&m: ask, then listen"
        assert "every 14 days" in text_of(app.screen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MentorshipsScreen)
        assert "Ada Lovelace" in text_of(app.screen)
        assert app.screen.current_id == m.id


async def test_edit_changes_cadence_and_agreements(journal, ada, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mentorship(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MentorshipFormScreen)
        every = form.query_one("#mentorship-every", Input)
        assert (form.query_one("#mentorship-mentor", Input).value, every.value) == ("Ada Lovelace", "14")
        assert form.query_one("#mentorship-since", Input).value == "2026-09-01"
        area = form.query_one(TextArea)
        assert area.text == "Meet **every other week**."
        every.focus()
        every.value = ""
        await pilot.press(*"7")
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press("enter", *"- Weekly calls instead")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        m = journal.mentorships.get("Ada")
        assert m.check_in_every == 7
        assert m.agreements == "Meet **every other week**.\n- Weekly calls instead"
        assert (m.focus, m.started_on) == ("Speaking", date(2026, 9, 1))
        assert "every 7 days" in text_of(screen)
        assert "Weekly calls instead" in screen.query_one("#mentorship-agreements", Markdown).source


async def test_bad_cadence_and_start_show_an_error_and_keep_the_form(journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        app.action_new_mentorship()
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MentorshipFormScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "needs the mentor's name" in error_of(form)
        await pilot.press(*"Ada", "tab", "tab", "tab", *"1x4")  # every character lands in the field
        every = form.query_one("#mentorship-every", Input)
        assert every.value == "1x4"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and "whole number of days from 1 to 3650" in error_of(form)
        assert app.focused is every
        for bad in ("0", "9999", "-3"):
            every.value = bad
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is form and "whole number" in error_of(form)
        every.value = "14"
        form.query_one("#mentorship-since", Input).value = "tomorrow"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and "cannot start in the future" in error_of(form)
        form.query_one("#mentorship-since", Input).value = "not a day at all"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and "not a date" in error_of(form)
        assert journal.mentorships.list() == []
        assert app.is_running


async def test_plan_a_meeting_with_a_date_and_from_the_cadence(journal, ada, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mentorship(pilot)
        await pilot.press("p")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, MeetingModal)
        assert "Mon 07 Dec 2026" in error_of(modal, "#meeting-echo")  # empty: today + 14 days
        await pilot.press(*"yesterday", "enter")
        await settle(pilot)
        assert app.screen is modal and "cannot be in the past" in error_of(modal, "#meeting-error")
        modal.query_one(Input).value = ""
        await pilot.press(*"2026-12-01")
        await settle(pilot)
        assert "Tue 01 Dec 2026" in error_of(modal, "#meeting-echo")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert journal.mentorships.get("Ada").next_meeting_on == date(2026, 12, 1)
        assert "Tue 01 Dec 2026" in text_of(screen)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("enter")  # empty: from the check-in rhythm
        await settle(pilot)
        assert app.screen is screen
        assert journal.mentorships.get("Ada").next_meeting_on == date(2026, 12, 7)
        assert "Mon 07 Dec 2026" in text_of(screen)


async def test_plan_without_a_cadence_asks_for_the_date_in_the_modal(journal, app_for):
    journal.mentorships.add("Ada")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await open_mentorship(pilot)
        await pilot.press("p")
        await settle(pilot)
        modal = app.screen
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is modal
        assert "date" in error_of(modal, "#meeting-error") and "--next" not in error_of(modal, "#meeting-error")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MentorshipScreen)
        assert journal.mentorships.get("Ada").next_meeting_on is None


async def test_log_a_meeting_and_a_check_in_open_compose_with_the_mentorship(journal, ada, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mentorship(pilot)
        await pilot.press("l")
        await settle(pilot)
        compose = app.screen
        assert isinstance(compose, ComposeScreen)
        draft = compose.initial
        assert (draft.kind, draft.mentorship, draft.lens, draft.title) == (
            Kind.MEETING, ada.id, Lens.HINDSIGHT, "Meeting with Ada Lovelace")
        await pilot.press(*"We agreed on a dry run.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        entry = journal.entries.list(journal.entries.filter(mentorship=ada.id), limit=1)[0]
        assert (entry.kind, entry.mentorship, entry.body) == (Kind.MEETING, ada.id, "We agreed on a dry run.")
        assert "● meeting" in text_of(screen)  # the screen reloaded
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, ComposeScreen)
        draft = app.screen.initial
        assert (draft.kind, draft.mentorship, draft.lens) == (Kind.CHECK_IN, ada.id, Lens.INSIGHT)


async def test_close_opens_the_closure_conversation_and_closed_ones_offer_less(journal, ada, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mentorship(pilot)
        assert {"edit", "plan_meeting", "log_meeting", "check_in", "new_goal", "close_mentorship"} <= offered(screen)
        assert {"Plan the next meeting", "Close this mentorship…"} <= {c.title for c in app.get_system_commands(screen)}
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ClosureScreen) and app.screen.mentorship_ref == ada.id
        await pilot.press("escape")
        await settle(pilot)
        for key in ("escape", "escape"):
            await pilot.press(key)
            await settle(pilot)
        closed = await open_mentorship(pilot, "Grace")
        assert "closed 2026-06-30" in text_of(closed)
        assert not {"plan_meeting", "check_in", "new_goal", "close_mentorship"} & offered(closed)
        assert {"edit", "timeline"} <= offered(closed)
        titles = {c.title for c in app.get_system_commands(closed)}
        assert "Edit mentorship" in titles and "Close this mentorship…" not in titles
        await pilot.press("p", "k")
        await settle(pilot)
        assert app.screen is closed
        await pilot.press("c")  # a closed mentorship's `c` reviews its retrospective
        review = await retro_drawn(pilot)
        assert review.retro.kind == "mentorship" and review.retro.mentor == "Grace Hopper"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is closed


async def test_editing_a_closed_mentorship_keeps_its_cadence_field_shut(journal, ada, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await open_mentorship(pilot, "Grace")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MentorshipFormScreen)
        assert form.query_one("#mentorship-every", Input).disabled
        form.query_one("#mentorship-focus", Input).value = "Compilers and COBOL"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MentorshipScreen)
    grace = journal.mentorships.get("Grace")
    assert grace.focus == "Compilers and COBOL" and grace.status == MentorshipStatus.CLOSED


async def test_goal_form_mentorship_field_saves_the_link(journal, ada, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mentorship(pilot)
        await pilot.press("g")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, GoalFormScreen)
        field = form.query_one("#goal-mentorship", Select)
        assert field.value == ada.id
        grace = journal.mentorships.get("Grace").id
        values = [value for _, value in form._mentorships()]
        assert values == ["", ada.id]  # none, the active ones; not the closed one
        await pilot.press(*"Conference talk")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        goal = journal.goals.get("Conference talk")
        assert goal.mentorship == ada.id
        assert "Conference talk" in text_of(screen)
        # Editing a goal linked to a closed mentorship offers that one too; "none" unlinks.
        with journal.session.write() as conn:  # as a closing leaves a goal achieved with it (S164: no edit joins one)
            goal_rows.edit(conn, journal.goals.get(goal.id), {"mentorship_id": grace}, journal.session.now())
        app.push_screen(GoalFormScreen(journal, journal.goals.get(goal.id)))
        await settle(pilot)
        form = app.screen
        assert [value for _, value in form._mentorships()] == ["", ada.id, grace]
        field = form.query_one("#goal-mentorship", Select)
        assert field.value == grace
        field.value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert journal.goals.get(goal.id).mentorship is None
        assert "No goals linked yet." in text_of(screen)


async def test_screens_reload_after_another_connection_writes(journal, ada, app_for, db_path, clock):
    for i in range(60):
        journal.mentorships.add(f"Mentor {i:02}", since=f"2025-{1 + i % 12:02}-{1 + i // 12:02}")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await settle(pilot)
        listing = app.screen
        options = listing.query_one(OptionList)
        chosen = journal.mentorships.get("Mentor 40").id
        options.highlighted = options.get_option_index(chosen)
        await settle(pilot)
        scroll = options.scroll_y
        assert scroll > 0
        with Journal.open(db_path, clock=clock) as other:
            other.mentorships.add("Aaron Swartz", since="2026-11-20")  # sorts first: every row moves down
            other.mentorships.edit(chosen, focus="Moved by another process")
        app._poll()  # what the 2 s interval calls
        await settle(pilot)
        assert "Aaron Swartz" in text_of(listing) and "Moved by another process" in text_of(listing)
        assert listing.current_id == chosen
        assert options.scroll_y == pytest.approx(scroll, abs=1)
        screen = await open_mentorship(pilot)
        with Journal.open(db_path, clock=clock) as other:
            other.mentorships.edit("Ada", check_in_every=3, agreements="Changed elsewhere")
        app._poll()
        await settle(pilot)
        assert "every 3 days" in text_of(screen)
        assert screen.query_one("#mentorship-agreements", Markdown).source == "Changed elsewhere"


async def test_escape_with_typed_text_asks(journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        await pilot.press("escape")  # nothing typed: leaves at once
        await settle(pilot)
        assert isinstance(app.screen, MentorshipsScreen)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        await pilot.press(*"Ada")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("c")  # Cancel: back to the form, the text kept
        await settle(pilot)
        assert app.screen is form and form.query_one("#mentorship-mentor", Input).value == "Ada"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d", "y")  # Discard
        await settle(pilot)
        assert isinstance(app.screen, MentorshipsScreen)
        assert journal.mentorships.list() == []
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Grace", "escape")
        await settle(pilot)
        await pilot.press("s")  # Save
        await settle(pilot)
        assert isinstance(app.screen, MentorshipScreen)
        assert [m.mentor for m in journal.mentorships.list()] == ["Grace"]


async def test_palette_offers_new_mentorship_before_ending_one(journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Mentorships" in titles
        assert titles.index("New mentorship…") < titles.index("End a mentorship…")
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "New mentorship…")
        command.callback()
        await settle(pilot)
        assert isinstance(app.screen, MentorshipFormScreen)
        await pilot.press(*"Ada", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MentorshipScreen)
        assert app.screen.mentorship_id == journal.mentorships.get("Ada").id


@pytest.mark.catalogue("S237")
async def test_j_and_k_move_on_the_list_as_on_every_list(ada, journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await settle(pilot)
        options = app.screen.query_one(OptionList)
        assert options.highlighted == 0
        await pilot.press("j")
        assert options.highlighted == 1
        await pilot.press("k")
        assert options.highlighted == 0
