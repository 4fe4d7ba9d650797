"""Goals, goal screen, goal form, mentorships and the timeline: Pilot tests and SVG snapshots."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from rich.table import Table
from textual.widgets import DataTable, Input, Markdown, OptionList, Static

from journal.domain.model import GoalStatus
from journal.services import EntryInput
from journal.tui.screens.entry import EntryScreen
from journal.tui.screens.goal_detail import GoalScreen
from journal.tui.screens.modals import ChoiceModal, MilestoneModal, StatusModal
from journal.tui.screens.goal_form import GoalFormScreen
from journal.tui.screens.goals import GoalsScreen
from journal.tui.screens.mentorships import MentorshipScreen, MentorshipsScreen
from journal.tui.screens.timeline import TimelineScreen
from journal.tui.widgets.goal_view import smart_flags
from journal.tui.widgets.timeline_view import TimelineView

CORPUS = "[/bold] [@click=app.quit]x[/] \x1b]0;PWNED\x07 \x1b[2J"

SIZE = (110, 36)


def rich_seed(journal) -> None:
    """A mentorship with a goal, milestones and a meeting entry on top of the base seed."""
    m = journal.mentorships.add("Ada Lovelace", focus="Speaking", since="2026-09-01", check_in_every=14,
                               agreements="Meet **every other week**.\n\n- [site](https://example.com)")
    journal.goals.edit("Public speaking", specific="Give a talk at the meetup", by="2026-12-16", mentorship=m.id)
    journal.goals.add_milestone("Public speaking", "Outline", "2026-11-10")
    journal.goals.add_milestone("Public speaking", "Lightning talk", "2026-12-01")
    journal.entries.write(EntryInput(body="Agreed the next steps.", lens="hindsight", title="Meeting with Ada",
                             kind="meeting", mentorship=m.id, goals=["Public speaking"], when="2026-10-01 17:00"))


@pytest.fixture
def rich(seeded):
    rich_seed(seeded)
    return seeded


async def settle(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def static_text(widget: Static) -> str:
    """What a Static shows, as plain text (a Rich table, such as the goal's fields, too)."""
    if isinstance(widget.content, Table):
        console = Console(width=200, file=io.StringIO(), record=True)
        console.print(widget.content)
        return console.export_text()
    return str(widget.render())


def screen_text(screen) -> str:
    """All Static text plus every OptionList/DataTable row of a screen, as plain text."""
    parts = [static_text(w) for w in screen.query(Static)]
    for ol in screen.query(OptionList):
        parts += [str(ol.get_option_at_index(i).prompt) for i in range(ol.option_count)]
    for table in screen.query(DataTable):
        parts += [str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)]
    return "\n".join(parts)


async def open_goal(pilot, title: str = "Public speaking") -> GoalScreen:
    await pilot.press("g")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, GoalsScreen)
    goal = pilot.app.journal.goals.get(title)
    screen.query_one(DataTable).move_cursor(row=screen.query_one(DataTable).get_row_index(goal.id))
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, GoalScreen)
    return pilot.app.screen


async def test_goal_list_and_goal_screen(rich, app_for):
    app = app_for(rich)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await settle(pilot)
        text = screen_text(app.screen)
        assert "Public speaking" in text and "Ada Lovelace" in text and "Learn Rust" in text
        assert "◀1 ◆1 ▶1" in text or "◀2 ◆1 ▶1" in text
        screen = await open_goal(pilot)
        text = screen_text(screen)
        assert "in 23 days" in text  # target 2026-12-16, today 2026-11-23
        assert "Outline" in text and "13 days overdue" in text
        assert "Measurable: empty" in text
        assert "Team demo" in text


async def test_milestone_add_done_and_status(rich, app_for):
    app = app_for(rich)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_goal(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, MilestoneModal)
        await pilot.press(*"Record a practice run", "enter", *"2026-12-05")
        await settle(pilot)
        assert "Sat 05 Dec 2026" in str(app.screen.query_one("#milestone-echo", Static).render())
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        goal = rich.goals.get("Public speaking")
        added = next(m for m in goal.milestones if m.title == "Record a practice run")
        assert added.due_on.isoformat() == "2026-12-05" and added.done_on is None
        milestones = screen.query_one("#goal-milestones", OptionList)
        milestones.focus()
        milestones.highlighted = milestones.get_option_index(added.id)
        await pilot.press("x")  # asks the day: empty is today
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        goal = rich.goals.get("Public speaking")
        assert next(m for m in goal.milestones if m.id == added.id).done_on.isoformat() == "2026-11-23"
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, StatusModal)
        options = app.screen.query_one(OptionList)
        options.highlighted = options.get_option_index("paused")
        await pilot.press("enter")
        await settle(pilot)
        goal = rich.goals.get("Public speaking")
        assert goal.status == GoalStatus.PAUSED
        assert [h.kind for h in goal.history].count("status") == 1
        assert "paused" in screen_text(screen)


