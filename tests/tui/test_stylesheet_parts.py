"""Issue 20: journal.tcss is read in two parts (journal/tui/stylesheet.py). The home screen's
first paint parses only the start; the rest is there before any other screen shows, and none
of its rules styles a widget of the home screen (adding it then restyles nothing on screen)."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.css.stylesheet import Stylesheet

from journal.services import EntryInput
from journal.tui import stylesheet
from journal.tui.screens.home import HomeScreen
from journal.tui.widgets.due_panel import DuePanel

from tests.tui.conftest import until


def has_rest(app) -> bool:
    return app.stylesheet.has_source(*stylesheet.REST)


def rest_rules(app):
    """The rules below the mark, parsed on their own with the app's variables."""
    _, rest = stylesheet.parts(stylesheet.PATH.read_text("utf-8"))
    sheet = Stylesheet(variables=app.get_css_variables())
    sheet.add_source(rest, read_from=stylesheet.REST)
    return sheet.rules


def styled_by_rest(app, screen) -> list[str]:
    """Each widget of `screen` a rule of the rest applies to, with the rule's selectors."""
    rules = rest_rules(app)
    return [f"{node!r}: {rule.selectors}" for node in screen.walk_children(with_self=True)
            for rule in rules if any(Stylesheet._check_rule(rule, node.css_path_nodes))]


def test_the_file_splits_at_its_mark_with_lines_kept():
    text = stylesheet.PATH.read_text("utf-8")
    start, rest = stylesheet.parts(text)
    assert stylesheet.MARK in text and start + rest != text
    mark_line = text[:text.index(stylesheet.MARK)].count("\n")
    assert rest.split("\n")[mark_line].startswith(stylesheet.MARK)  # same line numbers as the file
    assert rest.split("\n")[mark_line + 1:] == text.split("\n")[mark_line + 1:]
    defined = [line for line in start.split("\n") if line.startswith("$")]
    assert defined and all(line in rest.split("\n") for line in defined)


def test_a_file_without_the_mark_is_all_start():
    assert stylesheet.parts("#a { height: 1; }\n") == ("#a { height: 1; }\n", "")


@pytest.mark.parametrize("size", [(120, 40), (90, 24), (70, 24)])
async def test_home_paints_without_the_rest_and_no_rule_of_it_styles_home(seeded, app_for, size):
    app = app_for(seeded)
    seeded.entries.write(EntryInput(body="Ask Dana for feedback.", lens="foresight", title="Ask",
                                    when="2026-11-01 09:00", revisit="2026-11-20"))
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: app.screen.query(DuePanel) and app.screen.query_one(DuePanel).option_count)
        assert isinstance(app.screen, HomeScreen)
        assert not has_rest(app)
        assert styled_by_rest(app, app.screen) == []


async def test_the_welcome_view_is_not_styled_by_the_rest(journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.query("#welcome-goal"))
        app.screen.query_one("#welcome-goal").focus()
        await pilot.pause()
        assert not has_rest(app)
        assert styled_by_rest(app, app.screen) == []


@pytest.mark.parametrize("key", ["n", "question_mark", "g", "ctrl+p", "slash"])
async def test_every_other_screen_shows_with_the_rest(seeded, app_for, key):
    app = app_for(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not has_rest(app)
        await pilot.press(key)
        await until(pilot, lambda: not isinstance(app.screen, HomeScreen))
        assert has_rest(app)
        assert len(app.stylesheet.rules) > len(rest_rules(app))  # parsed into the app's rules
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert styled_by_rest(app, app.screen) == []


def test_the_hook_is_textuals():
    """`JournalApp._load_screen_css` overrides Textual's private hook: it must still be there."""
    assert callable(getattr(App, "_load_screen_css", None))
