"""The retrospective's review screen (issue 18, part 3): read it as one page, leave quoted
entries out and bring them back, include private entries (marked), export exactly what is
shown; the closure conversation ends on it, and a closed goal or mentorship opens it."""

from __future__ import annotations

import json
import stat

import pytest
from textual.widgets import Collapsible, Input, OptionList, Select, Static

from journal.domain.model import GoalStatus, MentorshipStatus
from journal.services import EntryInput
from tests.tui.conftest import retro_drawn
from journal.tui.screens.closure import ClosureScreen
from journal.tui.screens.goal_detail import GoalScreen
from journal.tui.screens.home import HomeScreen
from journal.tui.screens.mentorships import MentorshipScreen
from journal.tui.screens.modals import PickModal
from journal.tui.screens.retrospective import (
    FIRST, LeftOutCard, MoreCard, QuoteCard, RetroDocument, RetroScreen, default_path,
)

SIZE = (120, 40)
TITLE = "Speak [b]up[/b]"
"""A goal title made of markup: shown literally, never acted on."""
TALK = "ZEBRA gave the talk: eleven minutes, three questions."
DOUBT = "OKAPI private doubt about my manager."
CARRY = "Give a talk every month at the guild."
LEARNED = "Preparation beats nerves, and a story beats a slide."

pytestmark = pytest.mark.usefixtures("stable_ids")


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def closed_goal(journal):
    """A goal with a journey: foresight, starred turning points, a private entry, a dry run, the
    talk, three closure answers; closed as achieved."""
    goal = journal.goals.add(TITLE, specific="Give a 10-minute talk to the team")
    write = journal.entries.write
    write(EntryInput(body="I will rush the opening.", lens="foresight", title="Nerves", goals=[goal.id],
                     when="2026-10-01 09:00"))
    write(EntryInput(body="Spoke in the planning meeting; my voice shook.", title="First time", goals=[goal.id],
                     starred=True, when="2026-10-03 10:00"))
    write(EntryInput(body="Stories land better than numbers.", lens="insight", goals=[goal.id], starred=True,
                     tags=["storytelling"], when="2026-10-05 18:00"))
    write(EntryInput(body=DOUBT, lens="insight", goals=[goal.id], private=True, when="2026-10-06 20:00"))
    write(EntryInput(body="Dry run took 17 minutes.", goals=[goal.id], when="2026-10-16 19:00"))
    write(EntryInput(body=TALK, title="The talk", goals=[goal.id], starred=True, when="2026-11-12 17:00"))
    prompts = {p.id: p.text for p in journal.closure.prompts()}
    answers = [EntryInput(body="I wanted to stop dreading meetings.", lens="hindsight",
                          title=prompts["closure-set-out"]),
               EntryInput(body=LEARNED, lens="insight", title=prompts["closure-learned"]),
               EntryInput(body=CARRY, lens="foresight", title=prompts["closure-carry-forward"])]
    journal.closure.close(answers, goal=goal.id, status="achieved", note="Gave the talk")
    return journal.goals.get(goal.id)


def entry_with(journal, text):
    return next(e for e in journal.entries.list() if text in e.body)


def cards(screen) -> list[QuoteCard]:
    return list(screen.query(QuoteCard).results())


def state(screen) -> str:
    return str(screen.query_one("#retro-state", Static).render())


async def open_review(app, pilot, goal) -> RetroScreen:
    app.push_screen(RetroScreen(app.journal, goal=goal.id))
    return await retro_drawn(pilot)


async def export(pilot, screen, path) -> None:
    """`e` to the file name, the path typed over it, enter."""
    await pilot.press("e")
    field = screen.query_one("#retro-path", Input)
    assert pilot.app.focused is field
    field.value = ""
    await pilot.press(*str(path))
    await pilot.press("enter")
    await settle(pilot)


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


