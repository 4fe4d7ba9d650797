"""Every screen answers "which keys apply?" while it is taken down, without raising.

A screen's `check_action` is asked for each of its keys whenever its footer refreshes, and a
refresh can land after the screen's widgets are gone (escape pressed just after the screen
opened: the K86 fuzz test found the shortlists screen raising NoMatches there, which ended the
app). Each screen of the tour (tests/tui/screen_tour.py) is opened from home, its widgets are
removed as closing removes them, and its active bindings are read.
"""

from __future__ import annotations

import pytest

from tests.tui.screen_tour import furnish, quiet, tour


@pytest.mark.catalogue("K86")
async def test_every_screen_reads_its_keys_with_its_widgets_gone(journal, app_for):
    furnish(journal)
    failures: list[str] = []
    seen = 0
    pending = sorted(tour().items(), key=lambda item: item[0] == "home")  # home last: the others open from it
    while pending:
        quiet(journal)
        app = app_for(journal)
        app.animation_level = "none"
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            home = list(app.screen_stack)
            while pending and app.return_code is None:
                name, opener = pending.pop(0)
                while len(app.screen_stack) > len(home):
                    await app.pop_screen()
                    await pilot.pause()
                await opener(pilot)
                await pilot.pause()
                screen = app.screen
                await screen.remove_children()
                try:
                    screen.active_bindings  # noqa: B018 (asks every binding's check_action)
                    seen += 1
                except Exception as error:  # the failure named, the tour goes on
                    failures.append(f"{name} ({type(screen).__name__}): {type(error).__name__}: {error}")
    assert not failures, "\n".join(failures)
    assert seen >= len(tour()) - 1, seen
