"""Passing it on: the step from mentee to mentor, with a summary built from the journal.

The summary invents nothing: every line of it is an entry of the journal (quoted by date and
id) or a count of them.

- *What helped me most*: starred entries (turning points) and insight entries written in a
  mentorship, newest first, a handful (feedback has its own part, below).
- *The feedback I valued*: feedback entries that are starred, or whose follow-up was answered
  (an entry answers it), with whom it came from, what was asked and what I would try.
- *What I'd do differently*: the answers to the closure prompts (of a goal or a whole
  mentorship) on what to carry forward and what one would tell someone starting out
  (`DIFFERENTLY`), written in the closure conversation (an entry per answer, titled by the
  question) or from a closure template (a `## ` heading per question).
- *In numbers*: mentorships, goals achieved, check-ins, feedback loops.

Private entries are left out (and not counted) unless asked. The reflection itself is an
entry of kind `passing-on` written from the `passing-on` prompt set (readiness questions).
"""

from __future__ import annotations

import re
from journal.record import asdict, field, record
from datetime import date
from typing import Any

from journal.domain.model import Entry, EntryFilter, GoalStatus, Kind, Lens, MentorshipStatus
from journal.domain.text import markdown_inline, plural, shorten
from journal.services.session import Session
from journal.store import entries as entry_rows
from journal.store import goals as goal_rows
from journal.store import mentorships as mentorship_rows

HANDFUL = 5
"""How many quotes each part of the summary shows (the rest are counted)."""
EXCERPT = 240
"""The longest excerpt of an entry's text, in characters."""
TEMPLATE_SET = "passing-on"
"""The prompt set the mentee-to-mentor reflection is written from."""
DIFFERENTLY = ("carry", "differently", "advice")
"""A closure prompt (of the `closure` set, or of a set whose name ends in `-closure`, such as
`mentorship-closure`) whose id holds one of these asks what one would do differently:
`closure-carry-forward`, `closure-advice`, `mentorship-closure-carry`, any `…-differently`."""
SKIPPED_KINDS = (Kind.PASSING_ON, Kind.FEEDBACK)
"""Entries not quoted as what helped: the reflection this summary serves, and feedback (the
feedback I valued has a part of its own)."""


def excerpt(text: str, width: int = EXCERPT) -> str:
    """An entry's text on one line: heading marks dropped, white space folded, cut at a word."""
    lines = [line.strip().lstrip("#").strip() for line in text.splitlines()]
    return shorten(" ".join(" ".join(line for line in lines if line).split()), width)


def answer_to(body: str, question: str) -> str:
    """What is written under the heading `## question` of a template entry ('' if nothing)."""
    found = re.search(rf"^#{{1,2}} +{re.escape(question)}[ \t]*\n(.*?)(?=^#{{1,2}} |\Z)", body, re.M | re.S)
    return found.group(1).strip() if found else ""


@record(frozen=True)
class Quote:
    """One entry as the summary quotes it."""

    entry_id: str
    short_id: str
    day: date
    title: str | None
    text: str
    """An excerpt of its text (`excerpt`)."""
    kind: Kind = Kind.NOTE
    lens: Lens = Lens.HINDSIGHT
    starred: bool = False
    mentor: str | None = None
    question: str | None = None
    """The closure question it answers (what I'd do differently)."""
    details: dict[str, str] = field(default_factory=dict)
    """A feedback entry's `from`, `asked` and `follow_up`."""
    answered: bool = False
    """A feedback entry whose follow-up an entry answers."""
    private: bool = False
    """A private entry (quoted only when asked to include them): every form says so (S280)."""

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "entry_id": self.entry_id, "short_id": self.short_id, "day": self.day.isoformat(),
            "title": self.title, "text": self.text, "kind": self.kind.value, "lens": self.lens.value,
            "starred": self.starred, "mentor": self.mentor, "private": self.private,
        }
        if self.question is not None:
            data["question"] = self.question
        if self.kind == Kind.FEEDBACK:
            data.update({"from": self.details.get("from"), "asked": self.details.get("asked"),
                         "follow_up": self.details.get("follow_up"), "answered": self.answered})
        return data


