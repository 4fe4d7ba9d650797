"""`journal mentorship close M --goal GOAL=DECISION …` and `journal mentorship trends M`
(issue 17, part 5). The fixed today is Mon 2026-11-23 (Europe/Berlin)."""

from __future__ import annotations

import json

import pytest

from tests.cli.expect import fails, ok


@pytest.fixture
def ada(run):
    ok(run("mentorship", "add", "Ada", "--since", "2026-09-01", "--focus", "Speaking"))
    ok(run("mentorship", "add", "Sam Ro"))
    for title in ("Speak = up", "Writing", "Rust", "Done"):
        ok(run("goal", "add", title, "--mentorship", "Ada"))
    ok(run("goal", "status", "Rust", "paused"))
    ok(run("goal", "close", "Done", "--status", "achieved"))
    return run


def goals(run):
    return {g["title"]: g for g in run.json("goal", "list", "--all")}


def test_close_refuses_in_one_line_naming_the_open_goals_and_how_to_decide(ada):
    line = fails(ada("mentorship", "close", "Ada"), 2, "3 open goals", "'Speak = up'", "'Writing'", "'Rust'",
                 "--goal GOAL=keep|achieved|abandoned|move:MENTOR")
    assert "'Done'" not in line
    fails(ada("mentorship", "close", "Ada", "--goal", "Writing=keep"), 2, "2 open goals", "'Rust'")
    assert ada.json("mentorship", "show", "Ada")["status"] == "active"
    assert goals(ada)["Writing"]["mentorship"] is not None


def test_close_with_a_decision_for_each_open_goal(ada):
    sam = ada.json("mentorship", "show", "Sam")
    result = ok(ada("mentorship", "close", "Ada", "--on", "2026-11-20", "--goal", "Speak = up=keep",
                    "--goal", "Writing=move:Sam", "--goal", "rust=abandoned"))
    assert result.stderr.splitlines() == [
        "Closed the mentorship with Ada on 2026-11-20.",
        "  Speak = up: carried on alone.",
        "  Writing: moved to the mentorship with Sam Ro.",
        "  Rust: closed as abandoned.",
    ]
    shown = ada.json("mentorship", "show", "Ada")
    assert (shown["status"], shown["closed_on"]) == ("closed", "2026-11-20")
    assert [g["title"] for g in shown["goals"]] == ["Done", "Rust"]  # the others left it
    found = goals(ada)
    assert found["Speak = up"]["mentorship"] is None and found["Speak = up"]["status"] == "active"
    assert found["Writing"]["mentorship"] == sam["id"]
    assert found["Rust"]["status"] == "abandoned"


@pytest.mark.parametrize(("decision", "words"), [
    ("Writing=later", ["'Writing'", "keep, achieved, abandoned or move:MENTOR"]),
    ("Writing=move:Nobody", ["No mentorship"]),
    ("Writing=move:Ada", ["cannot move to the mentorship that is closing"]),
    ("Writing", ["GOAL=keep|achieved|abandoned|move:MENTOR"]),
    ("Done=keep", ["'Done' is not an open goal"]),
])
def test_a_bad_decision_is_one_clean_line_and_nothing_changes(ada, decision, words):
    fails(ada("mentorship", "close", "Ada", "--goal", "Speak = up=keep", "--goal", "Rust=keep", "--goal", decision),
          2, *words)
    assert ada.json("mentorship", "show", "Ada")["status"] == "active"
    assert goals(ada)["Speak = up"]["mentorship"] is not None


def test_close_dates_and_a_closed_mentorship(run):
    ok(run("mentorship", "add", "Bea", "--since", "2026-10-01"))
    fails(run("mentorship", "close", "Bea", "--on", "tomorrow"), 2, "future")
    fails(run("mentorship", "close", "Bea", "--on", "2026-09-30"), 2, "started on 2026-10-01")
    result = ok(run("mentorship", "close", "Bea"))
    assert result.stderr.strip() == "Closed the mentorship with Bea on 2026-11-23."
    fails(run("mentorship", "close", "Bea"), 2, "already closed")


