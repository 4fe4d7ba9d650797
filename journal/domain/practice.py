"""The mentee's cycle around the entries: preparing (a vision with its gaps, a learning profile),
choosing a mentor by criteria (a shortlist), the parts of an agreement, the four areas a
check-in rates, and what a feedback entry records. Plain data and pure rules: no I/O, no clock.

Vision, learning profile and shortlists are kept as documents (store/practice.py: one row
each, their fields as a JSON object); `to_data`/`from_data` are that object's shape, which is
also the JSON export's.
"""

from __future__ import annotations

from journal.record import field, record
from datetime import date, datetime
from collections.abc import Callable
from typing import Any, TypeVar

from journal.domain.errors import BadValue
from journal.domain.entry_details import CHECK_IN_AREAS, RATING_WORDS

_Item = TypeVar("_Item", "Criterion", "Candidate")

# ----------------------------------------------------------------- check-in trends
SPARK = {1: "▁", 2: "▃", 3: "▄", 4: "▆", 5: "█"}


@record(frozen=True)
class AreaTrend:
    """One check-in area over a mentorship's check-ins, oldest first."""

    area: str
    label: str
    ratings: tuple[tuple[date, int], ...]

    @property
    def latest(self) -> int | None:
        return self.ratings[-1][1] if self.ratings else None

    @property
    def direction(self) -> str:
        """'rising', 'falling' or 'steady' (the last check-in against the one before), 'first'
        with one rating, '' with none."""
        if len(self.ratings) < 2:
            return "first" if self.ratings else ""
        before, now = self.ratings[-2][1], self.ratings[-1][1]
        return "rising" if now > before else "falling" if now < before else "steady"

    @property
    def arrow(self) -> str:
        return {"rising": "↑", "falling": "↓", "steady": "→"}.get(self.direction, "")

    @property
    def spark(self) -> str:
        return "".join(SPARK[r] for _, r in self.ratings)

    @property
    def summary(self) -> str:
        """`going well (5), rising ↑ from 3` – words first, so no colour is needed."""
        if not self.ratings:
            return "not rated yet"
        now = self.latest or 0
        text = f"{RATING_WORDS[now]} ({now})"
        if self.direction in ("rising", "falling"):
            text += f", {self.direction} {self.arrow} from {self.ratings[-2][1]}"
        elif self.direction == "steady":  # the last two only: 1, 5, 5 is no steady course (S481)
            text += ", same as last time →"
        return text


def area_trends(check_ins: list[tuple[date, dict[str, Any]]]) -> list[AreaTrend]:
    """Each area's ratings across check-ins given as (day, details), in the order given."""
    return [
        AreaTrend(key, label, tuple((day, int(d[key])) for day, d in check_ins if isinstance(d.get(key), int)))
        for key, label in CHECK_IN_AREAS
    ]


# ----------------------------------------------------------------- agreements
AGREEMENT_PARTS: tuple[tuple[str, str, str], ...] = (
    ("ground_rules", "Ground rules", "How we work together: preparation, punctuality, honesty."),
    ("confidentiality", "Confidentiality", "What stays between us, and what may be shared with whom."),
    ("boundaries", "Boundaries", "What is out of scope, and how either of us says no."),
    ("stumbling_blocks", "Stumbling blocks", "What we do when something goes wrong or stalls."),
    ("accountability", "Accountability", "How progress is shown and commitments are kept."),
    ("meetings", "Meeting cadence", "How often, how long, where, and who arranges it."),
)
"""The structured parts of a mentorship's agreement: key, heading, what it covers. (Its goals
are the goals that belong to the mentorship.)"""
PART_KEYS = tuple(key for key, _, _ in AGREEMENT_PARTS)
PART_HEADINGS = {key: heading for key, heading, _ in AGREEMENT_PARTS}
MAX_PART_LENGTH = 20_000


