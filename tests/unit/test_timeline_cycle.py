"""The timeline's share of issue 17: a mentorship's history in words (created, agreement parts,
chosen, closed, what closing did with each goal), check-in ratings, feedback's giver and its
follow-up due, the new kinds in words. Nothing on a timeline is a key or an id.

The fixed today is Mon 2026-11-23 (Europe/Berlin).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from journal.domain.model import Entry, GoalEvent, Kind, Lens, Mentorship
from journal.domain.timeline import KIND_ORDER, build_timeline, ratings_words
from journal.services import EntryInput
from journal.store import mentorships as mentorship_rows

TODAY = date(2026, 11, 23)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-")
KEBAB = re.compile(r"\b[a-z]+-[a-z]+(?:-[a-z]+)*\b")
"""A kebab-case key (`goal-audit`, `passing-on`, `follow-up-due`) in a text meant for people."""
ALLOWED_HYPHENS = {"check-in", "follow-up", "5-minute"}


def entry(day, *, kind=Kind.NOTE, lens=Lens.HINDSIGHT, details=None, revisit=None, answers=None, title=None,
          id_=None) -> Entry:
    return Entry(id=id_ or f"e-{day}-{kind.value}", day=date.fromisoformat(day), lens=lens, body="body",
                 title=title or f"{kind.value} entry", kind=kind, details=details or {},
                 revisit_on=date.fromisoformat(revisit) if revisit else None, answers=answers)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def people_words(events) -> None:
    for event in events:
        for text in (event.title, event.detail):
            assert not UUID.search(text), text
            assert set(KEBAB.findall(text)) <= ALLOWED_HYPHENS, text


# ------------------------------------------------------------------ entries
def test_a_check_in_shows_its_ratings_in_words():
    details = {"goals": 4, "relationship": 3, "process": 5, "time": 2}
    (event,) = build_timeline([entry("2026-11-20", kind=Kind.CHECK_IN, details=details)], today=TODAY)
    assert event.detail == ("goals: good (4) · relationship: mixed (3) · learning process: going well (5) · "
                            "meeting time: struggling (2)")
    assert ratings_words({"time": 1, "goals": "x", "relationship": True}) == "meeting time: off track (1)"
    (plain,) = build_timeline([entry("2026-11-20", kind=Kind.CHECK_IN)], today=TODAY)
    assert plain.detail == "check-in"


@pytest.mark.parametrize(("kind", "words"), [(Kind.PREPARING, "preparing"), (Kind.GOAL_AUDIT, "goal audit"),
                                             (Kind.PASSING_ON, "passing it on"), (Kind.NOTE, ""),
                                             (Kind.CLOSURE, "")])
def test_the_new_kinds_are_said_in_words(kind, words):
    (event,) = build_timeline([entry("2026-11-20", kind=kind)], today=TODAY)
    assert event.detail == words


def test_feedback_says_whom_it_came_from_and_its_follow_up_becomes_due():
    feedback = entry("2026-11-20", kind=Kind.FEEDBACK, revisit="2026-12-04", title="On my demo",
                     details={"from": "Dana  Reyes", "asked": "Was it clear?", "follow_up": "Pause before the demo"})
    answer = entry("2026-12-01", answers=feedback.id, title="Tried the pause")
    events = build_timeline([feedback, answer], today=TODAY)
    assert [(e.day.isoformat(), e.kind, e.title, e.detail) for e in events if e.kind != "gap"] == [
        ("2026-11-20", "entry", "On my demo", "feedback from Dana Reyes"),
        ("2026-12-01", "entry", "Tried the pause", "follows up the feedback of 2026-11-20"),
        ("2026-12-04", "follow-up-due", "Pause before the demo",
         "follow-up of the feedback from Dana Reyes of 2026-11-20; answered"),  # S183
    ]
    due = events[-1]
    assert (due.entry_id, due.lens) == (feedback.id, Lens.HINDSIGHT)
    anonymous = entry("2026-11-21", kind=Kind.FEEDBACK, revisit="2026-12-01", title="Notes")
    found = build_timeline([anonymous], today=TODAY)
    assert [(e.title, e.detail) for e in found] == [("Notes", "feedback"),
                                                    ("Notes", "follow-up of the feedback of 2026-11-21")]
    people_words(events + found)


def test_a_feedback_follow_up_is_not_also_a_foresight_revisit():
    fb = entry("2026-11-20", kind=Kind.FEEDBACK, lens=Lens.FORESIGHT, revisit="2026-12-04",
               details={"follow_up": "Try it"})
    assert [e.kind for e in build_timeline([fb], today=TODAY)] == ["entry", "follow-up-due"]


# ------------------------------------------------------------------ a mentorship's history
def _mentorship(history) -> Mentorship:
    return Mentorship(id="m1", mentor="Ada", started_on=date(2026, 9, 1), history=history)


def test_a_mentorships_history_is_on_its_timeline_in_words():
    gid = "6f1e2d3c-0000-4000-8000-000000000001"
    m = _mentorship([
        GoalEvent(at("2026-09-01T07:00:00"), "created", new="Ada"),
        GoalEvent(at("2026-09-01T07:00:00"), "chosen", "shortlist", None,
                  "chosen from 3 candidates on the shortlist 'Speaking' (ranked 1st, 82%)"),
        GoalEvent(at("2026-09-02T18:00:00"), "edit", "ground_rules", None, "We start on time.\nAlways."),
        GoalEvent(at("2026-09-03T18:00:00"), "edit", "stumbling_blocks", "Call me", None),
        GoalEvent(at("2026-09-04T18:00:00"), "edit", "check_in_every", "14", "7"),
        GoalEvent(at("2026-11-20T10:00:00"), "goal", gid, "Public speaking", "carried on alone"),
        GoalEvent(at("2026-11-20T10:00:00"), "status", "status", "active", "closed"),
    ])
    events = build_timeline([], today=TODAY, tz="Europe/Berlin", mentorship=m, goal_titles={gid: "Public speaking"})
    assert [(e.day.isoformat(), e.time, e.kind, e.title, e.detail) for e in events] == [
        ("2026-09-01", None, "mentorship", "Mentorship with Ada began", ""),
        ("2026-09-01", "09:00", "mentorship", "Mentorship added to the journal", ""),
        ("2026-09-01", "09:00", "mentorship", "Chosen from 3 candidates on the shortlist 'Speaking' (ranked 1st, 82%)",
         ""),
        ("2026-09-02", "20:00", "agreement", "Ground rules changed", "We start on time. (+1 more)"),
        ("2026-09-03", "20:00", "agreement", "Stumbling blocks changed", "removed"),
        ("2026-09-04", "20:00", "mentorship", "Check-in rhythm changed", "every 14 days → every 7 days"),
        ("2026-11-20", "11:00", "mentorship", "Mentorship closed", ""),
        ("2026-11-20", "11:00", "goal-decision", "Public speaking: carried on alone", ""),
    ]
    assert events[-1].goal_id == gid
    people_words(events)


def test_every_new_kind_is_ordered():
    assert {"mentorship", "agreement", "goal-decision", "follow-up-due"} <= set(KIND_ORDER)
    assert KIND_ORDER.index("mentorship") < KIND_ORDER.index("goal-decision")


# ------------------------------------------------------------------ through the service
def test_the_mentorship_timeline_of_a_journal(journal):
    ada = journal.mentorships.add("Ada", since="2026-09-01")
    goal = journal.goals.add("Public speaking", mentorship=ada.id)
    journal.agreements.set_parts("Ada", {"ground": "On time", "conf": "Between us"})
    journal.entries.write(EntryInput(body="Fine", kind="check-in", mentorship=ada.id, lens="insight",
                                     when="2026-11-20", details={"goals": 4, "relationship": 3}))
    with journal.session.write() as conn:  # as closing writes it (another slice)
        now = journal.session.now()
        mentorship_rows.add_event(conn, ada.id, GoalEvent(now, "goal", goal.id, "Public speaking",
                                                          "closed as achieved"))
    title, events = journal.timeline.build(mentorship="Ada")
    assert title == "Mentorship with Ada"
    said = [(e.kind, e.title, e.detail) for e in events if e.kind in ("mentorship", "agreement", "goal-decision")]
    assert said == [("mentorship", "Mentorship with Ada began", ""),
                    ("mentorship", "Mentorship added to the journal", ""),
                    ("agreement", "Ground rules changed", "On time"),
                    ("agreement", "Confidentiality changed", "Between us"),
                    ("goal-decision", "Public speaking: closed as achieved", "")]
    (check_in,) = [e for e in events if e.kind == "entry"]
    assert check_in.detail == "goals: good (4) · relationship: mixed (3)"
    _, whole = journal.timeline.build()
    assert not any(e.kind in ("mentorship", "agreement") for e in whole)  # a mentorship's own story
    people_words(events)


@pytest.mark.catalogue("S183")
def test_what_is_answered_or_closed_is_not_called_due():
    """S183 (stop 31): the TUI's timeline called an answered follow-up "follow-up due", and the
    milestones of an achieved goal "due in 21 days"; the journal's own answers count, not only
    those in view (a window of the timeline holds part of its entries)."""
    from datetime import date

    from journal.domain.model import Goal, GoalStatus, Milestone

    plan = entry("2026-11-20", lens=Lens.FORESIGHT, revisit="2026-12-04", title="The talk will run over")
    (_, revisit) = build_timeline([plan], today=TODAY, answered={plan.id})
    assert (revisit.kind, revisit.detail) == ("foresight-due", "revisit foresight of 2026-11-20; answered")
    (_, open_one) = build_timeline([plan], today=TODAY, answered=set())
    assert open_one.detail == "revisit foresight of 2026-11-20"
    goal = Goal(id="g1", title="Give a talk", status=GoalStatus.ACHIEVED,
                milestones=[Milestone(id="m1", goal="g1", title="First talk", due_on=date(2026, 12, 15))])
    [milestone] = [e for e in build_timeline([], [goal], today=TODAY) if e.kind.startswith("milestone")]
    assert milestone.detail == "not done (goal achieved)"
