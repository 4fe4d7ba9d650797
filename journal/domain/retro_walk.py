"""The one walk over a Retrospective: section order, headings and wording, as a Document.

Where the Markdown and HTML renderings have always said things differently, the walk
says so explicitly (`by_medium`, `Only`).

What it guarantees the reader: the summary comes first and is built from the data; every
event is said in words (`EVENT_WORDS`, never its kind); every entry is quoted once, in full,
where it first comes, and later places point back to it in a line.
"""

from __future__ import annotations

from journal.record import replace

from journal.domain.model import Lens
from journal.domain.retro_model import (
    STATEMENT_FIELDS, GoalSection, MilestoneItem, Quote, Relationship, Retrospective, StatusChange,
)
from journal.domain.timeline import EVENT_WORDS, TimelineEvent
from journal.domain.text import plural
from journal.domain.retro_doc import (
    Block, Cell, Chart, Code, Column, Details, Document, EmptyNote, ItemHeading, Label, MarkedItem, MarkedList,
    MetaLine, Moment, Moments, Only, Paragraph, Phrase, Prose, QuoteBlock, Remarks, Row, Section, SideBySide,
    Sparkline, Subheading, Table, TagCounts, UserText, by_medium, pick,
)

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
STATE_MARKS = {"hit": "✓", "late": "✓", "missed": "✗", "open": "◇", "dropped": "–"}
STATE_WORDS = {"hit": "hit", "late": "done late", "missed": "missed", "open": "open", "dropped": "not done"}
FIELD_LABELS = {
    "title": "Title", "specific": "Specific", "measurable": "Measurable", "achievable": "Achievable",
    "relevant": "Relevant", "time_bound": "Time-bound (target date)", "success_criteria": "Success criteria",
}
EVENT_ICONS = {"goal-created": "✚", "goal-edit": "✎", "goal-status": "⚑", "milestone-done": "✓",
               "milestone-missed": "✗", "milestone-due": "◇", "gap": "┄", "foresight-due": "↻",
               "follow-up-due": "↻", "meeting": "☉", "mentorship": "☍", "agreement": "§", "goal-decision": "⇢",
               "goal-target": "◎"}
ENTRY_EVENTS = ("entry", "meeting")
QUIET_EVENTS = ("entry", "meeting", "foresight-due")
"""Event kinds left out of the key moments unless starred."""
_SYMBOL = {lens.value: lens.symbol for lens in Lens}


def retrospective_document(retro: Retrospective) -> Document:
    """Walk `retro` once, in reading order, into the document both writers render: the summary
    first, then (a mentorship's) the relationship, then the sections, numbered in the order they
    come. Each entry is quoted once, where it first comes; later places point back to it."""
    return _Walk(retro).document()


