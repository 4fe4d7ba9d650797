"""Retrospective facts a mentor would check, found from the outside at stop 36 (catalogue S306-)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from journal.io.retrospective import render_json, render_markdown
from journal.services import EntryInput


@pytest.mark.catalogue("S306")
def test_an_open_milestone_due_later_does_not_stretch_the_chart(journal, clock):
    """A milestone due after the last entry (still open, or left undone when the goal closed) was
    drawn on the weekly chart: empty weeks to its day, beside a span of two weeks (S272's sibling)."""
    today = clock.now().date()
    goal = journal.goals.add("Public speaking", by=(today + timedelta(days=120)).isoformat())
    journal.entries.write(EntryInput("a first talk", goals=[goal.id], when=(today - timedelta(days=10)).isoformat()))
    journal.goals.add_milestone(goal.id, "Conference talk", (today + timedelta(days=60)).isoformat())
    retro = journal.closure.retrospective(goal.id)
    assert len(retro.hindsight.weeks) <= 2
    assert all(w.start <= today for w in retro.hindsight.weeks)


@pytest.mark.catalogue("S307")
def test_a_goal_paused_then_resumed_is_not_summed_up_as_paused(journal, clock):
    """The summary's turning points listed "paused" and dropped the resume (every change to active
    was left out, the creation's included): a goal active again read as paused."""
    goal = journal.goals.add("Public speaking")
    journal.entries.write(EntryInput("a first talk", goals=[goal.id]))
    journal.goals.set_status(goal.id, "paused")
    clock.set(clock.now() + timedelta(days=3))
    journal.goals.set_status(goal.id, "active")
    retro = journal.closure.retrospective(goal.id)
    said = [p.text for p in retro.summary.turning_points if p.kind == "status"]
    assert said == ["Public speaking: paused", "Public speaking: active again"]


@pytest.mark.catalogue("S308")
def test_a_milestone_done_late_is_done_not_missed_in_json(journal, clock):
    """JSON listed a milestone done two days late under `milestones_missed` while Markdown and HTML
    said "done late"."""
    today = clock.now().date()
    goal = journal.goals.add("Public speaking")
    journal.entries.write(EntryInput("a first talk", goals=[goal.id], when=(today - timedelta(days=9)).isoformat()))
    late = journal.goals.add_milestone(goal.id, "Dry run", (today - timedelta(days=8)).isoformat())
    journal.goals.milestone_done(goal.id, late.id, (today - timedelta(days=6)).isoformat())
    journal.goals.add_milestone(goal.id, "Outline", (today - timedelta(days=5)).isoformat())  # missed
    retro = journal.closure.retrospective(goal.id)
    data = json.loads(render_json(retro))["hindsight"]
    assert [(m["title"], m["state"]) for m in data["milestones_hit"]] == [("Dry run", "late")]
    assert [(m["title"], m["state"]) for m in data["milestones_missed"]] == [("Outline", "missed")]
    assert "Dry run" in render_markdown(retro)


@pytest.mark.catalogue("S309")
def test_with_private_entries_included_every_mention_is_marked(journal):
    """`retro --include-private` marked a private entry's quote, but the summary's turning points and
    the timeline named it unmarked (Markdown, HTML, the TUI's timeline lines)."""
    from journal.io.retrospective import render_html
    from journal.tui.screens.retrospective import moment_line

    goal = journal.goals.add("Public speaking")
    journal.entries.write(EntryInput("What I fear most", title="Secret worry", goals=[goal.id], starred=True,
                                     private=True))
    journal.entries.write(EntryInput("a talk given", goals=[goal.id]))
    retro = journal.closure.retrospective(goal.id, include_private=True)
    markdown = render_markdown(retro)
    lines = [line for line in markdown.splitlines() if "Secret worry" in line]
    assert len(lines) >= 3 and all("private" in line for line in lines), lines
    page = render_html(retro)
    html_lines = [line for line in page.splitlines() if "Secret worry" in line]
    assert html_lines and all("private" in line for line in html_lines), html_lines
    from journal.domain.retro_walk import _moment

    [event] = [e for e in retro.hindsight.events if e.title == "Secret worry"]
    assert "private" in moment_line(_moment(event)).plain
