"""A timeline of a goal, a mentorship or the whole journal, built from plain data.

Pure functions: no I/O, no clock (the caller passes `today`), no SQL, no terminal.
User text (titles, statements) is carried through unchanged; front ends escape it.

Order of events: by day; within a day all-day events before timed ones (by HH:MM);
then by kind in `KIND_ORDER` (a goal's history, `HISTORY`, as one kind: by its full moment);
then in input order.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Iterable, Mapping, Sequence
from journal.record import field, record, replace
from datetime import UTC, date, datetime, timedelta
from functools import partial
from itertools import pairwise
from zoneinfo import ZoneInfo

from journal.domain.dates import add_days, in_zone
from journal.domain.model import Entry, Goal, GoalStatus, Kind, Lens, Mentorship
from journal.domain.entry_details import ratings_words
from journal.domain.goal_days import closed_on, days_late
from journal.domain.text import summary

KIND_ORDER = (
    "gap",
    "mentorship",
    "agreement",
    "goal-created",
    "goal-edit",
    "goal-status",
    "goal-decision",
    "milestone-done",
    "milestone-missed",
    "milestone-due",
    "goal-target",
    "foresight-due",
    "follow-up-due",
    "meeting",
    "entry",
)
"""Every event kind, in the order events of one day and time are listed."""
_RANK = {kind: i for i, kind in enumerate(KIND_ORDER)}
EVENT_WORDS = {
    "gap": "quiet stretch", "mentorship": "mentorship", "agreement": "agreement", "goal-created": "goal created",
    "goal-edit": "goal changed", "goal-status": "status changed", "goal-decision": "decided at closing",
    "milestone-done": "milestone reached", "milestone-missed": "milestone missed", "milestone-due": "milestone due",
    "goal-target": "target date", "foresight-due": "foresight to revisit", "follow-up-due": "follow-up due",
    "meeting": "meeting", "entry": "entry",
}
"""Every event kind as a person says it (documents never show the kind itself)."""
ZOOMS = ("day", "week", "month")
TITLE_WIDTH = 80


@record(frozen=True)
class TimelineEvent:
    """One thing that happened (or is due) on a day of the timeline."""

    day: date
    kind: str
    """One of KIND_ORDER."""
    title: str
    lens: Lens | None = None
    entry_id: str | None = None
    goal_id: str | None = None
    detail: str = ""
    time: str | None = None
    """Local HH:MM, or None for all-day."""
    starred: bool = False
    short_id: str | None = None
    """The entry's short id, when the caller supplied one."""
    private: bool = False
    """A private entry's (only in a retrospective that includes them: every mention marked, S309)."""


@record
class Bucket:
    """One period (day, ISO week or month) of a zoomed-out timeline."""

    start: date
    end: date
    """Inclusive."""
    label: str
    lens_counts: dict[str, int]
    """Entries (and meeting entries) per lens; all three lenses always present."""
    events: list[TimelineEvent] = field(default_factory=list)

    @property
    def entries(self) -> int:
        return sum(self.lens_counts.values())


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    return in_zone(moment, zone)


def _days(n: int) -> str:
    return f"{n} day{'' if n == 1 else 's'}"


FIELD_WORDS = {"time_bound": "target date", "success_criteria": "success criteria", "mentorship_id": "mentor",
               "review_every": "review", "closure_note": "closing note"}
"""How a goal edit names a statement field a person would not call by its column name."""


def spans_with(goal: Goal, mentorship_id: str, zone: ZoneInfo) -> list[tuple[date | None, date | None]]:
    """The stretches of days `goal` belonged to the mentorship, by its history's changes of
    mentor (None: open at that end; a goal that never changed mentor, its whole life): what
    it was about in them is that mentorship's, and nothing else of it is."""
    moves = sorted((e for e in goal.history if e.kind == "edit" and e.field == "mentorship_id"), key=lambda e: e.at)
    belongs_to = moves[0].old if moves else goal.mentorship
    start: date | None = None
    spans: list[tuple[date | None, date | None]] = []
    for move in moves:
        day = move.at.astimezone(zone).date()
        if belongs_to == mentorship_id:
            spans.append((start, day))
        belongs_to, start = move.new, day
    if belongs_to == mentorship_id:
        spans.append((start, None))
    return spans


