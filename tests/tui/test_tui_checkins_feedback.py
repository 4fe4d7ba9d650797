"""Issue 17, doing the work, in the app: a check-in rating the four focus areas (from a mentorship's
`k`), a feedback entry with its follow-up and date, the follow-up due and answered from the due
screen, a goal audit from the goal screen, the details in the entry view, and drafts that keep
them. Snapshots of compose with the ratings and with the feedback fields at the three sizes are
in the screen tour (tests/tui/screen_tour.py: compose-check-in, compose-feedback).

The fixed today is Mon 2026-11-23 (Europe/Berlin).
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from textual.widgets import Input, OptionList, Select, Static, TextArea

from journal.domain.model import Draft, Kind, Lens
from journal.services import EntryInput
from journal.tui.messages import EntryOpenRequested
from journal.tui.screens.compose import ComposeScreen
from journal.tui.screens.due import DueScreen
from journal.tui.screens.entry import EntryScreen
from journal.tui.screens.goal_detail import GoalScreen
from journal.tui.screens.home import HomeScreen
from journal.tui.screens.mentorships import MentorshipScreen
from journal.tui.widgets.entry_details import EntryDetails, RatingSet

SIZE = (120, 40)


def box_shown(screen, selector: str) -> bool:
    """A box of compose's details is there and shown (each kind's are made when it is chosen)."""
    return any(box.display for box in screen.query(selector))


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


async def type_into(pilot, selector: str, text: str) -> None:
    pilot.app.screen.query_one(selector).focus()
    await pilot.pause()
    await pilot.press(*text)
    await pilot.pause()


async def rate(pilot, area: str, digit: str) -> None:
    """Type a digit on an area's row of ratings (the row has focus, as after tab)."""
    pilot.app.screen.query_one(f"#rating-{area}", RatingSet).focus()
    await pilot.pause()
    await pilot.press(digit)
    await pilot.pause()


@pytest.fixture
def ada(seeded):
    return seeded.mentorships.add("Ada Lovelace", focus="Speaking", since="2026-09-01", check_in_every=14)


def feedback_due_today(journal):
    return journal.entries.write(EntryInput(
        "Too fast in the middle.", kind="feedback", revisit="today",
        details={"from": "Dana", "asked": "Was the pace right?", "follow_up": "Pause after each slide"}))


# ------------------------------------------------------------------ check-ins
async def test_a_check_in_from_the_mentorship_screen_rates_the_four_areas(seeded, ada, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(MentorshipScreen(seeded, ada.id))
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ComposeScreen)
        assert box_shown(screen, "#check-in-box") and not box_shown(screen, "#feedback-box")  # made when chosen
        assert "Goals — not rated" in text_of(screen)
        await pilot.press(*"Steady week; the outline is done.")  # the text has focus
        for area, digit in (("goals", "4"), ("relationship", "3"), ("process", "5"), ("time", "2")):
            await rate(pilot, area, digit)
        shown = text_of(screen)
        assert "Goals — good (4)" in shown and "Relationship — mixed (3)" in shown
        assert "Process and pace — going well (5)" in shown and "Meeting time — struggling (2)" in shown
        assert "4 of 4 areas rated" in str(screen.query_one("#form-state", Static).render())
        await rate(pilot, "time", "1")  # a digit again changes it
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MentorshipScreen)
    entry = seeded.entries.list(limit=1)[0]
    assert (entry.kind, entry.mentorship, entry.body) == (Kind.CHECK_IN, ada.id, "Steady week; the outline is done.")
    assert entry.details == {"goals": 4, "relationship": 3, "process": 5, "time": 1}


