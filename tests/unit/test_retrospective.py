"""The pure retrospective builder: sections, statements, pairs, numbers, privacy, exclusions."""

from __future__ import annotations

from datetime import UTC, date, datetime

from journal.domain.model import Entry, Goal, GoalEvent, GoalRef, GoalStatus, Kind, Lens, Mentorship, Milestone
from journal.domain.retrospective import build_retrospective, numbers, statements

TODAY = date(2026, 11, 23)


def goal(gid="g1", title="Public speaking", **kw) -> Goal:
    base = dict(id=gid, title=title, specific="Give a talk", measurable="One talk", time_bound=date(2026, 11, 20),
                created_at=datetime(2026, 9, 14, 8, tzinfo=UTC), short_id=gid)
    base.update(kw)
    return Goal(**base)


def entry(n: int, day: date, lens="hindsight", body=None, **kw) -> Entry:
    eid = f"{n:08d}-0000-4000-8000-000000000000"
    base = dict(id=eid, day=day, lens=Lens(lens), body=body or f"body {n}", short_id=eid[:8],
                goals=(GoalRef("g1", "Public speaking"),))
    base.update(kw)
    return Entry(**base)


def test_first_and_final_statement_after_edits():
    g = goal(specific="Give a 10-minute talk", measurable="Feedback from 5", history=[
        GoalEvent(datetime(2026, 9, 14, 8, tzinfo=UTC), "created"),
        GoalEvent(datetime(2026, 10, 2, 8, tzinfo=UTC), "edit", "specific", "Speak up in meetings", "Give a talk"),
        GoalEvent(datetime(2026, 10, 9, 8, tzinfo=UTC), "edit", "specific", "Give a talk", "Give a 10-minute talk"),
        GoalEvent(datetime(2026, 10, 9, 9, tzinfo=UTC), "edit", "time_bound", "2026-12-31", "2026-11-20"),
        GoalEvent(datetime(2026, 10, 9, 9, tzinfo=UTC), "edit", "review_every", None, "7"),
    ])
    first, final, edits = statements(g)
    assert first.specific == "Speak up in meetings" and final.specific == "Give a 10-minute talk"
    assert first.time_bound == "2026-12-31" and final.time_bound == "2026-11-20"
    assert first.measurable == final.measurable == "Feedback from 5"
    assert edits == 3
    retro = build_retrospective(g, [g], [entry(1, date(2026, 10, 1))], today=TODAY)
    section = retro.goals[0]
    assert section.changed_fields == ["specific", "time_bound"]
    assert section.created_on == date(2026, 9, 14)


def test_sections_pairs_open_foresight_and_closure_order():
    g = goal(status=GoalStatus.ACHIEVED, closed_at=datetime(2026, 11, 20, 16, tzinfo=UTC),
             history=[GoalEvent(datetime(2026, 11, 20, 16, tzinfo=UTC), "status", "status", "active", "achieved")],
             milestones=[Milestone("m1", "g1", "Outline", date(2026, 9, 30), date(2026, 9, 29)),
                         Milestone("m2", "g1", "Dry run", date(2026, 10, 14), date(2026, 10, 16)),
                         Milestone("m3", "g1", "Record", date(2026, 10, 28), None),
                         Milestone("m4", "g1", "Later", date(2026, 12, 28), None)])
    expected = entry(1, date(2026, 9, 24), "foresight", "It will be too long", tags=("dry-run",))
    happened = entry(2, date(2026, 10, 16), "hindsight", "17 minutes", answers=expected.id, starred=True,
                     tags=("dry-run",))
    still_open = entry(3, date(2026, 10, 22), "foresight", "Recording will be useful")
    insight_sep = entry(4, date(2026, 9, 30), "insight", "Stories land", tags=("storytelling", "dry-run"))
    insight_oct = entry(5, date(2026, 10, 20), "insight", "Cutting is hard")
    learned = entry(6, date(2026, 11, 20), "insight", "Preparation beats nerves", kind=Kind.CLOSURE,
                    title="What did you learn, about the subject and about yourself?")
    set_out = entry(7, date(2026, 11, 21), "hindsight", "Speak up", kind=Kind.CLOSURE,
                    title="What did you set out to do when this began")
    loose = entry(8, date(2026, 11, 19), "hindsight", "A loose closure note", kind=Kind.CLOSURE)
    carry = entry(9, date(2026, 11, 20), "foresight", "Monthly talks", kind=Kind.CLOSURE)
    prompts = ["What did you set out to do when this began?", "What actually happened?",
               "What did you learn, about the subject and about yourself?"]
    retro = build_retrospective(
        g, [g], [carry, loose, set_out, learned, insight_oct, insight_sep, still_open, happened, expected],
        today=TODAY, tz="Europe/Berlin", closure_prompts=prompts)
    h = retro.hindsight
    assert h.first.entry_id == expected.id and h.last.entry_id == still_open.id  # the closure answers apart
    assert [q.entry_id for q in h.turning_points] == [happened.id]
    assert [m.title for m in h.milestones_hit] == ["Outline", "Dry run"]  # Dry run: done late, done (S308)
    assert [m.title for m in h.milestones_missed] == ["Record"]
    assert [(s.old, s.new, s.day) for s in h.status_changes] == [("active", "achieved", date(2026, 11, 20))]
    assert any(e.kind == "goal-status" for e in h.events) and any(e.kind == "milestone-missed" for e in h.events)
    assert len(h.sparkline) == len(h.weeks)
    assert [p.label for p in retro.insight.periods] == ["2026-09", "2026-10"]
    assert retro.numbers.entries == 5 and retro.numbers.closure_answers == 4
    assert retro.insight.top_tags[0].tag == "dry-run" and retro.insight.top_tags[0].count == 3
    f = retro.foresight
    assert [(p.expected.entry_id, [q.entry_id for q in p.happened]) for p in f.pairs] == [(expected.id, [happened.id])]
    assert [q.entry_id for q in f.open] == [still_open.id]
    assert [q.entry_id for q in f.carry_forward] == [carry.id]
    assert [(a.prompt, a.quote.entry_id) for a in retro.closure] == [
        (prompts[0], set_out.id), (prompts[2], learned.id), (None, loose.id), (None, carry.id)]
    assert retro.goals[0].status == "achieved" and retro.goals[0].closed_on == date(2026, 11, 20)