@record(frozen=True)
class Counts:
    """The journal's mentoring in numbers."""

    mentorships: int = 0
    mentorships_closed: int = 0
    goals_achieved: int = 0
    check_ins: int = 0
    feedback_loops: int = 0
    """Feedback entries."""
    loops_closed: int = 0
    """Feedback entries whose follow-up was answered."""
    reflections: int = 0
    """Passing-on reflections written."""

    def to_data(self) -> dict[str, int]:
        return dict(asdict(self))


@record(frozen=True)
class Section:
    """A part of the summary: its quotes (a handful) and how many more there are."""

    key: str
    heading: str
    quotes: tuple[Quote, ...]
    more: int
    empty: str
    """What to do so that this part fills (said when it is empty)."""


@record(frozen=True)
class PassingOnSummary:
    """What the journal says about the mentee about to become a mentor."""

    today: date
    helped: Section
    feedback: Section
    differently: Section
    counts: Counts
    include_private: bool = False

    @property
    def sections(self) -> tuple[Section, ...]:
        return (self.helped, self.feedback, self.differently)

    @property
    def empty(self) -> bool:
        return not any(s.quotes for s in self.sections)

    def to_data(self) -> dict[str, Any]:
        """The JSON shape (`journal passing-on --format json`)."""
        return {
            "today": self.today.isoformat(), "include_private": self.include_private,
            **{s.key: {"quotes": [q.to_data() for q in s.quotes], "more": s.more} for s in self.sections},
            "counts": self.counts.to_data(),
        }


def counts_line(counts: Counts) -> list[str]:
    """The numbers, as a person says them."""
    closed = f" ({counts.mentorships_closed} closed)" if counts.mentorships_closed else ""
    loops = f" ({counts.loops_closed} followed up)" if counts.feedback_loops else ""
    return [
        f"{plural(counts.mentorships, 'mentorship')}{closed}",
        f"{plural(counts.goals_achieved, 'goal')} achieved",
        f"{plural(counts.check_ins, 'check-in')}",
        f"{plural(counts.feedback_loops, 'feedback loop')}{loops}",
    ]


def quote_line(q: Quote) -> str:
    """One quote as one line of Markdown (the person's text escaped: it cannot change the page)."""
    parts = [f"**{q.day.isoformat()}**"]
    if q.question:
        parts.append(f"_{markdown_inline(q.question)}_")
    elif q.title:
        parts.append(markdown_inline(q.title))
    if q.kind == Kind.FEEDBACK and q.details.get("from"):
        parts.append(f"from {markdown_inline(q.details['from'])}")
    if q.mentor:
        parts.append(f"with {markdown_inline(q.mentor)}")
    if q.private:
        parts.append("_private_")
    line = " · ".join(parts)
    if q.starred:
        line += " ★"
    if q.text:
        line += f" — {markdown_inline(q.text)}"
    if q.kind == Kind.FEEDBACK:
        if q.details.get("asked"):
            line += f" (I asked: {markdown_inline(q.details['asked'])})"
        if q.details.get("follow_up"):
            line += f" I would try: {markdown_inline(q.details['follow_up'])}"
            line += " (followed up)" if q.answered else ""
    return f"- {line} `{q.short_id}`"


def markdown(summary: PassingOnSummary) -> str:
    """The summary as a Markdown page: the first page of one's own mentoring practice."""
    lines = ["# Passing it on", "",
             f"_Built from my journal on {summary.today.isoformat()}: every line is an entry of it._", ""]
    for section in summary.sections:
        lines += [f"## {section.heading}", ""]
        if section.quotes:
            lines += [quote_line(q) for q in section.quotes]
            if section.more:
                lines.append(f"- … and {section.more} more")
        else:
            lines.append(f"_{section.empty}_")
        lines.append("")
    lines += ["## In numbers", ""] + [f"- {item}" for item in counts_line(summary.counts)]
    return "\n".join(lines) + "\n"


