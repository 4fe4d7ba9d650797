"""Choosing a mentor by criteria in the TUI, as a new user would: from the mentorships list to
a shortlist, two must-haves and two weighted wants, three candidates scored, the ranking with
a missed must-have shown in words, a conversation noted and read, and a choice that starts the
mentorship and opens it. Fixed clock: Monday 23 November 2026, 09:30 in Berlin."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, OptionList, Static, TextArea

from journal.tui.screens.mentorships import MentorshipScreen, MentorshipsScreen
from journal.tui.screens.modals import ChoiceModal, PickModal
from journal.tui.screens.shortlist import ShortlistScreen
from journal.tui.screens.shortlist_forms import (
    ChooseModal,
    CriterionModal,
    LineModal,
    NoteModal,
    NotesModal,
    ScoreModal,
)
from journal.tui.screens.shortlists import ShortlistsScreen

from tests.tui.conftest import paste

SIZE = (120, 40)


def cells(screen: ShortlistScreen) -> list[list[str]]:
    """The matrix as text: one list of cell texts per row, in the order shown."""
    table = screen.query_one(DataTable)
    return [[str(getattr(cell, "plain", cell)) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def headings(screen: ShortlistScreen) -> list[str]:
    return [column.label.plain for column in screen.query_one(DataTable).columns.values()]


def detail(screen: ShortlistScreen) -> str:
    return str(screen.query_one("#shortlist-detail", Static).render())


async def add_criterion(pilot, name: str, *, must: bool = False, weight: str | None = None) -> None:
    await pilot.press("c")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CriterionModal)
    await paste(pilot, name)
    await pilot.press("tab")  # to the want / must-have choice
    if must:
        await pilot.press("down", "enter")
    if weight is not None:
        await pilot.press("tab", *weight)  # the weight field: its 3 is selected, typing replaces it
    await pilot.press("ctrl+s")
    await pilot.pause()


async def add_candidate(pilot, name: str) -> None:
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, LineModal)
    await paste(pilot, name)
    await pilot.press("enter")
    await pilot.pause()


async def highlight(pilot, screen: ShortlistScreen, name: str) -> None:
    table = screen.query_one(DataTable)
    row = next(i for i, row in enumerate(cells(screen)) if row[1].startswith(name))
    while table.cursor_row != row:
        await pilot.press("down" if table.cursor_row < row else "up")
    await pilot.pause()


async def score(pilot, screen: ShortlistScreen, name: str, musts: list[str], wants: list[str]) -> None:
    """Score the candidate `name`: each must-have by its choice ('yes', 'no'), each want typed."""
    await highlight(pilot, screen, name)
    await pilot.press("s")
    await pilot.pause()
    modal = pilot.app.screen
    assert isinstance(modal, ScoreModal) and modal.candidate.name == name
    for number, answer in enumerate(musts, 1):
        await pilot.click(f"#score-{number}-{answer}")
    for number, value in enumerate(wants, len(musts) + 1):
        field = modal.query_one(f"#score-{number}", Input)
        field.focus()
        await pilot.press(*value)
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_choosing_a_mentor_by_criteria_from_start_to_the_mentorship(journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MentorshipsScreen)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ShortlistsScreen)
        assert "No shortlists yet" in str(app.screen.query_one("#shortlists-status", Static).render())

        await pilot.press("n")
        await pilot.pause()
        await paste(pilot, "Leadership mentor")
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ShortlistScreen) and screen.sub_title == "Leadership mentor"

        await add_criterion(pilot, "Works in my field", must=True)
        await add_criterion(pilot, "Has time each month", must=True)
        await add_criterion(pilot, "Has coached team leads", weight="5")
        await add_criterion(pilot, "Lives nearby", weight="2")
        for name in ("Ada Byron", "Grace Hopper", "Alan Turing"):
            await add_candidate(pilot, name)
        assert app.screen is screen
        assert headings(screen)[4:] == ["Works in my fie…\nmust", "Has time each m…\nmust",
                                        "Has coached tea…\nwant ×5", "Lives nearby\nwant ×2"]
        assert [row[1] for row in cells(screen)] == ["Ada Byron", "Alan Turing", "Grace Hopper"]  # tied, by name
        assert {row[0] for row in cells(screen)} == {"—"}  # nothing scored yet: no place (S497)

        await score(pilot, screen, "Ada Byron", ["yes", "yes"], ["4", "3"])
        await score(pilot, screen, "Grace Hopper", ["yes", "yes"], ["5", "1"])
        await score(pilot, screen, "Alan Turing", ["no", "yes"], ["5", "5"])
        assert app.screen is screen
        assert cells(screen) == [
            ["1st", "Grace Hopper", "77%", "✓ all met", "✓ yes", "✓ yes", "5/5", "1/5"],
            ["2nd", "Ada Byron", "74%", "✓ all met", "✓ yes", "✓ yes", "4/5", "3/5"],
            ["3rd", "Alan Turing", "100%", "✗ misses 1", "✗ no", "✓ yes", "5/5", "5/5"],
        ]
        await highlight(pilot, screen, "Alan Turing")
        assert "✗ misses the must-have “Works in my field”" in detail(screen)

        # a conversation noted with Grace, dated as typed, then read back
        await highlight(pilot, screen, "Grace Hopper")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteModal)
        await paste(pilot, "Warm and direct; monthly calls suit her.")
        app.screen.query_one("#note-day", Input).focus()
        await pilot.press(*"last friday")  # typed: the echo follows each key
        await pilot.pause()
        assert "Fri 20 Nov 2026" in str(app.screen.query_one("#note-echo", Static).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen and "1 conversation (the last Fri 20 Nov)" in detail(screen)
        assert cells(screen)[0][1] == "Grace Hopper ✎1"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NotesModal)
        shown = " ".join(str(s.render()) for s in app.screen.query(Static).results())
        assert "Fri 20 Nov 2026" in shown and "Warm and direct; monthly calls suit her." in shown
        await pilot.press("escape")
        await pilot.pause()

        # choosing the top candidate asks the mentorship's focus, start and rhythm, starts it and opens it
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ChooseModal)
        assert app.screen.query_one("#choose-focus", Input).value == "Leadership mentor"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MentorshipScreen)
        m = journal.mentorships.get(app.screen.mentorship_id)
        assert (m.mentor, m.focus) == ("Grace Hopper", "Leadership mentor")
        assert m.history[-1].new == "chosen from 3 candidates on the shortlist 'Leadership mentor' (ranked 1st, 77%)"
        sl = journal.shortlists.of_mentorship(m.id)
        assert sl is not None
        assert sl.candidate("Grace").conversations[0].text == "Warm and direct; monthly calls suit her."

        # back on the shortlist: decided, its matrix kept, notes still taken, o opens the mentorship
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert "★ decided: Grace Hopper was chosen" in str(screen.query_one("#shortlist-head", Static).render())
        assert cells(screen)[0][1] == "Grace Hopper ★ chosen ✎1"
        keys = {b.binding.key for b in screen.active_bindings.values() if b.enabled}
        assert {"n", "o"} <= keys and not {"c", "a", "s", "d"} & keys
        await pilot.press("c", "s")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, MentorshipScreen) and app.screen.mentorship_id == m.id


async def test_a_missed_must_have_is_asked_about_then_the_form_chooses(journal, app_for):
    sl = scored(journal)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ShortlistScreen(journal, sl.id))
        await pilot.pause()
        screen = app.screen
        await highlight(pilot, screen, "Alan Turing")
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal) and app.screen.id == "shortlist-choose-confirm"
        question = str(app.screen.query_one(".choice-question", Static).render())
        assert "Alan Turing misses the must-have “Works in my field”" in question
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ChooseModal) and app.screen.force
        assert "Chosen against a must-have" in str(app.screen.query_one("#choose-about", Static).render())
        await pilot.click("#choose-cancel")
        await pilot.pause()
        assert app.screen is screen and journal.mentorships.list() == []
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MentorshipScreen)
        m = journal.mentorships.get(journal.mentorships.list()[0].id)
        assert m.mentor == "Alan Turing" and "chosen although it misses must-have 'Works in my field'" in (
            m.history[-1].new)


def scored(journal):
    lists = journal.shortlists
    lists.new("Leadership mentor")
    lists.add_criterion("Leadership", "Works in my field", must=True)
    lists.add_criterion("Leadership", "Has coached team leads", weight=5)
    for name in ("Ada Byron", "Alan Turing"):
        lists.add_candidate("Leadership", name)
    lists.score_many("Leadership", "Ada", [("1", "yes"), ("2", "3")])
    lists.score_many("Leadership", "Alan", [("1", "no"), ("2", "5")])
    return lists.get("Leadership")


async def test_remove_asks_what_then_whether(journal, app_for):
    sl = scored(journal)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ShortlistScreen(journal, sl.id))
        await pilot.pause()
        screen = app.screen
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, PickModal)
        options = app.screen.query_one(OptionList)
        assert [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)] == [
            "Candidate Ada Byron", "Criterion Works in my field (must-have)",
            "Criterion Has coached team leads (want ×5)"]
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("k")  # Keep
        await pilot.pause()
        assert len(journal.shortlists.get(sl.id).criteria) == 2
        await pilot.press("d", "enter")
        await pilot.pause()
        await pilot.press("r")  # Remove Ada
        await pilot.pause()
        assert app.screen is screen
        assert [c.name for c in journal.shortlists.get(sl.id).candidates] == ["Alan Turing"]
        assert [row[1] for row in cells(screen)] == ["Alan Turing"]


async def test_form_errors_stay_in_the_form(journal, app_for):
    sl = scored(journal)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ShortlistScreen(journal, sl.id))
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await paste(pilot, "ada byron")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LineModal)
        assert "already candidate 1" in str(app.screen.query_one("#shortlist-line-error", Static).render())
        await pilot.press("escape")  # a name typed: asked first (S206)
        await pilot.pause()
        await pilot.press("d", "y")
        await pilot.pause()
        await add_criterion(pilot, "Nearby", weight="9")
        assert isinstance(app.screen, CriterionModal)
        assert "weight is 1" in str(app.screen.query_one("#criterion-error", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("d", "y")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one("#score-2", Input).focus()
        await pilot.press("backspace", "7", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ScoreModal)
        assert "Score a want from 0" in str(app.screen.query_one("#score-error", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("d", "y")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#note-day", Input).focus()
        await paste(pilot, "tomorrow")
        app.screen.query_one(TextArea).focus()
        await paste(pilot, "Not yet")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NoteModal)
        assert "in the future" in str(app.screen.query_one("#note-error", Static).render())
        assert journal.shortlists.get(sl.id).candidate("Ada").conversations == []


async def test_the_palette_and_the_list_open_and_delete_shortlists(journal, app_for):
    scored(journal)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        palette = {c.title: c for c in app.get_system_commands(app.screen)}
        palette["Choose a mentor…"].callback()  # the palette's "Choose a mentor…"
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ShortlistsScreen)
        row = str(screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert "Leadership mentor" in row and "open, leading: Ada Byron" in row and "2 candidates, 2 criteria" in row
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ShortlistScreen)
        await pilot.press("escape", "d")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal) and app.screen.id == "shortlist-delete-confirm"
        await pilot.press("d")
        await pilot.pause()
        assert app.screen is screen and journal.shortlists.list() == []
        assert "No shortlists yet" in str(screen.query_one("#shortlists-status", Static).render())


@pytest.mark.catalogue("S515")
async def test_a_long_name_leaves_the_scores_on_screen_at_80_columns(journal, app_for):
    """Helper review: one long candidate name made the fixed Place and Candidate columns wider
    than an 80-column screen, and no score could be scrolled into view. The name is cut in the
    matrix; the line under it has it whole."""
    sl = scored(journal)
    long_name = "Dr. Maximiliana Evangelina Bartholomew-Featherstonehaugh 🌟"
    journal.shortlists.add_candidate(sl.id, long_name)
    journal.shortlists.score_many(sl.id, "Dr.", [("1", "yes"), ("2", "5")])
    app = app_for(journal)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ShortlistScreen(journal, sl.id))
        await pilot.pause()
        screen = app.screen
        assert cells(screen)[0][1] == "Dr. Maximiliana Evangel…"
        assert long_name in detail(screen)
        table = screen.query_one(DataTable)
        assert sum(column.get_render_width(table) for column in list(table.columns.values())[:3]) < 80
    journal.shortlists.note(sl.id, "Dr.", "We talked about pacing")
    journal.shortlists.choose(sl.id, "Dr.", force=True)
    async with app_for(journal).run_test(size=(80, 24)) as pilot:  # chosen, with notes: the marks fit too
        pilot.app.push_screen(ShortlistScreen(journal, sl.id))
        await pilot.pause()
        assert cells(pilot.app.screen)[0][1] == "Dr. Maximil… ★ chosen ✎1"


@pytest.mark.catalogue("S523")
async def test_a_want_turned_must_have_keeps_save_on_an_80x24_screen(journal, app_for):
    """Helper review: turning a scored want into a must-have added the 'its scores will be taken
    back' note under a weight field it no longer has: Save and Cancel went below the screen."""
    from textual.widgets import Button

    sl = scored(journal)
    app = app_for(journal)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(CriterionModal(journal, sl, sl.criteria[1]))  # the want, scored for both
        await pilot.pause()
        modal = app.screen
        modal.query_one("#criterion-must").value = True
        await pilot.pause()
        assert "will be taken back" in str(modal.query_one("#criterion-note", Static).render())
        assert not modal.query_one("#criterion-weight", Input).display
        save = modal.query_one("#criterion-add", Button)
        assert save.region.bottom <= 23 and save.region.height > 0  # above the footer, in view
