"""A window of a long timeline (issue 20): the newest part read without the older entries, exactly
the whole timeline's events from its first day on; the outline (size, weeks) from days alone."""

from __future__ import annotations

from datetime import date

import pytest

from journal.domain.errors import BadValue
from journal.domain.timeline import bucket, count_buckets, gap_events
from journal.services import EntryInput
from journal.store import timeline as timeline_rows

NEWEST = (1, 2, 3, 5, 8, 13, 21, 200)


@pytest.fixture
def story(journal):
    """A goal, a mentorship and a tag over four years: quiet stretches, foresight revisited long
    after (and still due), feedback with a follow-up, answers to entries far back, trash."""
    journal.goals.add("Talks", by="2027-03-01")
    journal.goals.add_milestone("Talks", "First meetup talk", due="2024-03-01")
    m = journal.mentorships.add("Ada", since="2023-01-01")
    write = journal.entries.write
    old_plan = write(EntryInput(body="Give a talk by spring", lens="foresight", goals=["Talks"], when="2023-01-05",
                                revisit="2026-12-01"))
    write(EntryInput(body="First try\nshaky", goals=["Talks"], when="2023-01-06 09:00", tags=["stage"]))
    feedback = write(EntryInput(body="Slow down", kind="feedback", goals=["Talks"], when="2023-02-01",
                                mentorship=m.id, revisit="2026-11-30",
                                details={"from": "Ada", "follow_up": "Pause after each slide"}))
    for i in range(12):
        write(EntryInput(body=f"practice {i}", lens=("hindsight", "insight", "foresight")[i % 3], goals=["Talks"],
                         when=f"2024-{1 + i % 12:02d}-{1 + 2 * i:02d} 0{i % 10}:15", tags=["stage"] if i % 4 else []))
    write(EntryInput(body="A meeting", kind="meeting", mentorship=m.id, when="2025-06-01 10:00"))
    gone = write(EntryInput(body="trashed", goals=["Talks"], when="2025-07-01"))
    journal.entries.delete(gone.id)
    write(EntryInput(body="Answered the old plan", goals=["Talks"], when="2026-11-02", answers=old_plan.id))
    write(EntryInput(body="Followed up", goals=["Talks"], when="2026-11-03", answers=feedback.id))
    elsewhere = write(EntryInput(body="A plan off the goal", lens="foresight", when="2023-03-01", tags=["stage"]))
    write(EntryInput(body="Answers a plan off the goal", goals=["Talks"], when="2026-11-04", answers=elsewhere.id))
    for day in ("2026-11-10", "2026-11-10", "2026-11-11"):
        write(EntryInput(body=f"late {day}", goals=["Talks"], when=day, mentorship=m.id))
    journal.goals.edit("Talks", specific="Two talks a year")
    return {"goal": "Talks", "mentorship": m.id, "tag": "stage"}


SCOPES = [
    pytest.param({"goal": "Talks"}, id="goal"),
    pytest.param({}, id="whole"),
    pytest.param({"tag": "stage"}, id="tag"),
    pytest.param({"mentorship": "Ada"}, id="mentorship"),
    pytest.param({"goal": "Talks", "tag": "stage"}, id="goal-and-tag"),
]


def _entries(events) -> int:
    return sum(1 for e in events if e.entry_id and e.kind in ("entry", "meeting"))


@pytest.mark.parametrize("scope", SCOPES)
def test_a_window_is_the_whole_timeline_from_its_first_day_on(story, journal, scope):
    title, whole = journal.timeline.build(**scope)
    total = _entries(whole)
    assert total > 3
    for newest in NEWEST:
        window = journal.timeline.window(**scope, newest=newest)
        assert window.title == title
        if newest >= total:
            assert window.complete and window.events == whole
            continue
        assert window.since is not None and not window.complete
        assert window.events == [e for e in whole if e.day >= window.since]
        shown = sorted((e.day for e in whole if e.entry_id and e.kind in ("entry", "meeting")), reverse=True)
        assert window.since == shown[newest - 1]  # the day of the newest-th newest entry
        assert _entries(window.events) >= newest


@pytest.mark.parametrize("scope", SCOPES)
def test_build_since_alone_finds_the_quiet_stretch_before_it(story, journal, scope):
    _, whole = journal.timeline.build(**scope)
    for since in (date(2023, 1, 6), date(2024, 6, 1), date(2025, 1, 1), date(2026, 11, 10), date(2027, 1, 1)):
        _, part = journal.timeline.build(**scope, since=since)
        assert part == [e for e in whole if e.day >= since]


def test_the_window_keeps_what_older_entries_put_in_it(story, journal):
    window = journal.timeline.window("Talks", newest=6)
    assert window.since == date(2026, 11, 2)
    kinds = {e.kind for e in window.events}
    assert {"foresight-due", "follow-up-due", "goal-target"} <= kinds  # written in 2023, due now
    details = [e.detail for e in window.events if e.kind == "entry"]
    assert any("answers foresight of 2023-01-05" in d for d in details)
    assert any("follows up the feedback of 2023-02-01" in d for d in details)
    assert "answers a foresight entry" in details  # the one it answers is not on this timeline
    gap = [e for e in window.events if e.kind == "gap"]
    assert not gap or gap[0].day >= window.since


