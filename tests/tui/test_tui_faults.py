"""Fault-catalogue cases that need the TUI: D27 (a failing save), G56 (export names), I72 (links)."""

from __future__ import annotations


import pytest
from textual.widgets import Markdown, TextArea

from journal.store import engine
from journal.services import EntryInput
from journal.store import entries as entry_rows
from journal.tui.screens.closure import ClosureScreen
from journal.tui.screens.compose import ComposeScreen
from journal.tui.widgets.entry_preview import EntryPreview

MARKER = "ZEBRA-SECRET-7731"
SIZE = (100, 32)


@pytest.mark.catalogue("D27")
async def test_d27_disk_full_during_save_keeps_the_text_and_retry_works(journal, app_for, monkeypatch):
    """D27: SQLITE_FULL on save: no crash, an error is shown, the text stays, and a retry saves it."""
    real_insert = entry_rows.insert
    fault = {"on": True}

    def insert(conn, entry):
        if fault["on"]:
            raise engine.OperationalError("database or disk is full")
        return real_insert(conn, entry)

    monkeypatch.setattr(entry_rows, "insert", insert)
    app = app_for(journal)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter")  # past the empty title, on to the text
        await pilot.press(*f"{MARKER} typed")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ComposeScreen)
        assert app.screen.query_one("#body", TextArea).text == f"{MARKER} typed"
        errors = [n for n in app._notifications if n.severity == "error"]
        assert errors and "disk space" in errors[-1].message and MARKER not in errors[-1].message
        assert journal.entries.count() == 0
        assert [d.body for d in journal.drafts.list()] == [f"{MARKER} typed"]
        fault["on"] = False
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ComposeScreen)
    assert [e.body for e in journal.entries.list()] == [f"{MARKER} typed"] and journal.drafts.list() == []


@pytest.mark.catalogue("G56")
async def test_g56_two_goals_that_slug_alike_get_different_files(journal, app_for):
    """Two goals whose titles slug the same get different default file names (short id)."""
    a, b = journal.goals.add("Run 5k!"), journal.goals.add("run 5k?")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        names = []
        for goal in (a, b):
            screen = ClosureScreen(app.journal, app.keeper, goal=goal.id)
            await app.push_screen(screen)
            await pilot.pause()
            names.append(screen._default_path("html"))
            app.pop_screen()
            await pilot.pause()
    assert names[0] != names[1] and all(n.startswith("~/run-5k-") for n in names)


@pytest.mark.catalogue("I72")
async def test_i72_links_in_entries_are_shown_never_opened(journal, app_for, monkeypatch):
    """I72: a link in an entry (https, file:, javascript:) is shown in a notice, never opened."""
    journal.entries.write(EntryInput("[a](https://tracker.example/p) [b](file:///etc/passwd) [c](javascript:alert(1))"))
    opened = []
    app = app_for(journal)
    monkeypatch.setattr(app, "open_url", lambda *a, **k: opened.append(a))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        preview = app.screen.query_one(EntryPreview)
        markdown = preview.query_one(Markdown)
        for href in ("https://tracker.example/p", "file:///etc/passwd", "javascript:alert(1)"):
            markdown.post_message(Markdown.LinkClicked(markdown, href))
            await pilot.pause()
    assert opened == []
    shown = [n.message for n in app._notifications if n.title == "Link (not opened)"]
    assert shown == ["https://tracker.example/p", "file:///etc/passwd", "javascript:alert(1)"]


@pytest.mark.catalogue("C21", "D27")
async def test_disk_full_while_typing_keeps_the_app_and_the_text(journal, app_for, monkeypatch):
    """A draft checkpoint that hits a full disk shows a notice; typing goes on; the next one saves."""
    from journal.domain.errors import StorageError

    real_save = journal.drafts.save
    fault = {"on": True}

    def save_draft(draft):
        if fault["on"]:
            raise StorageError("Not enough disk space to save. Free some space and try again; nothing was written.")
        return real_save(draft)

    monkeypatch.setattr(journal.drafts, "save", save_draft)
    app = app_for(journal)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter")  # past the empty title, on to the text
        await pilot.press(*"still here")
        assert app.keeper.checkpoint() is False  # what the debounce timer runs
        await pilot.pause()
        assert any(n.title.startswith("Draft not saved") for n in app._notifications)
        await pilot.press(*" and more")
        assert app.screen.query_one("#body", TextArea).text == "still here and more"
        fault["on"] = False
        assert app.keeper.checkpoint() is True
    assert [d.body for d in journal.drafts.list()] == ["still here and more"]


@pytest.mark.catalogue("E44")
async def test_escape_codes_in_an_entry_are_shown_as_symbols_in_the_editor(journal, app_for):
    """E44 in compose: TextArea draws raw, so ESC/BEL/C1 load as visible symbols, never as bytes.

    Opening and leaving without edits keeps the stored bytes; an edit saves the symbols.
    """
    entry = journal.entries.write(EntryInput("title \x1b]0;PWNED\x07 \x1b[2J \x9b end"))
    app = app_for(journal)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ComposeScreen)
        text = app.screen.query_one("#body", TextArea).text
        assert text == "title ␛]0;PWNED␇ ␛[2J \ufffd end"
        assert any(n.title == "Control characters" for n in app._notifications)
        await pilot.press("escape")  # no edits: leaves without asking
        await pilot.pause()
        assert not isinstance(app.screen, ComposeScreen)
        assert journal.entries.get(entry.id).body == "title \x1b]0;PWNED\x07 \x1b[2J \x9b end"
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("end", *" more", "ctrl+s")
        await pilot.pause()
    assert journal.entries.get(entry.id).body == "title ␛]0;PWNED␇ ␛[2J \ufffd end more"
