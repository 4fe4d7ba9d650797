"""A mentorship's screen shows every key it offers in its footer (S449)."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from tests.tui.test_tui_mentorships import ada, open_mentorship  # noqa: F401  (a fixture)


@pytest.mark.catalogue("S449")
@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["wide", "medium"])
async def test_feedback_and_timeline_are_in_the_mentorships_footer(journal, ada, app_for, size):  # noqa: F811
    app = app_for(journal)
    async with app.run_test(size=size) as pilot:
        screen = await open_mentorship(pilot)
        await pilot.pause()
        shown = {key.key: key.description for key in screen.query(FooterKey)}
        assert shown.get("f") == "Feedback" and shown.get("t") == "Timeline", shown
        cut = [key.description for key in screen.query(FooterKey) if key.region.right > size[0]]
        assert not cut
