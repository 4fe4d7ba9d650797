"""Faults found from the outside in stop 35 (terminal UI): each test names its catalogue case."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from journal.tui.screens.compose import ComposeScreen
from journal.tui.screens.mentorship_form import MentorshipFormScreen
from journal.tui.screens.mentorships import MentorshipScreen
from journal.tui.widgets.text_input import TextInput
from tests.tui.test_review_tui_stop33 import _screen_lines, showing
from tests.tui.test_tui_checkins_feedback import settle

AT_80 = (80, 24)


@pytest.mark.catalogue("S277")
async def test_a_name_holding_escapes_never_reaches_the_terminal_from_a_field(journal, app_for):
    m = journal.mentorships.add("Zed\x1b]2;PWNED\x07Z\x1b[31mRED")
    app = app_for(journal)
    async with app.run_test(size=AT_80) as pilot:
        await settle(pilot)
        await showing(pilot, MentorshipScreen(journal, m.id))
        await pilot.press("k")  # a check-in: its title is "Check-in with" and the name
        await settle(pilot)
        assert isinstance(app.screen, ComposeScreen)
        title = app.screen.query_one("#title", Input)
        assert title.value == "Check-in with Zed\x1b]2;PWNED\x07Z\x1b[31mRED"  # kept as it is
        shown = _screen_lines(app)
        assert "Check-in with Zed␛]2;PWNED␇Z␛[31mRED" in shown and not any(c in shown for c in "\x1b\x07")
        title.action_end()
        assert title._cursor_offset == len(title.value) + 1  # one cell per pictured character
        await pilot.press("escape")
        await settle(pilot)
        form = await showing(pilot, MentorshipFormScreen(journal, m))
        shown = _screen_lines(app)
        assert "Zed␛]2;PWNED␇Z" in shown and not any(c in shown for c in "\x1b\x07")
        assert "\x1b" not in form.sub_title
        assert all(isinstance(field, TextInput) for field in form.query(Input))


def test_every_one_line_field_of_the_tui_is_a_text_input():
    """No screen builds Textual's Input itself (its value would be drawn raw)."""
    import re
    from pathlib import Path

    import journal.tui

    built = [f"{path.name}:{n}" for path in Path(journal.tui.__file__).parent.rglob("*.py")
             for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
             if re.search(r"(?<![\w.])Input\(", line)]
    assert built == []


