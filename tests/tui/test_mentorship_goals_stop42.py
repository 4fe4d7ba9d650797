"""The goals list at 80 columns: every goal's next milestone reads (an overdue one with its
marker and its name), beside status, goal, mentor, entries and last, none off the screen."""

from __future__ import annotations

import pytest

from datetime import timedelta

from journal.services import EntryInput
from tests.tui.test_review_tui_stop33 import _screen_lines

LATE = "Dry run with the team at the Thursday meeting"
SOON = "First lightning talk at the meetup"


def furnish(journal, clock) -> None:
    """A mentored goal whose next milestone is 39 days overdue, one whose next is to come, a
    closed one that missed its milestone."""
    today = clock.now().date()
    m = journal.mentorships.add("Ada Lovelace")
    late = journal.goals.add("Give a conference talk on testing", mentorship=m.id)
    journal.goals.add_milestone(late.id, LATE, (today - timedelta(days=39)).isoformat())
    soon = journal.goals.add("Learn Rust")
    journal.goals.add_milestone(soon.id, SOON, (today + timedelta(days=22)).isoformat())
    journal.entries.write(EntryInput("Drafted the outline.", goals=[late.id], when=today.isoformat()))
    gone = journal.goals.add("Run a marathon")
    journal.goals.add_milestone(gone.id, "Half marathon in spring", (today - timedelta(days=3)).isoformat())
    journal.goals.set_status(gone.id, "abandoned")


async def goals_lines(pilot) -> list[str]:
    from journal.tui.screens.goals import GoalsScreen

    await pilot.pause()
    await pilot.press("g")
    for _ in range(5):
        await pilot.pause()
    assert isinstance(pilot.app.screen, GoalsScreen)
    return _screen_lines(pilot.app).splitlines()


def _row(lines: list[str], words: str) -> int:
    return next(i for i, line in enumerate(lines) if words in line)


@pytest.mark.catalogue("S452")
async def test_an_overdue_next_milestone_reads_whole_enough_at_80(journal, clock, app_for):
    furnish(journal, clock)
    app = app_for(journal)
    async with app.run_test(size=(80, 24)) as pilot:
        lines = await goals_lines(pilot)
    shown = "\n".join(lines)
    at = _row(lines, "Give a conference talk on testing")  # the title whole (it was cut at 28)
    assert "Ada Lovelace" in lines[at], shown
    assert "⚠ overdue 39d: Dry run with the" in lines[at + 1], shown  # the marker and the name, under its goal


@pytest.mark.catalogue("S452")
async def test_every_goal_cell_is_on_the_screen_at_80(journal, clock, app_for):
    """The siblings: the header, a mentor, the lens counts, the last day, a milestone to come and
    a closed goal's missed one, none cut off the right edge."""
    furnish(journal, clock)
    app = app_for(journal)
    async with app.run_test(size=(80, 24)) as pilot:
        lines = await goals_lines(pilot)
    shown = "\n".join(lines)
    header = lines[_row(lines, "Status")]
    for label in ("Status", "Goal", "Mentor", "Entries"):
        assert label in header, header
    assert "First lightning talk at the" in lines[_row(lines, "Learn Rust") + 1], shown
    assert "missed: Half marathon in spring" in lines[_row(lines, "Run a marathon") + 1], shown
    at = _row(lines, "Give a conference talk")
    today = clock.now().date().strftime("%d %b %Y")
    assert "◀1 ◆0 ▶0" in lines[at] and today in lines[at + 1], shown  # the last entry's day under the counts


@pytest.mark.catalogue("S452")
async def test_at_120_the_next_milestone_keeps_its_column(journal, clock, app_for):
    furnish(journal, clock)
    app = app_for(journal)
    async with app.run_test(size=(120, 40)) as pilot:
        lines = await goals_lines(pilot)
    shown = "\n".join(lines)
    assert "Next milestone" in lines[_row(lines, "Status")], shown
    row = lines[_row(lines, "Give a conference talk")]
    assert "Ada Lovelace" in row and "⚠ overdue 39d: Dry run with the" in row, shown  # one line, as it was
    assert "First lightning talk at the meetup" in lines[_row(lines, "Learn Rust")], shown


@pytest.mark.catalogue("S452")
async def test_the_highlighted_goal_stays_as_the_screen_widens_and_narrows(journal, clock, app_for):
    """One line a goal at 120, two below 99, the goal's cell as wide as each width leaves it."""
    furnish(journal, clock)
    app = app_for(journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await goals_lines(pilot)
        await pilot.press("j")
        await pilot.pause()
        second = app.screen.current_id
        assert second == journal.goals.get("Learn Rust").id
        for size, late in (((120, 40), 0), ((90, 24), 1), ((80, 24), 1)):
            await pilot.resize_terminal(*size)
            for _ in range(3):
                await pilot.pause()
            assert app.screen.current_id == second, size
            lines = _screen_lines(app).splitlines()
            shown = lines[_row(lines, "Give a conference talk") + late]
            assert "⚠ overdue 39d: Dry run with the" in shown, size
            if size == (90, 24):
                assert "Dry run with the team at the" in shown  # the room of 10 columns more


@pytest.mark.catalogue("S452")
async def test_long_titles_and_names_stay_inside_80_columns(journal, clock, app_for):
    """The widest cells (a long title, a long mentor's name, an abandoned goal): every column ends
    inside the screen, 2 columns left for the scroll bar."""
    from itertools import accumulate

    from textual.widgets import DataTable

    furnish(journal, clock)
    m = journal.mentorships.add("Maximiliane Featherstonehaugh-Wolfeschlegel")
    goal = journal.goals.add("A goal whose title goes on and on well past any column " * 2, mentorship=m.id)
    journal.goals.add_milestone(goal.id, "A milestone as long " * 5, clock.now().date().isoformat())
    app = app_for(journal)
    async with app.run_test(size=(80, 24)) as pilot:
        lines = await goals_lines(pilot)
        table = app.screen.query_one(DataTable)
        ends = list(accumulate(column.get_render_width(table) for column in table.columns.values()))
    assert ends[-1] <= 78, ends
    at = _row(lines, "A goal whose title")
    assert "Maximiliane" in lines[at] and "⚠ due today: A milestone as long" in lines[at + 1], "\n".join(lines)
