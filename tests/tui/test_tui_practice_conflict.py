"""The app's vision and profile forms write over no text changed meanwhile elsewhere: the other
stays, this one is kept as a draft, what else was typed is saved (catalogue S335)."""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

from journal.tui.screens.profile_form import ProfileFormScreen
from journal.tui.screens.vision_form import VisionFormScreen
from tests.tui.conftest import until
from tests.tui.test_review_forms import opened

SIZE = (120, 40)


@pytest.mark.catalogue("S335")
async def test_a_part_typed_over_a_change_made_elsewhere_becomes_a_draft(journal, app_for):
    journal.preparing.set_vision(future="Lead a team", present="Senior engineer")
    journal.preparing.set_profile(strengths="Debugging", needs="Candour")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        form = await opened(pilot, VisionFormScreen(journal))
        journal.preparing.set_vision(future="Run the platform group")  # meanwhile, in the CLI
        await pilot.press(*" of six")  # the future has the focus
        form.query_one("#vision-present", TextArea).text = "Staff engineer"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is not form)
        form = await opened(pilot, ProfileFormScreen(journal))
        journal.preparing.set_profile(strengths="Careful written analysis")  # meanwhile
        strengths = form.query_one("#profile-strengths", TextArea)
        strengths.focus()
        await pilot.press(*"; asking questions")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is not form)
    vision, profile = journal.preparing.vision(), journal.preparing.profile()
    assert (vision.future, vision.present) == ("Run the platform group", "Staff engineer")
    assert profile.strengths == "Careful written analysis"
    bodies = sorted(d.body for d in journal.drafts.list())
    assert bodies == ["## Strengths\n\nDebugging; asking questions", "## Where I want to be\n\nLead a team of six"]
