"""The search waits for a pause in the typing (S576): a key every ~0.1 s started a search each,
and at 100,000 entries the results lagged the typing by up to a second."""

from __future__ import annotations

import pytest

from journal.services import EntryInput
from journal.tui.screens import search
from journal.tui.screens.search import SearchScreen


@pytest.mark.catalogue("S576")
async def test_a_search_runs_once_the_typing_pauses(journal, app_for, monkeypatch):
    for body in ("work on it today", "a walk in the park", "work on the talk"):
        journal.entries.write(EntryInput(body))
    app = app_for(journal)
    monkeypatch.setattr(search, "TYPING_PAUSE_S", 0.2)  # after app_for, which sets it to 0 for the other tests
    asked: list[str] = []
    run = SearchScreen.run_search

    def counted(screen, *args, **kwargs):
        asked.append(screen.query_one("#query").value)
        return run(screen, *args, **kwargs)

    monkeypatch.setattr(SearchScreen, "run_search", counted)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen) and asked == [""]  # the recent entries, at once
        await pilot.press(*"work on it".replace(" ", "_"))  # typed quicker than the pause
        assert asked == [""]
        await pilot.pause(0.4)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert asked == ["", "work_on_it"]
        await pilot.press("backspace", "backspace", "backspace", "space", "i", "t")
        await pilot.pause(0.4)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert asked[-1] == "work_on it" and len(asked) == 3
        status = str(app.screen.query_one("#search-status").render())
        assert "match" in status


@pytest.mark.catalogue("S578")
@pytest.mark.parametrize("width", [80, 120])
async def test_a_result_with_many_goals_keeps_to_its_two_lines(journal, app_for, width):
    goals = [journal.goals.add(f"A rather long goal title number {n}").id for n in range(4)]
    journal.entries.write(EntryInput("We talked about the talk", title="Talk rehearsal", goals=goals, tags=["stage"]))
    journal.entries.write(EntryInput("Another talk"))
    app = app_for(journal)
    async with app.run_test(size=(width, 40)) as pilot:
        await pilot.press("slash", *"talk")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        results = app.screen.query_one("#results")
        assert results.option_count == 2
        assert results.virtual_size.height == 4  # each: the row, cut at the edge, then the snippet
