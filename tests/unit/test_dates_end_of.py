"""`end of <month>` and the other end-of forms; a goal's target date: the next one, never the past."""

from datetime import date

import pytest

from journal.domain.dates import TARGET_FORMS, PastTarget, parse_day, parse_target, parse_when
from journal.domain.errors import BadValue
from journal.domain.text import plural

TODAY = date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("end of march", date(2026, 3, 31)),  # the most recent one, as "March 31"
        ("End of Feb", date(2026, 2, 28)),
        ("end of november", date(2025, 11, 30)),  # this month's end is still ahead
        ("end of dec", date(2025, 12, 31)),
        ("end of march 2027", date(2027, 3, 31)),
        ("end of feb, 2028", date(2028, 2, 29)),
        ("end of month", date(2026, 11, 30)),
        ("end of the month", date(2026, 11, 30)),
        ("end of this month", date(2026, 11, 30)),
        ("end of next month", date(2026, 12, 31)),
        ("end of the year", date(2026, 12, 31)),
        ("end of next year", date(2027, 12, 31)),
    ],
)
def test_end_of_forms_resolve_to_the_last_day(text, day):
    assert parse_day(text, TODAY) == day


def test_end_of_next_month_crosses_the_year():
    assert parse_day("end of next month", date(2026, 12, 5)) == date(2027, 1, 31)


def test_end_of_takes_a_time_like_the_other_forms():
    when = parse_when("end of the month 17:00", TODAY)
    assert (when.day, when.time) == (date(2026, 11, 30), "17:00")


@pytest.mark.parametrize("text", ["end of", "end of the march", "end of smarch", "end of the week",
                                  "end of month 2027"])
def test_other_end_of_forms_are_errors_listing_the_accepted_ones(text):
    with pytest.raises(BadValue, match="end of march"):
        parse_day(text, TODAY)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("March 31", date(2027, 3, 31)),  # the next one, not March of this year (past)
        ("end of march", date(2027, 3, 31)),
        ("end of november", date(2026, 11, 30)),
        ("nov 23", TODAY),  # today counts
        ("dec 1", date(2026, 12, 1)),
        ("friday", date(2026, 11, 27)),
        ("this friday", date(2026, 11, 27)),
        ("monday", TODAY),
        ("next monday", date(2026, 11, 30)),
        ("in 3 months", date(2027, 2, 23)),
        ("end of the year", date(2026, 12, 31)),
        ("2027-03-31", date(2027, 3, 31)),
        ("March 31 2027", date(2027, 3, 31)),
    ],
)
def test_a_target_date_means_the_next_occurrence(text, day):
    assert parse_target(text, TODAY) == day


@pytest.mark.parametrize("text", ["2026-03-01", "yesterday", "last friday", "3 days ago", "March 3 2026",
                                  "end of march 2026"])
def test_a_target_date_in_the_past_is_refused_in_one_line(text):
    with pytest.raises(PastTarget) as info:
        parse_target(text, TODAY)
    message = str(info.value)
    assert "is in the past; a target date is ahead of today — e.g. 'in 3 months' or 'end of february'" in message
    assert "\n" not in message and "Accepted forms" not in message


def test_the_refusal_names_the_day_a_relative_date_meant():
    with pytest.raises(PastTarget, match=r"^'yesterday' \(Sun 2026-11-22\) is in the past"):
        parse_target("yesterday", TODAY)
    with pytest.raises(PastTarget, match=r"^2026-03-01 is in the past"):
        parse_target("2026-03-01", TODAY)


def test_a_kept_date_may_be_in_the_past():
    assert parse_target("2026-03-01", TODAY, kept=date(2026, 3, 1)) == date(2026, 3, 1)
    with pytest.raises(PastTarget):
        parse_target("2026-03-02", TODAY, kept=date(2026, 3, 1))


def test_a_target_date_that_does_not_parse_lists_the_target_forms():
    with pytest.raises(BadValue) as info:
        parse_target("whenever", TODAY)
    assert not isinstance(info.value, PastTarget)
    assert str(info.value) == f"Invalid target date 'whenever'. Accepted forms: {TARGET_FORMS}"


def test_a_target_date_is_a_day_within_range():
    with pytest.raises(BadValue, match="without a time"):
        parse_target("tomorrow 9am", TODAY)
    with pytest.raises(BadValue, match="dates run from"):
        parse_target("3000-01-01", TODAY)
    assert parse_target("2999-12-31", TODAY) == date(2999, 12, 31)


def test_an_entry_date_keeps_the_most_recent_rule():
    assert parse_day("March 31", TODAY) == date(2026, 3, 31)
    assert parse_day("friday", TODAY) == date(2026, 11, 20)


# ------------------------------------------------------------------ the goal service uses the same rule
def test_a_new_goal_takes_end_of_march_as_the_next_one(journal):
    goal = journal.goals.add("Write a book", by="end of march")
    assert goal.time_bound == date(2027, 3, 31)
    assert journal.goals.add("Run", by="March 31").time_bound == date(2027, 3, 31)


@pytest.mark.catalogue("N112")
def test_a_new_goal_with_a_past_target_is_refused_and_not_saved(journal):
    with pytest.raises(PastTarget, match="is in the past"):
        journal.goals.add("Too late", by="2026-03-01")
    assert journal.goals.summaries() == []


def test_an_old_goal_whose_date_passed_can_still_be_edited(journal):
    goal = journal.goals.add("Old goal", by="2026-12-01")
    with journal.session.write() as conn:  # written when that day was still ahead
        conn.execute("UPDATE goals SET time_bound = '2026-03-01' WHERE id = ?", (goal.id,))
    edited, changed = journal.goals.edit(goal.id, specific="Still going", by="2026-03-01")
    assert changed == ["specific"] and edited.time_bound == date(2026, 3, 1)
    with pytest.raises(PastTarget):
        journal.goals.edit(goal.id, by="2026-04-01")
    assert journal.goals.edit(goal.id, by="end of march")[0].time_bound == date(2027, 3, 31)


def test_plural():
    assert [plural(n, "day") for n in (0, 1, 2)] == ["0 days", "1 day", "2 days"]
    assert plural(1, "entry", "entries") == "1 entry" and plural(3, "entry", "entries") == "3 entries"
