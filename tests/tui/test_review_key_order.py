"""Catalogue S176: keys that arrive in one burst with ctrl+s / ctrl+n / ctrl+b. Textual ran a
priority binding the moment its key reached the app, while the keys typed before it still waited
in the focused field's queue (a paste, typing ahead over a slow link): compose saved without
them, the closure conversation moved them into the next answer (stop 31)."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import TextArea

from journal.tui.screens.closure import ClosureScreen
from journal.tui.screens.compose import ComposeScreen
from tests.tui.conftest import until

pytestmark = pytest.mark.catalogue("S176")
SIZE = (120, 40)


def burst(app, text: str, then: str) -> None:
    """`text` key by key and then the key `then`, all handed to the app at once (nothing waits
    for the app to take in the one before, as when they arrive together)."""
    for char in text:
        app.post_message(events.Key(char if char != " " else "space", char))
    app.post_message(events.Key(then, None))


async def test_ctrl_s_right_after_typing_saves_what_was_typed(journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, ComposeScreen))
        await pilot.press("enter", *"first part ")
        burst(app, "second part in a burst", "ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, ComposeScreen))
    assert [e.body for e in journal.entries.list()] == ["first part second part in a burst"]


async def test_ctrl_n_right_after_typing_keeps_the_text_in_its_own_answer(journal, app_for):
    goal = journal.goals.add("Give a talk")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(ClosureScreen(journal, app.keeper, goal=goal.id))
        await until(pilot, lambda: isinstance(app.screen, ClosureScreen))
        screen = app.screen
        await until(pilot, lambda: bool(screen.query("#closure-answer")))
        answer = screen.query_one("#closure-answer", TextArea)
        burst(app, "the first answer", "ctrl+n")
        await pilot.pause()
        burst(app, "the second answer", "ctrl+b")
        await pilot.pause()
        assert answer.text == "the first answer"
        await pilot.press("ctrl+n")
        assert answer.text == "the second answer"