@pytest.mark.parametrize("scope", SCOPES)
def test_the_outline_counts_and_weeks_are_the_whole_timelines(story, journal, scope):
    _, whole = journal.timeline.build(**scope)
    outline = journal.timeline.outline(**scope)
    assert outline.entries == _entries(whole)
    expected = bucket(whole, "week")
    assert [(b.start, b.end, b.label, b.lens_counts) for b in outline.weeks] == \
        [(b.start, b.end, b.label, b.lens_counts) for b in expected]


@pytest.mark.catalogue("S575")
@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("by", ["week", "month"])
def test_periods_are_the_whole_timelines_buckets_counting_its_entries(story, journal, scope, by):
    from journal.domain.timeline import of_an_entry

    title, whole = journal.timeline.build(**scope)
    zoomed = journal.timeline.periods(**scope, by=by)
    assert zoomed.title == title and zoomed.entries == _entries(whole)
    assert [(b.start, b.end, b.label, b.lens_counts, b.events) for b in zoomed.periods] == \
        [(b.start, b.end, b.label, b.lens_counts, [e for e in b.events if not of_an_entry(e)])
         for b in bucket(whole, by)]
    assert [(b.start, b.lens_counts) for b in zoomed.weeks] == [(b.start, b.lens_counts) for b in bucket(whole, "week")]
    assert any(b.events for b in zoomed.periods)


def test_count_buckets_matches_bucket_and_keeps_long_spans_sparse():
    from journal.domain.model import Lens
    from journal.domain.timeline import MAX_FILLED_PERIODS, TimelineEvent

    days = [date(1900, 1, 1), date(2026, 11, 23), date(2026, 11, 24)]
    events = [TimelineEvent(day=d, kind="entry", title="x", lens=Lens.INSIGHT, entry_id=f"e{i}")
              for i, d in enumerate(days)]
    counts = [(d, {"hindsight": 0, "insight": 1, "foresight": 0}) for d in days]
    for by in ("day", "week", "month"):
        got = count_buckets(counts, (), by)
        assert [(b.start, b.lens_counts) for b in got] == [(b.start, b.lens_counts) for b in bucket(events, by)]
    assert len(count_buckets(counts, (), "week")) < MAX_FILLED_PERIODS
    assert count_buckets([], (), "week") == []
    with pytest.raises(ValueError):
        count_buckets(counts, (), "year")


def test_gap_events_mark_each_quiet_stretch_once():
    gaps = gap_events([date(2026, 1, 1), date(2026, 1, 1), date(2026, 1, 20), date(2026, 1, 22)], 14)
    assert [(g.day, g.detail) for g in gaps] == [(date(2026, 1, 2), "quiet for 18 days")]


def test_the_store_window_reads_only_the_newest_part(story, journal):
    goal_id = journal.goals.get("Talks").id
    whole = timeline_rows.entries(journal.conn, goal_ids=(goal_id,))
    assert timeline_rows.window(journal.conn, len(whole), goal_ids=(goal_id,)) is None  # it all fits
    since = timeline_rows.window(journal.conn, 4, goal_ids=(goal_id,))
    assert since == date(2026, 11, 4)
    assert timeline_rows.last_day_before(journal.conn, since, goal_ids=(goal_id,)) == date(2026, 11, 3)
    ids = timeline_rows.band(journal.conn, since, goal_ids=(goal_id,))
    days = {e.id: e for e in whole}
    # from `since` on, plus the older ones that put something in it: revisits due, answered entries
    assert all(days[i].day >= since or days[i].revisit_on or any(e.answers == i for e in whole) for i in ids)
    assert len(ids) < len(whole)
    assert {e.id for e in timeline_rows.entries(journal.conn, goal_ids=(goal_id,), ids=ids)} == ids


@pytest.mark.catalogue("S575")
@pytest.mark.parametrize("scope", SCOPES)
def test_the_parts_before_a_day_are_the_whole_timeline_between_their_days(story, journal, scope):
    """Going back part by part (`before`), each part is exactly the whole timeline's events of its
    days, the parts meet without a gap or an event twice, and the last starts at the beginning;
    a part read again by its days (`since` and `before`) is the same."""
    _, whole = journal.timeline.build(**scope)
    for newest in (1, 2, 3, 5):
        parts, before = [], None
        while True:
            part = journal.timeline.window(**scope, newest=newest, before=before)
            if before is None and part.complete:
                parts.append(part)
                break
            upto = part.before or date.max
            assert part.events == [e for e in whole if (part.since or date.min) <= e.day < upto]
            again = journal.timeline.window(**scope, since=part.since, before=part.before)
            assert again.events == part.events
            parts.append(part)
            if part.since is None:
                break
            before = part.since
        assert [e for p in reversed(parts) for e in p.events] == whole
        forward, since = [], None  # and on from the start, part by part
        while True:
            before = journal.timeline.cut(**scope, newest=newest, since=since or date.min)
            forward += journal.timeline.window(**scope, newest=None, since=since, before=before).events
            if before is None:
                break
            since = before
        assert forward == whole


def test_a_window_needs_at_least_one_entry(journal):
    with pytest.raises(BadValue):
        journal.timeline.window(newest=0)
