"""Closure flow, what's due (answering foresight), and the year heatmap: Pilot tests and snapshots."""

from __future__ import annotations

import stat

import pytest
from textual.widgets import Input, OptionList, Static, TextArea

from journal.domain.model import GoalStatus, Kind, Lens
from journal.domain.text import markdown_inline
from journal.services import EntryInput
from journal.tui.screens.modals import ChoiceModal
from journal.tui.screens.closure import ClosureScreen, slug
from journal.tui.screens.modals import PickModal
from journal.tui.screens.compose import ComposeScreen
from journal.tui.screens.due import DueScreen
from journal.tui.screens.entry import EntryScreen
from journal.tui.screens.heatmap import HeatmapScreen
from journal.tui.screens.home import HomeScreen
from journal.tui.widgets.due_panel import DuePanel
from journal.tui.screens.retrospective import RetroDocument
from journal.tui.widgets.heatmap import heatmap_text
from tests.tui.conftest import retro_drawn

SIZE = (100, 32)
TITLE = "Speak [/bold] up [@click=app.quit]x[/]"
"""A goal title made of markup: it must show literally and never act."""
MARKUP_ANSWER = "I set out to [b]speak[/b] [@click=app.quit]up[/]"


pytestmark = pytest.mark.usefixtures("stable_ids")


async def _settle(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _goal(journal):
    goal = journal.goals.add(TITLE)
    journal.entries.write(EntryInput(body="First rehearsal in front of the mirror.", lens="hindsight",
                             goals=[goal.id], when="2026-11-20 18:00"))
    return goal


def _with_foresight(journal):
    return journal.entries.write(EntryInput(body="The lightning talk will run over time.", lens="foresight",
                                    title="Talk [/bold] forecast", goals=["Public speaking"],
                                    when="2026-11-21 10:00", revisit="2026-11-22"))


def _text(widget: Static) -> str:
    return str(widget.render())


# ------------------------------------------------------------------- closure
@pytest.mark.catalogue("O118")
async def test_close_goal_through_the_flow(seeded, app_for, tmp_path):
    goal = _goal(seeded)
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_close_goal()  # the palette's "Close a goal…"
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickModal)
        options = picker.query_one(OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        options.highlighted = ids.index(goal.id)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClosureScreen)
        assert TITLE in _text(screen.query_one("#closure-subject", Static))
        assert "What did you set out to do" in _text(screen.query_one("#closure-prompt", Static))
        await pilot.press(*MARKUP_ANSWER)
        assert app.keeper.draft is not None and app.keeper.draft.body == MARKUP_ANSWER  # kept in app state
        await pilot.press("ctrl+n")
        await pilot.press("ctrl+n")  # skip "what happened"
        await pilot.press(*"Slow is smooth")
        await pilot.press("ctrl+b", "ctrl+b")  # back to the first answer: still there
        assert screen.query_one("#closure-answer", TextArea).text == MARKUP_ANSWER
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n")
        await pilot.press(*"Open with a story")
        await pilot.press("ctrl+n", "ctrl+n")  # skip "to mentor": outcome
        await pilot.pause()
        screen.query_one("#closure-note", Input).value = "Gave the talk [b]twice[/b]"
        await pilot.press("ctrl+s")
        await _settle(pilot)

        closure = seeded.entries.list(seeded.entries.filter(kind="closure"))
        by_title = {e.title: e for e in closure}
        assert len(closure) == 3
        assert by_title["What did you set out to do when this began?"].lens == Lens.HINDSIGHT
        assert by_title["What did you set out to do when this began?"].body == MARKUP_ANSWER
        assert by_title["What did you learn, about the subject and about yourself?"].lens == Lens.INSIGHT
        carry = by_title["What will you carry forward into your next goal or relationship?"]
        assert carry.lens == Lens.FORESIGHT and carry.kind == Kind.CLOSURE
        assert all([g.id for g in e.goals] == [goal.id] for e in closure)
        closed = seeded.goals.get(goal.id)
        assert closed.status == GoalStatus.ACHIEVED and closed.closed_at is not None
        assert closed.closure_note == "Gave the talk [b]twice[/b]"
        assert seeded.drafts.list() == []  # the checkpoints went with the save

        screen = await retro_drawn(pilot)  # the save ends on the review of the retrospective
        shown = screen.journal.closure.render(screen.retro, "markdown")
        assert markdown_inline(TITLE) in shown and TITLE not in shown and "Slow is smooth" in shown  # escaped (S332)
        document = screen.query_one(RetroDocument)
        assert document.max_scroll_y > 0  # longer than the screen
        await pilot.press("end")
        await pilot.pause()
        assert document.scroll_y == document.max_scroll_y  # the whole retrospective can be read
        await pilot.press("home")
        await pilot.pause()
        assert document.scroll_y == 0
        path = screen.query_one("#retro-path", Input)
        assert path.value == f"~/{slug(TITLE)}-{goal.short_id}-retrospective.html"
        assert path.value.startswith("~/speak-bold-up-click-app-quit-x-")
        target = tmp_path / "out" / "retro.html"
        target.parent.mkdir()
        path.value = str(target)
        path.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        html = target.read_text(encoding="utf-8")
        assert 'http-equiv="Content-Security-Policy"' in html
        assert "Speak [/bold] up" in html
        assert [n.message for n in app._notifications][-1] == f"Wrote {target}"


