"""S514 (helper review): in a question's row of answers (Save / Discard / Cancel), the arrow
keys moved nothing, so Right Right Enter, meant for Cancel, saved. They move along the row now."""

from __future__ import annotations

import pytest

from journal.tui.screens.modals import ChoiceModal


@pytest.mark.catalogue("S514")
@pytest.mark.parametrize(("keys", "answer"), [(("right", "right", "enter"), "cancel"),
                                              (("right", "left", "enter"), "save"),
                                              (("right", "enter"), "discard")])
async def test_arrows_move_along_the_answers(journal, app_for, keys, answer):
    app = app_for(journal)
    answers: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(ChoiceModal("Save your changes?", [("save", "Save"), ("discard", "Discard"),
                                                           ("cancel", "Cancel")]), answers.append)
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
    assert answers == [answer]
