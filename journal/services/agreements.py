"""A mentorship's agreement as structured parts, each change kept in its history; the work plan.

The parts (domain/practice.AGREEMENT_PARTS: ground rules, confidentiality, boundaries,
stumbling blocks, accountability, meeting cadence) live in `Mentorship.parts`; what else was
agreed is the mentorship's free text (`agreements`, "other" here). The agreement's goals are
the goals whose mentorship it is. Every change is one 'edit' event of the mentorship's
history (field: the part's key, or `agreements`; old and new: the texts), written in the same
transaction as the change, like a goal's drift.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from journal.domain.agreement import (
    OTHER, OTHER_FIELD, Agreement, Said, WorkPlan, agreement_key, build_agreement, build_work_plan, heading_of,
    say_history,
)
from journal.domain.errors import BadValue, EditConflict
from journal.domain.model import Goal, GoalEvent, Mentorship, MentorshipStatus
from journal.domain.practice import PART_KEYS, clean_part
from journal.services.mentorships import Mentorships
from journal.domain.timeline import left_with, while_with
from journal.services.session import Session
from journal.store import goals as goal_rows
from journal.store import mentorships as mentorship_rows

FORMATS = {"html": ".html", "markdown": ".md"}
"""The formats an agreement is exported in, with their file extension."""


def _as_typed(text: str | None) -> str:
    """A part's text compared as it would be kept (line endings LF, outer blank space trimmed)."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