@pytest.mark.catalogue("G57")
async def test_export_refuses_a_symlink(seeded, app_for, tmp_path):
    goal = _goal(seeded)
    real = tmp_path / "real.html"
    real.write_text("keep me")
    link = tmp_path / "link.html"
    link.symlink_to(real)
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_closure(goal=goal.id)
        await pilot.pause()
        await pilot.press("ctrl+s")  # straight to the outcome
        await pilot.press("ctrl+s")  # save (no answers: just close)
        await pilot.pause()
        assert seeded.goals.get(goal.id).status == GoalStatus.ACHIEVED
        screen = await retro_drawn(pilot)
        field = screen.query_one("#retro-path", Input)
        field.value = str(link)
        screen.action_export()
        await pilot.pause()
        assert real.read_text() == "keep me"
        assert "symbolic link" in [n.message for n in app._notifications][-1]


async def test_escape_mid_flow_asks_before_discarding(seeded, app_for):
    goal = _goal(seeded)
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_closure(goal=goal.id)
        await pilot.pause()
        await pilot.press(*"half a thought")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal) and app.screen.id == "closure-leave-confirm"
        await pilot.press("c")  # cancel: still there, text intact
        await pilot.pause()
        assert isinstance(app.screen, ClosureScreen)
        assert app.screen.query_one("#closure-answer", TextArea).text == "half a thought"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("k")  # keep as drafts
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert [d.body for d in seeded.drafts.list()] == ["half a thought"]
        assert seeded.goals.get(goal.id).status == GoalStatus.ACTIVE
        assert seeded.entries.list(seeded.entries.filter(kind="closure")) == []

        app.open_closure(goal=goal.id)
        await pilot.pause()
        assert app.screen.query_one("#closure-answer", TextArea).text == "half a thought"  # taken up (S178)
        await pilot.press(*", again")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("d", "y")  # discard: the conversation's answers, the one taken up included
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert seeded.drafts.list() == []


async def test_end_a_mentorship(seeded, app_for):
    mentorship = seeded.mentorships.add("Ada [/] Lovelace", focus="talks")
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_end_mentorship()
        await pilot.pause()
        assert isinstance(app.screen, PickModal)
        app.screen.query_one(OptionList).highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        # a mentorship walks its own closure set; the thanks to the mentor is its eighth question
        assert [p.id for p in app.screen.prompts][7] == "mentorship-closure-thanks"
        await pilot.press(*["ctrl+n"] * 7)
        await pilot.press(*"Thank you")
        await pilot.press("ctrl+s", "ctrl+s")  # to the outcome, then save (no open goals to decide about)
        await _settle(pilot)
        assert seeded.mentorships.get(mentorship.id).status.value == "closed"
        [entry] = seeded.entries.list(seeded.entries.filter(kind="closure"))
        assert entry.mentorship == mentorship.id and entry.lens == Lens.INSIGHT
        # the name is escaped in the Markdown (K82), so the widget shows it as typed
        screen = await retro_drawn(pilot)
        assert "Ada \\[/\\] Lovelace" in screen.journal.closure.render(screen.retro, "markdown")


# ------------------------------------------------------------------- due
async def test_due_lists_foresight_and_answering_it_clears_it(seeded, app_for):
    foresight = _with_foresight(seeded)
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()  # home's side panels are read in the background
        panel = app.screen.query_one("#due-panel", DuePanel)
        assert panel.display and [i.ref for i in panel.items] == [foresight.id]
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, DueScreen)
        [item] = app.screen.query_one(DuePanel).items
        assert item.kind == "foresight" and item.days == 1
        await pilot.press("enter")
        await pilot.pause()
        compose = app.screen
        assert isinstance(compose, ComposeScreen)
        quote = _text(compose.query_one("#answers-quote", Static))
        assert "Talk [/bold] forecast" in quote and "run over time" in quote
        assert compose.query_one("#title", Input).value == "What happened: Talk [/bold] forecast"
        await pilot.press(*"It ran two minutes over.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        answer = seeded.entries.list(limit=1)[0]
        assert answer.answers == foresight.id and answer.lens == Lens.HINDSIGHT
        assert answer.title == "What happened: Talk [/bold] forecast"
        assert isinstance(app.screen, DueScreen)
        assert app.screen.query_one(DuePanel).items == []
        assert [d for d in seeded.reflection.due() if d.kind == "foresight"] == []
        home = next(s for s in app.screen_stack if isinstance(s, HomeScreen))
        await app.workers.wait_for_complete()
        assert not home.query_one("#due-panel", DuePanel).display


# ------------------------------------------------------------------- heatmap
async def test_heatmap_streaks_and_on_this_day(seeded, app_for):
    old = seeded.entries.write(EntryInput(body="A month ago [/bold] today.", lens="insight", title="Back then",
                                  when="2026-10-23 12:00"))
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HeatmapScreen)
        streaks = _text(screen.query_one("#heatmap-streaks", Static))
        assert "Current streak: 3 days" in streaks and "Longest streak: 3 days" in streaks
        listing = screen.query_one("#on-this-day", OptionList)
        assert listing.option_count == 1 and listing.get_option_at_index(0).id == old.id
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen) and app.screen.entry_id == old.id


