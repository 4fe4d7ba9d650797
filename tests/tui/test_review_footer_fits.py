"""Every screen of the tour as it is drawn: each key its footer shows is on the screen at 80x24
and 50x16 (S199), a notification never covers them (S472), and a dialog sits in the middle at
120x40 and 80x24 (S498).

One app per screen: it starts at 80x24 and is resized for the other sizes (an app started at a
size and one resized to it lay out the same; starting one per size and check took four times
as long)."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from tests.tui.screen_tour import furnish, tour

DIALOGS = ("milestone", "milestone-done", "goal-status", "meeting", "open-goals", "open-goals-move", "pick",
           "gap-modal", "starter-goal", "agreement-export", "shortlist-line", "shortlist-criterion",
           "shortlist-criterion-edit", "shortlist-choose", "shortlist-score", "shortlist-note", "shortlist-notes")
"""The tour's dialogs (a form or a question over another screen); the test checks the list
against every screen it opens."""


def _is_dialog(screen) -> bool:
    from textual.command import CommandPalette
    from textual.screen import ModalScreen

    from journal.tui.screens.help import HelpScreen

    return isinstance(screen, ModalScreen) and not isinstance(screen, CommandPalette | HelpScreen)


async def _at(pilot, size: tuple[int, int]) -> None:
    await pilot.resize_terminal(*size)
    await pilot.pause()
    await pilot.pause()


def _footer_cut(app, size: tuple[int, int]) -> list[str]:
    """The footer keys not wholly on the screen, or under the palette key."""
    keys = list(app.screen.query(FooterKey))
    palette = [key.region for key in keys if key.has_class("-command-palette")]
    return [key.description or key.key for key in keys
            if key.region.right > size[0] or key.region.x < 0
            or key.region.width < key.get_content_width(app.size, app.size)
            or (not key.has_class("-command-palette") and any(key.region.overlaps(p) for p in palette))]


def _off_centre(app, size: tuple[int, int]) -> str | None:
    from textual.widgets._toast import ToastRack

    box = next(child for child in app.screen.children if not isinstance(child, ToastRack)).region
    left, right = box.x, size[0] - box.right
    return None if box.width >= size[0] or abs(left - right) <= 1 else f"its box spans {box} of {size}"


async def _toast_covers_keys(pilot) -> bool:
    from textual.widgets._toast import Toast

    app = pilot.app
    app.notify("Saved: a note long enough to take the width a toast takes at eighty columns")
    await pilot.pause(0.3)  # the toast's fade-in
    [toast] = app.screen.query(Toast)
    cells = [(x, key.region.y) for key in app.screen.query(FooterKey) for x in range(key.region.x, key.region.right)]
    on_top = {app.screen.get_widget_at(x, y)[0] for x, y in cells}
    assert cells and toast.region
    app.clear_notifications()
    return any(isinstance(w, Toast) for w in on_top)


@pytest.mark.catalogue("S199", "S472", "S498")
@pytest.mark.parametrize("screen", list(tour()))
async def test_footer_keys_fit_notifications_leave_them_and_dialogs_are_centred(journal, app_for, screen):
    furnish(journal)
    app = app_for(journal)
    medium, narrow, wide = (80, 24), (50, 16), (120, 40)
    async with app.run_test(size=medium, notifications=True) as pilot:
        await pilot.pause()
        await tour()[screen](pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        dialog = _is_dialog(app.screen)
        assert dialog == (screen in DIALOGS), f"{screen}: DIALOGS is out of date"
        assert not _footer_cut(app, medium), f"{screen} at 80 columns cuts off {_footer_cut(app, medium)}"
        if dialog:
            assert not _off_centre(app, medium), f"{screen}: {_off_centre(app, medium)}"
            await _at(pilot, wide)
            assert not _off_centre(app, wide), f"{screen}: {_off_centre(app, wide)}"
            await _at(pilot, medium)
        if screen != "palette":  # no footer of its own
            assert not await _toast_covers_keys(pilot), f"{screen}: the toast covers keys"
        await _at(pilot, narrow)
        assert not _footer_cut(app, narrow), f"{screen} at 50 columns cuts off {_footer_cut(app, narrow)}"
