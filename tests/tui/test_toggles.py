"""N107: a check box's or radio button's state reads in characters, not only in colour."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Checkbox, RadioButton, RadioSet

from journal.tui.widgets.toggles import Choice, Tick, TickList

pytestmark = pytest.mark.catalogue("N107")


class Toggles(App[None]):
    def compose(self) -> ComposeResult:
        yield Tick("ticked", True, id="on")
        yield Tick("not ticked", False, id="off")
        with RadioSet(id="set"):
            yield Choice("chosen", True, id="chosen")
            yield Choice("other", id="other")
        yield TickList(("picked", "a", True), ("left", "b"), id="list")


def _plain(widget) -> str:
    return widget.render().plain


async def test_ticks_and_choices_draw_their_state():
    app = Toggles()
    async with app.run_test() as pilot:
        assert _plain(app.query_one("#on", Tick)).startswith("[x]")
        assert _plain(app.query_one("#off", Tick)).startswith("[ ]")
        assert _plain(app.query_one("#chosen", Choice)).startswith("(•)")
        assert _plain(app.query_one("#other", Choice)).startswith("( )")
        app.query_one("#off", Tick).focus()
        await pilot.press("space")
        app.query_one("#other", Choice).value = True
        await pilot.pause()
        assert _plain(app.query_one("#off", Tick)).startswith("[x]")
        assert _plain(app.query_one("#chosen", Choice)).startswith("( )")
        assert _plain(app.query_one("#other", Choice)).startswith("(•)")
        lines = [app.query_one(TickList).render_line(y).text for y in range(2)]
        assert lines[0].startswith("[x] picked") and lines[1].startswith("[ ] left")


def test_the_app_uses_no_bare_textual_toggle():
    """Every toggle of the app is a Tick or a Choice (a bare Checkbox would draw ▐X▌ again)."""
    import pathlib

    screens = pathlib.Path(__file__).parents[2] / "journal" / "tui"
    bare = ("Checkbox(", "RadioButton(", "Switch(", "SelectionList(")
    offenders = [str(path.relative_to(screens)) for path in screens.rglob("*.py")
                 if path.name != "toggles.py" and any(name in path.read_text() for name in bare)]
    assert not offenders, f"bare Textual toggles in {offenders}: use journal.tui.widgets.toggles"
    assert issubclass(Tick, Checkbox) and issubclass(Choice, RadioButton)


async def test_no_color_compose_reads_state_in_characters(seeded, app_for, monkeypatch):
    """Under NO_COLOR, compose's lens, kind and flags read chosen or not from the text alone."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = app_for(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert app.no_color
        screen = app.screen
        chosen = [b for b in screen.query(Choice).results() if b.value]
        assert chosen and all(_plain(b).startswith("(•)") for b in chosen)
        assert all(_plain(b).startswith("( )") for b in screen.query(Choice).results() if not b.value)
        assert all(_plain(t).startswith("[ ]") for t in screen.query(Tick).results())
        goals = screen.query_one(TickList)
        assert all(goals.render_line(y).text.startswith("[ ]") for y in range(goals.option_count))
