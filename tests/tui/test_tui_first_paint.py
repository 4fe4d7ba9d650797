"""Issue 20, the TUI's first paint: the home screen's side panels (prompt of the day, goals and
their counts, what is due) are read in the background, so a slow query there never keeps the
entry list from painting, the keys from working, or the app from quitting."""

from __future__ import annotations

import threading

import pytest

from journal.services import EntryInput
from journal.services.reflection import Reflection
from journal.tui.screens.entry import EntryScreen
from journal.tui.screens.home import HomeScreen
from journal.tui.widgets.due_panel import DuePanel
from journal.tui.widgets.entry_list import EntryList
from journal.tui.widgets.entry_preview import EntryPreview

from tests.tui.conftest import until

SIZE = (120, 40)
PATIENCE = 30.0
"""How long a held due() waits before giving up on its own: only so that a failing test ends."""


class Held:
    """`Reflection.due` held until released: `started` once a call is waiting, `finished` after."""

    def __init__(self, original) -> None:
        self.original = original
        self.started = threading.Event()
        self.release = threading.Event()
        self.finished = threading.Event()

    def due(self, reflection, *args, **kwargs):
        self.started.set()
        try:
            self.release.wait(PATIENCE)
            return self.original(reflection, *args, **kwargs)
        finally:
            self.finished.set()


@pytest.fixture
def held_due(monkeypatch):
    held = Held(Reflection.due)
    monkeypatch.setattr(Reflection, "due", lambda reflection, *a, **k: held.due(reflection, *a, **k))
    yield held
    held.release.set()  # never leave a thread waiting behind a failed test


def with_foresight(journal):
    return journal.entries.write(EntryInput(body="The talk will run over time.", lens="foresight",
                                            title="Talk forecast", when="2026-11-01 09:00", revisit="2026-11-20"))


def side_workers(app, *groups: str):
    return [w for w in app.workers if w.group in groups]


def rows(panel) -> list[str]:
    return [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]


async def test_a_held_due_query_never_keeps_the_list_from_painting_or_the_keys_from_working(
        seeded, app_for, held_due):
    forecast = with_foresight(seeded)
    newest = seeded.entries.list(limit=2)
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, held_due.started.is_set)
        home = app.screen
        assert isinstance(home, HomeScreen)
        listing = home.query_one(EntryList)
        assert listing.current is not None and listing.current.id == newest[0].id
        panel = home.query_one("#due-panel", DuePanel)
        assert panel.display and rows(panel) == ["…"] and panel.items == []
        # the other panels do not wait for the due query either
        if others := side_workers(app, "home-prompt", "home-goals"):  # (an empty list would wait for all)
            await app.workers.wait_for_complete(others)
        await pilot.pause()
        assert "Public speaking" in str(home.query_one("#goal-panel").render())
        assert "…" not in str(home.query_one("#prompt-of-day").render())
        # the list is in use: move, the preview follows; open an entry, come back
        await pilot.press("j")
        await pilot.pause()
        assert listing.current is not None and listing.current.id == newest[1].id
        preview = home.query_one(EntryPreview)
        assert preview.entry is not None and preview.entry.id == newest[1].id
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, EntryScreen))
        assert app.screen.entry_id == newest[1].id
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is home)
        assert not held_due.finished.is_set() and rows(panel) == ["…"]
        # released, the panel fills in
        held_due.release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [item.ref for item in panel.items] == [forecast.id] and panel.display
        assert "Talk forecast" in rows(panel)[0]


async def test_quitting_does_not_wait_for_a_held_query(seeded, app_for, held_due):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, held_due.started.is_set)
        await pilot.press("q")
    assert not held_due.finished.is_set()  # the app is gone; the query it left has not even ended


async def test_a_reload_while_the_due_query_is_held_keeps_the_list_current(seeded, app_for, held_due):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, held_due.started.is_set)
        added = seeded.entries.write(EntryInput(body="Written while due was slow.", lens="insight"))
        app.refresh_views(select=added.id)
        listing = app.screen.query_one(EntryList)
        await until(pilot, lambda: listing.current is not None and listing.current.id == added.id)
        held_due.release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one(DuePanel).items == []
        assert not app.screen.query_one(DuePanel).display  # nothing due: no empty box


async def test_a_side_panel_that_cannot_be_read_says_so_and_the_list_stays(seeded, app_for, monkeypatch):
    def broken(reflection, *args, **kwargs):
        raise RuntimeError("the due query failed")

    monkeypatch.setattr(Reflection, "due", broken)
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        panel = app.screen.query_one(DuePanel)
        assert rows(panel) == ["Could not be read just now."] and panel.display
        assert app.screen.query_one(EntryList).current is not None
        assert app.is_running


def test_a_reader_reads_the_journal_from_another_thread_and_never_writes(seeded):
    found: dict = {}

    def read() -> None:
        with seeded.reader() as reader:
            found["titles"] = [s.goal.title for s in reader.goals.summaries()]
            found["clock"] = reader.today()
            try:
                reader.goals.add("Not written")
            except Exception as error:
                found["refused"] = error

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    assert sorted(found["titles"]) == ["Learn Rust", "Public speaking"]
    assert found["clock"] == seeded.today()
    assert "refused" in found
    assert "Not written" not in [s.goal.title for s in seeded.goals.summaries()]