class _Walk:
    """One walk: it remembers where each entry was quoted (a quote appears once)."""

    def __init__(self, retro: Retrospective) -> None:
        self.retro = retro
        self.quoted: dict[tuple[str, str | None], str] = {}
        """(Entry id, title) → the heading it was quoted under (the answers of one closure
        template entry share its id, each under its question: `answers_in`)."""
        self.place = ""

    def document(self) -> Document:
        retro = self.retro
        sections = [self.summary()]
        if retro.relationship is not None:
            sections.append(_relationship(retro.relationship, retro.focus))
        sections += [_goals(retro), _hindsight(self), _insight(self), _foresight(self), _numbers(retro),
                     _closure(self)]
        return Document(
            title=f"Retrospective: {retro.title}",
            header=_header(retro),
            sections=tuple(replace(s, heading=f"{n}. {s.heading}") for n, s in enumerate(sections, 1)),
            footer=(("Threefold retrospective",), (retro.kind, " ", Code(retro.subject_id[:8])),
                    (f"made {retro.today.isoformat()} ({retro.tz})",)),
        )

    def under(self, heading: Subheading) -> Subheading:
        """A subheading, remembered as the place the quotes after it are in."""
        self.place = pick(heading.text, "markdown")
        return heading

    def quote(self, q: Quote, title: bool = True) -> QuoteBlock | MetaLine:
        """The entry quoted, the first time; after that a line pointing back to it."""
        where = self.quoted.get((q.entry_id, q.title))
        if where is None:
            self.quoted[q.entry_id, q.title] = self.place
            return _quote(q, title)
        named: list[Phrase] = [(f"↑ quoted above, under “{where}”",), (q.day.isoformat(),)]
        if q.title:
            named.append((UserText(q.title),))
        if q.private:
            named.append(("private",))
        return MetaLine((*named, (Code(q.short_id),)))

    # -------------------------------------------------------------- summary
    def summary(self) -> Section:
        """The story first: what it was about, how it ended, the span, the turning points, the most
        important insight and what is carried forward, all from the data."""
        retro, story = self.retro, self.retro.summary
        assert story is not None
        self.place = "Summary"
        n = retro.numbers
        rows: list[tuple[str, str, bool]] = []
        if retro.kind == "goal":
            rows.append(("Goal", retro.title + (f" — {story.statement}" if story.statement else ""), True))
        elif story.statement:
            rows.append(("Focus", story.statement, True))
        if retro.mentor:
            rows.append(("Mentor", retro.mentor, True))
        ended = f" on {story.outcome_on.isoformat()}" if story.outcome_on else ""
        if story.days_late and story.target_on:  # never read as met on its day (S488)
            ended += f", {plural(story.days_late, 'day')} after its target date ({story.target_on.isoformat()})"
        elif story.outcome in ("active", "paused") and story.target_on and story.target_on < retro.today:
            # still open past its day: said, as the timeline and the work plan say it (S557)
            late = (retro.today - story.target_on).days
            ended += f"; its target date ({story.target_on.isoformat()}) passed {plural(late, 'day')} ago"
        rows.append(("Outcome", OUTCOME_SENTENCES.get(story.outcome, story.outcome) + ended, False))
        if story.closing_note:
            rows.append(("Closing note", story.closing_note, True))
        if story.goal_outcomes:
            said = ", ".join(f"{count} {OUTCOME_WORDS.get(status, status)}"
                             for status, count in story.goal_outcomes.items())
            total = sum(story.goal_outcomes.values())  # "1 still open"; "2 (1 achieved, 1 still open)" (S465)
            rows.append(("Goals", said if len(story.goal_outcomes) == 1 else f"{total} ({said})", False))
        span = "no entries written"
        if n.first_day and n.last_day:
            span = (f"{_span(retro)}: {n.entries} {_plural(n.entries, 'entry', 'entries')} written over "
                    f"{n.span_weeks} {_plural(n.span_weeks, 'week', 'weeks')} ({n.active_weeks} with entries)")
        if n.closure_answers:
            # "and", not "then": answers may come before the last entry (S271)
            span += f", and {n.closure_answers} closure {_plural(n.closure_answers, 'answer', 'answers')}"
        rows.append(("Span", span, False))
        blocks: list[Block] = [Table("summary", ("", ""), tuple(
            Row((Cell(label), Cell(text, user=user))) for label, text, user in rows))]
        if story.turning_points:
            blocks.append(self.under(Subheading("Turning points")))
            blocks.append(MarkedList(tuple(MarkedItem(*POINT_MARKS[p.kind], p.text, " · private" if p.private else "",
                                                      day=p.day.isoformat()) for p in story.turning_points)))
            if story.more_turning_points:
                blocks.append(EmptyNote((f"and {story.more_turning_points} more under Hindsight.",)))
        if story.insight is not None:
            aside = INSIGHT_SOURCES.get(story.insight_from or "", "")
            blocks.append(self.under(Subheading("The most important insight", aside=aside or None)))
            blocks.append(self.quote(story.insight))
        if story.carried_forward:
            blocks.append(self.under(Subheading("Carried forward")))
            blocks += [self.quote(q) for q in story.carried_forward]
        if story.still_open:
            count = story.still_open
            blocks.append(EmptyNote((f"{count} foresight {_plural(count, 'entry', 'entries')} "
                                     f"still open (under Foresight).",)))
        return Section("Summary", None, tuple(blocks))

