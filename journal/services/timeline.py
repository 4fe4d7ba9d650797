"""Timelines: a goal's, a mentorship's, a tag's or the whole journal's events in order."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from journal.record import record
from datetime import date
from typing import Any

from journal.domain.errors import BadValue
from journal.domain.model import Entry, Goal, Mentorship, MentorshipStatus
from journal.domain.text import normalise_tags
from journal.domain.timeline import (
    TimelineEvent, TimelineOutline, TimelinePeriods, TimelineWindow, build_timeline, count_buckets, gap_events,
    goals_left, of_an_entry, period_start, spans_with, while_it_stayed, while_with,
)
from journal.services.session import Session
from journal.store import practice as practice_rows
from journal.store import goals as goal_rows
from journal.store import mentorships as mentorship_rows
from journal.store import timeline as timeline_rows


WINDOW = 1000
"""Entries in a window of a long timeline by default (most goals fit in one)."""


class Timeline:
    """Builds timelines of one journal."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def build(self, goal: str | None = None, *, mentorship: str | None = None, tag: str | None = None,
              gap_days: int = 14, since: date | None = None, entry_days: Iterable[date] | None = None,
              ids: Collection[str] | None = None, before: date | None = None) -> tuple[str, list[TimelineEvent]]:
        """A title ("Goal: Public speaking") and the events of a goal, a mentorship (all its
        goals), a tag, or the whole journal (nothing given). `tag` also narrows a goal or
        mentorship timeline to entries with that tag. The goals' target dates are events
        (`goal-target`), and a goal edit of its mentorship names the mentors. A mentorship's
        timeline also has its start and its history in words (agreement changes, choosing it,
        closing it, what closing did with each open goal).

        `since`: only the events on or after that day (exactly those of the whole timeline),
        read without the older entries. `window` passes what it found already: `entry_days`,
        days with entries before `since` (the last of them places a quiet stretch at the start;
        None: it is looked up), and `ids`, the entries to read (those `since` needs). `before`
        (with `since` and `ids`): only the events before that day too, a stretch of the timeline;
        `entry_days` then holds the first day with entries from `before` on (a quiet stretch that
        runs past it)."""
        s = self.session
        conn = s.conn
        scope = self._scope(goal, mentorship, tag, gap_days)
        found = timeline_rows.entries(conn, since=since if ids is None else None, ids=ids, **scope.rows)
        if since is not None:
            if entry_days is None:
                earlier = timeline_rows.last_day_before(conn, since, **scope.rows)
                entry_days = [earlier] if earlier else []
            entry_days = {e.day for e in found if since <= e.day < (before or date.max)} | set(entry_days)
        events = self._events(scope, found, gap_days, since=since, entry_days=entry_days)
        return scope.title, events if before is None else [e for e in events if e.day < before]

    def _events(self, scope: _Scope, found: list[Entry], gap_days: int, *, since: date | None = None,
                entry_days: Iterable[date] | None = None) -> list[TimelineEvent]:
        s = self.session
        conn = s.conn
        mentors = {m.id: m.mentor for m in mentorship_rows.all_mentorships(conn)}
        titles = {g.id: g.title for g in goal_rows.all_goals(conn)} if scope.about is not None else {}
        left = {} if scope.about is None else goals_left(scope.goals, scope.about.id, s.clock.tzinfo, mentors)
        events = build_timeline(found, scope.goals, today=s.today(), gap_days=gap_days, tz=s.clock.zone,
                                planned_meetings=scope.planned, targets=True, mentors=mentors,
                                mentorship=scope.about, goal_titles=titles,
                                origins={g.goal_id: g.text for g in practice_rows.vision(conn).gaps if g.goal_id},
                                since=since, entry_days=entry_days, answered=timeline_rows.answered(conn),
                                left=left)
        if scope.about is None:
            return events
        events = while_it_stayed(events, scope.goals, scope.about.id, s.clock.tzinfo)
        end = scope.about.closed_on
        return events if end is None else [e for e in events if e.day <= end]

    def window(self, goal: str | None = None, *, mentorship: str | None = None, tag: str | None = None,
               gap_days: int = 14, newest: int | None = WINDOW, since: date | None = None,
               before: date | None = None) -> TimelineWindow:
        """A part of a timeline (the same choice of goal, mentorship or tag as `build`): every
        event from the day of its `newest`-th newest entry on, exactly as on the whole timeline,
        read without the older entries. A timeline of at most `newest` entries, or any with
        `newest` None, comes whole (`since` None). Its size and weeks are `outline`'s (it reads
        every entry's day, so a screen asks for it after showing the window).

        `before` (going back through a long timeline): the part before that day, of its
        `newest` newest entries there (fewer: from the timeline's start, `since` None); with
        `since` given too, exactly the days from `since` (None: the start) to the day before
        `before` (a part read before, read again)."""
        if newest is not None and newest < 1:
            raise BadValue("Give a window of at least one entry.")
        scope = self._scope(goal, mentorship, tag, gap_days)
        conn = self.session.conn
        if since is None and newest is not None:
            # whole: never a number standing for "all" (sys.maxsize + 1 overflowed SQLite's LIMIT: S491)
            since = timeline_rows.window(conn, newest, before=before, **scope.rows)
        if since is None and before is None:
            title, events = self.build(goal, mentorship=mentorship, tag=tag, gap_days=gap_days)
            return TimelineWindow(title=title, events=events, since=None)
        start = since or date.min
        ends = [timeline_rows.first_day_from(conn, before, **scope.rows)] if before is not None else []
        earlier = timeline_rows.last_day_before(conn, start, **scope.rows) if since is not None else None
        title, events = self.build(goal, mentorship=mentorship, tag=tag, gap_days=gap_days, since=start,
                                   entry_days=[d for d in (earlier, *ends) if d], before=before,
                                   ids=timeline_rows.band(conn, start, before, **scope.rows))
        return TimelineWindow(title=title, events=events, since=since, before=before)

    def cut(self, goal: str | None = None, *, mentorship: str | None = None, tag: str | None = None,
            newest: int = WINDOW, before: date | None = None, since: date | None = None) -> date | None:
        """Where a part of `newest` entries of a timeline starts or ends, so a screen can go back
        or on through a long one part by part (`window(since=…, before=…)` reads it): with
        `before`, the first day of the part before that day (None: the timeline's start); with
        `since`, the day after the last of the part from that day on (None: the timeline's end)."""
        rows = self._scope(goal, mentorship, tag, 14).rows
        conn = self.session.conn
        if since is not None:
            return timeline_rows.window_end(conn, newest, since, **rows)
        return timeline_rows.window(conn, newest, before=before, **rows)

    def outline(self, goal: str | None = None, *, mentorship: str | None = None, tag: str | None = None,
                gap_days: int = 14) -> TimelineOutline:
        """How many entries a timeline has and its weeks (lens counts, the same periods as
        `bucket(events, "week")` of the whole timeline), from every entry's day and lens and the
        revisit days only (a window's header fills in from this; it reads every entry's row)."""
        scope = self._scope(goal, mentorship, tag, gap_days)
        conn = self.session.conn
        counts = timeline_rows.day_counts(conn, **scope.rows)
        days = [day for day, _ in counts]
        others = [e.day for e in self._events(scope, [], gap_days)]  # goals', a mentorship's, planned meetings
        others += timeline_rows.revisit_days(conn, **scope.rows)
        others += [e.day for e in gap_events(days, gap_days)]
        return TimelineOutline(entries=sum(sum(c.values()) for _, c in counts),
                               weeks=count_buckets(counts, others, "week"))

    def periods(self, goal: str | None = None, *, mentorship: str | None = None, tag: str | None = None,
                gap_days: int = 14, by: str = "week") -> TimelinePeriods:
        """A timeline by week or month (`by`) as those zooms show it: each period's entries
        counted per lens, from every entry's day and lens, and its other events (milestones,
        target dates, revisits and follow-ups due, quiet stretches, meetings planned, a
        mentorship's story) exactly as `bucket(events, by)` of the whole timeline has them: of the
        entries only those with a revisit are read (the whole journal's events at 100,000 entries
        took 3.4 s and 260 MB to read, S575)."""
        scope = self._scope(goal, mentorship, tag, gap_days)
        conn = self.session.conn
        counts = timeline_rows.day_counts(conn, **scope.rows)
        revisits = timeline_rows.entries(conn, ids=timeline_rows.revisit_ids(conn, **scope.rows), **scope.rows)
        events = [e for e in self._events(scope, revisits, gap_days, entry_days=[day for day, _ in counts])
                  if not of_an_entry(e)]
        others = [e.day for e in events]
        periods = count_buckets(counts, others, by)
        starts = {b.start: b for b in periods}
        for event in events:
            starts[period_start(event.day, by)].events.append(event)
        return TimelinePeriods(title=scope.title, periods=periods, entries=sum(sum(c.values()) for _, c in counts),
                               weeks=periods if by == "week" else count_buckets(counts, others, "week"))

    def _scope(self, goal: str | None, mentorship: str | None, tag: str | None, gap_days: int) -> _Scope:
        """What a timeline is of: its title, goals, mentorship, planned meetings and the
        filter of its entries (`store.timeline.entries` keywords)."""
        s = self.session
        conn = s.conn
        if goal and mentorship:
            raise BadValue("Give a goal or --mentorship, not both.")
        if gap_days < 1:
            raise BadValue("--gap-days must be a whole number of days above 0.")
        tag_value = None
        if tag is not None:
            tags = normalise_tags([tag])
            if len(tags) != 1:
                raise BadValue("Give one tag, e.g. --tag speaking.")
            tag_value = tags[0]
        planned: list[tuple[date, str]] = []
        about: Mentorship | None = None
        rows: dict[str, Any] = {"tag": tag_value}
        if goal:
            chosen = [s.goal_of(goal, "timeline")]
            title = f"Goal: {chosen[0].title}"
            rows["goal_ids"] = (chosen[0].id,)
        elif mentorship:
            m = about = s.mentorship(mentorship)
            # every goal that belonged to it, now or before, with its entries of those days only
            goals = [goal_rows.get(conn, g.id) for g in goal_rows.all_goals(conn)]
            spans = {g.id: spans_with(g, m.id, s.clock.tzinfo) for g in goals}
            chosen = [while_with(g, m.id, s.clock.tzinfo) for g in goals if spans[g.id]]
            title = f"Mentorship with {m.mentor}"
            end = m.closed_on or date.max  # a closed mentorship's story ends on its closing day (S460)
            rows.update(mentorship_id=m.id, goal_days=tuple(
                (g.id, (first or date.min).isoformat(), min(last or date.max, end).isoformat())
                for g in chosen for first, last in spans[g.id]))
            if m.next_meeting_on and m.status == MentorshipStatus.ACTIVE:
                planned.append((m.next_meeting_on, f"Meeting with {m.mentor}"))
        elif tag_value is not None:
            chosen, title = [], "Whole journal"
        else:
            chosen = [goal_rows.get(conn, g.id) for g in goal_rows.all_goals(conn)]
            title = "Whole journal"
            planned = [(m.next_meeting_on, f"Meeting with {m.mentor}")
                       for m in mentorship_rows.all_mentorships(conn)
                       if m.next_meeting_on and m.status == MentorshipStatus.ACTIVE]
        if tag_value is not None:
            title = f"{title} · #{tag_value}" if (goal or mentorship) else f"Tag: #{tag_value}"
        return _Scope(title, chosen, about, planned, rows)


@record(frozen=True)
class _Scope:
    title: str
    goals: list[Goal]
    about: Mentorship | None
    planned: list[tuple[date, str]]
    rows: dict[str, Any]
