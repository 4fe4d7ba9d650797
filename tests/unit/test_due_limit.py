"""`Reflection.due(per_kind=N)` (issue 20): the first N of each kind, in the order the whole list
has them, with every item counted in SQLite; and the goals' activity pass that reads the recent
entries first and a goal's own links only when it has nothing recent."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from journal.domain.reflection import Due, DueList, first_of_each, kind_counts
from journal.services import EntryInput, Journal
from journal.store import goals as goal_rows
from tests.unit.test_query_plans import traced

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=BERLIN)


def _everything(journal: Journal, clock, n: int) -> None:
    """n of each kind of due item (foresight, follow-ups, reviews, quiet goals, check-ins,
    meetings), each kind waiting for different lengths, plus what must never be listed: an answered
    foresight entry and follow-up, a trashed one, a revisit day still to come, a paused goal."""
    clock.set(datetime(2026, 9, 1, 9, 0, tzinfo=BERLIN))
    goals = [journal.goals.add(f"Goal {k:02d}", review_every=7) for k in range(n)]
    paused = journal.goals.add("Paused goal", review_every=7)
    journal.goals.set_status(paused.id, "paused")
    for k in range(n):
        m = journal.mentorships.add(f"Mentor {k:02d}", check_in_every=7, since="2026-09-01")
        journal.mentorships.plan_meeting(m.id, f"2026-11-{1 + k:02d}")
    clock.set(datetime(2026, 10, 1, 9, 0, tzinfo=BERLIN))  # a follow-up is set ahead of the day it is written
    for k in range(n):
        journal.entries.write(EntryInput(f"said {k}", kind="feedback", revisit=f"2026-11-{22 - k:02d}",
                                         when="2026-10-01", details={"from": "Dana", "follow_up": f"try {k}"}))
    said = journal.entries.write(EntryInput("answered feedback", kind="feedback", revisit="2026-11-02",
                                            when="2026-10-01", details={"from": "Lee", "follow_up": "shorter"}))
    journal.entries.write(EntryInput("feedback, nothing to try", kind="feedback", when="2026-10-01",
                                     details={"from": "Kim"}))
    clock.set(NOW)
    journal.entries.write(EntryInput("it was shorter", lens="h", answers=said.id))
    for k in range(n):
        journal.entries.write(EntryInput(f"plan {k}", lens="f", revisit=f"2026-11-{20 - k:02d}", when="2026-10-01"))
        journal.entries.write(EntryInput(f"on goal {k}", goals=(goals[k].id,), when=f"2026-10-{1 + k:02d}"))
        journal.entries.write(EntryInput(f"check-in {k}", kind="check-in", goals=(goals[k].id,),
                                         when=f"2026-10-{2 + k:02d}", details={"goals": 3}))
    answered = journal.entries.write(EntryInput("answered plan", lens="f", revisit="2026-11-01", when="2026-10-01"))
    journal.entries.write(EntryInput("it went fine", lens="h", answers=answered.id))
    trashed = journal.entries.write(EntryInput("trashed plan", lens="f", revisit="2026-11-01", when="2026-10-01"))
    journal.entries.delete(trashed.id)
    journal.entries.write(EntryInput("later plan", lens="f", revisit="2026-12-01", when="2026-10-01"))


@pytest.mark.parametrize("per_kind", [1, 2, 5, 11, 100])
def test_the_first_of_each_kind_are_those_the_whole_list_has_first(journal, clock, per_kind):
    _everything(journal, clock, 11)
    every = journal.reflection.due()
    assert kind_counts(every) == {"foresight": 11, "follow-up": 11, "review": 11, "quiet": 11, "check-in": 11,
                                  "meeting": 11}
    first = journal.reflection.due(per_kind=per_kind)
    assert list(first) == first_of_each(every, per_kind)
    assert first.counts == every.counts == kind_counts(every)
    assert list(first.counts) == ["foresight", "follow-up", "review", "quiet", "check-in", "meeting"]
    assert first.total == len(every) == 66
    assert first.more() == ({} if per_kind >= 11 else {kind: 11 - per_kind for kind in first.counts})
    assert [d.title for d in first if d.kind == "foresight"][:2] == ["plan 10", "plan 9"][:per_kind]  # longest waiting


def test_counts_leave_out_what_is_answered_trashed_or_not_yet_due(journal, clock):
    _everything(journal, clock, 2)
    first = journal.reflection.due(per_kind=1)
    assert first.counts["foresight"] == 2 and first.counts["follow-up"] == 2
    titles = {d.title for d in journal.reflection.due()}
    assert not titles & {"answered plan", "trashed plan", "later plan", "Paused goal"}
    assert not any("shorter" in t or "Kim" in t for t in titles)


def test_nothing_due_is_an_empty_list_with_no_counts(journal):
    for per_kind in (None, 1):
        found = journal.reflection.due(per_kind=per_kind)
        assert found == [] and found.counts == {} and found.total == 0 and found.more() == {}


def test_a_kind_that_starts_later_in_the_list_keeps_its_place(journal, clock):
    """No foresight at all: the follow-ups come first, counted first."""
    clock.set(datetime(2026, 11, 1, 9, 0, tzinfo=BERLIN))
    journal.entries.write(EntryInput("said", kind="feedback", revisit="2026-11-20", when="2026-11-01",
                                     details={"from": "Dana", "follow_up": "pause more"}))
    clock.set(NOW)
    found = journal.reflection.due(per_kind=3)
    assert [d.kind for d in found] == ["follow-up"] and list(found.counts) == ["follow-up"]


def test_the_query_count_does_not_grow_with_the_items(journal, clock):
    def statements() -> list[str]:
        return traced(journal.session.conn, lambda: journal.reflection.due(per_kind=3))

    _everything(journal, clock, 2)
    few = statements()
    clock.set(NOW)
    for k in range(30):
        journal.entries.write(EntryInput(f"more plans {k}", lens="f", revisit="2026-11-10", when="2026-10-01"))
    many = statements()
    assert len(many) == len(few) <= 10  # one more since S262 (when each review rhythm was set, all goals at
    # once), one since S330 (milestones come due, all goals at once)
    assert journal.reflection.due(per_kind=3).counts["foresight"] == 32


# ------------------------------------------------------------------ the goals' activity pass
def _truth(journal: Journal, goal_id: str) -> tuple[str | None, str | None]:
    """A goal's latest entry and check-in day, from its entries as the timeline lists them."""
    entries = journal.entries.list(journal.entries.filter(goals=(goal_id,)))
    days = [e.day.isoformat() for e in entries]
    check_ins = [e.day.isoformat() for e in entries if e.kind.value == "check-in"]
    return max(days, default=None), max(check_ins, default=None)


