"""Issue 20, a TUI that paints at once: what stands between the start and the first painted
entry list, and between a key and the goal, timeline and search screens. No clock: each test
checks the work that is (or is not) done, not how long it took."""

from __future__ import annotations

import importlib
import subprocess
import sys
import threading
from datetime import date, timedelta

import pytest
from textual.widget import Widget
from textual.widgets import Input, OptionList

from journal.services import EntryInput
from journal.services.timeline import Timeline
from journal.tui import typing_rule
from journal.tui.screens.due import DueScreen
from journal.tui.screens.home import DUE_ROWS, FIRST_PAGE, PAGE, HomeScreen
from journal.tui.screens.search import ROWS, SearchScreen
from journal.tui.screens.timeline import TimelineScreen
from journal.tui.widgets.due_panel import DuePanel
from journal.tui.widgets.entry_list import EntryList
from journal.tui.widgets.footer import KeysFooter
from journal.tui.widgets.timeline_view import TimelineView

SIZE = (120, 40)


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def many(journal, count: int, *, body: str = "walked by the river", **fields) -> None:
    start = date(2025, 1, 1)
    for i in range(count):
        journal.entries.write(EntryInput(body=f"{body} {i}", when=(start + timedelta(days=i)).isoformat(), **fields))


# ------------------------------------------------------------------ what the start imports
def test_starting_the_app_loads_no_screen_or_widget_it_does_not_show():
    """Importing the app and the home screen leaves out compose (and its TextArea, syntax
    colours), Markdown (markdown-it) and the sync code: each loads when first used."""
    code = ("import sys, journal.tui.app, journal.tui.screens.home; "
            "print(' '.join(sorted(m for m in sys.modules if m.startswith(("
            "'journal.tui.screens.compose', 'journal.tui.screens.closure', 'journal.store.sync', "
            "'textual.widgets._markdown', 'textual.widgets._text_area', 'markdown_it', 'pygments')))))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == []


def test_the_typing_rule_names_textual_s_own_widgets():
    """typing_rule looks the text fields and form controls up by module and name once their
    module is loaded: every name must still be there, a Widget."""
    for module, name in (typing_rule.TEXT_FIELDS | typing_rule.FORM_CONTROLS).items():
        found = getattr(importlib.import_module(module), name)
        assert isinstance(found, type) and issubclass(found, Widget)
    assert Input in typing_rule.typing_widgets()


# ------------------------------------------------------------------ the home screen
async def test_the_first_frame_has_the_first_page_and_no_side_panel_thread_yet(journal, app_for):
    many(journal, PAGE + 30)
    app = app_for(journal)
    seen: dict = {}
    display = app._display

    def frame(screen, renderable) -> None:
        display(screen, renderable)
        if "entries" not in seen and isinstance(screen, HomeScreen) and screen.query(EntryList) \
                and screen.query_one(EntryList).option_count:
            seen["entries"] = len(screen.query_one(EntryList).entries)
            seen["side"] = [w.group for w in app.workers if w.group.startswith("home-")]

    app._display = frame
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(EntryList)
        assert seen["entries"] == FIRST_PAGE and seen["side"] == []
        # right after the paint the rest of the first page, and the panels, came
        assert len(listing.entries) == PAGE and not listing.exhausted
        assert "…" not in str(app.screen.query_one("#prompt-of-day").render())
        listing.action_oldest()
        await settle(pilot)
        await settle(pilot)
        assert len(listing.entries) == PAGE + 30 and listing.exhausted


@pytest.mark.catalogue("R142")
async def test_the_due_panel_lists_the_first_items_and_says_how_many_more(journal, app_for):
    many(journal, DUE_ROWS + 7, body="the talk will run over", lens="foresight", revisit="2026-11-20")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = app.screen.query_one("#due-panel", DuePanel)
        assert len(panel.items) == DUE_ROWS  # read: the first DUE_ROWS of each kind, and how many there are
        rows = [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]
        assert len(rows) == DUE_ROWS + 1 and rows[-1] == "… 7 more: u shows them all"
        assert panel.get_option_at_index(DUE_ROWS).disabled
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, DueScreen)
        assert app.screen.query_one(DuePanel).option_count == DUE_ROWS + 7  # the due screen: all


@pytest.fixture
def rebuilt(monkeypatch) -> list[str]:
    """The screen of each footer rebuild, in order."""
    screens: list[str] = []
    original = KeysFooter.recompose

    async def counted(footer):
        screens.append(type(footer.screen).__name__)
        return await original(footer)

    monkeypatch.setattr(KeysFooter, "recompose", counted)
    return screens


