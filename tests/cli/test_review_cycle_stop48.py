"""The mentee's cycle from the command line, found by a review (stop 48): entries dated ahead keep no
rhythm (S563), passing-on's quotes of feedback (S564), an answered follow-up (S565), a shortlist's
unrated candidates in JSON (S566), deleting a decided shortlist (S567). Fixed today: Mon 2026-11-23."""

from __future__ import annotations

import json

import pytest

from tests.cli.expect import fails, ok


@pytest.mark.catalogue("S563")
def test_a_check_in_or_meeting_dated_ahead_keeps_no_rhythm_and_rates_nothing_yet(run):
    ok(run("mentorship", "add", "Quinn", "--since", "2026-11-01", "--check-in-every", "7"))
    assert "Check-in due: Quinn" in ok(run("due")).stdout
    ok(run("add", "--mentorship", "Quinn", "--kind", "check-in", "-l", "f", "-d", "in 5 days", "--rate", "process=1",
           "plan"))
    assert "Check-in due: Quinn" in ok(run("due")).stdout  # a plan for a check-in is no check-in kept
    assert "No rated check-ins yet" in ok(run("mentorship", "trends", "Quinn")).stdout
    assert "0 check-ins" in ok(run("passing-on")).stdout
    ok(run("mentorship", "meeting", "Quinn", "--next", "today"))
    ok(run("add", "--mentorship", "Quinn", "--kind", "meeting", "-l", "f", "-d", "in 3 days", "agenda"))
    assert "Meeting was planned: Quinn" in ok(run("due")).stdout


@pytest.mark.catalogue("S564")
def test_feedback_quoted_among_what_helped_keeps_its_fields(run):
    ok(run("mentorship", "add", "Ron", "--since", "2026-11-01"))
    ok(run("add", "Be concise", "--star", "--mentorship", "Ron", "--from", "Ron", "--asked", "Outline?",
           "--follow-up", "cut it"))
    data = json.loads(ok(run("passing-on", "--format", "json")).stdout)
    [helped] = [q for q in data["helped"]["quotes"] if q["kind"] == "feedback"]
    [valued] = data["feedback"]["quotes"]
    for key in ("from", "asked", "follow_up", "answered"):
        assert helped[key] == valued[key], key
    assert helped["from"] == "Ron"


@pytest.mark.catalogue("S565")
def test_editing_an_answered_feedback_entry_says_no_follow_up_is_due(run):
    ok(run("add", "fb", "--from", "Ron", "--follow-up", "try x", "--follow-up-on", "today"))
    [fb] = run.json("list")
    ok(run("add", "-l", "h", "--answers", fb["short_id"], "did it"))
    said = ok(run("edit", fb["short_id"], "--star")).stderr
    assert "Follow-up due" not in said
    assert "Follow-up" not in ok(run("due")).stdout


@pytest.mark.catalogue("S566")
def test_an_unrated_candidate_has_no_place_in_json_either(run):
    ok(run("shortlist", "new", "Pick"))
    ok(run("shortlist", "criterion", "add", "Pick", "Avail", "--weight", "3"))
    for name in ("Ann", "Bob", "Cy"):
        ok(run("shortlist", "candidate", "add", "Pick", name))
    ok(run("shortlist", "score", "Pick", "Ann", "Avail", "4"))
    ranking = json.loads(ok(run("shortlist", "show", "Pick", "--format", "json")).stdout)["ranking"]
    assert [(r["name"], r["place"], r["tied"]) for r in ranking] == [("Ann", 1, False), ("Bob", None, False),
                                                                       ("Cy", None, False)]


@pytest.mark.catalogue("S567")
def test_a_decided_shortlist_is_refused_before_the_question(run):
    ok(run("shortlist", "new", "Tech"))
    ok(run("shortlist", "candidate", "add", "Tech", "Dana"))
    ok(run("shortlist", "choose", "Tech", "Dana"))
    result = fails(run("shortlist", "delete", "Tech", input="y\n"), 2, "--anyway")
    assert "for good?" not in result  # refused first, never after the "y" it asked for
    assert "Tech" in ok(run("shortlist", "list")).stdout


@pytest.mark.catalogue("S568")
def test_closing_with_an_entry_dated_ahead_names_only_the_way_that_works(run):
    ok(run("mentorship", "add", "Quinn", "--since", "2026-11-01"))
    ok(run("add", "--mentorship", "Quinn", "-l", "f", "-d", "in 5 days", "plan"))
    line = fails(run("mentorship", "close", "Quinn"), 2, "file it elsewhere first", "--mentorship ''")
    assert "or later" not in line


@pytest.mark.catalogue("S569")
def test_the_work_plans_undated_milestones_say_where_they_stand_in_every_format(run, tmp_path):
    ok(run("mentorship", "add", "Ron", "--since", "2026-11-01"))
    ok(run("goal", "add", "G1", "--mentorship", "Ron"))
    ok(run("goal", "milestone", "G1", "Undated step"))
    assert "  G1 · Undated step\n" in ok(run("workplan", "Ron")).stdout + "\n"  # simply open: nothing more
    ok(run("mentorship", "close", "Ron", "--goal", "G1=keep"))
    assert "G1 · Undated step — not done (carried on alone)" in ok(run("workplan", "Ron")).stdout
    [undated] = json.loads(ok(run("workplan", "Ron", "--format", "json")).stdout)["undated"]
    assert undated["said"] == "not done (carried on alone)"
    for fmt in ("markdown", "html"):
        target = tmp_path / f"plan.{fmt}"
        ok(run("agreement", "export", "Ron", "--format", fmt, "-o", target))
        assert "not done (carried on alone)" in target.read_text(encoding="utf-8"), fmt
