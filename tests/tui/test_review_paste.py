"""Catalogue S175: what a paste (or the text back from `$EDITOR`) puts into compose. Several
lines pasted into the title kept the first and dropped the rest silently (a title field has
the focus on a new entry, so a first paste lands there); control characters pasted or brought
back from the editor reached the terminal raw (stop 31)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from journal.tui.screens import compose as compose_screen
from journal.tui.screens.compose import ComposeScreen
from tests.tui.conftest import paste, until

pytestmark = pytest.mark.catalogue("S175")
SIZE = (120, 40)


async def new_entry(pilot) -> ComposeScreen:
    await pilot.press("n")
    await until(pilot, lambda: isinstance(pilot.app.screen, ComposeScreen))
    return pilot.app.screen


async def test_lines_pasted_into_the_title_go_on_into_the_text(journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await new_entry(pilot)
        assert app.focused is screen.query_one("#title", Input)
        await paste(pilot, "Pasted title line\rsecond line of the text\r\nthird line")  # as terminals send them
        assert screen.query_one("#title", Input).value == "Pasted title line"
        body = screen.query_one("#body", TextArea)
        assert body.text == "second line of the text\nthird line" and app.focused is body
        assert any("the lines after it went into the text" in n.message for n in app._notifications)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, ComposeScreen))
    [entry] = journal.entries.list()
    assert (entry.title, entry.body) == ("Pasted title line", "second line of the text\nthird line")


async def test_lines_pasted_into_another_one_line_field_are_all_kept(journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await new_entry(pilot)
        tags = screen.query_one("#tags", Input)
        tags.focus()
        await pilot.pause()
        await paste(pilot, "reading,\nwriting\n\n  speaking")
        assert tags.value == "reading, writing speaking"


async def test_control_characters_pasted_or_back_from_the_editor_are_shown_as_symbols(journal, app_for,
                                                                                     monkeypatch):
    monkeypatch.setattr(compose_screen, "edit_externally", lambda screen, text, folder: text + " \x1b]2;PWNED\x07")
    app = app_for(journal)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await new_entry(pilot)
        await pilot.press("enter")
        await paste(pilot, "Before \x1b[31mred\x1b[0m after.")
        body = screen.query_one("#body", TextArea)
        assert body.text == "Before ␛[31mred␛[0m after."
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert body.text == "Before ␛[31mred␛[0m after. ␛]2;PWNED␇"
        assert "\x1b" not in body.text and "\x07" not in body.text
        assert any("shown as symbols" in n.message for n in app._notifications)