def _span(retro: Retrospective) -> str:
    """The first and last entry day, or "no entries"."""
    n = retro.numbers
    if n.first_day and n.last_day:
        return f"{n.first_day.isoformat()} – {n.last_day.isoformat()}"
    return "no entries written"


def _milestone_words(m: MilestoneItem) -> str:
    """How a milestone went: "done late (due 2026-10-14), done 2026-10-16", "not done (moved to
    the mentorship with Sam; due 2026-10-14)"."""
    said = "; ".join(part for part in (m.why, f"due {m.due_on.isoformat()}" if m.due_on else "") if part)
    done = f", done {m.done_on.isoformat()}" if m.done_on else ""
    return f"{STATE_WORDS[m.state]}{f' ({said})' if said else ''}{done}"


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


# ------------------------------------------------------------------ header
def _header(retro: Retrospective) -> tuple[Block, ...]:
    # the span is the entries': beside "mentorship" it read as the mentorship's own dates (S362)
    n = retro.numbers
    facts: list[Phrase] = [(retro.kind,), (f"entries {_span(retro)}" if n.first_day and n.last_day else _span(retro),)]
    if retro.mentor:
        facts.append(("mentor: ", UserText(retro.mentor)))
    facts.append((f"made {retro.today.isoformat()}",))
    blocks: list[Block] = [MetaLine(tuple(facts))]
    if retro.focus:
        blocks.append(Paragraph(f"Focus: {retro.focus}", muted=True, user=True))
    remarks: list[Label] = []
    if retro.private_left_out:
        count = retro.private_left_out
        remarks.append(f"{count} private {_plural(count, 'entry', 'entries')} left out")
    if retro.excluded:
        remarks.append(f"{retro.excluded} {_plural(retro.excluded, 'entry', 'entries')} excluded on request")
    if remarks:
        blocks.append(Remarks(tuple(remarks)))
    return tuple(blocks)


# ------------------------------------------------------------------ a mentorship: the relationship
OUTCOME_WORDS = {"active": "still open", "paused": "paused", "achieved": "achieved", "abandoned": "abandoned"}
OUTCOME_SENTENCES = {"active": "Still open", "paused": "Paused", "achieved": "Achieved", "abandoned": "Abandoned",
                     "closed": "The mentorship ended", "ended": "The mentorship ended"}
"""How the summary says the way a goal or a mentorship ended."""
POINT_MARKS = {"starred": ("★", "starred"), "milestone": ("✓", "hit"), "status": ("⚑", "status")}
INSIGHT_SOURCES = {"starred": "(starred)", "closure": "(from the closure conversation)", "latest": "(the latest)"}
OUTCOME_MARKS = {"achieved": ("✓", "hit"), "abandoned": ("–", "dropped")}
"""An abandoned goal is no milestone missed: said with the mark of what was not done (S204)."""


