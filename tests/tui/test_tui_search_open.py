"""Opening search (issue 20): the recent entries it lists before anything is typed are drawn
without a highlight span per character; a typed word is still highlighted."""

from __future__ import annotations

import threading

import pytest

from journal.domain.model import EntryFilter
from journal.services import EntryInput
from journal.tui.screens.search import Results, SearchScreen, result_text

SIZE = (120, 40)


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_a_result_with_no_words_has_only_its_own_styles(journal):
    journal.entries.write(EntryInput(body="Rivers and a long line of text after them", tags=["walk"]))
    entry = journal.entries.list(EntryFilter(), limit=1)[0]
    plain = result_text(entry, [])
    assert all(span.end > span.start for span in plain.spans)  # no empty span at every character
    assert len(plain.spans) < 10
    marked = result_text(entry, ["river"])
    highlighted = [marked.plain[s.start:s.end] for s in marked.spans if s.style == "bold reverse"]
    assert highlighted == ["River", "River"]  # in the title and in the snippet


async def test_search_opens_with_the_recent_entries_then_highlights_what_is_typed(journal, app_for):
    for i in range(60):
        journal.entries.write(EntryInput(body=f"Entry {i} by the river" if i % 2 else f"Entry {i}",
                                         when=f"2026-10-{1 + i % 28:02d}"))
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        results = screen.query_one("#results", Results)
        assert results.option_count == 50  # the first 50 of the 60 recent entries, laid out
        assert all(not any(s.end == s.start for s in results.get_option_at_index(i).prompt.spans)
                   for i in range(results.option_count))
        await pilot.press("r", "i", "v")
        await settle(pilot)
        first = results.get_option_at_index(0).prompt
        assert any(first.plain[s.start:s.end].lower() == "riv" for s in first.spans if s.style == "bold reverse")


@pytest.mark.catalogue("R143")
async def test_the_search_runs_off_the_event_loop(journal, app_for, monkeypatch):
    """What is typed is searched on a reading thread of its own: a slow query (a first letter
    at 100,000 entries) never holds the keys; each keystroke's search replaces the one before."""
    from journal.services.entries import Entries

    journal.entries.write(EntryInput(body="A walk by the river"))
    threads: list[str] = []
    original = Entries.search

    def search(self, *args, **kwargs):
        threads.append(threading.current_thread().name)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Entries, "search", search)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press("r", "i", "v")
        await settle(pilot)
        results = app.screen.query_one("#results", Results)
        assert results.option_count == 1
    assert threads and threading.main_thread().name not in threads


@pytest.mark.catalogue("S186")
async def test_a_query_that_cannot_be_searched_shows_no_results_of_another(journal, app_for):
    """S186: typing `"` (nothing to search for) showed the red line over the previous results;
    since S268 a quote alone shows the recent entries, as an empty box does."""
    journal.entries.write(EntryInput(body="Rain on the river"))
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await settle(pilot)
        results = app.screen.query_one("#results", Results)
        await pilot.press(*"rain")
        await settle(pilot)
        assert results.option_count == 1
        await pilot.press("backspace", "backspace", "backspace", "backspace", "quotation_mark")
        await settle(pilot)
        # a quote alone opens a phrase: the recent entries, said so, never the matches of "rain" (S268)
        assert str(app.screen.query_one("#search-status").render()) == "1 recent entry"


@pytest.mark.catalogue("S376")
async def test_the_search_footer_offers_no_key_that_would_type_a_letter(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.check_action("quit_key", ()) and app.check_action("help", ())  # home: q quits, ? helps
        await pilot.press("slash", *"talk")
        await settle(pilot)
        await pilot.press("down")  # to the results: q and ? still type into the query
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert not app.check_action("quit_key", ()) and not app.check_action("help", ())
        footer = app.export_screenshot().replace("&#160;", " ")
        assert "Quit" not in footer and "Help" not in footer
