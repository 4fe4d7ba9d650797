"""Ending a mentorship in the app (issue 17, part 5): its own closure conversation, a decision for
each open goal (OpenGoalsModal), and the mentorship screen's check-in trends, learning profile,
agreement in short and the shortlist it was chosen from.

The fixed today is Mon 2026-11-23 (Europe/Berlin).
"""

from __future__ import annotations

import pytest
from textual.widgets import OptionList, RadioSet, Select, Static

from journal.domain.errors import JournalError
from journal.domain.model import GoalStatus, MentorshipStatus
from journal.services import EntryInput
from journal.tui.messages import JournalChanged
from tests.tui.conftest import retro_drawn
from journal.tui.screens.closure import ClosureScreen
from journal.tui.screens.mentorships import MentorshipScreen, MentorshipsScreen
from journal.tui.screens.open_goals import OpenGoalsModal

SIZE = (120, 40)


async def settle(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def shown(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def open_mentorship(pilot, mentor: str) -> MentorshipScreen:
    app = pilot.app
    await pilot.press("m")
    await settle(pilot)
    assert isinstance(app.screen, MentorshipsScreen)
    options = app.screen.query_one(OptionList)
    options.highlighted = options.get_option_index(app.journal.mentorships.get(mentor).id)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, MentorshipScreen)
    return app.screen


@pytest.fixture
def ada(journal):
    """Ada with two open goals and one already achieved; Sam, active, to move a goal to."""
    m = journal.mentorships.add("Ada Lovelace", focus="Speaking", since="2026-09-01")
    journal.mentorships.add("Sam [b]Ro[/b]")
    for title in ("Speaking", "Writing", "Done already"):
        journal.goals.add(title, mentorship=m.id)
    journal.goals.close("Done already", "achieved")
    return m


async def test_close_a_mentorship_deciding_about_its_two_open_goals(journal, ada, app_for):
    sam = journal.mentorships.get("Sam")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await open_mentorship(pilot, "Ada")
        await pilot.press("c")
        await settle(pilot)
        closure = app.screen
        assert isinstance(closure, ClosureScreen) and closure.mentorship_ref == ada.id
        assert closure.prompts[0].id == "mentorship-closure-purpose"  # the relationship's own questions
        await pilot.press(*"To speak up at meetups.")
        await pilot.press("ctrl+s")  # to the outcome
        await settle(pilot)
        summary = shown(closure, "#closure-summary")
        assert "each of its 2 open goals" in summary and "carry on alone" in summary
        await pilot.press("ctrl+s")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, OpenGoalsModal)
        assert [g.title for g in modal.goals] == ["Speaking", "Writing"]  # the achieved one is not asked about
        assert [m.mentor for m in modal.others] == ["Sam [b]Ro[/b]"]
        assert [str(t.render()) for t in modal.query(".open-goal-title").results(Static)] == ["⚑ Speaking",
                                                                                            "⚑ Writing"]
        # nothing decided yet: it says which goal, and stays
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is modal and "'Speaking'" in shown(modal, "#open-goals-error")
        # Speaking: carry on alone (the first choice)
        assert modal.query_one("#open-goal-0", RadioSet).has_focus
        await pilot.press("enter")
        await pilot.press("tab")
        assert modal.query_one("#open-goal-1", RadioSet).has_focus
        await pilot.press("down", "down", "down", "enter")  # Writing: move to another mentorship
        await settle(pilot)
        target = modal.query_one("#open-goal-target-1", Select)
        assert target.display and target.value == sam.id  # the only other active one, chosen already
        assert not modal.query_one("#open-goal-target-0", Select).display
        assert journal.mentorships.get("Ada").status == MentorshipStatus.ACTIVE  # nothing written yet
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert closure.saved
        review = await retro_drawn(pilot)  # the save ends on the review of the retrospective
        retro = review.journal.closure.render(review.retro, "markdown")
        assert "## 2. The relationship" in retro
        assert "Speaking: carried on alone" in retro and "Writing: moved to the mentorship with Sam" in retro
    m = journal.mentorships.get("Ada")
    assert m.status == MentorshipStatus.CLOSED and m.closed_on.isoformat() == "2026-11-23"
    assert [(e.old, e.new) for e in m.history if e.kind == "goal"] == [
        ("Speaking", "carried on alone"), ("Writing", "moved to the mentorship with Sam [b]Ro[/b]")]
    speaking, writing = journal.goals.get("Speaking"), journal.goals.get("Writing")
    assert (speaking.mentorship, speaking.status) == (None, GoalStatus.ACTIVE)
    assert (writing.mentorship, writing.status) == (sam.id, GoalStatus.ACTIVE)
    [answer] = journal.entries.list(journal.entries.filter(kind="closure"))
    assert answer.mentorship == ada.id and answer.title == journal.closure.prompts(mentorship=True)[0].text