# ------------------------------------------------------------------- the must-show flow
@pytest.mark.catalogue("P124")
async def test_end_exclude_export_and_include_again(journal, app_for, tmp_path):
    goal = closed_goal(journal)
    app = app_for(journal)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.push_screen(GoalScreen(journal, goal.id))
        await settle(pilot)
        assert "retrospective" in [b.binding.action for b in app.screen.active_bindings.values()]
        await pilot.press("c")  # a closed goal: c opens its retrospective
        screen = await retro_drawn(pilot)
        assert screen.goal_ref == goal.id
        page = screen.query_one(RetroDocument)
        assert page.max_scroll_y > 0  # longer than the screen: it scrolls
        sections = [str(c.title) for c in screen.query(".retro-section").results(Collapsible)]
        assert sections[0] == "1. Summary" and sections[-1].endswith("The closure conversation")
        assert all(not c.collapsed for c in screen.query(".retro-section").results(Collapsible))

        await pilot.press("pagedown")
        await settle(pilot)
        assert page.scroll_y > 0
        await pilot.press("end")
        await settle(pilot)
        assert page.scroll_y == page.max_scroll_y  # the whole document can be read
        last = app.focused
        assert isinstance(last, QuoteCard) and last.block.body == LEARNED  # the focus came along: the last quote

        await pilot.press("x")
        await settle(pilot)
        carry = entry_with(journal, LEARNED)
        assert screen.excluded == [carry.id]
        assert all(c.entry_id != carry.id for c in cards(screen))
        [left_out] = screen.query(LeftOutCard).results()
        assert left_out.entry_id == carry.id
        assert "Left out on request (1)" in str(screen.query_one("#retro-left-out", Collapsible).title)
        assert "1 left out on request" in state(screen) and "1 left out on request" in screen.sub_title
        assert screen.retro.excluded == 1 and screen.retro.numbers.closure_answers == 2  # the numbers follow
        assert app.focused is not None and page in app.focused.ancestors  # the focus stayed on the page

        target = tmp_path / "out" / "retro.html"
        target.parent.mkdir()
        await export(pilot, screen, target)
        html = target.read_text(encoding="utf-8")
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert LEARNED not in html and TALK in html  # exactly what was shown
        assert "1 entry excluded on request" in html
        assert "Speak [b]up[/b]" in html
        assert notices(app)[-1] == f"Wrote {target}"

        # back on the page once written (S494): x on the left-out entry brings it back
        assert isinstance(app.screen, RetroScreen) and page in app.focused.ancestors
        left_out.focus()
        await pilot.press("x")
        await settle(pilot)
        assert screen.excluded == [] and not screen.query("#retro-left-out")
        assert isinstance(app.focused, QuoteCard) and app.focused.entry_id == carry.id  # where it came back
        assert "nothing left out on request" in state(screen)
        await export(pilot, screen, target)
        await pilot.press("r")  # the file is there: Replace it (S283)
        await settle(pilot)
        assert LEARNED in target.read_text(encoding="utf-8")

        await pilot.press("escape")  # written, the focus is on the page: back to the goal
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)


async def test_arrows_reach_every_quote_and_x_keeps_the_place(journal, app_for):
    goal = closed_goal(journal)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_review(app, pilot, goal)
        page = screen.query_one(RetroDocument)
        assert app.focused is page.stops()[0]  # the first section's title
        seen = []
        for _ in range(len(page.stops()) + 2):
            if isinstance(app.focused, QuoteCard):
                seen.append(app.focused.entry_id)
            await pilot.press("down")
        assert set(seen) == {c.entry_id for c in cards(screen)} and len(cards(screen)) >= 6
        # a quote in the middle: x leaves it out; the focus stays at its place in the section
        talk = entry_with(journal, TALK)
        card = next(c for c in cards(screen) if c.entry_id == talk.id)
        fold = screen._top_fold(card)
        index = [w for w in page.stops() if fold in w.ancestors].index(card)
        card.focus()
        await pilot.pause()
        await pilot.press("x")
        await settle(pilot)
        assert talk.id not in {c.entry_id for c in cards(screen)}
        assert screen._top_fold(app.focused) is fold
        assert [w for w in page.stops() if fold in w.ancestors].index(app.focused) == index
        assert TALK not in screen.journal.closure.render(screen.retro, "markdown")
        # tab moves on from there too
        before = app.focused
        await pilot.press("tab")
        assert app.focused is not before


@pytest.mark.catalogue("P124")
async def test_private_entries_off_then_included_and_marked(journal, app_for, tmp_path):
    goal = closed_goal(journal)
    doubt = entry_with(journal, DOUBT)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_review(app, pilot, goal)
        assert not screen.include_private and doubt.id not in {c.entry_id for c in cards(screen)}
        assert "1 private entry left out" in state(screen) and "1 private left out" in screen.sub_title
        await pilot.press("p")
        await settle(pilot)
        assert screen.include_private
        private = [c for c in cards(screen) if c.block.private]
        assert [c.entry_id for c in private] == [doubt.id]  # shown: it is the latest insight, quoted
        assert "private" in str(private[0].render()).split("\n")[0]  # said in words on the cite line
        assert private[0].has_class("-private")
        assert "1 private entry included" in state(screen) and "private included" in screen.sub_title
        target = tmp_path / "with-private.md"
        screen.query_one("#retro-format", Select).value = "markdown"
        await export(pilot, screen, target)
        text = target.read_text(encoding="utf-8")
        assert DOUBT in text and "private" in text
        # excluded while included: the count says so; p leaves the private ones out again
        private[0].focus()
        await pilot.press("x")
        await settle(pilot)
        assert "0 private entries included" in state(screen)
        await pilot.press("p")
        await settle(pilot)
        assert not screen.include_private and "No private entries" not in state(screen)
        assert all(not c.block.private for c in cards(screen))


