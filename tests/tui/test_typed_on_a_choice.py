"""Letters typed while a form's choice has focus are never lost without a word (S501): in
compose they go on in the text; on other forms it is said once."""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

from journal.tui.screens.compose import ComposeScreen
from journal.tui.screens.goal_form import GoalFormScreen
from journal.tui.screens.home import HomeScreen

SIZE = (120, 40)


@pytest.mark.catalogue("S501")
async def test_a_tab_in_the_text_then_letters_keeps_the_letters(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("n", "enter")  # past the empty title, on to the text
        await pilot.press(*"abc")
        await pilot.press("tab")  # meant as an indent: the focus goes on to the lens
        await pilot.pause()
        assert not isinstance(app.focused, TextArea)
        await pilot.press(*"def")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ComposeScreen) and isinstance(app.focused, TextArea)
        assert screen.query_one("#body", TextArea).text == "abcdef"
        assert any("Typing went on in the text" in n.message for n in app._notifications)
        await pilot.press("tab", "tab")  # past the lens, on to the when field
        await pilot.pause()
        await pilot.press("shift+tab")  # back on the lens, not from the text: letters go nowhere, said
        await pilot.press(*"q")
        await pilot.pause()
        assert screen.query_one("#body", TextArea).text == "abcdef"
        assert any("go nowhere" in n.message for n in app._notifications)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert any(e.body == "abcdef" for e in seeded.entries.list())


@pytest.mark.catalogue("S501")
async def test_space_still_picks_a_choice(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "enter")
        await pilot.press(*"abc", "tab", "down", "space")  # the lens: insight
        await pilot.pause()
        assert app.screen.query_one("#body", TextArea).text == "abc"
        assert app.screen.query_one("#lens-insight").value


@pytest.mark.catalogue("S501")
async def test_another_form_says_once_that_letters_go_nowhere(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.push_screen(GoalFormScreen(app.journal))
        await pilot.pause()
        screen = app.screen
        choice = next(w for w in screen.query("*") if w.can_focus and type(w).__name__ in ("Choices", "Tick",
                                                                                            "Select", "Button"))
        choice.focus()
        await pilot.pause()
        await pilot.press(*"xyz")
        await pilot.pause()
        said = [n.message for n in app._notifications if "go nowhere" in n.message]
        assert len(said) == 1 and app.screen is screen


@pytest.mark.catalogue("S501")
async def test_a_word_typed_at_speed_after_the_tab_is_kept_whole(seeded, app_for):
    """Keys that came in together: those behind the first were on their way to the lens."""
    from textual import events

    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "enter")
        await pilot.press(*"abc", "tab")
        await pilot.pause()
        for char in "def ghi":
            app.post_message(events.Key("space" if char == " " else char, char))
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#body", TextArea).text == "abcdef ghi"
