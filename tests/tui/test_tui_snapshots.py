"""SVG snapshots of each screen state (fixed clock, size and data; cursor blink off)."""

from __future__ import annotations

import pytest

from journal.domain.model import Draft

SIZE = (100, 32)


pytestmark = pytest.mark.usefixtures("stable_ids")


async def _settle(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_welcome(snap_compare, journal, app_for):
    assert snap_compare(app_for(journal), terminal_size=SIZE, run_before=_settle)


def test_home_with_entries(snap_compare, seeded, app_for):
    assert snap_compare(app_for(seeded), terminal_size=SIZE, run_before=_settle)


def test_compose(snap_compare, seeded, app_for):
    async def run_before(pilot):
        await pilot.press("n")
        await pilot.press(*"Today I practised the opening twice.")
        await _settle(pilot)

    assert snap_compare(app_for(seeded), terminal_size=SIZE, run_before=run_before)


def test_search_with_results(snap_compare, seeded, app_for):
    async def run_before(pilot):
        await pilot.press("slash", *"talk")
        await _settle(pilot)

    assert snap_compare(app_for(seeded), terminal_size=SIZE, run_before=run_before)


def test_trash(snap_compare, seeded, app_for):
    seeded.entries.delete(seeded.entries.list(limit=1)[0].id)

    async def run_before(pilot):
        await pilot.press("x")
        await _settle(pilot)

    assert snap_compare(app_for(seeded), terminal_size=SIZE, run_before=run_before)


def test_help(snap_compare, seeded, app_for):
    async def run_before(pilot):
        await pilot.press("question_mark")
        await _settle(pilot)

    assert snap_compare(app_for(seeded), terminal_size=SIZE, run_before=run_before)


def test_quit_confirm(snap_compare, seeded, app_for):
    async def run_before(pilot):
        await pilot.press("n", *"unsaved words", "ctrl+q")
        await _settle(pilot)

    assert snap_compare(app_for(seeded), terminal_size=SIZE, run_before=run_before)


def test_recover_draft(snap_compare, seeded, app_for):
    seeded.drafts.save(Draft(body="words from before the crash"))
    assert snap_compare(app_for(seeded), terminal_size=SIZE, run_before=_settle)