def test_heatmap_reads_without_colour(seeded):
    days = seeded.reflection.lens_days()
    text = heatmap_text(days, seeded.today())
    lines = text.plain.splitlines()
    assert lines[1].startswith("Mon ") and lines[7].startswith("Sun ")
    assert all(len(line) == 4 + 53 for line in lines[1:8] if not line.startswith("Mon"))
    mon = lines[1]
    assert mon[-1] == "◆"  # today (Mon 23 Nov): one insight entry (the foresight is dated today, tie → order)
    sat, sun = lines[6], lines[7]
    assert sat[-2] == "◀" and sun[-2] in "◀◆"  # 21 Nov hindsight; 22 Nov hindsight + insight
    assert "·" in mon and "Nov" in lines[0] and "Dec" in lines[0]


# ------------------------------------------------------------------- snapshots
def test_snapshot_closure_prompt(snap_compare, seeded, app_for):
    goal = _goal(seeded)

    async def run_before(pilot):
        pilot.app.open_closure(goal=goal.id)
        await _settle(pilot)
        await pilot.press(*MARKUP_ANSWER)
        await _settle(pilot)

    assert snap_compare(app_for(seeded), terminal_size=SIZE, run_before=run_before)


def test_snapshot_retrospective_preview(snap_compare, seeded, app_for):
    goal = _goal(seeded)

    async def run_before(pilot):
        pilot.app.open_closure(goal=goal.id)
        await _settle(pilot)
        await pilot.press(*MARKUP_ANSWER, "ctrl+n", "ctrl+n")
        await pilot.press(*"Slow is smooth", "ctrl+s")
        await _settle(pilot)
        await pilot.press("ctrl+s")  # saved: the review of the retrospective takes the closure's place
        for _ in range(50):
            await _settle(pilot)
            if getattr(pilot.app.screen, "retro", None) is not None:
                break
        pilot.app.clear_notifications()
        await _settle(pilot)

    assert snap_compare(app_for(seeded), terminal_size=SIZE, run_before=run_before)


def test_snapshot_home_with_due_panel(snap_compare, seeded, app_for):
    _with_foresight(seeded)
    assert snap_compare(app_for(seeded), terminal_size=SIZE, run_before=_settle)


def test_snapshot_due_screen(snap_compare, seeded, app_for):
    _with_foresight(seeded)

    async def run_before(pilot):
        await pilot.press("u")
        await _settle(pilot)

    assert snap_compare(app_for(seeded), terminal_size=SIZE, run_before=run_before)


def test_snapshot_heatmap(snap_compare, seeded, app_for):
    seeded.entries.write(EntryInput(body="A month ago.", lens="insight", title="Back [/bold] then",
                                    when="2026-10-23 12:00"))
    for day, lens in [("2026-06-01", "foresight"), ("2026-06-01", "foresight"), ("2026-06-01", "foresight"),
                      ("2026-03-10", "hindsight"), ("2026-01-05", "insight"), ("2026-01-05", "insight")]:
        seeded.entries.write(EntryInput(body="x", lens=lens, when=f"{day} 09:00"))

    async def run_before(pilot):
        await pilot.press("y")
        await _settle(pilot)

    assert snap_compare(app_for(seeded), terminal_size=SIZE, run_before=run_before)


@pytest.mark.catalogue("S463")
async def test_the_due_panel_uses_the_room_of_a_wide_screen(journal, app_for, clock):
    for n in range(9):
        journal.entries.write(EntryInput(body=f"Try the weekly handoff list number {n}", lens="foresight",
                                         title=f"Try the weekly handoff list {n}", revisit="today"))
    app = app_for(journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        panel = app.screen.query_one("#due-panel", DuePanel)
        assert len(panel.items) >= 5 and panel.outer_size.height == 16
    async with app_for(journal).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert pilot.app.screen.query_one("#due-panel", DuePanel).outer_size.height <= 9


@pytest.mark.catalogue("S466")
async def test_a_mentorships_outcome_page_names_the_mentorship(journal, app_for):
    m = journal.mentorships.add("Dana Reyes")
    app = app_for(journal)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = ClosureScreen(journal, app.keeper, mentorship=m.id)
        screen.step = len(screen.prompts)
        app.push_screen(screen)
        await pilot.pause()
        await pilot.pause()
        title = str(screen.query_one("#closure-outcome-title", Static).render())
        assert title == "Outcome of the mentorship with Dana Reyes"