async def test_going_back_from_the_open_goals_closes_nothing(journal, ada, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        app.open_closure(mentorship=ada.id)
        await settle(pilot)
        closure = app.screen
        await pilot.press("ctrl+s", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, OpenGoalsModal)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is closure and not closure.saved
        assert closure.query_one("#closure-switcher").current == "closure-outcome"
    assert journal.mentorships.get("Ada").status == MentorshipStatus.ACTIVE
    assert journal.goals.get("Speaking").mentorship == ada.id


async def test_without_open_goals_the_question_is_skipped(journal, app_for):
    m = journal.mentorships.add("Bea")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        app.open_closure(mentorship=m.id)
        await settle(pilot)
        closure = app.screen
        assert "open goal" not in shown(closure, "#closure-summary")
        await pilot.press("ctrl+s", "ctrl+s")
        await settle(pilot)
        assert closure.saved and await retro_drawn(pilot)
    assert journal.mentorships.get("Bea").status == MentorshipStatus.CLOSED


async def test_no_other_mentorship_offers_no_move(journal, app_for):
    m = journal.mentorships.add("Solo")
    journal.goals.add("Alone", mentorship=m.id)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        app.open_closure(mentorship=m.id)
        await settle(pilot)
        await pilot.press("ctrl+s", "ctrl+s")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, OpenGoalsModal)
        assert modal.query_one("#move-0").disabled and not modal.query("#open-goal-target-0")
        await pilot.press("down", "enter", "ctrl+s")  # achieved
        await settle(pilot)
    assert journal.goals.get("Alone").status == GoalStatus.ACHIEVED


# ------------------------------------------------------------------ the mentorship screen
def check_in(journal, when, **ratings):
    journal.entries.write(EntryInput(body="where we stand", kind="check-in", mentorship="Ada", when=when,
                                     details=ratings))


async def test_the_screen_shows_trends_profile_agreement_and_where_it_was_chosen(journal, app_for):
    shortlist = journal.shortlists.new("Speaking mentors")
    for name in ("Ada", "Bo", "Cy"):
        journal.shortlists.add_candidate(shortlist.id, name)
    journal.shortlists.choose(shortlist.id, "Ada")
    journal.agreements.set_parts("Ada", {"ground_rules": "Come prepared with one question.\nNo phones.",
                                         "confidentiality": "What we say [b]stays[/b] here."})
    journal.preparing.set_profile(styles=["practical"], strengths="Curious", challenges="Patience",
                                  needs="Direct feedback")
    check_in(journal, "2026-11-09", goals=3, relationship=4, time=4)
    check_in(journal, "2026-11-20", goals=5, relationship=4, time=2)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mentorship(pilot, "Ada")
        head = shown(screen, "#mentorship-head")
        assert "Chosen from 3 candidates on the shortlist 'Speaking mentors'" in head
        trends = shown(screen, "#mentorship-trends")
        assert "Check-in trends (2 rated, oldest first)" in trends
        assert "▄█  going well (5), rising ↑ from 3" in trends
        assert "▆▆  good (4), same as last time →" in trends
        assert "▆▃  struggling (2), falling ↓ from 4" in trends
        assert "The learning process and its pace\n  ·  not rated yet" in trends
        parts = shown(screen, "#mentorship-parts")
        assert "Ground rules: Come prepared with one question." in parts and "No phones" not in parts
        assert "Confidentiality: What we say [b]stays[/b] here." in parts  # markup shown as typed
        assert "Not agreed yet: Boundaries, Stumbling blocks, Accountability, Meeting cadence" in parts
        profile = shown(screen, "#mentorship-profile")
        assert "to share at the first meeting" in profile and "practical" in profile and "Direct feedback" in profile
        # a third check-in written elsewhere: the trends follow, the highlighted entry stays
        entries = screen.query_one("#mentorship-entries", OptionList)
        entries.highlighted = 1
        kept = entries.get_option_at_index(1).id
        check_in(journal, "2026-11-22", goals=4)
        app.post_message(JournalChanged())
        await settle(pilot)
        assert "▄█▆  good (4), falling ↓ from 5" in shown(screen, "#mentorship-trends")
        assert entries.get_option_at_index(entries.highlighted).id == kept


