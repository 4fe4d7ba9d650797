"""The date table of issue 19: every form a person types, resolved at one fixed clock and zone
(Monday 23 November 2026, Europe/Berlin), both orders of a numeric date, the periods a filter
takes, and the refusals. The rules are in journal/domain/dates.py's docstring and the README."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from journal.domain.dates import ACCEPTED_FORMS, parse_day, parse_span, parse_target, parse_when
from journal.domain.errors import BadValue

TODAY = date(2026, 11, 23)  # a Monday: the tests' fixed clock
THURSDAY = date(2026, 11, 26)
BERLIN = ZoneInfo("Europe/Berlin")


def day_first() -> tuple[str, str]:
    return "dmy", "[dates] order"


def month_first() -> tuple[str, str]:
    return "mdy", "[dates] order"


def when(text: str, today: date = TODAY, order=day_first):
    return parse_when(text, today, order=order, zone=BERLIN)


# ------------------------------------------------------------------ every form, one day (and time)
TABLE = [
    # the README's promise: a day then a time, in every time form
    ("2026-03-10 7:30pm", date(2026, 3, 10), "19:30"),
    ("2026-03-10 at 9:05", date(2026, 3, 10), "09:05"),
    ("2026-03-10 9am", date(2026, 3, 10), "09:00"),
    ("2026-03-10 14:30", date(2026, 3, 10), "14:30"),
    ("2026-03-10T07:05", date(2026, 3, 10), "07:05"),
    ("March 10 2026 7:30pm", date(2026, 3, 10), "19:30"),
    ("25.12.2025 18:00", date(2025, 12, 25), "18:00"),
    # periods where one day is wanted: as far from today
    ("next week", date(2026, 11, 30), None),
    ("last week", date(2026, 11, 16), None),
    ("last month", date(2026, 10, 23), None),
    ("next month", date(2026, 12, 23), None),
    ("last year", date(2025, 11, 23), None),
    ("next year", date(2027, 11, 23), None),
    ("end of march", date(2026, 3, 31), None),
    # noon and midnight
    ("noon", TODAY, "12:00"),
    ("at noon", TODAY, "12:00"),
    ("midnight", TODAY, "00:00"),
    ("sunday at noon", date(2026, 11, 22), "12:00"),
    ("yesterday noon", date(2026, 11, 22), "12:00"),
    # counted back and ahead, short and long
    ("3d ago", date(2026, 11, 20), None),
    ("3 d ago", date(2026, 11, 20), None),
    ("3 days ago", date(2026, 11, 20), None),
    ("2w ago", date(2026, 11, 9), None),
    ("2wks ago", date(2026, 11, 9), None),
    ("1mo ago", date(2026, 10, 23), None),
    ("1y ago", date(2025, 11, 23), None),
    ("in 3d", date(2026, 11, 26), None),
    ("in 2w", date(2026, 12, 7), None),
    ("a week ago", date(2026, 11, 16), None),
    # ISO with an offset: moved into the journal's zone (CET, +01:00, in November; CEST in May)
    ("2020-05-22T15:55-04:00", date(2020, 5, 22), "21:55"),
    ("2020-05-22 15:55 -04:00", date(2020, 5, 22), "21:55"),
    ("2020-05-22T23:30-0400", date(2020, 5, 23), "05:30"),
    ("2026-11-23T08:30:00Z", TODAY, "09:30"),
    ("2026-11-23T09:30:00.123+01:00", TODAY, "09:30"),
    # numeric dates that have one reading
    ("25.12.2025", date(2025, 12, 25), None),
    ("2025/12/25", date(2025, 12, 25), None),
    ("2025.12.25", date(2025, 12, 25), None),
    ("2025/1/5", date(2025, 1, 5), None),
    ("25/12/2025", date(2025, 12, 25), None),
    ("12/25/2025", date(2025, 12, 25), None),
    ("7/7/2014", date(2014, 7, 7), None),
    ("29.02.2028", date(2028, 2, 29), None),
]


@pytest.mark.catalogue("Q126", "Q130")
@pytest.mark.parametrize(("text", "day", "time"), TABLE)
def test_every_form_resolves_at_the_fixed_clock(text, day, time):
    resolved = when(text)
    assert (resolved.day, resolved.time) == (day, time)
    assert when(text, order=month_first) == resolved  # none of these depends on the order


@pytest.mark.catalogue("Q131")
@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("2020-05-22T15:55-04:00",
         "2020-05-22T15:55-04:00 is Fri 22 May 2020 21:55 in Europe/Berlin, the journal's time zone"),
        ("2020-05-22T23:30-0400",
         "2020-05-22T23:30-0400 is Sat 23 May 2020 05:30 in Europe/Berlin, the journal's time zone"),
        ("2026-11-23T08:30:00Z", "2026-11-23T08:30:00Z is Mon 23 Nov 2026 09:30 in Europe/Berlin, "
                                 "the journal's time zone"),
    ],
)
def test_a_moment_with_an_offset_says_it_was_moved_into_the_journals_zone(text, note):
    assert when(text).note == note


def test_a_moment_already_in_the_journals_zone_needs_no_note():
    assert when("2026-11-23T09:30:00.123+01:00").note is None
    assert when("2026-03-10T07:05").note is None  # no offset: the journal's own time
    utc = parse_when("2020-05-22T15:55-04:00", TODAY)  # no zone given: UTC
    assert (utc.day, utc.time) == (date(2020, 5, 22), "19:55") and "in UTC" in (utc.note or "")


# ------------------------------------------------------------------ numeric dates, both orders
@pytest.mark.catalogue("Q127")
@pytest.mark.parametrize(
    ("text", "day_first_day", "month_first_day"),
    [
        ("3/7/2014", date(2014, 7, 3), date(2014, 3, 7)),
        ("3-7-2014", date(2014, 7, 3), date(2014, 3, 7)),
        ("01/02/2026", date(2026, 2, 1), date(2026, 1, 2)),
        ("12/01/2026", date(2026, 1, 12), date(2026, 12, 1)),
        # one reading only: the same whatever the order
        ("25/12/2025", date(2025, 12, 25), date(2025, 12, 25)),
        ("12/25/2025", date(2025, 12, 25), date(2025, 12, 25)),
        ("7/7/2014", date(2014, 7, 7), date(2014, 7, 7)),
        ("2025/12/25", date(2025, 12, 25), date(2025, 12, 25)),
        # a dotted date is day first wherever it is written
        ("25.12.2025", date(2025, 12, 25), date(2025, 12, 25)),
        ("3.7.2014", date(2014, 7, 3), date(2014, 7, 3)),
    ],
)
def test_numeric_dates_in_both_orders(text, day_first_day, month_first_day):
    assert when(text, order=day_first).day == day_first_day
    assert when(text, order=month_first).day == month_first_day


def test_an_ambiguous_numeric_date_says_which_reading_was_used_and_why():
    assert when("3/7/2014", order=day_first).note == "3/7/2014 read as 3 July 2014 (day/month: [dates] order)"
    assert when("3/7/2014", order=month_first).note == "3/7/2014 read as 7 March 2014 (month/day: [dates] order)"
    assert (when("3-7-2014", order=lambda: ("mdy", "the locale en_US.UTF-8; [dates] order sets it")).note
            == "3-7-2014 read as 7 March 2014 (month-day: the locale en_US.UTF-8; [dates] order sets it)")
    assert (when("3.7.2014", order=month_first).note
            == "3.7.2014 read as 3 July 2014 (day.month: a dotted date puts the day first)")
    for unambiguous in ("25/12/2025", "12/25/2025", "7/7/2014", "2025/12/25", "25.12.2025"):
        assert when(unambiguous).note is None, unambiguous
    assert parse_when("3/7/2014", TODAY).note == "3/7/2014 read as 3 July 2014 (day/month: the default)"


def test_the_order_is_asked_only_when_a_date_needs_it():
    asked = []

    def order():
        asked.append(1)
        return "mdy", "[dates] order"

    for text in ("yesterday", "25.12.2025", "2025/12/25", "25/12/2025", "last friday 9:30"):
        parse_when(text, TODAY, order=order)
    assert asked == []
    parse_when("3/7/2014", TODAY, order=order)
    assert asked == [1]


# ------------------------------------------------------------------ weekday words: the rule and its notes
@pytest.mark.catalogue("Q128")
@pytest.mark.parametrize(
    ("text", "today", "day", "note"),
    [
        # Monday 23 Nov
        ("monday", TODAY, TODAY, "monday: today (Mon 23 Nov); say 'last monday' for Mon 16 Nov"),
        ("mon", TODAY, TODAY, "mon: today (Mon 23 Nov); say 'last monday' for Mon 16 Nov"),
        ("this monday", TODAY, TODAY, "this monday: today (Mon 23 Nov); say 'last monday' for Mon 16 Nov"),
        ("last monday", TODAY, date(2026, 11, 16), None),
        ("next monday", TODAY, date(2026, 11, 30), None),
        ("friday", TODAY, date(2026, 11, 20), None),
        ("last friday", TODAY, date(2026, 11, 20), None),
        ("next wednesday", TODAY, date(2026, 11, 25),
         "next wednesday: Wed 25 Nov, this week's; for the Wednesday of next week say 2026-12-02"),
        ("this friday", TODAY, date(2026, 11, 20),
         "this friday: Fri 20 Nov, the most recent one (last week's); this week's is Fri 27 Nov, 'next friday'"),
        # Thursday 26 Nov
        ("thursday", THURSDAY, THURSDAY, "thursday: today (Thu 26 Nov); say 'last thursday' for Thu 19 Nov"),
        ("last monday", THURSDAY, date(2026, 11, 23),
         "last monday: Mon 23 Nov, this week's; for the Monday of last week say 2026-11-16"),
        ("monday", THURSDAY, date(2026, 11, 23), None),
        ("this monday", THURSDAY, date(2026, 11, 23), None),
        ("last friday", THURSDAY, date(2026, 11, 20), None),
        ("next saturday", THURSDAY, date(2026, 11, 28),
         "next saturday: Sat 28 Nov, this week's; for the Saturday of next week say 2026-12-05"),
        ("next tuesday", THURSDAY, date(2026, 12, 1), None),
        ("sunday", date(2026, 11, 29), date(2026, 11, 29),
         "sunday: today (Sun 29 Nov); say 'last sunday' for Sun 22 Nov"),
        ("last sunday", date(2027, 1, 1), date(2026, 12, 27), None),
    ],
)
def test_weekday_words_follow_one_rule_and_say_when_they_could_surprise(text, today, day, note):
    resolved = when(text, today)
    assert (resolved.day, resolved.note) == (day, note)


def test_a_weekday_note_names_the_year_of_a_day_in_another_year():
    assert when("friday", date(2027, 1, 1)).note == "friday: today (Fri 1 Jan); say 'last friday' for Fri 25 Dec 2026"


def test_a_target_weekday_is_the_next_one_today_included():
    assert parse_target("monday", TODAY) == TODAY
    assert parse_target("this friday", TODAY) == date(2026, 11, 27)
    assert parse_target("next month", TODAY) == date(2026, 12, 23)
    assert parse_target("31.03.2027", TODAY) == date(2027, 3, 31)
    assert parse_target("3/4/2027", TODAY, order=month_first) == date(2027, 3, 4)


# ------------------------------------------------------------------ what a filter takes: periods whole
@pytest.mark.catalogue("Q129")
@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("june 2013", date(2013, 6, 1), date(2013, 6, 30)),
        ("Jun 2013", date(2013, 6, 1), date(2013, 6, 30)),
        ("february 2028", date(2028, 2, 1), date(2028, 2, 29)),
        ("june", date(2026, 6, 1), date(2026, 6, 30)),  # the most recent June
        ("november", date(2026, 11, 1), date(2026, 11, 30)),  # this month counts
        ("december", date(2025, 12, 1), date(2025, 12, 31)),
        ("2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("last week", date(2026, 11, 16), date(2026, 11, 22)),  # weeks run Monday to Sunday
        ("this week", date(2026, 11, 23), date(2026, 11, 29)),
        ("next week", date(2026, 11, 30), date(2026, 12, 6)),
        ("last month", date(2026, 10, 1), date(2026, 10, 31)),
        ("this month", date(2026, 11, 1), date(2026, 11, 30)),
        ("next month", date(2026, 12, 1), date(2026, 12, 31)),
        ("last year", date(2025, 1, 1), date(2025, 12, 31)),
        ("this year", date(2026, 1, 1), date(2026, 12, 31)),
        ("next year", date(2027, 1, 1), date(2027, 12, 31)),
        # any other date is its one day
        ("yesterday", date(2026, 11, 22), date(2026, 11, 22)),
        ("3d ago", date(2026, 11, 20), date(2026, 11, 20)),
        ("25.12.2025", date(2025, 12, 25), date(2025, 12, 25)),
        ("end of march", date(2026, 3, 31), date(2026, 3, 31)),
    ],
)
def test_a_filter_takes_a_period_whole(text, first, last):
    span = parse_span(text, TODAY, order=day_first, zone=BERLIN)
    assert (span.first, span.last) == (first, last)


def test_a_span_describes_itself_and_keeps_the_note():
    assert parse_span("last week", TODAY).describe() == "Mon 2026-11-16 – Sun 2026-11-22"
    assert parse_span("yesterday", TODAY).describe() == "Sun 2026-11-22"
    assert parse_span("3/7/2014", TODAY, order=month_first).note == (
        "3/7/2014 read as 7 March 2014 (month/day: [dates] order)")
    assert parse_span("last week", date(2027, 1, 6)).first == date(2026, 12, 28)  # across the year
    assert parse_span("last month", date(2027, 1, 31)).first == date(2026, 12, 1)


# ------------------------------------------------------------------ the refusals
@pytest.mark.catalogue("Q130")
@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("13/13/2020", "13 is not a month"),
        ("13/14/2020", "neither 13 nor 14 is a month"),
        ("31.02.2025", "February 2025 has no day 31"),
        ("29.02.2026", "February 2026 has no day 29"),
        ("3.25.2025", "a dotted date puts the day first, and 25 is not a month"),
        ("2025/13/01", "13 is not a month"),
        ("2025/12/2025", "a date that starts with its year goes on with the month, then the day"),
        ("3/7/14", "write the year in full, with four digits"),
        ("25.12.25", "write the year in full, with four digits"),
        ("next blursday", ""),
        ("tomorrow-ish", ""),
        ("3/7", ""),
        ("3m ago", ""),
        ("in 3 fortnights", ""),
        ("noonish", ""),
        ("last june", ""),
        ("end of the week", ""),
        ("2020-05-22T25:00-04:00", "25:00 is not a time of day"),
        ("2020-05-22T15:55-25:00", "-25:00 is not a time zone offset"),
        ("2026-02-30T10:00Z", "day is out of range for month"),
        ("0000-01-01T10:00", "years start at 0001"),
        ("0000", "years start at 0001"),
        # a whole period where one day is wanted
        ("june 2013", "it is a whole month (June 2013); give one day of it here (e.g. 2013-06-01)"),
        ("2025", "it is a whole year (2025); give one day of it here (e.g. 2025-01-01)"),
        ("this week", "it is a whole week (2026-11-23 to 2026-11-29)"),
        ("june 2013 9am", "it is a whole month"),
    ],
)
def test_anything_else_is_one_line_naming_the_forms(text, reason):
    with pytest.raises(BadValue) as info:
        when(text)
    message = str(info.value)
    assert message.startswith(f"Invalid date '{text}'") and "\n" not in message
    assert reason in message and message.endswith(f"Accepted forms: {ACCEPTED_FORMS}")


@pytest.mark.parametrize(("text", "reason"), [
    ("yesterday 9am", "give a day here, without a time"),
    ("0999", "dates run from 1000-01-01 to 2999-12-31"),
    ("june 0999", "dates run from 1000-01-01 to 2999-12-31"),
    ("next blursday", "Accepted forms"),
])
def test_a_filter_refuses_a_time_and_a_period_out_of_range(text, reason):
    with pytest.raises(BadValue, match=reason):
        parse_span(text, TODAY)


def test_a_day_refuses_a_time_and_a_target_refuses_a_period():
    with pytest.raises(BadValue, match="without a time"):
        parse_day("noon", TODAY)
    with pytest.raises(BadValue, match=r"^Invalid target date 'june 2027': it is a whole month"):
        parse_target("june 2027", TODAY)


# ------------------------------------------------------------------ fast: nothing heavy on the way
def test_no_form_imports_dateutil():
    script = ("import sys; from datetime import date; from journal.domain.dates import parse_when, parse_span\n"
              "for t in ('in 2 months', '1 month ago', 'last month', 'next year', '1y ago', 'june 2013', "
              "'2020-05-22T15:55-04:00', '3/7/2014', 'end of next month'):\n"
              "    parse_span(t, date(2026, 11, 23)) if t == 'june 2013' else parse_when(t, date(2026, 11, 23))\n"
              "print(sorted(m for m in sys.modules if m.split('.')[0] == 'dateutil'))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_months_and_years_keep_the_day_or_take_the_months_last():
    assert parse_when("in 1 month", date(2026, 1, 31)).day == date(2026, 2, 28)
    assert parse_when("1 year ago", date(2028, 2, 29)).day == date(2027, 2, 28)
    assert parse_when("in 13 months", date(2026, 11, 23)).day == date(2027, 12, 23)
    assert parse_when("last month", date(2026, 3, 31)).day == date(2026, 2, 28)


@pytest.mark.catalogue("S547")
def test_only_a_filters_date_names_the_periods_and_the_calendar_is_the_journals():
    from journal.domain.dates import PERIOD_FORMS, RANGE_TEXT

    today = date(2026, 11, 23)
    for parse in (parse_when, parse_day):
        with pytest.raises(BadValue) as info:
            parse("yesterday 25:00", today)
        assert "period" not in str(info.value) and "--on" not in str(info.value)
    with pytest.raises(BadValue) as info:
        parse_span("blursday", today)
    assert str(info.value).endswith(f"Accepted forms: {ACCEPTED_FORMS}; {PERIOD_FORMS}")
    with pytest.raises(BadValue) as info:
        parse_when("999999999999 days ago", today)
    assert RANGE_TEXT in str(info.value)
