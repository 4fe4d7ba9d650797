"""The journal's nouns as plain records (journal/record.py): no I/O, no clock, no SQL."""

from __future__ import annotations

import enum
from journal.record import field, record
from datetime import date, datetime

from journal.domain.errors import BadValue

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/ARCHITECTURE.md, start-up)
if TYPE_CHECKING:
    from typing import Any, Self, TypeAlias

ID_CHARACTERS = frozenset("0123456789abcdef-")
"""What an entry id is made of (a UUID as Threefold writes it): what `journal show ID` can be given."""

Texts: TypeAlias = list[str] | tuple[str, ...]
"""Several tags or goal references as typed: a list or a tuple, never a bare str (whose
characters would each count as one)."""


class _Choice(enum.StrEnum):
    """An enum whose values can be typed by any unique prefix (str() of a member is its value)."""

    @classmethod
    def parse(cls, text: str) -> Self:
        """Return the member whose value starts with `text` (case-insensitive)."""
        wanted = text.strip().lower()
        if wanted:
            exact = [m for m in cls if m.value == wanted]
            matches = exact or [m for m in cls if m.value.startswith(wanted)]
            if len(matches) == 1:
                return matches[0]
        allowed = ", ".join(m.value for m in cls)
        raise BadValue(f"unknown {cls.label()} '{text}': use one of {allowed}")

    @classmethod
    def label(cls) -> str:
        return cls.__name__.lower()


class Lens(_Choice):
    """The three ways of looking at a day."""

    HINDSIGHT = "hindsight"
    INSIGHT = "insight"
    FORESIGHT = "foresight"

    @property
    def symbol(self) -> str:
        """A glyph that tells the lens apart without colour."""
        return {"hindsight": "◀", "insight": "◆", "foresight": "▶"}[self.value]

    @property
    def question(self) -> str:
        return {
            "hindsight": "What happened?",
            "insight": "What does it mean?",
            "foresight": "What comes next?",
        }[self.value]


class Kind(_Choice):
    NOTE = "note"
    MEETING = "meeting"
    CHECK_IN = "check-in"
    FEEDBACK = "feedback"
    CLOSURE = "closure"
    PREPARING = "preparing"
    """Reflections before a mentorship: past mentors, the vision, what I need."""
    GOAL_AUDIT = "goal-audit"
    """A goal's audit: still worth it, evidence of progress, what to change."""
    PASSING_ON = "passing-on"
    """The step from mentee to mentor: readiness, what I would pass on."""

    @property
    def words(self) -> str:
        """The kind in words (`goal audit`, `passing it on`)."""
        return {"goal-audit": "goal audit", "passing-on": "passing it on"}.get(self.value, self.value)

    @property
    def lens(self) -> Lens:
        """The lens an entry of this kind is written in unless one is chosen: where things stand
        (a check-in, feedback, a closure) is insight, the rest starts from what happened."""
        return Lens.INSIGHT if self in (Kind.CHECK_IN, Kind.FEEDBACK, Kind.CLOSURE) else Lens.HINDSIGHT


class GoalStatus(_Choice):
    ACTIVE = "active"
    PAUSED = "paused"
    ACHIEVED = "achieved"
    ABANDONED = "abandoned"

    @classmethod
    def label(cls) -> str:
        return "goal status"

    @property
    def closed(self) -> bool:
        return self in (GoalStatus.ACHIEVED, GoalStatus.ABANDONED)


class MentorshipStatus(_Choice):
    ACTIVE = "active"
    CLOSED = "closed"

    @classmethod
    def label(cls) -> str:
        return "mentorship status"


class Phase(_Choice):
    PREPARING = "preparing"
    NEGOTIATING = "negotiating"
    ENABLING = "enabling"
    CLOSING = "closing"


SMART_FIELDS = ("specific", "measurable", "achievable", "relevant")
"""The goal statement fields that are free text (time_bound is the target date)."""


@record(frozen=True)
class GoalRef:
    """A goal as an entry shows it: id and title."""

    id: str
    title: str


