"""The pure timeline: ordering, gaps, zoom buckets, goal drift, milestones, zones, sparkline."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from journal.domain.model import Entry, Goal, GoalEvent, GoalRef, Kind, Lens, Milestone
from journal.domain.timeline import (
    KIND_ORDER, Bucket, TimelineEvent, bar, bucket, build_timeline, lens_sparkline,
)

TODAY = date(2026, 11, 23)
H, I, F = Lens.HINDSIGHT, Lens.INSIGHT, Lens.FORESIGHT  # noqa: E741 - the lenses' initials


def entry(day: str, lens: Lens = H, *, time=None, title=None, body="body", kind=Kind.NOTE,
          starred=False, revisit=None, goals=(), id_=None) -> Entry:
    return Entry(
        id=id_ or f"id-{day}-{time}-{title}-{lens.value}", day=date.fromisoformat(day), lens=lens, body=body,
        time=time, title=title, kind=kind, starred=starred,
        revisit_on=date.fromisoformat(revisit) if revisit else None,
        goals=tuple(GoalRef(g, "") for g in goals),
    )


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def goal(history=(), milestones=(), title="Public speaking") -> Goal:
    return Goal(id="g1", title=title, history=list(history), milestones=list(milestones))


def kinds(events):
    return [e.kind for e in events]


# ------------------------------------------------------------------ ordering
def test_events_are_chronological_all_day_first_then_time_then_kind_then_input_order():
    entries = [
        entry("2026-11-02", time="14:00", title="afternoon"),
        entry("2026-11-01", title="all day b"),
        entry("2026-11-02", time="09:05", title="morning"),
        entry("2026-11-01", title="all day c"),
        entry("2026-11-02", title="all day a"),
    ]
    g = goal(milestones=[Milestone("m1", "g1", "Outline", due_on=date(2026, 11, 2), done_on=date(2026, 11, 2))])
    events = build_timeline(entries, [g], today=TODAY)
    assert [(e.day.isoformat(), e.time, e.kind, e.title) for e in events] == [
        ("2026-11-01", None, "entry", "all day b"),
        ("2026-11-01", None, "entry", "all day c"),
        ("2026-11-02", None, "milestone-done", "Outline"),
        ("2026-11-02", None, "entry", "all day a"),
        ("2026-11-02", "09:05", "entry", "morning"),
        ("2026-11-02", "14:00", "entry", "afternoon"),
    ]


def test_entry_events_carry_lens_ids_goal_and_star_and_meetings_are_meeting_events():
    e = entry("2026-11-01", I, title="Talk with Ada", kind=Kind.MEETING, starred=True, goals=("g1",))
    e.short_id = "abcdef"
    (event,) = build_timeline([e], today=TODAY)
    assert event == TimelineEvent(
        day=date(2026, 11, 1), kind="meeting", title="Talk with Ada", lens=I, entry_id=e.id,
        goal_id="g1", detail="meeting", time=None, starred=True, short_id="abcdef",
    )


def test_untitled_entry_takes_its_first_body_line_as_title():
    (event,) = build_timeline([entry("2026-11-01", body="\n# First line\nsecond")], today=TODAY)
    assert event.title == "First line"


def test_every_kind_has_a_rank():
    assert set(KIND_ORDER) == {
        "entry", "milestone-due", "milestone-done", "milestone-missed", "goal-created", "goal-status",
        "goal-edit", "meeting", "gap", "foresight-due", "goal-target",
        "mentorship", "agreement", "goal-decision", "follow-up-due",  # issue 17 (tests/unit/test_timeline_cycle.py)
    }


# ---------------------------------------------------------------------- gaps
@pytest.mark.parametrize(("second", "gap"), [("2026-11-15", False), ("2026-11-16", True)])
def test_gap_needs_at_least_gap_days_quiet_days_strictly_between(second, gap):
    # 2026-11-01 .. 2026-11-15 has 13 days strictly between; .. 11-16 has 14.
    events = build_timeline([entry("2026-11-01"), entry(second)], today=TODAY, gap_days=14)
    gaps = [e for e in events if e.kind == "gap"]
    if not gap:
        assert gaps == []
        return
    (g,) = gaps
    assert g.day == date(2026, 11, 2)
    assert g.detail == "quiet for 14 days"
    assert g.title == "no entries until 2026-11-15"
    assert kinds(events) == ["entry", "gap", "entry"]


def test_gap_days_is_configurable_and_several_entries_a_day_count_once():
    entries = [entry("2026-11-01"), entry("2026-11-01", I), entry("2026-11-05"), entry("2026-11-06")]
    events = build_timeline(entries, today=TODAY, gap_days=3)
    assert [e.detail for e in events if e.kind == "gap"] == ["quiet for 3 days"]
    with pytest.raises(ValueError):
        build_timeline(entries, today=TODAY, gap_days=0)


def test_no_gap_before_the_first_or_after_the_last_entry():
    events = build_timeline([entry("2026-01-01")], today=TODAY, gap_days=1)
    assert kinds(events) == ["entry"]


# ----------------------------------------------------------------- milestones
def test_milestones_done_due_missed_and_done_late():
    g = goal(milestones=[
        Milestone("m1", "g1", "On time", due_on=date(2026, 11, 10), done_on=date(2026, 11, 9)),
        Milestone("m2", "g1", "Late", due_on=date(2026, 11, 1), done_on=date(2026, 11, 4)),
        Milestone("m3", "g1", "Missed", due_on=date(2026, 11, 20)),
        Milestone("m4", "g1", "Due today", due_on=TODAY),
        Milestone("m5", "g1", "Ahead", due_on=date(2026, 12, 1)),
        Milestone("m6", "g1", "No date"),
        Milestone("m7", "g1", "Done, no date", done_on=date(2026, 11, 5)),
    ])
    events = build_timeline([], [g], today=TODAY)
    got = [(e.day.isoformat(), e.kind, e.title, e.detail) for e in events]
    assert got == [
        ("2026-11-01", "milestone-missed", "Late", "missed; done 3 days late on 2026-11-04"),
        ("2026-11-04", "milestone-done", "Late", "done late (3 days after 2026-11-01)"),
        ("2026-11-05", "milestone-done", "Done, no date", "done"),
        ("2026-11-09", "milestone-done", "On time", "done (due 2026-11-10)"),
        ("2026-11-20", "milestone-missed", "Missed", "missed; open 3 days past due"),
        ("2026-11-23", "milestone-due", "Due today", "due today"),
        ("2026-12-01", "milestone-due", "Ahead", "due in 8 days"),
    ]
    assert all(e.goal_id == "g1" and e.lens is None and e.entry_id is None for e in events)


# ---------------------------------------------------------------- goal drift
def test_goal_history_becomes_created_status_and_edit_events():
    g = goal(history=[
        GoalEvent(utc("2026-09-01T08:00:00Z"), "created", new="Public speaking"),
        GoalEvent(utc("2026-10-01T08:00:00Z"), "edit", "specific", "Give a talk", "Give a 5-minute talk"),
        GoalEvent(utc("2026-10-02T08:00:00Z"), "edit", "measurable", None, "One talk a month"),
        GoalEvent(utc("2026-10-03T08:00:00Z"), "status", "status", "active", "paused"),
    ])
    events = build_timeline([], [g], today=TODAY)
    assert [(e.day.isoformat(), e.time, e.kind, e.detail) for e in events] == [
        ("2026-09-01", "08:00", "goal-created", "goal created"),
        ("2026-10-01", "08:00", "goal-edit", "specific: Give a talk → Give a 5-minute talk"),
        ("2026-10-02", "08:00", "goal-edit", "measurable: — → One talk a month"),
        ("2026-10-03", "08:00", "goal-status", "status active → paused"),
    ]
    assert {e.title for e in events} == {"Public speaking"}


@pytest.mark.parametrize(("zone", "day", "time"), [
    ("Europe/Berlin", "2026-03-02", "00:30"),
    ("America/New_York", "2026-03-01", "18:30"),
    ("UTC", "2026-03-01", "23:30"),
])
def test_history_moments_land_on_the_local_day(zone, day, time):
    g = goal(history=[GoalEvent(utc("2026-03-01T23:30:00Z"), "status", "status", "active", "paused")])
    (event,) = build_timeline([], [g], today=TODAY, tz=zone)
    assert (event.day.isoformat(), event.time) == (day, time)


def test_history_moment_across_a_dst_change_uses_the_zone_rules():
    # 2026-03-29 is the spring-forward day in Berlin: 00:30Z is 01:30 CET, 01:30Z is 03:30 CEST.
    g = goal(history=[
        GoalEvent(utc("2026-03-29T00:30:00Z"), "created"),
        GoalEvent(utc("2026-03-29T01:30:00Z"), "edit", "specific", "a", "b"),
    ])
    events = build_timeline([], [g], today=TODAY, tz="Europe/Berlin")
    assert [e.time for e in events] == ["01:30", "03:30"]


# ------------------------------------------------------------- foresight due
def test_foresight_with_revisit_date_adds_a_foresight_due_event():
    f = entry("2026-11-01", F, title="I expect calm", revisit="2026-11-20", goals=("g1",))
    h = entry("2026-11-02", H, title="Not foresight", revisit=None)
    events = build_timeline([f, h], today=TODAY)
    due = [e for e in events if e.kind == "foresight-due"]
    assert len(due) == 1
    assert (due[0].day, due[0].title, due[0].entry_id, due[0].lens, due[0].goal_id) == (
        date(2026, 11, 20), "I expect calm", f.id, F, "g1")
    assert due[0].detail == "revisit foresight of 2026-11-01"
    assert kinds(events) == ["entry", "entry", "foresight-due"]


def test_planned_meetings_are_meeting_events_without_an_entry():
    (event,) = build_timeline([], today=TODAY, planned_meetings=[(date(2026, 12, 1), "Meeting with Ada")])
    assert (event.kind, event.entry_id, event.lens, event.title) == ("meeting", None, None, "Meeting with Ada")


# ----------------------------------------------------------------------- zoom
def test_day_buckets_hold_only_days_with_events_and_gaps_mark_quiet_stretches():
    events = build_timeline([entry("2026-11-01"), entry("2026-11-04", I), entry("2026-11-30")], today=TODAY)
    buckets = bucket(events, "day")
    assert [b.label for b in buckets] == ["2026-11-01", "2026-11-04", "2026-11-05", "2026-11-30"]
    assert [e.kind for e in buckets[2].events] == ["gap"]
    assert [b.entries for b in buckets] == [1, 1, 0, 1]
    assert buckets[1].start == buckets[1].end == date(2026, 11, 4)


def test_week_buckets_are_iso_weeks_from_monday_across_a_year_edge():
    events = build_timeline(
        [entry("2026-12-20"), entry("2026-12-31", I), entry("2027-01-01", I), entry("2027-01-11", F)],
        today=date(2027, 2, 1),
    )
    buckets = bucket(events, "week")
    assert [b.label for b in buckets] == ["2026-W51", "2026-W52", "2026-W53", "2027-W01", "2027-W02"]
    assert [b.start.isoformat() for b in buckets] == [
        "2026-12-14", "2026-12-21", "2026-12-28", "2027-01-04", "2027-01-11"]
    assert [b.end.weekday() for b in buckets] == [6] * 5
    assert [b.entries for b in buckets] == [1, 0, 2, 0, 1]
    assert buckets[2].lens_counts == {"hindsight": 0, "insight": 2, "foresight": 0}


def test_month_buckets_with_empty_months_and_lens_counts():
    entries = [entry("2026-09-03"), entry("2026-09-04", I), entry("2026-09-05", I),
               entry("2026-12-01", F, kind=Kind.MEETING)]
    g = goal(history=[GoalEvent(utc("2026-10-10T12:00:00Z"), "created")])
    buckets = bucket(build_timeline(entries, [g], today=TODAY), "month")
    assert [(b.label, b.start.isoformat(), b.end.isoformat()) for b in buckets] == [
        ("2026-09", "2026-09-01", "2026-09-30"), ("2026-10", "2026-10-01", "2026-10-31"),
        ("2026-11", "2026-11-01", "2026-11-30"), ("2026-12", "2026-12-01", "2026-12-31"),
    ]
    assert [b.lens_counts for b in buckets] == [
        {"hindsight": 1, "insight": 2, "foresight": 0},
        {"hindsight": 0, "insight": 0, "foresight": 0},
        {"hindsight": 0, "insight": 0, "foresight": 0},
        {"hindsight": 0, "insight": 0, "foresight": 1},
    ]
    assert kinds(buckets[1].events) == ["goal-created"]
    assert buckets[2].events == []


def test_foresight_due_does_not_count_as_an_entry_in_lens_counts():
    events = build_timeline([entry("2026-11-01", F, revisit="2026-11-02")], today=TODAY)
    assert [b.entries for b in bucket(events, "day")] == [1, 0]


def test_bucket_of_nothing_is_empty_and_unknown_zoom_is_refused():
    assert bucket([], "week") == []
    with pytest.raises(ValueError):
        bucket(build_timeline([entry("2026-11-01")], today=TODAY), "year")


# -------------------------------------------------------------- sparkline, bar
def test_sparkline_shows_the_dominant_lens_or_a_dot():
    counts = [
        {"hindsight": 2, "insight": 1, "foresight": 0},
        {"hindsight": 0, "insight": 0, "foresight": 0},
        {"hindsight": 1, "insight": 1, "foresight": 3},
        {"hindsight": 1, "insight": 1, "foresight": 0},  # a tie goes to the earlier lens
        {"hindsight": 0, "insight": 4, "foresight": 0},
    ]
    buckets = [Bucket(TODAY, TODAY, "x", c) for c in counts]
    assert lens_sparkline(buckets) == "◀·▶◀◆"
    assert lens_sparkline([]) == ""


def test_bar():
    assert bar(10, 10) == "██████████"
    assert bar(5, 10) == "█████     "
    assert bar(0, 10) == " " * 10
    assert bar(1, 1000).strip() == "▏"
    assert len(bar(3, 7, width=6)) == 6
    assert bar(20, 10, width=4) == "████"
    assert bar(1, 2, width=0) == ""


# -------------------------------------------------------------- user text kept
def test_markup_and_escapes_pass_through_unchanged():
    nasty = "[/bold] \x1b]0;x\x07 [red]x[/red] *md*"
    g = goal(title=nasty, history=[GoalEvent(utc("2026-11-01T10:00:00Z"), "edit", "specific", "[b]", "\x1b[31m")],
             milestones=[Milestone("m1", "g1", nasty, due_on=date(2026, 12, 1))])
    events = build_timeline([entry("2026-11-01", title=nasty)], [g], today=TODAY)
    assert {e.title for e in events} == {nasty}
    assert any(e.detail == "specific: [b] → \x1b[31m" for e in events)


def test_one_quiet_day_is_singular():
    events = build_timeline([entry("2026-11-01"), entry("2026-11-03")], today=TODAY, gap_days=1)
    assert [e.detail for e in events if e.kind == "gap"] == ["quiet for 1 day"]


# ------------------------------------------------------- the store's lean read
def test_lean_store_read_skips_trash_and_matches_short_ids(journal):
    from journal.services import EntryInput
    from journal.store import entries as entry_rows
    from journal.store import timeline as timeline_rows

    journal.goals.add("G")
    written = [journal.entries.write(EntryInput(body=f"e{i}\nmore", when="2026-11-01", goals=["G"] if i % 2 else []))
               for i in range(8)]
    journal.entries.delete(written[1].id)
    goal_id = journal.goals.get("G").id
    found = timeline_rows.entries(journal.conn, goal_ids=(goal_id,))
    assert [e.id for e in found] == [w.id for w in written[3::2]]
    assert all(e.goals[0].id == goal_id and e.body.startswith("e") for e in found)
    expected = entry_rows.short_ids(journal.conn, [e.id for e in found])
    assert {e.id: e.short_id for e in found} == expected


def test_an_answering_hindsight_entry_names_the_foresight_it_answers():
    plan = entry("2026-11-01", F)
    plan.revisit_on = date(2026, 11, 8)
    answer = entry("2026-11-09")
    answer.answers = plan.id
    events = {e.entry_id: e for e in build_timeline([plan, answer], today=TODAY) if e.kind == "entry"}
    assert events[answer.id].detail == "answers foresight of 2026-11-01"
    assert events[plan.id].detail == ""