def _within(day: date, spans: Sequence[tuple[date | None, date | None]]) -> bool:
    """Whether `day` falls in one of the stretches (`spans_with`; both ends belong to it)."""
    return any((start is None or start <= day) and (end is None or day <= end) for start, end in spans)


def _elsewhere(goal: Goal, day: date, mentorship_id: str, zone: ZoneInfo) -> bool:
    """Whether `goal` belonged to a mentorship other than `mentorship_id` on `day`."""
    moves = [e for e in goal.history if e.kind == "edit" and e.field == "mentorship_id"]
    others = {v for e in moves for v in (e.old, e.new) if v and v != mentorship_id}
    return any(_within(day, spans_with(goal, other, zone)) for other in others)


def while_with(goal: Goal, mentorship_id: str, zone: ZoneInfo, *, still_to_do: bool = False) -> Goal:
    """`goal` as it was in the mentorship's days (`spans_with`): its history of those days only
    (what it did before it came, or while it was away, is no part of the mentorship's story: a
    goal moved in showed its creation and pauses from months before the mentorship began), its
    status and closing as they stood when it last left (as they are, if it is still in it), and
    the milestones of those days: one done after it left was not done in it (nor missed: its day
    was no longer the mentorship's), one done elsewhere, or still undone and due before the goal
    came, was another's (a retrospective and timeline told what a goal carried on alone did
    after the end as the mentorship's: "Goals: 1 achieved" ten days after it ended: S221).
    `still_to_do` (a plan): a milestone still open that was due before the goal came stays, as
    work the mentorship took on (S461), and so does one marked done after the moment it came
    with an earlier day when the goal was in no other mentorship that day: it was open when the
    mentorship took it on (it vanished from the plan once reached: S492)."""
    spans = spans_with(goal, mentorship_id, zone)
    if not spans:
        return goal
    came, last = spans[0][0], spans[-1][1]
    came_at = next((e.at for e in goal.history if e.kind == "edit" and e.field == "mentorship_id"
                    and e.new == mentorship_id), None)  # the moment it first came (a plan's milestones: S492)
    history = [h for h in goal.history if _within(in_zone(h.at, zone).date(), spans)]
    milestones = []
    for m in goal.milestones:
        if m.done_on is not None and not _within(m.done_on, spans):
            if last is None or m.done_on < last:
                if not (still_to_do and m.updated_at is not None and came_at is not None and m.updated_at > came_at
                        and not _elsewhere(goal, m.done_on, mentorship_id, zone)):
                    continue  # done before it came, or while it was away
            else:
                m = replace(m, done_on=None)  # done after it left: not in its days
        if m.done_on is None and came is not None and m.due_on is not None and m.due_on < came and not still_to_do:
            continue  # due before it came: the other mentorship's to reach or miss
        milestones.append(m)
    if history == goal.history and milestones == goal.milestones:
        return goal
    if last is None:
        return replace(goal, history=history, milestones=milestones)
    changes = sorted((h for h in goal.history if h.kind == "status"), key=lambda h: h.at)
    before = [h for h in changes if in_zone(h.at, zone).date() <= last]
    said = before[-1].new if before else changes[0].old if changes else None
    status = GoalStatus(said) if said else goal.status
    closed_at = before[-1].at if before and status.closed else None
    return replace(goal, history=history, status=status, closed_at=closed_at,
                   closure_note=goal.closure_note if closed_at and closed_at == goal.closed_at else None,
                   milestones=milestones)


def left_with(goal: Goal, mentorship_id: str, zone: ZoneInfo,
              mentors: Mapping[str, str]) -> tuple[date, str] | None:
    """The day `goal` last left the mentorship and where it went, as the work plan says it
    ("moved to the mentorship with Sam", "carried on alone"); None while it is in it (or if it
    never was). `mentors`: mentorship id to mentor name."""
    spans = spans_with(goal, mentorship_id, zone)
    if not spans or spans[-1][1] is None:
        return None
    moves = [e for e in sorted(goal.history, key=lambda e: e.at)
             if e.kind == "edit" and e.field == "mentorship_id" and e.old == mentorship_id]
    went = moves[-1].new if moves else None
    return spans[-1][1], (f"moved to the mentorship with {mentors.get(went, 'another mentor')}" if went
                          else "carried on alone")


