"""Issue 20, what the home screen's first frame holds and what start-up leaves out of it: the entry
list painted (one line per entry), the side column's box with its panels mounted just after,
Python's garbage collector off from `JournalApp.run` until that frame, and no module the first
frame does not need imported. No timings here: tests/bench/tui_first_paint.py measures them."""

from __future__ import annotations

import gc
import subprocess
import sys

from journal.services import EntryInput
from journal.tui.screens.home import HomeScreen
from journal.tui.widgets.due_panel import DuePanel
from journal.tui.widgets.entry_list import EntryList
from journal.tui.widgets.goal_panel import GoalPanel

SIZE = (120, 40)


def on_first_list_frame(app, look) -> dict:
    """`look(screen)` at the first frame rendered with the entry list's rows in view (as the
    benchmark times it); what it returns is kept under "seen"."""
    display = app._display
    seen: dict = {}

    def frame(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None and "seen" not in seen and any(
                isinstance(w, EntryList) and w.region.area and w.option_count
                for w in screen._compositor.visible_widgets):
            seen["seen"] = look(screen)

    app._display = frame
    return seen


async def test_the_first_frame_holds_the_list_and_the_side_panels_follow(seeded, app_for):
    app = app_for(seeded)
    seen = on_first_list_frame(app, lambda screen: {
        "side": [type(w).__name__ for w in screen.query_one("#side").children],
        "classes": set(screen.classes),
        "rows": screen.query_one(EntryList).option_count,
    })
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        first = seen["seen"]
        assert first["rows"] > 0 and first["side"] == []  # the column's box only
        assert "-wide" in first["classes"]
        home = app.screen
        assert isinstance(home, HomeScreen)
        side = home.query_one("#side")
        assert [type(w) for w in side.children][1:] == [GoalPanel, DuePanel]
        assert "Public speaking" in str(home.query_one(GoalPanel).render())
        assert "Prompt of the day" in str(home.query_one("#prompt-of-day").render())
        assert not side.can_focus
        # a reload (another process wrote) keeps the same panels: they are mounted once
        app.refresh_views()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(home.query(GoalPanel)) == 1 and len(home.query(DuePanel)) == 1


async def test_rows_are_one_line_each_however_many_goals_and_tags(journal, app_for):
    for n in range(3):
        journal.goals.add(f"A goal with a rather long name {n}")
    entry = journal.entries.write(EntryInput(
        body="Body.", lens="insight", title="A title long enough to fill most of the row on its own",
        goals=[f"A goal with a rather long name {n}" for n in range(3)], tags=["one", "two", "three"],
        when="2026-11-23 08:00"))
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listing = app.screen.query_one(EntryList)
        assert listing.current is not None and listing.current.id == entry.id
        assert listing.option_count == 2  # the day's heading and the entry
        assert len(listing._lines) == 2  # one line each: cut with an ellipsis, never wrapped
        row = listing.render_line(1).text.rstrip()
        assert row.endswith("…") and "A title long enough" in row


def test_run_keeps_the_collector_off_until_the_first_paint_and_restores_it(seeded, app_for):
    assert gc.isenabled()
    app = app_for(seeded)
    at_paint = on_first_list_frame(app, lambda screen: gc.isenabled())
    after: dict = {}

    async def pilot(p) -> None:
        await p.pause()
        await app.workers.wait_for_complete()
        await p.pause()
        after["enabled"] = gc.isenabled()
        after["frozen"] = gc.get_freeze_count()
        app.exit()

    app.run(headless=True, size=SIZE, auto_pilot=pilot)
    assert at_paint["seen"] is False  # off while the first frame was made
    assert after["enabled"] is True and after["frozen"] > 0  # on once painted; start-up's objects frozen out
    assert gc.isenabled() and gc.get_freeze_count() == 0  # all as before once the app has ended


def test_run_restores_the_collector_when_the_app_fails(seeded, app_for, monkeypatch):
    app = app_for(seeded)

    def broken(self):
        raise RuntimeError("on_mount failed")

    monkeypatch.setattr(type(app), "on_mount", broken)
    app.run(headless=True, size=SIZE)
    assert app.return_code  # the crash path (tui/safe_app.py) ended it
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_importing_the_app_loads_nothing_the_first_frame_does_not_need():
    code = ("import sys, journal.tui.app as app\n"
            "later = ['journal.tui.screens.modals', 'journal.tui.screens.unlock', 'journal.services.privacy',\n"
            "         'textual.widgets._markdown', 'journal.tui.screens.compose']\n"
            "print([m for m in later if m in sys.modules])\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[0] == "[]"
