"""The Preparing screen's gap dialogs and heading (S450)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from journal.tui.screens.preparing import GapModal
from tests.tui.test_tui_preparing import open_preparing, settle


@pytest.mark.catalogue("S450")
async def test_editing_a_gap_adds_to_its_words(seeded, app_for):
    seeded.preparing.add_gap("Public speaking")
    app = app_for(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_preparing(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, GapModal)
        field = app.screen.query_one(Input)
        assert field.selection.is_empty and field.cursor_position == len("Public speaking")
        await pilot.press(*" to a room", "enter")
        await settle(pilot)
        assert seeded.preparing.vision().gaps[0].text == "Public speaking to a room"


@pytest.mark.catalogue("S450")
async def test_ctrl_s_saves_a_gap_as_enter_does(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_preparing(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, GapModal)
        await pilot.press("ctrl+s")  # nothing typed: refused in the dialog's one line, which stays
        await settle(pilot)
        assert isinstance(app.screen, GapModal)
        assert "empty" in str(app.screen.query_one(".line-error", Static).render())
        await pilot.press(*"Delegating", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, GapModal)
        assert [g.text for g in seeded.preparing.vision().gaps] == ["Delegating"]


@pytest.mark.catalogue("S450")
async def test_the_gaps_heading_reads_whole_at_80_columns(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_preparing(pilot)
        head = screen.query_one("#preparing-gaps-head", Static)
        lines = [strip.text.strip() for strip in head.render_lines(head.region.reset_offset)]
        assert " ".join(line for line in lines if line) == "Gaps (a add, e edit, d remove, g goal)"
