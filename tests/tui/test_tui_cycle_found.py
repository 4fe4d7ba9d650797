"""What trying the mentee's cycle as a new user found (catalogue O113–O118), each with its fix:
keys typed as compose opens never replace a given title; feedback has a key of its own and its
answer stays in the mentorship; a closed mentorship still shows the goals its closing decided
about; a conversation note starts in its text with the day after it; the retrospective's
goal history names mentors, never their ids.

The fixed today is Mon 2026-11-23 (Europe/Berlin).
"""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static, TextArea

from journal.domain.model import EntryInput, Kind
from journal.domain.practice import Candidate, Criterion, Shortlist, leaders, leading_words
from journal.tui.screens.compose import ComposeScreen
from journal.tui.screens.mentorships import MentorshipScreen
from journal.tui.screens.shortlist_forms import NoteModal

from tests.tui.test_tui_mentorship_closure import open_mentorship, settle

SIZE = (120, 40)


@pytest.mark.catalogue("O113")
async def test_keys_typed_as_a_check_in_opens_go_to_its_text_and_keep_its_title(journal, app_for):
    journal.mentorships.add("Ben Osei")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await open_mentorship(pilot, "Ben")
        await pilot.press("k", *"Good week")  # no pause: typed while compose opens
        await settle(pilot)
        assert isinstance(app.screen, ComposeScreen)
        assert app.screen.query_one("#title", Input).value == "Check-in with Ben Osei"
        assert app.screen.query_one("#body", TextArea).text == "Good week"


@pytest.mark.catalogue("O114")
async def test_feedback_has_its_key_and_answering_its_follow_up_stays_in_the_mentorship(journal, app_for):
    ben = journal.mentorships.add("Ben Osei")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await open_mentorship(pilot, "Ben")
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, ComposeScreen)
        assert (app.screen.initial.kind, app.screen.initial.mentorship) == (Kind.FEEDBACK, ben.id)
        await pilot.press("escape")
        await settle(pilot)
        feedback = journal.entries.write(EntryInput("Slow down.", kind="feedback", mentorship=ben.id,
                                                    details={"from": "Ben", "follow_up": "Pause after slides"},
                                                    revisit="today"))
        app.answer_foresight(journal.entries.get(feedback.id))
        await settle(pilot)
        assert isinstance(app.screen, ComposeScreen)
        assert app.screen.initial.title == "How it went: Pause after slides"
        assert app.screen.initial.mentorship == ben.id  # the answer is in the mentorship too


@pytest.mark.catalogue("O115")
async def test_a_closed_mentorship_shows_what_its_closing_decided_for_each_goal(journal, app_for):
    ben = journal.mentorships.add("Ben Osei", since="2026-10-01")
    journal.goals.add("Handling conflict", mentorship=ben.id)
    journal.mentorships.close("Ben", goals={"Handling conflict": "keep"})
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mentorship(pilot, "Ben")
        assert isinstance(screen, MentorshipScreen)
        goals = str(screen.query_one("#mentorship-goals", Static).render())
        assert "Handling conflict" in goals and "at the closing: carried on alone" in goals
        assert "No goals linked" not in goals


@pytest.mark.catalogue("O116")
async def test_a_conversation_note_starts_in_its_text_and_tab_reaches_the_day(journal, app_for):
    sl = journal.shortlists.new("Leadership mentor")
    journal.shortlists.add_candidate(sl.id, "Ana Ruiz")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(NoteModal(journal, sl.id, journal.shortlists.get(sl.id).candidates[0]))
        await settle(pilot)
        await pilot.press(*"Warm", "tab", *"yesterday")
        await settle(pilot)
        assert app.screen.query_one("#note-text", TextArea).text == "Warm"
        assert app.screen.query_one("#note-day", Input).value == "yesterday"
        assert "What was said" in str(app.screen.query_one(".field-label", Static).render())


@pytest.mark.catalogue("O117")
def test_the_retrospective_names_the_mentor_a_goal_moved_to_never_its_id(journal):
    ben = journal.mentorships.add("Ben Osei")
    goal = journal.goals.add("Handling conflict")
    journal.goals.edit(goal.id, mentorship=ben.id)
    journal.entries.write(EntryInput("Tried it.", goals=[goal.id]))
    journal.goals.close(goal.id, "achieved")
    text = journal.closure.render(journal.closure.retrospective(goal.id), "markdown")
    assert ben.id not in text and "Ben Osei" in text


def test_the_leading_candidate_meets_every_must_have():
    sl = Shortlist("s", "Mentor", criteria=[Criterion("m", "Led teams", must=True), Criterion("w", "Time", weight=5)],
                   candidates=[Candidate("a", "Zed", scores={"m": 0, "w": 5}), Candidate("b", "Ana", scores={"m": 1})])
    assert [c.name for c in leaders(sl)] == ["Ana"]
    sl.candidates[1].scores["m"] = 0
    assert leaders(sl) == []


@pytest.mark.catalogue("S393")
def test_candidates_tied_for_the_lead_are_all_named():
    sl = Shortlist("s", "Coach", criteria=[Criterion("m", "Published", must=True), Criterion("w", "Kind", weight=5)],
                   candidates=[Candidate("a", "Ann", scores={"m": 1, "w": 4}),
                               Candidate("b", "Bob", scores={"m": 1, "w": 4}),
                               Candidate("c", "Cy", scores={"m": 1, "w": 3})])
    assert leading_words(sl) == "Ann and Bob (tied)"
    sl.candidates[2].scores["w"] = 4
    assert leading_words(sl) == "Ann, Bob and Cy (tied)"
    sl.candidates[0].scores["w"] = 5
    assert leading_words(sl) == "Ann"


@pytest.mark.catalogue("S462")
async def test_feedback_on_a_mentorship_comes_from_its_mentor(journal, app_for):
    journal.mentorships.add("Ben Osei")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await open_mentorship(pilot, "Ben")
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, ComposeScreen)
        assert app.screen.query_one("#feedback-from", Input).value == "Ben Osei"
        await pilot.press(*"Slow down.", "ctrl+s")
        await settle(pilot)
    [entry] = journal.entries.list(journal.entries.filter(kind="feedback"))
    assert entry.details.get("from") == "Ben Osei"


@pytest.mark.catalogue("S469")
def test_the_agreement_in_short_says_a_part_has_more_lines(journal):
    from journal.tui.screens.mentorships import parts_text

    m = journal.mentorships.add("Ben Osei")
    journal.agreements.set_parts(m.id, {"ground-rules": "- Come prepared\n- Be honest about what did not work\n",
                                        "confidentiality": "What is said stays here"})
    text = parts_text(journal.mentorships.get(m.id)).plain
    assert "Ground rules: Come prepared (+1 more)" in text
    assert "Confidentiality: What is said stays here\n" in text
