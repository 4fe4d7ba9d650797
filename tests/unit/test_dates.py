from datetime import date

import pytest

from journal.domain.dates import parse_day, parse_when
from journal.domain.errors import BadValue

TODAY = date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize(
    ("text", "day", "time"),
    [
        ("2026-03-10", date(2026, 3, 10), None),
        ("2026-03-10 14:30", date(2026, 3, 10), "14:30"),
        ("2026-03-10T07:05", date(2026, 3, 10), "07:05"),
        ("today", TODAY, None),
        ("Yesterday", date(2026, 11, 22), None),
        ("tomorrow", date(2026, 11, 24), None),
        ("friday", date(2026, 11, 20), None),
        ("fri", date(2026, 11, 20), None),
        ("monday", TODAY, None),
        ("last monday", date(2026, 11, 16), None),
        ("last friday", date(2026, 11, 20), None),
        ("next monday", date(2026, 11, 30), None),
        ("next wednesday", date(2026, 11, 25), None),
        ("3 days ago", date(2026, 11, 20), None),
        ("a week ago", date(2026, 11, 16), None),
        ("2 weeks ago", date(2026, 11, 9), None),
        ("1 month ago", date(2026, 10, 23), None),
        ("in 3 days", date(2026, 11, 26), None),
        ("in 2 months", date(2027, 1, 23), None),
        ("March 3", date(2026, 3, 3), None),
        ("3 march", date(2026, 3, 3), None),
        ("Dec 25", date(2025, 12, 25), None),
        ("nov 23", TODAY, None),
        ("March 3 2025", date(2025, 3, 3), None),
        ("yesterday 9:30", date(2026, 11, 22), "09:30"),
        ("last friday at 7pm", date(2026, 11, 20), "19:00"),
        ("tomorrow at 9am", date(2026, 11, 24), "09:00"),
        ("12am", TODAY, "00:00"),
        ("14:05", TODAY, "14:05"),
    ],
)
def test_accepted_forms_resolve(text, day, time):
    when = parse_when(text, TODAY)
    assert (when.day, when.time) == (day, time)


@pytest.mark.parametrize(
    "text",
    ["2026-02-30", "2026-02-29", "2026-13-01", "0000-01-01", "next blursday", "25:00",
     "tomorrow at 25:00", "12/01/26", "yesterday 9", "soon", "", "   ", "13pm", "in many days",
     "2026-03-10 24:00", "february 30"],
)
def test_everything_else_is_an_error_listing_the_forms(text):
    with pytest.raises(BadValue) as info:
        parse_when(text, TODAY)
    assert "Accepted forms" in str(info.value)


def test_describe_echoes_weekday_and_time():
    assert parse_when("2026-03-10 14:30", TODAY).describe() == "Tue 2026-03-10 14:30"


def test_leap_day_is_valid_in_leap_years():
    assert parse_when("2028-02-29", TODAY).day == date(2028, 2, 29)


def test_extreme_dates_do_not_crash():
    assert parse_when("1000-01-01", TODAY).describe().endswith("1000-01-01")
    assert parse_when("2999-12-31", TODAY).day == date(2999, 12, 31)
    for text in ("0001-01-01", "9999-12-31", "3000-01-01"):  # outside the accepted range (K83)
        with pytest.raises(BadValue):
            parse_when(text, TODAY)
    with pytest.raises(BadValue):
        parse_when("in 1 day", date(9999, 12, 31))


def test_parse_day_refuses_a_time():
    assert parse_day("yesterday", TODAY) == date(2026, 11, 22)
    with pytest.raises(BadValue):
        parse_day("yesterday 10:00", TODAY)
