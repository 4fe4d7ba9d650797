"""Issue 16 item 4: every screen reloads when another process writes, and keeps its place.

Each test opens a screen, moves the highlight off the first row (and scrolls), writes from a
second connection to the same file, runs the app's poll (what the 2 s interval calls) and
checks: the new data shows, the highlight is on the same id (not the same index: a row
written above shifts every index), the scroll offset is kept, and focus and typed text are
untouched. Plus: a highlighted row deleted elsewhere hands the highlight to its neighbour,
and a screen whose subject is gone says so instead of crashing.
"""

from __future__ import annotations

import pytest

from datetime import date, timedelta

from textual.widgets import DataTable, Input, OptionList, Select, Static

from journal.domain.model import EntryChanges
from journal.services import EntryInput, Journal
from journal.tui.screens.due import DueScreen
from journal.tui.screens.entry import EntryScreen
from journal.tui.screens.goal_detail import GoalScreen
from journal.tui.screens.goals import GoalsScreen
from journal.tui.screens.heatmap import HeatmapScreen
from journal.tui.screens.search import SearchScreen
from journal.tui.screens.timeline import TimelineScreen
from journal.tui.screens.trash import TrashScreen
from journal.tui.widgets.due_panel import DuePanel
from journal.tui.widgets.entry_preview import EntryPreview
from journal.tui.widgets.timeline_view import TimelineView

SIZE = (120, 40)


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def written_elsewhere(pilot, db_path, clock, write) -> None:
    """Run `write(other)` on a second connection, then the app's poll, then let it settle."""
    with Journal.open(db_path, clock=clock) as other:
        write(other)
    pilot.app._poll()  # what the 2 s interval calls
    await settle(pilot)


def remove_goal(other: Journal, goal_id: str) -> None:
    """A goal gone from the file (there is no command for it: a restore or a sync can do it)."""
    with other.session.write() as conn:
        conn.execute("DELETE FROM goals WHERE id = ?", (goal_id,))


def option_ids(options: OptionList) -> list[str | None]:
    return [options.get_option_at_index(i).id for i in range(options.option_count)]


def highlighted_id(options: OptionList) -> str | None:
    assert options.highlighted is not None
    return options.get_option_at_index(options.highlighted).id


def entry(journal, body: str, when: str, **kw):
    return journal.entries.write(EntryInput(body=body, when=when, **kw))


