"""Catalogue S179: an entry opened for editing and left as it was became a draft (the keeper
checkpointed any form with text in it), offered at the next start as "Recover unsaved draft"
about text nobody changed; each visit added another (stop 31)."""

from __future__ import annotations

import pytest

from journal.tui.screens.compose import ComposeScreen
from journal.tui.screens.home import HomeScreen
from tests.tui.conftest import until

pytestmark = pytest.mark.catalogue("S179")


async def test_an_edit_left_unchanged_leaves_no_draft(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        for leave in ("escape", "ctrl+q"):
            await until(pilot, lambda: isinstance(app.screen, HomeScreen))
            await pilot.press("e")
            await until(pilot, lambda: isinstance(app.screen, ComposeScreen))
            app.keeper.touch()  # as the change events right after mount do
            assert app.keeper.checkpoint()  # the debounce, or quit, checkpoints
            assert seeded.drafts.list() == []
            await pilot.press(leave)
            await pilot.pause()
    assert seeded.drafts.list() == []


async def test_an_edit_changed_then_checkpointed_is_still_kept(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ComposeScreen))
        await pilot.press("end", *" and more")
        app.keeper.touch()
        assert app.keeper.checkpoint()
        [draft] = seeded.drafts.list()
        assert draft.body.endswith(" and more") and draft.entry_id is not None
