"""Catalogue S174: keys typed on into a question. A question (ChoiceModal) answered single
letters the moment it showed: an escape pressed by reflex and the next word typed on chose
Discard at its `d`; letters typed as the app started discarded the recovered draft (stop 31)."""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

from journal.domain.model import Draft
from journal.tui.screens.compose import ComposeScreen
from journal.tui.screens.home import HomeScreen
from journal.tui.screens import modals
from journal.tui.screens.modals import ChoiceModal
from tests.tui.conftest import until

pytestmark = pytest.mark.catalogue("S174")
TYPED_AHEAD = 0.6
"""The app's own pause (the tests' autouse fixture sets it to 0 for every other test)."""


class Stopped:
    """The questions' clock, stopped: however slowly a loaded machine takes the keys in, they
    all arrive within the moment after the question shows, until the test moves it on."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


CLOCK = Stopped()


@pytest.fixture(autouse=True)
def typed_ahead_ignored(monkeypatch):
    monkeypatch.setattr(ChoiceModal, "TYPED_AHEAD", TYPED_AHEAD)
    monkeypatch.setattr(modals, "monotonic", CLOCK)


def read_a_while(question) -> None:
    """The question has been on the screen longer than TYPED_AHEAD."""
    assert isinstance(question, ChoiceModal)
    CLOCK.now += TYPED_AHEAD + 1


async def test_keys_typed_on_after_escape_answer_nothing(journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, ComposeScreen))
        await pilot.press("enter", *"my page")
        await pilot.press("escape", *" and then d")  # the reflex, and typing on
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        read_a_while(app.screen)  # now it has been read: its keys answer
        await pilot.press("c")  # cancel
        await until(pilot, lambda: isinstance(app.screen, ComposeScreen))
        assert app.screen.query_one("#body", TextArea).text == "my page"
        assert journal.drafts.list() == [] or all(d.body == "my page" for d in journal.drafts.list())


async def test_letters_typed_as_the_app_starts_never_discard_a_recovered_draft(journal, app_for):
    journal.drafts.save(Draft(body="precious words from the crash"))
    journal.conn.execute("UPDATE drafts SET pid = NULL, holder = NULL")  # its window is gone
    app = app_for(journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ChoiceModal))
        await pilot.press(*"/dana", "enter")  # a search, started before the question was seen
        await pilot.pause()
        assert [d.body for d in journal.drafts.list()] == ["precious words from the crash"]
        read_a_while(app.screen)
        await pilot.press("l")  # later
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
    assert [d.body for d in journal.drafts.list()] == ["precious words from the crash"]