def goals_left(goals: Iterable[Goal], mentorship_id: str, zone: ZoneInfo,
               mentors: Mapping[str, str]) -> dict[str, tuple[date, str]]:
    """`left_with` of each of `goals` that left the mentorship, by goal id."""
    return {g.id: went for g in goals if (went := left_with(g, mentorship_id, zone, mentors))}


PLANNED = frozenset({"milestone-due", "milestone-missed", "goal-target"})
"""A goal's events dated by its plan (a milestone's day, its target), not by something done."""


def while_it_stayed(events: Iterable[TimelineEvent], goals: Iterable[Goal], mentorship_id: str,
                    zone: ZoneInfo) -> list[TimelineEvent]:
    """`events` of a mentorship's timeline without the planned days (`PLANNED`) of a goal before
    it came to the mentorship or after it left (carried on alone, moved to another, at its
    closing or before): a milestone due and a target months after the end ran the mentorship's
    span past its end, and "missed" judged a day it no longer had with it (S312); a milestone
    done late in it, due before it came, ran it back before it began."""
    bounds = {g.id: (spans[0][0], spans[-1][1]) for g in goals if (spans := spans_with(g, mentorship_id, zone))}

    def elsewhere(e: TimelineEvent) -> bool:
        if e.kind not in PLANNED or e.goal_id not in bounds:
            return False
        came, left = bounds[e.goal_id]
        return (came is not None and e.day < came) or (left is not None and e.day > left)

    return [e for e in events if not elsewhere(e)]


def _edit_value(name: str | None, value: str | None, mentors: Mapping[str, str]) -> str:
    """An edited field's old or new value as a person reads it: a mentor by name, a review
    cadence in days, an empty value as a dash."""
    if value in (None, ""):
        return "—"
    if name == "mentorship_id":
        return mentors.get(value, value)
    if name == "review_every" and value.isdigit():
        return f"every {_days(int(value))}"
    return value


def _target_event(goal: Goal, today: date, zone: ZoneInfo,
                  gone: tuple[date, str] | None = None) -> TimelineEvent | None:
    """The goal's target date (its SMART time bound), said relative to `today` while it is open;
    passed before it left the mentorship (`gone`), as of that day; a closed goal's, with the day
    it closed and, achieved after it, how late (S488)."""
    if goal.time_bound is None:
        return None
    if goal.status.closed:
        closed = closed_on(goal, zone)
        late = days_late(goal, closed)
        when = (f"goal {goal.status.value}" + (f" {closed.isoformat()}" if closed else "")
                + (f", {_days(late)} late" if late else ""))
    elif gone is not None and goal.time_bound <= gone[0]:
        day, went = gone
        when = (f"passed {_days((day - goal.time_bound).days)} before it left on {day.isoformat()} ({went})"
                if day > goal.time_bound else f"passed the day it left ({went})")
    else:
        days = (goal.time_bound - today).days
        when = "today" if days == 0 else (f"in {_days(days)}" if days > 0 else f"passed {_days(-days)} ago")
    return TimelineEvent(day=goal.time_bound, kind="goal-target", title=goal.title, goal_id=goal.id, detail=when)