async def test_ratings_move_with_arrows_clear_with_zero_and_an_unrated_area_is_not_saved(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_compose(Draft(body="Half a check-in.", kind=Kind.CHECK_IN))
        await settle(pilot)
        goals = app.screen.query_one("#rating-goals", RatingSet)
        goals.focus()
        await pilot.press("right", "right", "space")  # the RadioSet's own keys still work
        await pilot.pause()
        assert goals.rating == 3
        await rate(pilot, "process", "5")
        await rate(pilot, "process", "0")  # cleared
        assert app.screen.query_one("#rating-process", RatingSet).rating is None
        assert app.screen.query_one(EntryDetails).details(Kind.CHECK_IN) == {"goals": 3}
        for key in "qgtmu?n":  # one-key commands of the app stay away: the row is a form control
            await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, ComposeScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert seeded.entries.list(limit=1)[0].details == {"goals": 3}


async def test_the_ratings_go_with_the_kind_and_come_back_with_it(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_compose(Draft(body="Check-in, then not.", kind=Kind.CHECK_IN))
        await settle(pilot)
        await rate(pilot, "goals", "4")
        screen = app.screen
        screen.query_one("#kind", Select).value = "note"
        await pilot.pause()
        assert not screen.query_one(EntryDetails).display
        assert screen.read_form().details == {}  # a note keeps none
        screen.query_one("#kind", Select).value = "check-in"
        await pilot.pause()
        assert screen.read_form().details == {"goals": 4}  # still there, as typed


# ------------------------------------------------------------------ feedback
async def test_a_feedback_entry_with_from_asked_follow_up_and_a_date(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "enter")  # past the empty title, on to the text
        await pilot.press(*"She said the middle went too fast.")
        screen = app.screen
        screen.query_one("#kind", Select).focus()
        await pilot.press("enter", "down", "down", "down", "enter")  # note → feedback
        await pilot.pause()
        assert box_shown(screen, "#feedback-box") and not box_shown(screen, "#check-in-box")
        await type_into(pilot, "#feedback-from", "Dana")
        await type_into(pilot, "#feedback-asked", "Was the pace right?")
        await type_into(pilot, "#follow-up-on", "in 2 weeks")
        echo = str(screen.query_one("#follow-up-echo", Static).render())
        assert "Mon 07 Dec 2026 (in 14 days): say what you will try, above" in echo
        await type_into(pilot, "#feedback-follow-up", "Pause after each slide")
        echo = str(screen.query_one("#follow-up-echo", Static).render())
        assert echo == "→ Mon 07 Dec 2026 (in 14 days), then listed as due"
        assert "follow up Mon 07 Dec 2026" in str(screen.query_one("#form-state", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    entry = seeded.entries.list(limit=1)[0]
    assert entry.kind == Kind.FEEDBACK and entry.revisit_on == date(2026, 12, 7)
    assert entry.details == {"from": "Dana", "asked": "Was the pace right?", "follow_up": "Pause after each slide"}


async def test_a_past_follow_up_date_is_warned_at_once_and_refused_on_save(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.open_compose(Draft(body="What Li said.", kind=Kind.FEEDBACK, details={"follow_up": "Ask earlier"}))
        await settle(pilot)
        await type_into(pilot, "#follow-up-on", "2026-11-01")
        assert "in the past: a follow-up date looks ahead" in str(app.screen.query_one("#follow-up-echo").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ComposeScreen)  # still writing, nothing lost
        [error] = [n for n in app._notifications if n.severity == "error"]
        assert "a follow-up date is ahead of today" in error.message and "What Li said" not in error.message
    assert [d.details for d in seeded.drafts.list()] == [{"follow_up": "Ask earlier"}]


async def test_editing_shows_the_details_and_a_foresight_feedback_uses_its_revisit(seeded, app_for):
    entry = seeded.entries.write(EntryInput("Talk went fast.", kind="feedback", revisit="tomorrow",
                                            details={"from": "Dana", "follow_up": "Pause"}))
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.post_message(EntryOpenRequested(entry.id))
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)
        shown = text_of(app.screen)
        assert "feedback from: Dana" in shown and "will try: Pause  by Tue 24 Nov 2026  (not answered yet)" in shown
        assert app.screen.check_action("answer", ()) is True  # a follow-up not answered yet
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ComposeScreen)
        assert screen.query_one("#feedback-from", Input).value == "Dana"
        assert screen.query_one("#follow-up-on", Input).value == "2026-11-24"
        assert box_shown(screen, "#follow-up-box")
        screen.query_one("#follow-up-on", Input).focus()
        await pilot.press("f7")  # foresight: its revisit date is the follow-up's day
        await pilot.pause()
        assert not box_shown(screen, "#follow-up-box") and screen.query_one("#revisit-box").display
        assert screen.query_one("#body", TextArea).has_focus  # not a field that went
        assert screen.query_one("#revisit", Input).value == "2026-11-24"
        await pilot.press("f5")
        await pilot.pause()
        await type_into(pilot, "#feedback-asked", "Too fast?")
        await pilot.press("ctrl+s")
        await settle(pilot)
    edited = seeded.entries.get(entry.id)
    assert edited.details == {"from": "Dana", "asked": "Too fast?", "follow_up": "Pause"}
    assert edited.revisit_on == date(2026, 11, 24)


# ------------------------------------------------------------------ due and answering
async def test_the_due_screen_lists_a_follow_up_and_a_answers_it(seeded, app_for):
    entry = feedback_due_today(seeded)
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, DueScreen)
        assert "↻ follow up: Try: Pause after each slide — feedback from Dana  today" in text_of(app.screen)
        panel = app.screen.query_one("#due-list", OptionList)
        panel.highlighted = next(i for i in range(panel.option_count)
                                 if "follow up" in str(panel.get_option_at_index(i).prompt))
        await pilot.press("a")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ComposeScreen) and screen.answers is not None and screen.answers.id == entry.id
        assert screen.query_one("#title", Input).value == "How it went: Pause after each slide"
        quote = str(screen.query_one("#answers-quote", Static).render())
        assert "Feedback from Dana" in quote and "you said you would try:" in quote
        assert "Pause after each slide" in quote
        assert screen._lens() == Lens.HINDSIGHT
        await pilot.press(*"I paused twice; the room caught up.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DueScreen)
        assert "follow up" not in text_of(app.screen)  # answered: no longer due
    answer = seeded.entries.list(limit=1)[0]
    assert answer.answers == entry.id and answer.lens == Lens.HINDSIGHT


async def test_a_follow_up_becomes_due_when_its_day_comes(seeded, app_for, clock):
    seeded.entries.write(EntryInput("Notes from Li.", kind="feedback", revisit="in 3 days",
                                    details={"from": "Li", "follow_up": "Ask for the slides earlier"}))
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert "follow up" not in text_of(app.screen)
        clock.set(datetime(2026, 11, 27, 8, 0, tzinfo=clock.tzinfo))
        app.screen.reload()
        await settle(pilot)
        assert "follow up: Try: Ask for the slides earlier — feedback from Li  1d" in text_of(app.screen)


async def test_enter_on_a_follow_up_answers_it_too_and_a_elsewhere_says_what_enter_does(seeded, ada, app_for):
    entry = feedback_due_today(seeded)  # and Ada's check-in is due (every 14 days since September)
    app = app_for(seeded)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        panel = app.screen.query_one("#due-list", OptionList)
        rows = [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]
        panel.highlighted = next(i for i, row in enumerate(rows) if row.startswith("☉ check in: Ada"))
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, DueScreen)
        assert any("enter writes about this one" in n.message for n in app._notifications)
        panel.highlighted = next(i for i, row in enumerate(rows) if "follow up" in row)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ComposeScreen) and app.screen.answers.id == entry.id


