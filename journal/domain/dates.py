"""Turn what a person types as a date ("yesterday", "last friday 9:30", "3/7/2014") into a
calendar day, or, for a filter, into the days of a period ("june 2013", "last week").

Pure functions: the caller passes `today`, the journal's time zone (for a moment typed with
an offset) and where the order of an ambiguous numeric date comes from. Anything not in the
accepted forms is an error that lists them; nothing ever falls back to "now".

The rules, as the README says them:
- Weekday words. `friday` (and `this friday`) is the most recent Friday, today included;
  `last friday` the most recent one before today, `next friday` the first one after today,
  each of them in this week when it falls there (a target date: `friday` is the next one,
  today included). Whenever a weekday word means today, or another reading of it would give
  another week (`last monday` on a Thursday: this week's Monday; jrnl reads the week before),
  the resolution carries a note the echo shows, naming the other day and how to type it.
- Numeric dates. Year first (`2025/12/25`, `2025.12.25`) is year, month, day. Year last
  (`3/7/2014`, `3-7-2014`) is read day first or month first by `[dates] order`, its default
  coming from the locale (config.date_order): unless one reading is impossible (`25/12/2025`
  can only be day first). A dotted date (`25.12.2025`, `3.7.2014`) is day first wherever it
  is written. When the order decided, the note says which reading was used and why.
- A moment with an offset (`2020-05-22T15:55-04:00`, `…Z`) is moved into the journal's
  zone, and the note says so.
- Periods (`june 2013`, `june`, `2025`, `this week`, `last month`, `next year`; weeks run
  Monday to Sunday) are what a filter takes whole (`parse_span`). Where one day is wanted,
  `last week` / `next month` / `last year` mean a week / month / year from today, and the
  others are refused, naming a day of them instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from journal.domain.errors import BadValue
from journal.record import field, record

FIRST_DAY = date(1000, 1, 1)
LAST_DAY = date(2999, 12, 31)
"""The days the journal accepts, typed or imported (entry days, revisit dates, target dates,
milestones, mentorship dates, and the moments an import carries). Both ends lie centuries away from
`date.min` and `date.max`, so no step of date arithmetic the app does from an accepted day
(a cadence of up to MAX_CADENCE_DAYS, the next week or month of a timeline, a moment moved
into any time zone) can overflow, and a timeline's span stays small enough to list."""
MAX_CADENCE_DAYS = 3650
"""The longest review or check-in cadence, in days (ten years); the shortest is 1."""
RANGE_TEXT = f"dates run from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}"

ACCEPTED_FORMS = (
    "2026-03-10, 25.12.2025, 2025/12/25, 3/7/2014 (day or month first: [dates] order), "
    "2020-05-22T15:55-04:00, today, yesterday, tomorrow, friday (the most recent one), "
    "last friday, next friday, 3 days ago, 3d ago, 2w ago, 1 month ago, in 3 days, "
    "in 2 months, last week, next month, March 3 (the most recent one), March 3 2025, "
    "end of march (the most recent one), end of march 2025, end of the month, end of next month, "
    "end of the year; optionally followed by a time: 14:30, at 9:05, 9am, 7:30pm, noon"
)
PERIOD_FORMS = "a filter also takes a whole period: june 2013, june, 2025, this week, last month, next year"
"""Said only where a filter's date was typed (`parse_span`): an entry's day takes no period, and
the app's date fields said the command line's filter options (S547)."""
TARGET_FORMS = (
    "2027-03-31, 31.03.2027, in 12 weeks, in 3 months, next month, next friday, friday, March 31, "
    "end of march (each the next one, today included), March 31 2027, end of march 2027, "
    "end of the month, end of next month, end of the year"
)
"""What a target date (a goal's `--by`) accepts: a day, never a time; see `parse_target`."""

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
ORDERS = ("dmy", "mdy")
"""The readings of a numeric date with the year last: day first (3/7/2014 is 3 July) or month first."""