def _goal_events(goal: Goal, zone: ZoneInfo, today: date, mentors: Mapping[str, str],
                 origin: str | None = None,
                 moments: dict[int, tuple[datetime, int]] | None = None,
                 gone: tuple[date, str] | None = None) -> list[TimelineEvent]:
    """The goal's history and milestones as events; `moments` gets each history event's full
    moment and its place in the goal's history (by the event's id()), which order those of one
    minute (`_sort_key`). `gone`: the day it left the mentorship whose timeline this is and
    where it went (`left_with`): a milestone missed by then is said as of that day."""
    events: list[TimelineEvent] = []
    moments = {} if moments is None else moments
    for place, item in enumerate(goal.history):
        local = _local(item.at, zone)
        event = partial(TimelineEvent, day=local.date(), time=local.strftime("%H:%M"), goal_id=goal.id,
                        title=goal.title)
        said = len(events)
        if item.kind == "created":
            events.append(event(kind="goal-created", detail=f"goal created from the gap “{origin}” in your vision"
                                if origin else "goal created"))
        elif item.kind == "status":
            events.append(event(kind="goal-status", detail=f"status {item.old} → {item.new}"))
        elif item.kind == "edit" and item.field == "status_note":  # why it was paused or resumed (S217)
            events.append(event(kind="goal-status", detail=f"why: {item.new}"))
        elif item.kind == "edit":
            old, new = (_edit_value(item.field, value, mentors) for value in (item.old, item.new))
            name = FIELD_WORDS.get(item.field or "", item.field)
            events.append(event(kind="goal-edit", detail=f"{name}: {old} → {new}"))
        moments.update((id(made), (item.at, place)) for made in events[said:])
    closed_on = _local(goal.closed_at, zone).date() if goal.closed_at else None
    for m in goal.milestones:
        about = partial(TimelineEvent, title=m.title, goal_id=goal.id)
        if m.done_on is not None:
            if m.due_on is not None and m.done_on > m.due_on:
                late = (m.done_on - m.due_on).days
                days_late = f"{late} day{'s' if late != 1 else ''}"
                events.append(about(day=m.due_on, kind="milestone-missed",
                                    detail=f"missed; done {days_late} late on {m.done_on.isoformat()}"))
                events.append(about(day=m.done_on, kind="milestone-done",
                                    detail=f"done late ({days_late} after {m.due_on.isoformat()})"))
            else:
                detail = f"done (due {m.due_on.isoformat()})" if m.due_on else "done"
                events.append(about(day=m.done_on, kind="milestone-done", detail=detail))
        elif m.due_on is not None:
            if goal.status.closed and (closed_on is None or m.due_on >= closed_on):
                # the goal closed before its day: no longer due, nor missed (S183, S204)
                events.append(about(day=m.due_on, kind="milestone-due", detail=f"not done (goal {goal.status.value})"))
            elif goal.status.closed:  # its day passed while the goal was open: missed, as the retrospective says
                events.append(about(day=m.due_on, kind="milestone-missed",
                                    detail=f"missed; not done when the goal was {goal.status.value}"))
            elif m.due_on >= today:
                days = (m.due_on - today).days
                when = "due today" if days == 0 else f"due in {days} day{'s' if days != 1 else ''}"
                events.append(about(day=m.due_on, kind="milestone-due", detail=when))
            elif gone is not None:  # its days past due ended here when it left (S454)
                day, went = gone  # (the days past due first: a narrow timeline row shows them)
                detail = (f"missed; {_days((day - m.due_on).days)} past due when it left on {day.isoformat()} ({went})"
                          if day > m.due_on else f"missed; due the day it left ({went})")
                events.append(about(day=m.due_on, kind="milestone-missed", detail=detail))
            else:
                days = (today - m.due_on).days
                events.append(about(day=m.due_on, kind="milestone-missed",
                                    detail=f"missed; open {days} day{'s' if days != 1 else ''} past due"))
    return events


def _giver(entry: Entry) -> str:
    return " ".join(str(entry.details.get("from") or "").split())


def _mentorship_events(m: Mentorship, zone: ZoneInfo, goal_titles: Mapping[str, str]) -> list[TimelineEvent]:
    """The start of a mentorship and its history in words (agreement changes, choosing it from a
    shortlist, closing it and what closing did with each open goal)."""
    from journal.domain.agreement import say_event  # here: only a mentorship's timeline needs it

    events = []
    if m.started_on is not None:
        events.append(TimelineEvent(day=m.started_on, kind="mentorship", title=f"Mentorship with {m.mentor} began"))
    for item in m.history:
        said = say_event(item, goal_titles, zone)
        kind = "agreement" if said.agreement else "goal-decision" if item.kind == "goal" else "mentorship"
        events.append(TimelineEvent(day=said.at.date(), time=said.at.strftime("%H:%M"), kind=kind, title=said.title,
                                    detail=said.detail, goal_id=said.goal_id))
    return events


