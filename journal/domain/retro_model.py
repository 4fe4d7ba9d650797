"""What a closure retrospective holds: plain records (journal/record.py), filled by domain.retrospective.

Sections (docs/ARCHITECTURE.md names the writers that render them):
0. the summary - the story in a few lines, built from the data below (never invented);
1. the goal(s): first and final SMART statement, dates, status, mentor, milestones;
2. hindsight - the journey traced: timeline events, weekly lens counts, first and last
   entries, starred turning points, milestones hit and missed, status changes;
3. insight - insight entries grouped by month, with the top tags of all included entries;
4. foresight - open foresight, foresight -> hindsight pairs, carry-forward items;
5. numbers - entries per lens, active weeks, longest gap, check-in regularity;
6. the closure conversation answers (entries of kind `closure`).

What the person wrote along the way and what they answered at the closure are kept apart:
the closure answers are in section 6 only (and counted there), never in the numbers, the
first or last entry, the turning points, the insight by month or the open foresight.

A mentorship's retrospective also holds the relationship (first when written): its
agreement's parts, the meetings and check-ins kept, each check-in area's trend in words,
how it evolved (its history in words) and every goal it had, with its outcome and what
closing the mentorship decided for it.
"""

from __future__ import annotations

from journal.record import field, record
from datetime import date

from journal.domain.model import Kind, Lens
from journal.domain.timeline import TimelineEvent

STATEMENT_FIELDS = ("title", "specific", "measurable", "achievable", "relevant", "time_bound",
                    "success_criteria")
"""The goal statement as the retrospective compares it (first vs final)."""
# ------------------------------------------------------------------ structure
@record(frozen=True)
class Quote:
    """An entry as the retrospective quotes it: always with its day and id."""

    entry_id: str
    short_id: str
    day: date
    time: str | None
    lens: Lens
    kind: Kind
    title: str | None
    body: str
    tags: tuple[str, ...] = ()
    starred: bool = False
    private: bool = False


@record
class Statement:
    """A goal's SMART statement at one moment; every value as text (time_bound ISO) or None."""

    title: str | None = None
    specific: str | None = None
    measurable: str | None = None
    achievable: str | None = None
    relevant: str | None = None
    time_bound: str | None = None
    success_criteria: str | None = None


@record
class MilestoneItem:
    title: str
    due_on: date | None
    done_on: date | None
    state: str
    """'hit' (done on time or without a due date), 'late' (done after due),
    'missed' (not done, past due), 'open' (not done, not yet due) or 'dropped' (not done: its
    goal closed, or left the mentorship, before its day)."""
    goal_id: str = ""
    why: str | None = None
    """Why a dropped milestone was not done in a mentorship's days: where its goal went
    ("moved to the mentorship with Sam", "carried on alone"); None otherwise."""


@record
class StatusChange:
    day: date
    goal_id: str
    goal_title: str
    old: str | None
    new: str | None


@record
class GoalSection:
    id: str
    short_id: str
    title: str
    status: str
    mentor: str | None
    created_on: date | None
    closed_on: date | None
    first: Statement
    final: Statement
    changed_fields: list[str]
    """Statement fields whose final value differs from the first."""
    edits: int
    closure_note: str | None
    milestones: list[MilestoneItem]


@record
class Week:
    """One ISO week of the journey: entries per lens (all three lenses always present)."""

    start: date
    end: date
    label: str
    lens_counts: dict[str, int]


@record
class Hindsight:
    events: list[TimelineEvent]
    weeks: list[Week]
    sparkline: str
    """One lens symbol per week (domain.timeline.lens_sparkline); '·' for an empty week."""
    first: Quote | None
    last: Quote | None
    turning_points: list[Quote]
    """Starred entries, oldest first."""
    milestones_hit: list[MilestoneItem]
    milestones_missed: list[MilestoneItem]
    """Missed (never done, past due) and late ones."""
    status_changes: list[StatusChange]


@record
class InsightPeriod:
    label: str
    """The month, 2026-10."""
    start: date
    quotes: list[Quote]


@record
class TagCount:
    tag: str
    count: int


@record
class Insight:
    periods: list[InsightPeriod]
    top_tags: list[TagCount]


@record
class Pair:
    """What I expected (foresight) and what happened (the hindsight entries answering it)."""

    expected: Quote
    happened: list[Quote]


@record
class LaterAnswer:
    """Foresight of a closed mentorship answered only after it ended (S490)."""

    expected: Quote
    answered_on: date | None
    """The day of the first answer; None when that answer is left out here (private)."""


@record
class Foresight:
    open: list[Quote]
    pairs: list[Pair]
    carry_forward: list[Quote]
    answered_after: list[LaterAnswer] = field(default_factory=list)
    """A closed mentorship's foresight answered after its closing day: neither open nor paired
    (the answer is not its story: S460)."""


