"""Every screen of the tour as it is drawn: each key its footer shows is on the screen (S199), a
notification never covers them (S472), and a dialog sits in the middle (S498)."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from tests.tui.screen_tour import furnish, tour


async def shown(pilot, screen: str) -> None:
    """The tour's `screen` open, its workers done."""
    await pilot.pause()
    await tour()[screen](pilot)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


DIALOGS = ("milestone", "milestone-done", "goal-status", "meeting", "open-goals", "open-goals-move", "pick",
           "gap-modal", "starter-goal", "agreement-export", "shortlist-line", "shortlist-criterion",
           "shortlist-criterion-edit", "shortlist-choose", "shortlist-score", "shortlist-note", "shortlist-notes")
"""The tour's dialogs (a form or a question over another screen); the footer test above checks
the list against every screen it opens."""


def _is_dialog(screen) -> bool:
    from textual.command import CommandPalette
    from textual.screen import ModalScreen

    from journal.tui.screens.help import HelpScreen

    return isinstance(screen, ModalScreen) and not isinstance(screen, CommandPalette | HelpScreen)


@pytest.mark.catalogue("S199")
@pytest.mark.parametrize("size", [(80, 24), (50, 16)], ids=["medium", "narrow"])
@pytest.mark.parametrize("screen", list(tour()))
async def test_every_footer_key_is_on_the_screen(journal, app_for, screen, size):
    furnish(journal)
    app = app_for(journal)
    async with app.run_test(size=size) as pilot:
        await shown(pilot, screen)
        assert _is_dialog(app.screen) == (screen in DIALOGS), f"{screen}: DIALOGS is out of date"
        keys = list(app.screen.query(FooterKey))
        palette = [key.region for key in keys if key.has_class("-command-palette")]
        cut = [key.description or key.key for key in keys
               if key.region.right > size[0] or key.region.x < 0
               or key.region.width < key.get_content_width(app.size, app.size)
               or (not key.has_class("-command-palette") and any(key.region.overlaps(p) for p in palette))]
        assert not cut, f"{screen} at {size[0]} columns cuts off {cut}"


@pytest.mark.catalogue("S472")
@pytest.mark.parametrize("screen", [name for name in tour() if name != "palette"])  # no footer of its own
async def test_a_notification_never_covers_the_footer_keys(journal, app_for, screen):
    from textual.widgets._toast import Toast

    furnish(journal)
    app = app_for(journal)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await shown(pilot, screen)
        app.notify("Saved: a note long enough to take the width a toast takes at eighty columns")
        await pilot.pause(0.3)  # the toast's fade-in
        [toast] = app.screen.query(Toast)
        cells = [(x, key.region.y) for key in app.screen.query(FooterKey)
                 for x in range(key.region.x, key.region.right)]
        on_top = {app.screen.get_widget_at(x, y)[0] for x, y in cells}
        assert cells and toast.region and not [w for w in on_top if isinstance(w, Toast)], \
            f"{screen}: the toast covers keys"


@pytest.mark.catalogue("S498")
@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["wide", "medium"])
@pytest.mark.parametrize("screen", DIALOGS)
async def test_every_dialog_is_centred(journal, app_for, screen, size):
    furnish(journal)
    app = app_for(journal)
    async with app.run_test(size=size) as pilot:
        await shown(pilot, screen)
        dialog = app.screen
        assert _is_dialog(dialog), screen
        box = dialog.children[0].region
        left, right = box.x, size[0] - box.right
        assert box.width >= size[0] or abs(left - right) <= 1, f"{screen}: its box spans {box} of {size}"
