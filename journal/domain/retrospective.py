"""The closure retrospective of a goal or a mentorship, built from plain data.

Pure: no I/O, no clock (the caller passes `today` and the IANA zone `tz`), no SQL,
no terminal. User text is carried through unchanged; renderers escape it.

What it holds is in domain/retro_model.py (the sections, in order).

Every quote carries its day and entry id. Private entries are left out unless
`include_private`; entries in `exclude_ids` (full ids or short ids) are dropped.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from journal.record import replace
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from journal.domain.agreement import milestone_state, say_event
from journal.domain.dates import in_zone
from journal.domain.goal_days import closed_on, days_late
from journal.domain.model import Entry, Goal, Kind, Lens, Mentorship, Prompt
from journal.domain.practice import AGREEMENT_PARTS, area_trends
from journal.domain.retro_model import (
    STATEMENT_FIELDS, AgreementPart, ClosureAnswer, Foresight, GoalSection, Hindsight, Insight, InsightPeriod,
    LaterAnswer, MilestoneItem, Numbers, Pair, Quote, Rating, Relationship, RelationshipEvent, RelationshipGoal,
    Retrospective, Statement, StatusChange, Summary, TagCount, TrendWords, TurningPoint, Week,
)
from journal.domain.text import summary as summary_line
from journal.domain.timeline import (
    bucket, build_timeline, goals_left, left_with, lens_sparkline, period_label, period_start, while_it_stayed,
)

TOP_TAGS = 10
POINT_WIDTH = 80
"""A turning point's words at most (its title, or the start of its text)."""
CARRY_FORWARD_LATEST = 3
"""Without closure-kind foresight, the latest this many foresight entries carry forward."""
CHECK_IN_KINDS = (Kind.CHECK_IN, Kind.MEETING)
CHARTED = frozenset({"entry", "meeting", "gap", "goal-status", "milestone-done", "milestone-missed"})
"""The events the weekly chart draws (bars, quiet bands, flags, milestone marks): only they
decide its first and last week. A revisit date, a target or a milestone still due (or no
longer due: its goal closed first) months after the last entry added empty weeks a mentor
read as a quiet end (S272, S306)."""


# ------------------------------------------------------------------ helpers
def _local_date(moment: datetime, zone: ZoneInfo) -> date:
    return in_zone(moment, zone).date()


def _local_day(moment: datetime | None, zone: ZoneInfo) -> date | None:
    return None if moment is None else _local_date(moment, zone)


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return text if text != "" else None


def quote(entry: Entry) -> Quote:
    return Quote(
        entry_id=entry.id, short_id=entry.short_id or entry.id[:8], day=entry.day, time=entry.time,
        lens=entry.lens, kind=entry.kind, title=entry.title, body=entry.body or "",
        tags=tuple(entry.tags), starred=bool(entry.starred), private=bool(entry.private),
    )


def _order_key(entry: Entry) -> tuple[date, bool, str, datetime]:
    created = entry.created_at
    if created is not None and created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    return (entry.day, entry.time is not None, entry.time or "",
            created or datetime.min.replace(tzinfo=UTC))


def _in_order(entries: Sequence[Entry], prompts: Sequence[str]) -> list[Entry]:
    """Oldest first. Entries of one second (a closure conversation is saved at once) keep the
    conversation's order, then the order they were written in (`entries` come newest first)."""
    rank = _prompt_ranks(prompts)
    last = len(entries)

    def key(item: tuple[int, Entry]) -> tuple[date, bool, str, datetime, int, int]:
        position, e = item
        asked = rank.get(_prompt_key(e.title), (len(rank), ""))[0] if e.kind == Kind.CLOSURE else -1
        return (*_order_key(e), asked, last - position)

    return [e for _, e in sorted(enumerate(entries), key=key)]