OrderSource = Callable[[], tuple[str, str]]
"""Where the order of an ambiguous numeric date comes from: a function returning ("dmy" or
"mdy", the words saying why, e.g. "[dates] order"). Called only when a typed date needs it, so
reading config.toml costs nothing for every other form (config.date_order is the app's)."""


def default_order() -> tuple[str, str]:
    """The order used when the caller names none: day first."""
    return "dmy", "the default"


# The forms as pattern text: `re` compiles each on its first use and keeps it in its own cache
# (compiling all twelve here cost ~1.5 ms of every command's start, most of which read no date).
_TIME = (
    r"(?:\s+at)?\s+(?:(?P<word>noon|midnight)|(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ampm>am|pm)?)$"
)
_STAMP = (
    r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})[t ](?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d{1,9})?)?"
    r" ?(?P<off>z|[+-]\d{2}(?::?\d{2})?)?$"
)
_ISO_DAY = r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})$"
_NUMERIC = r"(?P<a>\d{1,4})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{1,4})$"
_SHORT_UNITS = {"d": "day", "w": "week", "wk": "week", "wks": "week", "mo": "month", "mos": "month",
                "y": "year", "yr": "year", "yrs": "year"}
_COUNT = (r"(?:(?P<n>\d+) ?(?P<short>d|wks?|w|mos?|yrs?|y)|(?P<count>\d+|a|an|one) "
          r"(?P<unit>day|week|month|year)s?)")
_AGO = _COUNT + r" ago$"
_IN = r"in " + _COUNT + r"$"
_PERIOD = r"(?P<which>last|next|this) (?P<unit>week|month|year)$"
_REL_DAY = r"(?:(?P<which>last|next|this) )?(?P<wd>[a-z]+)$"
_END_OF = (
    r"end of (?:(?:(?P<which>the|this|next) )?(?P<unit>month|year)|(?P<month>[a-z]+)\.?(?:,? (?P<y>\d{4}))?)$"
)
_MONTH_DAY = (
    r"(?:(?P<m1>[a-z]+)\.? (?P<d1>\d{1,2})(?:st|nd|rd|th)?|(?P<d2>\d{1,2})(?:st|nd|rd|th)? (?P<m2>[a-z]+)\.?)"
    r"(?:,? (?P<y>\d{4}))?$"
)
_MONTH_YEAR = r"(?P<m>[a-z]+)\.?(?:,? (?P<y>\d{4}))?$"
_YEAR = r"(?P<y>\d{4})$"


def utc_text(moment: datetime) -> str:
    """A zone-aware moment as stored and exported: UTC, 2026-11-23T14:05:09Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_moment(text: str) -> datetime:
    """A stored moment (ISO 8601, 'Z' for UTC) as a zone-aware datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def parse_stamp(text: str | None) -> datetime | None:
    """A stored moment (ISO 8601, 'Z' for UTC) as a zone-aware datetime; None stays None."""
    return parse_moment(text) if text else None


# ------------------------------------------------------------------ ranges
def day_in_range(day: date) -> bool:
    """Whether `day` lies within FIRST_DAY..LAST_DAY (what the journal accepts)."""
    return FIRST_DAY <= day <= LAST_DAY


def moment_in_range(moment: datetime) -> bool:
    """Whether a moment's UTC day is within FIRST_DAY..LAST_DAY (an imported `created_at`)."""
    try:
        return FIRST_DAY <= moment.astimezone(UTC).date() <= LAST_DAY
    except (OverflowError, ValueError):
        return False


def cadence_of(text: str) -> int | None:
    """A cadence typed into a form (days): None when empty; raises ValueError, its message the
    words a form shows after the field's name, when it is no whole number from 1 to MAX_CADENCE_DAYS."""
    text = text.strip()
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_CADENCE_DAYS:
        raise ValueError(f"a whole number of days from 1 to {MAX_CADENCE_DAYS}, or empty for none.")
    return int(text)


