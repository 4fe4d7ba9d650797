"""Timelines and retrospectives, reviewed (stop 41): a goal moved from one mentorship to another
belongs to each only while it was there (a milestone done after it left is no miss of the old
one; its history from before it arrived is no part of the new one), goal events of one minute
in the order written, and a chart whose labels stay readable."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from journal.domain.model import EntryInput
from journal.io.retro_chart import chart_svg
from journal.io.retrospective import render_html, render_json, render_markdown

BERLIN = ZoneInfo("Europe/Berlin")


def on(clock, day: str, seconds: int = 0) -> None:
    clock.set(datetime.fromisoformat(f"{day}T10:00:00").replace(tzinfo=BERLIN) + timedelta(seconds=seconds))


@pytest.fixture
def moved(journal, clock):
    """The reviewer's journal: Writing with Dana from the start, paused and resumed there, moved to
    Sam (who began later) when Dana's mentorship closed; its milestone Publish done with Sam.
    Reading is Sam's from the start, achieved and reopened in one week."""
    on(clock, "2026-01-05")
    journal.mentorships.add("Dana", since="2026-01-05")
    journal.goals.add("Writing", by="2026-09-30", mentorship="Dana")
    on(clock, "2026-01-06")
    journal.goals.add_milestone("Writing", "Publish", due="2026-08-01")
    journal.goals.add_milestone("Writing", "First draft", due="2026-03-01")
    journal.entries.write(EntryInput(body="Started writing", goals=["Writing"]))
    on(clock, "2026-02-20")
    journal.goals.set_status("Writing", "paused")
    on(clock, "2026-03-01")
    journal.mentorships.add("Sam Lee", since="2026-03-01")
    on(clock, "2026-03-10")
    journal.goals.set_status("Writing", "active")
    on(clock, "2026-05-15")
    journal.mentorships.close("Dana", on="2026-05-15", goals={"Writing": "move:Sam"})
    on(clock, "2026-06-05")
    journal.goals.add("Reading", by="2026-10-31", mentorship="Sam")
    on(clock, "2026-06-06")
    journal.entries.write(EntryInput(body="Read book one", goals=["Reading"]))
    on(clock, "2026-06-10")
    journal.goals.close("Reading", "achieved")
    on(clock, "2026-06-12")
    journal.goals.set_status("Reading", "active")
    on(clock, "2026-07-20")
    journal.goals.milestone_done("Writing", "Publish")
    journal.entries.write(EntryInput(body="Published post one", goals=["Writing"]))
    on(clock, "2026-08-15")
    return journal


# ------------------------------------------------------------------ 1. done after it left: not missed
@pytest.mark.catalogue("S431")
def test_a_milestone_done_after_the_goal_moved_away_is_not_done_there_nor_missed(moved):
    retro = moved.closure.retrospective(mentorship="Dana")
    (writing,) = retro.goals
    states = {m.title: (m.state, m.done_on) for m in writing.milestones}
    assert states == {"Publish": ("dropped", None),  # due after it left: not Dana's to miss
                      "First draft": ("missed", None)}  # its day passed while it was with Dana
    assert [m.title for m in retro.hindsight.milestones_missed] == ["First draft"]
    markdown = render_markdown(retro)
    assert "✗ Publish" not in markdown
    assert "- – Publish — not done (moved to the mentorship with Sam Lee; due 2026-08-01)" in markdown
    assert "- ✗ First draft — missed (due 2026-03-01)" in markdown
    assert "not done (moved to the mentorship with Sam Lee; due <span" in render_html(retro)
    data = json.loads(render_json(retro))
    publish = next(m for m in data["goals"][0]["milestones"] if m["title"] == "Publish")
    assert (publish["state"], publish["done_on"]) == ("dropped", None)
    assert publish["why"] == "moved to the mentorship with Sam Lee"


@pytest.mark.catalogue("S431")
def test_a_goal_carried_on_alone_says_so_of_its_milestone_left_undone(journal, clock):
    on(clock, "2026-01-05")
    journal.mentorships.add("Dana", since="2026-01-05")
    journal.goals.add("Writing", mentorship="Dana")
    journal.goals.add_milestone("Writing", "Publish", due="2026-08-01")
    on(clock, "2026-05-15")
    journal.mentorships.close("Dana", goals={"Writing": "keep"})
    on(clock, "2026-07-20")
    journal.goals.milestone_done("Writing", "Publish")
    on(clock, "2026-08-15")
    retro = journal.closure.retrospective(mentorship="Dana")
    assert "- – Publish — not done (carried on alone; due 2026-08-01)" in render_markdown(retro)