def statements(goal: Goal) -> tuple[Statement, Statement, int]:
    """(first, final, number of statement edits) from the goal and its append-only history.

    The first value of a field is the `old` of its first edit; unedited fields never changed.
    An edit is one change of the statement, however many fields it changed at that moment (one
    `goal edit` of the specific and the target read as "2 statement edits": S500).
    """
    final = Statement(**{name: _text(getattr(goal, name)) for name in STATEMENT_FIELDS})
    first = Statement(**vars(final))
    seen: set[str] = set()
    moments = set()
    for item in sorted(goal.history, key=lambda h: h.at):
        if item.kind != "edit" or item.field not in STATEMENT_FIELDS:
            continue
        moments.add(item.at)
        if item.field not in seen:
            seen.add(item.field)
            setattr(first, item.field, _text(item.old))
    return first, final, len(moments)


def _goal_section(goal: Goal, mentors: dict[str, str], zone: ZoneInfo, today: date,
                  left: tuple[date, str] | None = None) -> GoalSection:
    """`left`: the day the goal left the mentorship whose retrospective this is, and where it went
    (`left_with`): its milestones were the mentorship's to reach until that day only: one due
    later is not done there, and says where the goal went (done after it left, it read "missed")."""
    first, final, edits = statements(goal)
    closed_on = _local_day(goal.closed_at, zone) if goal.status.closed else None
    why = None
    if left is not None and (closed_on is None or left[0] < closed_on):
        closed_on, why = left
    return GoalSection(
        id=goal.id, short_id=goal.short_id or goal.id[:8], title=goal.title, status=goal.status.value,
        mentor=mentors.get(goal.mentorship) if goal.mentorship else None,
        created_on=_local_day(goal.created_at, zone), closed_on=_local_day(goal.closed_at, zone),
        first=first, final=final,
        changed_fields=[n for n in STATEMENT_FIELDS if getattr(first, n) != getattr(final, n)],
        edits=edits, closure_note=goal.closure_note,
        milestones=[MilestoneItem(m.title, m.due_on, m.done_on, state, goal.id, why if state == "dropped" else None)
                    for m in goal.milestones
                    for state in (milestone_state(m.due_on, m.done_on, today, closed_on),)],
    )


def _status_changes(goals: Sequence[Goal], zone: ZoneInfo) -> list[StatusChange]:
    found = [
        StatusChange(_local_date(h.at, zone), g.id, g.title, h.old, h.new)
        for g in goals for h in g.history if h.kind == "status"
    ]
    return sorted(found, key=lambda s: s.day)


def _gap(days: list[date]) -> tuple[int, date | None, date | None]:
    best, quiet_days = 0, None
    for before, after in pairwise(days):
        quiet = (after - before).days - 1
        if quiet > best:
            best, quiet_days = quiet, (before + timedelta(days=1), after - timedelta(days=1))
    if quiet_days is None:
        return 0, None, None
    return best, quiet_days[0], quiet_days[1]