async def test_keys_type_into_the_file_name(journal, app_for):
    goal = closed_goal(journal)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_review(app, pilot, goal)
        assert screen.query_one("#retro-path", Input).value == default_path(TITLE, goal.short_id, "html")
        assert screen.query_one("#retro-path", Input).value.startswith("~/speak-b-up-b-")
        await pilot.press("e")
        field = screen.query_one("#retro-path", Input)
        field.value = ""
        await pilot.press(*"xpcafe q")
        assert field.value == "xpcafe q" and screen.excluded == [] and not screen.include_private
        assert isinstance(app.screen, RetroScreen)
        assert all(not c.collapsed for c in screen.query(".retro-section").results(Collapsible))


async def test_formats_fold_and_json(journal, app_for, tmp_path):
    goal = closed_goal(journal)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_review(app, pilot, goal)
        select = screen.query_one("#retro-format", Select)
        assert screen.formats()[:3] == ["html", "markdown", "json"]
        await pilot.press("f")
        await pilot.pause()
        assert select.value == "markdown" and screen.query_one("#retro-path", Input).value.endswith(".md")
        await pilot.press("f")
        await pilot.pause()
        assert select.value == "json" and screen.query_one("#retro-path", Input).value.endswith(".json")
        target = tmp_path / "retro.json"
        await export(pilot, screen, target)
        data = json.loads(target.read_text(encoding="utf-8"))
        assert data["title"] == TITLE and data["numbers"]["closure_answers"] == 3
        # c folds the section holding the focus, a folds all, a again unfolds all
        await pilot.press("down")
        folds = list(screen.query(".retro-section").results(Collapsible))
        await pilot.press("c")
        await pilot.pause()
        assert folds[0].collapsed and app.focused is folds[0].query_one("CollapsibleTitle")
        await pilot.press("enter")  # enter on a title unfolds it
        await pilot.pause()
        assert not folds[0].collapsed
        await pilot.press("a")
        await pilot.pause()
        assert all(f.collapsed for f in folds)
        await pilot.press("a")
        await pilot.pause()
        assert not any(f.collapsed for f in folds)


async def test_a_long_section_shows_more_on_request(journal, app_for):
    goal = journal.goals.add("Many insights")
    for day in range(1, FIRST + 9):
        journal.entries.write(EntryInput(body=f"Insight number {day}.", lens="insight", goals=[goal.id],
                                         when=f"2026-10-{day:02d} 12:00"))
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_review(app, pilot, goal)
        [more] = screen.query(MoreCard).results()
        assert "more quotes" in str(more.render())
        shown = len(cards(screen))
        more.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert not screen.query(MoreCard) and len(cards(screen)) > shown
        assert isinstance(app.focused, QuoteCard)
        bodies = {c.block.body for c in cards(screen)}
        assert {f"Insight number {d}." for d in range(1, FIRST + 9)} <= bodies


async def test_a_refused_export_says_why_in_one_line(journal, app_for, tmp_path):
    goal = closed_goal(journal)
    real = tmp_path / "real.html"
    real.write_text("keep me")
    link = tmp_path / "link.html"
    link.symlink_to(real)
    app = app_for(journal)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        screen = await open_review(app, pilot, goal)
        await export(pilot, screen, link)
        assert real.read_text() == "keep me"
        message = notices(app)[-1]
        assert "symbolic link" in message and "\n" not in message


# ------------------------------------------------------------------- where it opens from
async def test_the_closure_conversation_ends_on_the_review(journal, app_for):
    goal = journal.goals.add("Public speaking")
    journal.entries.write(EntryInput(body="Spoke up once.", goals=[goal.id], starred=True, when="2026-11-20"))
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_closure(goal=goal.id)
        await settle(pilot)
        assert isinstance(app.screen, ClosureScreen)
        await pilot.press(*"Stop dreading meetings")
        await pilot.press("ctrl+s", "ctrl+s")  # to the outcome, then save
        screen = await retro_drawn(pilot)
        assert journal.goals.get(goal.id).status == GoalStatus.ACHIEVED
        assert not any(isinstance(s, ClosureScreen) for s in app.screen_stack)  # it took the closure's place
        assert any("Stop dreading meetings" in c.block.body for c in cards(screen))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)  # back where the closure began