async def test_the_footer_is_rebuilt_only_when_its_keys_change(seeded, app_for, rebuilt):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert rebuilt == ["HomeScreen"]
        await pilot.press("j", "j", "k")  # the cursor moves; the keys stay
        await settle(pilot)
        assert rebuilt == ["HomeScreen"]
        footer = app.screen.query_one(KeysFooter)
        assert {key.key for key in footer.query("FooterKey")} >= {"n", "e", "d", "s", "slash", "x"}



async def test_compose_is_styled_once_and_its_footer_built_once(seeded, app_for, rebuilt, monkeypatch):
    """Opening compose: the screen has its size class before its widgets are styled (no second
    styling on its first Resize), its footer is built once, and a plain entry gets no check-in
    or feedback fields (made the first time that kind is chosen)."""
    from textual.widgets import Select

    from journal.tui.screens.compose import ComposeScreen
    from journal.tui.widgets.entry_details import RatingSet

    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        classes_when_made: list[set[str]] = []
        made = ComposeScreen.__init__

        def init(screen, *args, **kwargs):
            made(screen, *args, **kwargs)
            classes_when_made.append(set(screen.classes))

        monkeypatch.setattr(ComposeScreen, "__init__", init)
        await pilot.press("n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ComposeScreen)
        assert classes_when_made == [{"-wide"}]
        assert rebuilt.count("ComposeScreen") == 1  # Textual's Footer: five times
        await pilot.press("tab", "tab")  # the focus moves on: the same keys, in another order
        await settle(pilot)
        assert rebuilt.count("ComposeScreen") == 1
        assert not screen.query(RatingSet) and not screen.query("#feedback-box")
        screen.query_one("#kind", Select).value = "check-in"
        await settle(pilot)
        assert len(screen.query(RatingSet)) == 4 and screen.query_one("#check-in-box").display


# ------------------------------------------------------------------ search
async def test_search_lays_out_its_results_a_screenful_at_a_time(journal, app_for):
    many(journal, ROWS * 2 + 20)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"river")
        await settle(pilot)
        results = app.screen.query_one("#results", OptionList)
        assert results.option_count == ROWS
        assert f"{ROWS * 2 + 20} matches" in str(app.screen.query_one("#search-status").render())
        for shown in (ROWS * 2, ROWS * 2 + 20):
            results.focus()
            results.action_last()  # the cursor reaches the end: the next rows come
            await settle(pilot)
            assert results.option_count == shown
        ids = [results.get_option_at_index(i).id for i in range(results.option_count)]
        assert len(set(ids)) == len(ids)  # each result once


async def test_search_reads_its_goal_choices_in_the_background(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await settle(pilot)
        goals = [str(prompt) for prompt, _ in app.screen.query_one("#filter-goal")._options]
        assert "Public speaking" in goals


# ------------------------------------------------------------------ timeline
async def test_the_timeline_paints_at_once_and_its_rows_follow(seeded, app_for, monkeypatch):
    release, started = threading.Event(), threading.Event()
    original = Timeline.build

    def held(timeline, *args, **kwargs):
        started.set()
        release.wait(30)
        return original(timeline, *args, **kwargs)

    monkeypatch.setattr(Timeline, "build", held)
    app = app_for(seeded)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("t")
            for _ in range(200):
                if started.is_set():
                    break
                await pilot.pause()
            screen = app.screen
            assert isinstance(screen, TimelineScreen) and screen.reading
            assert "Reading the timeline…" in str(screen.query_one("#timeline-head").render())
            assert screen.query_one(TimelineView).option_count == 0
            release.set()
            await settle(pilot)
            assert not screen.reading and screen.query_one(TimelineView).option_count > 0
            assert "Whole journal" in str(screen.query_one("#timeline-head").render())
            await pilot.press("escape")  # Back works
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
    finally:
        release.set()


async def test_leaving_the_timeline_while_it_is_read_is_at_once(seeded, app_for, monkeypatch):
    release = threading.Event()
    original = Timeline.build
    monkeypatch.setattr(Timeline, "build", lambda t, *a, **k: (release.wait(30), original(t, *a, **k))[1])
    app = app_for(seeded)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("t")
            await pilot.pause()
            assert isinstance(app.screen, TimelineScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
    finally:
        release.set()
