"""A mentorship's agreement as people read and share it, its history in words, and its work plan.

Pure: no I/O, no clock (the caller passes `today` and the zone), no SQL, no terminal. User
text is carried through unchanged; front ends and writers escape it.

- `build_agreement`: the parts in their fixed order (domain/practice.AGREEMENT_PARTS), the
  other agreements (the mentorship's free text), the goals that belong to the mentorship
  with their SMART statement and target date, the check-in rhythm.
- `say_event` / `say_history`: a mentorship's history (created, status, edit, chosen, goal)
  as a person says it: "Ground rules changed", "Mentorship closed", "Public speaking:
  carried on alone". Never a field's key, never an id.
- `build_work_plan`: the goals' milestones and target dates across the relationship, in one
  dated view from its start to its end, each said relative to today ("in 12 days", "3 days late").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from journal.record import record
from functools import partial
from typing import Any
from datetime import date, datetime
from zoneinfo import ZoneInfo

from journal.domain.dates import in_zone
from journal.domain.errors import BadValue
from journal.domain.goal_days import closed_on, days_late
from journal.domain.model import Goal, GoalEvent, GoalStatus, Mentorship, MentorshipStatus, Milestone
from journal.domain.practice import AGREEMENT_PARTS, PART_HEADINGS, PART_KEYS, part_key
from journal.domain.text import plural, summary

OTHER = "other"
"""The key that names the other agreements (the mentorship's free text) beside the parts."""
OTHER_HEADING = "Other agreements"
OTHER_ABOUT = "Anything else we agreed."
OTHER_FIELD = "agreements"
"""The mentorship's field the other agreements live in (and the history's name for them)."""
EXCERPT = 72

FIELD_WORDS = {
    "mentor": "Mentor's name",
    "focus": "Focus",
    "started_on": "Start date",
    "check_in_every": "Check-in rhythm",
    "next_meeting_on": "Next meeting",
    "closed_on": "End date",
    OTHER_FIELD: OTHER_HEADING,
}
"""How a history line names a mentorship field (never by its key)."""
GOAL_STATES = tuple(status.value for status in GoalStatus)
_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


def agreement_key(text: str) -> str:
    """A part as typed (`ground-rules`, `conf`, `Meeting cadence`), or the other agreements
    (`other`, `other agreements`, `agreements`)."""
    wanted = " ".join(text.strip().lower().replace("-", " ").replace("_", " ").split())
    if wanted in ("other", "other agreements", "agreements") or (wanted and "other".startswith(wanted)):
        return OTHER
    by_heading = [key for key, heading in PART_HEADINGS.items() if heading.lower() == wanted]
    if by_heading:
        return by_heading[0]
    try:
        return part_key(text)
    except BadValue:
        names = ", ".join(k.replace("_", "-") for k in PART_KEYS)
        raise BadValue(f"unknown agreement part '{text[:40]}': use one of {names} or other") from None


def heading_of(key: str) -> str:
    return OTHER_HEADING if key in (OTHER, OTHER_FIELD) else PART_HEADINGS[key]


def day_words(day: date) -> str:
    """`1 Sep 2026`: a date as a person writes it."""
    return f"{day.day} {day:%b %Y}"


def cadence_words(days: int | None) -> str:
    """`every 14 days`, or `no check-in rhythm set`."""
    return f"every {plural(days, 'day')}" if days else "no check-in rhythm set"


def meeting_label(planned_on: date, today: date) -> str:
    """"Next meeting", or "Planned for" (a meeting) once its day has passed: a day gone by is no
    next one, held or not (`journal due` says when it was not: S264)."""
    return "Next meeting" if planned_on >= today else "Planned for"


def relative(day: date, today: date) -> str:
    """`today`, `in 12 days`, `3 days ago`."""
    days = (day - today).days
    if days == 0:
        return "today"
    return f"in {plural(days, 'day')}" if days > 0 else f"{plural(-days, 'day')} ago"


# ----------------------------------------------------------------- the agreement
@record(frozen=True)
class AgreedPart:
    """One part of the agreement; `text` (Markdown) is empty while it is not agreed yet."""

    key: str
    heading: str
    about: str
    text: str


@record(frozen=True)
class AgreedGoal:
    """A goal of the mentorship as the agreement shows it."""

    id: str
    short_id: str
    title: str
    status: GoalStatus
    specific: str = ""
    measurable: str = ""
    achievable: str = ""
    relevant: str = ""
    criteria: str = ""
    target: date | None = None
    milestones: int = 0
    done: int = 0
    left: str = ""
    """A closed mentorship's goal no longer in it: what its closing decided, or the move by hand
    before, in words (`carried on alone`, `moved to the mentorship with Sam`); shown beside it,
    as the work plan says it (S346)."""
    left_when: str = ""
    """When it left, as `left` is introduced: 'when the mentorship ended', or 'left on 1 Nov 2026'
    for a goal moved away before the close (S473: every one read 'when the mentorship ended')."""

    @property
    def statement(self) -> tuple[tuple[str, str], ...]:
        """The SMART statement's filled fields: (label, text)."""
        pairs = (("Specific", self.specific), ("Measurable", self.measurable), ("Achievable", self.achievable),
                 ("Relevant", self.relevant), ("Success criteria", self.criteria))
        return tuple((label, text) for label, text in pairs if text.strip())

    @property
    def summary(self) -> str:
        """One line: what the goal is, specifically (its title when nothing more was said)."""
        return summary(None, self.specific, EXCERPT) or self.title

    def target_words(self, today: date) -> str:
        """'27 Feb 2027 (in 92 days)'; a closed goal's target, or one of a goal that left the
        mentorship, without the count (S203, S388)."""
        if self.target is None:
            return ""
        words = day_words(self.target)
        return words if self.status.closed or self.left else f"{words} ({relative(self.target, today)})"


@record(frozen=True)
class Agreement:
    """A mentorship's agreement as of `today`."""

    mentorship_id: str
    short_id: str
    mentor: str
    focus: str
    status: MentorshipStatus
    started_on: date | None
    closed_on: date | None
    check_in_every: int | None
    next_meeting_on: date | None
    parts: tuple[AgreedPart, ...]
    """Every part in its fixed order, agreed or not."""
    other: str
    goals: tuple[AgreedGoal, ...]
    today: date
    changed_on: date | None = None
    """The local day the agreement (a part or the other agreements) last changed."""

    @property
    def cadence(self) -> str:
        return cadence_words(self.check_in_every)

    @property
    def agreed(self) -> tuple[AgreedPart, ...]:
        return tuple(p for p in self.parts if p.text)

    @property
    def open_parts(self) -> tuple[AgreedPart, ...]:
        return tuple(p for p in self.parts if not p.text)

    def part(self, key: str) -> AgreedPart:
        return next(p for p in self.parts if p.key == key)


def agreed_goal(goal: Goal, left: str = "", left_when: str = "") -> AgreedGoal:
    return AgreedGoal(
        id=goal.id, short_id=goal.short_id, title=goal.title, status=goal.status, specific=goal.specific,
        measurable=goal.measurable, achievable=goal.achievable, relevant=goal.relevant,
        criteria=goal.success_criteria, target=goal.time_bound, milestones=len(goal.milestones),
        done=sum(1 for m in goal.milestones if m.done_on is not None), left=left, left_when=left_when,
    )


def _left_when(day: date, closed_on: date | None) -> str:
    return "when the mentorship ended" if closed_on is None or day >= closed_on else f"left on {day_words(day)}"


def build_agreement(m: Mentorship, goals: Iterable[Goal], today: date, tz: str = "UTC",
                    left: Mapping[str, tuple[date, str]] | None = None) -> Agreement:
    """The agreement of `m`; `goals`: the goals whose mentorship it is (active ones first), and
    `left`: of those, the ones no longer in it, with the day each left and where it went in words:
    what its closing decided (S346), or a move by hand before the close (S473)."""
    zone = ZoneInfo(tz)
    left = left or {}
    changes = [e.at for e in m.history if e.kind == "edit" and (e.field in PART_KEYS or e.field == OTHER_FIELD)]
    order = sorted(goals, key=lambda g: (g.status.closed, g.status != GoalStatus.ACTIVE, g.title.lower()))
    return Agreement(
        mentorship_id=m.id, short_id=m.short_id, mentor=m.mentor, focus=m.focus, status=m.status,
        started_on=m.started_on, closed_on=m.closed_on, check_in_every=m.check_in_every,
        next_meeting_on=m.next_meeting_on,
        parts=tuple(AgreedPart(key, heading, about, m.parts.get(key, "")) for key, heading, about in AGREEMENT_PARTS),
        other=(m.agreements or "").strip(), goals=tuple(
            agreed_goal(g, left[g.id][1], _left_when(left[g.id][0], m.closed_on)) if g.id in left else agreed_goal(g)
            for g in order),
        today=today,
        changed_on=in_zone(max(changes), zone).date() if changes else None,
    )


# ----------------------------------------------------------------- the history in words
@record(frozen=True)
class Said:
    """One event of a mentorship's history, in words."""

    at: datetime
    """When, in the journal's zone."""
    kind: str
    """What the history kept: created, status, edit, chosen or goal."""
    title: str
    detail: str = ""
    part: str | None = None
    """The agreement part that changed (a key of AGREEMENT_PARTS, or OTHER)."""
    goal_id: str | None = None
    """The goal a closing decided about."""

    @property
    def agreement(self) -> bool:
        """A change to the agreement itself (a part or the other agreements)."""
        return self.part is not None


def words(value: str | None) -> str:
    """A stored value as words: nothing that is an id."""
    text = " ".join((value or "").split())
    return "" if _ID.fullmatch(text) else _ID.sub("…", text)


def excerpt(text: str | None) -> str:
    return summary(None, text or "", EXCERPT)


def lines_with_words(text: str) -> list[str]:
    """An agreement part's lines that hold words, Markdown marks at their start (`-`, `*`, `+`,
    `#`, `>`) dropped: a ground rule is its words, not its list mark."""
    return [words for line in text.splitlines() if (words := line.strip().lstrip("#>*-+ ").strip())]


def first_line(text: str, width: int = EXCERPT) -> str:
    """The first line with words of an agreement part, cut at `width` with an ellipsis."""
    words = next(iter(lines_with_words(text)), "")
    return words if len(words) <= width else words[:width - 1].rstrip() + "…"


def more_lines(text: str) -> int:
    """How many lines with words an agreement part has after its first (`first_line`)."""
    return max(0, len(lines_with_words(text)) - 1)


def _field_value(name: str, value: str | None) -> str:
    if value in (None, ""):
        return "—"
    if name in ("started_on", "closed_on", "next_meeting_on"):
        try:
            return day_words(date.fromisoformat(value))
        except ValueError:
            return words(value)
    if name == "check_in_every":
        return cadence_words(int(value)) if value.isdigit() else words(value)
    return words(value) or "—"


def say_event(event: GoalEvent, goals: Mapping[str, str], zone: ZoneInfo | None = None) -> Said:
    """One history event in words; `goals`: goal id → title (to name a goal a closing decided about)."""
    at = in_zone(event.at, zone) if zone is not None else event.at
    kind = event.kind
    if kind == "created":
        return Said(at, kind, "Mentorship added to the journal")
    if kind == "status":
        new, old = words(event.new).lower(), words(event.old).lower()
        if new == "closed":
            return Said(at, kind, "Mentorship closed")
        if new == "active" and old == "closed":
            return Said(at, kind, "Mentorship reopened")
        return Said(at, kind, "Status changed", f"{old or '—'} → {new or '—'}")
    if kind == "chosen":
        said = words(event.new)
        if said.lower().startswith("chosen"):
            return Said(at, kind, said[:1].upper() + said[1:])
        return Said(at, kind, "Chosen from a shortlist", said)
    if kind == "goal":  # field: the goal's id; old: its title (or status) then; new: the decision in words
        goal_id = event.field or ""
        then = words(event.old)
        title = goals.get(goal_id) or (then if then.lower() not in GOAL_STATES else "") or "A goal no longer here"
        decision = words(event.new) or "decided"
        if then.lower() in GOAL_STATES:
            detail = f"it was {then.lower()}"
        elif then and then != title:
            detail = f"then called {then}"
        else:
            detail = ""
        return Said(at, kind, f"{title}: {decision}", detail, goal_id=goal_id if goal_id in goals else None)
    name = event.field or ""
    if name in PART_KEYS or name == OTHER_FIELD:
        key = OTHER if name == OTHER_FIELD else name
        new = (event.new or "").strip()
        # its first rule's words, and how many more: "Come prepared (+1 more)", not "- Come prepared" (S470)
        more = more_lines(new)
        detail = (first_line(new) or excerpt(new)) + (f" (+{more} more)" if more else "") if new else "removed"
        return Said(at, kind, f"{heading_of(key)} changed", detail, part=key)
    label = FIELD_WORDS.get(name) or (name.replace("_", " ").capitalize() if name else "Mentorship")
    return Said(at, kind, f"{label} changed", f"{_field_value(name, event.old)} → {_field_value(name, event.new)}")


def say_history(events: Iterable[GoalEvent], goals: Mapping[str, str], tz: str = "UTC") -> list[Said]:
    """A mentorship's history in words, oldest first."""
    zone = ZoneInfo(tz)
    return [say_event(e, goals, zone) for e in sorted(events, key=lambda e: e.at)]


# ----------------------------------------------------------------- the work plan
PLAN_ORDER = ("start", "today", "milestone", "target", "end")
"""How items of one day are ordered."""


@record(frozen=True)
class PlanItem:
    """One dated line of the work plan."""

    day: date | None
    kind: str
    """start, today, milestone, target or end."""
    what: str
    """The milestone's title; for a target 'Target date'; for start and end a sentence."""
    status: str = ""
    """In words: done, done late, due, missed, not done, achieved, abandoned, no date."""
    when: str = ""
    """Relative to today or when it was done: 'in 12 days', '3 days late', 'done 20 Nov 2026'."""
    goal_id: str | None = None
    goal: str = ""
    """The goal's title."""
    overdue: bool = False
    """Open and past its date: said as 'missed', 'N days late' (never by colour alone)."""

    @property
    def said(self) -> str:
        """Where it stands, in words: `due in 22 days`, `missed, 3 days late`, `done 20 Nov 2026`,
        `not done (goal abandoned)`, `goal achieved`."""
        if self.status == "due":
            return f"due {self.when}"
        if self.status == "missed":
            return f"missed, {self.when}"
        if self.status == "not done":
            return f"not done ({self.when})"
        return self.when or self.status

    @property
    def said_undated(self) -> str:
        """Where a milestone without a date stands, for the list below the plan: '' while it is
        simply open, else as `said` (done, or not done when its goal closed or left: S569)."""
        return "" if self.said in ("", "no date", "due") else self.said


@record(frozen=True)
class WorkPlan:
    """The goals' milestones and target dates across a mentorship, in date order."""

    mentorship_id: str
    mentor: str
    start: date | None
    """The mentorship's start, or the first date in the plan when a goal's work began earlier."""
    end: date | None
    end_words: str
    """Why the plan ends there: 'closed', 'the last date in the plan', or ''."""
    today: date
    items: tuple[PlanItem, ...]
    """Dated items, in order, with a 'today' marker among them."""
    undated: tuple[PlanItem, ...]
    """Milestones without a date, by goal."""
    goals: int = 0

    @property
    def work(self) -> tuple[PlanItem, ...]:
        """The milestones and targets (without the start, end and today markers)."""
        return tuple(i for i in self.items + self.undated if i.kind in ("milestone", "target"))

    def count(self, *statuses: str) -> int:
        return sum(1 for i in self.work if i.status in statuses)

    @property
    def tally(self) -> str:
        """`2 done · 1 missed · 3 ahead`: a target reached (its goal achieved) is done too (S389)."""
        parts = [(self.count("done", "done late", "achieved"), "done"), (self.count("missed"), "missed"),
                 (self.count("due"), "ahead")]
        return " · ".join(f"{n} {word}" for n, word in parts if n) or "nothing planned yet"


def milestone_state(due_on: date | None, done_on: date | None, today: date, closed_on: date | None = None) -> str:
    """hit, late, missed (its day passed while the goal was open), open, or `dropped`: not done,
    the goal closed before its day (or it had none): neither missed nor still open (S204)."""
    if done_on is not None:
        return "late" if due_on is not None and done_on > due_on else "hit"
    if due_on is not None and due_on < (closed_on or today):
        return "missed"
    return "dropped" if closed_on is not None else "open"


@record(frozen=True)
class _Ended:
    """Where a goal's work ended for this plan: the day and the words ('the goal was achieved',
    'carried on alone' for a goal its mentorship's closing let go)."""

    on: date
    words: str


def _ended(goal: Goal, left: Mapping[str, tuple[date, str]], zone: ZoneInfo) -> _Ended | None:
    """A closed goal ends on the day it closed; a goal that left the closed mentorship ends, for
    this plan, on the day it left: the day the mentorship closed when its closing let it go
    (carried on alone, moved on: S263), the day it was moved by hand before that (S448); None: open."""
    if goal.id in left:
        return _Ended(*left[goal.id])
    if goal.status.closed and (day := closed_on(goal, zone)) is not None:
        return _Ended(day, f"the goal was {goal.status.value}")
    return None


def _milestone_item(goal: Goal, m: Milestone, today: date, ended: _Ended | None) -> PlanItem:
    """A milestone in the plan, by `milestone_state` (the retrospective's and the timeline's rule):
    one whose day passed while its goal was open was missed, even once the goal closed (S247)."""
    item = partial(PlanItem, kind="milestone", what=m.title, goal_id=goal.id, goal=goal.title)
    state = milestone_state(m.due_on, m.done_on, today, ended.on if ended else None)
    if m.done_on is not None:
        if state == "late" and m.due_on is not None:
            late = (m.done_on - m.due_on).days
            return item(day=m.due_on, status="done late",
                        when=f"done {day_words(m.done_on)}, {plural(late, 'day')} late")
        return item(day=m.due_on or m.done_on, status="done", when=f"done {day_words(m.done_on)}")
    if state == "missed" and ended is not None and m.due_on is not None:
        return item(day=m.due_on, status="missed", overdue=True, when=f"not done by {day_words(ended.on)}: "
                                                                       f"{ended.words}")
    if ended is not None and not goal.status.closed:  # its work went on after this mentorship
        return item(day=m.due_on, status="not done", when=ended.words)
    if goal.status.closed:
        return item(day=m.due_on, status="not done", when=f"goal {goal.status.value}")
    if m.due_on is None:
        return item(day=None, status="no date")
    return item(day=m.due_on, **_due(m.due_on, today))


def _due(day: date, today: date) -> dict[str, Any]:
    """An open item's status, words and lateness on `today`."""
    days = (day - today).days
    if days >= 0:
        return {"status": "due", "when": "today" if days == 0 else f"in {plural(days, 'day')}"}
    return {"status": "missed", "when": f"{plural(-days, 'day')} late", "overdue": True}


def _target_item(goal: Goal, today: date, ended: _Ended | None) -> PlanItem | None:
    if goal.time_bound is None:
        return None
    item = partial(PlanItem, day=goal.time_bound, kind="target", what="Target date", goal_id=goal.id,
                   goal=goal.title)
    if goal.status.closed:
        if ended is None:  # no closing moment kept
            return item(status=goal.status.value, when=f"goal {goal.status.value}")
        late = days_late(goal, ended.on)  # achieved after its day: said, never read as met on it (S488)
        return item(status=goal.status.value, when=f"goal {goal.status.value} {day_words(ended.on)}"
                                                    + (f", {plural(late, 'day')} late" if late else ""))
    if ended is not None:  # a goal that left the closed mentorship: its target is not this plan's to count
        return item(status="not done", when=ended.words)
    return item(**_due(goal.time_bound, today))


def _order(item: PlanItem) -> tuple[date, int, str, str]:
    return (item.day or date.max, PLAN_ORDER.index(item.kind), item.goal.lower(), item.what.lower())


def build_work_plan(m: Mentorship, goals: Sequence[Goal], today: date, zone: ZoneInfo,
                    left: Mapping[str, tuple[date, str]] | None = None) -> WorkPlan:
    """The work plan of `m` from its goals (with their milestones): one dated view from the
    start of the relationship (or an earlier date of its goals) to its end (the day it closed,
    else the last date in the plan), with today marked among the dates. `left`: the goals that
    left the closed mentorship (its closing let them go, or they were moved away by hand before),
    each with the day it left and where it went in words."""
    dated: list[PlanItem] = []
    undated: list[PlanItem] = []
    for goal in goals:
        ended = _ended(goal, left or {}, zone)
        for milestone in goal.milestones:
            item = _milestone_item(goal, milestone, today, ended)
            (dated if item.day is not None else undated).append(item)
        if (target := _target_item(goal, today, ended)) is not None:
            dated.append(target)
    if m.started_on is not None:
        dated.append(PlanItem(day=m.started_on, kind="start", what=f"Mentorship with {m.mentor} began",
                              when=relative(m.started_on, today)))
    end: date | None = None
    end_words = ""
    if m.status == MentorshipStatus.CLOSED and m.closed_on is not None:
        end, end_words = m.closed_on, "closed"
        dated.append(PlanItem(day=m.closed_on, kind="end", what=f"Mentorship with {m.mentor} closed",
                              when=relative(m.closed_on, today)))
    else:
        end = max((i.day for i in dated if i.day is not None), default=None)
        end_words = "the last date in the plan" if end is not None else ""
    start = min((i.day for i in dated if i.day is not None), default=None)
    dated.append(PlanItem(day=today, kind="today", what="Today"))
    undated.sort(key=lambda i: (i.goal.lower(), i.what.lower()))
    return WorkPlan(mentorship_id=m.id, mentor=m.mentor, start=start, end=end, end_words=end_words,
                    today=today, items=tuple(sorted(dated, key=_order)), undated=tuple(undated),
                    goals=len(goals))