# ------------------------------------------------------------------ 2. before it arrived: not the new one's
@pytest.mark.catalogue("S432")
def test_a_moved_goal_is_on_its_new_mentorships_timeline_from_its_arrival_only(moved):
    _, events = moved.timeline.build(mentorship="Sam")
    writing = moved.goals.get("Writing").id
    said = [(e.day.isoformat(), e.kind, e.detail) for e in events if e.goal_id == writing]
    assert said == [
        ("2026-05-15", "goal-edit", "mentor: Dana → Sam Lee"),
        ("2026-05-15", "goal-decision", ""),
        ("2026-07-20", "milestone-done", "done (due 2026-08-01)"),
        ("2026-07-20", "entry", ""),
        ("2026-09-30", "goal-target", "in 46 days"),
    ]
    assert events[0].title == "Mentorship with Sam Lee began" and events[0].day == date(2026, 3, 1)
    # a goal made in the mentorship keeps all of its story
    reading = moved.goals.get("Reading").id
    assert [e.kind for e in events if e.goal_id == reading][:3] == ["goal-created", "entry", "goal-status"]
    # the goal's own timeline and the mentorship it left keep the earlier history
    _, own = moved.timeline.build("Writing")
    assert ("2026-02-20", "status active → paused") in [(e.day.isoformat(), e.detail) for e in own]
    _, dana = moved.timeline.build(mentorship="Dana")
    assert "status active → paused" in [e.detail for e in dana if e.goal_id == writing]


@pytest.mark.catalogue("S432")
def test_a_moved_goals_earlier_history_is_no_part_of_its_new_mentorships_retrospective(moved):
    retro = moved.closure.retrospective(mentorship="Sam")
    assert [(c.day.isoformat(), c.goal_title, c.new) for c in retro.hindsight.status_changes] == [
        ("2026-06-10", "Reading", "achieved"), ("2026-06-12", "Reading", "active")]
    writing = next(g for g in retro.goals if g.title == "Writing")
    assert [(m.title, m.state) for m in writing.milestones] == [("Publish", "hit")]  # First draft: Dana's miss
    assert retro.hindsight.milestones_missed == []
    assert min(e.day for e in retro.hindsight.events) >= date(2026, 3, 1)
    assert retro.hindsight.weeks[0].start >= date(2026, 2, 23)  # the chart starts in Sam's time
    markdown = render_markdown(retro)
    for earlier in ("Writing — goal created", "2026-02-20", "2026-03-10", "First draft"):
        assert earlier not in markdown, earlier


@pytest.mark.catalogue("S432")
def test_a_goal_that_came_back_keeps_both_stretches_and_nothing_between(journal, clock):
    on(clock, "2026-01-05")
    journal.mentorships.add("Dana", since="2026-01-05")
    journal.mentorships.add("Sam", since="2026-01-05")
    journal.goals.add("Writing", mentorship="Dana")
    on(clock, "2026-02-01")
    journal.goals.edit("Writing", mentorship="Sam")
    on(clock, "2026-03-01")
    journal.goals.set_status("Writing", "paused")  # with Sam
    on(clock, "2026-04-01")
    journal.goals.edit("Writing", mentorship="Dana")
    on(clock, "2026-05-01")
    journal.goals.set_status("Writing", "active")  # with Dana again
    on(clock, "2026-06-01")
    _, events = journal.timeline.build(mentorship="Dana")
    writing = journal.goals.get("Writing").id
    assert [(e.day.isoformat(), e.detail) for e in events if e.goal_id == writing and e.kind.startswith("goal")] == [
        ("2026-01-05", "goal created"), ("2026-02-01", "mentor: Dana → Sam"),
        ("2026-04-01", "mentor: Sam → Dana"), ("2026-05-01", "status paused → active")]


# ------------------------------------------------------------------ 3. one minute, in the order written
@pytest.mark.catalogue("S433")
@pytest.mark.parametrize("step", [0, 7])
def test_goal_events_of_one_minute_are_in_the_order_written(journal, clock, step):
    on(clock, "2026-06-10", 1)
    journal.goals.add("Talk")
    on(clock, "2026-06-10", 1 + step)
    journal.goals.close("Talk", "achieved", note="gave it")
    on(clock, "2026-06-10", 1 + 2 * step)
    journal.goals.set_status("Talk", "active")
    _, events = journal.timeline.build("Talk")
    assert [e.detail for e in events if e.kind.startswith("goal-") and e.kind != "goal-target"] == [
        "goal created", "status active → achieved", "status achieved → active", "closing note: gave it → —"]