def test_trends_as_sparklines_with_words_and_as_json(ada):
    ok(ada("add", "first", "--mentorship", "Ada", "--rate", "goals=3", "--rate", "rel=4", "-d", "2026-11-02"))
    ok(ada("add", "second", "--mentorship", "Ada", "--rate", "goals=5", "--rate", "rel=2", "--rate", "time=4",
           "-d", "2026-11-16"))
    text = ok(ada("mentorship", "trends", "Ada")).stdout
    lines = text.splitlines()
    assert lines[0].startswith("Check-in trends with Ada")
    assert any(line.strip().startswith("Goals still relevant") and "▄█" in line
               and "going well (5), rising ↑ from 3" in line for line in lines)
    assert any(line.strip().startswith("The relationship") and "▆▃" in line and "struggling (2), falling ↓ from 4"
               in line for line in lines)
    assert any("The learning process" in line and "not rated yet" in line for line in lines)
    assert any(line.strip().startswith("Meeting time") and "good (4)" in line for line in lines)
    data = json.loads(ok(ada("mentorship", "trends", "Ada", "--format", "json")).stdout)
    assert data["mentor"] == "Ada" and [a["area"] for a in data["areas"]] == ["goals", "relationship", "process",
                                                                              "time"]
    goals_area = data["areas"][0]
    assert goals_area["ratings"] == [{"day": "2026-11-02", "rating": 3}, {"day": "2026-11-16", "rating": 5}]
    assert (goals_area["latest"], goals_area["direction"]) == (5, "rising")
    assert data["areas"][2] == {"area": "process", "label": "The learning process and its pace", "ratings": [],
                                "latest": None, "direction": None, "summary": "not rated yet"}


def test_trends_without_check_ins_say_how_and_unknown_mentorship_fails(ada):
    out = ok(ada("mentorship", "trends", "Sam")).stdout
    assert "No rated check-ins yet" in out and "--rate goals=4" in out
    fails(ada("mentorship", "trends", "Nobody"), 2)


def test_show_points_at_the_learning_profile_and_the_trends(ada):
    out = ok(ada("mentorship", "show", "Ada")).stdout
    assert "`journal profile`" in out and "`journal mentorship trends " in out
    assert "journal profile" not in ada("mentorship", "show", "Ada", "--format", "json").stdout


@pytest.mark.catalogue("S517")
def test_an_end_before_entries_filed_under_it_names_them_by_id(run):
    """Helper review: the refusal counted the entries dated after the end but named none, and
    its hint said `journal edit ID`: which ID? Their short ids now (never their text)."""
    ok(run("mentorship", "add", "Ada", "--since", "2026-09-01"))
    for day in ("2026-11-20", "2026-11-21", "2026-11-22", "2026-11-22", "2026-11-23"):
        ok(run("add", f"secret words {day}", "--mentorship", "Ada", "-d", day))
    ids = {e["day"]: e["short_id"] for e in run.json("list")}
    line = fails(run("mentorship", "close", "Ada", "--on", "2026-11-20"), 2, "4 entries", ids["2026-11-21"],
                 "and 1 more", "the last 2026-11-23", f"journal edit {ids['2026-11-21']} --mentorship ''")
    assert "secret" not in line


@pytest.mark.catalogue("S519")
def test_show_says_a_check_in_or_meeting_is_due_as_the_app_does(run):
    """Helper review: the app's mentorship screen said "⚠ check-in due (14 days overdue)";
    `journal mentorship show` never mentioned it. The fixed today is Mon 2026-11-23."""
    ok(run("mentorship", "add", "Sam", "--since", "2026-10-01", "--check-in-every", "14"))
    ok(run("add", "How it goes", "--kind", "check-in", "--mentorship", "Sam", "-d", "2026-10-26"))
    shown = ok(run("mentorship", "show", "Sam")).stdout
    assert "⚠ check-in due (14 days overdue)" in shown
    ok(run("add", "Caught up", "--kind", "check-in", "--mentorship", "Sam"))
    assert "check-in due" not in ok(run("mentorship", "show", "Sam")).stdout