async def test_goal_form_create_then_edit(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, GoalFormScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "needs a title" in str(form.query_one("#goal-form-error", Static).render())
        await pilot.press(*"Write a book")
        form.query_one("#goal-measurable", Input).value = "12 chapters"
        form.query_one("#goal-by", Input).value = "not a date at all"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "not a date" in str(form.query_one("#goal-form-error", Static).render())
        form.query_one("#goal-by", Input).value = "2027-03-31"
        await settle(pilot)
        assert "Wed 31 Mar 2027" in str(form.query_one("#goal-by-echo", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        goal = seeded.goals.get("Write a book")
        assert goal.measurable == "12 chapters" and goal.time_bound.isoformat() == "2027-03-31"
        assert isinstance(app.screen, GoalScreen)  # the new goal opens
        before = len(goal.history)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, GoalFormScreen)
        assert form.query_one("#goal-measurable", Input).value == "12 chapters"
        form.query_one("#goal-specific", Input).value = "Write twelve chapters of the field guide"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
    goal = seeded.goals.get("Write a book")
    assert goal.specific == "Write twelve chapters of the field guide"
    assert len(goal.history) == before + 1


async def test_timeline_from_goal_zoom_and_open_entry(rich, app_for):
    app = app_for(rich)
    async with app.run_test(size=SIZE) as pilot:
        await open_goal(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen) and screen.goal_ref
        view = screen.query_one(TimelineView)
        text = screen_text(screen)
        assert "Lightning talk" in text and "Team demo" in text and "◇ milestone" in text
        assert "Borrow checker" not in text  # another goal's entry
        for key, zoom, label in (("2", "week", "16–22 Nov 2026"), ("3", "month", "Nov 2026"),
                                 ("1", "day", "Sat 21 Nov 2026")):
            await pilot.press(key)
            await settle(pilot)
            assert view.zoom == zoom and label in screen_text(screen)
        await pilot.press("z")
        await settle(pilot)
        assert view.zoom == "week"
        await pilot.press("minus")
        await settle(pilot)
        assert view.zoom == "month"
        await pilot.press("plus", "plus")
        await settle(pilot)
        assert view.zoom == "day"
        entry = rich.entries.list(rich.entries.filter(goals=("Public speaking",)), limit=1)[0]
        view.highlighted = view.get_option_index(f"e:{entry.id}")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen) and app.screen.entry_id == entry.id


async def test_whole_journal_timeline_from_home(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen) and app.screen.goal_ref is None
        text = screen_text(app.screen)
        assert "Whole journal" in text and "Borrow checker" in text and "Morning pages" in text


@pytest.mark.catalogue("I72")
async def test_mentorship_screen_shows_check_in_due(rich, app_for):
    app = app_for(rich)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MentorshipsScreen)
        assert "check-in due" in screen_text(app.screen)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MentorshipScreen)
        text = screen_text(screen)
        assert "check-in due" in text and "every 14 days" in text
        assert "Public speaking" in text and "● meeting" in text
        assert screen.query_one(Markdown)._open_links is False
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen) and app.screen.mentorship_ref


@pytest.mark.catalogue("E43")
async def test_markup_in_goals_milestones_and_mentors_is_literal(journal, app_for):
    m = journal.mentorships.add(f"Mentor {CORPUS}", focus=CORPUS, agreements=CORPUS)
    goal = journal.goals.add(f"Goal {CORPUS}", specific=CORPUS, mentorship=m.id)
    journal.goals.add_milestone(goal.id, f"Step {CORPUS}", "2026-12-01")
    journal.entries.write(EntryInput(body=CORPUS, title=CORPUS, goals=[goal.id], kind="meeting", mentorship=m.id,
                             when="2026-11-20"))
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app.screen)
        assert "[/bold]" in text and "[@click=app.quit]x[/]" in text and "\x1b" not in text
        await pilot.press("t")
        await settle(pilot)
        assert "[@click=app.quit]x[/]" in screen_text(app.screen)
        for key in ("2", "3", "escape", "escape", "escape", "m", "enter"):
            await pilot.press(key)
            await settle(pilot)
        text = screen_text(app.screen)
        assert "Mentor [/bold]" in text and "\x1b" not in text
        assert app.is_running


