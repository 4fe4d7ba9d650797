"""Catalogue S174: keys typed on into a question. A question (ChoiceModal) answered single
letters the moment it showed: an escape pressed by reflex and the next word typed on chose
Discard at its `d`; letters typed as the app started discarded the recovered draft (stop 31)."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import TextArea

from journal.domain.model import Draft
from journal.tui.screens.compose import ComposeScreen
from journal.tui.screens.home import HomeScreen
from journal.tui.screens.modals import ChoiceModal
from tests.tui.conftest import until

pytestmark = pytest.mark.catalogue("S174")
TYPED_AHEAD = 0.6
"""The app's own pause (the tests' autouse fixture sets it to 0 for every other test)."""


@pytest.fixture(autouse=True)
def typed_ahead_ignored(monkeypatch, app_for):
    """After `app_for`, which makes questions answer at once for every other test."""
    monkeypatch.setattr(ChoiceModal, "TYPED_AHEAD", TYPED_AHEAD)


def burst(app, keys: str) -> None:
    """Keys as a person types them on: all come in at once, 50 ms after the question showed
    (each key's time is when it came in, however slowly a loaded machine takes them in, or
    the test's wait notices the question: a busy machine took over 0.6 s for that once)."""
    question = app.screen
    for char in keys:
        key = events.Key("space" if char == " " else char, char)
        if isinstance(question, ChoiceModal):
            key.time = question._shown_at + 0.05
        app.post_message(key)


def read_a_while(question) -> None:
    """The question has been on the screen longer than TYPED_AHEAD (without sleeping for it)."""
    assert isinstance(question, ChoiceModal)
    question._shown_at -= TYPED_AHEAD + 1


async def test_keys_typed_on_after_escape_answer_nothing(journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, ComposeScreen))
        await pilot.press("enter", *"my page")
        await pilot.press("escape")  # the reflex, and typing on
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal))
        burst(app, " and then d")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        read_a_while(app.screen)  # now it has been read: its keys answer
        await pilot.press("c")  # cancel
        await until(pilot, lambda: isinstance(app.screen, ComposeScreen))
        assert app.screen.query_one("#body", TextArea).text == "my page"
        assert journal.drafts.list() == [] or all(d.body == "my page" for d in journal.drafts.list())


async def test_letters_typed_as_the_app_starts_never_discard_a_recovered_draft(journal, app_for):
    journal.drafts.save(Draft(body="precious words from the crash"))
    journal.conn.execute("UPDATE drafts SET pid = NULL, holder = NULL")  # its window is gone
    app = app_for(journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal))
        burst(app, "/dana")  # a search, started before the question was seen
        enter = events.Key("enter", "\r")
        enter.time = app.screen._shown_at + 0.06  # typed with the rest (a loaded machine took its time)
        app.post_message(enter)
        await pilot.pause()
        assert [d.body for d in journal.drafts.list()] == ["precious words from the crash"]
        read_a_while(app.screen)
        await pilot.press("l")  # later
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
    assert [d.body for d in journal.drafts.list()] == ["precious words from the crash"]


async def _left_my_page(pilot) -> ChoiceModal:
    """A new entry with "my page" typed, then escape: the unsaved-text question."""
    await pilot.press("n")
    await until(pilot, lambda: isinstance(pilot.app.screen, ComposeScreen))
    await pilot.press("enter", *"my page")
    await pilot.press("escape")
    await until(pilot, lambda: isinstance(pilot.app.screen, ChoiceModal))
    question = pilot.app.screen
    assert isinstance(question, ChoiceModal)
    return question


@pytest.mark.catalogue("S505")
@pytest.mark.parametrize("word", ["nobody", "ready", "body"])
async def test_a_word_typed_on_never_confirms_the_discard(journal, app_for, word):
    app = app_for(journal)
    async with app.run_test(size=(120, 40)) as pilot:
        question = await _left_my_page(pilot)
        start = question._shown_at + TYPED_AHEAD + 1  # typed on a second after it showed
        for n, char in enumerate(word):  # at a typist's pace, 0.15 s a key
            key = events.Key(char, char)
            key.time = start + 0.15 * n
            app.post_message(key)
            await pilot.pause()
        assert app.screen is question  # d asked again; the y right after it was read as typing
        question._asked_at = 0.0  # long read now
        read_a_while(question)
        await pilot.press("c")  # back to the question, then cancel
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, ComposeScreen))
        assert app.screen.query_one("#body", TextArea).text == "my page"


@pytest.mark.catalogue("S505")
async def test_a_y_pressed_after_reading_the_question_again_throws_it_away(journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=(120, 40)) as pilot:
        question = await _left_my_page(pilot)
        read_a_while(question)
        await pilot.press("d")
        await pilot.pause()
        question._asked_at -= TYPED_AHEAD + 1  # read
        await pilot.press("y")
        await until(pilot, lambda: not isinstance(app.screen, ChoiceModal | ComposeScreen))
    assert journal.drafts.list() == []