def cadence_problem(value: int | None) -> str | None:
    """Why `value` is not a cadence in days (1..MAX_CADENCE_DAYS); None when it is one (or unset)."""
    if value is None or 1 <= value <= MAX_CADENCE_DAYS:
        return None
    return f"must be a whole number of days from 1 to {MAX_CADENCE_DAYS}"


def add_days(day: date, days: int) -> date:
    """`day` + `days`, saturating at date.min and date.max instead of raising.

    For readers of stored values: a journal written by an older version (or edited by hand)
    may hold a day or a cadence outside the accepted ranges, and reading it must not crash.
    """
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def in_zone(moment: datetime, zone: tzinfo) -> datetime:
    """`moment` (naive means UTC) in `zone`; a moment too close to the ends of the calendar to
    convert stays in UTC rather than raising."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(zone)
    except (OverflowError, ValueError):
        return moment  # its own offset (UTC for everything the journal stores)


@record(frozen=True)
class When:
    """A resolved date with an optional local time of day (HH:MM)."""

    day: date
    time: str | None = None
    note: str | None = field(default=None, compare=False)
    """What the echo adds when the reading could surprise (one line, no typed text but the
    date itself): a weekday word that is today or could mean another week, a numeric date
    read in one order, a moment moved into the journal's zone. None when there is nothing to say."""

    def describe(self) -> str:
        """Human echo of the resolution: 'Tue 2026-03-10 14:30'."""
        text = f"{DAY_NAMES[self.day.weekday()]} {self.day.isoformat()}"
        return f"{text} {self.time}" if self.time else text


@record(frozen=True)
class Span:
    """The days a filter takes, both ends included: one day, or a whole period ('june 2013')."""

    first: date
    last: date
    note: str | None = field(default=None, compare=False)
    """As When.note."""

    def describe(self) -> str:
        """'Mon 2026-11-16' or 'Mon 2026-11-16 – Sun 2026-11-22'."""
        first = f"{DAY_NAMES[self.first.weekday()]} {self.first.isoformat()}"
        if self.first == self.last:
            return first
        return f"{first} – {DAY_NAMES[self.last.weekday()]} {self.last.isoformat()}"


class PastTarget(BadValue):
    """A target date before today (see `parse_target`): it parses, and is refused."""


class _Unparsed(BadValue):
    """A typed date in none of the accepted forms; the message lists them."""

    def __init__(self, text: str, why: str) -> None:
        super().__init__(f"Invalid date '{text}'{why}. Accepted forms: {ACCEPTED_FORMS}")
        self.text, self.why = text, why


def _error(text: str, reason: str = "") -> BadValue:
    return _Unparsed(text, f": {reason}" if reason else "")


@record
class _Read:
    """What the words of a typed date say, before the caller's context picks from it."""

    day: date | None
    """The one day it means (None: it names only a period, as 'june 2013')."""
    time: str | None = None
    span: tuple[date, date] | None = None
    """The period the words name (last week: Monday to Sunday), when they name one."""
    period: str = ""
    """'week', 'month' or 'year': what `span` is, for the refusal where one day is wanted."""
    note: str | None = None


def _lookup(word: str, names: tuple[str, ...]) -> int | None:
    """Index of the name `word` abbreviates (at least 3 letters), else None."""
    if len(word) < 3:
        return None
    hits = [i for i, name in enumerate(names) if name.startswith(word)]
    return hits[0] if len(hits) == 1 else None


def _count(word: str) -> int:
    return 1 if word in ("a", "an", "one") else int(word)


def _days_in(year: int, month: int) -> int:
    return (_month_end(year, month) - date(year, month, 1)).days + 1


