"""`due`, the home due panel and the goal counts: one query per kind of item, never one per row
(issue 20). Counted with the connection's trace, so the test follows the code."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from journal.services import EntryInput, Journal

BERLIN = ZoneInfo("Europe/Berlin")


def _statements(journal: Journal, call) -> list[str]:
    seen: list[str] = []
    conn = journal.session.conn
    conn.set_trace_callback(seen.append)
    try:
        call()
    finally:
        conn.set_trace_callback(None)
    return seen


NOW = datetime(2026, 11, 23, 9, 30, tzinfo=BERLIN)


def _more_of_everything(journal: Journal, clock, n: int) -> None:
    """n more of each kind of due item: foresight, follow-ups, goals to review and gone quiet,
    mentorships with a check-in and a meeting due, plus entries on each goal."""
    clock.set(datetime(2026, 10, 1, 9, 0, tzinfo=BERLIN))  # goals and mentorships start here
    goals = []
    first = len(journal.goals.summaries())
    for k in range(first, first + n):
        m = journal.mentorships.add(f"Mentor {k}", check_in_every=7, since="2026-09-01")
        journal.mentorships.plan_meeting(m.id, "2026-11-20")
        goals.append(journal.goals.add(f"Goal {k}", review_every=7))
    clock.set(NOW)
    for k, goal in enumerate(goals, start=first):
        journal.entries.write(EntryInput(f"plan {k}", lens="f", revisit="2026-11-20", when="2026-10-01"))
        journal.entries.write(EntryInput(f"said {k}", kind="feedback", revisit="2026-11-23", when="2026-11-10",
                                         details={"from": "Dana", "follow_up": f"try {k}"}))
        journal.entries.write(EntryInput(f"on goal {k}", goals=(goal.id,), when="2026-10-01"))
        journal.entries.write(EntryInput(f"check-in {k}", kind="check-in", goals=(goal.id,), when="2026-10-02",
                                         details={"goals": 3}))


def test_due_runs_the_same_queries_for_two_items_as_for_twenty(journal, clock):
    _more_of_everything(journal, clock, 2)
    few = journal.reflection.due()
    few_statements = _statements(journal, journal.reflection.due)
    _more_of_everything(journal, clock, 18)
    many = journal.reflection.due()
    many_statements = _statements(journal, journal.reflection.due)
    assert {item.kind for item in many} == {"foresight", "follow-up", "review", "quiet", "check-in", "meeting"}
    assert len(many) == 10 * len(few)
    assert len(many_statements) == len(few_statements) <= 9  # one more since S330: milestones come due


def test_goal_counts_are_one_query_for_any_number_of_goals(journal, clock):
    _more_of_everything(journal, clock, 2)
    few = _statements(journal, journal.goals.summaries)
    _more_of_everything(journal, clock, 10)
    many = _statements(journal, journal.goals.summaries)
    assert len(journal.goals.summaries()) == 12
    assert len(many) == len(few) <= 3
    assert sum("entry_goals" in sql for sql in many) == 1


def test_a_review_is_due_from_the_latest_check_in_whatever_its_lens(journal, clock):
    """The goal's last check-in and last entry come from the one pass over its links (grouped by
    lens): the latest across lenses counts, and a note is not a check-in."""
    clock.set(datetime(2026, 11, 1, 9, 0, tzinfo=BERLIN))
    goal = journal.goals.add("Talks", review_every=7)
    clock.set(NOW)
    journal.entries.write(EntryInput("early", kind="check-in", lens="i", goals=(goal.id,), when="2026-11-02",
                                     details={"goals": 3}))
    journal.entries.write(EntryInput("later", kind="check-in", lens="h", goals=(goal.id,), when="2026-11-10",
                                     details={"goals": 4}))
    journal.entries.write(EntryInput("a note, not a check-in", lens="i", goals=(goal.id,), when="2026-11-20"))
    found = {(d.kind, d.title): (d.since.isoformat(), d.days) for d in journal.reflection.due(quiet_days=14)}
    assert found == {("review", "Talks"): ("2026-11-17", 6)}  # from the 10th (a week on), not the 2nd
    journal.entries.delete(journal.entries.list(journal.entries.filter(kind="check-in"), limit=1)[0].id)
    found = {(d.kind, d.title): (d.since.isoformat(), d.days) for d in journal.reflection.due(quiet_days=14)}
    assert found == {("review", "Talks"): ("2026-11-09", 14)}  # the trashed one no longer counts
    summary = journal.goals.summaries()[0]
    assert summary.lens_counts == {"hindsight": 0, "insight": 2, "foresight": 0}
    assert summary.last_entry.isoformat() == "2026-11-20"