HISTORY = frozenset({"goal-created", "goal-edit", "goal-status"})
"""A goal's history: those of one minute are listed by their moment, then by their place in
their goal's history (as written), whatever their kind (a reopening's "closing note: gave it →
—" came before the closing it undid)."""
_NO_MOMENT = (datetime.min.replace(tzinfo=UTC), 0)


def _sort_key(indexed: tuple[int, TimelineEvent],
              moments: Mapping[int, tuple[datetime, int]]) -> tuple[date, bool, str, int, tuple[datetime, int], int]:
    i, e = indexed
    rank = _RANK["goal-created"] if e.kind in HISTORY else _RANK[e.kind]
    return (e.day, e.time is not None, e.time or "", rank, moments.get(id(e), _NO_MOMENT), i)


def build_timeline(
    entries: Sequence[Entry],
    goals: Iterable[Goal] = (),
    *,
    today: date,
    gap_days: int = 14,
    tz: str = "UTC",
    planned_meetings: Iterable[tuple[date, str]] = (),
    targets: bool = False,
    mentors: Mapping[str, str] | None = None,
    mentorship: Mentorship | None = None,
    goal_titles: Mapping[str, str] | None = None,
    origins: Mapping[str, str] | None = None,
    since: date | None = None,
    entry_days: Iterable[date] | None = None,
    answered: Collection[str] | None = None,
    left: Mapping[str, tuple[date, str]] | None = None,
) -> list[TimelineEvent]:
    """The events of `entries` and `goals` in chronological order.

    `entries`: the entries, read twice (so a sequence, not an iterator); `short_id` may
    be empty (the event then has none). `goals`: goals
    with their `history` and `milestones`. History moments (UTC) are placed on the
    local day in the IANA zone `tz`. `planned_meetings`: (day, title) pairs such as a
    mentorship's next meeting; they become `meeting` events without an entry.
    A `gap` event marks each stretch of at least `gap_days` days without entries
    between two entry days; it sits on the first quiet day. `targets`: each goal's target
    date (time bound) becomes a `goal-target` event. `mentors`: mentorship id to mentor
    name, so a goal edit that changed its mentorship names the mentors. `mentorship` (with its
    history): its start (`mentorship`) and its history in words: agreement changes
    (`agreement`), choosing and closing it (`mentorship`), what closing did with each open goal
    (`goal-decision`, the goal named from `goal_titles`, goal id to title). Entries say their
    kind in words (`goal audit`), a check-in its ratings, a feedback entry whom it came from; a
    feedback entry with a follow-up date adds a `follow-up-due` event on that day. `origins`:
    goal id to the text of the vision's gap it was made from (its creation says so).

    `since` (a window of the timeline): only the events on or after that day, exactly as they
    are on the whole timeline, provided `entries` holds every entry of the timeline from that
    day on, every one with a revisit or follow-up on or after it, and the entries those answer;
    `entry_days`: the days with entries that place the quiet stretches (default: the days of
    `entries`, from `since` on), which must then include the last entry day before `since`.
    `answered`: the ids of the entries some entry answers (a revisit or follow-up then says
    "answered"); default: found among `entries`, which a window holds only part of.
    `left` (a mentorship's timeline): goal id to the day the goal left the mentorship and where
    it went (`left_with`): a milestone it had missed by then, and a target passed, are said as of
    that day, not counted on to today (S454).
    """
    if gap_days < 1:
        raise ValueError("gap_days must be at least 1")
    zone = ZoneInfo(tz)
    events: list[TimelineEvent] = []
    days: set[date] = set()
    # An answering hindsight entry names the foresight (or feedback) it answers (the pair, on the timeline).
    answerable = {e.id: e for e in entries if e.lens == Lens.FORESIGHT or e.kind == Kind.FEEDBACK}
    if answered is None:  # the entries answered among these (the journal's own when given: a window holds part)
        answered = {e.answers for e in entries if e.answers}
    for entry in entries:
        kind = "meeting" if entry.kind == Kind.MEETING else "entry"
        goal_id = entry.goals[0].id if entry.goals else None
        title = summary(entry.title, entry.body or "", TITLE_WIDTH)
        short = entry.short_id or None
        events.append(TimelineEvent(
            day=entry.day, kind=kind, title=title, lens=entry.lens, entry_id=entry.id,
            goal_id=goal_id, detail=_entry_detail(entry, kind, answerable), time=entry.time,
            starred=bool(entry.starred), short_id=short, private=bool(entry.private),
        ))
        days.add(entry.day)
        if entry.kind == Kind.FEEDBACK and entry.revisit_on is not None:
            giver = _giver(entry)
            follow_up = summary(None, str(entry.details.get("follow_up") or ""), TITLE_WIDTH) or title
            events.append(TimelineEvent(
                day=entry.revisit_on, kind="follow-up-due", title=follow_up, lens=entry.lens, entry_id=entry.id,
                goal_id=goal_id, starred=bool(entry.starred), short_id=short, private=bool(entry.private),
                detail=f"follow-up of the feedback{f' from {giver}' if giver else ''} of {entry.day.isoformat()}"
                       + ("; answered" if entry.id in answered else ""),
            ))
        elif entry.lens == Lens.FORESIGHT and entry.revisit_on is not None:
            events.append(TimelineEvent(
                day=entry.revisit_on, kind="foresight-due", title=title, lens=Lens.FORESIGHT,
                entry_id=entry.id, goal_id=goal_id,
                detail=f"revisit foresight of {entry.day.isoformat()}" + ("; answered" if entry.id in answered else ""),
                starred=bool(entry.starred), short_id=short, private=bool(entry.private),
            ))
    moments: dict[int, tuple[datetime, int]] = {}
    for goal in goals:
        gone = (left or {}).get(goal.id)
        events.extend(_goal_events(goal, zone, today, mentors or {}, (origins or {}).get(goal.id), moments, gone))
        if targets and (target := _target_event(goal, today, zone, gone)) is not None:
            events.append(target)
    if mentorship is not None:
        events.extend(_mentorship_events(mentorship, zone, goal_titles or {}))
    for day, title in planned_meetings:
        planned = "next meeting (planned)" if day >= today else "meeting planned for this day"  # gone by (S264)
        events.append(TimelineEvent(day=day, kind="meeting", title=title, detail=planned))
    if entry_days is None:
        entry_days = days if since is None else {d for d in days if d >= since}
    events.extend(gap_events(entry_days, gap_days))
    if since is not None:
        events = [e for e in events if e.day >= since]
    return [e for _, e in sorted(enumerate(events), key=partial(_sort_key, moments=moments))]


