"""A goal's days: the local day it closed, and how late an achieved goal came against its target
date (the work plan, the timeline and the retrospective say it alike: S488)."""

from __future__ import annotations

from datetime import date, tzinfo

from journal.domain.dates import in_zone
from journal.domain.model import Goal, GoalStatus


def closed_on(goal: Goal, zone: tzinfo) -> date | None:
    """The local day `goal` closed on (None when no closing moment is kept)."""
    return in_zone(goal.closed_at, zone).date() if goal.closed_at is not None else None


def days_late(goal: Goal, closed: date | None) -> int:
    """How many days after its target date `goal` was achieved (`closed`: the day it closed);
    0 when it was on time, has no target, or was not achieved."""
    if goal.status != GoalStatus.ACHIEVED or goal.time_bound is None or closed is None:
        return 0
    return max((closed - goal.time_bound).days, 0)
