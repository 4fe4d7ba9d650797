"""A timeline read whole stays on the screen when another process writes (S491): its refresh
asked for the newest sys.maxsize entries, which SQLite's LIMIT cannot take."""

from __future__ import annotations

import pytest

from journal.services import EntryInput, Journal
from journal.tui.screens.timeline import TimelineScreen
from journal.tui.widgets.timeline_view import TimelineView

SIZE = (120, 40)


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.catalogue("S491")
@pytest.mark.parametrize("zoom", ["1", "2"])
async def test_a_write_elsewhere_refreshes_a_whole_timeline(seeded, app_for, db_path, clock, zoom):
    app = app_for(seeded)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = TimelineScreen(app.journal)
        app.push_screen(screen)
        await settle(pilot)
        await pilot.press(zoom)  # 1 day, 2 week
        await settle(pilot)
        before = len(screen.query_one(TimelineView).options)
        assert before and screen.newest is None  # read whole
        with Journal.open(db_path, clock=clock) as other:
            other.entries.write(EntryInput(body="written elsewhere", lens="insight"))
        app._poll()  # what the 2 s interval calls
        await settle(pilot)
        assert not [n.message for n in app._notifications if n.severity == "error"]
        assert "Nothing on this timeline" not in str(screen.query_one("#timeline-head").render())
        assert len(screen.query_one(TimelineView).options) >= before
        assert screen.entries == len(seeded.entries.list())  # the new one counted