def part_key(text: str) -> str:
    """An agreement part as typed: key, heading or a unique prefix (`ground`, `conf`)."""
    wanted = text.strip().lower().replace("-", "_").replace(" ", "_")
    matches = [k for k in PART_KEYS if k == wanted] or [k for k in PART_KEYS if wanted and k.startswith(wanted)]
    if len(matches) != 1:
        names = ", ".join(k.replace("_", "-") for k in PART_KEYS)
        raise BadValue(f"unknown agreement part '{text[:40]}': use one of {names}")
    return matches[0]


def clean_part(text: str) -> str:
    """A part's text: Markdown, line endings LF, outer blank space trimmed."""
    value = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(value) > MAX_PART_LENGTH:
        raise BadValue(f"That agreement part is too long ({len(value)} characters, limit {MAX_PART_LENGTH}).")
    return value


def check_parts(parts: dict[str, Any]) -> dict[str, str]:
    """Parts in their fixed order, empty ones dropped (an import's or a sync's copy)."""
    clean = {part_key(k): clean_part(str(v or "")) for k, v in parts.items()}
    return {k: clean[k] for k in PART_KEYS if clean.get(k)}


# ----------------------------------------------------------------- preparing
LEARNING_STYLES: tuple[tuple[str, str], ...] = (
    ("big picture", "I need the whole picture before the details."),
    ("data", "I learn from facts, figures and evidence."),
    ("practical", "I learn by applying things to real work."),
    ("trial and error", "I learn by trying, failing and trying again."),
)
"""The ways of learning offered by name; a person adds their own."""
MAX_ITEM_LENGTH = 200


def clean_item(text: str, what: str) -> str:
    """One short line (a gap, a style, a criterion, a name)."""
    value = " ".join(str(text).split())
    if not value:
        raise BadValue(f"The {what} is empty; type a few words.")
    if len(value) > MAX_ITEM_LENGTH:
        raise BadValue(f"The {what} is too long ({len(value)} characters, limit {MAX_ITEM_LENGTH}).")
    return value