def _relationship(r: Relationship, focus: str | None) -> Section:
    """The relationship itself: when, how often we met, the agreement, each check-in area's trend,
    how it evolved, and every goal it had with how it ended (all in words: no ids, no keys)."""
    facts = [("Focus", focus or "—"), ("Began", r.started_on.isoformat() if r.started_on else "—"),
             ("Ended", r.closed_on.isoformat() if r.closed_on else "not yet (still active)"),
             ("Meetings kept", str(r.meetings)), ("Check-ins kept", str(r.check_ins))]
    blocks: list[Block] = [Table("numbers", ("", ""), tuple(Row((Cell(a), Cell(b, user=a == "Focus")))
                                                            for a, b in facts)),
                           Subheading("The agreement")]
    parts = [Prose(p.heading, p.text) for p in r.agreement]
    if r.other_agreements:
        parts.append(Prose("Other agreements", r.other_agreements))
    blocks += parts or [EmptyNote(("No agreement parts were written down.",))]
    blocks.append(Subheading("Check-in trends", aside="(ratings oldest first, ▁ off track … █ going well)"))
    if any(t.ratings for t in r.trends):
        rows = tuple(Row((Cell(t.label), Cell(t.spark or "—"), Cell(t.summary))) for t in r.trends)
        blocks.append(Table("trends", ("Area", "Ratings", "Where it ended"), rows))
    else:
        blocks.append(EmptyNote(("No rated check-ins.",)))
    blocks.append(Subheading("How the relationship evolved"))
    if r.evolution:
        blocks.append(MarkedList(tuple(MarkedItem("•", "history", e.text, "", day=e.day.isoformat())
                                       for e in r.evolution)))
    else:
        blocks.append(EmptyNote(("Nothing recorded.",)))
    blocks.append(Subheading("Its goals and how they ended"))
    if r.goals:
        items = []
        for g in r.goals:  # the whole line is the title: a mentor's name in a decision is escaped with it
            said = f"{g.title} — {OUTCOME_WORDS.get(g.outcome, g.outcome)}"
            if g.days_late:
                said += f", {plural(g.days_late, 'day')} after its target date"
            if g.decision == f"closed as {g.outcome}":  # "achieved; … closed as achieved" said it twice
                said += "; when the mentorship closed"
            elif g.decision:
                said += f"; when the mentorship closed: {g.decision}"
            elif g.left:
                said += f"; {g.left}"
            mark, state = OUTCOME_MARKS.get(g.outcome, ("◇", "open"))
            items.append(MarkedItem(mark, state, said, ""))
        blocks.append(MarkedList(tuple(items)))
    else:
        blocks.append(EmptyNote(("No goals.",)))
    return Section("The relationship", None, tuple(blocks))


# ------------------------------------------------------------------ 1. goals
def _goals(retro: Retrospective) -> Section:
    blocks: list[Block] = []
    for goal in retro.goals:
        blocks += _goal(goal)
    return Section(f"The goal{'s' if len(retro.goals) != 1 else ''}", None, tuple(blocks))


def _goal(g: GoalSection) -> list[Block]:
    facts: list[Phrase] = []
    if g.created_on:
        facts.append((f"created {g.created_on.isoformat()}",))
    if g.closed_on:
        facts.append((f"closed {g.closed_on.isoformat()}",))
    if g.mentor:
        facts.append(("mentor: ", UserText(g.mentor)))
    facts.append((f"{g.edits} statement edit{'s' if g.edits != 1 else ''}",))
    rows = []
    for name in STATEMENT_FIELDS:
        first, final = getattr(g.first, name), getattr(g.final, name)
        if first is None and final is None:
            continue
        rows.append(Row((Cell(FIELD_LABELS[name]), Cell(first or "—", user=True), Cell(final or "—", user=True)),
                        changed=name in g.changed_fields))
    blocks: list[Block] = [
        ItemHeading(g.title, g.short_id, g.status, tuple(facts)),
        Table("statement", (by_medium("Field", "SMART"), "First statement", "Final statement"), tuple(rows)),
    ]
    if g.milestones:
        blocks.append(Only("markdown", (Paragraph("Milestones:"),)))
        blocks.append(MarkedList(tuple(_milestone(m) for m in g.milestones)))
    if g.closure_note:
        blocks.append(Paragraph(g.closure_note, lead="Closure note:", user=True))
    return blocks


def _milestone(m: MilestoneItem) -> MarkedItem:
    return MarkedItem(STATE_MARKS[m.state], m.state, m.title, f" — {_milestone_words(m)}")


def _status_change(s: StatusChange) -> MarkedItem:
    tail = by_medium(f": {s.old} → {s.new}", f": {s.old or ''} → {s.new or ''}")
    return MarkedItem("⚑", "status", s.goal_title, tail, day=s.day.isoformat())


