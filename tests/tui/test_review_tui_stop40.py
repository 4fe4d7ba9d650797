"""Reviews of stop 40: the mentorship screen and `due` (catalogue S385, S386).

The fixed today is Mon 2026-11-23 (Europe/Berlin).
"""

from __future__ import annotations

import pytest
from textual.widgets import Static

from journal.services import EntryInput
from tests.tui.test_tui_mentorship_closure import open_mentorship, shown

SIZE = (120, 40)


def _check_ins(journal) -> list:
    return [d for d in journal.reflection.due() if d.kind == "check-in"]


@pytest.mark.catalogue("S385")
def test_a_check_in_dated_before_the_mentorship_began_does_not_start_its_rhythm(journal):
    journal.mentorships.add("Sam Lee", since="2026-10-01", check_in_every=7)
    [due] = _check_ins(journal)
    assert due.since.isoformat() == "2026-10-08"
    journal.entries.write(EntryInput(body="before we began", kind="check-in", mentorship="Sam", when="2026-09-01"))
    [due] = _check_ins(journal)
    assert due.since.isoformat() == "2026-10-08" and due.days == 46


@pytest.mark.catalogue("S386")
async def test_a_check_in_due_today_says_so(journal, app_for):
    journal.mentorships.add("Dana", since="2026-11-09", check_in_every=14)
    [due] = _check_ins(journal)
    assert due.days == 0
    async with app_for(journal).run_test(size=SIZE) as pilot:
        screen = await open_mentorship(pilot, "Dana")
        head = shown(screen, "#mentorship-head")
        assert "check-in due (due today)" in head and "0 days" not in head
        assert isinstance(screen.query_one("#mentorship-head"), Static)


@pytest.mark.catalogue("S387")
async def test_a_key_typed_right_after_quitting_is_dropped(journal, app_for):
    from textual import events

    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.post_message(events.Key("q", "q"))
        app.post_message(events.Key("question_mark", "?"))
        for _ in range(20):
            await pilot.pause(0.02)
    assert app.return_code == 0
    assert app._exception is None


@pytest.mark.catalogue("S392")
async def test_a_conversations_notes_kept_when_stopped_name_the_candidate_and_the_day(journal, app_for):
    from textual.widgets import Input, TextArea

    from journal.tui.screens.shortlist_forms import NoteModal
    from tests.tui.conftest import until

    shortlist = journal.shortlists.new("Speaking mentors")
    journal.shortlists.add_candidate(shortlist.id, "Dana")
    [candidate] = journal.shortlists.get(shortlist.id).candidates
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        modal = NoteModal(journal, shortlist.id, candidate)
        app.push_screen(modal)
        await until(pilot, lambda: app.screen is modal and bool(modal.query(TextArea)))
        modal.query_one("#note-text", TextArea).text = "hello"
        modal.query_one("#note-day", Input).value = "last sunday"
        await pilot.pause()
        assert app.keep_open_forms() == 1
    [draft] = journal.drafts.unoffered()
    assert draft.title == "Not saved: notes of a conversation with Dana (the app was stopped)"
    assert "## What was said\n\nhello" in draft.body
    assert "What was said (2)" not in draft.body
    assert "## When: today, last friday, 2026-11-18\n\nlast sunday" in draft.body


@pytest.mark.catalogue("S394")
async def test_the_day_a_mentorship_ends_on_is_echoed_as_it_is_typed(journal, app_for):
    from tests.tui.test_tui_mentorship_closure import settle

    m = journal.mentorships.add("Bea", since="2026-09-01")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        app.open_closure(mentorship=m.id)
        await settle(pilot)
        closure = app.screen
        await pilot.press("ctrl+s")  # to the outcome
        await settle(pilot)
        closure.query_one("#closure-ended").focus()
        echo = closure.query_one("#closure-ended-echo", Static)
        assert str(echo.render()) == "empty: today"
        await pilot.press(*"last saturday")
        await settle(pilot)
        assert str(echo.render()) == "→ Sat 21 Nov 2026"
        await pilot.press(*["backspace"] * 13, *"2026-08-01")
        await settle(pilot)
        assert "before" in str(echo.render())  # refused as the save refuses it: before the mentorship began
        assert not closure.saved


@pytest.mark.catalogue("S403")
@pytest.mark.parametrize(("burst", "text"), [
    ("abcd\x7fxy\x1b[D\x1b[Dz", "abczxy"),  # backspace and arrows act where they were typed
    ("ab\rcd\x1b[Ax", "abx\ncd"),  # enter, then up
])
async def test_editing_keys_typed_in_a_burst_act_in_their_place(journal, app_for, burst, text):
    from textual.widgets import TextArea

    from journal.tui.paste_driver import PasteKeepingParser
    from tests.tui.conftest import until

    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await until(pilot, lambda: app.focused is not None and app.focused.id == "title")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.focused, TextArea))
        for event in PasteKeepingParser().feed(burst):  # all of it in the app's queue at once
            app.post_message(event)
        await pilot.pause(0.3)
        assert app.focused.text == text



@pytest.mark.catalogue("S404")
async def test_search_says_when_more_match_than_it_shows(journal, app_for, monkeypatch):
    from journal.tui.screens import search
    from tests.tui.conftest import until

    monkeypatch.setattr(search, "LIMIT", 5)
    for n in range(7):
        journal.entries.write(EntryInput(f"talk number {n}", when=f"2026-11-{10 + n}"))
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.screen, search.SearchScreen))
        status = app.screen.query_one("#search-status", Static)
        await until(pilot, lambda: "recent" in str(status.render()))
        assert str(status.render()) == "the 5 most recent entries"
        await pilot.press(*"talk")
        await until(pilot, lambda: "match" in str(status.render()))
        assert str(status.render()) == "5+ matches (the best 5 shown)"


@pytest.mark.catalogue("S411")
async def test_the_app_says_what_a_writes_daily_backup_found(journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        journal.session.notices.append("Saved, but the daily backup found the journal [x] damaged.")
        app._poll()  # what its timer does every POLL_SECONDS
        await pilot.pause()
        assert not journal.session.notices
        [shown] = list(app._notifications)
        assert shown.message == "Saved, but the daily backup found the journal [x] damaged."
        assert shown.severity == "warning"
