"""Goals, reviewed (stop 41): a reopened goal in an ended mentorship, milestones of one name, an
invisible title, quiet days counted from a day still to come."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from journal.domain.errors import BadValue
from journal.domain.model import EntryInput
from journal.domain.text import clean_title
from tests.conftest import NOW


@pytest.mark.catalogue("S416")
def test_a_goal_closed_with_its_mentorship_is_not_reopened_inside_it(journal):
    journal.mentorships.add("Sam")
    goal = journal.goals.add("Writing", mentorship="Sam")
    journal.mentorships.close("Sam", goals={goal.id: "achieved"})
    for status in ("active", "paused"):
        with pytest.raises(BadValue, match=r"mentorship with Sam has ended.*--mentorship ''"):
            journal.goals.set_status(goal.id, status)
    assert journal.goals.get(goal.id).status.value == "achieved"
    journal.goals.set_status(goal.id, "abandoned")  # how it ended may still change: it stays closed
    journal.goals.edit(goal.id, mentorship="")  # the way out the message names
    assert journal.goals.set_status(goal.id, "active").status.value == "active"


@pytest.mark.catalogue("S416")
def test_a_goal_of_an_active_mentorship_reopens_as_before(journal):
    journal.mentorships.add("Sam")
    goal = journal.goals.add("Writing", mentorship="Sam")
    journal.goals.close(goal.id, "achieved")
    assert journal.goals.set_status(goal.id, "active").mentorship is not None


@pytest.mark.catalogue("S417")
def test_a_second_milestone_of_one_name_is_refused(journal):
    goal = journal.goals.add("Talk")
    journal.goals.add_milestone(goal.id, "First draft")
    for same in ("First draft", "first  DRAFT", "FIRST DRAFT"):
        with pytest.raises(BadValue, match="already has a milestone called"):
            journal.goals.add_milestone(goal.id, same)
    assert [m.title for m in journal.goals.get(goal.id).milestones] == ["First draft"]
    other = journal.goals.add("Other")
    journal.goals.add_milestone(other.id, "First draft")  # another goal's milestone may share it


@pytest.mark.catalogue("S418")
@pytest.mark.parametrize("title", ["\u200b", " \u200b\u200d ", "\u2060\ufeff", "\u3164", "\u2800"])
def test_a_title_with_nothing_to_see_is_no_title(journal, title):
    assert clean_title(title) is None
    with pytest.raises(BadValue, match="needs a title"):
        journal.goals.add(title)


@pytest.mark.catalogue("S418")
def test_a_visible_title_with_a_joiner_is_kept():
    assert clean_title("👩\u200d💻 Coding") == "👩\u200d💻 Coding"


@pytest.mark.catalogue("S419")
def test_quiet_days_are_never_negative(journal, clock):
    goal = journal.goals.add("Clock goal")
    clock.set(NOW + timedelta(days=3))  # written on a device whose clock ran ahead, synced here
    journal.entries.write(EntryInput("From the future device", lens="hindsight", goals=[goal.id]))
    clock.set(NOW)
    [summary] = journal.goals.summaries()
    assert summary.quiet_days == 0
    clock.set(datetime(2026, 12, 3, 9, 0, tzinfo=NOW.tzinfo))
    [summary] = journal.goals.summaries()
    assert summary.quiet_days == 7
