"""The entry view and the home preview name what compose linked (kind, mentor, revisit, the
answer and the entry answered); an answer is titled after what it answers, and a foresight
entry already answered says by which entry instead of opening compose again."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from journal.services import EntryInput
from journal.tui.messages import EntryOpenRequested
from journal.tui.screens.compose import ComposeScreen
from journal.tui.screens.entry import EntryScreen
from journal.tui.screens.home import HomeScreen
from journal.tui.widgets.entry_preview import EntryPreview

SIZE = (120, 40)


@pytest.fixture
def mentored(seeded):
    seeded.mentorships.add("Ada Mentor", focus="Speaking")
    return seeded


def _header(app) -> str:
    return str(app.screen.query_one(EntryPreview).query_one(".preview-header").render())


async def _open(pilot, entry_id: str) -> None:
    pilot.app.post_message(EntryOpenRequested(entry_id))
    await pilot.pause()
    assert isinstance(pilot.app.screen, EntryScreen)


async def test_a_meeting_shows_its_kind_and_mentor_in_the_view_and_the_home_preview(mentored, app_for):
    ada = mentored.mentorships.list()[0].id
    meeting = mentored.entries.write(EntryInput("Talked about the outline.", title="First meeting", kind="meeting",
                                                mentorship=ada))
    app = app_for(mentored)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.screen.current.id == meeting.id
        preview = _header(app)  # the home preview
        await _open(pilot, meeting.id)
        for header in (preview, _header(app)):
            assert "◀ hindsight  meeting" in header and "mentor: Ada Mentor" in header
        await pilot.press("escape", "j")  # a note: no kind shown, no mentor
        await pilot.pause()
        header = _header(app)
        assert "◀ hindsight  meeting" not in header and "note" not in header and "mentor:" not in header


async def test_foresight_shows_its_revisit_and_its_answer_and_the_answer_what_it_answers(seeded, app_for):
    plan = seeded.entries.write(EntryInput("The talk will go well.", lens="foresight", title="Meetup talk",
                                           revisit="in 1 week"))
    app = app_for(seeded)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await _open(pilot, plan.id)
        entry_screen = app.screen
        assert "revisit Mon 30 Nov 2026  (not answered yet)" in _header(app)
        await pilot.press("a")
        await pilot.pause()
        compose = app.screen
        assert isinstance(compose, ComposeScreen)
        assert compose.query_one("#title", Input).value == "What happened: Meetup talk"
        assert "answering “Meetup talk”" in str(compose.query_one("#form-state").render())
        await pilot.press(*"It went fine.", "ctrl+s")
        await pilot.pause()
        assert app.screen is entry_screen
        answer = seeded.entries.list(limit=1)[0]
        header = _header(app)
        assert "revisit Mon 30 Nov 2026" in header and "not answered" not in header
        assert f"✓ answered by: What happened: Meetup talk (Mon 23 Nov 2026, id {answer.short_id})" in header
        assert not entry_screen.check_action("answer", ())  # not offered in the footer
        assert not any(b.binding.action == "answer" for b in entry_screen.active_bindings.values())
        shown = len(app._notifications)
        await pilot.press("a")  # not silent: it says which entry answers it, and opens no compose
        await pilot.pause()
        assert app.screen is entry_screen
        [said] = list(app._notifications)[shown:]
        assert said.message == (f"Already answered by “What happened: Meetup talk” "
                                f"(Mon 23 Nov 2026, id {answer.short_id}).")
        await pilot.press("escape")
        await _open(pilot, answer.id)
        assert f"answers: Meetup talk (Mon 23 Nov 2026, id {plan.short_id})" in _header(app)
    assert seeded.entries.count() == 7  # one answer, not two


async def test_answering_an_answered_foresight_entry_from_elsewhere_says_so(seeded, app_for):
    plan = seeded.entries.write(EntryInput("It will rain.", lens="foresight", revisit="today"))
    seeded.entries.write(EntryInput("It did not.", lens="hindsight", answers=plan.id))
    app = app_for(seeded)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.answer_foresight(plan)  # what the Due list and `a` call
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any(n.message.startswith("Already answered by “It did not.”") for n in app._notifications)


async def test_an_answer_to_an_untitled_entry_is_titled_by_its_first_words(seeded, app_for):
    plan = seeded.entries.write(EntryInput("Ask Grace for feedback on the presentation slides before the meetup, "
                                           "then rehearse twice.", lens="foresight"))
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.answer_foresight(plan)
        await pilot.pause()
        title = app.screen.query_one("#title", Input).value
    assert title == "What happened: Ask Grace for feedback on the presentation…"  # cut between words


@pytest.mark.catalogue("S373")
async def test_an_entry_trashed_elsewhere_says_so_and_stars_nothing_else(seeded, app_for):
    one = seeded.entries.write(EntryInput("The entry I am reading."))
    other = seeded.entries.write(EntryInput("Another entry, highlighted on the list."))
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _open(pilot, one.id)
        seeded.entries.delete(one.id)  # another window (the same file)
        app.refresh_views()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        preview = app.screen.query_one(EntryPreview)
        assert preview.entry is None and "moved to the trash" in preview.empty_hint
        await pilot.press("s")  # nothing to star here
        await pilot.pause()
        assert not seeded.entries.get(other.id).starred
        seeded.entries.restore(one.id)
        await pilot.press("escape")
        await pilot.pause()
        await _open(pilot, one.id)  # deleted from its own screen: back to the list, as before
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("enter")  # the question's first answer: Delete
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