# ------------------------------------------------------------------ 2. hindsight
def _hindsight(w: _Walk) -> Section:
    retro = w.retro
    h = retro.hindsight
    blocks: list[Block] = [Chart(retro)]
    if h.weeks:
        blocks.append(Sparkline(by_medium("Lenses by week", "Lens of each week"), h.weeks[0].label,
                                h.weeks[-1].label, h.sparkline))
    if h.first:
        blocks += [w.under(Subheading("First entry")), w.quote(h.first)]
    if h.last and h.last is not h.first:
        blocks += [w.under(Subheading("Last entry")), w.quote(h.last)]
    if h.turning_points:
        blocks.append(w.under(Subheading("Turning points", aside="(starred)")))
        blocks += [w.quote(q) for q in h.turning_points]
    if h.milestones_hit or h.milestones_missed:
        blocks.append(Subheading(by_medium("Milestones", "Milestones hit and missed")))
        blocks.append(MarkedList(tuple(_milestone(m) for m in h.milestones_hit + h.milestones_missed)))
    if h.status_changes:
        blocks += [Subheading("Status changes"), MarkedList(tuple(_status_change(s) for s in h.status_changes))]
    if h.events:
        key = tuple(_moment(ev) for ev in h.events if ev.kind not in QUIET_EVENTS or ev.starred)
        if key:
            blocks.append(Only("html", (Subheading("Key moments"), Moments(key))))
        summary = by_medium("Timeline", f"The whole timeline ({len(h.events)} events)")
        blocks.append(Details(summary, tuple(_moment(ev) for ev in h.events)))
    return Section("Hindsight — the journey traced", Lens.HINDSIGHT, tuple(blocks))


def _moment(ev: TimelineEvent) -> Moment:
    is_entry = bool(ev.lens and ev.entry_id and ev.kind in ENTRY_EVENTS)
    detail = None
    if ev.detail and ev.kind != "entry":
        detail = by_medium(ev.detail, "" if ev.kind == "meeting" else ev.detail)
    return Moment(
        when=ev.day.isoformat() + (f" {ev.time}" if ev.time else ""),
        lens=ev.lens if is_entry else None,
        kind=None if is_entry and ev.kind == "entry" else EVENT_WORDS.get(ev.kind, "event"),
        icon=EVENT_ICONS.get(ev.kind, "·"),
        title=ev.title, detail=detail, starred=ev.starred,
        short_id=ev.short_id if ev.short_id and ev.kind in ENTRY_EVENTS else None, private=ev.private,
    )


def _quote(q: Quote, title: bool = True) -> QuoteBlock:
    """An entry as quoted; `title=False` when a heading above already shows its title."""
    return QuoteBlock(
        day=q.day.isoformat(), time=q.time, lens=q.lens, kind=q.kind.value if q.kind.value != "note" else None,
        title=q.title if q.title and title else None, starred=q.starred, short_id=q.short_id, tags=q.tags,
        body=q.body, entry_id=q.entry_id, private=q.private,
    )


# ------------------------------------------------------------------ 3. insight
def _insight(w: _Walk) -> Section:
    insight = w.retro.insight
    blocks: list[Block] = []
    if insight.top_tags:
        blocks.append(TagCounts("Top tags:", tuple((t.tag, t.count) for t in insight.top_tags)))
    if not insight.periods:
        blocks.append(EmptyNote(("No insight entries.",)))
    for p in insight.periods:
        month = f"{MONTHS[p.start.month - 1]} {p.start.year}"
        blocks.append(w.under(Subheading(by_medium(p.label, month), aside=by_medium("", f"({len(p.quotes)})"))))
        blocks += [w.quote(q) for q in p.quotes]
    return Section("Insight", Lens.INSIGHT, tuple(blocks))


