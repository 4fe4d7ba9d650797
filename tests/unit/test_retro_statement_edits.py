"""A goal's statement edits are counted as edits, not as fields changed (S500)."""

from __future__ import annotations

from datetime import datetime

import pytest


@pytest.mark.catalogue("S500")
def test_one_edit_of_two_fields_is_one_edit(journal, clock):
    goal = journal.goals.add("Public speaking", specific="Give a talk", by="2026-12-31")
    journal.goals.edit(goal.id, specific="Give a 10-minute talk", time_bound="2027-01-31")
    [section] = journal.closure.retrospective(goal.id).goals
    assert section.edits == 1
    assert "· 1 statement edit\n" in journal.closure.render(journal.closure.retrospective(goal.id), "markdown")
    clock.set(datetime(2026, 11, 24, 9, 0))
    journal.goals.edit(goal.id, measurable="One talk at the meetup")
    [section] = journal.closure.retrospective(goal.id).goals
    assert section.edits == 2
