"""Turn what a person types as a date ("yesterday", "last friday 9:30") into a calendar day.

Pure functions: the caller passes `today`. Anything not in the accepted forms is an
error that lists them; nothing ever falls back to "now".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from journal.domain.errors import BadValue

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
    "2026-03-10, today, yesterday, tomorrow, friday (the most recent one), "
    "last friday, next friday, 3 days ago, 2 weeks ago, 1 month ago, in 3 days, "
    "in 2 months, March 3 (the most recent one), March 3 2025, end of march (the most recent one), "
    "end of march 2025, end of the month, end of next month, end of the year; "
    "optionally followed by a time: 14:30, at 9:05, 9am, 7:30pm"
)
TARGET_FORMS = (
    "2027-03-31, in 12 weeks, in 3 months, next friday, friday, March 31, end of march (each the next one, "
    "today included), March 31 2027, end of march 2027, end of the month, end of next month, end of the year"
)
"""What a target date (a goal's `--by`) accepts: a day, never a time; see `parse_target`."""

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)
UNITS = {"day": "days", "week": "weeks", "month": "months", "year": "years"}
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

_TIME = re.compile(
    r"(?:\s+at)?\s+(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ampm>am|pm)?$"
)
_ISO = re.compile(r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})(?:[ t](?P<time>\d{1,2}:\d{2}))?$")
_AGO = re.compile(r"(?P<n>\d+|a|an|one) (?P<unit>day|week|month|year)s? ago$")
_IN = re.compile(r"in (?P<n>\d+|a|an|one) (?P<unit>day|week|month|year)s?$")
_REL_DAY = re.compile(r"(?:(?P<which>last|next|this) )?(?P<wd>[a-z]+)$")
_END_OF = re.compile(
    r"end of (?:(?:(?P<which>the|this|next) )?(?P<unit>month|year)|(?P<month>[a-z]+)\.?(?:,? (?P<y>\d{4}))?)$"
)
_MONTH_DAY = re.compile(
    r"(?:(?P<m1>[a-z]+)\.? (?P<d1>\d{1,2})(?:st|nd|rd|th)?|(?P<d2>\d{1,2})(?:st|nd|rd|th)? (?P<m2>[a-z]+)\.?)"
    r"(?:,? (?P<y>\d{4}))?$"
)


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


@dataclass(frozen=True)
class When:
    """A resolved date with an optional local time of day (HH:MM)."""

    day: date
    time: str | None = None

    def describe(self) -> str:
        """Human echo of the resolution: 'Tue 2026-03-10 14:30'."""
        text = f"{DAY_NAMES[self.day.weekday()]} {self.day.isoformat()}"
        return f"{text} {self.time}" if self.time else text


class PastTarget(BadValue):
    """A target date before today (see `parse_target`): it parses, and is refused."""


class _Unparsed(BadValue):
    """A typed date in none of the accepted forms; the message lists them."""

    def __init__(self, text: str, why: str) -> None:
        super().__init__(f"Invalid date '{text}'{why}. Accepted forms: {ACCEPTED_FORMS}")
        self.text, self.why = text, why


def _error(text: str, reason: str = "") -> BadValue:
    return _Unparsed(text, f": {reason}" if reason else "")


def _lookup(word: str, names: tuple[str, ...]) -> int | None:
    """Index of the name `word` abbreviates (at least 3 letters), else None."""
    if len(word) < 3:
        return None
    hits = [i for i, name in enumerate(names) if name.startswith(word)]
    return hits[0] if len(hits) == 1 else None


def _count(word: str) -> int:
    return 1 if word in ("a", "an", "one") else int(word)


def _shift(today: date, n: int, unit: str) -> date:
    from dateutil.relativedelta import relativedelta  # imported only when needed: CLI start-up cost

    step = UNITS[unit]
    return today + relativedelta(years=n if step == "years" else 0, months=n if step == "months" else 0,
                                 weeks=n if step == "weeks" else 0, days=n if step == "days" else 0)


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


