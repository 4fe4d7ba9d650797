"""Closing a mentorship (issue 17, part 5): a decision for each open goal, refused without one,
everything in one transaction, the history in words; the check-in trends and the open goals.

The fixed today is Mon 2026-11-23 (Europe/Berlin).
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from journal.domain.errors import BadValue
from journal.domain.model import GoalStatus, MentorshipStatus
from journal.services import EntryInput
from journal.services.mentorships import parse_decisions

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture
def ada(journal):
    """Ada with four open goals (one paused) and one achieved; Sam active; Grace closed."""
    m = journal.mentorships.add("Ada Lovelace", focus="Speaking", since="2026-09-01")
    journal.mentorships.add("Sam Ro")
    journal.mentorships.add("Grace Hopper", since="2026-01-10")
    journal.mentorships.close("Grace", on="2026-06-30")
    for title in ("Speaking", "Writing", "Listening", "Teaching", "Done already"):
        journal.goals.add(title, mentorship=m.id)
    journal.goals.set_status("Listening", "paused")
    journal.goals.close("Done already", "achieved")
    return m


def goal_events(m):
    return [(e.old, e.new) for e in m.history if e.kind == "goal"]


def test_each_decision_does_what_it_says_and_the_history_says_it_in_words(journal, ada):
    sam = journal.mentorships.get("Sam")
    closed = journal.mentorships.close("Ada", goals={"Speaking": "keep", "Writing": "achieved",
                                                     "Listening": "abandoned", "Teaching": "move:Sam"})
    assert closed.status == MentorshipStatus.CLOSED and closed.closed_on == date(2026, 11, 23)
    speaking, writing, listening, teaching = (journal.goals.get(t) for t in
                                              ("Speaking", "Writing", "Listening", "Teaching"))
    assert (speaking.mentorship, speaking.status) == (None, GoalStatus.ACTIVE)  # carried on alone
    assert (writing.mentorship, writing.status) == (ada.id, GoalStatus.ACHIEVED)
    assert (listening.status, listening.closed_at is not None) == (GoalStatus.ABANDONED, True)
    assert (teaching.mentorship, teaching.status) == (sam.id, GoalStatus.ACTIVE)
    # the goals' own histories keep what happened to them
    assert [(e.kind, e.field, e.new) for e in speaking.history][-1] == ("edit", "mentorship_id", None)
    assert [(e.kind, e.old, e.new) for e in writing.history][-1] == ("status", "active", "achieved")
    assert [(e.kind, e.old, e.new) for e in listening.history][-1] == ("status", "paused", "abandoned")
    assert [(e.kind, e.field, e.new) for e in teaching.history][-1] == ("edit", "mentorship_id", sam.id)
    # the mentorship's history: a decision per goal in words, then the end
    assert goal_events(closed) == [
        ("Speaking", "carried on alone"), ("Teaching", "moved to the mentorship with Sam Ro"),
        ("Writing", "closed as achieved"), ("Listening", "closed as abandoned"),
    ]
    assert [e.field for e in closed.history if e.kind == "goal"] == [speaking.id, teaching.id, writing.id,
                                                                       listening.id]
    last = closed.history[-1]
    assert (last.kind, last.field, last.old, last.new) == ("status", "status", "active", "closed")
    for e in closed.history:
        assert not UUID.search(e.new or "") and not UUID.search(e.old or "")
    # the mentorship it moved to says where it came from
    assert goal_events(journal.mentorships.get("Sam")) == [("Teaching", "moved here from the mentorship with Ada "
                                                                        "Lovelace")]


def test_without_decisions_it_refuses_naming_the_goals_and_how_to_decide(journal, ada):
    with pytest.raises(BadValue) as refused:
        journal.mentorships.close("Ada")
    line = str(refused.value)
    assert "\n" not in line and "4 open goals" in line
    for title in ("Speaking", "Writing", "Listening", "Teaching"):
        assert f"'{title}'" in line
    assert "Done already" not in line  # already closed: nothing to decide
    assert "--goal GOAL=keep|achieved|abandoned|move:MENTOR" in line
    with pytest.raises(BadValue) as partly:
        journal.mentorships.close("Ada", goals={"Speaking": "keep", "Writing": "ach", "Teaching": "ab"})
    assert "an open goal" in str(partly.value) and "'Listening'" in str(partly.value)
    assert "'Speaking'" not in str(partly.value)
    m = journal.mentorships.get("Ada")
    assert m.status == MentorshipStatus.ACTIVE and goal_events(m) == []
    assert journal.goals.get("Speaking").mentorship == ada.id
    assert journal.goals.get("Writing").status == GoalStatus.ACTIVE


def test_a_mentorship_without_open_goals_closes_as_before(journal):
    journal.mentorships.add("Bea", since="2026-10-01")
    m = journal.mentorships.close("Bea", on="2026-11-20")
    assert m.closed_on == date(2026, 11, 20)
    # closed on the day given, before the day it was added to the journal (S157): in that order
    assert [(e.kind, e.old, e.new, e.at.date()) for e in m.history] == [
        ("status", "active", "closed", date(2026, 11, 20)), ("created", None, None, date(2026, 11, 23))]


@pytest.mark.parametrize(("goals", "words"), [
    ({"Speaking": "maybe"}, ["'Speaking'", "keep, achieved, abandoned or move:MENTOR", "'maybe'"]),
    ({"Speaking": "a"}, ["'Speaking'", "keep, achieved, abandoned or move:MENTOR"]),  # achieved or abandoned?
    ({"Speaking": "move"}, ["which mentorship", "move:MENTOR"]),
    ({"Speaking": "keep:Sam"}, ["Only move takes a mentorship"]),
    ({"Speaking": "move:Ada"}, ["cannot move to the mentorship that is closing"]),
    ({"Speaking": "move:Grace"}, ["Grace Hopper is closed", "active one"]),
    ({"Done already": "keep"}, ["'Done already' is not an open goal", "'Speaking'"]),
    ({"Speaking": "keep", "speak": "keep"}, ["'Speaking' is decided twice"]),
])
def test_bad_decisions_are_refused_in_one_line_and_nothing_changes(journal, ada, goals, words):
    decided = {"Writing": "keep", "Listening": "keep", "Teaching": "keep", **goals}
    with pytest.raises(BadValue) as refused:
        journal.mentorships.close("Ada", goals=decided)
    line = str(refused.value)
    assert "\n" not in line
    for word in words:
        assert word in line, line
    assert journal.mentorships.get("Ada").status == MentorshipStatus.ACTIVE
    assert {g.title for g in journal.mentorships.open_goals("Ada")} == {"Speaking", "Writing", "Listening",
                                                                       "Teaching"}


def test_the_day_it_ends_is_today_or_earlier_and_not_before_it_began(journal, ada):
    decided = dict.fromkeys(("Speaking", "Writing", "Listening", "Teaching"), "keep")
    with pytest.raises(BadValue, match="cannot end in the future"):
        journal.mentorships.close("Ada", on="tomorrow", goals=decided)
    with pytest.raises(BadValue, match="started on 2026-09-01"):
        journal.mentorships.close("Ada", on="2026-08-31", goals=decided)
    with pytest.raises(BadValue, match="already closed"):
        journal.mentorships.close("Grace")
    assert journal.mentorships.close("Ada", on="2026-11-01", goals=decided).closed_on == date(2026, 11, 1)


def test_one_transaction_a_failure_leaves_nothing_half_done(journal, ada, monkeypatch):
    """The last write (the mentorship's row) fails: the goals, both histories and the row are as before."""
    import journal.store.mentorships as mentorship_rows

    def state():
        return {s.goal.title: (s.goal.mentorship, s.goal.status, len(journal.goals.get(s.goal.id).history))
                for s in journal.goals.summaries()}

    before = state()

    def broken(*args, **kwargs):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(mentorship_rows, "update", broken)
    with pytest.raises(RuntimeError):
        journal.mentorships.close("Ada", goals={"Speaking": "keep", "Writing": "achieved",
                                                "Listening": "abandoned", "Teaching": "move:Sam"})
    monkeypatch.undo()
    assert state() == before
    assert journal.mentorships.get("Ada").status == MentorshipStatus.ACTIVE
    assert goal_events(journal.mentorships.get("Ada")) == goal_events(journal.mentorships.get("Sam")) == []


def test_the_closure_conversation_closes_with_the_decisions_in_the_same_transaction(journal, ada, monkeypatch):
    answers = [EntryInput(body="We did it.", lens="insight", title="Thanks")]
    with pytest.raises(BadValue, match="4 open goals"):
        journal.closure.close(answers, mentorship="Ada")
    assert journal.entries.list(journal.entries.filter(kind="closure")) == []  # nothing written

    import journal.store.goals as goal_rows

    monkeypatch.setattr(goal_rows, "set_status", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
    decided = {"Speaking": "keep", "Writing": "achieved", "Listening": "keep", "Teaching": "move:Sam"}
    with pytest.raises(RuntimeError):
        journal.closure.close(answers, mentorship="Ada", goals=decided)
    monkeypatch.undo()
    assert journal.entries.list(journal.entries.filter(kind="closure")) == []
    assert journal.goals.get("Speaking").mentorship == ada.id

    [entry] = journal.closure.close(answers, mentorship="Ada", goals=decided)
    assert entry.mentorship == ada.id
    m = journal.mentorships.get("Ada")
    assert m.status == MentorshipStatus.CLOSED and len(goal_events(m)) == 4
    assert journal.goals.get("Writing").status == GoalStatus.ACHIEVED


def test_a_mentorship_walks_its_own_closure_prompts_and_a_goal_the_five(journal):
    goal = [p.id for p in journal.closure.prompts()]
    assert goal == ["closure-set-out", "closure-what-happened", "closure-learned", "closure-carry-forward",
                    "closure-to-mentor"]
    assert goal == [p.id for p in journal.reflection.closure_prompts()]
    mine = journal.closure.prompts(mentorship=True)
    assert [p.set for p in mine] == ["mentorship-closure"] * len(mine) and len(mine) == 9
    assert all(p.phase is not None and p.phase.value == "closing" and p.lens is not None for p in mine)
    said = " ".join(p.text for p in mine).lower()
    for element in ("agree", "learn", "celebrat", "thank", "in touch", "keep using"):
        assert element in said, element


def test_open_goals_are_the_active_and_paused_ones_of_that_mentorship(journal, ada):
    journal.goals.add("Someone else's", mentorship="Sam")
    assert [(g.title, g.status.value) for g in journal.mentorships.open_goals("Ada")] == [
        ("Speaking", "active"), ("Teaching", "active"), ("Writing", "active"), ("Listening", "paused")]


def test_parse_decisions_splits_where_a_decision_follows():
    assert parse_decisions(["Speak = up=keep", "Writing=move:Sam = Ro", "x=ach"]) == {
        "Speak = up": "keep", "Writing": "move:Sam = Ro", "x": "ach"}
    for bad, word in ((["Speaking"], "GOAL=keep"), (["=keep"], "Name the goal"), (["a=keep", "a=ab"], "twice")):
        with pytest.raises(BadValue, match=word):
            parse_decisions(bad)


# ------------------------------------------------------------------ trends
def check_in(journal, when, mentorship="Ada", **ratings):
    return journal.entries.write(EntryInput(body="where we are", kind="check-in", mentorship=mentorship, when=when,
                                            details=ratings))


def test_trends_follow_the_check_ins_of_that_mentorship_oldest_first(journal, ada):
    check_in(journal, "2026-11-10", goals=4, relationship=3)
    check_in(journal, "2026-10-27", goals=2, relationship=3, time=5)
    check_in(journal, "2026-11-20", goals=5, relationship=2)
    check_in(journal, "2026-11-21", mentorship="Sam", goals=1)  # another mentorship
    gone = check_in(journal, "2026-11-22", goals=1)
    journal.entries.delete(gone.id)  # in the trash: not counted
    journal.entries.write(EntryInput(body="a meeting", kind="meeting", mentorship="Ada"))
    trends = {t.area: t for t in journal.mentorships.trends("Ada")}
    assert list(trends) == ["goals", "relationship", "process", "time"]
    assert [r for _, r in trends["goals"].ratings] == [2, 4, 5]
    assert trends["goals"].ratings[0][0] == date(2026, 10, 27)
    assert trends["goals"].summary == "going well (5), rising ↑ from 4" and trends["goals"].spark == "▃▆█"
    assert trends["relationship"].summary == "struggling (2), falling ↓ from 3"
    assert trends["process"].summary == "not rated yet" and trends["time"].direction == "first"


@pytest.mark.catalogue("S481")
def test_an_equal_last_rating_is_the_same_as_last_time_not_a_steady_course(journal, ada):
    for day, rating in (("2026-10-27", 1), ("2026-11-10", 5), ("2026-11-20", 5)):
        check_in(journal, day, goals=rating)
    [goals] = [t for t in journal.mentorships.trends("Ada") if t.area == "goals"]
    assert goals.spark == "▁██" and goals.direction == "steady"  # the JSON's word stays
    assert goals.summary == "going well (5), same as last time →"


def test_trends_are_one_query_however_many_check_ins(journal, ada):
    for day in range(1, 9):
        check_in(journal, f"2026-11-{day:02d}", goals=1 + day % 5)
    statements: list[str] = []
    journal.conn.set_trace_callback(statements.append)
    try:
        trends = journal.mentorships.trends("Ada")
    finally:
        journal.conn.set_trace_callback(None)
    assert len(trends[0].ratings) == 8
    assert sum(1 for sql in statements if "FROM entries" in sql) == 1
