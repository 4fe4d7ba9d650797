"""The reflective loop as pure functions: what is due, how long the streak is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from journal.domain.dates import add_days


@dataclass(frozen=True)
class Due:
    """One thing that asks for attention today."""

    kind: str
    """'foresight' (revisit a foresight entry), 'follow-up' (what a feedback entry said to try),
    'review' (a goal), 'check-in' or 'meeting' (a mentorship), or 'quiet' (an active goal with
    no entries for a while)."""
    ref: str
    """The entry, goal or mentorship id."""
    title: str
    since: date
    """The day it became due (or the last activity, for 'quiet')."""
    days: int
    """Days overdue (or quiet)."""


def cadence_due(kind: str, ref: str, title: str, last: date, every: int | None, today: date) -> Due | None:
    """Due when `every` days have passed since `last` (the last check-in, or the start)."""
    if not every:
        return None
    due_on = add_days(last, every)  # saturates: a stored cadence or day may be out of range
    if due_on > today:
        return None
    return Due(kind, ref, title, due_on, (today - due_on).days)


def quiet_due(ref: str, title: str, last: date, quiet_days: int, today: date) -> Due | None:
    """Due when an active goal has had no entry for `quiet_days` days or more."""
    days = (today - last).days
    return Due("quiet", ref, title, last, days) if days >= quiet_days else None


def streaks(days: list[date], today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive days with an entry.

    The current streak is alive if the last entry is today or yesterday (today may still
    be written); future-dated days (foresight) do not count.
    """
    ordered = sorted({d for d in days if d <= today})
    longest = run = 0
    previous: date | None = None
    for day in ordered:
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        longest = max(longest, run)
        previous = day
    current = run if previous is not None and (today - previous).days <= 1 else 0
    return current, longest