def clean_text(text: str) -> str:
    value = str(text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(value) > MAX_PART_LENGTH:
        raise BadValue(f"That text is too long ({len(value)} characters, limit {MAX_PART_LENGTH}).")
    return value


@record
class Gap:
    """Between where I am and where I want to be; it may have become a goal."""

    id: str
    text: str
    goal_id: str | None = None


@record
class Vision:
    """Where I want to be, where I am, and the gaps between."""

    future: str = ""
    present: str = ""
    gaps: list[Gap] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    """The ids of gaps removed: a sync's merge with a version that still holds one leaves it out
    (a union brought it back: S370)."""
    created_at: datetime | None = None
    updated_at: datetime | None = None

    KIND = "vision"
    ID = "vision"

    def to_data(self) -> dict[str, Any]:
        data = {"future": self.future, "present": self.present,
                "gaps": [{"id": g.id, "text": g.text, "goal_id": g.goal_id} for g in self.gaps]}
        return data | ({"removed": sorted(self.removed)} if self.removed else {})  # (none: as before S370)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Vision:
        gaps = [Gap(id=str(g["id"]), text=clean_item(g["text"], "gap"), goal_id=g.get("goal_id"))
                for g in data.get("gaps") or []]
        return cls(future=clean_text(data.get("future", "")), present=clean_text(data.get("present", "")), gaps=gaps,
                   removed=[str(r) for r in data.get("removed") or []])

    def gap(self, ref: str) -> Gap:
        """A gap by its number (1 = first), id prefix or the start of its text."""
        ref = ref.strip()
        if ref.isascii() and ref.isdigit() and 1 <= int(ref) <= len(self.gaps):
            return self.gaps[int(ref) - 1]
        found = [g for g in self.gaps if len(ref) >= 4 and g.id.startswith(ref)] or [
            g for g in self.gaps if ref and g.text.lower().startswith(ref.lower())]
        if len(found) != 1:
            raise BadValue(f"No single gap '{ref[:40]}': give its number from `journal vision show`.")
        return found[0]


@record
class LearningProfile:
    """How I learn best, my strengths and challenges, what I need from a mentor."""

    styles: list[str] = field(default_factory=list)
    strengths: str = ""
    challenges: str = ""
    needs: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None

    KIND = "profile"
    ID = "profile"

    def to_data(self) -> dict[str, Any]:
        return {"styles": list(self.styles), "strengths": self.strengths, "challenges": self.challenges,
                "needs": self.needs}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> LearningProfile:
        styles: list[str] = []
        for style in data.get("styles") or []:
            value = clean_item(style, "learning style")  # a preset's name, or the person's words as typed
            if value.casefold() not in {s.casefold() for s in styles}:
                styles.append(value)
        return cls(styles=styles, strengths=clean_text(data.get("strengths", "")),
                   challenges=clean_text(data.get("challenges", "")), needs=clean_text(data.get("needs", "")))

    @property
    def empty(self) -> bool:
        return not (self.styles or self.strengths or self.challenges or self.needs)


# ----------------------------------------------------------------- choosing a mentor
MIN_WEIGHT, MAX_WEIGHT = 1, 5
MAX_SCORE = 5


@record
class Criterion:
    """What a mentor must have (`must`), or should have, weighted 1–5 by priority."""

    id: str
    name: str
    must: bool = False
    weight: int = 3

    @property
    def kind(self) -> str:
        """"must-have", or "want ×N" with its weight."""
        return "must-have" if self.must else f"want ×{self.weight}"


@record
class Conversation:
    """Notes of one conversation with a candidate."""

    day: date
    text: str


@record
class Candidate:
    """A possible mentor; `scores` maps a criterion's id to 0–5 (a must-have: 1 met, 0 not)."""

    id: str
    name: str
    scores: dict[str, int] = field(default_factory=dict)
    conversations: list[Conversation] = field(default_factory=list)


@record
class Shortlist:
    """Choosing a mentor by criteria, not chemistry."""

    id: str
    title: str
    criteria: list[Criterion] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    chosen: str | None = None
    """The chosen candidate's id."""
    mentorship_id: str | None = None
    """The mentorship choosing started."""
    removed: list[str] = field(default_factory=list)
    """The ids of criteria and candidates removed (as Vision.removed, S370)."""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    short_id: str = ""

    KIND = "shortlist"

    def to_data(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "criteria": [{"id": c.id, "name": c.name, "must": c.must, "weight": c.weight} for c in self.criteria],
            "candidates": [{"id": c.id, "name": c.name, "scores": dict(sorted(c.scores.items())),
                            "conversations": [{"day": n.day.isoformat(), "text": n.text} for n in c.conversations]}
                           for c in self.candidates],
            "chosen": self.chosen, "mentorship_id": self.mentorship_id,
        } | ({"removed": sorted(self.removed)} if self.removed else {})

    @classmethod
    def from_data(cls, row_id: str, data: dict[str, Any]) -> Shortlist:
        criteria = [Criterion(id=str(c["id"]), name=clean_item(c["name"], "criterion"), must=bool(c.get("must")),
                              weight=check_weight(c.get("weight", 3))) for c in data.get("criteria") or []]
        known = {c.id: c for c in criteria}
        candidates = []
        for c in data.get("candidates") or []:
            scores = {str(k): check_score(v, known[str(k)].must if str(k) in known else False)
                      for k, v in (c.get("scores") or {}).items() if str(k) in known}
            notes = [Conversation(day=date.fromisoformat(n["day"]), text=clean_text(n["text"]))
                     for n in c.get("conversations") or []]
            candidates.append(Candidate(id=str(c["id"]), name=clean_item(c["name"], "candidate's name"),
                                        scores=scores, conversations=notes))
        return cls(id=row_id, title=clean_item(data.get("title", ""), "shortlist's title"), criteria=criteria,
                   candidates=candidates, chosen=data.get("chosen"), mentorship_id=data.get("mentorship_id"),
                   removed=[str(r) for r in data.get("removed") or []])

    @property
    def decided(self) -> bool:
        """A candidate was chosen: the matrix is kept as it was then."""
        return self.chosen is not None

    @property
    def chosen_candidate(self) -> Candidate | None:
        return next((c for c in self.candidates if c.id == self.chosen), None)

    def criterion(self, ref: str) -> Criterion:
        return _pick(self.criteria, ref, "criterion", lambda c: c.name)

    def candidate(self, ref: str) -> Candidate:
        return _pick(self.candidates, ref, "candidate", lambda c: c.name)


def _pick(items: list[_Item], ref: str, noun: str, name: Callable[[_Item], str]) -> _Item:
    """An item by its number (1 = first), exact name, id prefix (4+ characters) or the start of its name."""
    ref = " ".join(ref.split())
    lowered = ref.casefold()
    if ref.isascii() and ref.isdigit() and 1 <= int(ref) <= len(items):
        numbered = items[int(ref) - 1]
        if any(name(i).casefold() == lowered for i in items if i is not numbered):  # `remove 2` took Bob (S220)
            raise BadValue(f"'{ref}' is the number of one {noun} and the name of another: give the other's "
                           "number from `journal shortlist show`, or rename it.")
        return numbered
    found = ([i for i in items if name(i).casefold() == lowered]
             or [i for i in items if len(ref) >= 4 and i.id.startswith(ref)]
             or [i for i in items if lowered and name(i).casefold().startswith(lowered)])
    if len(found) != 1:
        many = "criteria" if noun == "criterion" else f"{noun}s"
        what = f"Several {many} match" if found else f"No {noun} matches"
        raise BadValue(f"{what} '{ref[:40]}': give its number or name from `journal shortlist show`.")
    return found[0]


def check_weight(value: object) -> int:
    try:
        weight = int(str(value))
    except ValueError:
        weight = 0
    if not MIN_WEIGHT <= weight <= MAX_WEIGHT:
        raise BadValue(f"A want's weight is {MIN_WEIGHT} (nice to have) to {MAX_WEIGHT} (very important).")
    return weight


def check_score(value: object, must: bool) -> int:
    """A score as typed: 0–5 for a want; for a must-have yes/no (also 1/0)."""
    text = str(value).strip().lower()
    if must:
        if text in ("yes", "y", "met", "1", "true"):
            return 1
        if text in ("no", "n", "unmet", "0", "false"):
            return 0
        raise BadValue("A must-have is met or not: score it yes or no.")
    try:
        score = int(text)
    except ValueError:
        score = -1
    if not 0 <= score <= MAX_SCORE:
        raise BadValue(f"Score a want from 0 (not at all) to {MAX_SCORE} (fully).")
    return score


@record(frozen=True)
class Ranked:
    """A candidate's place on the shortlist."""

    candidate: Candidate
    place: int
    """1 = first; candidates tied (same standing, same points) share a place (1, 1, 3)."""
    score: int
    """Weighted wants as a percentage of the best possible (0–100; 0 when there are no wants)."""
    unmet: tuple[Criterion, ...]
    """Must-haves scored as not met."""
    unscored: tuple[Criterion, ...]
    """Criteria not scored yet (a want counts as 0; a must-have as not yet known)."""
    points: int = 0
    """Σ weight × score over the wants: what the ranking compares (the % is rounded)."""
    best: int = 0
    """The most points possible (Σ weight × 5); 0 when the shortlist has no wants."""
    tied: bool = False
    """Another candidate shares this place."""
    musts: int = 0
    """How many must-haves the shortlist has (none: no standing to speak of, S329)."""
    wants_scored: bool = True
    """Some want of the shortlist is scored for this candidate (none: its 0% is no score yet)."""

    @property
    def qualifies(self) -> bool:
        """Every must-have met (unscored ones count as not yet known, so not met)."""
        return not self.unmet and not self.pending

    @property
    def pending(self) -> tuple[Criterion, ...]:
        """Must-haves not scored yet."""
        return tuple(c for c in self.unscored if c.must)

    @property
    def rated(self) -> bool:
        """Scored on something (a want or a must-have): a candidate not scored yet has no place."""
        return bool(self.candidate.scores)

    @property
    def has_score(self) -> bool:
        """Has a percentage: the shortlist has wants and one of them is scored for this candidate."""
        return bool(self.best) and self.wants_scored

    @property
    def place_words(self) -> str:
        """'1st', or 'joint 1st' when tied; '—' for a candidate not scored on anything yet (two
        of them read 'joint 1st, 0%' before a single score was given: S497)."""
        return f"{'joint ' if self.tied else ''}{ordinal(self.place)}" if self.rated else "—"

    @property
    def score_words(self) -> str:
        """'82%' of the best possible wants; '—' with no wants, or none of them scored yet."""
        return f"{self.score}%" if self.has_score else "—"

    @property
    def summary(self) -> str:
        """'1st, 82%', 'joint 2nd', 'not scored yet'."""
        if not self.rated:
            return "not scored yet"
        return self.place_words + (f", {self.score_words}" if self.has_score else "")

    @property
    def standing(self) -> str:
        """Where the candidate stands on the must-haves, in words (no colour needed)."""
        if self.unmet:
            return "misses must-have " + ", ".join(f"'{c.name}'" for c in self.unmet)
        if self.pending:
            return "must-have not scored yet: " + ", ".join(f"'{c.name}'" for c in self.pending)
        return "meets every must-have" if self.musts else NO_MUSTS


NO_MUSTS = "no must-haves set"
"""A candidate's standing on a shortlist without must-haves: nothing to meet (S329)."""


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def rank(shortlist: Shortlist) -> list[Ranked]:
    """Candidates in order: first those meeting every must-have, then those with a must-have
    not scored yet, then those missing a must-have (each named in `unmet`), last those not
    scored on anything (no place: the others are 1st, 2nd, 3rd without them); within each, by
    weighted wants (Σ weight × score, unscored wants 0), then by name. The score is shown as
    a share of the best possible (Σ weight × 5), rounded half up. Candidates with the same
    standing and the same points share a place; a name only orders them, it never ranks."""
    wants = [c for c in shortlist.criteria if not c.must]
    musts = len(shortlist.criteria) - len(wants)
    best = sum(c.weight * MAX_SCORE for c in wants)
    scored = []
    for cand in shortlist.candidates:
        unmet = tuple(c for c in shortlist.criteria if c.must and cand.scores.get(c.id) == 0)
        unscored = tuple(c for c in shortlist.criteria if c.id not in cand.scores)
        tier = 2 if unmet else 1 if any(c.must for c in unscored) else 0
        points = sum(c.weight * cand.scores.get(c.id, 0) for c in wants)
        # not scored on anything yet: after every scored one, taking no place from them (S516)
        scored.append((not cand.scores, tier, -points, cand.name.casefold(), cand.id, cand, unmet, unscored, points))
    scored.sort(key=lambda s: s[:5])
    result: list[Ranked] = []
    for blank, tier, negative, _, _, cand, unmet, unscored, points in scored:
        same = [s for s in scored if s[:3] == (blank, tier, negative)]
        place = 1 + next(j for j, s in enumerate(scored) if s[:3] == (blank, tier, negative))
        percent = (200 * points + best) // (2 * best) if best else 0  # half up
        tied = not blank and len(same) > 1  # a candidate not scored yet shares no place
        result.append(Ranked(cand, place, percent, unmet, unscored, points, best, tied, musts,
                             any(c.id in cand.scores for c in wants)))
    return result


def leaders(shortlist: Shortlist) -> list[Candidate]:
    """The best-ranked candidates who meet every must-have: one, or all who share the first
    such place (naming only the one added first called a tie a lead: S393); none yet: []."""
    qualified = [r for r in rank(shortlist) if r.qualifies]
    return [r.candidate for r in qualified if (r.place, r.points) == (qualified[0].place, qualified[0].points)]


def leading_words(shortlist: Shortlist) -> str:
    """'Ann', 'Ann and Bob (tied)', 'Ann, Bob and Cy (tied)'; '' when nobody meets every must-have."""
    names = [c.name for c in leaders(shortlist)]
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]} (tied)"