def _shift(today: date, n: int, unit: str) -> date:
    """`today` moved by n days, weeks, months or years; a month or year step keeps the day of
    the month, or the month's last day when it has fewer (31 Jan + 1 month: 28 Feb)."""
    if unit == "day":
        return today + timedelta(days=n)
    if unit == "week":
        return today + timedelta(weeks=n)
    year, month = divmod(today.year * 12 + today.month - 1 + n * (12 if unit == "year" else 1), 12)
    if not 1 <= year <= 9999:
        raise OverflowError("date value out of range")
    return date(year, month + 1, min(today.day, _days_in(year, month + 1)))


def _time_of_day(hours: str, minutes: str | None, ampm: str | None, original: str) -> str:
    h, m = int(hours), int(minutes or 0)
    if ampm:
        if not 1 <= h <= 12:
            raise _error(original, f"hour {h} does not fit {ampm}")
        h = h % 12 + (12 if ampm == "pm" else 0)
    elif minutes is None:
        raise _error(original, "a time needs minutes (14:00) or am/pm (2pm)")
    if h > 23 or m > 59:
        raise _error(original, f"{hours}:{minutes or '00'} is not a time of day")
    return f"{h:02d}:{m:02d}"


def _typed_time(match: re.Match[str], original: str) -> str | None:
    """The time a _TIME match names; None when it is a bare number (the day of 'march 3')."""
    if match["word"]:
        return "12:00" if match["word"] == "noon" else "00:00"
    if match["m"] or match["ampm"]:
        return _time_of_day(match["h"], match["m"], match["ampm"], original)
    return None


def _month_end(year: int, month: int) -> date:
    """The last day of `month` (1-12) of `year`."""
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _short(day: date, today: date) -> str:
    """'Mon 23 Nov' (with the year when it is not this year's): the day a note names."""
    text = f"{DAY_NAMES[day.weekday()]} {day.day} {MONTHS[day.month - 1][:3].title()}"
    return text if day.year == today.year else f"{text} {day.year}"


def _calendar_day(year: int, month: int, day: int, original: str) -> date:
    """The day of a numeric date, or an error saying what does not exist."""
    if year < 1:
        raise _error(original, "years start at 0001")
    if not 1 <= month <= 12:
        raise _error(original, f"{month} is not a month")
    if not 1 <= day <= _days_in(year, month):
        raise _error(original, f"{MONTHS[month - 1].title()} {year} has no day {day}")
    return date(year, month, day)


def _numeric(match: re.Match[str], original: str, order: OrderSource | None) -> _Read:
    """3/7/2014, 25.12.2025, 2025/12/25, 3-7-2014 (see the module's rules)."""
    a, sep, b, c = match["a"], match["sep"], match["b"], match["c"]
    if len(a) == 4:
        if len(c) > 2:
            raise _error(original, "a date that starts with its year goes on with the month, then the day")
        return _Read(_calendar_day(int(a), int(b), int(c), original))
    if len(a) > 2:
        raise _error(original)
    if len(c) != 4:
        raise _error(original, "write the year in full, with four digits (3/7/2014)")
    first, second, year = int(a), int(b), int(c)
    if first > 12 and second > 12:
        raise _error(original, f"{a} is not a month" if a == b else f"neither {a} nor {b} is a month")
    note = None
    if sep == ".":
        if second > 12:
            raise _error(original, f"a dotted date puts the day first, and {b} is not a month")
        reading = "dmy"
        if first != second and first <= 12:
            note = "day.month: a dotted date puts the day first"
    elif first > 12:
        reading = "dmy"
    elif second > 12:
        reading = "mdy"
    elif first == second:
        reading = "dmy"  # either reading: the same day
    else:
        reading, why = (order or default_order)()
        if reading not in ORDERS:
            reading, why = default_order()
        note = f"{'day' if reading == 'dmy' else 'month'}{sep}{'month' if reading == 'dmy' else 'day'}: {why}"
    day, month = (first, second) if reading == "dmy" else (second, first)
    resolved = _calendar_day(year, month, day, original)
    if note:
        note = f"{a}{sep}{b}{sep}{c} read as {day} {MONTHS[month - 1].title()} {year} ({note})"
    return _Read(resolved, note=note)


