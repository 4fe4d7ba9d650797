"""A goal is quiet, or due a review, from the day it last became active (catalogue S354)."""

from __future__ import annotations

from datetime import datetime

import pytest

from journal.domain.model import EntryInput
from tests.conftest import NOW


def _due_for(journal, goal_id: str) -> list[str]:
    return sorted(d.kind for d in journal.reflection.due(quiet_days=14) if d.ref == goal_id)


@pytest.mark.catalogue("S354")
def test_a_goal_made_today_is_not_quiet_since_an_older_entry_linked_to_it(journal):
    goal = journal.goals.add("Public speaking")
    journal.entries.write(EntryInput("The talk I gave in October", lens="hindsight", when="2026-10-01",
                                     goals=[goal.id]))
    [summary] = journal.goals.summaries()
    assert summary.last_entry.isoformat() == "2026-10-01"
    assert summary.quiet_days == 0  # made today: it was "quiet for 53 days"
    assert _due_for(journal, goal.id) == []


@pytest.mark.catalogue("S354")
def test_a_resumed_goal_counts_its_quiet_days_and_its_review_from_the_resumption(journal, clock):
    clock.set(datetime(2026, 9, 1, 9, 0, tzinfo=NOW.tzinfo))
    goal = journal.goals.add("Public speaking", review_every=7)
    journal.entries.write(EntryInput("Where I stand", lens="hindsight", kind="check-in", goals=[goal.id],
                                     details={"goals": 3}))
    clock.set(datetime(2026, 9, 5, 9, 0, tzinfo=NOW.tzinfo))
    journal.goals.set_status(goal.id, "paused", "Team crunch")
    clock.set(NOW)
    journal.goals.set_status(goal.id, "active")
    assert _due_for(journal, goal.id) == []  # was: a review due since 8 Sep and quiet since 1 Sep
    [summary] = journal.goals.summaries()
    assert summary.quiet_days == 0
    clock.set(datetime(2026, 12, 8, 9, 0, tzinfo=NOW.tzinfo))  # 15 days on: both come due again
    assert _due_for(journal, goal.id) == ["quiet", "review"]
    [summary] = journal.goals.summaries()
    assert summary.quiet_days == 15