async def test_without_check_ins_or_profile_the_screen_says_how_to_get_them(journal, app_for):
    journal.mentorships.add("Ada")
    app = app_for(journal)
    async with app.run_test(size=(50, 16)) as pilot:
        screen = await open_mentorship(pilot, "Ada")
        assert "No rated check-ins yet: k writes a check-in" in shown(screen, "#mentorship-trends")
        assert "No parts agreed yet" in shown(screen, "#mentorship-parts")
        assert "No learning profile yet" in shown(screen, "#mentorship-profile")
        assert "Chosen from" not in shown(screen, "#mentorship-head")
        # narrow: the details panel is reached with tab and scrolls with the arrows
        left = screen.query_one("#mentorship-left")
        await pilot.press("shift+tab")
        assert left.has_focus
        await pilot.press("down", "down")
        await settle(pilot)
        assert left.scroll_y > 0


@pytest.mark.catalogue("S314")
async def test_a_mentorship_ends_on_the_day_typed_in_the_app(journal, app_for):
    """The app ended a mentorship today only; `journal mentorship close --on` could say the day."""
    m = journal.mentorships.add("Bea", since="2026-09-01")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        app.open_closure(mentorship=m.id)
        await settle(pilot)
        closure = app.screen
        await pilot.press(*"We met every month.")
        await pilot.press("ctrl+s")  # to the outcome
        await settle(pilot)
        closure.query_one("#closure-ended").focus()
        await pilot.press(*"2026-08-01", "enter")  # before it began: said, nothing written
        await settle(pilot)
        assert app.screen is closure and not closure.saved
        assert journal.mentorships.get("Bea").status == MentorshipStatus.ACTIVE
        await pilot.press(*["backspace"] * 10, *"2026-11-20", "enter")
        await settle(pilot)
        assert closure.saved
    ended = journal.mentorships.get("Bea")
    assert ended.status == MentorshipStatus.CLOSED and ended.closed_on.isoformat() == "2026-11-20"
    [answer] = journal.entries.list(journal.entries.filter(kind="closure"))
    assert answer.day.isoformat() == "2026-11-20"  # said at its end, dated by it (S323)


@pytest.mark.catalogue("S323")
async def test_a_mentorship_cannot_end_before_an_entry_filed_under_it(journal, app_for):
    m = journal.mentorships.add("Bea", since="2026-09-01")
    journal.entries.write(EntryInput("met Bea", mentorship=m.id, when="2026-11-21"))
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        app.open_closure(mentorship=m.id)
        await settle(pilot)
        closure = app.screen
        await pilot.press("ctrl+s")  # to the outcome
        await settle(pilot)
        closure.query_one("#closure-ended").focus()
        await pilot.press(*"2026-11-20", "enter")
        await settle(pilot)
        assert app.screen is closure and not closure.saved
    assert journal.mentorships.get("Bea").status == MentorshipStatus.ACTIVE
    later = journal.entries.list()[0]
    with pytest.raises(JournalError, match=rf"1 entry filed under the mentorship with Bea is dated after "
                                           rf"2026-11-20 \({later.short_id}; the last 2026-11-21\): end it on "
                                           r"2026-11-21 or later"):
        journal.mentorships.close("Bea", on="2026-11-20")
    assert journal.mentorships.close("Bea", on="2026-11-21").closed_on.isoformat() == "2026-11-21"


@pytest.mark.catalogue("S496")
async def test_a_closed_mentorship_screen_offers_no_profile_to_share(journal, app_for):
    journal.preparing.set_profile(styles=["practical"])
    m = journal.mentorships.add("Ada")
    journal.mentorships.close(m.id)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mentorship(pilot, "Ada")
        assert not screen.query_one("#mentorship-profile").display
        assert "first meeting" not in str(screen.query_one("#mentorship-profile").render())
