"""Mentorships: the relationships goals and entries belong to, their rhythm and their end."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from journal.record import record
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from journal.domain.dates import MAX_CADENCE_DAYS, add_days, cadence_problem, day_in_range
from journal.domain.errors import BadValue
from journal.domain.model import Goal, GoalEvent, GoalStatus, Mentorship, MentorshipStatus
from journal.domain.practice import AreaTrend, area_trends
from journal.domain.text import clean_title, plural
from journal.services.goals import check_cadence
from journal.services.session import Session
from journal.store import goals as goal_rows
from journal.store import mentorships as mentorship_rows

if TYPE_CHECKING:
    import sqlite3

DECISIONS = ("keep", "achieved", "abandoned", "move")
"""What closing a mentorship may do with one of its open goals."""
HOW_TO_DECIDE = "--goal GOAL=keep|achieved|abandoned|move:MENTOR"
OPEN = (GoalStatus.ACTIVE, GoalStatus.PAUSED)
MENTOR_NAME = "The mentor's name is"
"""How a refusal names a mentor's name (S328)."""


def _stored(value: object) -> str | None:
    """A field's value as its history keeps it: a date as ISO, a number as digits, empty as None."""
    if value is None or value == "":
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


@record(frozen=True)
class Decision:
    """What closing a mentorship does with one of its open goals."""

    goal: Goal
    action: str
    """keep (carry on alone: the goal leaves the mentorship), achieved, abandoned, or move."""
    target: Mentorship | None = None
    """The active mentorship a moved goal goes to."""

    @property
    def words(self) -> str:
        """The decision as the history says it: `carried on alone`, `closed as achieved`,
        `moved to the mentorship with Sam`."""
        if self.action == "keep":
            return "carried on alone"
        if self.action == "move":
            assert self.target is not None
            return f"moved to the mentorship with {self.target.mentor}"
        return f"closed as {self.action}"


@record
class Closing:
    """A mentorship's closing, checked and ready to write: the decisions about its open goals,
    then its end. `apply` writes it inside the caller's one transaction."""

    mentorship: Mentorship
    """With its status and end date already set."""
    decisions: list[Decision]

    def apply(self, conn: sqlite3.Connection, now: datetime) -> None:
        """Write the decisions and the end; all of it dated the day it ended (the end of that day
        when it is an earlier one, as `--on` gives it), not the day it was typed."""
        m = self.mentorship
        if m.closed_on is not None and m.closed_on != now.date():
            now = datetime.combine(m.closed_on, time(23, 59, 59), tzinfo=now.tzinfo)
        for d in self.decisions:
            goal = d.goal
            if d.action == "keep":
                goal_rows.edit(conn, goal, {"mentorship_id": None}, now)
            elif d.action == "move":
                assert d.target is not None
                goal_rows.edit(conn, goal, {"mentorship_id": d.target.id}, now)
                mentorship_rows.add_event(conn, d.target.id, GoalEvent(
                    at=now, kind="goal", field=goal.id, old=goal.title,
                    new=f"moved here from the mentorship with {m.mentor}"))
            else:
                goal_rows.set_status(conn, goal, GoalStatus(d.action), now, None)
            mentorship_rows.add_event(conn, m.id, GoalEvent(at=now, kind="goal", field=goal.id, old=goal.title,
                                                            new=d.words))
        mentorship_rows.add_event(conn, m.id, GoalEvent(at=now, kind="status", field="status",
                                                        old=MentorshipStatus.ACTIVE.value,
                                                        new=MentorshipStatus.CLOSED.value))
        mentorship_rows.update(conn, m, now)


def parse_decisions(typed: list[str] | tuple[str, ...]) -> dict[str, str]:
    """`GOAL=keep`, `Writing=move:Sam` … as typed on the command line: goal → decision. A title
    holding `=` is split where a decision follows it."""
    found: dict[str, str] = {}
    for item in typed:
        marks = [i for i, char in enumerate(item) if char == "="]
        if not marks:
            raise BadValue(f"Give a decision as GOAL=keep|achieved|abandoned|move:MENTOR, not '{item[:40]}'.")
        cut = next((i for i in marks if _is_decision(item[i + 1:])), marks[0])
        goal, decision = item[:cut].strip(), item[cut + 1:].strip()
        if not goal:
            raise BadValue(f"Name the goal before '=' (GOAL={decision[:40]}).")
        if goal in found:
            raise BadValue(f"'{goal[:40]}' is decided twice; give one --goal per goal.")
        found[goal] = decision
    return found


