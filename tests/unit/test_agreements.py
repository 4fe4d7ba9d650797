"""A mentorship's agreement (issue 17, part 3): its parts edited and kept in the history, the
history in words, the work plan's order and status, and the exports' escaping.

The fixed today is Mon 2026-11-23 (Europe/Berlin).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import contextlib
import os
import re
import stat
from datetime import date, datetime, timedelta

import pytest

from journal.domain.agreement import (
    OTHER, agreement_key, build_agreement, build_work_plan, say_event, say_history,
)
from journal.domain.errors import BadValue
from journal.domain.model import Goal, GoalEvent, GoalStatus, Mentorship, MentorshipStatus, Milestone
from journal.io.agreement_doc import render
from journal.io.user_markdown import user_markdown

TODAY = date(2026, 11, 23)
BERLIN = ZoneInfo("Europe/Berlin")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-")
KEYS = re.compile(r"\b(ground_rules|stumbling_blocks|check_in_every|started_on|[a-z]+_[a-z]+)\b")


def history_kinds(journal, ref="Ada"):
    return [(e.kind, e.field) for e in journal.mentorships.get(ref).history]


@pytest.fixture
def ada(journal):
    return journal.mentorships.add("Ada Lovelace", focus="Speaking", since="2026-09-01", check_in_every=14,
                                   agreements="Weekly calls")


# ------------------------------------------------------------------ the mentorship's own history
def test_adding_a_mentorship_records_that_it_was_created(ada, journal):
    (created,) = journal.mentorships.get(ada.id).history
    assert (created.kind, created.field, created.at) == ("created", None, journal.clock.now())


def test_an_edit_records_one_event_per_changed_field_dates_as_iso_and_the_cadence_in_days(ada, journal):
    journal.mentorships.edit("Ada", focus="Talks", since="2026-08-15", check_in_every=7, mentor="Ada Lovelace")
    edits = [(e.field, e.old, e.new) for e in journal.mentorships.get(ada.id).history if e.kind == "edit"]
    assert edits == [("focus", "Speaking", "Talks"), ("started_on", "2026-09-01", "2026-08-15"),
                     ("check_in_every", "14", "7")]  # the unchanged mentor is not an edit
    journal.mentorships.edit("Ada", check_in_every=0)  # 0 removes the rhythm: kept as none
    assert journal.mentorships.get(ada.id).history[-1].new is None
    before = len(journal.mentorships.get(ada.id).history)
    assert journal.mentorships.edit("Ada", focus="Talks")[1] == []
    assert len(journal.mentorships.get(ada.id).history) == before


# ------------------------------------------------------------------ the parts
def test_set_parts_writes_each_changed_part_and_one_event_for_each(ada, journal):
    changed = journal.agreements.set_parts("Ada", {"ground-rules": "We start on time.\r\n",
                                                   "Confidentiality": "  What we say stays here.  "})
    assert changed == ["ground_rules", "confidentiality"]
    m = journal.mentorships.get(ada.id)
    assert m.parts == {"ground_rules": "We start on time.", "confidentiality": "What we say stays here."}
    assert list(m.parts) == ["ground_rules", "confidentiality"]
    edits = [(e.field, e.old, e.new) for e in m.history if e.kind == "edit"]
    assert edits == [("ground_rules", None, "We start on time."),
                     ("confidentiality", None, "What we say stays here.")]
    agreed = journal.agreements.get("Ada")
    assert [p.key for p in agreed.agreed] == ["ground_rules", "confidentiality"]
    assert [p.heading for p in agreed.parts] == ["Ground rules", "Confidentiality", "Boundaries",
                                                 "Stumbling blocks", "Accountability", "Meeting cadence"]


def test_parts_are_kept_in_their_fixed_order_whatever_order_they_come_in(ada, journal):
    journal.agreements.set_parts("Ada", {"meetings": "Every other Tuesday", "boundaries": "No weekends"})
    journal.agreements.set_part("Ada", "ground", "On time")
    assert list(journal.mentorships.get(ada.id).parts) == ["ground_rules", "boundaries", "meetings"]


def test_set_parts_is_one_transaction(ada, journal, monkeypatch):
    session = journal.session
    opened = []
    real = session.writing

    @contextlib.contextmanager
    def counting():
        opened.append(1)
        with real() as conn:
            yield conn

    monkeypatch.setattr(session, "writing", counting)
    journal.agreements.set_parts("Ada", {"ground": "A", "conf": "B", "bound": "C", "other": "D"})
    assert len(opened) == 1
    events = [e for e in journal.mentorships.get(ada.id).history if e.kind == "edit"]
    assert len(events) == 4 and len({e.at for e in events}) == 1


def test_a_part_too_long_writes_nothing_at_all(ada, journal):
    with pytest.raises(BadValue, match="too long"):
        journal.agreements.set_parts("Ada", {"ground": "fine", "conf": "x" * 20_001})
    m = journal.mentorships.get(ada.id)
    assert m.parts == {} and [e.kind for e in m.history] == ["created"]


def test_the_same_text_again_changes_nothing_and_an_emptied_part_is_removed(ada, journal):
    assert journal.agreements.set_part("Ada", "ground", "On time") is True
    assert journal.agreements.set_part("Ada", "ground rules", "  On time\n") is False
    assert journal.agreements.set_parts("Ada", {"ground": "On time"}) == []
    assert journal.agreements.set_part("Ada", "ground", "") is True
    m = journal.mentorships.get(ada.id)
    assert m.parts == {}
    assert [(e.field, e.old, e.new) for e in m.history if e.kind == "edit"] == [
        ("ground_rules", None, "On time"), ("ground_rules", "On time", None)]


def test_the_other_agreements_are_the_mentorships_free_text(ada, journal):
    assert journal.agreements.set_part("Ada", "other", "Weekly calls, and notes shared after each") is True
    m = journal.mentorships.get(ada.id)
    assert m.agreements == "Weekly calls, and notes shared after each"
    assert (m.history[-1].field, m.history[-1].old) == ("agreements", "Weekly calls")
    assert journal.agreements.get("Ada").other == "Weekly calls, and notes shared after each"


@pytest.mark.parametrize("typed", ["xyz", "nonsense", "", "meeting rhythm"])
def test_an_unknown_part_is_refused_in_one_line_naming_the_parts(typed):
    with pytest.raises(BadValue) as problem:
        agreement_key(typed)
    assert "ground-rules" in str(problem.value) and "other" in str(problem.value)
    assert "\n" not in str(problem.value)


@pytest.mark.parametrize(("typed", "key"), [("ground-rules", "ground_rules"), ("Meeting cadence", "meetings"),
                                            ("stumbling", "stumbling_blocks"), ("acc", "accountability"),
                                            ("Other agreements", OTHER), ("agreements", OTHER), ("ot", OTHER)])
def test_parts_as_typed(typed, key):
    assert agreement_key(typed) == key


@pytest.mark.catalogue("S273")
@pytest.mark.parametrize(("typed", "key"), [("o", OTHER), ("a", "accountability"), ("m", "meetings"),
                                            ("g", "ground_rules")])
def test_any_unique_start_names_a_part_as_the_help_says(typed, key):
    assert agreement_key(typed) == key


def test_the_agreement_shows_its_goals_with_their_statement_and_target(ada, journal):
    journal.goals.add("Public speaking", specific="Give a 5-minute talk at the meetup", measurable="3 talks",
                      by="2027-03-31", mentorship=ada.id)
    journal.goals.add("Elsewhere")
    journal.goals.add("Paused one", mentorship=ada.id)
    journal.goals.set_status("Paused one", "paused")
    a = journal.agreements.get("Ada")
    assert [g.title for g in a.goals] == ["Public speaking", "Paused one"]  # active first
    speaking = a.goals[0]
    assert speaking.target == date(2027, 3, 31) and speaking.summary == "Give a 5-minute talk at the meetup"
    assert speaking.statement == (("Specific", "Give a 5-minute talk at the meetup"), ("Measurable", "3 talks"))
    assert a.cadence == "every 14 days" and a.other == "Weekly calls"


# ------------------------------------------------------------------ the history in words
def _words_only(said) -> None:
    for text in (said.title, said.detail):
        assert not UUID.search(text), text
        assert not KEYS.search(text), text


def test_the_history_in_words(ada, journal):
    goal = journal.goals.add("Public speaking", mentorship=ada.id)
    journal.agreements.set_parts("Ada", {"ground": "We start on time.\n\nAnd end on time.", "conf": "Stays here"})
    journal.agreements.set_part("Ada", "conf", "")
    journal.mentorships.edit("Ada", since="2026-08-15", check_in_every=7, focus="")
    with journal.session.write() as conn:  # as closing (another slice) and choosing write them
        from journal.store import mentorships as rows

        now = journal.session.now()
        rows.add_event(conn, ada.id, GoalEvent(now, "chosen", "shortlist", None,
                                               "chosen from 3 candidates on the shortlist 'Speaking'"))
        rows.add_event(conn, ada.id, GoalEvent(now, "goal", goal.id, "Public speaking", "carried on alone"))
        rows.add_event(conn, ada.id, GoalEvent(now, "goal", "0000dead-0000-4000-8000-000000000000", "active",
                                               "closed as abandoned"))
        rows.add_event(conn, ada.id, GoalEvent(now, "status", "status", "active", "closed"))
    said = journal.agreements.history("Ada")
    assert [(s.title, s.detail) for s in said] == [
        ("Mentorship added to the journal", ""),
        ("Ground rules changed", "We start on time. (+1 more)"),
        ("Confidentiality changed", "Stays here"),
        ("Confidentiality changed", "removed"),
        ("Focus changed", "Speaking → —"),
        ("Start date changed", "1 Sep 2026 → 15 Aug 2026"),
        ("Check-in rhythm changed", "every 14 days → every 7 days"),
        ("Chosen from 3 candidates on the shortlist 'Speaking'", ""),
        ("Public speaking: carried on alone", ""),
        ("A goal no longer here: closed as abandoned", "it was active"),
        ("Mentorship closed", ""),
    ]
    assert [s.part for s in said[1:4]] == ["ground_rules", "confidentiality", "confidentiality"]
    assert said[8].goal_id == goal.id and said[9].goal_id is None
    assert said[0].at.tzinfo is not None and said[0].at.utcoffset() == timedelta(hours=1)  # Berlin, in November
    for item in said:
        _words_only(item)


def test_a_goal_renamed_since_is_named_by_its_title_now():
    event = GoalEvent(datetime(2026, 11, 23, 8, 30), "goal", "g1", "Talks", "moved to the mentorship with Sam")
    said = say_event(event, {"g1": "Public speaking"})
    assert (said.title, said.detail) == ("Public speaking: moved to the mentorship with Sam", "then called Talks")


def test_an_unknown_field_or_a_stray_id_never_shows_as_a_key_or_an_id():
    events = [GoalEvent(datetime(2026, 11, 23), "edit", "next_meeting_on", None, "2026-12-01"),
              GoalEvent(datetime(2026, 11, 23), "edit", "some_field", "a", "0000dead-0000-4000-8000-000000000000"),
              GoalEvent(datetime(2026, 11, 23), "status", "status", "closed", "active")]
    said = say_history(events, {})
    assert [(s.title, s.detail) for s in said] == [("Next meeting changed", "— → 1 Dec 2026"),
                                                   ("Some field changed", "a → —"),
                                                   ("Mentorship reopened", "")]


# ------------------------------------------------------------------ the work plan
@pytest.mark.catalogue("S470")
def test_history_glimpses_a_part_without_its_list_marks(ada, journal):
    journal.agreements.set_part("Ada", "ground", "- Come prepared\n- No calls after 8pm\n\n* Say so early")
    journal.agreements.set_part("Ada", "conf", "## Stays here")
    said = [(s.title, s.detail) for s in journal.agreements.history("Ada")]
    assert said[1:] == [("Ground rules changed", "Come prepared (+2 more)"),
                        ("Confidentiality changed", "Stays here")]


def _goal(title, *, gid, status=GoalStatus.ACTIVE, by=None, milestones=()):
    return Goal(id=gid, title=title, status=status, time_bound=by, milestones=[
        Milestone(id=f"{gid}-{i}", goal=gid, title=t, due_on=due, done_on=done) for i, (t, due, done) in
        enumerate(milestones)])


def _mentorship(**fields):
    base = {"id": "m1", "mentor": "Ada", "started_on": date(2026, 9, 1)}
    return Mentorship(**{**base, **fields})


def test_the_work_plan_lists_every_goals_dates_in_order_with_where_each_stands():
    speaking = _goal("Public speaking", gid="g1", by=date(2027, 3, 31), milestones=[
        ("Outline", date(2026, 10, 1), date(2026, 9, 30)),
        ("Meetup talk", date(2026, 11, 1), date(2026, 11, 5)),
        ("Recording", date(2026, 11, 20), None),
        ("Conference", date(2026, 12, 5), None),
        ("Slides", date(2026, 11, 23), None),
        ("Find a coach", None, None),
    ])
    rust = _goal("Learn Rust", gid="g2", status=GoalStatus.ABANDONED, by=date(2026, 12, 31), milestones=[
        ("Ownership chapter", date(2026, 10, 15), None)])
    plan = build_work_plan(_mentorship(), [speaking, rust], TODAY, BERLIN)
    assert [(i.day.isoformat(), i.kind, i.goal, i.what, i.said) for i in plan.items] == [
        ("2026-09-01", "start", "", "Mentorship with Ada began", "83 days ago"),
        ("2026-10-01", "milestone", "Public speaking", "Outline", "done 30 Sep 2026"),
        ("2026-10-15", "milestone", "Learn Rust", "Ownership chapter", "not done (goal abandoned)"),
        ("2026-11-01", "milestone", "Public speaking", "Meetup talk", "done 5 Nov 2026, 4 days late"),
        ("2026-11-20", "milestone", "Public speaking", "Recording", "missed, 3 days late"),
        ("2026-11-23", "today", "", "Today", ""),
        ("2026-11-23", "milestone", "Public speaking", "Slides", "due today"),
        ("2026-12-05", "milestone", "Public speaking", "Conference", "due in 12 days"),
        ("2026-12-31", "target", "Learn Rust", "Target date", "goal abandoned"),
        ("2027-03-31", "target", "Public speaking", "Target date", "due in 128 days"),
    ]
    assert [i.what for i in plan.items if i.overdue] == ["Recording"]
    assert [(i.goal, i.what, i.status) for i in plan.undated] == [("Public speaking", "Find a coach", "no date")]
    assert (plan.start, plan.end, plan.end_words) == (date(2026, 9, 1), date(2027, 3, 31), "the last date in the plan")
    assert plan.tally == "2 done · 1 missed · 3 ahead"
    assert all(i.goal_id in ("g1", "g2") for i in plan.work)


def test_a_closed_mentorships_plan_ends_on_the_day_it_closed_and_starts_at_its_earliest_date():
    goal = _goal("Public speaking", gid="g1", milestones=[("Early", date(2026, 8, 1), date(2026, 8, 1))])
    plan = build_work_plan(_mentorship(status=MentorshipStatus.CLOSED, closed_on=date(2026, 11, 10)), [goal], TODAY,
                           BERLIN)
    assert (plan.start, plan.end, plan.end_words) == (date(2026, 8, 1), date(2026, 11, 10), "closed")
    assert [i.kind for i in plan.items] == ["milestone", "start", "end", "today"]
    assert plan.items[2].what == "Mentorship with Ada closed"


def test_an_empty_plan_says_so():
    plan = build_work_plan(_mentorship(started_on=None), [], TODAY, BERLIN)
    assert [i.kind for i in plan.items] == ["today"] and plan.tally == "nothing planned yet"
    assert (plan.start, plan.end) == (None, None)


def test_the_service_builds_the_plan_of_the_mentorships_goals_only(ada, journal):
    goal = journal.goals.add("Public speaking", by="2027-03-31", mentorship=ada.id)
    journal.goals.add_milestone(goal.id, "Lightning talk", due="2026-12-15")
    other = journal.goals.add("Elsewhere", by="2027-01-01")
    journal.goals.add_milestone(other.id, "Not here", due="2026-12-01")
    plan = journal.agreements.work_plan("Ada")
    assert [(i.goal, i.what, i.said) for i in plan.work] == [
        ("Public speaking", "Lightning talk", "due in 22 days"), ("Public speaking", "Target date", "due in 128 days")]


# ------------------------------------------------------------------ exports
HOSTILE = "<script>alert(1)</script>"
JS_LINK = "[click me](javascript:alert(document.cookie))"


def _hostile_agreement():
    m = Mentorship(id="m1", mentor="Ada <b>Bold</b> [x](javascript:alert(1))", focus="# not a heading <img src=x>",
                   started_on=date(2026, 9, 1), check_in_every=14, short_id="m1abcd",
                   agreements="Other: " + JS_LINK,
                   parts={"ground_rules": "- We start on time\n- **Bold** and [site](https://example.com)",
                          "confidentiality": "Before\n\n" + HOSTILE + "\n\nAfter",
                          "boundaries": JS_LINK})
    goal = _goal("Talk </td><script>x</script>", gid="g1", by=date(2027, 3, 31),
                 milestones=[("<b>Outline</b> | pipe", date(2026, 12, 1), None)])
    goal.specific = "Speak <em>well</em> ``` fence"
    return build_agreement(m, [goal], TODAY), build_work_plan(m, [goal], TODAY, BERLIN)


def test_markdown_export_keeps_safe_markdown_and_shows_hostile_parts_as_typed():
    agreement, plan = _hostile_agreement()
    text = render(agreement, plan, "markdown")
    assert text.startswith("# Agreement: mentorship with Ada \\<b\\>Bold\\</b\\> \\[x\\](javascript:alert(1))\n")
    assert "- We start on time\n- **Bold** and [site](https://example.com)" in text  # the user's Markdown
    fenced = re.findall(r"```text\n(.*?)\n```", text, re.S)
    assert fenced == ["Before\n\n" + HOSTILE + "\n\nAfter", JS_LINK, "Other: " + JS_LINK]
    outside = re.sub(r"```text\n.*?\n```", "", text, flags=re.S)
    for markup in ("<script", "](javascript", "<b>", "<em>", "<img"):  # only ever escaped: \<script
        assert not re.search(r"(?<!\\)" + re.escape(markup), outside), markup
    assert "Focus: \\# not a heading \\<img src=x\\>" in text
    assert "| \\<b\\>Outline\\</b\\> \\| pipe |" in text  # a cell cannot end early
    assert "## Boundaries\n\n```text\n[click me]" in text and "_Not agreed yet._" in text


def test_a_fence_inside_the_text_cannot_close_the_block():
    text = "```\ncode\n```\n<script>x</script>"
    shown = user_markdown(text)
    assert shown.startswith("````text\n") and shown.endswith("\n````")


@pytest.mark.parametrize("source", ["Plain words", "[a](https://x.org) [b](mailto:a@b.c) [c](#part) [d](notes.md)",
                                    "`<script>` in code", "    <div>indented code</div>", "a < b > c"])
def test_safe_markdown_passes_through_as_written(source):
    assert user_markdown(source) == source


@pytest.mark.parametrize("source", ["<div>x</div>", "x <span>y</span>", "[a](javascript:alert(1))",
                                    "[a](JAVASCRIPT:alert(1))", "![i](data:text/html;base64,PHNjcmlwdD4=)",
                                    "<javascript:alert(1)>", "[a](vbscript:x)", "[a]\n\n[a]: javascript:alert(1)"])
def test_raw_html_and_unsafe_links_are_fenced(source):
    assert user_markdown(source).startswith("```text\n")


def test_html_export_is_one_page_with_no_script_and_nothing_of_the_user_as_markup():
    agreement, plan = _hostile_agreement()
    page = render(agreement, plan, "html")
    assert page.startswith("<!DOCTYPE html>")
    assert ('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "style-src 'unsafe-inline'; img-src data:\">") in page
    assert "<script" not in page.lower() and "javascript:" not in page.replace("(javascript:", "")
    assert 'href="javascript' not in page and "<img" not in page and "<b>" not in page and "<em>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<strong>Bold</strong>" in page and '<a href="https://example.com">site</a>' in page
    assert "Talk &lt;/td&gt;&lt;script&gt;x&lt;/script&gt;" in page
    assert "@media print" in page and "<link" not in page and "<img" not in page
    assert " id=" not in page and " name=" not in page.replace('meta name="viewport"', "")
    assert page.count("Not agreed yet.") == 3


def test_write_makes_a_private_file_and_refuses_the_journal_itself(ada, journal, tmp_path):
    journal.agreements.set_part("Ada", "ground", "On time")
    path = journal.agreements.write("Ada", "html", tmp_path / "agreement.html")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert "Ground rules" in path.read_text(encoding="utf-8")
    with pytest.raises(BadValue, match="Refusing"):
        journal.agreements.write("Ada", "markdown", journal.path)
    with pytest.raises(BadValue, match="markdown or html"):
        journal.agreements.export("Ada", "json")
