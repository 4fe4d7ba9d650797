"""The app reads dates as the CLI does (issue 19): compose's date echo shows how a date that
could surprise was read, and the search screen's date filters take a whole period."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from journal.tui.screens.compose import ComposeScreen
from journal.tui.screens.home import HomeScreen
from journal.tui.screens.search import SearchScreen

SIZE = (120, 40)


@pytest.fixture(autouse=True)
def american(monkeypatch):
    for name in ("LC_ALL", "LC_TIME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def _type_into(pilot, selector: str, text: str) -> None:
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    field.value = ""
    await pilot.pause()
    await pilot.press(*text)
    await pilot.pause()


@pytest.mark.catalogue("Q128")
async def test_the_date_echo_says_how_a_surprising_date_was_read(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ComposeScreen)
        await pilot.press(*"A walk")
        await _type_into(pilot, "#when", "monday")
        assert _text(app, "#when-echo") == ("→ Mon 23 Nov 2026 (today) — monday: today (Mon 23 Nov); "
                                            "say 'last monday' for Mon 16 Nov")
        await _type_into(pilot, "#when", "3/7/2014 7:30pm")
        assert _text(app, "#when-echo") == ("→ Fri 07 Mar 2014 19:30 (4644 days ago) — 3/7/2014 read as 7 March 2014 "
                                            "(month/day: the locale en_US.UTF-8; [dates] order sets it)")
        await _type_into(pilot, "#when", "last friday")
        assert _text(app, "#when-echo") == "→ Fri 20 Nov 2026 (3 days ago)"  # nothing to add
        await _type_into(pilot, "#when", "june 2013")
        assert _text(app, "#when-echo").startswith("Invalid date 'june 2013': it is a whole month (June 2013)")
        await _type_into(pilot, "#when", "3/7/2014 7:30pm")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    [entry] = [e for e in seeded.entries.list() if e.body == "A walk"]
    assert (entry.day.isoformat(), entry.time) == ("2014-03-07", "19:30")


@pytest.mark.catalogue("Q129")
async def test_the_search_screens_date_filters_take_a_whole_period(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await _type_into(pilot, "#filter-from", "last week")  # Mon 16 – Sun 22 Nov: from its Monday
        await _type_into(pilot, "#filter-to", "last week")  # … to its Sunday
        await app.workers.wait_for_complete()
        await pilot.pause()
        results = app.screen.query_one("#results")
        days = {seeded.entries.get(results.get_option_at_index(i).id).day.isoformat()
                for i in range(results.option_count)}
        assert days == {"2026-11-21", "2026-11-22"}


@pytest.mark.catalogue("S471")
async def test_a_bad_date_filter_names_its_field(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        for field, typed, said in (
            ("#filter-to", "next tusday", "To: Invalid date 'next tusday'"),
            ("#filter-from", "someday", "From: Invalid date 'someday'"),  # the first wrong one is named
            ("#filter-from", "2026-11-20", "From 2026-11-20 is after To"),
        ):
            if field == "#filter-from" and typed == "2026-11-20":
                await _type_into(pilot, "#filter-to", "2026-11-01")
            await _type_into(pilot, field, typed)
            await app.workers.wait_for_complete()
            await pilot.pause()
            status = _text(app, "#search-status")
            assert status.startswith(said) and status.endswith("(list unchanged)")
            assert "--" not in status and "Accepted" not in status