@pytest.mark.catalogue("S278")
async def test_a_meeting_planned_for_today_is_due_today_and_an_old_one_overdue_in_the_list(journal, app_for, clock):
    from datetime import timedelta

    from journal.tui.screens.mentorships import MentorshipsScreen

    m = journal.mentorships.add("Dana", focus="Speaking")
    journal.mentorships.plan_meeting(m.id, "today")
    app = app_for(journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await showing(pilot, MentorshipScreen(journal, m.id))
        shown = _screen_lines(app)
        assert "(due today)" in shown and "was due" not in shown
        app.pop_screen()
        clock.set(clock.now() + timedelta(days=3))
        await showing(pilot, MentorshipsScreen(journal))
        assert "active  meeting overdue  Dana" in _screen_lines(app)
        await showing(pilot, MentorshipScreen(journal, m.id))
        assert "⚠ meeting was due 2026-11-23 (3 days ago)" in _screen_lines(app)


@pytest.mark.catalogue("S279")
async def test_why_a_long_form_was_not_saved_is_in_view_at_80x24(journal, app_for):
    from textual.widgets import Input

    from journal.tui.screens.goal_form import GoalFormScreen

    app = app_for(journal)
    async with app.run_test(size=AT_80) as pilot:
        await settle(pilot)
        form = await showing(pilot, MentorshipFormScreen(journal))
        assert not form.query_one(".form-error").display  # no empty line kept for it
        form.query_one("#mentorship-mentor", Input).value = "Future Fay"
        form.query_one("#mentorship-since", Input).value = "in 10 days"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and "cannot start in the future" in _screen_lines(app)
        form.query_one("#mentorship-mentor", Input).value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        shown = _screen_lines(app)
        assert "needs the mentor's name" in shown and form.focused.id == "mentorship-mentor"
        app.pop_screen()
        await settle(pilot)
        form = await showing(pilot, GoalFormScreen(journal))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and "A goal needs a title." in _screen_lines(app)


def test_a_count_of_three_digits_keeps_its_space_before_the_next_lens():
    from journal.tui.widgets.timeline_view import counts_text

    assert counts_text({"hindsight": 120, "insight": 3}).plain.startswith("◀120 ◆3  ▶0")


@pytest.mark.catalogue("S281")
async def test_the_timeline_shows_its_first_row_and_its_key_on_one_line_at_80(journal, app_for):
    from datetime import date, timedelta

    from journal.services import EntryInput
    from journal.tui.screens.timeline import TimelineScreen
    from journal.tui.widgets.timeline_view import TimelineView

    goal = journal.goals.add("Speak up")
    for n in range(40):
        day = date(2026, 8, 1) + timedelta(days=2 * n)
        journal.entries.write(EntryInput(f"Step {n}", goals=[goal.id], when=day.isoformat()))
    app = app_for(journal)
    async with app.run_test(size=AT_80) as pilot:
        await settle(pilot)
        await showing(pilot, TimelineScreen(journal, goal=goal.id))
        lines = _screen_lines(app).splitlines()
        assert any("lenses by week" in line and "▶ foresight" in line for line in lines)
        view = app.screen.query_one(TimelineView)
        first_row = str(view.get_option_at_index(0).prompt)
        assert "Sat 01 Aug 2026" in first_row and first_row not in _screen_lines(app)  # the newest rows show
        await pilot.press("home")
        await settle(pilot)
        assert "Sat 01 Aug 2026" in _screen_lines(app)  # the oldest day's heading, not only its entry
        top = view.highlighted
        await pilot.press("up")
        await settle(pilot)
        assert view.highlighted == top  # no wrap round to the newest
        await pilot.press("end")
        await settle(pilot)
        bottom = view.highlighted
        await pilot.press("down")
        await settle(pilot)
        assert view.highlighted == bottom


@pytest.mark.catalogue("S283")
async def test_an_export_onto_a_file_that_is_there_asks_first(journal, app_for, tmp_path):
    from journal.tui.screens.agreement import AgreementExportModal, AgreementScreen
    from journal.tui.screens.modals import ChoiceModal
    from journal.tui.screens.retrospective import RetroScreen
    from tests.tui.test_tui_retrospective import closed_goal, export

    m = journal.mentorships.add("Kim")
    journal.agreements.set_parts(m.id, {"ground": "On time"})
    mine = tmp_path / "notes.html"
    mine.write_text("IMPORTANT", encoding="utf-8")
    goal = closed_goal(journal)
    app = app_for(journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await showing(pilot, AgreementScreen(journal, m.id))
        await pilot.press("x")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, AgreementExportModal)
        modal.query_one("#agreement-export-path", Input).value = str(mine)
        modal.query_one("#agreement-export-path", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal) and "Replace it?" in _screen_lines(app)
        await pilot.press("escape")  # no: the file stays, the export form too
        await settle(pilot)
        assert app.screen is modal and mine.read_text(encoding="utf-8") == "IMPORTANT"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("r")  # Replace
        await settle(pilot)
        assert isinstance(app.screen, AgreementScreen) and "Agreement" in mine.read_text(encoding="utf-8")
        mine.write_text("IMPORTANT", encoding="utf-8")
        app.push_screen(RetroScreen(journal, goal=goal.id))
        from tests.tui.conftest import retro_drawn

        screen = await retro_drawn(pilot)
        await export(pilot, screen, mine)
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("c")  # Cancel
        await settle(pilot)
        assert app.screen is screen and mine.read_text(encoding="utf-8") == "IMPORTANT"
        screen.action_export()
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert app.screen is screen and "<html" in mine.read_text(encoding="utf-8")


@pytest.mark.catalogue("S285")
async def test_a_mentorships_recent_entries_keep_their_titles_at_80(journal, app_for):
    from journal.services import EntryInput

    m = journal.mentorships.add("Dana Whitfield")
    journal.entries.write(EntryInput("Went well", title="Check-in about the conference talk", kind="check-in",
                                     mentorship=m.id, lens="insight", when="2026-11-20 10:00"))
    journal.entries.write(EntryInput("Notes", title="Meeting on the first draft", kind="meeting",
                                     mentorship=m.id, when="2026-11-18"))
    app = app_for(journal)
    async with app.run_test(size=AT_80) as pilot:
        await settle(pilot)
        await showing(pilot, MentorshipScreen(journal, m.id))
        shown = _screen_lines(app)
        assert "✓ check-in ◆ Check-in about the con" in shown and "● meeting  ◀ Meeting on the first" in shown
        assert "Fri 20 Nov 2026 10:00" in shown and "Entries  enter opens · t timeline" in shown


@pytest.mark.catalogue("S525")
async def test_a_mentorships_feedback_entries_are_marked_as_its_check_ins_are(journal, app_for):
    """Helper review: the mentorship's entries marked a check-in "✓ check-in" and a meeting, but a
    feedback entry ("Too direct in the meeting") showed only its lens."""
    from journal.services import EntryInput

    m = journal.mentorships.add("Sam")
    journal.entries.write(EntryInput("He said so", title="Too direct in the meeting", kind="feedback",
                                     mentorship=m.id, lens="insight", details={"from": "Sam"}))
    app = app_for(journal)
    async with app.run_test(size=AT_80) as pilot:
        await settle(pilot)
        await showing(pilot, MentorshipScreen(journal, m.id))
        assert "✎ feedback ◆ Too direct in the" in _screen_lines(app)
