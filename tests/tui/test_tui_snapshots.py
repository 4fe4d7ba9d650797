"""SVG snapshots: every screen at the three sizes the layouts are made for, plus states.

Sizes (JournalApp.HORIZONTAL_BREAKPOINTS): 120×40 (panes side by side), 80×24 (fewer panes
side by side) and 50×16 (one pane, or stacked). Fixed clock, data and ids; cursors do not
blink. The tour of screens is tests/tui/screen_tour.py.
"""

from __future__ import annotations

import pytest

from journal.domain.model import Draft

from tests.tui.screen_tour import furnish, tour

SIZES = {"wide": (120, 40), "medium": (80, 24), "narrow": (50, 16)}

pytestmark = pytest.mark.usefixtures("stable_ids")


async def _settle(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("screen", list(tour()))
def test_screen(snap_compare, journal, app_for, screen, size):
    furnish(journal)
    opener = tour()[screen]

    async def run_before(pilot):
        await _settle(pilot)
        await opener(pilot)
        await _settle(pilot)

    assert snap_compare(app_for(journal), terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("size", list(SIZES))
def test_welcome(snap_compare, journal, app_for, size):
    assert snap_compare(app_for(journal), terminal_size=SIZES[size], run_before=_settle)


def test_compose_with_text(snap_compare, seeded, app_for):
    async def run_before(pilot):
        await pilot.press("n", "tab", *"Today I practised the opening twice.")
        await _settle(pilot)

    assert snap_compare(app_for(seeded), terminal_size=SIZES["wide"], run_before=run_before)


@pytest.mark.catalogue("N107")
def test_compose_without_colour(snap_compare, seeded, app_for, monkeypatch):
    """NO_COLOR: the lens, the kind, the goals and the flags read chosen or not in characters."""
    monkeypatch.setenv("NO_COLOR", "1")

    async def run_before(pilot):
        await pilot.press("n")
        await pilot.press("f6")
        await _settle(pilot)

    assert snap_compare(app_for(seeded), terminal_size=SIZES["wide"], run_before=run_before)


def test_search_with_results(snap_compare, seeded, app_for):
    async def run_before(pilot):
        await pilot.press("slash", *"talk")
        await _settle(pilot)

    assert snap_compare(app_for(seeded), terminal_size=SIZES["medium"], run_before=run_before)


def test_quit_confirm(snap_compare, seeded, app_for):
    async def run_before(pilot):
        await pilot.press("n", "tab", *"unsaved words", "ctrl+q")
        await _settle(pilot)

    assert snap_compare(app_for(seeded), terminal_size=SIZES["medium"], run_before=run_before)


def test_recover_draft(snap_compare, seeded, app_for):
    seeded.drafts.save(Draft(body="words from before the crash"))
    assert snap_compare(app_for(seeded), terminal_size=SIZES["narrow"], run_before=_settle)