class PassingOn:
    """The step from mentee to mentor in one journal."""

    template_set = TEMPLATE_SET

    def __init__(self, session: Session) -> None:
        self.session = session

    def summary(self, include_private: bool = False, handful: int = HANDFUL) -> PassingOnSummary:
        """What helped me most, the feedback I valued, what I'd do differently, and the numbers:
        built from the journal only (private entries only with `include_private`)."""
        conn = self.session.conn
        mentorships = mentorship_rows.all_mentorships(conn)
        mentors = {m.id: m.mentor for m in mentorships}

        def entries(**criteria: Any) -> list[Entry]:
            return entry_rows.query(conn, EntryFilter(include_private=include_private, **criteria))

        def quote(entry: Entry, **extra: Any) -> Quote:
            return Quote(entry_id=entry.id, short_id=entry.short_id, day=entry.day, title=entry.title,
                         text=extra.pop("text", None) or excerpt(entry.body), kind=entry.kind, lens=entry.lens,
                         starred=entry.starred, mentor=mentors.get(entry.mentorship or ""), private=entry.private,
                         **extra)

        def newest(found: list[Entry]) -> list[Entry]:
            unique = {e.id: e for e in found}
            return sorted(unique.values(), reverse=True,
                          key=lambda e: (e.day, e.time or "", e.created_at.isoformat() if e.created_at else ""))

        helped_entries = [e for e in entries(starred=True) if e.kind not in SKIPPED_KINDS]
        for m in mentorships:
            helped_entries += entries(lens=Lens.INSIGHT, mentorship=m.id)
        feedback_entries = entries(kind=Kind.FEEDBACK)
        answered = {e.id for e in feedback_entries if entry_rows.answered_by(conn, e.id) is not None}

        def said(entry: Entry) -> Quote:
            """A feedback entry with who gave it, what was asked and its follow-up, wherever it is
            quoted (among what helped too: there its fields were null, S564)."""
            if entry.kind != Kind.FEEDBACK:
                return quote(entry)
            return quote(entry, details={k: str(v) for k, v in entry.details.items()}, answered=entry.id in answered)

        helped = [said(e) for e in newest(helped_entries)]
        valued = [e for e in newest(feedback_entries) if e.starred or e.id in answered]
        feedback = [said(e) for e in valued]

        differently = self._differently(newest(entries(kind=Kind.CLOSURE)), quote)

        achieved = sum(1 for g in goal_rows.all_goals(conn, (GoalStatus.ACHIEVED,)))
        counts = Counts(
            mentorships=len(mentorships),
            mentorships_closed=sum(1 for m in mentorships if m.status == MentorshipStatus.CLOSED),
            goals_achieved=achieved,
            check_ins=entry_rows.count(conn, EntryFilter(kind=Kind.CHECK_IN, include_private=include_private,
                                                         date_to=self.session.today())),  # kept ones (S563)
            feedback_loops=len(feedback_entries),
            loops_closed=len(answered),
            reflections=entry_rows.count(conn, EntryFilter(kind=Kind.PASSING_ON, include_private=include_private)),
        )
        return PassingOnSummary(
            today=self.session.today(),
            helped=Section("helped", "What helped me most", tuple(helped[:handful]), max(0, len(helped) - handful),
                           "Nothing yet: star the entries that were turning points (s on Home, "
                           "`journal edit ID --star`), and write insight entries in a mentorship."),
            feedback=Section("feedback", "The feedback I valued", tuple(feedback[:handful]),
                             max(0, len(feedback) - handful),
                             "Nothing yet: feedback entries you starred, or whose follow-up you answered, show here."),
            differently=Section("differently", "What I'd do differently", tuple(differently[:handful]),
                                max(0, len(differently) - handful),
                                "Nothing yet: your closure answers on what to carry forward show here "
                                "(close a goal or a mentorship, ctrl+p \"End a mentorship…\")."),
            counts=counts, include_private=include_private,
        )

    def _differently(self, closures: list[Entry], quote: Any) -> list[Quote]:
        """The closure answers to the questions in `DIFFERENTLY`, newest first."""
        from journal.services.reflection import Reflection

        library = Reflection(self.session).library()
        questions = [p.text for name, prompts in library.sets.items() if name == "closure" or name.endswith("-closure")
                     for p in prompts if any(word in p.id for word in DIFFERENTLY)]
        found: list[Quote] = []
        for entry in closures:
            if entry.title in questions:  # the closure conversation: an entry per answer
                if entry.body.strip():
                    found.append(quote(entry, question=entry.title))
                continue
            for question in questions:  # the closure template: a heading per question
                answer = answer_to(entry.body, question)
                if answer:
                    found.append(quote(entry, question=question, text=excerpt(answer)))
        return found