# ------------------------------------------------------------------ 4. foresight
def _foresight(w: _Walk) -> Section:
    f = w.retro.foresight
    blocks: list[Block] = []
    if f.pairs:
        blocks.append(w.under(Subheading("What I expected vs what happened")))
        blocks += [SideBySide((Column("Expected", (w.quote(pair.expected),)),
                               Column("Happened", tuple(w.quote(q) for q in pair.happened))))
                   for pair in f.pairs]
    if f.open:
        blocks.append(w.under(Subheading("Open foresight",
                                         aside=by_medium("(not yet answered)", "(no hindsight answers it yet)"))))
        blocks += [w.quote(q) for q in f.open]
    if f.answered_after:
        blocks.append(w.under(Subheading("Answered after the mentorship ended")))
        for later in f.answered_after:
            blocks.append(w.quote(later.expected))
            blocks.append(EmptyNote((f"answered on {later.answered_on.isoformat()}" if later.answered_on
                                     else "answered later",)))
    if f.carry_forward:
        blocks.append(w.under(Subheading("Carry forward")))
        blocks += [w.quote(q) for q in f.carry_forward]
    if not (f.pairs or f.open or f.carry_forward or f.answered_after):
        blocks.append(EmptyNote(("No foresight entries.",)))
    return Section("Foresight", Lens.FORESIGHT, tuple(blocks))


# ------------------------------------------------------------------ 5. numbers
def _numbers(retro: Retrospective) -> Section:
    rows = tuple(Row((Cell(name), Cell(value))) for name, value in _number_rows(retro))
    return Section("Numbers", None, (Table("numbers", ("", ""), rows),))


def _number_rows(retro: Retrospective) -> list[tuple[str, str]]:
    """The numbers section as (label, value) rows."""
    n = retro.numbers
    rows = [("Entries written", str(n.entries))]
    rows += [(f"{_SYMBOL[k]} {k}", str(v)) for k, v in n.per_lens.items()]
    rows.append(("Closure answers (not counted above)", str(n.closure_answers)))
    rows.append(("Span", _span(retro)))
    rows.append(("Active weeks", f"{n.active_weeks} of {n.span_weeks}"))
    gap = "none"
    if n.longest_gap_days and n.longest_gap_from and n.longest_gap_to:
        days = _plural(n.longest_gap_days, "day", "days")
        gap = f"{n.longest_gap_days} {days} ({n.longest_gap_from.isoformat()} – {n.longest_gap_to.isoformat()})"
        if n.last_day and n.longest_gap_to > n.last_day:  # after the span: the answers ended it (S231, S559)
            gap += ", up to the closure conversation"
    rows.append(("Longest gap without entries", gap))
    median = "—" if n.check_in_median_days is None else (
        f"{n.check_in_median_days:g} {'day' if n.check_in_median_days == 1 else 'days'}")
    rows.append(("Check-ins and meetings", str(n.check_ins)))
    rows.append(("Median days between check-ins and meetings", median))  # both are counted (S252)
    return rows


# ------------------------------------------------------------------ 6. closure
def closure_command(retro: Retrospective) -> str:
    """The command that writes a closure entry this retrospective counts: filed under its goal
    or mentorship, on the day a closed mentorship ended (the bare template wrote an entry under
    neither, and one dated after the end is refused: S391)."""
    command = "journal add --template closure " + ("-g " if retro.kind == "goal" else "--mentorship ")
    command += retro.subject_id[:8]
    closed = retro.relationship.closed_on if retro.relationship is not None else None
    return command + (f" -d {closed.isoformat()}" if closed is not None else "")


def _closure(w: _Walk) -> Section:
    blocks: list[Block] = []
    if not w.retro.closure:
        blocks.append(EmptyNote(("No closure entries yet (", Code(closure_command(w.retro)), ").")))
    for a in w.retro.closure:
        heading = a.prompt or a.quote.title or "A closing thought"
        if a.goal:  # a goal's own closing, within the mentorship's story (S499)
            heading = f"{heading} — closing the goal {a.goal}"
        blocks += [w.under(Subheading(heading, user=True)), w.quote(a.quote, title=False)]
    return Section("The closure conversation", None, tuple(blocks))