def _is_decision(text: str) -> bool:
    word = text.split(":", 1)[0].strip().lower()
    return bool(word) and any(d.startswith(word) for d in DECISIONS)


def _titles(goals: list[Goal]) -> str:
    return ", ".join(f"'{g.title}'" for g in goals)


class Mentorships:
    """The mentorships of one journal."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, mentor: str, *, focus: str = "", since: str | None = None,
            check_in_every: int | None = None, agreements: str = "") -> Mentorship:
        """Start a mentorship with `mentor` (today, or `since`)."""
        s = self.session
        name = clean_title(mentor, MENTOR_NAME)
        if not name:
            raise BadValue("A mentorship needs the mentor's name.")
        check_cadence(check_in_every, "--check-in-every")
        now = s.now()
        m = Mentorship(
            id=s.new_id(), mentor=name, focus=focus.strip(),
            started_on=self._start(since) if since else s.today(), agreements=agreements.strip(),
            check_in_every=check_in_every, created_at=now,
        )
        with s.writing() as conn:
            mentorship_rows.insert(conn, m)
            mentorship_rows.add_event(conn, m.id, GoalEvent(at=now, kind="created"))
        return self.get(m.id)

    def _start(self, since: str) -> date:
        """The day a mentorship started, as typed: today or earlier."""
        s = self.session
        day = s.day(since)
        if day > s.today():
            raise BadValue(f"A mentorship cannot start in the future ({day.isoformat()}). Pick today or earlier.")
        return day

    def edit(self, ref: str, *, mentor: str | None = None, focus: str | None = None, since: str | None = None,
             check_in_every: int | None = None, agreements: str | None = None) -> tuple[Mentorship, list[str]]:
        """Change a mentorship's fields (None leaves a field as it is); returns the changed fields' names
        (`mentor`, `focus`, `started_on`, `check_in_every`, `agreements`), in that order.

        `check_in_every=0` removes the cadence. A closed mentorship keeps its record editable (mentor,
        focus, start, agreements), but it has no check-ins any more: its cadence does not change.
        """
        s = self.session
        m = self.get(ref)
        values: dict[str, object] = {}
        if mentor is not None:
            values["mentor"] = clean_title(mentor, MENTOR_NAME)
            if not values["mentor"]:
                raise BadValue("A mentorship needs the mentor's name.")
        if focus is not None:
            values["focus"] = focus.strip()
        if since is not None:
            start = self._start(since) if since.strip() else m.started_on
            if start is not None and m.closed_on is not None and start > m.closed_on:
                raise BadValue(f"The mentorship with {m.mentor} ended on {m.closed_on.isoformat()}; "
                               f"it cannot start after that ({start.isoformat()}).")
            values["started_on"] = start
        if check_in_every is not None:
            cadence = check_in_every or None  # 0: no cadence
            check_cadence(cadence, "--check-in-every")
            if m.status == MentorshipStatus.CLOSED and cadence != m.check_in_every:
                raise BadValue(f"The mentorship with {m.mentor} is closed; it has no check-ins to set a rhythm for.")
            values["check_in_every"] = cadence
        if agreements is not None:
            values["agreements"] = agreements.strip()
        before = {**vars(m), "agreements": (m.agreements or "").strip()}  # kept before agreements were trimmed
        changed = [name for name, value in values.items() if before[name] != value]
        if not changed:
            return m, []
        for name in changed:
            setattr(m, name, values[name])
        now = s.now()
        with s.writing() as conn:
            mentorship_rows.update(conn, m, now)
            for name in changed:  # the history keeps each change (dates as ISO, the cadence in days)
                mentorship_rows.add_event(conn, m.id, GoalEvent(at=now, kind="edit", field=name,
                                                                old=_stored(before[name]), new=_stored(values[name])))
        return self.get(m.id), changed

    def get(self, ref: str) -> Mentorship:
        return self.session.mentorship(ref)

    def list(self) -> list[Mentorship]:
        """Every mentorship, active ones first."""
        return mentorship_rows.all_mentorships(self.session.conn)

    def mentors(self) -> dict[str, str]:
        """Mentorship id → mentor's name."""
        return {m.id: m.mentor for m in self.list()}

    def decided(self, m: Mentorship) -> builtins.list[tuple[Goal, str]]:
        """A closed mentorship's goals its closing decided about, with the decision in words
        (`achieved`, `moved to the mentorship with Sam`…); none while it is open."""
        from journal.domain.retrospective import decisions

        if m.status != MentorshipStatus.CLOSED:
            return []
        known = {g.id for g in goal_rows.all_goals(self.session.conn)}
        return [(goal_rows.get(self.session.conn, goal_id), words)
                for goal_id, words in decisions(m).items() if goal_id in known]

    def open_goals(self, ref: str) -> builtins.list[Goal]:
        """The mentorship's goals still open (active or paused): active first, then by title."""
        m = self.get(ref)
        return [g for g in goal_rows.all_goals(self.session.conn, OPEN) if g.mentorship == m.id]

    def trends(self, ref: str) -> builtins.list[AreaTrend]:
        """Each check-in area's ratings over the mentorship's check-ins, oldest first."""
        m = self.get(ref)
        return area_trends(mentorship_rows.check_in_ratings(self.session.conn, m.id, self.session.today()))

    def close(self, ref: str, on: str | None = None, goals: Mapping[str, str] | None = None) -> Mentorship:
        """End a mentorship (today, or `on`), deciding about each of its open goals: `goals` maps
        a goal (id, id prefix or title) to keep, achieved, abandoned or move:MENTOR. One
        transaction: the goals, their histories, the mentorship's history and the mentorship."""
        s = self.session
        closing = self.closing(ref, on, goals)
        with s.writing() as conn:
            closing.apply(conn, s.now())
        return self.get(closing.mentorship.id)

    def end_day(self, m: Mentorship, on: str | None = None) -> date:
        """The day `m` would end on: today, or `on` (a day as typed: 2026-11-20, last friday),
        never in the future nor before it started (BadValue)."""
        s = self.session
        day = s.day(on) if on and on.strip() else s.today()
        if day > s.today():
            raise BadValue(f"A mentorship cannot end in the future ({day.isoformat()}). Pick today or earlier.")
        if m.started_on is not None and day < m.started_on:
            raise BadValue(f"The mentorship with {m.mentor} started on {m.started_on.isoformat()}; "
                           f"it cannot end before that ({day.isoformat()}).")
        later, last = mentorship_rows.entries_after(s.conn, m.id, day)
        if later and last is not None:  # they would be filed under it after its end, which no entry may (S323)
            # named by id, never by their text (S517)
            shown = mentorship_rows.short_entry_ids(s.conn, later[:3])
            named = ", ".join(shown) + (f" and {len(later) - 3} more" if len(later) > 3 else "")
            it = 'it' if len(later) == 1 else 'them'
            # a last day still to come is no day it can end on: only the other way is named (S568)
            way = (f"end it on {last.isoformat()} or later, or file {it} elsewhere first" if last <= s.today()
                   else f"file {it} elsewhere first (an entry dated ahead, a plan, cannot be under a closed one)")
            raise BadValue(f"{plural(len(later), 'entry', 'entries')} filed under the mentorship with {m.mentor} "
                           f"{'is' if len(later) == 1 else 'are'} dated after {day.isoformat()} ({named}; the "
                           f"last {last.isoformat()}): {way} (`journal edit {shown[0]} --mentorship ''` leaves one "
                           "out).")
        return day

    def closing(self, ref: str, on: str | None = None, goals: Mapping[str, str] | None = None) -> Closing:
        """Check a closing without writing anything (Closure.close writes it with the conversation)."""
        m = self.get(ref)
        if m.status == MentorshipStatus.CLOSED:
            raise BadValue(f"The mentorship with {m.mentor} is already closed.")
        day = self.end_day(m, on)
        still_open = self.open_goals(m.id)
        decisions = self._decisions(m, still_open, goals or {})
        undecided = [g for g in still_open if g.id not in {d.goal.id for d in decisions}]
        if undecided:
            count = "an open goal" if len(undecided) == 1 else f"{len(undecided)} open goals"
            raise BadValue(f"The mentorship with {m.mentor} has {count} to decide about first "
                           f"({_titles(undecided)}): give {HOW_TO_DECIDE} for each.")
        order = {g.id: i for i, g in enumerate(still_open)}
        decisions.sort(key=lambda d: order[d.goal.id])
        m.status, m.closed_on = MentorshipStatus.CLOSED, day
        m.next_meeting_on = None  # an ended mentorship has no meeting ahead (S180)
        return Closing(m, decisions)

    def _decisions(self, m: Mentorship, still_open: builtins.list[Goal],
                   typed: Mapping[str, str]) -> builtins.list[Decision]:
        """Each typed decision, checked: an open goal of `m`, decided once, a decision there is."""
        s = self.session
        mine = {g.id: g for g in still_open}
        found: dict[str, Decision] = {}
        for ref, text in typed.items():
            goal_id = s.goal_id(ref)
            goal = mine.get(goal_id)
            if goal is None:
                title = s.goal(goal_id).title
                raise BadValue(f"'{title}' is not an open goal of the mentorship with {m.mentor}; "
                               f"its open goals: {_titles(still_open) or 'none'}.")
            if goal_id in found:
                raise BadValue(f"'{goal.title}' is decided twice; give one {HOW_TO_DECIDE} per goal.")
            found[goal_id] = self._decision(m, goal, text)
        return list(found.values())

    def _decision(self, m: Mentorship, goal: Goal, text: str) -> Decision:
        word, sep, rest = text.strip().partition(":")
        wanted = word.strip().lower()
        matches = [d for d in DECISIONS if d == wanted] or [d for d in DECISIONS if wanted and d.startswith(wanted)]
        if len(matches) != 1:
            raise BadValue(f"Decide about '{goal.title}' with keep, achieved, abandoned or move:MENTOR, "
                           f"not '{text.strip()[:40]}'.")
        action = matches[0]
        if action != "move":
            if sep:
                raise BadValue(f"Only move takes a mentorship ('{goal.title}': move:MENTOR).")
            return Decision(goal, action)
        if not rest.strip():
            raise BadValue(f"Say which mentorship '{goal.title}' moves to: move:MENTOR.")
        target = self.get(rest.strip())
        if target.id == m.id:
            raise BadValue(f"'{goal.title}' cannot move to the mentorship that is closing; "
                           "choose another, or keep it.")
        if target.status == MentorshipStatus.CLOSED:
            raise BadValue(f"The mentorship with {target.mentor} is closed; move '{goal.title}' to an active one.")
        return Decision(goal, action, target)

    def plan_meeting(self, ref: str, next_on: str | None = None) -> Mentorship:
        """Record the next meeting's date: `next_on` as typed, else today + the check-in rhythm."""
        s = self.session
        m = self.get(ref)
        if m.status == MentorshipStatus.CLOSED:
            raise BadValue(f"The mentorship with {m.mentor} is closed; it has no next meeting.")
        if next_on:
            day = s.ahead(next_on)
        elif m.check_in_every:
            # A cadence stored before cadences had a range (or by hand) may reach past the calendar.
            day = add_days(s.today(), m.check_in_every)
            if cadence_problem(m.check_in_every) or not day_in_range(day):
                raise BadValue(f"The check-in rhythm kept for {m.mentor} ({m.check_in_every} days) is not within "
                               f"1 to {MAX_CADENCE_DAYS} days; give the date with --next WHEN.")
        else:
            raise BadValue("Give the next meeting's date with --next WHEN (e.g. --next 'next tuesday').")
        if day < s.today():
            raise BadValue(f"The next meeting cannot be in the past ({day.isoformat()}). Pick today or later.")
        before, m.next_meeting_on = m.next_meeting_on, day
        now = s.now()
        with s.writing() as conn:
            mentorship_rows.update(conn, m, now)
            # the day a plan was made: a meeting written after it was held, early or not (S232)
            mentorship_rows.add_event(conn, m.id, GoalEvent(at=now, kind="edit", field="next_meeting_on",
                                                            old=_stored(before), new=_stored(day)))
        return self.get(m.id)
