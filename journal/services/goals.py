"""Goals: SMART statements with an append-only history, milestones, status and closing."""

from __future__ import annotations

from journal.record import record, replace
from datetime import date, tzinfo

from journal.domain.dates import cadence_problem, in_zone
from journal.domain.errors import BadValue
from journal.domain.model import Goal, GoalStatus, Lens, MentorshipStatus, Milestone
from journal.domain.refs import name_key
from journal.domain.text import clean_title
from journal.services.session import Session
from journal.store import goals as goal_rows


@record
class GoalSummary:
    """A goal with the numbers a list shows."""

    goal: Goal
    lens_counts: dict[str, int]
    last_entry: date | None
    quiet_days: int | None


def check_cadence(value: int | None, option: str) -> None:
    """A cadence in days must be a whole number from 1 to MAX_CADENCE_DAYS (ten years)."""
    problem = cadence_problem(value)
    if problem:
        raise BadValue(f"{option} {problem}; {value} is not.")


def as_status(value: GoalStatus | str) -> GoalStatus:
    return value if isinstance(value, GoalStatus) else GoalStatus.parse(value)


class Goals:
    """The goals of one journal."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(
        self, title: str, *, specific: str = "", measurable: str = "", achievable: str = "",
        relevant: str = "", by: str | None = None, criteria: str = "", mentorship: str | None = None,
        review_every: int | None = None,
    ) -> Goal:
        """Create a goal; its title must be new (case-insensitive)."""
        s = self.session
        clean = clean_title(title)
        if not clean:
            raise BadValue("A goal needs a title, e.g. `journal goal add \"Public speaking\"`.")
        _title_free(s, clean)
        check_cadence(review_every, "--review-every")
        goal = Goal(
            id=s.new_id(), title=clean, specific=specific.strip(), measurable=measurable.strip(),
            achievable=achievable.strip(), relevant=relevant.strip(),
            time_bound=s.target_day(by) if by else None, success_criteria=criteria.strip(),
            mentorship=self._joined(mentorship) if mentorship else None,
            created_at=s.now(), review_every=review_every,
        )
        with s.writing() as conn:
            goal_rows.insert(conn, goal)
        return self.get(goal.id)

    def get(self, ref: str) -> Goal:
        """The goal named by id prefix or title prefix, with its history and milestones."""
        return self.session.goal(ref)

    def summaries(self, statuses: tuple[GoalStatus, ...] = ()) -> list[GoalSummary]:
        """Goals with entries per lens, the last entry's day and days since it."""
        s = self.session
        stats = goal_rows.lens_counts(s.conn)
        today = s.today()
        result = []
        for goal in goal_rows.all_goals(s.conn, statuses):
            item = stats.get(goal.id)
            last = date.fromisoformat(item.last) if item and item.last else None
            began = active_since(goal, s.clock.tzinfo)
            since = max(last, began) if last and began else last or began
            result.append(GoalSummary(
                goal=goal,
                lens_counts={lens.value: item.per_lens.get(lens.value, 0) if item else 0 for lens in Lens},
                last_entry=last,
                quiet_days=max(0, (today - since).days) if since else None,  # an entry from a clock ahead
            ))
        return result

    def _joined(self, ref: str, goal: Goal | None = None) -> str:
        """The id of the mentorship a goal joins: an ended one takes no goals (its closing decided
        about its goals; an open goal there could never be decided about: S164). A goal that
        is in it already (achieved as it closed) stays."""
        m = self.session.mentorship(ref)
        if m.status == MentorshipStatus.CLOSED and (goal is None or goal.mentorship != m.id):
            raise BadValue(f"The mentorship with {m.mentor} has ended: a goal joins an active mentorship "
                           "(`journal mentorship list`), or none (`--mentorship ''`).")
        return m.id

    def of_mentorship(self, mentorship_id: str) -> list[Goal]:
        """The goals that belong to a mentorship."""
        return [g for g in goal_rows.all_goals(self.session.conn) if g.mentorship == mentorship_id]

    def edit(self, ref: str, **changes: str | int | None) -> tuple[Goal, list[str]]:
        """Change statement fields; each real change is appended to the goal's history.
        `review_every=0` ends the reviews."""
        s = self.session
        goal = self.get(ref)
        values: dict[str, str | int | date | None] = {}
        for name, value in changes.items():
            if value is None:
                continue
            stored: str | int | date | None = value
            if name == "title":
                stored = clean_title(str(value))
                if not stored:
                    raise BadValue("A goal's title cannot be empty.")
                _title_free(s, stored, goal.id)  # two goals of one name: neither could be named again (S212)
            elif name == "by":
                name, stored = "time_bound", s.target_day(str(value), goal.time_bound) if value else None
            elif name == "criteria":
                name, stored = "success_criteria", str(value).strip()
            elif name == "mentorship":
                name, stored = "mentorship_id", self._joined(str(value), goal) if value else None
            elif name == "review_every":  # 0: no reviews any more
                if value == 0:
                    stored = None
                else:
                    check_cadence(value if isinstance(value, int) else None, "--review-every")
            elif isinstance(value, str):
                stored = value.strip()
            values[name] = stored
        with s.writing() as conn:
            changed = goal_rows.edit(conn, goal, values, s.now())
        return self.get(goal.id), changed

    def set_status(self, ref: str, status: GoalStatus | str, note: str | None = None) -> Goal:
        """Pause, resume, achieve or abandon a goal (kept in its history)."""
        goal = self.get(ref)
        chosen = as_status(status)
        if chosen == goal.status:
            raise BadValue(f"Goal '{goal.title}' is already {chosen.value}.")
        if not chosen.closed and goal.status.closed and goal.mentorship:  # open again in an ended mentorship (S164)
            m = self.session.mentorship(goal.mentorship)
            if m.status == MentorshipStatus.CLOSED:
                raise BadValue(f"The mentorship with {m.mentor} has ended, and goal '{goal.title}' with it. To work "
                               f"on it again, take it out first: journal goal edit {goal.short_id} --mentorship '' "
                               "(or name an active mentorship).")
        with self.session.writing() as conn:
            goal_rows.set_status(conn, goal, chosen, self.session.now(), note.strip() if note else None)
        return self.get(goal.id)

    def close(self, ref: str, status: GoalStatus | str, note: str | None = None) -> Goal:
        """Close a goal as achieved or abandoned."""
        chosen = as_status(status)
        if not chosen.closed:
            raise BadValue("A goal closes as achieved or abandoned.")
        goal = self.get(ref)
        if goal.status.closed and chosen != goal.status:  # closing again changed how it ended unasked (S363)
            day = in_zone(goal.closed_at, self.session.clock.tzinfo).date().isoformat() if goal.closed_at else "—"
            raise BadValue(f"Goal '{goal.title}' was closed as {goal.status.value} on {day}. To change how it "
                           f"ended: journal goal status {goal.short_id} {chosen.value}.")
        return self.set_status(goal.id, chosen, note)

    def add_milestone(self, goal_ref: str, title: str, due: str | None = None) -> Milestone:
        s = self.session
        goal = self.get(goal_ref)
        clean = _milestone_title(goal, title)
        milestone = Milestone(s.new_id(), goal.id, clean, s.ahead(due) if due else None)
        with s.writing() as conn:
            goal_rows.add_milestone(conn, milestone, s.now())
        return milestone

    def edit_milestone(self, goal_ref: str, milestone_ref: str, *, title: str | None = None, due: str | None = None,
                       no_due: bool = False, reopen: bool = False) -> tuple[Milestone, list[str]]:
        """Correct a milestone: its title, its due day (`no_due`: none), or reached no more
        (`reopen`). Returns it as saved and what changed ("title", "due", "reopened"), in one
        write; nothing changed, nothing written. A plan that changes is the milestone's own
        business: the goal's history keeps the statement's changes, not these (S539)."""
        s = self.session
        if due is not None and no_due:
            raise BadValue("Give --due WHEN or --no-due, not both.")
        goal = self.get(goal_ref)
        milestone = goal_rows.resolve_milestone(s.conn, goal.id, milestone_ref)
        changed: list[str] = []
        new = milestone
        if title is not None:
            clean = _milestone_title(goal, title, but=milestone.id)
            if clean != milestone.title:
                new, changed = replace(new, title=clean), [*changed, "title"]
        if due is not None or no_due:
            due_on = s.ahead(due) if due is not None else None
            if due_on != milestone.due_on:
                new, changed = replace(new, due_on=due_on), [*changed, "due"]
        if reopen and milestone.done_on is not None:
            new, changed = replace(new, done_on=None), [*changed, "reopened"]
        if changed:
            with s.writing() as conn:
                goal_rows.update_milestone(conn, new, s.now())
        return new, changed

    def milestone_done(self, goal_ref: str, milestone_ref: str, on: str | None = None) -> tuple[Milestone, date | None]:
        """The milestone reached on `on` (default today), and the day it was reached before (None
        the first time). One reached already stays as it is unless `on` names another day: done
        again, it kept being moved to today without a word (S351)."""
        s = self.session
        goal = self.get(goal_ref)
        milestone = goal_rows.resolve_milestone(s.conn, goal.id, milestone_ref)
        if milestone.done_on is not None and not on:
            return milestone, milestone.done_on
        done_on = s.day(on) if on else s.today()
        if done_on > s.today():  # a milestone reached is one reached already (S202)
            raise BadValue(f"A milestone is reached on a day that has come ({done_on.isoformat()} is in the future). "
                           "Pick today or earlier.")
        if done_on != milestone.done_on:
            with s.writing() as conn:
                goal_rows.set_milestone_done(conn, milestone.id, done_on, s.now())
        return replace(milestone, done_on=done_on), milestone.done_on