@record
class Numbers:
    entries: int
    """Entries written along the way (the closure answers are counted apart)."""
    per_lens: dict[str, int]
    first_day: date | None
    last_day: date | None
    active_weeks: int
    """ISO weeks with at least one entry."""
    span_weeks: int
    """ISO weeks from the first entry's to the last entry's, inclusive."""
    longest_gap_days: int
    """The most days in a row without an entry, between two entry days (0 without a gap)."""
    longest_gap_from: date | None
    longest_gap_to: date | None
    check_ins: int
    """Entries of kind check-in or meeting."""
    check_in_median_days: float | None
    """Median days between consecutive check-in/meeting days (None with fewer than two)."""
    closure_answers: int = 0
    """Answers of the closure conversation (not in `entries`)."""


@record
class ClosureAnswer:
    prompt: str | None
    """The closure prompt the entry answers (matched by its title), else None."""
    quote: Quote
    goal: str | None = None
    """In a mentorship's retrospective, the goal whose own closing this answer was (it stood
    under a bare question beside the mentorship's own answers: S499)."""


@record
class AgreementPart:
    """One agreed part of a mentorship's agreement: its heading and its text (Markdown)."""

    heading: str
    text: str


@record
class Rating:
    """One check-in's rating of an area (1 off track … 5 going well)."""

    day: date
    value: int


@record
class TrendWords:
    """One check-in area over the relationship: the ratings as a sparkline and in words."""

    area: str
    label: str
    spark: str
    """One bar per rating, oldest first (▁ 1 … █ 5); "" when never rated."""
    summary: str
    """`going well (5), rising ↑ from 3`, or `not rated yet`."""
    ratings: list[Rating]


@record
class RelationshipEvent:
    """One event of the relationship's history, said in words (no ids, no keys)."""

    day: date
    text: str


@record
class RelationshipGoal:
    """A goal the mentorship had, with how it ended up."""

    goal_id: str
    title: str
    outcome: str
    """The goal's status now: active, paused, achieved or abandoned."""
    decision: str | None
    """What closing the mentorship decided for it (`carried on alone`, `closed as achieved`,
    `moved to the mentorship with Sam`), None when closing did not decide about it."""
    left: str | None = None
    """Where it went when it left before the mentorship closed, and when (`moved to the mentorship
    with Sam on 2026-11-01`): a move by hand, no closing's decision (S448)."""
    days_late: int = 0
    """Achieved this many days after its target date (S488)."""


@record
class Relationship:
    """The mentoring relationship itself."""

    mentor: str
    status: str
    started_on: date | None
    closed_on: date | None
    agreement: list[AgreementPart]
    """The agreed parts, in their fixed order (parts not agreed are left out)."""
    other_agreements: str | None
    meetings: int
    check_ins: int
    trends: list[TrendWords]
    evolution: list[RelationshipEvent]
    goals: list[RelationshipGoal]


@record
class TurningPoint:
    """One line of the summary's story: a starred entry, a milestone reached, a status change."""

    day: date
    kind: str
    """'starred', 'milestone' or 'status'."""
    text: str
    """In words: the entry's title (or the start of its text), the milestone, the new status."""
    entry_id: str | None = None
    private: bool = False
    """A private starred entry's (a retrospective including them marks every mention: S309)."""


@record
class Summary:
    """The story first: built from the sections' data, never invented."""

    statement: str | None
    """What it was about: a goal's final Specific (else None); a mentorship's focus."""
    outcome: str
    """A goal's status (achieved, abandoned, active, paused); a mentorship's (closed, active, ...)."""
    outcome_on: date | None
    closing_note: str | None
    turning_points: list[TurningPoint]
    """Oldest first, at most SUMMARY_POINTS of them."""
    more_turning_points: int
    insight: Quote | None
    """The most important insight: a starred insight entry (the latest), else the closure
    conversation's insight answer, else the latest insight entry."""
    insight_from: str | None
    """'starred', 'closure' or 'latest' (how `insight` was chosen)."""
    carried_forward: list[Quote]
    """The closure conversation's foresight answers, else the latest open foresight."""
    still_open: int
    """Foresight entries no hindsight answered."""
    goal_outcomes: dict[str, int]
    """Goals per status (achieved, abandoned, active, paused), in that order; a mentorship's."""
    target_on: date | None = None
    """A goal's target date."""
    days_late: int = 0
    """A goal achieved after its target date: by how many days (S488)."""


@record
class Retrospective:
    kind: str
    """'goal' or 'mentorship'."""
    subject_id: str
    title: str
    mentor: str | None
    focus: str | None
    today: date
    tz: str
    goals: list[GoalSection]
    hindsight: Hindsight
    insight: Insight
    foresight: Foresight
    numbers: Numbers
    closure: list[ClosureAnswer]
    include_private: bool
    private_left_out: int
    excluded: int
    relationship: Relationship | None = None
    """A mentorship's: the relationship itself (None for a goal)."""
    summary: Summary | None = None
    """The story in a few lines (always set by build_retrospective)."""
