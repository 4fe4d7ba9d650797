"""Compose has every field the CLI has (kind, mentorship, revisit), starts where a person
expects, answers a foresight entry from the entry view, and writes from a template (issue 16)."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input, Select, TextArea

from journal.domain.model import Kind, Lens
from journal.services import EntryInput
from journal.tui.messages import EntryOpenRequested
from journal.tui.screens.compose import ComposeScreen, first_answer
from journal.tui.screens.entry import EntryScreen
from journal.tui.screens.home import HomeScreen
from journal.tui.screens.modals import PickModal
from journal.tui.widgets.entry_list import EntryList

SIZE = (120, 40)


@pytest.fixture
def mentored(seeded):
    seeded.mentorships.add("Ada Mentor", focus="Speaking")
    return seeded


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def _type_into(pilot, selector: str, text: str) -> None:
    pilot.app.screen.query_one(selector).focus()
    await pilot.pause()
    await pilot.press(*text)
    await pilot.pause()


async def _choose(pilot, selector: str, downs: int) -> None:
    """Open a Select with enter, move down `downs` options, take it with enter."""
    pilot.app.screen.query_one(selector).focus()
    await pilot.pause()
    await pilot.press("enter", *["down"] * downs, "enter")
    await pilot.pause()


async def _new_foresight_with_every_field(pilot) -> None:
    await pilot.press("n")
    await pilot.pause()
    await pilot.press("enter")  # past the empty title, on to the text
    await pilot.press(*"Ask for feedback on the outline")
    await pilot.press("f7")  # foresight: the revisit field shows
    await pilot.pause()
    await _type_into(pilot, "#revisit", "in 2 weeks")
    await _choose(pilot, "#kind", 1)  # note → meeting
    await _choose(pilot, "#mentorship", 1)  # the goal's (default) → Ada Mentor


async def test_kind_mentorship_and_revisit_are_saved_and_echoed(mentored, app_for):
    app = app_for(mentored)
    async with app.run_test(size=SIZE) as pilot:
        await _new_foresight_with_every_field(pilot)
        assert "→ Mon 07 Dec 2026 (in 14 days)" in _text(app, "#revisit-echo")
        state = _text(app, "#form-state")
        assert "▶ foresight meeting" in state
        assert "with Ada Mentor" in state and "revisit Mon 07 Dec 2026" in state
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    entry = mentored.entries.list(limit=1)[0]
    assert entry.body == "Ask for feedback on the outline"
    assert (entry.lens, entry.kind) == (Lens.FORESIGHT, Kind.MEETING)
    assert entry.mentorship == mentored.mentorships.list()[0].id
    assert entry.revisit_on == date(2026, 12, 7)


async def test_the_fields_survive_a_checkpoint_and_come_back(mentored, app_for):
    app = app_for(mentored)
    async with app.run_test(size=SIZE) as pilot:
        await _new_foresight_with_every_field(pilot)
        assert app.keeper.checkpoint()  # what the debounce timer, a signal or a crash call
    [draft] = mentored.drafts.list()
    ada = mentored.mentorships.list()[0].id
    assert (draft.lens, draft.kind, draft.mentorship, draft.revisit) == (Lens.FORESIGHT, Kind.MEETING, ada,
                                                                         "2026-12-07")  # the day it meant (S361)
    again = app_for(mentored)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        again.open_compose(draft)
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, ComposeScreen)
        assert screen.query_one("#kind", Select).value == "meeting"
        assert screen.query_one("#mentorship", Select).value == ada
        assert screen.query_one("#revisit", Input).value == "2026-12-07"
        assert screen.query_one("#revisit-box").display
        area = screen.query_one("#body", TextArea)
        assert area.has_focus and area.cursor_location == area.document.end  # a recovered text: at its end


async def test_a_revisit_that_is_no_date_is_said_in_the_echo_and_on_save(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("n", "enter")  # enter: past the empty title, on to the text
        await pilot.press(*"A plan")
        await pilot.press("f7")
        await _type_into(pilot, "#revisit", "someday")
        echo = _text(app, "#revisit-echo")
        assert "Invalid date 'someday'" in echo and "Accepted" not in echo
        assert "revisit: not a date yet" in _text(app, "#form-state")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ComposeScreen)  # still writing, nothing lost
        [error] = [n for n in app._notifications if n.severity == "error"]
        assert error.title == "Not saved" and "someday" in error.message and "Traceback" not in error.message
    assert seeded.entries.count() == 5
    assert [d.body for d in seeded.drafts.list()] == ["A plan"]  # kept as a draft when the save failed


@pytest.mark.catalogue("S548")
async def test_a_refusal_mended_and_saved_leaves_no_not_saved_behind(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("n", "enter")
        await pilot.press(*"A plan")
        await pilot.press("f7")
        await _type_into(pilot, "#revisit", "someday")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [n.title for n in app._notifications] == ["Not saved"]
        app.screen.query_one("#revisit", Input).value = "2026-12-07"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ComposeScreen)
        assert [(n.title, n.message) for n in app._notifications] == [("", "Saved.")]


async def test_revisit_shows_only_for_foresight_and_is_not_saved_with_another_lens(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "enter")  # enter: past the empty title, on to the text
        await pilot.press(*"Changed my mind")
        await pilot.pause()
        box = app.screen.query_one("#revisit-box")
        assert not box.display
        await pilot.press("f7")
        await _type_into(pilot, "#revisit", "tomorrow")
        assert box.display
        await pilot.press("f5")  # hindsight again, with the revisit field focused
        await pilot.pause()
        assert not box.display and app.screen.query_one("#body", TextArea).has_focus
        await pilot.press("ctrl+s")
        await pilot.pause()
    entry = seeded.entries.list(limit=1)[0]
    assert (entry.body, entry.lens, entry.revisit_on) == ("Changed my mind", Lens.HINDSIGHT, None)


async def test_editing_prefills_the_fields_and_can_clear_them(mentored, app_for):
    ada = mentored.mentorships.list()[0].id
    plan = mentored.entries.write(EntryInput("Talk at the meetup", lens="foresight", kind="feedback",
                                             mentorship=ada, revisit="in 3 days"))
    app = app_for(mentored)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.post_message(EntryOpenRequested(plan.id))
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ComposeScreen)
        assert screen.query_one("#kind", Select).value == "feedback"
        assert screen.query_one("#mentorship", Select).value == ada
        assert screen.query_one("#revisit", Input).value == "2026-11-26"
        screen.query_one("#revisit", Input).value = ""
        screen.query_one("#mentorship", Select).clear()  # "none"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    edited = mentored.entries.get(plan.id)
    assert (edited.kind, edited.mentorship, edited.revisit_on) == (Kind.FEEDBACK, None, None)


async def test_a_new_empty_entry_starts_in_the_title_and_enter_goes_to_the_text(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.query_one("#title", Input).has_focus
        await pilot.press(*"Monday", "enter", *"What a day.")
        await pilot.press("ctrl+s")
        await pilot.pause()
    entry = seeded.entries.list(limit=1)[0]
    assert (entry.title, entry.body) == ("Monday", "What a day.")


@pytest.mark.catalogue("N108")
async def test_a_title_typed_first_is_kept_as_a_draft(seeded, app_for):
    """The keeper checkpoints a draft that has only a title (typed first, before any text)."""
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Only a title so far")
        app.keeper.checkpoint()
    assert [d.title for d in seeded.drafts.list()] == ["Only a title so far"]


@pytest.mark.catalogue("N109")
async def test_editing_starts_at_the_end_of_the_text(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.screen.query_one(EntryList).current
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*" Added later.")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert seeded.entries.get(first.id).body == first.body + " Added later."


async def test_answer_a_foresight_entry_from_the_entry_view(seeded, app_for):
    plan = seeded.entries.write(EntryInput("The talk will go well.", lens="foresight", title="Meetup talk",
                                           goals=["Public speaking"], revisit="in 1 week"))
    hindsight = seeded.entries.list(limit=10)[-1]
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.post_message(EntryOpenRequested(hindsight.id))
        await pilot.pause()
        assert not app.screen.check_action("answer", ())  # not foresight: no Answer in the footer
        await pilot.press("escape")
        app.post_message(EntryOpenRequested(plan.id))
        await pilot.pause()
        entry_screen = app.screen
        assert isinstance(entry_screen, EntryScreen) and entry_screen.check_action("answer", ())
        assert any(b.binding.action == "answer" and b.enabled for b in entry_screen.active_bindings.values())
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ComposeScreen)
        quote = _text(app, "#answers-quote")
        assert "You expected" in quote and "Meetup talk" in quote and "The talk will go well." in quote
        await pilot.press(*"It went fine, if fast.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is entry_screen
        assert not entry_screen.check_action("answer", ())  # answered: no longer offered
    answer = seeded.entries.list(limit=1)[0]
    assert (answer.answers, answer.lens, answer.body) == (plan.id, Lens.HINDSIGHT, "It went fine, if fast.")
    assert [g.title for g in answer.goals] == ["Public speaking"]


async def _pick(pilot, set_name: str) -> None:
    """Choose `set_name` in the open PickModal of prompt sets."""
    modal = pilot.app.screen
    assert isinstance(modal, PickModal) and modal.id == "pick-template"
    names = [ref for ref, _ in modal.items]
    await pilot.press(*["down"] * names.index(set_name), "enter")
    await pilot.pause()


async def _palette(pilot, command: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*command)
    await pilot.pause(0.3)  # the palette searches in a worker
    await pilot.press("enter")
    await pilot.pause()


async def test_write_from_a_template_from_the_palette(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _palette(pilot, "Write from a template")
        await _pick(pilot, "check-in")
        screen = app.screen
        assert isinstance(screen, ComposeScreen)
        assert screen.query_one("#title", Input).value == "Weekly check-in"
        assert screen.query_one("#kind", Select).value == "check-in"
        area = screen.query_one("#body", TextArea)
        assert area.has_focus and area.cursor_location == (1, 0)  # the first answer
        await pilot.press(*"Yes, still the right goals.")
        await pilot.press("ctrl+s")
        await pilot.pause()
    entry = seeded.entries.list(limit=1)[0]
    lines = entry.body.split("\n")
    assert lines[0].startswith("## Are your goals still the right goals")
    assert lines[1:] == ["Yes, still the right goals."]  # the questions left unanswered are left out
    assert (entry.kind, entry.title) == (Kind.CHECK_IN, "Weekly check-in")


async def test_weekly_check_in_from_the_palette_and_an_untouched_one_is_not_saved(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await _palette(pilot, "Weekly check-in")
        assert isinstance(app.screen, ComposeScreen)
        assert app.screen.query_one("#kind", Select).value == "check-in"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ComposeScreen)
        assert any("Nothing is written" in n.message for n in app._notifications)
        await pilot.press("escape")  # untouched: no question
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert seeded.entries.count() == 5


async def test_the_template_key_fills_an_empty_text_with_the_sets_fields(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("f8")
        await pilot.pause()
        await _pick(pilot, "feedback")
        screen = app.screen
        assert isinstance(screen, ComposeScreen)
        assert screen.query_one("#kind", Select).value == "feedback"
        assert screen.query_one("#title", Input).value == "Feedback"
        await pilot.press(*"My manager.")
        await pilot.press("ctrl+s")
        await pilot.pause()
    entry = seeded.entries.list(limit=1)[0]
    assert entry.body.split("\n")[1] == "My manager." and entry.kind == Kind.FEEDBACK


async def test_the_template_key_appends_to_text_with_the_cursor_in_its_first_answer(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "enter")  # enter: past the empty title, on to the text
        await pilot.press(*"Last day of the project.")
        await pilot.press("f8")
        await pilot.pause()
        await _pick(pilot, "closure")
        assert isinstance(app.screen, ComposeScreen)
        await pilot.press(*"To speak without notes.")
        await pilot.press("ctrl+s")
        await pilot.pause()
    entry = seeded.entries.list(limit=1)[0]
    lines = entry.body.split("\n")
    assert lines[:2] == ["Last day of the project.", ""]
    assert lines[2] == "## What did you set out to do when this began?"
    assert lines[3:] == ["To speak without notes."]  # the questions left unanswered are left out
    assert entry.kind == Kind.NOTE and not entry.title  # appended: only text


# --------------------------------------------- journey: date echoes, goal list, unanswered questions
async def test_a_future_day_on_hindsight_is_warned_at_once_and_refused_in_tui_words(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("n", "enter")  # enter: past the empty title, on to the text
        await pilot.press(*"The meetup")
        await _type_into(pilot, "#when", "tomorrow")
        assert _text(app, "#when-echo") == ("→ Tue 24 Nov 2026 (in 1 day) — a future day is for foresight: "
                                            "F7 switches the lens")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ComposeScreen)
        [error] = [n for n in app._notifications if n.severity == "error"]
        assert error.message == ("Only foresight entries may be dated in the future (2026-11-24 is after today): "
                                 "choose the foresight lens or an earlier date.")
        await pilot.press("f7")
        await pilot.pause()
        assert _text(app, "#when-echo") == "→ Tue 24 Nov 2026 (in 1 day)"  # foresight: no warning
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert seeded.entries.list(limit=1)[0].day == date(2026, 11, 24)


async def test_the_revisit_echo_counts_in_words_and_warns_of_a_past_day(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "enter")
        await pilot.press("f7")
        await _type_into(pilot, "#revisit", "tomorrow")
        assert _text(app, "#revisit-echo") == "→ Tue 24 Nov 2026 (in 1 day)"
        app.screen.query_one("#revisit", Input).value = "yesterday"
        await pilot.pause()
        assert _text(app, "#revisit-echo") == "→ Sun 22 Nov 2026 (1 day ago) is in the past: a revisit date looks ahead"
        await _type_into(pilot, "#when", "today 8:00")
        assert _text(app, "#when-echo") == "→ Mon 23 Nov 2026 08:00 (today)"  # read alike


async def test_with_no_open_goal_the_empty_goal_list_is_no_tab_stop_until_a_goal_is_made(seeded, app_for):
    for summary in seeded.goals.summaries():
        seeded.goals.close(summary.goal.id, "abandoned")
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await _type_into(pilot, "#tags", "")
        goals = app.screen.query_one("#goals")
        assert not goals.display
        await pilot.press("tab")
        await pilot.pause()
        assert app.screen.query_one("#new-goal", Input).has_focus
        await pilot.press(*"Write a book", "enter")
        await pilot.pause()
        assert goals.display and goals.selected == [seeded.goals.get("Write a book").id]
        assert "⚑ Write a book" in _text(app, "#form-state")


async def test_questions_left_unanswered_are_left_out_and_the_notice_says_how_many(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await _palette(pilot, "Weekly check-in")
        area = app.screen.query_one("#body", TextArea)
        await pilot.press(*"Yes.")
        area.move_cursor(first_answer(area.text, 3))  # the third question's answer
        await pilot.press(*"I said I would rehearse; I did twice.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Saved. 8 unanswered questions left out." in [n.message for n in app._notifications]
    body = seeded.entries.list(limit=1)[0].body.split("\n")
    assert [line for line in body if line.startswith("## ")] == [
        "## Are your goals still the right goals, or has something shifted?",
        "## What did you commit to last time, and did it happen?"]
    assert "Yes." in body and "I said I would rehearse; I did twice." in body
