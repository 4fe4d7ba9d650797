"""The retrospective summary keeps the story's arc in its six turning points (S489): how it
ended is always there, and the beginning with it."""

from __future__ import annotations

from datetime import datetime

import pytest

from journal.services import EntryInput


@pytest.mark.catalogue("S489")
def test_the_outcome_and_both_ends_are_kept(journal, clock):
    clock.set(datetime(2026, 1, 5, 9, 0))
    goal = journal.goals.add("Public speaking", by="2026-12-31")
    for week in range(9):
        clock.set(datetime(2026, 1 + week // 4, 5 + 7 * (week % 4), 20, 0))
        journal.entries.write(EntryInput(body=f"Starred moment {week + 1}", lens="hindsight", starred=True,
                                         goals=[goal.id]))
    clock.set(datetime(2026, 4, 29, 18, 0))
    journal.goals.close(goal.id, "achieved")
    story = journal.closure.retrospective(goal.id).summary
    said = [p.text for p in story.turning_points]
    assert len(said) == 6 and story.more_turning_points == 4
    assert said[-1] == "Public speaking: achieved"
    assert said[0] == "Starred moment 1" and "Starred moment 9" in said
    assert [p.day for p in story.turning_points] == sorted(p.day for p in story.turning_points)
    text = journal.closure.render(journal.closure.retrospective(goal.id), "markdown")
    assert "Public speaking: achieved" in text.split("\n## 2.", 1)[0]  # in the summary itself