def numbers(entries: Sequence[Entry], closure_answers: Sequence[Entry] = ()) -> Numbers:
    """The numbers section over the entries written along the way (any order). The closure
    conversation's answers are counted apart, and end a quiet stretch as the timeline's does:
    the day they were written on was not quiet (S231)."""
    per_lens = {lens.value: 0 for lens in Lens}
    for e in entries:
        per_lens[e.lens.value] += 1
    days = sorted({e.day for e in entries})
    weeks = {period_start(d, "week") for d in days}
    span = ((period_start(days[-1], "week") - period_start(days[0], "week")).days // 7 + 1) if days else 0
    gap, gap_from, gap_to = _gap(sorted({*days, *(e.day for e in closure_answers)}))
    check_days = sorted({e.day for e in entries if e.kind in CHECK_IN_KINDS})
    check_count = sum(1 for e in entries if e.kind in CHECK_IN_KINDS)
    intervals = [(b - a).days for a, b in pairwise(check_days)]
    median = float(statistics.median(intervals)) if intervals else None
    return Numbers(
        entries=len(entries), per_lens=per_lens, first_day=days[0] if days else None,
        last_day=days[-1] if days else None, active_weeks=len(weeks), span_weeks=span,
        longest_gap_days=gap, longest_gap_from=gap_from, longest_gap_to=gap_to,
        check_ins=check_count, check_in_median_days=median, closure_answers=len(closure_answers),
    )


def _prompt_key(text: str | None) -> str:
    return " ".join((text or "").split()).casefold().rstrip("?.!:… ")


def _prompt_ranks(prompts: Sequence[str]) -> dict[str, tuple[int, str]]:
    """A closure prompt's key → (its place in the conversation, its text)."""
    rank: dict[str, tuple[int, str]] = {}
    for i, text in enumerate(prompts):
        rank.setdefault(_prompt_key(text), (i, text))
    return rank


_HEADING = re.compile(r"#{1,2}[ \t]+(.+)")
"""A heading line of a template entry (`## question`; `# ` too, as the heading a person typed)."""


def answers_in(entry: Entry, prompts: Sequence[str], lenses: Mapping[str, Lens | None]) -> list[Entry]:
    """The closure answers `entry` holds. An entry of the conversation answers one question (its
    title). One written from a closure template (`journal add --template closure`, compose's
    template) holds a `## ` heading per question: each question answered is an answer of its own,
    titled by the question, in its lens (`lenses`: prompt text → lens; the entry's own without
    one), as if it had been said in the conversation (S311). Words above the first question stay
    an answer under the entry's own title; a question left empty is no answer; a heading of the
    person's own stays inside the answer it is in."""
    rank = _prompt_ranks(prompts)
    if entry.kind != Kind.CLOSURE or (entry.title and _prompt_key(entry.title) in rank):
        return [entry]
    pieces: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in (entry.body or "").split("\n"):
        heading = _HEADING.fullmatch(line.strip())
        asked = rank.get(_prompt_key(heading.group(1))) if heading else None
        if asked is not None:
            pieces.append((asked[1], []))
        else:
            pieces[-1][1].append(line)
    if len(pieces) == 1:
        return [entry]
    found = []
    for question, lines in pieces:
        text = "\n".join(lines).strip("\n")
        if not text.strip():
            continue
        if question is None:
            found.append(replace(entry, body=text))
        else:
            found.append(replace(entry, title=question, body=text, lens=lenses.get(question) or entry.lens))
    return found


def _closure(entries: Sequence[Entry], prompts: Sequence[str], goal_titles: Mapping[str, str]) -> list[ClosureAnswer]:
    """The closure answers in the order of `prompts`; `goal_titles` (a mentorship's): the goals
    an answer of a goal's own closing is named by."""
    rank = _prompt_ranks(prompts)
    answers = []
    for n, e in enumerate(e for e in entries if e.kind == Kind.CLOSURE):
        matched = rank.get(_prompt_key(e.title)) if e.title else None
        goal = next((goal_titles[g.id] for g in e.goals if g.id in goal_titles), None)
        answer = ClosureAnswer(matched[1] if matched else None, quote(e), goal)
        answers.append((matched[0] if matched else len(rank), n, answer))
    return [a for *_, a in sorted(answers, key=lambda t: (t[0], t[1]))]


def decisions(m: Mentorship) -> dict[str, str]:
    """Goal id → what closing `m` decided for it: the 'goal' events written with its closing (at
    the moment of its last 'status' event to closed). A goal moved here from another mentorship
    is in the history too, but no closing of this one decided about it."""
    ordered = sorted(m.history, key=lambda e: e.at)
    closed_at = next((e.at for e in reversed(ordered) if e.kind == "status" and e.new == "closed"), None)
    return {e.field: e.new for e in ordered
            if e.kind == "goal" and e.field and e.new and closed_at is not None and e.at == closed_at}


def _left_before(goal: Goal, m: Mentorship, zone: ZoneInfo, mentors: Mapping[str, str]) -> str | None:
    """'moved to the mentorship with Sam on 2026-11-01': a goal that left `m` before it closed
    (no closing decided it), as the work plan ends it; None for one still in it."""
    went = left_with(goal, m.id, zone, mentors)
    return None if went is None else f"{went[1]} on {went[0].isoformat()}"


def relationship(m: Mentorship, goals: Sequence[Goal], kept: Sequence[Entry], zone: ZoneInfo,
                 mentors: Mapping[str, str]) -> Relationship:
    """The relationship of `m`: its agreement, the meetings and check-ins kept (of `kept`, the
    entries the retrospective includes, oldest first), each area's trend, its history in words
    and its goals with their outcomes (and where one moved away before the close went)."""
    own = [e for e in kept if e.mentorship == m.id]
    check_ins = [e for e in own if e.kind == Kind.CHECK_IN]
    titles = {e.field: e.old for e in m.history if e.kind == "goal" and e.field and e.old}
    titles.update({g.id: g.title for g in goals})
    evolution = []
    for event in sorted(m.history, key=lambda e: e.at):
        said = say_event(event, titles, zone)
        text = said.title if event.kind == "goal" or not said.detail else f"{said.title} — {said.detail}"
        evolution.append(RelationshipEvent(said.at.date(), text))
    decided = decisions(m)
    return Relationship(
        mentor=m.mentor, status=m.status.value, started_on=m.started_on, closed_on=m.closed_on,
        agreement=[AgreementPart(heading, m.parts[key]) for key, heading, _ in AGREEMENT_PARTS if m.parts.get(key)],
        other_agreements=(m.agreements or "").strip() or None,
        meetings=sum(1 for e in own if e.kind == Kind.MEETING), check_ins=len(check_ins),
        trends=[TrendWords(t.area, t.label, t.spark, t.summary, [Rating(day, value) for day, value in t.ratings])
                for t in area_trends([(e.day, e.details) for e in check_ins])],
        evolution=evolution,
        goals=[RelationshipGoal(g.id, g.title, g.status.value, decided.get(g.id),
                                None if g.id in decided else _left_before(g, m, zone, mentors),
                                days_late(g, closed_on(g, zone))) for g in goals],
    )


# ------------------------------------------------------------------ summary
SUMMARY_POINTS = 6
"""The turning points the summary names (the rest are counted)."""
OUTCOME_ORDER = ("achieved", "abandoned", "active", "paused")


def _point_text(entry: Entry) -> str:
    return summary_line(entry.title, entry.body or "", POINT_WIDTH)


ENDINGS = ("achieved", "abandoned")


def _turning_points(points: list[TurningPoint], ends: list[TurningPoint], limit: int) -> list[TurningPoint]:
    """At most `limit` of `points` (in day order), the story's arc kept: `ends` (a goal achieved
    or abandoned, in day order) first, then the others from both ends in turn, the first and the
    last, so the beginning and how it ended are both there; the six earliest alone cut the
    outcome off a long story (S489)."""
    if len(points) <= limit:
        return points
    rest = [p for p in points if not any(p is end for end in ends)]
    kept = ends[-limit:]
    while len(kept) < limit and rest:
        kept.append(rest.pop(0) if len(kept) % 2 == 0 else rest.pop())
    return sorted(kept, key=lambda p: p.day)


def _summary(subject: Goal | Mentorship, sections: Sequence[GoalSection], hindsight: Hindsight,
             written: Sequence[Entry], closure: Sequence[ClosureAnswer], foresight: Foresight) -> Summary:
    """The story in a few lines, from the data: what it was about, how it ended, the turning
    points (starred entries, milestones reached, status changes), the most important insight,
    what is carried forward."""
    points = [TurningPoint(e.day, "starred", _point_text(e), e.id, private=e.private) for e in written if e.starred]
    points += [TurningPoint(m.done_on, "milestone", f"{m.title} (milestone reached)") for g in sections
               for m in g.milestones if m.done_on is not None]
    changes = [c for c in hindsight.status_changes if c.new and (c.new != "active" or c.old)]  # a resume too (S307)
    said = [TurningPoint(c.day, "status", f"{c.goal_title}: {'active again' if c.new == 'active' else c.new}")
            for c in changes]
    points = sorted(points + said, key=lambda p: p.day)
    shown = _turning_points(points, [p for p, c in zip(said, changes, strict=True) if c.new in ENDINGS],
                            SUMMARY_POINTS)
    starred = [e for e in written if e.lens == Lens.INSIGHT and e.starred]
    learned = [a.quote for a in closure if a.quote.lens == Lens.INSIGHT]
    insights = [e for e in written if e.lens == Lens.INSIGHT]
    best: Quote | None
    if starred:
        best, source = quote(starred[-1]), "starred"
    elif learned:
        best, source = learned[0], "closure"
    elif insights:
        best, source = quote(insights[-1]), "latest"
    else:
        best, source = None, None
    if isinstance(subject, Mentorship):
        statement, outcome, ended, note = subject.focus or None, subject.status.value, subject.closed_on, None
    else:
        section = next((g for g in sections if g.id == subject.id), sections[0])
        statement, outcome = section.final.specific, section.status
        ended, note = section.closed_on, section.closure_note
    counts = Counter(g.status for g in sections)
    return Summary(
        statement=statement, outcome=outcome, outcome_on=ended, closing_note=note,
        turning_points=shown, more_turning_points=len(points) - len(shown),
        insight=best, insight_from=source, carried_forward=list(foresight.carry_forward),
        still_open=len(foresight.open),
        goal_outcomes={k: counts[k] for k in OUTCOME_ORDER if counts[k]} if isinstance(subject, Mentorship) else {},
        target_on=None if isinstance(subject, Mentorship) else subject.time_bound,
        days_late=0 if isinstance(subject, Mentorship) else days_late(subject, ended),
    )


# ------------------------------------------------------------------ builder
def build_retrospective(
    subject: Goal | Mentorship,
    goals: Iterable[Goal],
    entries: Iterable[Entry],
    *,
    today: date,
    tz: str = "UTC",
    closure_prompts: Sequence[str | Prompt] | None = None,
    include_private: bool = False,
    exclude_ids: Iterable[str] = (),
    mentors: dict[str, str] | None = None,
    gap_days: int = 14,
    answered: Collection[str] = (),
    answered_later: Mapping[str, date | None] | None = None,
) -> Retrospective:
    """The retrospective of `subject` (a goal, or a mentorship with all its `goals`, and with its
    history: the relationship section).

    `entries`: live entries of the subject, with full bodies and short ids, any order.
    `closure_prompts`: the closure prompts (or their texts) in conversation order; closure
    entries whose title is one of them are listed in that order, the rest after them by date;
    an entry written from a closure template is read as an answer per question (`answers_in`).
    `mentors`: mentorship id -> mentor name (for goals that belong to a mentorship).
    `answered`: ids of entries a live entry answers, wherever it is: a foresight answered by an
    entry left out here (private, excluded) is not open either.
    `answered_later`: a closed mentorship's foresight answered only after its closing day, with
    the day of that answer (None: the answer is private and left out).
    """
    zone = ZoneInfo(tz)
    goals = list(goals)
    mentors = dict(mentors or {})
    mentor: str | None
    if isinstance(subject, Mentorship):
        mentors.setdefault(subject.id, subject.mentor)
        kind, title, mentor = "mentorship", f"Mentorship with {subject.mentor}", subject.mentor
        focus = subject.focus or None
    else:
        kind, title, focus = "goal", subject.title, None
        mentor = mentors.get(subject.mentorship) if subject.mentorship else None
        if not goals:
            goals = [subject]
    excluded_refs = {x for x in exclude_ids if x}
    private_left_out = excluded = 0
    kept: list[Entry] = []
    seen: set[str] = set()
    for e in entries:
        if e.id in seen or e.deleted_at is not None:
            continue
        seen.add(e.id)
        if e.id in excluded_refs or (e.short_id and e.short_id in excluded_refs):
            excluded += 1
            continue
        if e.private and not include_private:
            private_left_out += 1
            continue
        kept.append(e)
    prompts = [p if isinstance(p, str) else p.text for p in closure_prompts or ()]
    lenses = {p.text: p.lens for p in closure_prompts or () if isinstance(p, Prompt)}
    kept = _in_order(kept, prompts)
    quotes = {e.id: quote(e) for e in kept}
    # What was written along the way, apart from the closure conversation's answers.
    written = [e for e in kept if e.kind != Kind.CLOSURE]
    answers = [piece for e in kept if e.kind == Kind.CLOSURE for piece in answers_in(e, prompts, lenses)]

    # (2) hindsight: the journey traced
    gone = goals_left(goals, subject.id, zone, mentors or {}) if isinstance(subject, Mentorship) else {}
    events = build_timeline(kept, goals, today=today, gap_days=gap_days, tz=tz, mentors=mentors, left=gone)
    if isinstance(subject, Mentorship):
        events = while_it_stayed(events, goals, subject.id, zone)
        if subject.closed_on is not None:  # its timeline ends on its closing day, as `journal timeline`'s (S490)
            events = [ev for ev in events if ev.day <= subject.closed_on]
    said_at_closure = {e.id for e in answers}
    buckets = bucket([ev for ev in events if ev.kind in CHARTED and ev.entry_id not in said_at_closure], "week")
    weeks = [Week(b.start, b.end, b.label, dict(b.lens_counts)) for b in buckets]
    sections = [_goal_section(g, mentors, zone, today, gone.get(g.id)) for g in goals]
    milestones = [m for g in sections for m in g.milestones]
    hindsight = Hindsight(
        events=events, weeks=weeks, sparkline=lens_sparkline(buckets),
        first=quotes[written[0].id] if written else None, last=quotes[written[-1].id] if written else None,
        turning_points=[quotes[e.id] for e in written if e.starred],
        milestones_hit=[m for m in milestones if m.state in ("hit", "late")],  # late is done (S308)
        milestones_missed=[m for m in milestones if m.state == "missed"],
        status_changes=_status_changes(goals, zone),
    )

    # (3) insight by month, top tags over everything written
    periods: dict[date, InsightPeriod] = {}
    for e in written:
        if e.lens == Lens.INSIGHT:
            start = period_start(e.day, "month")
            period = periods.setdefault(start, InsightPeriod(period_label(start, "month"), start, []))
            period.quotes.append(quotes[e.id])
    tags = Counter(t for e in written for t in e.tags)
    top = [TagCount(t, n) for t, n in sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_TAGS]]
    insight = Insight(sorted(periods.values(), key=lambda p: p.start), top)

    # (4) foresight: open, paired with what happened, carried forward
    answered_here: dict[str, list[Quote]] = {}
    for e in written:
        if e.answers and e.lens == Lens.HINDSIGHT:
            answered_here.setdefault(e.answers, []).append(quotes[e.id])
    foresight_entries = [e for e in written if e.lens == Lens.FORESIGHT]
    later = answered_later or {}
    still_open = [quotes[e.id] for e in foresight_entries
                  if e.id not in answered_here and e.id not in answered and e.id not in later]
    carry = [quote(e) for e in answers if e.lens == Lens.FORESIGHT] or still_open[-CARRY_FORWARD_LATEST:]
    foresight = Foresight(
        open=still_open,
        pairs=[Pair(quotes[e.id], answered_here[e.id]) for e in foresight_entries if e.id in answered_here],
        carry_forward=carry,
        answered_after=[LaterAnswer(quotes[e.id], later[e.id]) for e in foresight_entries
                        if e.id in later and e.id not in answered_here],
    )
    closure = _closure(answers, prompts, {g.id: g.title for g in goals} if isinstance(subject, Mentorship) else {})
    related = relationship(subject, goals, kept, zone, mentors) if isinstance(subject, Mentorship) else None
    story = _summary(subject, sections, hindsight, written, closure, foresight)

    return Retrospective(
        kind=kind, subject_id=subject.id, title=title, mentor=mentor, focus=focus, today=today, tz=tz,
        goals=sections, hindsight=hindsight, insight=insight, foresight=foresight,
        numbers=numbers(written, answers), closure=closure,
        include_private=include_private, private_left_out=private_left_out, excluded=excluded,
        relationship=related, summary=story,
    )