def _stamp(match: re.Match[str], original: str, zone: tzinfo | None) -> _Read:
    """2026-03-10T07:05, 2020-05-22T15:55-04:00, 2020-05-22T19:55:00Z: a day and time, moved
    into the journal's zone when it carries an offset."""
    year, month, day_number = int(match["y"]), int(match["mo"]), int(match["d"])
    if year < 1:
        raise _error(original, "years start at 0001")
    day = date(year, month, day_number)
    hours, minutes, seconds = int(match["h"]), int(match["mi"]), int(match["s"] or 0)
    if hours > 23 or minutes > 59 or seconds > 59:
        raise _error(original, f"{match['h']}:{match['mi']} is not a time of day")
    offset_text = match["off"]
    if not offset_text:
        return _Read(day, f"{hours:02d}:{minutes:02d}")
    if offset_text == "z":
        offset: tzinfo = UTC
    else:
        digits = offset_text[1:].replace(":", "")
        off_h, off_m = int(digits[:2]), int(digits[2:] or 0)
        if off_h > 23 or off_m > 59:
            raise _error(original, f"{offset_text} is not a time zone offset")
        sign = -1 if offset_text[0] == "-" else 1
        offset = timezone(sign * timedelta(hours=off_h, minutes=off_m))
    typed = datetime(year, month, day_number, hours, minutes, tzinfo=offset)
    local = typed.astimezone(zone or UTC)
    time = local.strftime("%H:%M")
    note = None
    if (local.date(), time) != (day, f"{hours:02d}:{minutes:02d}"):
        name = getattr(zone, "key", None) or (str(zone) if zone else "UTC")
        shown = f"{DAY_NAMES[local.weekday()]} {local.day} {MONTHS[local.month - 1][:3].title()} {local.year}"
        note = f"{match.string.upper().replace(' ', 'T')} is {shown} {time} in {name}, the journal's time zone"
    return _Read(local.date(), time, note=note)


def _weekday(text: str, weekday: int, which: str | None, today: date, forward: bool) -> _Read:
    """A weekday word, with a note when it is today or another week could be meant."""
    back = (today.weekday() - weekday) % 7
    ahead = (weekday - today.weekday()) % 7
    week_start = today - timedelta(days=today.weekday())
    week_end = week_start + timedelta(days=6)
    name = WEEKDAYS[weekday]
    note = None
    if which == "next":
        day = today + timedelta(days=ahead or 7)
        if day <= week_end:
            note = (f"{text}: {_short(day, today)}, this week's; for the {name.title()} of next week say "
                    f"{(day + timedelta(days=7)).isoformat()}")
    elif which == "last":
        day = today - timedelta(days=back or 7)
        if day >= week_start:
            note = (f"{text}: {_short(day, today)}, this week's; for the {name.title()} of last week say "
                    f"{(day - timedelta(days=7)).isoformat()}")
    else:
        day = today + timedelta(days=ahead) if forward else today - timedelta(days=back)
        if day == today:
            other = f"next {name}" if forward else f"last {name}"
            alternative = today + timedelta(days=7 if forward else -7)
            note = f"{text}: today ({_short(today, today)}); say '{other}' for {_short(alternative, today)}"
        elif which == "this" and not week_start <= day <= week_end:
            ours = week_start + timedelta(days=weekday)
            note = (f"{text}: {_short(day, today)}, {'the next one' if forward else 'the most recent one'} "
                    f"({'next' if forward else 'last'} week's); this week's is {_short(ours, today)}"
                    + ("" if forward else f", '{'next' if ours > today else 'last'} {name}'"))
    return _Read(day, note=note)