def test_carry_forward_falls_back_to_latest_foresight():
    es = [entry(i, date(2026, 10, i), "foresight") for i in range(1, 6)]
    retro = build_retrospective(goal(), [], es, today=TODAY)
    assert [q.entry_id for q in retro.foresight.carry_forward] == [e.id for e in es[-3:]]


def test_numbers_longest_gap_active_weeks_and_check_ins():
    es = [
        entry(1, date(2026, 9, 14), kind=Kind.MEETING),           # Monday W38
        entry(2, date(2026, 9, 16), "insight"),
        entry(3, date(2026, 9, 28), kind=Kind.CHECK_IN),          # W40
        entry(4, date(2026, 10, 12), kind=Kind.CHECK_IN),         # W42
        entry(5, date(2026, 10, 30), "foresight"),                # W44; 17 quiet days before
        entry(6, date(2026, 10, 30), "insight"),
    ]
    n = numbers(es)
    assert n.entries == 6 and n.per_lens == {"hindsight": 3, "insight": 2, "foresight": 1}
    assert n.active_weeks == 4 and n.span_weeks == 7
    assert n.longest_gap_days == 17
    assert (n.longest_gap_from, n.longest_gap_to) == (date(2026, 10, 13), date(2026, 10, 29))
    assert n.check_ins == 3 and n.check_in_median_days == 14.0
    assert n.first_day == date(2026, 9, 14) and n.last_day == date(2026, 10, 30)
    empty = numbers([])
    assert empty.entries == 0 and empty.longest_gap_days == 0 and empty.check_in_median_days is None


def test_private_left_out_unless_asked_and_exclude_ids():
    public = entry(1, date(2026, 10, 1))
    secret = entry(2, date(2026, 10, 2), "insight", "my secret", private=True)
    dropped = entry(3, date(2026, 10, 3), "foresight", "drop me")
    retro = build_retrospective(goal(), [], [public, secret, dropped], today=TODAY, exclude_ids=(dropped.short_id,))
    ids = {e.entry_id for e in retro.hindsight.events if e.entry_id}
    assert ids == {public.id}
    assert retro.private_left_out == 1 and retro.excluded == 1 and retro.numbers.entries == 1
    assert not retro.insight.periods and not retro.foresight.open
    shown = build_retrospective(goal(), [], [public, secret, dropped], today=TODAY, include_private=True,
                                exclude_ids=(dropped.id,))
    assert shown.numbers.entries == 2 and shown.private_left_out == 0
    assert shown.insight.periods[0].quotes[0].body == "my secret"


def test_mentorship_with_two_goals():
    m = Mentorship(id="m1", mentor="Dana", focus="Presenting")
    g1, g2 = goal("g1", "Speaking", mentorship="m1"), goal("g2", "Writing", mentorship="m1")
    a = entry(1, date(2026, 10, 1), goals=(GoalRef("g1", "Speaking"),))
    b = entry(2, date(2026, 10, 5), goals=(GoalRef("g2", "Writing"),))
    c = entry(3, date(2026, 10, 7), goals=(), mentorship="m1", kind=Kind.MEETING)
    retro = build_retrospective(m, [g1, g2], [a, b, c, a], today=TODAY)
    assert retro.kind == "mentorship" and retro.mentor == "Dana" and retro.focus == "Presenting"
    assert retro.title == "Mentorship with Dana"
    assert [g.title for g in retro.goals] == ["Speaking", "Writing"]
    assert all(g.mentor == "Dana" for g in retro.goals)
    assert retro.numbers.entries == 3 and retro.numbers.check_ins == 1
    assert sum(1 for e in retro.hindsight.events if e.kind == "goal-created") == 0  # no history given


def test_every_quote_carries_day_and_short_id():
    retro = build_retrospective(goal(), [], [entry(1, date(2026, 10, 1), starred=True)], today=TODAY)
    q = retro.hindsight.turning_points[0]
    assert q.day == date(2026, 10, 1) and q.short_id == "00000001"
