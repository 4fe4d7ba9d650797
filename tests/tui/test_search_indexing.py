"""The search screen right after a large import: it says the entries are being indexed and shows
the results once the indexer is done (S447), never an answer short of the waiting entries."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList, Static

from journal.services import EntryInput
from journal.store import search_index
from journal.store.db import write_tx

SIZE = (120, 40)


@pytest.mark.catalogue("S447")
async def test_search_waits_for_the_indexer_and_then_answers_in_full(journal, app_for, monkeypatch):
    from journal.tui.screens import search
    from tests.tui.conftest import until

    started: list[object] = []
    monkeypatch.setattr(search_index, "start", lambda db, key: started.append(db))
    monkeypatch.setattr(search, "INDEXING_RETRY_S", 0.05)
    journal.entries.write(EntryInput("An older talk about kelp"))
    with write_tx(journal.conn) as conn:  # what a large import leaves
        search_index.defer(conn)
    for n in range(3):
        journal.entries.write(EntryInput(f"Imported talk about kelp {n}"))
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.screen, search.SearchScreen))
        status = app.screen.query_one("#search-status", Static)
        await pilot.press(*"kelp")
        await until(pilot, lambda: "Indexing" in str(status.render()))
        assert str(status.render()) == ("Indexing 3 imported entries for search; "
                                        "the results come as soon as that is done.")
        assert started  # no indexer at work: the screen set one off
        assert app.screen.query_one("#results", OptionList).option_count == 0  # not the recent entries
        search_index.index_all(journal.conn)  # what that indexer does
        await until(pilot, lambda: "match" in str(status.render()))
        assert str(status.render()) == "4 matches"
        assert app.screen.query_one("#results", OptionList).option_count == 4


@pytest.mark.catalogue("S447")
async def test_leaving_the_search_while_it_waits_for_the_indexer_is_quiet(journal, app_for, monkeypatch):
    """The screen asks again each second while the indexer works: an answer that comes back after
    the screen was left (or the app quit) finds no widget to show it on and is dropped, never an
    error (it failed the app with NoMatches)."""
    import time

    from journal.domain.errors import StillIndexing
    from journal.services.entries import Entries
    from journal.tui.screens import search
    from tests.tui.conftest import until

    def slow(self) -> None:  # the reading thread still at it when the person leaves
        time.sleep(0.3)
        raise StillIndexing(1)

    monkeypatch.setattr(Entries, "index_for_search", slow)
    monkeypatch.setattr(search, "INDEXING_RETRY_S", 0.01)
    journal.entries.write(EntryInput("A talk about kelp"))
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.screen, search.SearchScreen))
        await pilot.press(*"kelp")
        await pilot.pause(0.1)
        await pilot.press("escape")  # left while the answer is on its way
        await pilot.pause(0.5)
        assert not isinstance(app.screen, search.SearchScreen)
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.screen, search.SearchScreen))
        await pilot.press(*"kelp")
        await pilot.pause(0.1)
    assert app.return_code in (0, None)  # quit while an answer was on its way: still no error
