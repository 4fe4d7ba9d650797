"""Faults found from the outside in stop 33 (terminal UI): each test names its catalogue case."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from journal.domain.model import Lens
from journal.services import EntryInput
from journal.tui.messages import EntryOpenRequested
from journal.tui.screens.compose import ComposeScreen
from journal.tui.screens.entry import EntryScreen
from tests.tui.test_tui_checkins_feedback import settle

SIZE = (120, 40)


@pytest.mark.catalogue("S230")
async def test_leaving_foresight_says_the_revisit_date_goes_before_and_after_the_save(journal, app_for):
    entry = journal.entries.write(EntryInput("Try pairing on Fridays", lens="foresight", revisit="2026-12-15"))
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.post_message(EntryOpenRequested(entry.id))
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen)
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ComposeScreen)
        state = lambda: str(screen.query_one("#form-state", Static).render())  # noqa: E731
        assert "revisit Tue 15 Dec 2026" in state()
        await pilot.press("f6")  # insight
        await pilot.pause()
        assert "no revisit date (foresight only)" in state()
        await pilot.press("ctrl+s")
        await settle(pilot)
        said = [n.message for n in app._notifications]
        assert any("Its revisit date (Tue 15 Dec 2026) went with the foresight lens" in m for m in said), said
    edited = journal.entries.get(entry.id)
    assert edited.lens == Lens.INSIGHT and edited.revisit_on is None