def _milestone_title(goal: Goal, title: str, but: str | None = None) -> str:
    """`title` cleaned for a milestone of `goal`; refused empty, or when another of its milestones
    (not `but`) has it: it could not be named apart."""
    clean = clean_title(title)
    if not clean:
        raise BadValue("A milestone needs a title.")
    if any(name_key(m.title) == name_key(clean) and m.id != but for m in goal.milestones):
        raise BadValue(f"Goal '{goal.title}' already has a milestone called '{clean}'. Pick another title.")
    return clean


def active_since(goal: Goal, zone: tzinfo) -> date | None:
    """The day `goal` last became active: made, or set active again after a pause or a closing.
    A goal is quiet, or due a review, from then at the earliest: made today beside a backdated
    entry, it was "quiet for 30 days" at once, and resumed after a pause it was due a review the
    same day (S354)."""
    moments = [m for m in (goal.created_at, goal.resumed_at) if m is not None]
    return in_zone(max(moments), zone).date() if moments else None


def _title_free(s: Session, title: str, own: str | None = None) -> None:
    """Refuse `title` when another goal (open or closed) has it, case and Unicode's ways of
    writing one letter aside (S345), as `-g` finds goals by title."""
    if any(name_key(g.title) == name_key(title) and g.id != own for g in goal_rows.all_goals(s.conn)):
        raise BadValue(f"A goal called '{title}' already exists. Pick another title.")