async def to_middle(pilot, widget) -> None:
    """Scroll so the highlighted row (which highlighting put at the bottom edge) sits mid-view:
    a row written above it then moves it down a line without leaving the view."""
    widget.scroll_to(y=widget.scroll_y + widget.size.height // 2, animate=False, immediate=True)
    await settle(pilot)


async def push(pilot, screen):
    pilot.app.push_screen(screen)
    await settle(pilot)
    assert pilot.app.screen is screen
    return screen


# ------------------------------------------------------------------ goals
async def test_goals_keep_the_cursor_goal_and_the_scroll(journal, app_for, db_path, clock):
    goals = [journal.goals.add(f"Goal {i:02d}") for i in range(60)]
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await push(pilot, GoalsScreen(app.journal))
        table = screen.query_one(DataTable)
        table.move_cursor(row=45)
        await settle(pilot)
        await to_middle(pilot, table)
        wanted, scroll = screen.current_id, table.scroll_y
        assert wanted == goals[45].id and scroll > 0

        def write(other):
            other.goals.add("Goal 00a, new and sorted above")  # every row below moves down one
            other.goals.edit(goals[45].id, specific="Now with a statement")

        await written_elsewhere(pilot, db_path, clock, write)
        assert "Goal 00a, new and sorted above" in [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert table.row_count == 61
        assert screen.current_id == wanted and table.cursor_row == 46
        assert table.scroll_y == scroll
        assert app.focused is table
        assert "61 goals, 61 open" in str(screen.query_one("#goals-status", Static).render())


async def test_goals_move_to_the_neighbour_of_a_goal_removed_elsewhere(journal, app_for, db_path, clock):
    goals = [journal.goals.add(f"Goal {i}") for i in range(3)]
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await push(pilot, GoalsScreen(app.journal))
        screen.query_one(DataTable).move_cursor(row=1)
        await settle(pilot)
        await written_elsewhere(pilot, db_path, clock, lambda other: remove_goal(other, goals[1].id))
        assert screen.current_id == goals[2].id
        assert "2 goals, 2 open" in str(screen.query_one("#goals-status", Static).render())


async def test_one_goal_is_not_goals(journal, app_for):
    journal.goals.add("Only one")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await push(pilot, GoalsScreen(app.journal))
        assert "1 goal, 1 open" in str(screen.query_one("#goals-status", Static).render())


# ------------------------------------------------------------------ one goal
def _busy_goal(journal):
    goal = journal.goals.add("Public speaking", by="2027-06-30")
    for i in range(30):
        journal.goals.add_milestone(goal.id, f"Step {i:02d}", (date(2027, 1, 1) + timedelta(days=i)).isoformat())
    for i in range(40):
        entry(journal, f"Practice {i:02d}", (date(2026, 9, 1) + timedelta(days=i)).isoformat(), goals=[goal.id])
    return journal.goals.get(goal.id)


@pytest.mark.catalogue("N110")
async def test_goal_screen_keeps_both_lists_in_place(journal, app_for, db_path, clock):
    goal = _busy_goal(journal)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await push(pilot, GoalScreen(app.journal, goal.id))
        milestones = screen.query_one("#goal-milestones", OptionList)
        entries = screen.query_one("#goal-entries", OptionList)
        milestones.highlighted = 25
        entries.highlighted = 3  # of the 20 most recent, two lines each
        entries.focus()
        await settle(pilot)
        await to_middle(pilot, milestones)
        entries.scroll_to(y=2, animate=False, immediate=True)
        await settle(pilot)
        kept_milestone, kept_entry = highlighted_id(milestones), highlighted_id(entries)
        scrolls = milestones.scroll_y, entries.scroll_y
        assert all(scrolls)

        def write(other):
            other.goals.add_milestone(goal.id, "Step before all others", "2026-12-01")  # sorts first
            entry(other, "Written on the laptop", "2026-11-22 10:00", goals=[goal.id])  # newest: listed first

        await written_elsewhere(pilot, db_path, clock, write)
        assert "Step before all others" in str(milestones.get_option_at_index(0).prompt)
        assert "Written on the laptop" in str(entries.get_option_at_index(0).prompt)
        assert highlighted_id(milestones) == kept_milestone and milestones.highlighted == 26
        assert highlighted_id(entries) == kept_entry and entries.highlighted == 4
        assert (milestones.scroll_y, entries.scroll_y) == scrolls
        assert app.focused is entries


async def test_goal_screen_says_plainly_when_its_goal_is_gone(journal, app_for, db_path, clock):
    goal = _busy_goal(journal)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await push(pilot, GoalScreen(app.journal, goal.id))
        await written_elsewhere(pilot, db_path, clock, lambda other: remove_goal(other, goal.id))
        assert app.screen is screen and app.is_running
        assert "This goal no longer exists" in str(screen.query_one("#goal-statement", Static).render())
        assert screen.goal is None
        assert screen.query_one("#goal-milestones", OptionList).option_count == 0
        await pilot.press("s")  # nothing to act on, and no crash
        await settle(pilot)
        assert app.screen is screen


# ------------------------------------------------------------------ timeline
def _long_goal(journal):
    goal = journal.goals.add("Rust")
    written = [entry(journal, f"Day {i:03d}", (date(2026, 6, 1) + timedelta(days=i)).isoformat() + " 08:00",
                     goals=[goal.id], lens=("hindsight", "insight", "foresight")[i % 3]) for i in range(80)]
    return goal, written


@pytest.mark.catalogue("N110")
async def test_timeline_keeps_zoom_highlight_and_scroll(journal, app_for, db_path, clock):
    goal, written = _long_goal(journal)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await push(pilot, TimelineScreen(app.journal, goal=goal.id))
        view = screen.query_one(TimelineView)
        view.highlighted = view.get_option_index(f"e:{written[40].id}")
        await settle(pilot)
        scroll = view.scroll_y
        assert 0 < scroll < view.max_scroll_y

        def write(other):
            entry(other, "Written before all the others", "2026-05-01 09:00", goals=[goal.id])
            other.goals.edit(goal.id, specific="Read the whole book")

        await written_elsewhere(pilot, db_path, clock, write)
        assert "Written before all the others" in "\n".join(
            str(view.get_option_at_index(i).prompt) for i in range(view.option_count))
        assert view.current_id == f"e:{written[40].id}"
        assert view.scroll_y == scroll
        assert view.zoom == "day" and app.focused is view


async def test_timeline_keeps_the_week_zoom_and_its_period(journal, app_for, db_path, clock):
    goal, _ = _long_goal(journal)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await push(pilot, TimelineScreen(app.journal, goal=goal.id))
        await pilot.press("2")
        await settle(pilot)
        view = screen.query_one(TimelineView)
        view.highlighted = view.get_option_index("b:2026-07-06")
        await settle(pilot)
        await written_elsewhere(pilot, db_path, clock,
                                lambda other: entry(other, "Late note", "2026-07-08", goals=[goal.id]))
        assert screen.zoom == view.zoom == "week"
        assert view.current_id == "b:2026-07-06"


async def test_timeline_moves_to_the_neighbour_of_an_entry_deleted_elsewhere(journal, app_for, db_path, clock):
    goal, written = _long_goal(journal)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await push(pilot, TimelineScreen(app.journal, goal=goal.id))
        view = screen.query_one(TimelineView)
        view.highlighted = view.get_option_index(f"e:{written[40].id}")
        await settle(pilot)
        await written_elsewhere(pilot, db_path, clock, lambda other: other.entries.delete(written[40].id))
        assert f"e:{written[40].id}" not in option_ids(view)
        assert view.current_id == f"e:{written[41].id}"


async def test_timeline_says_plainly_when_its_goal_is_gone(journal, app_for, db_path, clock):
    goal, _ = _long_goal(journal)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await push(pilot, TimelineScreen(app.journal, goal=goal.id))
        await written_elsewhere(pilot, db_path, clock, lambda other: remove_goal(other, goal.id))
        head = str(screen.query_one("#timeline-head", Static).render())
        assert "Goal: Rust" in head and "This goal no longer exists." in head
        assert screen.query_one(TimelineView).option_count == 0
        await written_elsewhere(pilot, db_path, clock, lambda other: entry(other, "more", "2026-11-01"))
        assert app.screen is screen and app.is_running


# ------------------------------------------------------------------ due
async def test_due_keeps_the_highlighted_item(journal, app_for, db_path, clock):
    found = [entry(journal, f"Forecast {i:02d}", f"2026-10-{i + 1:02d}", lens="foresight", title=f"Forecast {i:02d}",
                   revisit=f"2026-11-{i + 1:02d}") for i in range(12)]
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await push(pilot, DueScreen(app.journal))
        panel = screen.query_one(DuePanel)
        titles = [str(panel.get_option_at_index(i).prompt) for i in range(panel.option_count)]
        panel.highlighted = next(i for i, t in enumerate(titles) if "Forecast 07" in t)
        await settle(pilot)
        kept = panel.item_of(highlighted_id(panel))
        assert kept is not None and kept.ref == found[7].id

        def write(other):
            entry(other, "Forecast new", "2026-09-01", lens="foresight", title="Forecast new", revisit="2026-09-30")
            other.entries.edit(found[7].id, EntryChanges(title="Forecast 07, retitled"))

        await written_elsewhere(pilot, db_path, clock, write)
        assert panel.option_count == 13
        now = panel.item_of(highlighted_id(panel))
        assert now is not None and now.ref == found[7].id and now.title == "Forecast 07, retitled"
        assert app.focused is panel


# ------------------------------------------------------------------ heatmap
async def test_heatmap_reloads_and_keeps_the_on_this_day_entry(journal, app_for, db_path, clock):
    # today is 23 Nov 2026: entries on the 23rd of earlier months are "on this day"
    months = [date(2024, 1, 23) + timedelta(days=31 * i) for i in range(40)]
    days = sorted({d.replace(day=23) for d in months if d.replace(day=23) < date(2026, 11, 23)})
    written = {d: entry(journal, f"Then {d.isoformat()}", d.isoformat()) for d in days}
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await push(pilot, HeatmapScreen(app.journal))
        listing = screen.query_one("#on-this-day", OptionList)
        listing.highlighted = 10
        await settle(pilot)
        kept = highlighted_id(listing)
        streak = str(screen.query_one("#heatmap-streaks", Static).render())
        assert "Current streak: 0 days" in streak

        def write(other):
            entry(other, "Today, elsewhere", "2026-11-23 08:00")
            entry(other, "A month ago, added later", "2026-10-23 09:00")

        await written_elsewhere(pilot, db_path, clock, write)
        assert "Current streak: 1 day " in str(screen.query_one("#heatmap-streaks", Static).render())
        assert "A month ago, added later" in str(listing.get_option_at_index(0).prompt)
        assert highlighted_id(listing) == kept and listing.highlighted == 11
        assert kept in {e.id for e in written.values()}


# ------------------------------------------------------------------ search
@pytest.mark.catalogue("N110")
async def test_search_reruns_its_query_and_leaves_typing_alone(journal, app_for, db_path, clock):
    for i in range(40):
        entry(journal, f"Walk {i:02d} by the river", (date(2026, 9, 1) + timedelta(days=i)).isoformat())
    entry(journal, "Nothing about water", "2026-11-01")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await push(pilot, SearchScreen(app.journal))
        await pilot.press(*"riv")  # a partly typed query (the last word matches as a prefix)
        await settle(pilot)
        query = screen.query_one("#query", Input)
        results = screen.query_one("#results", OptionList)
        assert results.option_count == 40
        results.highlighted = 30
        await settle(pilot)
        await to_middle(pilot, results)
        kept, scroll = highlighted_id(results), results.scroll_y
        assert scroll > 0 and app.focused is query

        def write(other):
            entry(other, "Swam in the river today", "2026-11-22")  # newest: listed first
            other.goals.add("Swimming")

        await written_elsewhere(pilot, db_path, clock, write)
        assert query.value == "riv" and app.focused is query and query.cursor_position == 3
        assert results.option_count == 41
        assert "Swam in the river today" in str(results.get_option_at_index(0).prompt)
        assert highlighted_id(results) == kept and results.scroll_y == scroll
        assert "41 matches" in str(screen.query_one("#search-status", Static).render())
        await pilot.press(*"er")  # typing goes on where it was
        await settle(pilot)
        assert query.value == "river" and results.option_count == 41


async def test_search_keeps_its_filters_and_learns_new_goals(journal, app_for, db_path, clock):
    goal = journal.goals.add("Swimming")
    for i in range(5):
        entry(journal, f"Lap {i}", f"2026-11-{i + 1:02d}", goals=[goal.id], lens="insight")
    entry(journal, "Lap elsewhere", "2026-11-10", lens="insight")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await push(pilot, SearchScreen(app.journal))
        screen.query_one("#filter-goal", Select).value = goal.id
        screen.query_one("#filter-lens", Select).value = "insight"
        await settle(pilot)
        results = screen.query_one("#results", OptionList)
        assert results.option_count == 5
        results.highlighted = 2
        kept = highlighted_id(results)

        def write(other):
            other.goals.add("Cycling")
            entry(other, "Lap six", "2026-11-20", goals=[goal.id], lens="insight")

        await written_elsewhere(pilot, db_path, clock, write)
        goal_filter = screen.query_one("#filter-goal", Select)
        assert goal_filter.value == goal.id and screen.query_one("#filter-lens", Select).value == "insight"
        assert "Cycling" in [str(prompt) for prompt, _ in goal_filter._options]
        assert results.option_count == 6 and highlighted_id(results) == kept


# ------------------------------------------------------------------ trash
async def test_trash_keeps_its_place_and_moves_to_the_neighbour_of_a_restored_entry(journal, app_for, db_path,
                                                                                    clock):
    written = [entry(journal, f"Old {i:02d}", (date(2026, 8, 1) + timedelta(days=i)).isoformat()) for i in range(80)]
    for e in written:
        journal.entries.delete(e.id)
    keep = entry(journal, "Still here", "2026-11-20")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await push(pilot, TrashScreen(app.journal))
        listing = screen.query_one(OptionList)
        listing.highlighted = 60
        await settle(pilot)
        await to_middle(pilot, listing)
        kept, scroll = highlighted_id(listing), listing.scroll_y
        assert scroll > 0
        await written_elsewhere(pilot, db_path, clock, lambda other: other.entries.delete(keep.id))  # listed first
        assert listing.get_option_at_index(0).id == keep.id
        assert highlighted_id(listing) == kept and listing.scroll_y == scroll
        assert "81 entries in the trash" in str(screen.query_one("#trash-status", Static).render())
        ids = option_ids(listing)
        after = ids[ids.index(kept) + 1]
        await written_elsewhere(pilot, db_path, clock, lambda other: other.entries.restore(kept))
        assert kept not in option_ids(listing) and highlighted_id(listing) == after


async def test_one_entry_in_the_trash_is_not_entries(journal, app_for):
    journal.entries.delete(entry(journal, "Gone", "2026-11-20").id)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await push(pilot, TrashScreen(app.journal))
        assert "1 entry in the trash" in str(screen.query_one("#trash-status", Static).render())


# ------------------------------------------------------------------ one entry
@pytest.mark.catalogue("N110")
async def test_entry_screen_keeps_the_reading_place_and_shows_edits(journal, app_for, db_path, clock):
    long = entry(journal, "\n\n".join(f"Paragraph {i} of a long entry." for i in range(80)), "2026-11-20",
                 title="Long read")
    other_entry = entry(journal, "Something else", "2026-11-21")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await push(pilot, EntryScreen(app.journal, long.id))
        preview = screen.query_one(EntryPreview)
        preview.scroll_to(y=20, animate=False, immediate=True)
        await settle(pilot)
        assert preview.scroll_y == 20
        await written_elsewhere(pilot, db_path, clock,
                                lambda other: other.entries.edit(other_entry.id, EntryChanges(starred=True)))
        assert preview.scroll_y == 20
        await written_elsewhere(pilot, db_path, clock,
                                lambda other: other.entries.edit(long.id, EntryChanges(title="Long read, retitled")))
        assert preview.entry is not None and preview.entry.title == "Long read, retitled"


@pytest.mark.catalogue("S571")
async def test_the_home_list_keeps_its_place_after_a_write_past_the_first_page(journal, app_for, clock):
    from datetime import date, timedelta

    from journal.tui.screens.home import PAGE
    from journal.tui.widgets.entry_list import EntryList

    for n in range(3 * PAGE):
        journal.entries.write(EntryInput(body=f"entry {n}", when=(date(2025, 1, 1) + timedelta(days=n)).isoformat()))
    app = app_for(journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        entries = app.screen.query_one(EntryList)
        entries.focus()
        for _ in range(12):  # on past the first page
            await pilot.press("pagedown")
            await settle(pilot)
        assert len(entries.entries) > PAGE + 50
        far = list(entries.entries)[PAGE + 40]
        entries.select_entry(far)
        await settle(pilot)
        journal.entries.write(EntryInput(body="written meanwhile"))
        app.screen.reload()
        await settle(pilot)
        assert entries.current is not None and entries.current.id == far


@pytest.mark.catalogue("S572")
async def test_home_and_up_at_the_top_of_the_list_show_the_newest_days_heading(journal, app_for, clock):
    from datetime import date, timedelta

    from journal.tui.widgets.entry_list import EntryList

    for n in range(120):
        journal.entries.write(EntryInput(body=f"entry {n}", when=(date(2026, 6, 1) + timedelta(days=n)).isoformat()))
    app = app_for(journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        entries = app.screen.query_one(EntryList)
        entries.focus()
        for keys in (("pagedown", "pagedown", "home"), ("pagedown", "pagedown", "home", "up")):
            await pilot.press(*keys)
            await settle(pilot)
            assert entries.highlighted == 1 and entries.scroll_y == 0  # row 0, the heading, is in view


@pytest.mark.catalogue("S573")
def test_the_due_screen_lists_the_first_of_each_kind_before_the_rest():
    from datetime import date

    from journal.domain.reflection import Due
    from journal.tui.screens.due import first_of_each_kind

    revisits = [Due("foresight", f"e{n}", f"plan {n}", date(2026, 1, 1), 300 - n) for n in range(25)]
    check_in = Due("check-in", "m1", "Ada", date(2026, 11, 1), 22)
    milestone = Due("milestone", "g1", "Draft", date(2026, 11, 10), 13, milestone="ms1", goal="Write")
    shown = first_of_each_kind([*revisits, check_in, milestone], each=10)
    assert shown[:12] == [*revisits[:10], check_in, milestone]
    assert shown[12:] == revisits[10:] and len(shown) == 27
