"""Terminal UI faults found from the outside at stop 36 (catalogue S299-)."""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

from journal.domain.model import EntryInput
from journal.tui.screens.compose import ComposeScreen
from journal.tui.screens.modals import ChoiceModal
from tests.tui.test_tui_checkins_feedback import settle

AT_80 = (80, 24)


@pytest.mark.catalogue("S299")
async def test_a_kept_draft_of_an_edit_is_offered_when_the_entry_is_edited_again(journal, app_for):
    """Escape on an edit, "Keep draft": the window closed without a word, and `e` on the entry
    opened the saved version as if nothing was kept (saving it made the kept draft a conflict,
    said to be "changed elsewhere")."""
    entry = journal.entries.write(EntryInput("The saved words of the entry."))
    app = app_for(journal)
    async with app.run_test(size=AT_80) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ComposeScreen)
        app.screen.query_one("#body", TextArea).insert(" Words typed and kept for later.")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal) and app.screen.id == "leave-confirm"
        await pilot.press("k")
        await settle(pilot)
        assert not isinstance(app.screen, ComposeScreen)
        assert any("Kept as a draft: e on the entry goes on with it" in n.message for n in app._notifications)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal) and app.screen.id == "kept-draft"
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, ComposeScreen)
        assert "Words typed and kept for later." in app.screen.query_one("#body", TextArea).text
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert "Words typed and kept for later." in journal.entries.get(entry.id).body
    assert journal.drafts.list() == []


@pytest.mark.catalogue("S300")
async def test_star_and_privacy_show_whatever_the_title_s_length(journal, app_for):
    """A row's star and "(private)" came after the title, goals and tags: a long title cut at
    the list's edge took them with it (home, search, a goal's and a mentorship's entries)."""
    from tests.tui.test_review_tui_stop33 import _screen_lines

    long_title = "First meeting with Dana went well and we agreed on the plan for the quarter ahead"
    journal.entries.write(EntryInput("Body.", title=long_title, starred=True, private=True, tags=["mentoring"]))
    app = app_for(journal)
    async with app.run_test(size=AT_80) as pilot:
        await settle(pilot)
        screen = _screen_lines(app)
        assert "09:30 ◀ ★ (private) First meet" in screen, screen


@pytest.mark.catalogue("S301")
async def test_a_refused_delete_or_restore_is_said_and_the_app_goes_on(journal, app_for, monkeypatch):
    """A delete on home and a restore in the trash let a refused write (a journal found damaged,
    busy, read-only or full) out of their handlers: the app stopped on its crash path (exit 70)."""
    from journal.domain.errors import StorageError
    from journal.services.session import Session
    from journal.tui.screens.trash import TrashScreen

    journal.entries.write(EntryInput("Kept on home."))
    trashed = journal.entries.write(EntryInput("In the trash."))
    journal.entries.delete(trashed.id)

    def refused(self):
        raise StorageError("The journal is damaged (its daily backup found it); nothing was written.")

    monkeypatch.setattr(Session, "_backup_due", refused)
    app = app_for(journal)
    async with app.run_test(size=AT_80) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, TrashScreen)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, TrashScreen)
        said = [n.message for n in app._notifications]
        assert sum("nothing was written" in m for m in said) == 2, said
    assert app.return_code in (0, None)
    assert [e.body for e in journal.entries.list()] == ["Kept on home."]


@pytest.mark.catalogue("S302")
async def test_backspace_on_search_results_edits_the_query_and_a_result_closed_keeps_its_place(journal, app_for):
    """On the results, letters went into the query (S223) but backspace did nothing; and back from
    an opened result the focus was in the query box, so the next letter (`g` for Goals, say)
    changed the query instead of acting on the list."""
    from textual.widgets import Input, OptionList

    from journal.tui.screens.entry import EntryScreen
    from journal.tui.screens.search import SearchScreen

    for words in ("meetup plans", "meetup notes", "other"):
        journal.entries.write(EntryInput(words))
    app = app_for(journal)
    async with app.run_test(size=AT_80) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        for key in "meetupx":
            await pilot.press(key)
        await pilot.press("down")
        await settle(pilot)
        query = app.screen.query_one("#query", Input)
        assert query.value == "meetupx"
        await pilot.press("backspace")
        await settle(pilot)
        assert query.value == "meetup"
        await pilot.press("down")
        await settle(pilot)
        assert isinstance(app.focused, OptionList)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen) and isinstance(app.focused, OptionList), app.focused


@pytest.mark.catalogue("S303")
def test_a_sparkline_cut_to_its_last_weeks_says_so():
    """At 80 columns the timeline's lens sparkline kept its last weeks and dropped the first ones
    without a sign: a goal seemed to start weeks later than it did."""
    from datetime import date, timedelta

    from journal.domain.timeline import Bucket
    from journal.tui.widgets.timeline_view import sparkline

    start = date(2026, 1, 5)

    def line(shape: str, width: int) -> str:
        symbols = {"h": {"hindsight": 1}, "i": {"insight": 1}, ".": {}}
        weeks = [Bucket(start + timedelta(weeks=n), start + timedelta(weeks=n, days=6), f"w{n}", symbols[c])
                 for n, c in enumerate(shape)]
        return sparkline(None, width, weeks=weeks).plain.removeprefix("lenses by week ")

    assert line("h" + "." * 29, 30) == "◀" + "·" * 29  # it fits
    assert line("h" + "." * 29, 20) == "◀" + "·" * 18 + "…"  # empty weeks at the end go first
    assert line("hi" * 10 + "." * 10, 12) == "…" + "◀◆" * 5 + "…"  # then the first weeks
    assert line("hi" * 10, 12) == "…◆" + "◀◆" * 5


@pytest.mark.catalogue("S304")
async def test_the_home_preview_at_80_shows_the_text_under_a_long_header(journal, app_for):
    """At 80x24 the preview of an entry with a title, a goal and tags held its header alone: the
    text itself was below the fold."""
    from tests.tui.test_review_tui_stop33 import _screen_lines

    goal = journal.goals.add("Public speaking at the meetup")
    mentorship = journal.mentorships.add("Dana Okafor")
    journal.entries.write(EntryInput("Dana confirmed the meetup slot for February.", title="Slot confirmed for the "
                                     "meetup in February", goals=[goal.id], tags=["mentoring", "talks"],
                                     starred=True, lens="foresight", revisit="2027-02-01",
                                     mentorship=mentorship.id))
    app = app_for(journal)
    async with app.run_test(size=AT_80) as pilot:
        await settle(pilot)
        assert "Dana confirmed the meetup slot" in _screen_lines(app)


@pytest.mark.catalogue("S305")
def test_an_overdue_next_milestone_says_so_before_its_title(journal, clock):
    """The goals list put "(39 days overdue)" after the milestone's title, in a 17-column cell:
    any title longer than a few words took the overdue with it."""
    from datetime import timedelta

    from journal.tui.widgets.goal_view import goal_cells

    goal = journal.goals.add("Public speaking")
    today = clock.now().date()
    journal.goals.add_milestone(goal.id, "Dry run with the team at the Thursday meeting",
                                (today - timedelta(days=39)).isoformat())
    [item] = journal.goals.summaries()
    item.goal.milestones = journal.goals.get(goal.id).milestones  # as the goals screen fills them in
    cell = goal_cells(item, None, today)[5]
    assert cell.plain.startswith("⚠ overdue 39d: Dry run")
