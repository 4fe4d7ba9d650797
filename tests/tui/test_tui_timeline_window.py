"""The timeline screen of a long goal (issue 20): the newest part first, the rest as you go back;
the header's count and sparkline are the whole timeline's."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from journal.domain.timeline import bucket
from journal.services import EntryInput
from journal.tui.screens.timeline import TimelineScreen
from journal.tui.widgets.timeline_view import TimelineView

SIZE = (120, 40)
DAYS = 40


async def settle(pilot) -> None:
    for _ in range(3):  # a read, the read ahead, then the outline: each a worker of its own
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def long_goal(journal, monkeypatch):
    """A goal with an entry a day for 40 days; the screen reads 4 entries first, then 8."""
    monkeypatch.setattr(TimelineScreen, "FIRST", 4)
    monkeypatch.setattr(TimelineScreen, "WINDOW", 8)
    goal = journal.goals.add("Rust")
    written = [journal.entries.write(EntryInput(
        body=f"Day {i:03d}", goals=[goal.id], lens=("hindsight", "insight", "foresight")[i % 3],
        when=(date(2026, 9, 1) + timedelta(days=i)).isoformat() + " 08:00")) for i in range(DAYS)]
    return goal, written


def entry_ids(view: TimelineView) -> list[str]:
    return [o.id[2:] for o in view.options if o.id and o.id.startswith("e:")]


def head(screen) -> str:
    return str(screen.query_one("#timeline-head").render())


async def open_timeline(pilot, goal_id):
    screen = TimelineScreen(pilot.app.journal, goal=goal_id)
    pilot.app.push_screen(screen)
    await settle(pilot)
    assert pilot.app.screen is screen
    return screen


async def test_a_long_timeline_shows_its_newest_part_and_counts_the_whole(long_goal, app_for, journal):
    goal, written = long_goal
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot, goal.id)
        view = screen.query_one(TimelineView)
        shown = entry_ids(view)
        assert shown == [e.id for e in written[-8:]]  # the first 4, then 8 read ahead
        assert view.current_id == f"e:{written[-1].id}"  # the newest, as before
        text = head(screen)
        assert f"{DAYS} entries" in text  # the whole timeline's, from its outline
        assert "From 03 Oct 2026 on; go up to read the older events." in text
        assert "lenses by week" in text and "…" not in text.split("lenses by week")[1][:3]


def contiguous(shown: list[str], written) -> bool:
    ids = [e.id for e in written]
    at = ids.index(shown[0])
    return shown == ids[at:at + len(shown)]


@pytest.mark.catalogue("S575")
async def test_going_back_and_on_reads_part_by_part_and_keeps_the_place(long_goal, app_for, journal):
    goal, written = long_goal
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot, goal.id)
        view = screen.query_one(TimelineView)
        view.action_first()  # the first row of the part: the part before is read in
        await settle(pilot)
        assert entry_ids(view) == [e.id for e in written[-16:]]
        assert view.current_id == f"e:{written[-8].id}"  # the row it was on stays highlighted
        for _ in range(8):  # on back: at most PARTS parts of 8 are held, the newest let go
            first = f"e:{entry_ids(view)[0]}"
            view.action_first()
            await settle(pilot)
            shown = entry_ids(view)
            assert len(shown) <= TimelineScreen.PARTS * 8 and contiguous(shown, written)
            assert view.current_id == first  # where the cursor went, the part before read in above it
        assert screen.since is None and entry_ids(view)[0] == written[0].id
        assert screen.before is not None and "go down for the newer events" in head(screen)
        view.action_first()  # nothing more to read: the first row
        await settle(pilot)
        assert view.current_id == f"e:{written[0].id}"
        for _ in range(12):  # and down again, to the newest
            view.action_last()
            await settle(pilot)
            shown = entry_ids(view)
            assert len(shown) <= TimelineScreen.PARTS * 8 and contiguous(shown, written)
        assert screen.before is None and view.current_id == f"e:{written[-1].id}"


@pytest.mark.catalogue("S575")
async def test_a_timeline_longer_than_the_screen_opens_on_its_newest_part_only(journal, app_for, monkeypatch):
    """Clearing the rows to show the part read ahead scrolled the list to its top, which asked for
    the older part, and so on until all of it was read (154,000 rows at 100,000 entries)."""
    monkeypatch.setattr(TimelineScreen, "FIRST", 20)
    monkeypatch.setattr(TimelineScreen, "WINDOW", 60)
    goal = journal.goals.add("Rust")
    written = [journal.entries.write(EntryInput(body=f"Day {i:03d}", goals=[goal.id],
                                                when=(date(2026, 1, 1) + timedelta(days=i)).isoformat()))
               for i in range(200)]
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot, goal.id)
        await settle(pilot)
        view = screen.query_one(TimelineView)
        assert entry_ids(view) == [e.id for e in written[-60:]] and screen.since is not None
        assert view.current_id == f"e:{written[-1].id}"


async def test_week_zoom_reads_the_whole_timeline(long_goal, app_for, journal):
    goal, written = long_goal
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot, goal.id)
        await pilot.press("2")
        await settle(pilot)
        view = screen.query_one(TimelineView)
        periods = [o.id for o in view.options if o.id and o.id.startswith("b:")]
        _, whole = journal.timeline.build(goal.id)
        assert periods == [f"b:{b.start.isoformat()}" for b in bucket(whole, "week")]  # every week
        assert periods[0] == "b:2026-08-31"
        assert screen.since is None and f"{DAYS} entries" in head(screen)
        view.highlighted = view.get_option_index("b:2026-09-14")
        await pilot.press("1")  # day zoom again: the parts either side of that week's first day
        await settle(pilot)
        shown = entry_ids(view)
        assert len(shown) == 8 and contiguous(shown, written)
        assert view.current_id == f"e:{written[13].id}"  # 14 Sep
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("enter")  # a week chosen at week zoom opens on its first day
        await settle(pilot)
        assert view.zoom == "day" and view.current_id == f"e:{written[13].id}"
        await pilot.press("2")
        await settle(pilot)
        screen.newest = screen.FIRST  # as when week zoom was asked for before the first parts came
        await pilot.press("enter")
        await settle(pilot)
        assert view.zoom == "day" and view.current_id == f"e:{written[13].id}"


async def test_a_write_elsewhere_keeps_the_window_and_its_place(long_goal, app_for, journal, db_path, clock):
    from journal.services import Journal

    goal, written = long_goal
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot, goal.id)
        view = screen.query_one(TimelineView)
        view.highlighted = view.get_option_index(f"e:{written[-3].id}")
        await settle(pilot)
        with Journal.open(db_path, clock=clock) as other:
            other.entries.write(EntryInput(body="Another", goals=[goal.id], when="2026-10-20 09:00"))
        pilot.app._poll()
        await settle(pilot)
        assert view.current_id == f"e:{written[-3].id}"
        assert f"{DAYS + 1} entries" in head(screen)


@pytest.mark.catalogue("S580")
async def test_home_and_end_go_to_the_timelines_ends_and_a_chosen_week_opens_at_the_top(long_goal, app_for, journal):
    """Home in the newest part read one part back (End one part on): ~100 presses at 100,000
    entries; and a week chosen at week zoom opened with its first entry on the bottom line."""
    goal, written = long_goal
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_timeline(pilot, goal.id)
        view = screen.query_one(TimelineView)
        await pilot.press("home")
        await settle(pilot)
        assert view.current_id == f"e:{written[0].id}" and screen.since is None and screen.before is not None
        assert view.scroll_y == 0
        await pilot.press("end")
        await settle(pilot)
        assert view.current_id == f"e:{written[-1].id}" and screen.before is None
        await pilot.press("2")
        await settle(pilot)
        view.highlighted = view.get_option_index("b:2026-09-14")
        await pilot.press("enter")
        await settle(pilot)
        assert view.current_id == f"e:{written[13].id}"
        heading = view.highlighted - 1  # the day's heading row, then its entry
        assert view.scroll_y == min(heading, view.max_scroll_y)
