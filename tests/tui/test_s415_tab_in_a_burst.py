"""Keys typed right after tab (or shift+tab) in one burst went into the field tab was leaving: a
fast typist's rollover, keys arriving together over SSH. Tab moves the focus only when its key
has gone through the focused field's queue and back up to the screen, and the keys after it had
been handed to that field meanwhile: "Coffee with Dana ⇥ We talked" made one title and no text."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input, TextArea

from journal.tui.screens.compose import ComposeScreen
from tests.tui.conftest import until

pytestmark = pytest.mark.catalogue("S415")
SIZE = (120, 40)


def burst(app, *keys: str) -> None:
    """Each key (a name, or a string of letters typed one by one) handed to the app at once."""
    for key in keys:
        if key in ("tab", "shift+tab", "ctrl+s", "enter"):
            app.post_message(events.Key(key, None))
            continue
        for char in key:
            app.post_message(events.Key(char if char != " " else "space", char))


async def compose_open(pilot):
    await pilot.press("n")
    await until(pilot, lambda: isinstance(pilot.app.screen, ComposeScreen))
    await until(pilot, lambda: isinstance(pilot.app.focused, Input))


async def test_letters_after_tab_go_to_the_next_field(journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await compose_open(pilot)
        screen = app.screen
        burst(app, "Coffee with Dana", "tab", "We talked about delegation")
        await until(pilot, lambda: screen.query_one("#body", TextArea).text == "We talked about delegation")
        assert screen.query_one("#title", Input).value == "Coffee with Dana"


async def test_shift_tab_back_and_forth_in_one_burst(journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await compose_open(pilot)
        screen = app.screen
        burst(app, "Title", "tab", "text", "shift+tab", " more", "tab", " and on")
        await until(pilot, lambda: screen.query_one("#body", TextArea).text == "text and on")
        assert screen.query_one("#title", Input).value == "Title more"
        burst(app, "ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, ComposeScreen))
    [entry] = journal.entries.list()
    assert (entry.title, entry.body) == ("Title more", "text and on")