async def test_a_closed_mentorship_opens_its_review(journal, app_for):
    mentorship = journal.mentorships.add("Ada [/] Lovelace", focus="Talks")
    journal.entries.write(EntryInput(body="Met Ada about the talk.", kind="meeting", mentorship=mentorship.id,
                                     starred=True, when="2026-11-10"))
    journal.closure.close([EntryInput(body="Thank you, Ada.", lens="insight", title="Thanks")],
                          mentorship=mentorship.id)
    assert journal.mentorships.get(mentorship.id).status == MentorshipStatus.CLOSED
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(MentorshipScreen(journal, mentorship.id))
        await settle(pilot)
        actions = {b.binding.action for b in app.screen.active_bindings.values()}
        assert "retrospective" in actions and "close_mentorship" not in actions
        await pilot.press("c")
        screen = await retro_drawn(pilot)
        assert screen.mentorship_ref == mentorship.id
        title = str(screen.query_one("#retro-title", Static).render())
        assert title == "Retrospective: Mentorship with Ada [/] Lovelace"  # as typed, never markup
        assert any("Thank you, Ada." in c.block.body for c in cards(screen))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MentorshipScreen)


async def test_an_open_goal_still_offers_close(journal, app_for):
    goal = journal.goals.add("Still going")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(GoalScreen(journal, goal.id))
        await settle(pilot)
        actions = {b.binding.action for b in app.screen.active_bindings.values()}
        assert "close_goal" in actions and "retrospective" not in actions


async def test_the_palette_opens_a_review(journal, app_for):
    open_goal = journal.goals.add("Open one")
    goal = closed_goal(journal)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_retrospective()
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickModal)
        options = picker.query_one(OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert ids[0] == f"goal:{goal.id}" and f"goal:{open_goal.id}" in ids  # closed ones first
        options.highlighted = 0
        await pilot.press("enter")
        screen = await retro_drawn(pilot)
        assert screen.goal_ref == goal.id


async def test_another_window_changes_the_journal(journal, app_for):
    goal = closed_goal(journal)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_review(app, pilot, goal)
        talk = entry_with(journal, TALK)
        next(c for c in cards(screen) if c.entry_id == talk.id).focus()
        await pilot.press("x")
        await settle(pilot)
        journal.entries.delete(talk.id)  # the left-out entry goes elsewhere
        journal.entries.write(EntryInput(body="A late starred thought.", goals=[goal.id], starred=True,
                                         when="2026-11-20"))
        await screen.reload()
        await settle(pilot)
        assert screen.excluded == [] and not screen.query("#retro-left-out")
        assert any("A late starred thought." in c.block.body for c in cards(screen))


# ------------------------------------------------------------------- snapshot
def test_snapshot_private_included_and_one_left_out(snap_compare, journal, app_for):
    """A private quote marked in words, one entry left out and listed last, the line saying both."""
    goal = closed_goal(journal)

    async def run_before(pilot):
        screen = await open_review(pilot.app, pilot, goal)
        await pilot.press("p")
        await settle(pilot)
        talk = entry_with(journal, TALK)
        next(c for c in cards(screen) if c.entry_id == talk.id).focus()
        await pilot.press("x")
        await settle(pilot)
        next(c for c in cards(screen) if c.block.private).focus()
        await settle(pilot)
        pilot.app.clear_notifications()
        await settle(pilot)

    assert snap_compare(app_for(journal), terminal_size=SIZE, run_before=run_before)


@pytest.mark.catalogue("S494")
async def test_after_an_export_the_page_keys_work_again(journal, app_for, tmp_path):
    goal = closed_goal(journal)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_review(app, pilot, goal)
        target = tmp_path / "retro.html"
        await export(pilot, screen, target)
        assert target.is_file()
        field = screen.query_one("#retro-path", Input)
        assert app.focused is not field
        await pilot.press("f")
        await pilot.pause()
        assert screen.query_one("#retro-format", Select).value == "markdown"
        assert field.value == str(tmp_path / "retro.md")  # the format's extension, no typed "f"
        assert isinstance(app.screen, RetroScreen)
