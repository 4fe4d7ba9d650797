"""The reflective loop as pure functions: what is due, how long the streak is."""

from __future__ import annotations

from collections.abc import Iterable
from journal.record import record
from datetime import date

from journal.domain.dates import add_days
from journal.domain.model import Goal, Milestone


@record(frozen=True)
class Due:
    """One thing that asks for attention today."""

    kind: str
    """'foresight' (revisit a foresight entry), 'follow-up' (what a feedback entry said to try),
    'review', 'target' (an active goal's target day has come) or 'milestone' (an open milestone's
    due day has come) of a goal, 'check-in' or 'meeting' (a mentorship), or 'quiet' (an active
    goal with no entries for a while)."""
    ref: str
    """The entry, goal or mentorship id (a milestone's goal)."""
    title: str
    since: date
    """The day it became due (or the last activity, for 'quiet')."""
    days: int
    """Days overdue (or quiet)."""
    milestone: str | None = None
    """A milestone's id (its title is `title`; `goal` names its goal)."""
    goal: str = ""
    """The title of the goal a milestone belongs to."""


class DueList(list[Due]):
    """Items due, in the order `Reflection.due()` lists them (foresight, follow-ups, goals by title,
    mentorships; each kind longest waiting first), and how many there are of each kind: with a
    limit per kind the list holds only the first of each, and `counts` still counts them all."""

    def __init__(self, items: Iterable[Due] = (), counts: dict[str, int] | None = None) -> None:
        super().__init__(items)
        self.counts: dict[str, int] = kind_counts(self) if counts is None else counts
        """Every item of each kind, listed or not, kinds in the order they first appear."""

    @property
    def total(self) -> int:
        """How many items are due in all."""
        return sum(self.counts.values())

    def more(self) -> dict[str, int]:
        """Per kind with items left out of the list: how many."""
        listed = kind_counts(self)
        return {kind: count - listed.get(kind, 0) for kind, count in self.counts.items()
                if count > listed.get(kind, 0)}


def first_of_each(items: list[Due], per_kind: int | None) -> list[Due]:
    """`items` keeping the first `per_kind` of each kind (None: all), in their order."""
    if per_kind is None:
        return list(items)
    seen: dict[str, int] = {}
    kept = []
    for item in items:
        seen[item.kind] = seen.get(item.kind, 0) + 1
        if seen[item.kind] <= per_kind:
            kept.append(item)
    return kept


def kind_counts(items: Iterable[Due]) -> dict[str, int]:
    """How many items of each kind, kinds in the order they first appear."""
    counts: dict[str, int] = {}
    for item in items:
        counts[item.kind] = counts.get(item.kind, 0) + 1
    return counts


def cadence_due(kind: str, ref: str, title: str, last: date, every: int | None, today: date) -> Due | None:
    """Due when `every` days have passed since `last` (the last check-in, or the start)."""
    if not every:
        return None
    due_on = add_days(last, every)  # saturates: a stored cadence or day may be out of range
    if due_on > today:
        return None
    return Due(kind, ref, title, due_on, (today - due_on).days)


def plan_due(goal: Goal, milestones: Iterable[Milestone], today: date) -> list[Due]:
    """An active goal's plan that has come due: its target day (today or passed, until it is
    closed or moved) and its open milestones whose day has come, earliest first (S330)."""
    items = []
    if goal.time_bound is not None and goal.time_bound <= today:
        items.append(Due("target", goal.id, goal.title, goal.time_bound, (today - goal.time_bound).days))
    items += [Due("milestone", goal.id, m.title, m.due_on, (today - m.due_on).days, m.id, goal.title)
              for m in milestones if m.due_on is not None and m.done_on is None and m.due_on <= today]
    return items


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
