"""Catalogue S164: the mentee's cycle on the command line, as a review found it (stop 30): a
closed mentorship lost the goals its closing decided about, a goal could join an ended
mentorship, and a learning style in the person's own words was lowercased. S180 and S189 (stop
31): a planned meeting once held, and `show` naming an entry's mentorship."""

from __future__ import annotations

import json

import pytest

from tests.cli.expect import fails, ok

pytestmark = pytest.mark.catalogue("S164")


def test_a_closed_mentorship_keeps_the_goals_its_closing_decided_about(run, tmp_path):
    ok(run("mentorship", "add", "Kim", "--focus", "Writing"))
    ok(run("mentorship", "add", "Pat"))
    ok(run("goal", "add", "Write weekly", "--mentorship", "Kim", "--by", "2027-01-31"))
    ok(run("goal", "milestone", "Write", "Ten posts", "--due", "2026-12-20"))
    ok(run("goal", "add", "Delegate", "--mentorship", "Kim"))
    ok(run("mentorship", "close", "Kim", "--goal", "Write=keep", "--goal", "Delegate=move:Pat"))
    shown = ok(run("mentorship", "show", "Kim")).stdout
    assert "Write weekly: at the closing, carried on alone" in shown
    assert "Delegate: at the closing, moved to the mentorship with Pat" in shown and "none yet" not in shown
    closing = json.loads(ok(run("mentorship", "show", "Kim", "--format", "json")).stdout)["closing"]
    assert sorted(g["title"] for g in closing) == ["Delegate", "Write weekly"]
    assert "Ten posts" in ok(run("workplan", "Kim")).stdout
    document = tmp_path / "agreement.md"
    ok(run("agreement", "export", "Kim", "-o", document))
    text = document.read_text(encoding="utf-8")
    assert "Write weekly" in text and "Delegate" in text and "No goals belong" not in text


def test_a_goal_never_joins_an_ended_mentorship(run):
    ok(run("mentorship", "add", "Kim"))
    ok(run("mentorship", "close", "Kim"))
    fails(run("goal", "add", "Speak up", "--mentorship", "Kim"), 2, "has ended", "journal mentorship list")
    ok(run("goal", "add", "Speak up"))
    fails(run("goal", "edit", "Speak", "--mentorship", "Kim"), 2, "has ended")
    assert run.json("goal", "show", "speak")["mentorship"] is None
    # a goal achieved as its mentorship closed stays in it, and its form can save it as it is
    ok(run("mentorship", "add", "Lee"))
    ok(run("goal", "add", "Listen", "--mentorship", "Lee"))
    ok(run("mentorship", "close", "Lee", "--goal", "Listen=achieved"))
    ok(run("goal", "edit", "Listen", "--mentorship", "Lee", "--specific", "Ask one question per meeting"))
    assert run.json("goal", "show", "listen")["mentorship"] is not None


def test_a_learning_style_in_ones_own_words_is_kept_as_typed(run):
    ok(run("profile", "set", "--style", "PRACTICAL", "--style", "Pairing with a Senior on GitHub PRs"))
    profile = json.loads(ok(run("profile", "--format", "json")).stdout)
    assert profile["styles"] == ["practical", "Pairing with a Senior on GitHub PRs"]
    assert "Pairing with a Senior on GitHub PRs (my own)" in ok(run("profile")).stdout


@pytest.mark.catalogue("S180")
def test_a_planned_meeting_once_held_is_no_longer_due_and_a_closing_ends_the_plan(run):
    """S180 (stop 31): a meeting planned for today stayed "due" after the meeting entry was
    written (overdue from the next day on); a closed mentorship still showed its next meeting."""
    ok(run("mentorship", "add", "Lee", "--since", "2026-11-01"))
    ok(run("mentorship", "meeting", "Lee", "--next", "today"))
    assert "Meeting was planned: Lee" in ok(run("due")).stdout
    ok(run("add", "--kind", "check-in", "--mentorship", "Lee", "A check-in is no meeting"))
    assert "Meeting was planned: Lee" in ok(run("due")).stdout
    ok(run("add", "--kind", "meeting", "--mentorship", "Lee", "We met"))
    assert "Meeting was planned" not in ok(run("due")).stdout
    ok(run("mentorship", "meeting", "Lee", "--next", "in 3 days"))
    ok(run("mentorship", "close", "Lee"))
    shown = ok(run("mentorship", "show", "Lee")).stdout
    assert "Next meeting: —" in shown and "Closed" in shown


@pytest.mark.catalogue("S189")
def test_show_names_the_mentorship_of_an_entry(run):
    """S189 (stop 31): `journal show` never said an entry's mentorship; the TUI's entry view did."""
    ok(run("mentorship", "add", "Lee Chen"))
    ok(run("add", "--kind", "meeting", "--mentorship", "Lee", "We met"))
    shown = ok(run("show", run.json("list")[0]["id"])).stdout
    assert "Mentor:   Lee Chen" in shown