@record
class Entry:
    """One journal entry, seen through exactly one lens."""

    id: str
    day: date
    """The local calendar date the entry is about."""
    lens: Lens
    body: str
    time: str | None = None
    """Local HH:MM, or None for an all-day entry."""
    tz: str = "UTC"
    """IANA zone name at the time of writing."""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    title: str | None = None
    starred: bool = False
    private: bool = False
    kind: Kind = Kind.NOTE
    tags: tuple[str, ...] = ()
    goals: tuple[GoalRef, ...] = ()
    mentorship: str | None = None
    revisit_on: date | None = None
    """A foresight entry's day to look back; a feedback entry's follow-up date."""
    answers: str | None = None
    """A hindsight entry: the foresight entry (or feedback follow-up) it answers."""
    deleted_at: datetime | None = None
    source: str | None = None
    source_id: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    """A check-in's area ratings or a feedback entry's from/asked/follow-up (domain/practice.py)."""
    short_id: str = ""
    """The shortest unique prefix of `id` (at least 6 characters), filled by the store."""


@record
class GoalEvent:
    """One line of a goal's append-only history."""

    at: datetime
    kind: str
    """A goal's: 'created', 'status' or 'edit'. A mentorship's also 'chosen' (from a shortlist)
    and 'goal' (what its closing did with an open goal)."""
    field: str | None = None
    old: str | None = None
    new: str | None = None


@record
class Milestone:
    id: str
    goal: str
    title: str
    due_on: date | None = None
    done_on: date | None = None
    updated_at: datetime | None = None
    """When it last changed (import's newer-wins rule)."""


@record
class Goal:
    """A SMART learning goal."""

    id: str
    title: str
    status: GoalStatus = GoalStatus.ACTIVE
    specific: str = ""
    measurable: str = ""
    achievable: str = ""
    relevant: str = ""
    time_bound: date | None = None
    """The target date."""
    success_criteria: str = ""
    mentorship: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    """When the statement or status last changed (import's newer-wins rule)."""
    closed_at: datetime | None = None
    closure_note: str | None = None
    review_every: int | None = None
    resumed_at: datetime | None = None
    """When it was last set active again after a pause or a closing (from its history), or None."""
    history: list[GoalEvent] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    short_id: str = ""


@record
class Mentorship:
    """A mentoring relationship that goals and entries belong to."""

    id: str
    mentor: str
    focus: str = ""
    started_on: date | None = None
    agreements: str = ""
    check_in_every: int | None = None
    next_meeting_on: date | None = None
    status: MentorshipStatus = MentorshipStatus.ACTIVE
    closed_on: date | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    """When it last changed (import's newer-wins rule)."""
    parts: dict[str, str] = field(default_factory=dict)
    """The agreement's structured parts (domain/practice.AGREEMENT_PARTS), in that order; the
    free text in `agreements` is what else was agreed."""
    history: list[GoalEvent] = field(default_factory=list)
    """Append-only: every change to the agreement, choosing, closing."""
    short_id: str = ""


@record
class EntryInput:
    """An entry as a person types it: dates, goals and the mentorship as free text.

    The services resolve and check every field (`Entries.write`); the same shape is what
    a draft keeps, so whatever compose can set survives a crash.
    """

    body: str
    lens: Lens | str = Lens.HINDSIGHT
    title: str | None = None
    tags: Texts = ()
    goals: Texts = ()
    """Goal ids, id prefixes or titles."""
    when: str | None = None
    """The day (and time) it is about, as typed: '2026-03-10', 'yesterday 18:00'; empty: now."""
    starred: bool = False
    private: bool = False
    kind: Kind | str = Kind.NOTE
    mentorship: str | None = None
    revisit: str | None = None
    """Foresight: when to look back at it; feedback with a follow-up: the day to have tried it
    by (today or later). As typed."""
    answers: str | None = None
    """Hindsight only: the foresight entry (or feedback follow-up) it answers (id or prefix)."""
    details: dict[str, Any] = field(default_factory=dict)
    """Check-in ratings (area → 1–5, also as typed) or feedback fields (from, asked, follow_up)."""


