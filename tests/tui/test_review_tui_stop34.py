"""Faults found from the outside in stop 34 (terminal UI): each test names its catalogue case."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input, OptionList, Static

from journal.tui.screens.mentorships import MentorshipScreen
from journal.tui.screens.modals import ChoiceModal, PickModal
from journal.tui.screens.shortlist import ShortlistScreen
from journal.tui.screens.shortlist_forms import ChooseModal, CriterionModal, LineModal
from journal.tui.screens.shortlists import ShortlistsScreen
from tests.tui.conftest import paste
from tests.tui.test_tui_checkins_feedback import settle
from tests.tui.test_review_tui_stop33 import _screen_lines, showing
from tests.tui.test_tui_shortlists import scored

SIZE = (120, 40)


def said(app) -> list[str]:
    return [n.message for n in app._notifications]


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


@pytest.mark.catalogue("S244")
async def test_choosing_asks_the_focus_the_start_and_the_rhythm(journal, app_for):
    sl = scored(journal)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await showing(pilot, ShortlistScreen(journal, sl.id))
        await pilot.press("o")  # Ada Byron, first: meets every must-have
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ChooseModal)
        assert "A mentorship with Ada Byron starts" in text_of(form, "#choose-about")
        await paste(pilot, "Leading my first team")  # the title, selected, is replaced
        await pilot.press("enter")  # on to the start
        await pilot.press(*"tomorrow")
        await pilot.press("enter", *"0", "enter")  # the rhythm; enter there chooses
        await settle(pilot)
        assert app.screen is form and "Check in every: a whole number" in text_of(form, "#choose-error")
        await pilot.press("backspace", *"14", "enter")
        await settle(pilot)
        assert app.screen is form and "cannot start in the future" in text_of(form, "#choose-error")
        assert journal.mentorships.list() == []
        form.query_one("#choose-since", Input).focus()
        await paste(pilot, "last monday")
        await pilot.pause()
        assert "Mon 16 Nov 2026" in text_of(form, "#choose-since-echo")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MentorshipScreen)
        assert "Started a mentorship with Ada Byron." in said(app)
    m = journal.mentorships.list()[0]
    assert (m.mentor, m.focus, m.started_on, m.check_in_every) == (
        "Ada Byron", "Leading my first team", date(2026, 11, 16), 14)
    assert journal.shortlists.get(sl.id).decided


@pytest.mark.catalogue("S244")
async def test_a_criterion_is_edited_and_a_change_of_kind_says_what_goes(journal, app_for):
    sl = scored(journal)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await showing(pilot, ShortlistScreen(journal, sl.id))
        await pilot.press("e")
        await settle(pilot)
        pick = app.screen
        assert isinstance(pick, PickModal)
        options = pick.query_one(OptionList)
        assert [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)] == [
            "Candidate Ada Byron (rename)", "Criterion Works in my field (must-have)",
            "Criterion Has coached team leads (want ×5)"]
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CriterionModal)
        assert form.query_one("#criterion-name", Input).value == "Has coached team leads"
        assert form.query_one("#criterion-weight", Input).value == "5" and not form.must
        assert text_of(form, "#criterion-note") == ""
        await paste(pilot, "Has coached new team leads")
        await pilot.click("#criterion-must")
        await pilot.pause()
        assert "Its 2 scores will be taken back" in text_of(form, "#criterion-note")
        assert form.query_one("#criterion-weight", Input).disabled
        await pilot.click("#criterion-want")
        await pilot.pause()
        assert text_of(form, "#criterion-note") == ""  # back to a want: nothing goes
        await pilot.click("#criterion-must")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert ("Changed the name, must-have or want of “Has coached new team leads” (now a must-have). "
                "2 scores taken back: score them again.") in said(app)
        assert "Has coached new…\nmust" in [c.label.plain for c in screen.query_one("DataTable").columns.values()]
    criterion = journal.shortlists.get(sl.id).criteria[1]
    assert (criterion.name, criterion.must) == ("Has coached new team leads", True)
    assert all(criterion.id not in c.scores for c in journal.shortlists.get(sl.id).candidates)


@pytest.mark.catalogue("S244")
async def test_a_twin_name_stays_in_the_criterion_form(journal, app_for):
    sl = scored(journal)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await showing(pilot, ShortlistScreen(journal, sl.id))
        await pilot.press("e", "down", "enter")  # the first criterion (the highlighted candidate comes first)
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CriterionModal)
        await paste(pilot, "has coached team leads")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and "already" in text_of(form, "#criterion-error")
    assert journal.shortlists.get(sl.id).criteria[0].name == "Works in my field"


@pytest.mark.catalogue("S244")
async def test_a_shortlist_is_renamed_on_it_and_on_the_list(journal, app_for):
    sl = scored(journal)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await showing(pilot, ShortlistScreen(journal, sl.id))
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, LineModal)
        assert app.screen.query_one(Input).value == "Leadership mentor"
        await paste(pilot, "Team lead mentor")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and screen.sub_title == "Team lead mentor"
        assert "Renamed the shortlist “Team lead mentor”." in said(app)
        await pilot.press("escape")
        await settle(pilot)
        listing = await showing(pilot, ShortlistsScreen(journal))
        await pilot.press("r")
        await settle(pilot)
        await paste(pilot, "Engineering manager mentor")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is listing
        assert "Engineering manager mentor" in str(listing.query_one(OptionList).get_option_at_index(0).prompt)
    assert journal.shortlists.get(sl.id).title == "Engineering manager mentor"


@pytest.mark.catalogue("S244")
async def test_a_decided_shortlist_offers_rename_but_no_criterion_edit(journal, app_for):
    sl = scored(journal)
    journal.shortlists.choose(sl.id, "Ada")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await showing(pilot, ShortlistScreen(journal, sl.id))
        keys = {b.binding.key for b in screen.active_bindings.values() if b.enabled}
        assert "r" in keys and "e" not in keys
        await pilot.press("e")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("o")  # opens the mentorship, never a second choice
        await settle(pilot)
        assert isinstance(app.screen, MentorshipScreen) and not isinstance(app.screen, ChoiceModal)


def _long_goal(journal):
    from journal.services import EntryInput

    goal = journal.goals.add("Public speaking", specific="Give a five-minute talk at the Thursday meetup in Leipzig",
                             by="2027-03-31")
    journal.goals.add_milestone(goal.id, "Outline", due="2026-12-01")
    journal.entries.write(EntryInput("Rehearsed the opening with a timer twice", title="Rehearsed the opening twice",
                                     when="2026-11-21 16:00", goals=[goal.id]))
    return goal


@pytest.mark.catalogue("S245")
async def test_the_goal_screen_at_80_columns_shows_titles_and_wraps_beside_labels(journal, app_for):
    from journal.tui.screens.goal_detail import GoalScreen

    goal = _long_goal(journal)
    app = app_for(journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await showing(pilot, GoalScreen(journal, goal.id))
        lines = _screen_lines(app).split("\n")
        shown = "\n".join(lines)
        assert "Rehearsed the opening twice" in shown  # the whole title, its day under it
        assert "Sat 21 Nov 2026 16:00" in shown
        specific = next(i for i, line in enumerate(lines) if "Specific:" in line)
        column = lines[specific].index("Give")
        assert lines[specific + 1][:column].strip(" │") == ""  # the value's next line starts in its column
        assert lines[specific + 1][column:].strip()


@pytest.mark.catalogue("S245")
async def test_the_goal_screen_at_50x16_shows_a_milestone_and_an_entry(journal, app_for):
    from journal.tui.screens.goal_detail import GoalScreen

    goal = _long_goal(journal)
    app = app_for(journal)
    async with app.run_test(size=(50, 16)) as pilot:
        await showing(pilot, GoalScreen(journal, goal.id))
        shown = _screen_lines(app)
        assert "Outline" in shown and "Rehearsed the opening" in shown


async def _typed_then_left(pilot, text: str):
    """A new entry with `text` typed, then escape: the unsaved-changes question in front. Returns
    the compose screen below it."""
    await pilot.press("n")
    await settle(pilot)
    compose = pilot.app.screen
    await pilot.press("tab")
    await paste(pilot, text)
    await pilot.press("escape")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ChoiceModal)
    return compose


@pytest.mark.catalogue("S248")
async def test_discard_by_its_letter_asks_again_and_only_y_throws_the_text_away(journal, app_for):
    from textual.widgets import TextArea

    from journal.tui.screens.compose import ComposeScreen

    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        compose = await _typed_then_left(pilot, "A paragraph I would hate to lose.")
        assert isinstance(compose, ComposeScreen)
        question = app.screen
        await pilot.press("d", "d")  # a vim habit: asked again, then back to the question
        await pilot.pause()
        assert app.screen is question
        assert "Throw away what you typed" not in str(question.query_one(".choice-question", Static).render())
        await pilot.press("d")
        await pilot.pause()
        assert "Throw away what you typed, for good?" in str(question.query_one(".choice-question", Static).render())
        await pilot.press("escape")  # back to the question, not out of it
        await pilot.pause()
        assert app.screen is question
        await pilot.press("escape")  # now it cancels: the text is there
        await settle(pilot)
        assert app.screen is compose
        assert compose.query_one("#body", TextArea).text == "A paragraph I would hate to lose."
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d", "y")
        await settle(pilot)
        assert app.screen is not compose
    assert journal.drafts.list() == [] and journal.entries.list() == []


@pytest.mark.catalogue("S248")
async def test_the_discard_button_answers_at_once(journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await _typed_then_left(pilot, "Words.")
        await pilot.click("#choice-discard")
        await settle(pilot)
        assert not isinstance(app.screen, ChoiceModal)
    assert journal.drafts.list() == []


@pytest.mark.catalogue("S526")
async def test_the_replace_question_names_a_title_changed_elsewhere(journal, app_for):
    """Helper review: when the other change was the title, the question quoted the entry's text,
    the same in both versions, and said nothing of the title it would throw away."""
    from journal.domain.entry_fields import entry_version
    from journal.domain.errors import EditConflict
    from journal.domain.model import EntryChanges
    from journal.services import EntryInput
    from journal.tui.screens.compose import ComposeScreen

    entry = journal.entries.write(EntryInput(body="We reviewed the outline.", title="Outline"))
    version = entry_version(journal.entries.get(entry.id))
    journal.entries.edit(entry.id, EntryChanges(title="CLI title"))
    with pytest.raises(EditConflict) as conflict:
        journal.entries.edit(entry.id, EntryChanges(body="We reviewed the outline. More notes.", title="Outline",
                                                    expected_version=version))  # the whole form, as compose saves
    [draft] = [d for d in journal.drafts.list() if d.id == conflict.value.draft_id]
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await showing(pilot, ComposeScreen(journal, app.keeper, draft))
        await pilot.press("ctrl+s")
        await settle(pilot)
        said = str(app.screen.query_one(".choice-question", Static).render())
        assert "differs from yours in its text, title" in said and "its title is now “CLI title”" in said


def _lost_edit(journal):
    """An entry changed elsewhere while another window edited it: that window's version is kept
    as a draft (an edit conflict); returns (entry, draft)."""
    from journal.domain.entry_fields import entry_version
    from journal.domain.errors import EditConflict
    from journal.domain.model import EntryChanges
    from journal.services import EntryInput

    entry = journal.entries.write(EntryInput(body="Original body.", title="Edit target"))
    version = entry_version(journal.entries.get(entry.id))
    journal.entries.edit(entry.id, EntryChanges(body="The newer version, written on the laptop."))
    with pytest.raises(EditConflict) as conflict:
        journal.entries.edit(entry.id, EntryChanges(body="Original body. My edit.", expected_version=version))
    [draft] = [d for d in journal.drafts.list() if d.id == conflict.value.draft_id]
    return entry, draft


@pytest.mark.catalogue("S253")
@pytest.mark.parametrize("answer", ["c", "n", "r"])
async def test_saving_a_version_that_lost_a_conflict_asks_before_replacing(journal, app_for, answer):
    from journal.tui.screens.compose import ComposeScreen

    entry, draft = _lost_edit(journal)
    assert draft.lost_to is not None
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        compose = await showing(pilot, ComposeScreen(journal, app.keeper, draft))
        await pilot.press("ctrl+s")
        await settle(pilot)
        question = app.screen
        assert isinstance(question, ChoiceModal) and question.id == "replace-confirm"
        said = str(question.query_one(".choice-question", Static).render())
        assert "The entry was changed after this version of yours was kept" in said
        assert "The newer version, written on the laptop." in said
        assert journal.entries.get(entry.id).body == "The newer version, written on the laptop."
        await pilot.press(answer)
        await settle(pilot)
        if answer == "c":
            assert app.screen is compose
    bodies = sorted(e.body for e in journal.entries.list())
    if answer == "c":
        assert bodies == ["The newer version, written on the laptop."] and len(journal.drafts.list()) == 1
    elif answer == "n":
        assert bodies == ["Original body. My edit.", "The newer version, written on the laptop."]
        assert journal.drafts.list() == []
    else:
        assert bodies == ["Original body. My edit."] and journal.drafts.list() == []


@pytest.mark.catalogue("S258")
async def test_a_draft_offered_at_start_says_what_it_is(journal, app_for):
    from journal.domain.model import Draft
    from journal.services import EntryInput

    entry = journal.entries.write(EntryInput("The plan as it was.", title="Quarter plan"))
    journal.drafts.save(Draft(body="The plan as it is now.", title="Quarter plan", entry_id=entry.id))
    journal.drafts.save(Draft(body="", title="Only a title so far"))
    journal.conn.execute("UPDATE drafts SET pid = NULL, holder = NULL")  # their windows are gone
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        offers = []
        for _ in range(2):
            for _ in range(40):
                await pilot.pause()
                if isinstance(app.screen, ChoiceModal) and app.screen.id == "recover-draft":
                    break
            offers.append(str(app.screen.query_one(".choice-question", Static).render()))
            app.screen._shown_at -= 5  # read before answering
            await pilot.press("l")  # later
            await settle(pilot)
    said = "\n".join(offers)
    assert "Only a title so far" in said and "(no text yet)" in said
    assert f"Quarter plan  edits entry {entry.short_id}" in said and "The plan as it is now." in said


@pytest.mark.catalogue("S259")
async def test_a_draft_kept_on_leaving_compose_is_free_for_other_windows(journal, app_for):
    from journal.store import drafts as draft_rows
    from journal.tui.screens.compose import ComposeScreen

    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("tab")
        await paste(pilot, "Half a thought, kept for later.")
        app.keeper.checkpoint()  # the timer's checkpoint: the draft is held by this window
        [draft] = journal.drafts.list()
        assert draft_rows.holder(journal.conn, draft.id) is not None
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("k")  # Keep draft
        await settle(pilot)
        assert not isinstance(app.screen, ComposeScreen)
        assert draft_rows.holder(journal.conn, draft.id) is None and not journal.drafts.held_elsewhere(draft)
        # opened again and left as it was: not saved anew (nor offered again at the next start)
        kept = journal.drafts.get(draft.id)
        journal.drafts.mark_offered(draft.id)
        await showing(pilot, ComposeScreen(journal, app.keeper, kept))
        app.keeper.checkpoint()
        await pilot.press("escape")
        await settle(pilot)
        again = journal.drafts.get(draft.id)
        assert again is not None and again.updated_at == kept.updated_at
        assert draft_rows.holder(journal.conn, draft.id) is None and journal.drafts.unoffered() == []


@pytest.mark.catalogue("S261")
def test_the_search_screen_highlights_the_words_searched_for_only():
    from journal.tui.screens.search import _words

    assert _words("needle OR zzzz -work NOT notes AND café") == ["needle", "zzzz", "café"]


@pytest.mark.catalogue("S265")
async def test_a_radio_choice_alone_is_asked_about_before_escape_drops_it(journal, app_for):
    from journal.tui.screens.shortlist_forms import ScoreModal

    sl = scored(journal)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await showing(pilot, ShortlistScreen(journal, sl.id))
        await pilot.press("down")  # Alan Turing: "✗ no" on the must-have
        await pilot.press("s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ScoreModal) and form.candidate.name == "Alan Turing"
        await pilot.click("#score-1-yes")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)  # asked, not dropped
        await pilot.press("s")  # Save
        await settle(pilot)
        assert app.screen is screen
    assert journal.shortlists.get(sl.id).candidate("Alan").scores[sl.criteria[0].id] == 1


@pytest.mark.catalogue("S265")
async def test_an_emptied_weight_keeps_the_edited_criterions_weight(journal, app_for):
    sl = scored(journal)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await showing(pilot, ShortlistScreen(journal, sl.id))
        await pilot.press("e", "down", "enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CriterionModal)
        form.query_one("#criterion-weight", Input).focus()
        await pilot.press("space")  # its 5 selected: replaced by a blank
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert journal.shortlists.get(sl.id).criteria[1].weight == 5


@pytest.mark.catalogue("S268")
async def test_a_phrase_being_typed_finds_as_it_goes_and_a_lone_quote_is_no_error(journal, app_for):
    from journal.services import EntryInput
    from journal.tui.screens.search import SearchScreen

    journal.entries.write(EntryInput("My mentor said hello"))
    assert [e.body for e in journal.entries.search('"my men', prefix_last=True)] == ["My mentor said hello"]
    assert journal.entries.search('"my men') == []  # the command line: the phrase as typed
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await showing(pilot, SearchScreen(journal))
        await pilot.press('"')
        await settle(pilot)
        status = text_of(screen, "#search-status")
        assert "Nothing to search for" not in status and "1 recent entry" in status
        await pilot.press(*"my men")
        await settle(pilot)
        assert text_of(screen, "#search-status") == "1 match"


@pytest.mark.catalogue("S540", "S556")
async def test_e_renames_the_highlighted_candidate_keeping_their_scores(journal, app_for):
    sl = scored(journal)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        screen = await showing(pilot, ShortlistScreen(journal, sl.id))
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, PickModal)
        await pilot.press("enter")  # the highlighted candidate: the first of the ranking
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LineModal) and form.query_one(Input).value == "Ada Byron"
        form.query_one(Input).value = "Alan turing"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "already candidate 2 on this shortlist (Alan Turing)" in text_of(form, "#shortlist-line-error")
        form.query_one(Input).value = "Ada Lovelace"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and "Renamed the candidate Ada Byron to Ada Lovelace." in said(app)
        ada = journal.shortlists.get(sl.id).candidate("Ada Lovelace")
        assert ada.scores == sl.candidate("Ada Byron").scores
        assert screen.current is not None and screen.current.candidate.name == "Ada Lovelace"


@pytest.mark.catalogue("S540")
async def test_e_renames_a_candidate_before_any_criterion_exists(journal, app_for):
    journal.shortlists.new("Coach")
    journal.shortlists.add_candidate("Coach", "Bob")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await showing(pilot, ShortlistScreen(journal, journal.shortlists.get("Coach").id))
        await pilot.press("e")  # nothing to pick from but the candidate: its form at once
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LineModal) and form.query_one(Input).value == "Bob"
        form.query_one(Input).value = "Robert"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert [c.name for c in journal.shortlists.get("Coach").candidates] == ["Robert"]


@pytest.mark.catalogue("S562")
async def test_a_matrix_key_on_a_decided_shortlist_says_why_it_does_nothing(journal, app_for):
    sl = scored(journal)
    journal.shortlists.choose(sl.id, "Ada")
    app = app_for(journal)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await showing(pilot, ShortlistScreen(journal, sl.id))
        for key in ("e", "s", "d", "c", "a"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, ShortlistScreen)  # no form, no question
        assert sum("This shortlist is decided" in line for line in said(app)) == 5
    assert journal.shortlists.get(sl.id).candidate("Ada").name == "Ada Byron"