def gap_events(entry_days: Iterable[date], gap_days: int = 14) -> list[TimelineEvent]:
    """A `gap` event on the first quiet day of each stretch of at least `gap_days` days
    without entries between two days with entries."""
    found = []
    for before, after in pairwise(sorted(set(entry_days))):
        quiet = (after - before).days - 1
        if quiet >= gap_days:
            found.append(TimelineEvent(
                day=before + timedelta(days=1), kind="gap",
                title=f"no entries until {(after - timedelta(days=1)).isoformat()}",
                detail=f"quiet for {quiet} day{'s' if quiet != 1 else ''}",
            ))
    return found


# ------------------------------------------------------------------ zoom
def period_start(day: date, by: str) -> date:
    """The first day of the period (day, ISO week from Monday, month) holding `day`."""
    if by == "day":
        return day
    if by == "week":
        return day - timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    raise ValueError(f"unknown zoom {by!r}: use one of {', '.join(ZOOMS)}")


def _period_end(start: date, by: str) -> date:
    """The last day of the period starting at `start` (never past date.max: a journal may
    hold a day at the very end of the calendar, written before dates had a range)."""
    if by == "day":
        return start
    if by == "week":
        return add_days(start, 6)
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def _next_start(start: date, by: str) -> date | None:
    """The first day of the following period; None after the calendar's last period."""
    end = _period_end(start, by)
    return None if end == date.max else end + timedelta(days=1)