def test_smart_flags_rules(journal):
    goal = journal.goals.add("G", specific="Talk more", measurable="lots", relevant="career")
    flags = smart_flags(goal, journal.today())
    assert flags["specific"] == "vague: under 4 words"
    assert flags["measurable"] == "vague: no number"
    assert flags["achievable"] == "empty" and flags["relevant"] == ""
    assert flags["time_bound"] == "no target date"


def test_timeline_rows_are_one_line_each(journal):
    """The OptionList height override (private Textual API) assumes one line per row."""
    assert TimelineView._update_lines is not None
    assert "_update_lines" in vars(__import__("textual.widgets._option_list", fromlist=["OptionList"]).OptionList)
    from journal.tui.widgets.listing import RENDERED

    view = TimelineView()  # Listing's smaller cache of drawn rows replaces OptionList's own
    assert view._option_render_cache.maxsize == RENDERED


async def test_timeline_of_thousands_of_entries_loads_as_rows(journal, app_for):
    journal.goals.add("Big")
    from datetime import date, timedelta

    for i in range(600):
        journal.entries.write(EntryInput(body=f"entry {i}", lens=("hindsight", "insight", "foresight")[i % 3],
                                 goals=["Big"], when=(date(2025, 1, 1) + timedelta(days=i // 2)).isoformat()))
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(TimelineScreen(app.journal, goal="Big"))
        await settle(pilot)
        view = app.screen.query_one(TimelineView)
        assert view.option_count > 600
        assert len(app.screen.query("*")) < 40  # rows are options, not widgets
        assert view.virtual_size.height == view.option_count
        assert view.current_id and view.current_id.startswith("e:")


# ------------------------------------------------------------------ snapshots
SNAP = (100, 32)




@pytest.fixture
def snap_journal(stable_ids, seeded):
    rich_seed(seeded)
    return seeded


def _keys(*keys):
    async def run_before(pilot):
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


def test_snapshot_goal_list(snap_compare, snap_journal, app_for):
    assert snap_compare(app_for(snap_journal), terminal_size=SNAP, run_before=_keys("g"))


def test_snapshot_goal_screen(snap_compare, snap_journal, app_for):
    assert snap_compare(app_for(snap_journal), terminal_size=SNAP, run_before=_keys("g", "down", "enter"))


def test_snapshot_mentorship(snap_compare, snap_journal, app_for):
    assert snap_compare(app_for(snap_journal), terminal_size=SNAP, run_before=_keys("m", "enter"))


@pytest.mark.parametrize("zoom", ["1", "2", "3"])
def test_snapshot_timeline(snap_compare, snap_journal, app_for, zoom):
    assert snap_compare(app_for(snap_journal), terminal_size=SNAP, run_before=_keys("g", "down", "enter", "t", zoom))


async def test_c_on_the_goal_screen_opens_the_closure_flow(rich, app_for):
    """The goal screen's `c` starts the closure conversation for that goal."""
    from journal.tui.screens.closure import ClosureScreen

    app = app_for(rich)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_goal(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ClosureScreen)
        assert app.screen.goal_ref == screen.goal_id


async def new_goal_form(pilot) -> None:
    """Goals (g), then a new goal's form (n)."""
    for key in ("g", "n"):
        await pilot.press(key)
        await settle(pilot)


@pytest.mark.catalogue("S165")
async def test_leaving_the_goal_form_with_typed_text_asks_first(journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await new_goal_form(pilot)
        await pilot.press("escape")  # nothing typed: leaves at once
        await settle(pilot)
        assert isinstance(app.screen, GoalsScreen)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        await pilot.press(*"Learn Rust", "tab", *"Finish the book")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal) and app.screen.id == "goal-leave-confirm"
        await pilot.press("c")  # Cancel: the form, the text kept
        await settle(pilot)
        assert app.screen is form and form.values()["title"] == "Learn Rust"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("s")  # Save: the new goal's own screen opens
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
        assert journal.goals.get("Learn Rust").specific == "Finish the book"
        # an edit left the same way: Discard keeps the goal as it was
        app.push_screen(GoalFormScreen(journal, journal.goals.get("Learn Rust")))
        await settle(pilot)
        await pilot.press(*" and Go")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("d", "y")  # Discard, asked again (S248)
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen) and journal.goals.get("Learn Rust").title == "Learn Rust"


@pytest.mark.catalogue("S165")
async def test_quitting_with_a_goal_form_half_typed_asks_first(journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await new_goal_form(pilot)
        await pilot.press(*"Learn Rust")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal) and app.screen.id == "quit-confirm"
        await pilot.press("c")  # Cancel: still here, the text kept
        await settle(pilot)
        assert isinstance(app.screen, GoalFormScreen) and app.is_running
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("s")  # Save, then quit
        await settle(pilot)
    assert journal.goals.get("Learn Rust").title == "Learn Rust"