@pytest.mark.catalogue("S433")
def test_goal_events_of_one_minute_follow_their_seconds_across_goals(journal, clock):
    on(clock, "2026-06-10", 40)
    journal.goals.add("Later")
    on(clock, "2026-06-10", 5)
    journal.goals.add("Sooner")  # listed second (by title), made first
    _, events = journal.timeline.build()
    assert [e.title for e in events if e.kind == "goal-created"] == ["Sooner", "Later"]


# ------------------------------------------------------------------ 4. a readable chart
def texts(svg: str) -> list[tuple[float, float, float, str]]:
    """Every <text>: the least span it covers (from, to; at 6 px a character), its y and its words
    (a <title> inside left out)."""
    found = []
    for match in re.finditer(r'<text x="([\d.]+)" y="([\d.]+)"([^>]*)>(.*?)</text>', svg):
        words = re.sub(r"<title>.*?</title>", "", match.group(4))
        x, wide = float(match.group(1)), 6 * len(words)
        anchor = re.search(r'text-anchor="(\w+)"', match.group(3))
        shift = {"middle": wide / 2, "end": wide}.get(anchor.group(1) if anchor else "start", 0)
        found.append((x - shift, x - shift + wide, float(match.group(2)), words))
    return found


@pytest.mark.catalogue("S434")
def test_status_flags_of_one_week_are_one_label(moved):
    svg = chart_svg(moved.closure.retrospective(mentorship="Sam"))
    flags = [t[3] for t in texts(svg) if t[3].startswith("⚑")]
    assert flags == ["⚑ ×2"]
    assert "2026-06-10 Reading: active → achieved" in svg and "2026-06-12 Reading: achieved → active" in svg


@pytest.mark.catalogue("S434")
def test_labels_in_the_chart_never_overlap(journal, clock):
    """The first week's month ends the week after; flags in weeks next to each other."""
    on(clock, "2026-01-19")
    goal = journal.goals.add("Writing")
    for day, status in (("2026-02-02", "paused"), ("2026-02-09", "active"), ("2026-02-16", "paused"),
                        ("2026-02-18", "active")):
        on(clock, day)
        journal.goals.set_status(goal.id, status)
    on(clock, "2026-05-30")
    for week in range(19):
        journal.entries.write(EntryInput(body=f"week {week}", goals=[goal.id],
                                         when=(date(2026, 1, 19) + timedelta(weeks=week)).isoformat()))
    svg = chart_svg(journal.closure.retrospective(goal.id))
    found = texts(svg)
    for row in {y for _, _, y, _ in found}:
        labels = sorted((x0, x1, words) for x0, x1, y, words in found if y == row and len(words) > 1)
        for before, after in pairwise(labels):
            assert before[1] <= after[0], (before, after)
    months = [words for *_, words in found if words[:3] in ("Jan", "Feb", "Mar", "Apr", "May", "Jun")]
    assert months[0] == "Jan 2026" and "Mar" in months and "Feb" not in months  # too close to the first
    assert [words for *_, words in found if words.startswith("⚑")][-1] == "⚑ ×2"


# ------------------------------------------------------------------ 5. one count of weeks, said as what it counts
@pytest.mark.catalogue("S435")
def test_the_charts_weeks_say_what_they_count_beside_the_entries_weeks(journal, clock):
    on(clock, "2026-01-20")
    goal = journal.goals.add("Writing")
    for day in ("2026-01-06", "2026-01-13", "2026-01-20"):
        journal.entries.write(EntryInput(body=day, goals=[goal.id], when=day))
    on(clock, "2026-02-03")
    journal.goals.set_status(goal.id, "paused")  # two weeks after the last entry
    retro = journal.closure.retrospective(goal.id)
    assert retro.numbers.span_weeks == 3 and len(retro.hindsight.weeks) == 5
    assert "3 entries written over 3 weeks" in render_markdown(retro)
    footer = texts(chart_svg(retro))[-1][3]
    assert footer == "2026-W02 – 2026-W06 · 5 weeks charted, entries written over 3 weeks · tallest week 1"


@pytest.mark.catalogue("S435")
def test_the_chart_says_its_weeks_once_when_they_are_the_entries(moved):
    footer = texts(chart_svg(moved.closure.retrospective(mentorship="Sam")))[-1][3]
    assert footer == "2026-W23 – 2026-W30 · 8 weeks · tallest week 1"