class Agreements:
    """The agreements of one journal's mentorships."""

    FORMATS = FORMATS

    def __init__(self, session: Session) -> None:
        self.session = session

    # ----------------------------------------------------------- reading
    def _goals(self, m: Mentorship, gone: Mapping[str, tuple[date, str]]) -> list[Goal]:
        """The mentorship's goals, each with its milestones: once it is closed, those that left it
        too (`gone`: let go by its closing, S164, or moved away by hand before, S448), as they were
        its own. Each is as it was in the mentorship's days (`while_with`): one that left it as it
        stood when it left (achieved months later under another mentor, it was listed as achieved
        here, its milestones done after the end counted in this plan: S388); one moved in without
        the milestones done before it came (another mentorship's: S461), with those still open."""
        conn = self.session.conn
        zone = self.session.clock.tzinfo
        return [while_with(goal_rows.get(conn, g.id), m.id, zone, still_to_do=g.mentorship == m.id)
                for g in goal_rows.all_goals(conn) if g.mentorship == m.id or g.id in gone]

    def _gone(self, m: Mentorship) -> dict[str, tuple[date, str]]:
        """A closed mentorship's goals no longer in it: the day each left it and where it went, in
        words: what its closing decided (the day it closed), or a move by hand before (`left_with`,
        as the retrospective says it). None of an active mentorship's: its plan is what it has now."""
        if m.status != MentorshipStatus.CLOSED or m.closed_on is None:
            return {}
        s = self.session
        mentorships = Mentorships(s)
        gone = {g.id: (m.closed_on, words) for g, words in mentorships.decided(m) if g.mentorship != m.id}
        mentors = mentorships.mentors()
        for g in goal_rows.all_goals(s.conn):
            if g.mentorship != m.id and g.id not in gone and (
                    went := left_with(goal_rows.get(s.conn, g.id), m.id, s.clock.tzinfo, mentors)):
                gone[g.id] = went
        return gone

    def get(self, ref: str) -> Agreement:
        """The agreement of mentorship `ref` (an id prefix or the mentor's name): its parts in
        order, the other agreements, its goals with their SMART statement and target, the cadence."""
        s = self.session
        m = s.mentorship(ref)
        gone = self._gone(m)
        return build_agreement(m, self._goals(m, gone), s.today(), s.clock.zone, gone)

    def history(self, ref: str) -> list[Said]:
        """What happened to the mentorship and its agreement, oldest first, in words."""
        s = self.session
        m = s.mentorship(ref)
        titles = {g.id: g.title for g in goal_rows.all_goals(s.conn)}
        return say_history(m.history, titles, s.clock.zone)

    def work_plan(self, ref: str) -> WorkPlan:
        """The goals' milestones and target dates across the relationship, in date order."""
        s = self.session
        m = s.mentorship(ref)
        gone = self._gone(m)
        return build_work_plan(m, self._goals(m, gone), s.today(), s.clock.tzinfo, gone)

    # ----------------------------------------------------------- changing
    def set_part(self, ref: str, part: str, text: str, *, edited_from: str | None = None) -> bool:
        """Write one part (`ground-rules`, `conf`…, or `other`); empty text removes it. True when it changed."""
        return bool(self.set_parts(ref, {part: text},
                                   edited_from=None if edited_from is None else {part: edited_from}))

    def set_parts(self, ref: str, parts: Mapping[str, str], *,
                  edited_from: Mapping[str, str] | None = None) -> list[str]:
        """Write several parts in one transaction; returns the keys that changed (in the parts'
        order, `other` last). Each change is an 'edit' event of the mentorship's history; an
        emptied part is removed. `edited_from`: the parts as an editor or a form read them; one
        changed elsewhere since and typed otherwise here is not written over: nothing is written
        and EditConflict says which (S349)."""
        s = self.session
        m = s.mentorship(ref)
        wanted: dict[str, str] = {}
        for name, text in parts.items():
            key = agreement_key(name)
            if key in wanted:
                raise BadValue(f"The part '{name[:40]}' is given twice; give each part once.")
            wanted[key] = _as_typed(text)
        read = {agreement_key(k): _as_typed(v) for k, v in (edited_from or {}).items()}
        wanted = {key: text for key, text in wanted.items() if read.get(key, text + "\0") != text}  # as read: left
        if not self._changes(m, wanted):
            return []
        now = s.now()
        with s.writing() as conn:
            current = mentorship_rows.get(conn, m.id)  # as it is now, inside the transaction
            changes = self._changes(current, wanted)
            stale = [key for key, old, _ in changes if key in read and read[key] != old]
            if stale:
                raise EditConflict(f"{' and '.join(repr(heading_of(key)) for key in stale)} of the agreement changed "
                                   "elsewhere while you were editing, so nothing was written over "
                                   f"(`journal agreement history {m.short_id}` shows the other text).")
            for key, _old, new in changes:
                if key == OTHER:
                    current.agreements = new
                elif new:
                    current.parts[key] = new
                else:
                    current.parts.pop(key, None)
            current.parts = {k: current.parts[k] for k in PART_KEYS if current.parts.get(k)}
            if changes:
                mentorship_rows.update(conn, current, now)
            for key, old, new in changes:
                mentorship_rows.add_event(conn, m.id, GoalEvent(at=now, kind="edit",
                                                                field=OTHER_FIELD if key == OTHER else key,
                                                                old=old or None, new=new or None))
        return [key for key, _, _ in changes]

    @staticmethod
    def _changes(m: Mentorship, wanted: Mapping[str, str]) -> list[tuple[str, str, str]]:
        """(key, old text, new text) of every part that `wanted` changes, checked, in order."""
        found = []
        for key in (*PART_KEYS, OTHER):
            if key not in wanted:
                continue
            old = _as_typed(m.agreements if key == OTHER else m.parts.get(key, ""))
            if wanted[key] != old:
                found.append((key, old, clean_part(wanted[key])))
        return found

    # ----------------------------------------------------------- sharing
    def export(self, ref: str, fmt: str) -> str:
        """The agreement (with its work plan) as Markdown or a standalone HTML page, to share."""
        from journal.io.agreement_doc import render

        if fmt not in FORMATS:
            raise BadValue(f"Unknown agreement format '{fmt[:20]}': use markdown or html.")
        return render(self.get(ref), self.work_plan(ref), fmt)

    def write(self, ref: str, fmt: str, target: str | Path, *, replace: bool = True) -> Path:
        """Write the exported agreement to a file: 0600, atomically, never through a symlink,
        never over one of the journal's own files; over a file with something in it only with
        `replace` (outputs.refuse_existing)."""
        from journal.io.files import export_file
        from journal.services.outputs import refuse_existing, refuse_own_files

        path = Path(target).expanduser()
        refuse_own_files(self.session.path, path)
        if not replace:
            refuse_existing(path)
        text = self.export(ref, fmt)
        with export_file(path) as write:
            write(text)
        return path