def period_label(start: date, by: str) -> str:
    """2026-11-23 (day), 2026-W48 (ISO week), 2026-11 (month)."""
    if by == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return f"{start.year}-{start.month:02d}"
    period_start(start, by)  # validates `by`
    return start.isoformat()


def period_words(start: date, by: str) -> str:
    """The period as a person writes it (front ends show this; `period_label` is for machines):
    'Mon 23 Nov 2026' (day), '23–29 Nov 2026' (week; '30 Nov–6 Dec 2026' and
    '28 Dec 2026–3 Jan 2027' across a month or a year), 'Nov 2026' (month)."""
    if by == "day":
        return start.strftime("%a %d %b %Y")
    if by == "month":
        return start.strftime("%b %Y")
    if by != "week":
        raise ValueError(f"unknown zoom {by!r}: use one of {', '.join(ZOOMS)}")
    end = _period_end(start, by)
    if start.year != end.year:
        return f"{start.day} {start:%b %Y}–{end.day} {end:%b %Y}"
    if start.month != end.month:
        return f"{start.day} {start:%b}–{end.day} {end:%b %Y}"
    return f"{start.day}–{end.day} {end:%b %Y}"


_LENS_VALUES = tuple(lens.value for lens in Lens)


MAX_FILLED_PERIODS = 5300
"""Week and month zoom show empty periods between the first and the last event up to this
many periods (a century of weeks); beyond that only periods with events are listed."""


def _periods(first: date, last: date, by: str) -> int:
    """How many weeks or months run from the period starting `first` to the one starting `last`."""
    if by == "week":
        return (last - first).days // 7 + 1
    return (last.year - first.year) * 12 + last.month - first.month + 1


def _every_start(first: date, last: date, by: str) -> list[date]:
    starts = []
    start: date | None = first
    while start is not None and start <= last:
        starts.append(start)
        start = _next_start(start, by)
    return starts


def _entry_detail(entry: Entry, kind: str, answerable: dict[str, Entry]) -> str:
    """What an entry's line says beside its title, in words: its kind (a check-in its ratings,
    feedback whom it came from) and what it answers."""
    said = []
    if kind == "meeting":
        said.append("meeting")
    elif entry.kind == Kind.CHECK_IN:
        said.append(ratings_words(entry.details) or "check-in")
    elif entry.kind == Kind.FEEDBACK:
        giver = _giver(entry)
        said.append(f"feedback from {giver}" if giver else "feedback")
    elif entry.kind in (Kind.PREPARING, Kind.GOAL_AUDIT, Kind.PASSING_ON):
        said.append(entry.kind.words)
    if entry.answers:
        expected = answerable.get(entry.answers)
        if expected is not None and expected.kind == Kind.FEEDBACK:
            said.append(f"follows up the feedback of {expected.day.isoformat()}")
        else:
            said.append(f"answers foresight of {expected.day.isoformat()}" if expected else "answers a foresight entry")
    return " · ".join(said)


def bucket(events: Sequence[TimelineEvent], by: str = "day") -> list[Bucket]:
    """Group events into periods, oldest first.

    Week and month zoom include every empty period in between, so quiet stretches show,
    as long as that makes at most MAX_FILLED_PERIODS periods; a longer span (a date typed
    centuries off) keeps only periods with events, like day zoom, so the work stays bounded
    whatever the journal holds. Day zoom keeps only days with events (its quiet stretches
    are `gap` events), which keeps a goal spanning years cheap. Lens counts count `entry` and
    `meeting` events with a lens.
    """
    if by not in ZOOMS:
        raise ValueError(f"unknown zoom {by!r}: use one of {', '.join(ZOOMS)}")
    if not events:
        return []
    start_of: dict[date, date] = {}  # each day's period, worked out once per day
    for event in events:
        if event.day not in start_of:
            start_of[event.day] = period_start(event.day, by)
    buckets = _empty_buckets(start_of.values(), by)
    values = {lens: lens.value for lens in Lens}
    for event in events:
        target = buckets[start_of[event.day]]
        target.events.append(event)
        if event.lens is not None and event.entry_id and event.kind in ("entry", "meeting"):
            target.lens_counts[values[event.lens]] += 1
    return list(buckets.values())