def _period(which: str, unit: str, today: date) -> _Read:
    """last/this/next week, month or year: its days, and (but for `this`) the day as far from today."""
    step = {"last": -1, "this": 0, "next": 1}[which]
    if unit == "week":
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=step)
        span = (monday, monday + timedelta(days=6))
    elif unit == "month":
        year, month = divmod(today.year * 12 + today.month - 1 + step, 12)
        span = (date(year, month + 1, 1), _month_end(year, month + 1))
    else:
        span = (date(today.year + step, 1, 1), date(today.year + step, 12, 31))
    return _Read(_shift(today, step, unit) if step else None, span=span, period=unit)


def _month_period(month: int, year: int | None, today: date, forward: bool) -> _Read:
    """'june 2013', or 'june': the most recent June, this month included (a target: the next one)."""
    if year is None:
        if forward:
            year = today.year if month >= today.month else today.year + 1
        else:
            year = today.year if month <= today.month else today.year - 1
    if year < 1:
        raise ValueError("years start at 0001")
    return _Read(None, span=(date(year, month, 1), _month_end(year, month)), period="month")


def _day_only(text: str, today: date, original: str, forward: bool = False,
              order: OrderSource | None = None) -> _Read:
    """`forward`: a form that means "the most recent one" (friday, March 3, end of march) means
    the next one instead, today included (a target date)."""
    if text in ("today", "now"):
        return _Read(today)
    if text == "yesterday":
        return _Read(today - timedelta(days=1))
    if text == "tomorrow":
        return _Read(today + timedelta(days=1))
    if match := re.match(_ISO_DAY, text):
        return _Read(_iso_day(match, original))
    if match := re.match(_NUMERIC, text):
        return _numeric(match, original, order)
    if match := re.match(_YEAR, text):
        year = int(match["y"])
        if year < 1:
            raise _error(original, "years start at 0001")
        return _Read(None, span=(date(year, 1, 1), date(year, 12, 31)), period="year")
    for sign, pattern in ((-1, _AGO), (1, _IN)):
        if match := re.match(pattern, text):
            if match["short"]:
                return _Read(_shift(today, sign * int(match["n"]), _SHORT_UNITS[match["short"]]))
            return _Read(_shift(today, sign * _count(match["count"]), match["unit"]))
    if match := re.match(_PERIOD, text):
        return _period(match["which"], match["unit"], today)
    if match := re.match(_REL_DAY, text):
        weekday = _lookup(match["wd"], WEEKDAYS)
        if weekday is not None:
            return _weekday(text, weekday, match["which"], today, forward)
    if match := re.match(_END_OF, text):
        if match["unit"]:
            step = 1 if match["which"] == "next" else 0
            if match["unit"] == "year":
                return _Read(date(today.year + step, 12, 31))
            return _Read(_month_end(today.year + (today.month + step - 1) // 12, (today.month + step - 1) % 12 + 1))
        month = _lookup(match["month"], MONTHS)
        if month is not None:
            if match["y"]:
                return _Read(_month_end(int(match["y"]), month + 1))
            end = _month_end(today.year, month + 1)
            if forward:
                return _Read(end if end >= today else _month_end(today.year + 1, month + 1))
            return _Read(end if end <= today else _month_end(today.year - 1, month + 1))
    if match := re.match(_MONTH_DAY, text):
        month_word = match["m1"] or match["m2"]
        month = _lookup(month_word, MONTHS)
        if month is not None:
            day_number = int(match["d1"] or match["d2"])
            if match["y"]:
                return _Read(date(int(match["y"]), month + 1, day_number))
            candidate = date(today.year, month + 1, day_number) if _valid(today.year, month + 1, day_number) else None
            if forward:
                return _Read(candidate if candidate is not None and candidate >= today else date(
                    today.year + 1, month + 1, day_number))
            if candidate is None or candidate > today:
                return _Read(date(today.year - 1, month + 1, day_number))
            return _Read(candidate)
    if match := re.match(_MONTH_YEAR, text):
        month = _lookup(match["m"], MONTHS)
        if month is not None:
            return _month_period(month + 1, int(match["y"]) if match["y"] else None, today, forward)
    raise _error(original)


def _iso_day(match: re.Match[str], original: str) -> date:
    year, month, day = int(match["y"]), int(match["mo"]), int(match["d"])
    if year < 1:
        raise _error(original, "years start at 0001")
    return date(year, month, day)


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _read(text: str, today: date, forward: bool = False, order: OrderSource | None = None,
          zone: tzinfo | None = None) -> _Read:
    """The words of `text` resolved against `today` (see the module's rules)."""
    original = text
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        raise _error(original, "it is empty")
    try:
        if match := re.match(_STAMP, cleaned):
            return _stamp(match, original, zone)
        match = re.search(_TIME, " " + cleaned)
        if match and match.start() == 0 and (time := _typed_time(match, original)):
            return _Read(today, time)
        time = None
        match = re.search(_TIME, cleaned)
        if match and match.start() > 0 and (time := _typed_time(match, original)):
            cleaned = cleaned[: match.start()]
        read = _day_only(cleaned, today, original, forward, order)
        read.time = time
        return read
    except BadValue:
        raise
    except OverflowError:  # Python's own words ("int too large to convert to C int") said nothing (S215)
        raise _error(original, f"too far from today: {RANGE_TEXT}") from None
    except ValueError as exc:  # the calendar's ("day is out of range for month")
        reason = str(exc)
        raise _error(original, reason if "range" in reason or "must be in" in reason else "") from None


def _one_day(text: str, read: _Read) -> When:
    """The day `read` means where one day is wanted; a period alone is refused, naming a day of it."""
    if read.day is None:
        assert read.span is not None
        first, last = read.span
        shown = f"{MONTHS[first.month - 1].title()} {first.year}" if read.period == "month" else (
            str(first.year) if read.period == "year" else f"{first.isoformat()} to {last.isoformat()}")
        raise _error(text, f"it is a whole {read.period} ({shown}); give one day of it here "
                           f"(e.g. {first.isoformat()}); the list and search filters take the whole {read.period}")
    return When(read.day, read.time, read.note)


def _in_range(text: str, when: When) -> When:
    if not day_in_range(when.day):
        resolved = "" if text.strip().startswith(when.day.isoformat()) else f" ({when.day.isoformat()})"
        raise BadValue(f"Invalid date '{text}'{resolved}: {RANGE_TEXT}. Give a date within them.")
    return when


def parse_when(text: str, today: date, *, order: OrderSource | None = None,
               zone: tzinfo | None = None) -> When:
    """Resolve a typed date (and optional time) relative to `today`.

    `order`: where an ambiguous numeric date's order comes from (default: day first);
    `zone`: the journal's zone, into which a moment typed with an offset is moved (default UTC).
    Raises BadValue naming the accepted forms for anything else, including
    impossible dates such as 2026-02-30 and times such as 25:00, a whole period where one
    day is wanted, and a date outside FIRST_DAY..LAST_DAY (every typed date of the journal
    comes through here).
    """
    return _on_the_clock(_in_range(text, _one_day(text, _read(text, today, order=order, zone=zone))), zone)


def _on_the_clock(when: When, zone: tzinfo | None) -> When:
    """`when` as a time the zone's clocks showed: a time in the hour skipped when they went
    forward (02:30 on the last Sunday of March in Berlin) is the one they showed instead (03:30),
    and the note says so; it was kept as typed while its moment was an hour earlier (S520)."""
    if zone is None or when.time is None:
        return when
    typed = datetime.combine(when.day, datetime.strptime(when.time, "%H:%M").time())
    shown = typed.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if shown == typed:
        return when
    moved = f"{when.time} did not happen on {when.day.isoformat()} (the clocks went forward): read as {shown:%H:%M}"
    return When(shown.date(), f"{shown:%H:%M}", f"{when.note}; {moved}" if when.note else moved[0].upper() + moved[1:])


def reading_note(text: str, today: date, *, ahead: bool, order: OrderSource | None = None,
                 zone: tzinfo | None = None) -> str | None:
    """What an echo adds for a typed day that was read one way where another was possible
    (When.note: 3/4/2027's order, a weekday word meaning today); `ahead` for a day a plan
    names (parse_ahead, parse_target). None when there is nothing to say, or no date in it."""
    try:
        if not ahead:  # a day and time of an entry: a time the clocks skipped is said too (S520)
            return parse_when(text, today, order=order, zone=zone).note
        return _read(text, today, ahead, order, zone).note
    except BadValue:
        return None


def parse_day(text: str, today: date, *, order: OrderSource | None = None,
              zone: tzinfo | None = None) -> date:
    """Resolve a date that may not carry a time of day (due dates, days of a mentorship)."""
    when = parse_when(text, today, order=order, zone=zone)
    if when.time is not None:
        raise BadValue(f"Invalid date '{text}': give a day here, without a time")
    return when.day


def parse_ahead(text: str, today: date, *, order: OrderSource | None = None,
                zone: tzinfo | None = None) -> date:
    """A day a plan names (a milestone's due day, a foresight's revisit, the next meeting): the
    forms that mean the most recent one for an entry (friday, March 3, end of october) mean the
    next one here, today included, as a target's do; a day given whole (2026-01-05, yesterday)
    is that day. "friday" for a milestone was last friday: missed the moment it was made (S326)."""
    when = _in_range(text, _one_day(text, _read(text, today, True, order, zone)))
    if when.time is not None:
        raise BadValue(f"Invalid date '{text}': give a day here, without a time")
    return when.day


def parse_span(text: str, today: date, *, order: OrderSource | None = None,
               zone: tzinfo | None = None) -> Span:
    """The days a filter takes (`--on`, `--from`, `--to`): a period ('june 2013', 'june', '2025',
    'this week', 'last month', 'next year') is all its days, any other date its one day. `--on`
    takes the span, `--from` its first day and `--to` its last."""
    try:
        read = _read(text, today, order=order, zone=zone)
    except _Unparsed as exc:
        raise BadValue(f"{exc}; {PERIOD_FORMS}") from None
    if read.time is not None:
        raise BadValue(f"Invalid date '{text}': give a day here, without a time")
    first, last = read.span or (read.day, read.day)
    assert first is not None and last is not None
    for day in (first, last):
        _in_range(text, When(day))
    return Span(first, last, read.note)


def parse_target(text: str, today: date, kept: date | None = None, *, order: OrderSource | None = None,
                 zone: tzinfo | None = None) -> date:
    """A target date (a goal's `--by`): a day, today or later.

    The forms that mean "the most recent one" for an entry (friday, March 31, end of march)
    mean the next one here, today included. A day before today is refused (PastTarget, one
    line with examples), unless it is `kept`: the date the goal already has, which may stay
    when an old goal is edited. The goal form's echo and the goal's save both come here.
    """
    try:
        when = _in_range(text, _one_day(text, _read(text, today, True, order, zone)))
    except _Unparsed as exc:
        raise BadValue(f"Invalid target date '{exc.text}'{exc.why}. Accepted forms: {TARGET_FORMS}") from None
    if when.time is not None:
        raise BadValue(f"Invalid date '{text}': give a day here, without a time")
    if when.day < today and when.day != kept:
        typed = text.strip()
        shown = typed if typed == when.day.isoformat() else f"'{typed}' ({when.describe()})"
        raise PastTarget(f"{shown} is in the past; a target date is ahead of today — e.g. 'in 3 months' "
                         f"or 'end of {MONTHS[(today.month + 2) % 12]}'.")
    return when.day
