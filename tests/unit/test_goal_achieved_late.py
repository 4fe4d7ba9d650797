"""A goal achieved after its target date is said to be late wherever its target is shown (S488):
the work plan, the timeline and the retrospective, never as met on its day."""

from __future__ import annotations

from datetime import datetime

import pytest

from journal.services import EntryInput


@pytest.fixture
def late_and_on_time(journal, clock):
    clock.set(datetime(2026, 3, 1, 9, 0))
    m = journal.mentorships.add("Dana", since="2026-03-01")
    late = journal.goals.add("Delegation", by="2026-05-31", mentorship=m.id)
    on_time = journal.goals.add("Speaking", by="2026-05-15", mentorship=m.id)
    journal.entries.write(EntryInput(body="Handed over the report", lens="hindsight", goals=[late.id]))
    clock.set(datetime(2026, 4, 29, 18, 0))
    journal.goals.close(on_time.id, "achieved")
    clock.set(datetime(2026, 6, 30, 18, 0))
    journal.mentorships.close(m.id, goals={"Delegation": "achieved"})  # its closing decides
    clock.set(datetime(2026, 7, 13, 20, 0))
    return journal, m, late, on_time


@pytest.mark.catalogue("S488")
def test_the_work_plan_says_the_day_and_how_late(late_and_on_time):
    journal, m, _, _ = late_and_on_time
    targets = {i.goal: i.said for i in journal.agreements.work_plan(m.id).items if i.kind == "target"}
    assert targets == {"Delegation": "goal achieved 30 Jun 2026, 30 days late",
                       "Speaking": "goal achieved 29 Apr 2026"}


@pytest.mark.catalogue("S488")
def test_the_timeline_target_says_how_late(late_and_on_time):
    journal, _, late, on_time = late_and_on_time
    [target] = [e for e in journal.timeline.build(late.id)[1] if e.kind == "goal-target"]
    assert (target.day.isoformat(), target.detail) == ("2026-05-31", "goal achieved 2026-06-30, 30 days late")
    [target] = [e for e in journal.timeline.build(on_time.id)[1] if e.kind == "goal-target"]
    assert target.detail == "goal achieved 2026-04-29"


@pytest.mark.catalogue("S488")
def test_the_retrospective_says_it_came_after_its_target(late_and_on_time):
    journal, m, late, on_time = late_and_on_time
    text = journal.closure.render(journal.closure.retrospective(late.id), "markdown")
    assert "Achieved on 2026-06-30, 30 days after its target date (2026-05-31)" in text
    text = journal.closure.render(journal.closure.retrospective(on_time.id), "markdown")
    assert "Achieved on 2026-04-29" in text and "after its target date" not in text
    text = journal.closure.render(journal.closure.retrospective(mentorship=m.id), "markdown")
    assert "Delegation — achieved, 30 days after its target date; when the mentorship closed" in text
    ended = text.split("### Its goals and how they ended", 1)[1].split("##", 1)[0]
    assert "closed as achieved" not in ended  # "achieved; … closed as achieved" said it twice
