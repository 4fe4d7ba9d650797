"""Closure: the closure conversation, closing a goal or a mentorship, and its retrospective."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from journal.domain.errors import BadValue
from journal.domain.model import (
    Draft, Entry, EntryFilter, EntryInput, Goal, GoalStatus, Kind, Mentorship, MentorshipStatus,
)
from journal.domain.retro_model import Retrospective
from journal.domain.retrospective import build_retrospective
from journal.domain.text import normalise_body
from journal.services.entries import Entries
from journal.services.goals import as_status
from journal.services.reflection import Reflection
from journal.services.constants import RETRO_FORMATS
from journal.services.session import Session
from journal.store import drafts as draft_rows
from journal.store import entries as entry_rows
from journal.store import goals as goal_rows
from journal.store import mentorships as mentorship_rows



class Closure:
    """Closing goals and mentorships of one journal, and tracing their journey."""

    def __init__(self, session: Session, entries: Entries, reflection: Reflection) -> None:
        self.session = session
        self.entries = entries
        self.reflection = reflection

    def close(self, answers: Sequence[EntryInput], *, goal: str | None = None,
              status: GoalStatus | str | None = None, note: str | None = None,
              mentorship: str | None = None) -> list[Entry]:
        """Write the closure conversation (each answer as a kind=closure entry, drafts dropped)
        and close the goal (achieved/abandoned, with `note`) or the mentorship, all in one
        transaction: either everything is saved or nothing is."""
        s = self.session
        if bool(goal) == bool(mentorship):
            raise BadValue("Close a goal or a mentorship (one of them).")
        prepared = []
        for data in answers:
            data = replace(data, kind=Kind.CLOSURE)
            entry = self.entries.prepare(data)
            entry.body = normalise_body(data.body)
            prepared.append((entry, data.id if isinstance(data, Draft) else None))
        now = s.now()
        if goal:
            subject = s.goal(goal)
            chosen = as_status(status or "")
            if not chosen.closed:
                raise BadValue("A goal closes as achieved or abandoned.")
            if subject.status == chosen:
                raise BadValue(f"Goal '{subject.title}' is already {chosen.value}.")
        else:
            assert mentorship is not None
            held = s.mentorship(mentorship)
            if held.status == MentorshipStatus.CLOSED:
                raise BadValue(f"The mentorship with {held.mentor} is already closed.")
            held.status, held.closed_on = MentorshipStatus.CLOSED, s.today()
        with s.writing() as conn:
            for entry, draft_id in prepared:
                entry_rows.insert(conn, entry)
                if draft_id is not None:
                    draft_rows.delete(conn, draft_id)
            if goal:
                goal_rows.set_status(conn, subject, chosen, now, note.strip() if note and note.strip() else None)
            else:
                mentorship_rows.update(conn, held, now)
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
            subject = s.goal(goal)
            chosen = [subject]
            found = self.entries.list(EntryFilter(goals=(subject.id,)))
        else:
            subject = s.mentorship(mentorship or "")
            chosen = sorted((s.goal(g.id) for g in goal_rows.all_goals(s.conn) if g.mentorship == subject.id),
                            key=lambda g: (g.created_at is None, g.created_at, g.title.casefold()))
            found = self.entries.list(EntryFilter(mentorship=subject.id))
            for g in chosen:
                found += self.entries.list(EntryFilter(goals=(g.id,)))
        prompts = [p.text for p in self.reflection.library().sets.get("closure", [])]
        return build_retrospective(
            subject, chosen, found, today=s.today(), tz=s.clock.zone, closure_prompts=prompts,
            include_private=include_private, exclude_ids=excluded,
            mentors={m.id: m.mentor for m in mentorship_rows.all_mentorships(s.conn)},
        )

    @staticmethod
    def render(retro: Retrospective, fmt: str) -> str:
        """The retrospective as markdown, html or json text."""
        from journal.io.retrospective import render

        if fmt not in RETRO_FORMATS:
            raise BadValue(f"Unknown retrospective format '{fmt}': use html, markdown or json.")
        return render(retro, fmt)

    def write(self, retro: Retrospective, fmt: str, target: str | Path) -> Path:
        """Write the retrospective to a file: 0600, atomically, never through a symlink."""
        from journal.io.files import export_file
        from journal.services.outputs import refuse_own_files

        path = Path(target).expanduser()
        refuse_own_files(self.session.path, path)
        text = self.render(retro, fmt)
        with export_file(path) as write:
            write(text)
        return path
