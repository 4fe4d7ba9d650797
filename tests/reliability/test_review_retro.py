"""Section S of the fault catalogue, continued: facts of the retrospective and the timeline a
mentor would spot as wrong, found by a review (stop 30). Each test starts from the steps that
stated the wrong fact."""

from __future__ import annotations

import json

import pytest

from journal.domain.model import EntryInput, Lens
from tests.cli.expect import ok


def _retro(run, *args):
    return json.loads(ok(run("retro", *args, "--format", "json")).stdout)


def _id(run, *args):
    return run.json("list", *args)[0]["id"]


@pytest.mark.catalogue("S155")
def test_an_answered_foresight_is_never_called_open(run, journal):
    ok(run("goal", "add", "Speak"))
    ok(run("add", "-l", "foresight", "-g", "Speak", "-d", "2026-01-07", "--revisit", "2026-02-01", "Try slowing down"))
    plan = _id(run, "-l", "foresight")
    # the command `journal due` suggests: the answer takes the goal of what it answers
    ok(run("add", "-l", "h", "--answers", plan, "-d", "2026-02-02", "Slowed down; it worked"))
    answer = run.json("list", "-l", "hindsight")[0]
    assert [g["title"] for g in answer["goals"]] == ["Speak"]
    retro = _retro(run, "Speak")
    assert retro["foresight"]["open"] == [] and len(retro["foresight"]["pairs"]) == 1
    # an answer filed elsewhere (written before, or with another goal) still answers it
    ok(run("goal", "add", "Listen"))
    ok(run("add", "-l", "foresight", "-g", "Listen", "-d", "2026-03-01", "Ask one question per meeting"))
    other = _id(run, "-l", "foresight", "-g", "Listen")
    journal.entries.write(EntryInput(body="Asked two", lens=Lens.HINDSIGHT, answers=other, when="2026-03-09"))
    retro = _retro(run, "Listen")
    assert retro["foresight"]["open"] == [] and len(retro["foresight"]["pairs"]) == 1
    # and a private answer, left out of the retrospective, does not make it open either
    ok(run("add", "-l", "foresight", "-g", "Listen", "-d", "2026-03-10", "Speak first once"))
    third = _id(run, "-l", "foresight", "-g", "Listen")
    ok(run("add", "-l", "h", "--answers", third, "--private", "-d", "2026-03-12", "I did, and it was hard"))
    retro = _retro(run, "Listen")
    assert retro["foresight"]["open"] == []
    assert "it was hard" not in json.dumps(retro)


@pytest.mark.catalogue("S156")
def test_a_mentorship_has_its_goals_entries_from_the_days_they_were_its_own(run):
    ok(run("mentorship", "add", "Ana", "--since", "2026-01-01"))
    ok(run("mentorship", "add", "Sam", "--since", "2026-05-01"))
    ok(run("goal", "add", "Write", "--mentorship", "Ana"))
    ok(run("goal", "add", "Blog", "--mentorship", "Ana"))
    ok(run("add", "-g", "Write", "--rate", "goals=2", "-d", "2026-02-01", "Check-in with Ana"))
    ok(run("add", "-g", "Blog", "-l", "insight", "-d", "2026-01-12", "Short paragraphs"))
    ok(run("goal", "edit", "Blog", "--mentorship", "Sam"))  # moved away (today), before Ana ended
    ok(run("mentorship", "close", "Ana", "--goal", "Write=move:Sam", "--on", "2026-04-30"))
    ok(run("add", "-g", "Write", "-d", "2026-05-10", "First talk with Sam"))
    ana, sam = _retro(run, "--mentorship", "Ana"), _retro(run, "--mentorship", "Sam")
    assert sorted(g["title"] for g in ana["goals"]) == ["Blog", "Write"]  # the one moved away too
    assert "First talk with Sam" not in json.dumps(ana) and "Check-in with Ana" in json.dumps(ana)
    assert "Check-in with Ana" not in json.dumps(sam) and "First talk with Sam" in json.dumps(sam)
    # the timeline of each mentorship the same way
    ana_line = ok(run("timeline", "--mentorship", "Ana")).stdout
    sam_line = ok(run("timeline", "--mentorship", "Sam")).stdout
    assert "Check-in with Ana" in ana_line and "First talk with Sam" not in ana_line
    assert "First talk with Sam" in sam_line and "Check-in with Ana" not in sam_line


@pytest.mark.catalogue("S157")
def test_a_mentorship_closed_on_an_earlier_day_is_closed_on_that_day_everywhere(run):
    ok(run("mentorship", "add", "Ana", "--since", "2026-01-01"))
    ok(run("goal", "add", "Speak", "--mentorship", "Ana"))
    ok(run("add", "-g", "Speak", "-d", "2026-03-20", "Gave the talk"))
    ok(run("mentorship", "close", "Ana", "--goal", "Speak=achieved", "--on", "2026-04-01"))
    goal = run.json("goal", "show", "speak")
    assert goal["closed_at"].startswith("2026-04-01")
    timeline = ok(run("timeline", "--mentorship", "Ana")).stdout
    assert _day_of(timeline, "Mentorship closed") == _day_of(timeline, "status active → achieved") == "2026-04-01"
    retro = _retro(run, "--mentorship", "Ana")
    assert {c["day"] for c in retro["hindsight"]["status_changes"]} == {"2026-04-01"}


def _day_of(timeline: str, words: str) -> str:
    """The day a timeline's line holding `words` is under (a day is written on its first line only)."""
    day = ""
    for line in timeline.splitlines():
        if line[:3].isalpha() and line[4:14].count("-") == 2:
            day = line[4:14]
        if words in line:
            return day
    raise AssertionError(f"{words!r} is not in the timeline")


@pytest.mark.catalogue("S158")
def test_a_reopened_goal_drops_the_note_of_the_closing_it_left(run):
    ok(run("goal", "add", "Speak"))
    ok(run("goal", "close", "Speak", "--status", "achieved", "--note", "Gave the talk, 40 people came"))
    ok(run("goal", "status", "Speak", "active"))
    assert run.json("goal", "show", "speak")["closure_note"] is None
    ok(run("goal", "close", "Speak", "--status", "abandoned"))
    assert run.json("goal", "show", "speak")["closure_note"] is None
    assert "40 people" not in ok(run("retro", "Speak")).stdout.split("## ")[1]  # not under the outcome
    # the words stay in the goal's history
    assert "40 people" in ok(run("timeline", "Speak")).stdout


@pytest.mark.catalogue("S159")
@pytest.mark.parametrize(("text", "width", "expected"), [
    ("Finally understood that my mentor wanted me to stop over-preparing the presentation slides", 80,
     "Finally understood that my mentor wanted me to stop over-preparing the…"),
    ("Celebrated with the team in the Berlin office, then ate cake. 🇩🇪 and more", 64,
     "Celebrated with the team in the Berlin office, then ate cake…"),
    ("ab👩‍💻cd", 5, "ab…"), ("e\u0301" * 10, 4, "e\u0301…"), ("🇩🇪🇫🇷🇮🇹🇪🇸", 4, "🇩🇪…"), ("👍🏽👍🏽👍🏽", 3, "👍🏽…"),
    ("short", 10, "short"), ("x" * 20, 10, "xxxxxxxxx…"),
])
def test_a_shortened_title_ends_at_a_word_and_never_inside_a_character(text, width, expected):
    from journal.domain.text import shorten

    assert shorten(text, width) == expected