async def test_the_entry_view_answers_a_follow_up_and_then_shows_its_answer(seeded, app_for):
    entry = feedback_due_today(seeded)
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.post_message(EntryOpenRequested(entry.id))
        await settle(pilot)
        assert app.screen.check_action("answer", ()) is True
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ComposeScreen)
        await pilot.press(*"Done; it helped.", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)
        assert app.screen.check_action("answer", ()) is False
        assert "✓ answered by: How it went: Pause after each slide" in text_of(app.screen)


# ------------------------------------------------------------------ the entry view
async def test_the_entry_view_shows_a_check_in_s_ratings_in_words(seeded, app_for):
    entry = seeded.entries.write(EntryInput("Week 3.", kind="check-in",
                                            details={"goals": 4, "relationship": 3, "time": 5}))
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.post_message(EntryOpenRequested(entry.id))
        await settle(pilot)
        assert ("ratings: goals: good (4) · relationship: mixed (3) · meeting time: going well (5)"
                in text_of(app.screen))
        assert app.screen.check_action("answer", ()) is False


# ------------------------------------------------------------------ goal audits
async def test_the_goal_screen_audit_key_writes_a_goal_audit_on_the_goal(seeded, app_for):
    goal = seeded.goals.get("Public speaking")
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(GoalScreen(seeded, goal.id))
        await settle(pilot)
        assert "Audits  none yet: r walks the goal-audit questions" in text_of(app.screen)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ComposeScreen)
        assert screen.query_one("#kind", Select).value == "goal-audit"
        assert screen.query_one("#title", Input).value == "Goal audit: Public speaking"
        assert screen.read_form().goals == (goal.id,)
        area = screen.query_one("#body", TextArea)
        assert area.text.startswith("## Knowing what you know now, would you still choose this goal today?")
        assert area.has_focus and area.cursor_location == (1, 0)  # in the first answer
        await pilot.press(*"Yes, more than before.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
        shown = text_of(app.screen)
        assert "Audits  1 audit, the last Mon 23 Nov 2026 (today)" in shown
        assert "Goal audit: Public speaking" in shown  # among the goal's entries
    audit = seeded.entries.list(limit=1)[0]
    assert audit.kind == Kind.GOAL_AUDIT and [g.id for g in audit.goals] == [goal.id]
    assert audit.body == "## Knowing what you know now, would you still choose this goal today?\nYes, more than before."
    _, events = seeded.timeline.build(goal.id)
    assert audit.id in {e.entry_id for e in events}  # the audit's answers are on the goal's timeline


async def test_a_goal_audit_with_nothing_written_is_not_saved(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.push_screen(GoalScreen(seeded, seeded.goals.get("Public speaking").id))
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ComposeScreen)
        assert any("Nothing is written under the questions" in n.message for n in app._notifications)
    assert seeded.entries.count() == 5


# ------------------------------------------------------------------ drafts
async def test_the_details_survive_a_checkpoint_and_come_back(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_compose(Draft(body="Half written.", kind=Kind.FEEDBACK))
        await settle(pilot)
        await type_into(pilot, "#feedback-from", "Dana")
        await type_into(pilot, "#feedback-follow-up", "Slow down")
        await type_into(pilot, "#follow-up-on", "in 1 week")
        assert app.keeper.checkpoint()  # what the debounce timer, a signal or a crash call
    [draft] = seeded.drafts.list()
    assert (draft.kind, draft.details, draft.revisit) == (Kind.FEEDBACK, {"from": "Dana", "follow_up": "Slow down"},
                                                          "2026-11-30")  # the day it meant (S361)
    again = app_for(seeded)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        again.open_compose(draft)
        await settle(pilot)
        screen = again.screen
        assert isinstance(screen, ComposeScreen)
        assert screen.query_one("#feedback-from", Input).value == "Dana"
        assert screen.query_one("#follow-up-on", Input).value == "2026-11-30"
        await pilot.press("ctrl+s")
        await settle(pilot)
    entry = seeded.entries.list(limit=1)[0]
    assert entry.details == {"from": "Dana", "follow_up": "Slow down"} and entry.revisit_on == date(2026, 11, 30)
    assert seeded.drafts.list() == []


async def test_a_rated_check_in_survives_a_checkpoint(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_compose(Draft(body="Rated, not saved.", kind=Kind.CHECK_IN))
        await settle(pilot)
        await rate(pilot, "relationship", "2")
        assert app.keeper.checkpoint()
    [draft] = seeded.drafts.list()
    assert draft.details == {"relationship": 2}
    again = app_for(seeded)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        again.open_compose(draft)
        await settle(pilot)
        assert again.screen.query_one("#rating-relationship", RatingSet).rating == 2


@pytest.mark.catalogue("S367")
async def test_a_draft_taken_up_again_says_what_it_answers(seeded, app_for):
    entry = feedback_due_today(seeded)
    draft_id = seeded.drafts.save(Draft(body="I paused twice.", lens=Lens.HINDSIGHT, answers=entry.id,
                                        title="How it went: Pause after each slide"))
    seeded.drafts.mark_offered(draft_id)  # put off: opened from the palette
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        draft = seeded.drafts.get(draft_id)
        assert draft is not None
        app.open_compose(draft)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ComposeScreen) and screen.answers is not None and screen.answers.id == entry.id
        assert "Feedback from Dana" in str(screen.query_one("#answers-quote", Static).render())
        assert "answering “" in text_of(screen)