@pytest.mark.parametrize("since", ["1990-01-01", "2026-06-01", "2026-10-15", "2026-11-20", "2027-01-01"])
def test_the_activity_pass_is_exact_whatever_it_reads_first(journal, clock, since):
    """Whether a goal's latest entry and check-in are in the recent window or older (its own links
    read then), the days are the same; trash never counts; a goal with no entry has none."""
    clock.set(datetime(2026, 1, 1, 9, 0, tzinfo=BERLIN))
    old, recent, mixed, empty = (journal.goals.add(name) for name in ("Old", "Recent", "Mixed", "Empty"))
    clock.set(NOW)
    journal.entries.write(EntryInput("long ago", goals=(old.id,), when="2026-02-01"))
    journal.entries.write(EntryInput("old check-in", kind="check-in", goals=(old.id, mixed.id), when="2026-02-02",
                                     details={"goals": 3}))
    journal.entries.write(EntryInput("lately", goals=(recent.id, mixed.id), when="2026-11-21"))
    journal.entries.write(EntryInput("recent check-in", kind="check-in", goals=(recent.id,), when="2026-11-01",
                                     details={"goals": 4}))
    gone = journal.entries.write(EntryInput("trashed, latest", kind="check-in", goals=(old.id, recent.id),
                                            when="2026-11-22", details={"goals": 2}))
    journal.entries.delete(gone.id)
    ids = [old.id, recent.id, mixed.id, empty.id]
    found = goal_rows.last_activity(journal.session.conn, ids, date.fromisoformat(since), check_ins=set(ids))
    assert found == {goal_id: _truth(journal, goal_id) for goal_id in ids}
    assert found[old.id] == ("2026-02-02", "2026-02-02") and found[mixed.id] == ("2026-11-21", "2026-02-02")
    assert found[empty.id] == (None, None)
    without = goal_rows.last_activity(journal.session.conn, ids, date.fromisoformat(since))
    assert without == {goal_id: (found[goal_id][0], None) for goal_id in ids}  # check-ins asked for by none
    assert goal_rows.last_activity(journal.session.conn, [], date.fromisoformat(since)) == {}


def test_a_review_long_overdue_is_dated_from_its_last_check_in(journal, clock):
    """A check-in older than the recent window still dates the review (the goal's links are read)."""
    clock.set(datetime(2025, 1, 1, 9, 0, tzinfo=BERLIN))
    goal = journal.goals.add("Talks", review_every=30)
    clock.set(NOW)
    journal.entries.write(EntryInput("check-in", kind="check-in", goals=(goal.id,), when="2025-03-01",
                                     details={"goals": 3}))
    recently = (NOW.date() - timedelta(days=2)).isoformat()
    journal.entries.write(EntryInput("a recent note", goals=(goal.id,), when=recently))
    found = {d.kind: (d.since.isoformat(), d.days) for d in journal.reflection.due(per_kind=5)}
    assert found == {"review": ("2025-03-31", (NOW.date() - date(2025, 3, 31)).days)}


def test_a_due_list_counts_what_it_holds_unless_told():
    a = Due("foresight", "a", "A", date(2026, 11, 1), 22)
    b = Due("quiet", "b", "B", date(2026, 11, 1), 22)
    assert DueList([a, b, a]).counts == {"foresight": 2, "quiet": 1}
    listed = DueList([a, b], {"foresight": 5, "quiet": 1})
    assert listed == [a, b] and listed.total == 6 and listed.more() == {"foresight": 4}
