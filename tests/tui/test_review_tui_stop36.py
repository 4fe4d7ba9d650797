"""Terminal UI faults found from the outside at stop 36 (catalogue S299-)."""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

from journal.domain.model import EntryInput
from journal.tui.screens.compose import ComposeScreen
from journal.tui.screens.modals import ChoiceModal
from tests.tui.test_tui_checkins_feedback import settle

AT_80 = (80, 24)


@pytest.mark.catalogue("S299")
async def test_a_kept_draft_of_an_edit_is_offered_when_the_entry_is_edited_again(journal, app_for):
    """Escape on an edit, "Keep draft": the window closed without a word, and `e` on the entry
    opened the saved version as if nothing was kept (saving it made the kept draft a conflict,
    said to be "changed elsewhere")."""
    entry = journal.entries.write(EntryInput("The saved words of the entry."))
    app = app_for(journal)
    async with app.run_test(size=AT_80) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ComposeScreen)
        app.screen.query_one("#body", TextArea).insert(" Words typed and kept for later.")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal) and app.screen.id == "leave-confirm"
        await pilot.press("k")
        await settle(pilot)
        assert not isinstance(app.screen, ComposeScreen)
        assert any("Kept as a draft: e on the entry goes on with it" in n.message for n in app._notifications)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal) and app.screen.id == "kept-draft"
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, ComposeScreen)
        assert "Words typed and kept for later." in app.screen.query_one("#body", TextArea).text
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert "Words typed and kept for later." in journal.entries.get(entry.id).body
    assert journal.drafts.list() == []
