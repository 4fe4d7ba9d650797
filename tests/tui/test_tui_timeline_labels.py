"""Issue 16 item 6, the timeline's part: periods read as dates, all-day entries have no
`--:--`, the goal's target date is on its timeline, goal edits name fields and mentors in
words (never a column name or an id), in the TUI, in `journal timeline`, and in the service
both build on."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from textual.widgets import OptionList, Static

from journal.clock import FixedClock
from journal.domain.timeline import period_words
from journal.services import EntryInput
from journal.tui.screens.goal_detail import GoalScreen
from journal.tui.screens.timeline import TimelineScreen
from journal.tui.widgets.timeline_view import TimelineView
from tests.conftest import NOW

SIZE = (120, 40)


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def rows(view: OptionList) -> list[str]:
    return [str(view.get_option_at_index(i).prompt) for i in range(view.option_count)]


@pytest.fixture
def speaking(journal):
    """A goal with a target date and a mentor, a timed and an all-day entry (today: Mon 23 Nov 2026)."""
    ada = journal.mentorships.add("Ada Lovelace", since="2026-09-01")
    goal = journal.goals.add("Public speaking")
    journal.goals.edit(goal.id, by="2026-12-16", mentorship=ada.id, review_every=14)
    journal.entries.write(EntryInput(body="Timed", title="Gave the demo", lens="hindsight", goals=[goal.id],
                                     when="2026-11-21 16:00"))
    journal.entries.write(EntryInput(body="All day", title="Thought it over", lens="insight", goals=[goal.id],
                                     when="2026-11-21"))
    return journal.goals.get(goal.id)


# ------------------------------------------------------------------ the words
@pytest.mark.parametrize(("start", "by", "words"), [
    ("2026-11-23", "day", "Mon 23 Nov 2026"),
    ("2026-11-23", "week", "23–29 Nov 2026"),
    ("2026-11-30", "week", "30 Nov–6 Dec 2026"),
    ("2026-12-28", "week", "28 Dec 2026–3 Jan 2027"),
    ("2026-11-01", "month", "Nov 2026"),
])
def test_periods_read_as_a_person_writes_them(start, by, words):
    assert period_words(date.fromisoformat(start), by) == words


def test_period_words_refuses_an_unknown_zoom():
    with pytest.raises(ValueError):
        period_words(date(2026, 11, 23), "year")


# ------------------------------------------------------------------ the service
def test_the_goal_timeline_has_its_target_date_said_from_today(speaking, journal):
    _, events = journal.timeline.build(speaking.id)
    (target,) = [e for e in events if e.kind == "goal-target"]
    assert (target.day, target.title, target.detail, target.time) == (
        date(2026, 12, 16), "Public speaking", "in 23 days", None)
    assert events[-1] is target  # the last thing on this timeline


@pytest.mark.parametrize(("later", "status", "detail"), [
    (0, None, "today"),
    (1, None, "passed 1 day ago"),
    (5, None, "passed 5 days ago"),
    (5, "achieved", "goal achieved 2026-11-28, 5 days late"),  # after its day: said (S488)
    (0, "achieved", "goal achieved 2026-11-23"),
])
def test_target_date_detail(journal, later, status, detail):
    goal = journal.goals.add("G", by="2026-11-23")  # a target date is set ahead (or today)
    journal.clock = FixedClock(NOW + timedelta(days=later), zone="Europe/Berlin")
    if status:
        journal.goals.set_status(goal.id, status)
    _, events = journal.timeline.build(goal.id)
    assert [e.detail for e in events if e.kind == "goal-target"] == [detail]


def test_targets_on_the_whole_journal_but_not_on_a_tag_timeline(speaking, journal):
    _, whole = journal.timeline.build()
    assert [e.title for e in whole if e.kind == "goal-target"] == ["Public speaking"]
    _, tagged = journal.timeline.build(tag="work")
    assert not [e for e in tagged if e.kind == "goal-target"]


def test_goal_edits_name_fields_and_mentors_in_words(speaking, journal):
    _, events = journal.timeline.build(speaking.id)
    edits = [e.detail for e in events if e.kind == "goal-edit"]
    assert "target date: — → 2026-12-16" in edits
    assert "mentor: — → Ada Lovelace" in edits
    assert "review: — → every 14 days" in edits
    text = " ".join(edits)
    assert "time_bound" not in text and "mentorship_id" not in text and speaking.mentorship not in text


# ------------------------------------------------------------------ the TUI
async def test_tui_timeline_reads_as_dates(speaking, journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(TimelineScreen(app.journal, goal=speaking.id))
        await settle(pilot)
        view = app.screen.query_one(TimelineView)
        shown = rows(view)
        text = "\n".join(shown)
        assert "Sat 21 Nov 2026" in text and "Mon 23 Nov 2026" in text
        assert "--:--" not in text
        timed = next(r for r in shown if "Gave the demo" in r)
        all_day = next(r for r in shown if "Thought it over" in r)
        assert "16:00 ◀ Gave the demo" in timed
        assert timed.index("Gave the demo") == all_day.index("Thought it over")  # aligned
        target = next(r for r in shown if "◎" in r)
        assert target.startswith("Wed 16 Dec 2026") and "target date: Public speaking  in 23 days" in target
        assert "target date: — → 2026-12-16" in text and "mentor: — → Ada Lovelace" in text
        assert "time_bound" not in text and "mentorship_id" not in text

        await pilot.press("2")
        await settle(pilot)
        text = "\n".join(rows(view))
        assert "16–22 Nov 2026" in text and "14–20 Dec 2026" in text and "-W" not in text
        assert "16 Dec" in text and "target date: Public speaking" in text
        # the gutter widens to the longest week label: every bar starts in one column
        bars = {r.index("│") for r in rows(view) if "│" in r}
        assert len(bars) == 1

        await pilot.press("3")
        await settle(pilot)
        text = "\n".join(rows(view))
        assert "Nov 2026" in text and "Dec 2026" in text and "2026-11" not in text


async def test_week_labels_across_a_year_fit_their_gutter(journal, app_for):
    goal = journal.goals.add("Year end")
    for day in ("2025-12-24", "2026-01-02"):
        journal.entries.write(EntryInput(body=day, goals=[goal.id], when=day))
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(TimelineScreen(app.journal, goal=goal.id))
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        shown = rows(app.screen.query_one(TimelineView))
        row = next(r for r in shown if r.startswith("29 Dec 2025–4 Jan 2026"))
        assert row.index("│") == len("29 Dec 2025–4 Jan 2026") + 1  # one space, then the bar
        assert len({r.index("│") for r in shown}) == 1


async def test_goal_screen_history_and_dates_in_words(speaking, journal, app_for):
    journal.goals.add_milestone(speaking.id, "Outline", "2026-12-01")
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(GoalScreen(app.journal, speaking.id))
        await settle(pilot)
        history = str(app.screen.query_one("#goal-history", Static).render())
        assert "Target date: — → 16 Dec 2026" in history
        assert "Mentor: — → Ada Lovelace" in history and "Review: — → every 14 days" in history
        assert speaking.mentorship not in history and "mentorship_id" not in history
        assert "23 Nov 2026 09:30" in history
        milestones = rows(app.screen.query_one("#goal-milestones", OptionList))
        assert "Outline\n  due 01 Dec 2026 (in 8 days)" in milestones[0]  # its own line: never cut off (S238)
        entries = rows(app.screen.query_one("#goal-entries", OptionList))
        assert entries[0] == "◀ Gave the demo  ⚑ Public speaking\n  Sat 21 Nov 2026 16:00"  # the day under the title


# ------------------------------------------------------------------ the CLI
def test_cli_timeline_has_the_target_and_weeks_as_dates(run, journal):
    goal = journal.goals.add("Public speaking", by="2026-12-16")
    journal.entries.write(EntryInput(body="All day", title="Thought it over", lens="insight", goals=[goal.id],
                                     when="2026-11-21"))
    day = run("timeline", "Public")
    assert day.exit_code == 0, day.output
    assert "Wed 2026-12-16        ◎ target    Public speaking  in 23 days" in day.stdout
    assert "Sat 2026-11-21        ◆ insight   Thought it over" in day.stdout  # all day: no time, aligned
    assert "--:--" not in day.stdout
    week = run("timeline", "Public", "--by", "week")
    lines = week.stdout.splitlines()
    assert lines[3].startswith("16–22 Nov 2026     ◀  0 ◆  1 ▶  0")
    assert lines[-1].startswith("14–20 Dec 2026") and "◎ Public speaking: target date" in lines[-1]
    assert "-W" not in week.stdout
    month = run("timeline", "Public", "--by", "month")
    assert [ln[:8] for ln in month.stdout.splitlines()[3:]] == ["Nov 2026", "Dec 2026"]
    data = run.json("timeline", "Public", "--by", "week")
    assert data["buckets"][0]["label"] == "2026-W47"  # the JSON keeps its stable machine label
    assert any(e["kind"] == "goal-target" and e["day"] == "2026-12-16" for e in data["events"])


@pytest.mark.catalogue("S464")
def test_a_change_of_mentor_is_no_statement_edit():
    from journal.domain.timeline import TimelineEvent
    from journal.tui.widgets.timeline_view import event_row

    row = event_row(TimelineEvent(day=date(2026, 10, 30), kind="goal-edit", title="Delegating work",
                                  detail="mentor: Dana Reyes → —")).plain
    assert "goal changed: Delegating work" in row and "statement" not in row
