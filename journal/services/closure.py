"""Closure: the closure conversation, closing a goal or a mentorship, and its retrospective."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from journal.record import replace
from pathlib import Path

from journal.domain.errors import BadValue
from journal.domain.model import (
    Draft, Entry, EntryFilter, EntryInput, Goal, GoalStatus, Kind, Lens, Mentorship, Prompt,
)
from journal.domain.retro_doc import Block, Document
from journal.domain.retro_model import Retrospective
from journal.domain.retro_walk import retrospective_document
from journal.domain.retrospective import build_retrospective
from journal.domain.timeline import spans_with, while_with
from journal.domain.text import normalise_body
from journal.services.entries import Entries
from journal.services.goals import as_status
from journal.services.mentorships import Closing, Mentorships
from journal.services.reflection import Reflection
from journal.services.constants import RETRO_FORMATS
from journal.services.session import Session
from journal.store import drafts as draft_rows
from journal.store import entries as entry_rows
from journal.store import goals as goal_rows
from journal.store import mentorships as mentorship_rows

MENTORSHIP_SET = "mentorship-closure"
"""The prompt set of a mentorship's closure conversation (a goal's is the first five of `closure`)."""


class Closure:
    """Closing goals and mentorships of one journal, and tracing their journey."""

    def __init__(self, session: Session, entries: Entries, reflection: Reflection) -> None:
        self.session = session
        self.entries = entries
        self.reflection = reflection

    def prompts(self, *, mentorship: bool = False) -> list[Prompt]:
        """The questions of a closure conversation, in order: a goal's are the five fixed closure
        prompts; a mentorship's are the `mentorship-closure` set (the relationship's own: what to
        celebrate, what I thank my mentor for, how we stay in touch), or the goal's five when
        that set is missing or empty."""
        if mentorship:
            found = list(self.reflection.library().sets.get(MENTORSHIP_SET, []))
            if found:
                return found
        return self.reflection.closure_prompts()

    def close(self, answers: Sequence[EntryInput], *, goal: str | None = None,
              status: GoalStatus | str | None = None, note: str | None = None,
              mentorship: str | None = None, goals: Mapping[str, str] | None = None,
              on: str | None = None) -> list[Entry]:
        """Write the closure conversation (each answer as a kind=closure entry, drafts dropped)
        and close the goal (achieved/abandoned, with `note`) or the mentorship, all in one
        transaction: either everything is saved or nothing is. A mentorship's open goals each
        need a decision in `goals` (goal → keep, achieved, abandoned or move:MENTOR;
        Mentorships.close says how each is written); it ends today, or on the day `on` says."""
        s = self.session
        if bool(goal) == bool(mentorship):
            raise BadValue("Close a goal or a mentorship (one of them).")
        subject = s.goal(goal) if goal else None
        closing: Closing | None = None
        if mentorship is not None:
            closing = Mentorships(s).closing(mentorship, on, goals)
        prepared = []
        for data in answers:
            data = replace(data, kind=Kind.CLOSURE, mentorship=data.mentorship or mentorship)  # filed under it
            ended = closing.mentorship.closed_on if closing is not None else None
            if ended is not None and ended != s.today():  # said at its end, dated by it (S323)
                data = replace(data, when=ended.isoformat())
            if subject is not None and subject.id not in data.goals:  # a goal's answers are about it
                data = replace(data, goals=(*data.goals, subject.id))
            entry = self.entries.prepare(data)
            entry.body = normalise_body(data.body)
            prepared.append((entry, data.id if isinstance(data, Draft) else None))
        now = s.now()
        if subject is not None:
            chosen = as_status(status or "")
            if not chosen.closed:
                raise BadValue("A goal closes as achieved or abandoned.")
            if subject.status == chosen:
                raise BadValue(f"Goal '{subject.title}' is already {chosen.value}.")
        with s.writing() as conn:
            for entry, draft_id in prepared:
                entry_rows.insert(conn, entry)
                if draft_id is not None:
                    draft_rows.delete(conn, draft_id)
            if subject is not None:
                goal_rows.set_status(conn, subject, chosen, now, note.strip() if note and note.strip() else None)
            elif closing is not None:
                closing.apply(conn, now)
        return [self.entries.get(entry.id) for entry, _ in prepared]

    # --------------------------------------------------------- retrospective
    def retrospective(self, goal: str | None = None, *, mentorship: str | None = None,
                      include_private: bool = False, exclude: tuple[str, ...] = ()) -> Retrospective:
        """The closure retrospective of a goal, or of a mentorship with all its goals and the
        entries filed under it. `exclude`: entry ids or prefixes to leave out; private entries
        only with `include_private`."""
        s = self.session
        if goal and mentorship:
            raise BadValue("Give a goal or --mentorship, not both.")
        if not goal and not mentorship:
            raise BadValue("Name a goal (`journal retro GOAL`) or a mentorship (`--mentorship M`).")
        excluded = tuple(dict.fromkeys(s.entry(ref).id for ref in exclude if ref.strip()))
        subject: Goal | Mentorship
        if goal:
            subject = s.goal_of(goal, "retro")
            chosen = [subject]
            found = self.entries.list(EntryFilter(goals=(subject.id,)))
        else:
            subject = s.mentorship(mentorship or "")
            # every goal that belonged to it, now or before (moved on, carried on alone, moved here
            # later), with its entries from the days it belonged to it only
            spans = {g.id: stretches for g in goal_rows.all_goals(s.conn)
                     if (stretches := spans_with(goal_rows.get(s.conn, g.id), subject.id, s.clock.tzinfo))}
            chosen = sorted((while_with(s.goal(goal_id), subject.id, s.clock.tzinfo) for goal_id in spans),
                            key=lambda g: (g.created_at is None, g.created_at, g.title.casefold()))
            found = self.entries.list(EntryFilter(mentorship=subject.id))
            closed = subject.closed_on  # what was written after its closing day is not its story (S460)
            for g in chosen:
                for start, end in spans[g.id]:
                    until = min((day for day in (end, closed) if day is not None), default=None)
                    found += self.entries.list(EntryFilter(goals=(g.id,), date_from=start, date_to=until))
        # what answers its foresight (and feedback follow-ups) belongs to its story, wherever it was filed
        answerable = [e.id for e in found if e.lens == Lens.FORESIGHT or e.kind == Kind.FEEDBACK]
        answers = entry_rows.answers_to(s.conn, answerable)
        later: dict[str, date | None] = {}
        if isinstance(subject, Mentorship) and subject.closed_on is not None:
            for e in sorted(answers, key=lambda e: e.day):  # answered only after it closed: the first answer's day
                if e.day > subject.closed_on and e.answers:
                    later.setdefault(e.answers, e.day if include_private or not e.private else None)
            answers = [e for e in answers if e.day <= subject.closed_on]
        found += answers
        answered = {e.answers for e in answers if e.answers}
        sets = self.reflection.library().sets
        prompts = [*(sets.get(MENTORSHIP_SET, []) if mentorship else []), *sets.get("closure", [])]
        return build_retrospective(
            subject, chosen, found, today=s.today(), tz=s.clock.zone, closure_prompts=prompts,
            include_private=include_private, exclude_ids=excluded, answered=answered,
            answered_later={ref: day for ref, day in later.items() if ref not in answered},
            mentors={m.id: m.mentor for m in mentorship_rows.all_mentorships(s.conn)},
        )

    @staticmethod
    def document(retro: Retrospective) -> Document:
        """The retrospective as the neutral document every writer renders (the TUI shows it)."""
        return retrospective_document(retro)

    @staticmethod
    def markdown(blocks: Iterable[Block]) -> str:
        """Some blocks of a retrospective's document as Markdown."""
        from journal.io.retro_markdown import write_blocks

        return write_blocks(blocks)

    @staticmethod
    def render(retro: Retrospective, fmt: str) -> str:
        """The retrospective as markdown, html or json text (a PDF is only written to a file)."""
        from journal.io.retrospective import render

        if fmt == "pdf":
            raise BadValue("A PDF is written to a file: add -o FILE (e.g. -o retrospective.pdf).")
        if fmt not in RETRO_FORMATS:
            raise BadValue(f"Unknown retrospective format '{fmt}': use {', '.join(RETRO_FORMATS)}.")
        return render(retro, fmt)

    @staticmethod
    def pdf_available() -> bool:
        """Whether a PDF can be made here (a Chromium or Chrome is found; a PATH look-up, no start)."""
        from journal.io.retro_pdf import find_browser

        return find_browser() is not None

    def write(self, retro: Retrospective, fmt: str, target: str | Path, *, replace: bool = True) -> Path:
        """Write the retrospective to a file: 0600, atomically, never through a symlink; over a
        file with something in it only with `replace` (outputs.refuse_existing). A PDF is the
        HTML page printed by a headless browser (io/retro_pdf.py); without one, BadValue says
        what to do."""
        from journal.io.files import export_file
        from journal.services.outputs import refuse_existing, refuse_own_files

        path = Path(target).expanduser()
        refuse_own_files(self.session.path, path)
        if not replace:
            refuse_existing(path)
        if fmt == "pdf":
            from journal.io.retro_pdf import html_to_pdf

            data = html_to_pdf(self.render(retro, "html"), path.parent)
            with export_file(path) as write:
                write.raw(data)
            return path
        text = self.render(retro, fmt)
        with export_file(path) as write:
            write(text)
        return path
