"""A mentorship's agreement and work plan in the app (issue 17, part 3): a on the mentorship
opens the agreement, e edits its parts, the history shows each change, x exports it, w shows the
work plan and enter opens a goal from it; the mentorship timeline says it all in words.

The fixed today is Mon 2026-11-23 (Europe/Berlin).
"""

from __future__ import annotations

import os
import stat

import pytest
from textual.widgets import Input, Markdown, OptionList, Static, TextArea

from journal.tui.screens.agreement import AgreementExportModal, AgreementScreen
from journal.tui.screens.agreement_form import AgreementFormScreen
from journal.tui.screens.goal_detail import GoalScreen
from journal.tui.screens.mentorships import MentorshipScreen, MentorshipsScreen
from journal.tui.screens.modals import ChoiceModal
from journal.tui.screens.timeline import TimelineScreen
from journal.tui.screens.work_plan import WorkPlanScreen
from tests.tui.conftest import CORPUS

SIZE = (120, 40)


async def settle(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def text_of(screen) -> str:
    parts = [str(w.render()) for w in screen.query(Static)]
    for options in screen.query(OptionList):
        parts += [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    return "\n".join(parts)


@pytest.fixture
def ada(journal):
    """A mentorship with a goal: one milestone done late, one missed, one ahead, a target date."""
    m = journal.mentorships.add("Ada Lovelace", focus="Speaking", since="2026-09-01", check_in_every=14)
    goal = journal.goals.add("Public speaking", specific="Give a 5-minute talk", by="2027-03-31", mentorship=m.id)
    journal.goals.add_milestone(goal.id, "Outline", due="2026-11-01")
    journal.goals.milestone_done(goal.id, "Outline", on="2026-11-03")
    journal.goals.add_milestone(goal.id, "Dry run", due="2026-11-20")
    journal.goals.add_milestone(goal.id, "Meetup talk", due="2026-12-05")
    return m


async def open_mentorship(pilot) -> MentorshipScreen:
    await pilot.press("m")
    await settle(pilot)
    assert isinstance(pilot.app.screen, MentorshipsScreen)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, MentorshipScreen)
    return pilot.app.screen


async def open_agreement(pilot) -> AgreementScreen:
    await open_mentorship(pilot)
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(pilot.app.screen, AgreementScreen)
    return pilot.app.screen


async def test_agree_ground_rules_and_confidentiality_and_see_both_in_the_history(ada, journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agreement(pilot)
        shown = text_of(screen)
        assert "Agreement with Ada Lovelace" in shown and "Agreed:       0 of 6 parts" in shown
        assert "Public speaking" in shown and "by 31 Mar 2027 (in 128 days)" in shown
        assert "Ground rules  ○ open" in shown
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AgreementFormScreen)
        assert app.focused is form.query_one("#agreement-input-ground_rules", TextArea)
        await pilot.press(*"We start on time; e g q t m are text here")
        await pilot.press("tab")
        assert app.focused is form.query_one("#agreement-input-confidentiality", TextArea)
        await pilot.press(*"What we say stays here")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        m = journal.mentorships.get(ada.id)
        assert m.parts == {"ground_rules": "We start on time; e g q t m are text here",
                           "confidentiality": "What we say stays here"}
        history = str(screen.query_one("#agreement-history", Static).render())
        assert "Ground rules changed" in history and "Confidentiality changed" in history
        assert "Mentorship added to the journal" in history
        assert history.index("Confidentiality changed") < history.index("Mentorship added")  # newest first
        assert "Ground rules  ✔ agreed" in text_of(screen)
        await pilot.press("h")
        assert not screen.history_shown
        await pilot.press("h")
        assert screen.history_shown


async def test_leaving_the_form_with_changes_asks_and_discard_keeps_nothing(ada, journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await open_agreement(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press(*"Half a thought")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("c")  # cancel: back to the form, the text still there
        await settle(pilot)
        assert isinstance(app.screen, AgreementFormScreen)
        assert app.screen.query_one("#agreement-input-ground_rules", TextArea).text == "Half a thought"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d", "y")
        await settle(pilot)
        assert isinstance(app.screen, AgreementScreen)
        assert journal.mentorships.get(ada.id).parts == {}


async def test_escape_without_changes_just_leaves(ada, journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await open_agreement(pilot)
        await pilot.press("e", "escape")
        await settle(pilot)
        assert isinstance(app.screen, AgreementScreen)


async def test_export_asks_the_format_writes_a_private_file_and_says_where(ada, journal, app_for, tmp_path):
    journal.agreements.set_parts(ada.id, {"ground": "On time", "conf": CORPUS})
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agreement(pilot)
        await pilot.press("x")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, AgreementExportModal)
        path_field = modal.query_one("#agreement-export-path", Input)
        assert path_field.value == f"~/agreement-ada-lovelace-{ada.short_id}.html"
        assert app.focused is path_field  # enter exports at once
        await pilot.press("shift+tab", "down", "enter")  # back to the format: Markdown
        await settle(pilot)
        assert modal.fmt == "markdown" and path_field.value.endswith(".md")
        target = tmp_path / "shared" / "agreement.md"
        target.parent.mkdir()
        path_field.value = str(target)
        path_field.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
        text = target.read_text(encoding="utf-8")
        assert text.startswith("# Agreement: mentorship with Ada Lovelace") and "## Work plan" in text
        assert any(str(target) in str(n.message) for n in app._notifications)


async def test_export_into_a_missing_folder_says_why_and_stays(ada, journal, app_for, tmp_path):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await open_agreement(pilot)
        await pilot.press("x")
        await settle(pilot)
        modal = app.screen
        field = modal.query_one("#agreement-export-path", Input)
        field.value = str(tmp_path / "nowhere" / "agreement.html")
        field.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is modal
        assert "the folder does not exist" in str(modal.query_one("#agreement-export-error", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AgreementScreen)


async def test_the_work_plan_in_words_and_enter_opens_the_goal(ada, journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await open_mentorship(pilot)
        await pilot.press("w")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WorkPlanScreen)
        shown = text_of(screen)
        assert "1 done · 1 missed · 2 ahead  ⚠" in shown and "overdue" not in shown  # counted once (S241)
        assert "missed, 3 days late  Dry run" in shown  # overdue said in words, not colour only (first: S225)
        assert "done 3 Nov 2026, 2 days late  Outline" in shown
        assert "▸ today" in shown and "due in 128 days  Target date" in shown
        assert screen.current is not None and screen.current.what == "Meetup talk"  # what comes next
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
        assert app.screen.goal_id == journal.goals.get("Public").id


async def test_the_work_plan_refreshes_when_the_journal_changes(ada, journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await open_mentorship(pilot)
        await pilot.press("a", "w")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WorkPlanScreen)
        journal.goals.milestone_done("Public", "Dry run", on="2026-11-22")
        from journal.tui.messages import JournalChanged

        app.post_message(JournalChanged())
        await settle(pilot)
        assert "done 22 Nov 2026, 2 days late  Dry run" in text_of(screen)
        assert screen.current is not None and screen.current.what == "Meetup talk"  # the place is kept


async def test_hostile_text_shows_as_typed_and_links_do_not_open(ada, journal, app_for):
    journal.agreements.set_parts(ada.id, {"ground": CORPUS + "\n\n[a link](https://example.com)"})
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_agreement(pilot)
        markdown = screen.query_one("#agreement-part-ground_rules", Markdown)
        assert "\x1b" not in markdown.source and "PWNED" in markdown.source
        assert app.return_code is None  # nothing in it acted
        history = str(screen.query_one("#agreement-history", Static).render())
        assert "\x1b" not in history


async def test_the_mentorship_timeline_says_the_agreement_in_words(ada, journal, app_for):
    journal.agreements.set_parts(ada.id, {"ground": "On time"})
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await open_mentorship(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
        rows = text_of(app.screen)
        assert "§ Ground rules changed  On time" in rows
        assert "☍ Mentorship with Ada Lovelace began" in rows
        assert "ground_rules" not in rows


async def test_a_and_w_are_on_the_mentorships_footer_and_in_its_palette(ada, journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mentorship(pilot)
        offered = {b.action for b in screen.BINDINGS if screen.check_action(b.action, ()) is True}
        assert {"agreement", "work_plan"} <= offered
        titles = [c.title for c in screen.commands()]
        assert "Agreement" in titles and "Work plan" in titles


def test_timeline_rows_of_the_new_events_read_as_words():
    from datetime import date

    from journal.domain.model import Lens
    from journal.domain.timeline import TimelineEvent
    from journal.tui.widgets.timeline_view import event_row

    day = date(2026, 11, 23)
    rows = [event_row(TimelineEvent(day, kind, title, detail=detail, lens=lens, entry_id=entry)).plain
            for kind, title, detail, lens, entry in (
                ("goal-decision", "Public speaking: carried on alone", "", None, None),
                ("mentorship", "Mentorship closed", "", None, None),
                ("agreement", "Ground rules changed", "On time", None, None),
                ("follow-up-due", "Pause first", "follow-up of the feedback from Dana of 2026-11-20", Lens.INSIGHT,
                 "e1"),
                ("entry", "On my demo", "feedback from Dana", Lens.HINDSIGHT, "e1"),
            )]
    assert [row.split("│ ", 1)[1].strip() for row in rows] == [
        "⇢ Public speaking: carried on alone",
        "☍ Mentorship closed",
        "§ Ground rules changed  On time",
        "↻ follow-up: Pause first  follow-up of the feedback from Dana of 2026-11-20",
        "◀ On my demo  feedback from Dana",
    ]