@record
class EntryChanges:
    """Edits to an entry; None leaves a field as it is."""

    body: str | None = None
    lens: Lens | str | None = None
    title: str | None = None
    tags: Texts | None = None
    goals: Texts | None = None
    when: str | None = None
    starred: bool | None = None
    private: bool | None = None
    kind: Kind | str | None = None
    mentorship: str | None = None
    revisit: str | None = None
    details: dict[str, Any] | None = None
    """The whole new details (not merged); None keeps them, unless the kind changes: then those
    that no longer fit the new kind go (a check-in's ratings on a note)."""
    draft_id: int | None = None
    """A draft to delete in the same transaction as the save."""
    expected_version: str | None = None
    """`entry_version` of the entry when the edit began (an editor open for minutes). Set:
    the save goes through only if the entry is still exactly that; otherwise nothing is
    overwritten, the edit is kept as a draft and EditConflict is raised (catalogue B13)."""
    claim_draft: bool = False
    """`draft_id` must still be there to delete, else nothing is written (`journal drafts save`
    run twice at once: S506)."""
    keep_replaced: bool = False
    """The version this edit replaces is kept as a draft, in the same transaction: a draft that
    lost to it, saved over it on purpose, must not throw it away unseen (S502)."""

    @classmethod
    def whole(cls, data: EntryInput, **extra: Any) -> EntryChanges:
        """Every typed field of `data` as a change (saving a draft over the entry it edits)."""
        return cls(body=data.body, lens=data.lens, title=data.title or "", tags=list(data.tags),
                   goals=list(data.goals), when=data.when or None, starred=data.starred,
                   private=data.private, kind=data.kind, mentorship=data.mentorship,
                   revisit=data.revisit, details=dict(data.details), **extra)


@record
class Draft(EntryInput):
    """Unsaved compose state, checkpointed so that no typed line is lost: an EntryInput
    with the bookkeeping of its checkpoint."""

    lens: Lens = Lens.HINDSIGHT
    title: str = ""
    when: str = ""
    starred: bool | None = None  # type: ignore[assignment]
    """None: not set here (saving over an entry keeps its star; a new entry is not starred)."""
    private: bool | None = None  # type: ignore[assignment]
    kind: Kind | None = None  # type: ignore[assignment]
    entry_id: str | None = None
    """Set when the draft edits an existing entry."""
    id: int | None = None
    updated_at: datetime | None = None
    pid: int | None = None
    base: str | None = field(default=None, compare=False)
    """`entry_version` of the entry when this edit started (None: unknown, or a new entry).
    Saving the draft over the entry goes through only while the entry is still that version."""
    lost_to: str | None = field(default=None, compare=False)
    """Set when this edit lost to a change made elsewhere (an edit conflict): the `entry_version`
    it lost to. Saving it over that version throws the other change away: the terminal UI asks
    first (S253)."""


def draft_of(entry: Entry, base: str | None = None) -> Draft:
    """The compose state that edits `entry` (`base`: its entry_version)."""
    when = entry.day.isoformat() + (f" {entry.time}" if entry.time else "")
    return Draft(
        body=entry.body, lens=entry.lens, title=entry.title or "", tags=entry.tags,
        goals=tuple(g.id for g in entry.goals), when=when, starred=entry.starred,
        private=entry.private, kind=entry.kind, mentorship=entry.mentorship,
        revisit=entry.revisit_on.isoformat() if entry.revisit_on else None,
        details=dict(entry.details), entry_id=entry.id, base=base,
    )


@record(frozen=True)
class Prompt:
    """A reflection question from the prompt library."""

    id: str
    text: str
    set: str
    lens: Lens | None = None
    phase: Phase | None = None
    field: str | None = None
    """For checklists: the goal field the prompt examines."""


@record
class EntryFilter:
    """What `list`, `search` and the TUI narrow entries by. Empty means everything."""

    lens: Lens | None = None
    kind: Kind | None = None
    tags: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    """Goal ids; an entry must link to all of them."""
    mentorship: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    starred: bool = False
    include_private: bool = True
    trashed: bool = False
    """True lists only entries in the trash."""
    on_this_day: date | None = None
    """Entries from the same day of the month as this date, in earlier months and years."""
