"""A radio set's highlight starts on the choice already made (S459)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from textual.widgets import RadioSet

import journal.tui
from journal.tui.screens.shortlist_forms import ScoreModal
from tests.tui.conftest import until


@pytest.mark.catalogue("S459")
async def test_the_arrows_move_from_the_kept_score(journal, app_for):
    sl = journal.shortlists.new("Leadership")
    journal.shortlists.add_criterion(sl.id, "Has led a team", must=True)
    journal.shortlists.add_candidate(sl.id, "Lee Chen")
    journal.shortlists.score(sl.id, "Lee Chen", "Has led a team", "no")
    sl = journal.shortlists.get(sl.id)
    app = app_for(journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(ScoreModal(journal, sl, sl.candidates[0]))
        await until(pilot, lambda: isinstance(app.screen, ScoreModal) and bool(app.screen.query(RadioSet)))
        await pilot.pause()
        choice = app.screen.query_one("#score-1", RadioSet)
        assert app.screen.focused is choice
        assert choice.pressed_index == 1 and choice._selected == 1  # on "✗ no", as kept
        await pilot.press("left", "space", "ctrl+s")  # one to the left of "no": "yes"
        await until(pilot, lambda: not isinstance(app.screen, ScoreModal))
    [candidate] = journal.shortlists.get(sl.id).candidates
    assert list(candidate.scores.values()) == [1]


@pytest.mark.catalogue("S459")
def test_every_radio_set_of_the_app_is_a_choices():
    made = []
    for path in Path(journal.tui.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "RadioSet":
                made.append(f"{path.name}:{node.lineno}")
    assert made == []