def _empty_buckets(starts_seen: Iterable[date], by: str) -> dict[date, Bucket]:
    """Empty buckets from the first to the last of the period starts seen (see `bucket`)."""
    seen = set(starts_seen)
    first, last = min(seen), max(seen)
    if by == "day" or _periods(first, last, by) > MAX_FILLED_PERIODS:
        starts = sorted(seen)
    else:
        starts = _every_start(first, last, by)
    return {start: Bucket(start, _period_end(start, by), period_label(start, by), dict.fromkeys(_LENS_VALUES, 0))
            for start in starts}


def count_buckets(counts: Iterable[tuple[date, Mapping[str, int]]], other_days: Iterable[date] = (),
                  by: str = "week") -> list[Bucket]:
    """The periods `bucket` makes of a timeline, from its entries counted per day and lens
    ((day, {lens value: entries}) rows) and the days of its other events, without the events
    themselves: a window of a long timeline draws its sparkline from these."""
    if by not in ZOOMS:
        raise ValueError(f"unknown zoom {by!r}: use one of {', '.join(ZOOMS)}")
    rows = list(counts)
    start_of: dict[date, date] = {}
    for day in (*(row[0] for row in rows), *other_days):
        if day not in start_of:
            start_of[day] = period_start(day, by)
    if not start_of:
        return []
    buckets = _empty_buckets(start_of.values(), by)
    for day, per_lens in rows:
        lens_counts = buckets[start_of[day]].lens_counts
        for lens, n in per_lens.items():
            lens_counts[lens] += n
    return list(buckets.values())


@record
class TimelineWindow:
    """The newest part of a timeline (the TUI shows it first and reads more on the way back)."""

    title: str
    events: list[TimelineEvent]
    """The timeline's events on or after `since`, exactly as on the whole timeline."""
    since: date | None
    """The first day of the window; None when it starts where the timeline starts."""
    before: date | None = None
    """The day after the window's last (None: it runs to the timeline's end)."""

    @property
    def complete(self) -> bool:
        return self.since is None and self.before is None


def of_an_entry(event: TimelineEvent) -> bool:
    """An entry's own event (an entry, a meeting written up): what week and month zoom count
    instead of listing."""
    return event.kind == "entry" or (event.kind == "meeting" and bool(event.entry_id))


@record
class TimelinePeriods:
    """A timeline zoomed out (week or month) without its entries' own events: what those zooms show."""

    title: str
    periods: list[Bucket]
    """As `bucket(events, by)` of the whole timeline has them, but for the events of an entry
    (`of_an_entry`): those are only counted."""
    weeks: list[Bucket]
    """The timeline by week, counts only (its sparkline)."""
    entries: int


@record
class TimelineOutline:
    """A whole timeline in numbers, without its events (a window's header)."""

    entries: int
    weeks: list[Bucket]
    """The timeline by week: lens counts, no events (`count_buckets`), for its sparkline."""


def dominant_lens(counts: dict[str, int]) -> Lens | None:
    """The lens with the most entries (ties go to the earlier lens), or None if empty."""
    best = None
    for lens in Lens:
        n = counts.get(lens.value, 0)
        if n and (best is None or n > counts[best.value]):
            best = lens
    return best


def lens_sparkline(buckets: Sequence[Bucket]) -> str:
    """One character per bucket: the dominant lens's symbol, or '·' when it has no entries."""
    chars = []
    for b in buckets:
        lens = dominant_lens(b.lens_counts)
        chars.append(lens.symbol if lens else "·")
    return "".join(chars)


def bar(count: int, max_count: int, width: int = 10) -> str:
    """A bar of `width` cells for count/max_count (eighth-block resolution; never empty for count > 0)."""
    if width <= 0:
        return ""
    if count <= 0 or max_count <= 0:
        return " " * width
    eighths = round(min(count, max_count) * width * 8 / max_count)
    eighths = max(eighths, 1)
    full, part = divmod(eighths, 8)
    text = "█" * full + ("" if part == 0 else " ▏▎▍▌▋▊▉"[part])
    return text.ljust(width)