def _month_end(year: int, month: int) -> date:
    """The last day of `month` (1-12) of `year`."""
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _day_only(text: str, today: date, original: str, forward: bool = False) -> date:
    """`forward`: a form that means "the most recent one" (friday, March 3, end of march) means
    the next one instead, today included (a target date)."""
    if text in ("today", "now"):
        return today
    if text == "yesterday":
        return today - timedelta(days=1)
    if text == "tomorrow":
        return today + timedelta(days=1)
    if match := _AGO.match(text):
        return _shift(today, -_count(match["n"]), match["unit"])
    if match := _IN.match(text):
        return _shift(today, _count(match["n"]), match["unit"])
    if match := _REL_DAY.match(text):
        weekday = _lookup(match["wd"], WEEKDAYS)
        if weekday is not None:
            back = (today.weekday() - weekday) % 7
            ahead = (weekday - today.weekday()) % 7
            which = match["which"]
            if which == "next":
                return today + timedelta(days=ahead or 7)
            if which == "last":
                return today - timedelta(days=back or 7)
            return today + timedelta(days=ahead) if forward else today - timedelta(days=back)
    if match := _END_OF.match(text):
        if match["unit"]:
            step = 1 if match["which"] == "next" else 0
            if match["unit"] == "year":
                return date(today.year + step, 12, 31)
            return _month_end(today.year + (today.month + step - 1) // 12, (today.month + step - 1) % 12 + 1)
        month = _lookup(match["month"], MONTHS)
        if month is not None:
            if match["y"]:
                return _month_end(int(match["y"]), month + 1)
            end = _month_end(today.year, month + 1)
            if forward:
                return end if end >= today else _month_end(today.year + 1, month + 1)
            return end if end <= today else _month_end(today.year - 1, month + 1)
    if match := _MONTH_DAY.match(text):
        month_word = match["m1"] or match["m2"]
        month = _lookup(month_word, MONTHS)
        if month is not None:
            day_number = int(match["d1"] or match["d2"])
            if match["y"]:
                return date(int(match["y"]), month + 1, day_number)
            candidate = date(today.year, month + 1, day_number) if _valid(today.year, month + 1, day_number) else None
            if forward:
                return candidate if candidate is not None and candidate >= today else date(
                    today.year + 1, month + 1, day_number)
            if candidate is None or candidate > today:
                return date(today.year - 1, month + 1, day_number)
            return candidate
    raise _error(original)


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def parse_when(text: str, today: date) -> When:
    """Resolve a typed date (and optional time) relative to `today`.

    Raises BadValue naming the accepted forms for anything else, including
    impossible dates such as 2026-02-30 and times such as 25:00, and a date outside
    FIRST_DAY..LAST_DAY (every typed date of the journal comes through here).
    """
    return _in_range(text, _resolve(text, today))


def _in_range(text: str, when: When) -> When:
    if not day_in_range(when.day):
        resolved = "" if text.strip().startswith(when.day.isoformat()) else f" ({when.day.isoformat()})"
        raise BadValue(f"Invalid date '{text}'{resolved}: {RANGE_TEXT}. Give a date within them.")
    return when


def _resolve(text: str, today: date, forward: bool = False) -> When:
    original = text
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        raise _error(original, "it is empty")
    try:
        if match := _ISO.match(cleaned):
            year, month, day = int(match["y"]), int(match["mo"]), int(match["d"])
            if year < 1:
                raise _error(original, "years start at 0001")
            time = None
            if match["time"]:
                hours, minutes = match["time"].split(":")
                time = _time_of_day(hours, minutes, None, original)
            return When(date(year, month, day), time)
        time = None
        match = _TIME.search(" " + cleaned)
        if match and match.start() == 0 and (match["m"] or match["ampm"]):
            return When(today, _time_of_day(match["h"], match["m"], match["ampm"], original))
        match = _TIME.search(cleaned)
        if match and match.start() > 0 and (match["m"] or match["ampm"]):
            time = _time_of_day(match["h"], match["m"], match["ampm"], original)
            cleaned = cleaned[: match.start()]
        return When(_day_only(cleaned, today, original, forward), time)
    except BadValue:
        raise
    except (ValueError, OverflowError) as exc:
        raise _error(original, str(exc)) from None


def parse_day(text: str, today: date) -> date:
    """Resolve a date that may not carry a time of day (due dates, filters)."""
    when = parse_when(text, today)
    if when.time is not None:
        raise BadValue(f"Invalid date '{text}': give a day here, without a time")
    return when.day


def parse_target(text: str, today: date, kept: date | None = None) -> date:
    """A target date (a goal's `--by`): a day, today or later.

    The forms that mean "the most recent one" for an entry (friday, March 31, end of march)
    mean the next one here, today included. A day before today is refused (PastTarget, one
    line with examples), unless it is `kept`: the date the goal already has, which may stay
    when an old goal is edited. The goal form's echo and the goal's save both come here.
    """
    try:
        when = _in_range(text, _resolve(text, today, forward=True))
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
