"""Catalogue S178: leaving the closure conversation. ctrl+q never asked (the answers survived
only as ordinary notes' drafts); a closing note typed on the outcome was dropped without a
question by escape or ctrl+q; answers kept as drafts were filed as plain hindsight notes
(saved later they counted as written entries, not closure answers) and a new conversation
started empty (stop 31)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from journal.domain.model import Kind
from journal.tui.screens.closure import NOTE, ClosureScreen
from journal.tui.screens.modals import ChoiceModal
from tests.tui.conftest import until

pytestmark = pytest.mark.catalogue("S178")
SIZE = (120, 40)


async def closure_of(pilot, journal, goal_id) -> ClosureScreen:
    screen = ClosureScreen(journal, pilot.app.keeper, goal=goal_id)
    pilot.app.push_screen(screen)
    await until(pilot, lambda: pilot.app.screen is screen and bool(screen.query("#closure-answer")))
    return screen


async def test_answers_and_the_note_kept_on_quit_are_taken_up_by_the_next_conversation(journal, app_for, run):
    goal = journal.goals.add("Give a talk")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await closure_of(pilot, journal, goal.id)
        await pilot.press(*"I set out to speak")
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal))
        assert [label for _, label in app.screen.choices] == ["Keep as drafts", "Discard", "Cancel"]
        await pilot.press("k")
        await until(pilot, lambda: app.return_code is not None or not app.is_running)
    [kept] = journal.drafts.list()
    assert (kept.body, kept.kind, list(kept.goals)) == ("I set out to speak", Kind.CLOSURE, [goal.id])
    assert "closure" in run("drafts").stdout and "new entry" not in run("drafts").stdout  # as `journal drafts` says it

    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if isinstance(app.screen, ChoiceModal):  # the kept answer offered for recovery: later
            await pilot.press("l")
        screen = await closure_of(pilot, journal, goal.id)
        assert screen.query_one("#closure-answer", TextArea).text == "I set out to speak"
        await pilot.press("ctrl+s")  # on to the outcome
        await pilot.pause()
        screen.query_one("#closure-note", Input).value = "Gave it twice"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal))
        await pilot.press("k")
        await until(pilot, lambda: app.screen is not screen and not isinstance(app.screen, ChoiceModal))
    assert sorted((d.title, d.body) for d in journal.drafts.list()) == [
        (NOTE, "Gave it twice"), ("What did you set out to do when this began?", "I set out to speak")]

    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await closure_of(pilot, journal, goal.id)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.query_one("#closure-note", Input).value == "Gave it twice"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: screen.saved)
    assert journal.drafts.list() == []
    saved = journal.goals.get(goal.id)
    assert saved.closure_note == "Gave it twice"
    [answer] = journal.entries.list(journal.entries.filter(kind="closure"))
    assert answer.body == "I set out to speak"


async def test_a_closing_note_alone_is_never_dropped_without_asking(journal, app_for):
    goal = journal.goals.add("Read 24 books")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await closure_of(pilot, journal, goal.id)
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen.query_one("#closure-note", Input).value = "Paused because of the move"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal))
        assert "and a closing note" in str(app.screen.question)
        await pilot.press("c")
        await until(pilot, lambda: app.screen is screen)
        assert screen.query_one("#closure-note", Input).value == "Paused because of the move"


async def test_what_another_window_holds_an_emptied_answer_and_the_note_are_kept_right(journal, app_for, monkeypatch):
    """Found by review of S178: a second window took up the answers the first one was still
    writing (both wrote one row; a Discard in one lost the other's Keep); an answer emptied again
    left an empty draft taken up next time; the closing note was in no draft a signal saves; the
    start offered kept closure answers as entries to write."""
    goal = journal.goals.add("Give a talk")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await closure_of(pilot, journal, goal.id)
        await pilot.press(*"xyz", "ctrl+n", "ctrl+b")
        assert len(journal.drafts.list()) == 1
        screen.query_one("#closure-answer", TextArea).text = ""
        await pilot.press("ctrl+n")
        assert journal.drafts.list() == []  # emptied: gone, not kept empty
        await pilot.press("ctrl+b", *"kept words", "ctrl+s")  # on to the outcome
        await pilot.pause()
        screen.query_one("#closure-note", Input).value = "a note typed last"
        await pilot.pause()
        assert app.keeper.checkpoint()  # what a signal or a crash does
        assert sorted(d.body for d in journal.drafts.list()) == ["a note typed last", "kept words"]
        monkeypatch.setattr(journal.drafts, "held_elsewhere", lambda draft: True)  # as if another window had them
        other = ClosureScreen(journal, app.keeper, goal=goal.id)
        assert other.taken_up == 0 and all(d.id is None for d in other.drafts)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(5):
            await pilot.pause()
        assert not isinstance(app.screen, ChoiceModal)  # closure answers are the conversation's, not offered
