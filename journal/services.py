"""The Journal facade: every use case the CLI and the TUI call, and nothing else.

Front ends hand in what the person typed (strings for dates, goal names, lenses);
the facade validates it, resolves references, and writes in one transaction.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import uuid
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from journal import config
from journal.clock import Clock
from journal.domain.dates import When, parse_day, parse_when
from journal.domain.errors import BadValue, EditConflict, NotFound
from journal.domain.model import (
    Draft, Entry, EntryFilter, Goal, GoalRef, GoalStatus, Kind, Lens, Mentorship,
    MentorshipStatus, Milestone, entry_version,
)
from journal.domain.text import clean_title, normalise_body, normalise_tags
from journal.domain.reflection import Due, cadence_due, quiet_due
from journal.domain.reflection import streaks as count_streaks
from journal.domain.text import summary
from journal.store import drafts as draft_rows
from journal.store import reflection as reflection_rows
from journal.store import entries as entry_rows
from journal.store import goals as goal_rows
from journal.store import mentorships as mentorship_rows
from journal.store.db import backup_to, open_journal, write_tx


@dataclass
class EntryInput:
    """A new entry as typed: free text everywhere, resolved by `Journal.write`."""

    body: str
    lens: Lens | str = Lens.HINDSIGHT
    title: str | None = None
    tags: list[str] = field(default_factory=list)
    goals: list[str] = field(default_factory=list)
    when: str | None = None
    starred: bool = False
    private: bool = False
    kind: Kind | str = Kind.NOTE
    mentorship: str | None = None
    revisit: str | None = None
    answers: str | None = None
    draft_id: int | None = None
    """A draft to delete in the same transaction as the save."""


@dataclass
class EntryChanges:
    """Edits to an entry; None leaves a field as it is."""

    body: str | None = None
    lens: Lens | str | None = None
    title: str | None = None
    tags: list[str] | None = None
    goals: list[str] | None = None
    when: str | None = None
    starred: bool | None = None
    private: bool | None = None
    kind: Kind | str | None = None
    mentorship: str | None = None
    revisit: str | None = None
    draft_id: int | None = None
    expected_version: str | None = None
    """`entry_version` of the entry when the edit began (an editor open for minutes). Set:
    the save goes through only if the entry is still exactly that; otherwise nothing is
    overwritten, the edit is kept as a draft and EditConflict is raised (catalogue B13)."""


@dataclass
class Purged:
    """What `Journal.purge` removed: entries, and the rotating backups scrubbed of them."""

    removed: int
    backups_scrubbed: int
    backups_failed: list[Path]


@dataclass
class GoalSummary:
    """A goal with the numbers a list shows."""

    goal: Goal
    lens_counts: dict[str, int]
    last_entry: date | None
    quiet_days: int | None


def new_id() -> str:
    return str(uuid.uuid4())


def _lens(value: Lens | str) -> Lens:
    return value if isinstance(value, Lens) else Lens.parse(value)


def _kind(value: Kind | str) -> Kind:
    return value if isinstance(value, Kind) else Kind.parse(value)


class Journal:
    """One open journal file and the clock its dates are relative to."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Clock) -> None:
        self.conn = conn
        self.path = path
        self.clock = clock

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *, clock: Clock | None = None,
             create: bool | None = None) -> "Journal":
        """Open the journal at `path` (or $JOURNAL_DB, or the default, created on first run)."""
        chosen, is_default = config.db_path(path)
        conn = open_journal(chosen, create=is_default if create is None else create)
        return cls(conn, chosen, clock or Clock())

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Journal":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ----------------------------------------------------------------- dates
    def today(self) -> date:
        return self.clock.today()

    def when(self, text: str) -> When:
        return parse_when(text, self.today())

    def day(self, text: str) -> date:
        return parse_day(text, self.today())

    # --------------------------------------------------------------- entries
    def _prepare(self, data: EntryInput) -> Entry:
        """Resolve and check everything about a new entry except its text."""
        now = self.clock.now()
        lens = _lens(data.lens)
        when = self.when(data.when) if data.when else When(now.date(), now.strftime("%H:%M"))
        self._check_future(lens, when.day)
        goal_refs = self._goal_refs(data.goals)
        return Entry(
            id=new_id(), day=when.day, time=when.time, tz=self.clock.zone, created_at=now,
            updated_at=now, lens=lens, body="", title=clean_title(data.title),
            starred=data.starred, private=data.private, kind=_kind(data.kind),
            tags=normalise_tags(data.tags), goals=goal_refs,
            mentorship=self._mentorship_for(data.mentorship, goal_refs),
            revisit_on=self._revisit(lens, data.revisit), answers=self._answers(lens, data.answers),
        )

    def validate(self, data: EntryInput) -> None:
        """Raise what `write` would raise for everything but the text."""
        self._prepare(data)

    def write(self, data: EntryInput) -> Entry:
        """Validate and save a new entry (and drop its draft) in one transaction."""
        entry = self._prepare(data)
        entry.body = normalise_body(data.body)
        self.auto_backup()
        with write_tx(self.conn):
            entry_rows.insert(self.conn, entry)
            if data.draft_id is not None:
                draft_rows.delete(self.conn, data.draft_id)
        return self.entry(entry.id)

    def edit(self, ref: str, changes: EntryChanges) -> tuple[Entry, bool]:
        """Apply changes to an entry; returns it and whether anything changed.

        The changes are applied to the entry as it is inside the write transaction, so
        a change another window made meanwhile is never silently undone. With
        `changes.expected_version`, an entry that changed since then (or went to the
        trash, or was purged) is left alone and the edit is kept as a draft instead.
        """
        expected = changes.expected_version
        entry_id = self._edit_target(ref, expected)
        old = self._stored(entry_id)
        if old is not None and changes.draft_id is None and self._applied(old, changes) == old:
            return old, False  # nothing to write (even if stale: the entry already says this)
        self.auto_backup()
        conflict = None
        with write_tx(self.conn):
            # Read again under BEGIN IMMEDIATE: no writer can slip in between this and the update.
            current = self._stored(entry_id)
            if current is None and expected is None:
                raise NotFound(f"No entry {entry_id[:8]}. See `journal list` for ids.")
            new = self._applied(current, changes) if current is not None else None
            stale = expected is not None and (current is None or entry_version(current) != expected)
            changed = new is not None and new != current
            if stale and (current is None or changed):
                conflict = self._keep_as_draft(entry_id, current, new, changes)
            else:
                if changed:
                    entry_rows.update(self.conn, new)
                if changes.draft_id is not None:
                    draft_rows.delete(self.conn, changes.draft_id)
        if conflict is not None:
            raise conflict
        return self.entry(entry_id), changed

    def _edit_target(self, ref: str, expected: str | None) -> str:
        """The full id `ref` names; for a compare-and-swap edit, a purged id is kept as given."""
        try:
            return entry_rows.resolve(self.conn, ref)
        except NotFound:
            if expected is None:
                raise
            return ref

    def _stored(self, entry_id: str) -> Entry | None:
        try:
            return entry_rows.get(self.conn, entry_id)
        except NotFound:
            return None

    def _applied(self, old: Entry, changes: EntryChanges) -> Entry:
        """`old` with `changes` resolved and checked; a new updated_at only if something changed."""
        lens = _lens(changes.lens) if changes.lens is not None else old.lens
        new = replace(old, lens=lens)
        if changes.body is not None:
            new.body = normalise_body(changes.body)
        if changes.title is not None:
            new.title = clean_title(changes.title)
        if changes.tags is not None:
            new.tags = normalise_tags(changes.tags)
        if changes.goals is not None:
            new.goals = self._goal_refs(changes.goals)
        if changes.when is not None:
            when = self.when(changes.when)
            new.day, new.time = when.day, when.time
        if changes.starred is not None:
            new.starred = changes.starred
        if changes.private is not None:
            new.private = changes.private
        if changes.kind is not None:
            new.kind = _kind(changes.kind)
        if changes.mentorship is not None:
            new.mentorship = mentorship_rows.resolve(self.conn, changes.mentorship) if changes.mentorship else None
        if changes.revisit is not None:
            new.revisit_on = self._revisit(lens, changes.revisit) if changes.revisit else None
        if lens != Lens.FORESIGHT:
            new.revisit_on = None
        if new.day != old.day or new.lens != old.lens:
            self._check_future(new.lens, new.day)
        if new != old:
            new.updated_at = self.clock.now()
        return new

    def _keep_as_draft(self, entry_id: str, current: Entry | None, new: Entry | None,
                       changes: EntryChanges) -> EditConflict:
        """Save the edit as a draft (inside the caller's transaction); the error to raise after commit."""
        if new is not None:
            draft = Draft(
                body=new.body, lens=new.lens, title=new.title or "", tags=new.tags,
                goals=tuple(g.id for g in new.goals), entry_id=entry_id,
                when=new.day.isoformat() + (f" {new.time}" if new.time else ""),
            )
        elif changes.body is not None:  # purged for good: what the edit carried becomes a new entry's draft
            draft = Draft(
                body=normalise_body(changes.body), lens=_lens(changes.lens or Lens.HINDSIGHT),
                title=changes.title or "", tags=normalise_tags(changes.tags or []),
                goals=tuple(changes.goals or ()), when=changes.when or "",
            )
        else:
            raise NotFound(f"No entry {entry_id[:8]}: it was deleted for good. See `journal list` for ids.")
        # No pid: no window has this draft open, so `journal drafts` and the UI may take it up now.
        short = current.short_id if current is not None else entry_id[:8]
        reason = "deleted" if current is None else "trashed" if current.deleted_at else "changed"
        # Saving this draft later goes over the version seen now, and only that one. After a
        # trash the person restores the entry first, which changes it: no base then.
        base = entry_version(current) if reason == "changed" else None
        draft = replace(draft, id=changes.draft_id, updated_at=self.clock.now(), pid=None, base=base)
        n = draft_rows.save(self.conn, draft)
        message = {
            "changed": f"Entry {short} was changed elsewhere while you were editing it, so it was not "
                       f"overwritten; your version is kept as draft {n}: `journal drafts show {n}` prints it, "
                       f"`journal drafts save {n}` applies it over the other version.",
            "trashed": f"Entry {short} was moved to the trash while you were editing it; your version is kept "
                       f"as draft {n}: `journal restore {short}` brings the entry back, then "
                       f"`journal drafts save {n}` applies it.",
            "deleted": f"Entry {short} was deleted for good while you were editing it; your version is kept "
                       f"as draft {n}: `journal drafts save {n}` makes it a new entry.",
        }[reason]
        return EditConflict(
            message,
            entry_id=entry_id, draft_id=n, reason=reason,
        )

    def _check_future(self, lens: Lens, day: date) -> None:
        if day > self.today() and lens != Lens.FORESIGHT:
            raise BadValue(
                f"Only foresight entries can be dated in the future ({day.isoformat()} is after today). "
                "Use -l foresight, or pick an earlier date."
            )

    def _revisit(self, lens: Lens, text: str | None) -> date | None:
        if not text:
            return None
        if lens != Lens.FORESIGHT:
            raise BadValue("Only foresight entries can have a revisit date (use -l foresight).")
        return self.day(text)

    def _goal_refs(self, refs: list[str]) -> tuple[GoalRef, ...]:
        found: list[GoalRef] = []
        for ref in refs:
            goal = goal_rows.get(self.conn, goal_rows.resolve(self.conn, ref))
            if goal.id not in {g.id for g in found}:
                found.append(GoalRef(goal.id, goal.title))
        return tuple(found)

    def _mentorship_for(self, ref: str | None, goal_refs: tuple[GoalRef, ...]) -> str | None:
        """The named mentorship, else the one the first linked goal belongs to."""
        if ref:
            return mentorship_rows.resolve(self.conn, ref)
        for goal_ref in goal_refs:
            owner = goal_rows.get(self.conn, goal_ref.id).mentorship
            if owner:
                return owner
        return None

    def _answers(self, lens: Lens, ref: str | None) -> str | None:
        if not ref:
            return None
        target = self.entry(ref)
        if target.lens != Lens.FORESIGHT:
            raise BadValue(f"Entry {target.short_id} is not a foresight entry; only foresight can be answered.")
        if lens != Lens.HINDSIGHT:
            raise BadValue("An answer to a foresight entry is a hindsight entry (use -l hindsight).")
        return target.id

    def entry(self, ref: str) -> Entry:
        """The entry an id or id prefix names (trashed entries included)."""
        return entry_rows.get(self.conn, entry_rows.resolve(self.conn, ref))

    def entries(self, flt: EntryFilter | None = None, limit: int | None = None, offset: int = 0) -> list[Entry]:
        return entry_rows.query(self.conn, flt or EntryFilter(), limit, offset)

    def count(self, flt: EntryFilter | None = None) -> int:
        return entry_rows.count(self.conn, flt or EntryFilter())

    def search(self, text: str, flt: EntryFilter | None = None, limit: int | None = None,
               prefix_last: bool = False) -> list[Entry]:
        return entry_rows.search(self.conn, text, flt or EntryFilter(), limit, prefix_last)

    def make_filter(
        self, *, lens: str | None = None, goals_: tuple[str, ...] = (), tags: tuple[str, ...] = (),
        date_from: str | None = None, date_to: str | None = None, on: str | None = None,
        starred: bool = False, kind: str | None = None, mentorship: str | None = None,
        on_this_day: bool = False,
    ) -> EntryFilter:
        """Turn typed filter values into an EntryFilter, resolving names and dates."""
        flt = EntryFilter(
            lens=Lens.parse(lens) if lens else None,
            kind=Kind.parse(kind) if kind else None,
            tags=normalise_tags(list(tags)),
            goals=tuple(goal_rows.resolve(self.conn, g) for g in goals_),
            mentorship=mentorship_rows.resolve(self.conn, mentorship) if mentorship else None,
            date_from=self.day(date_from) if date_from else None,
            date_to=self.day(date_to) if date_to else None,
            starred=starred,
            on_this_day=self.today() if on_this_day else None,
        )
        if on:
            flt.date_from = flt.date_to = self.day(on)
        return flt

    def delete(self, ref: str) -> Entry:
        """Move an entry to the trash."""
        entry = self.entry(ref)
        self.auto_backup()
        with write_tx(self.conn):
            entry_rows.set_deleted(self.conn, entry.id, self.clock.now())
        return self.entry(entry.id)

    def restore(self, ref: str) -> Entry:
        entry = self.entry(ref)
        with write_tx(self.conn):
            entry_rows.set_deleted(self.conn, entry.id, None)
        return self.entry(entry.id)

    def trash(self) -> list[Entry]:
        return self.entries(EntryFilter(trashed=True))

    def purge(self) -> Purged:
        """Delete trashed entries for good: scrubbed from the file (WAL and free pages) and
        from the rotating backups beside it. Copies made with `journal backup FILE` elsewhere
        are the user's own and are left alone."""
        from journal.store import upkeep

        self.auto_backup()
        with write_tx(self.conn):
            removed = entry_rows.purge(self.conn)
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.execute("VACUUM")
        scrubbed, failed = upkeep.scrub_backups(self.path, removed) if removed else (0, [])
        return Purged(len(removed), scrubbed, failed)

    # ----------------------------------------------------------------- goals
    def add_goal(
        self, title: str, *, specific: str = "", measurable: str = "", achievable: str = "",
        relevant: str = "", by: str | None = None, criteria: str = "", mentorship: str | None = None,
        review_every: int | None = None,
    ) -> Goal:
        clean = clean_title(title)
        if not clean:
            raise BadValue("A goal needs a title, e.g. `journal goal add \"Public speaking\"`.")
        if any(g.title.casefold() == clean.casefold() for g in goal_rows.all_goals(self.conn)):
            raise BadValue(f"A goal called '{clean}' already exists. Pick another title.")
        _positive(review_every, "--review-every")
        goal = Goal(
            id=new_id(), title=clean, specific=specific.strip(), measurable=measurable.strip(),
            achievable=achievable.strip(), relevant=relevant.strip(),
            time_bound=self.day(by) if by else None, success_criteria=criteria.strip(),
            mentorship=mentorship_rows.resolve(self.conn, mentorship) if mentorship else None,
            created_at=self.clock.now(), review_every=review_every,
        )
        with write_tx(self.conn):
            goal_rows.insert(self.conn, goal)
        return self.goal(goal.id)

    def goal(self, ref: str) -> Goal:
        return goal_rows.get(self.conn, goal_rows.resolve(self.conn, ref))

    def goals(self, statuses: tuple[GoalStatus, ...] = ()) -> list[GoalSummary]:
        """Goals with entries per lens, the last entry's day and days since it."""
        stats = goal_rows.lens_counts(self.conn)
        today = self.today()
        result = []
        for goal in goal_rows.all_goals(self.conn, statuses):
            item = stats.get(goal.id, {})
            last = date.fromisoformat(item["last"]) if item.get("last") else None
            since = last or (goal.created_at.astimezone(self.clock.tzinfo).date() if goal.created_at else None)
            result.append(GoalSummary(
                goal=goal,
                lens_counts={lens.value: item.get(lens.value, 0) for lens in Lens},
                last_entry=last,
                quiet_days=(today - since).days if since else None,
            ))
        return result

    def edit_goal(self, ref: str, **changes) -> tuple[Goal, list[str]]:
        """Change statement fields; each real change is appended to the goal's history."""
        goal = self.goal(ref)
        values: dict = {}
        for name, value in changes.items():
            if value is None:
                continue
            if name == "title":
                value = clean_title(value)
                if not value:
                    raise BadValue("A goal's title cannot be empty.")
            elif name == "by":
                name, value = "time_bound", self.day(value) if value else None
            elif name == "criteria":
                name, value = "success_criteria", value.strip()
            elif name == "mentorship":
                name, value = "mentorship_id", mentorship_rows.resolve(self.conn, value) if value else None
            elif name == "review_every":
                _positive(value, "--review-every")
            elif isinstance(value, str):
                value = value.strip()
            values[name] = value
        with write_tx(self.conn):
            changed = goal_rows.edit(self.conn, goal, values, self.clock.now())
        return self.goal(goal.id), changed

    def set_goal_status(self, ref: str, status: GoalStatus | str, note: str | None = None) -> Goal:
        goal = self.goal(ref)
        status = status if isinstance(status, GoalStatus) else GoalStatus.parse(status)
        if status == goal.status:
            raise BadValue(f"Goal '{goal.title}' is already {status.value}.")
        with write_tx(self.conn):
            goal_rows.set_status(self.conn, goal, status, self.clock.now(), note.strip() if note else None)
        return self.goal(goal.id)

    def close_goal(self, ref: str, status: GoalStatus | str, note: str | None = None) -> Goal:
        status = status if isinstance(status, GoalStatus) else GoalStatus.parse(status)
        if not status.closed:
            raise BadValue("A goal closes as achieved or abandoned.")
        return self.set_goal_status(ref, status, note)

    def add_milestone(self, goal_ref: str, title: str, due: str | None = None) -> Milestone:
        goal = self.goal(goal_ref)
        clean = clean_title(title)
        if not clean:
            raise BadValue("A milestone needs a title.")
        milestone = Milestone(new_id(), goal.id, clean, self.day(due) if due else None)
        with write_tx(self.conn):
            goal_rows.add_milestone(self.conn, milestone, self.clock.now())
        return milestone

    def milestone_done(self, goal_ref: str, milestone_ref: str, on: str | None = None) -> Milestone:
        goal = self.goal(goal_ref)
        milestone = goal_rows.resolve_milestone(self.conn, goal.id, milestone_ref)
        done_on = self.day(on) if on else self.today()
        with write_tx(self.conn):
            goal_rows.set_milestone_done(self.conn, milestone.id, done_on)
        return replace(milestone, done_on=done_on)

    # ----------------------------------------------------------- mentorships
    def add_mentorship(self, mentor: str, *, focus: str = "", since: str | None = None,
                       check_in_every: int | None = None, agreements: str = "") -> Mentorship:
        name = clean_title(mentor)
        if not name:
            raise BadValue("A mentorship needs the mentor's name.")
        _positive(check_in_every, "--check-in-every")
        m = Mentorship(
            id=new_id(), mentor=name, focus=focus.strip(),
            started_on=self.day(since) if since else self.today(), agreements=agreements,
            check_in_every=check_in_every, created_at=self.clock.now(),
        )
        with write_tx(self.conn):
            mentorship_rows.insert(self.conn, m)
        return self.mentorship(m.id)

    def mentorship(self, ref: str) -> Mentorship:
        return mentorship_rows.get(self.conn, mentorship_rows.resolve(self.conn, ref))

    def mentorships(self) -> list[Mentorship]:
        return mentorship_rows.all_mentorships(self.conn)

    def mentorship_goals(self, mentorship_id: str) -> list[Goal]:
        return [g for g in goal_rows.all_goals(self.conn) if g.mentorship == mentorship_id]

    def close_mentorship(self, ref: str, on: str | None = None) -> Mentorship:
        m = self.mentorship(ref)
        if m.status == MentorshipStatus.CLOSED:
            raise BadValue(f"The mentorship with {m.mentor} is already closed.")
        m.status, m.closed_on = MentorshipStatus.CLOSED, self.day(on) if on else self.today()
        with write_tx(self.conn):
            mentorship_rows.update(self.conn, m)
        return self.mentorship(m.id)

    # ---------------------------------------------------------------- drafts
    def save_draft(self, draft: Draft) -> int:
        """Checkpoint compose state; returns the draft id to pass back next time."""
        draft = replace(draft, updated_at=self.clock.now(), pid=os.getpid())
        with write_tx(self.conn):
            return draft_rows.save(self.conn, draft)

    def drafts(self) -> list[Draft]:
        return draft_rows.all_drafts(self.conn)

    def discard_draft(self, draft_id: int) -> None:
        with write_tx(self.conn):
            draft_rows.delete(self.conn, draft_id)

    # ---------------------------------------------------------------- upkeep
    def backup(self, target: Path) -> Path:
        return backup_to(self.conn, target)

    def data_version(self) -> int:
        """Changes whenever another connection commits (for refreshing views)."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def unoffered_drafts(self) -> list[Draft]:
        """Drafts not yet offered for recovery, skipping those a live other process still holds."""
        return [d for d in draft_rows.unoffered(self.conn) if not self.held_elsewhere(d.pid)]

    def mark_draft_offered(self, draft_id: int) -> None:
        """Record that a draft was offered, so a crash while showing it cannot loop."""
        with write_tx(self.conn):
            draft_rows.mark_offered(self.conn, draft_id)

    def draft(self, draft_id: int) -> Draft | None:
        return draft_rows.get(self.conn, draft_id)

    @staticmethod
    def held_elsewhere(pid: int | None) -> bool:
        """True when `pid` is another process that is still running (its draft is live)."""
        from journal.process import pid_alive

        return pid != os.getpid() and pid_alive(pid)

    # -------------------------------------------------------------- timeline
    def timeline(self, goal: str | None = None, *, mentorship: str | None = None, tag: str | None = None,
                 gap_days: int = 14) -> tuple[str, list]:
        """A title ("Goal: Public speaking") and the TimelineEvents of a goal, a mentorship
        (all its goals), a tag, or the whole journal (nothing given). `tag` also narrows a
        goal or mentorship timeline to entries with that tag."""
        from journal.domain.timeline import build_timeline
        from journal.store import timeline as timeline_rows

        if goal and mentorship:
            raise BadValue("Give a goal or --mentorship, not both.")
        if gap_days < 1:
            raise BadValue("--gap-days must be a whole number of days above 0.")
        tag_value = None
        if tag is not None:
            tags = normalise_tags([tag])
            if len(tags) != 1:
                raise BadValue("Give one tag, e.g. --tag speaking.")
            tag_value = tags[0]
        planned: list[tuple[date, str]] = []
        if goal:
            chosen = [self.goal(goal)]
            title = f"Goal: {chosen[0].title}"
            found = timeline_rows.entries(self.conn, goal_ids=(chosen[0].id,), tag=tag_value)
        elif mentorship:
            m = self.mentorship(mentorship)
            chosen = [goal_rows.get(self.conn, g.id) for g in self.mentorship_goals(m.id)]
            title = f"Mentorship with {m.mentor}"
            found = timeline_rows.entries(
                self.conn, goal_ids=tuple(g.id for g in chosen), mentorship_id=m.id, tag=tag_value)
            if m.next_meeting_on and m.status == MentorshipStatus.ACTIVE:
                planned.append((m.next_meeting_on, f"Meeting with {m.mentor}"))
        elif tag_value is not None:
            chosen, title = [], "Whole journal"
            found = timeline_rows.entries(self.conn, tag=tag_value)
        else:
            chosen = [goal_rows.get(self.conn, g.id) for g in goal_rows.all_goals(self.conn)]
            title = "Whole journal"
            found = timeline_rows.entries(self.conn)
            planned = [(m.next_meeting_on, f"Meeting with {m.mentor}") for m in self.mentorships()
                       if m.next_meeting_on and m.status == MentorshipStatus.ACTIVE]
        if tag_value is not None:
            title = f"{title} · #{tag_value}" if (goal or mentorship) else f"Tag: #{tag_value}"
        events = build_timeline(found, chosen, today=self.today(), gap_days=gap_days,
                                tz=self.clock.zone, planned_meetings=planned)
        return title, events

    def mentorship_meeting(self, ref: str, next_on: str | None = None) -> Mentorship:
        """Record the next meeting's date: `next_on` as typed, else today + the check-in rhythm."""
        from datetime import timedelta

        m = self.mentorship(ref)
        if m.status == MentorshipStatus.CLOSED:
            raise BadValue(f"The mentorship with {m.mentor} is closed; it has no next meeting.")
        if next_on:
            day = self.day(next_on)
        elif m.check_in_every:
            day = self.today() + timedelta(days=m.check_in_every)
        else:
            raise BadValue("Give the next meeting's date with --next WHEN (e.g. --next 'next tuesday').")
        if day < self.today():
            raise BadValue(f"The next meeting cannot be in the past ({day.isoformat()}). Pick today or later.")
        m.next_meeting_on = day
        with write_tx(self.conn):
            mentorship_rows.update(self.conn, m)
        return self.mentorship(m.id)

    # ---------------------------------------------------- backups and doctor
    def default_backup_path(self) -> Path:
        """`<journal folder>/backups/<name>-<UTC stamp>.db` (the folder auto-backups rotate in)."""
        from journal.store import upkeep

        return upkeep.backup_name(self.path, self.clock.now())

    def auto_backup(self) -> Path | None:
        """Before the first write of a process: a daily backup, keeping the newest N.

        The hot path is one listdir when today's backup exists. Config: `[backup] daily`
        (default true) and `keep` (default 7). A backup that cannot be written (full disk,
        read-only folder) never blocks the write itself; `journal doctor` reports its age.
        """
        if getattr(self, "_auto_backup_checked", False):
            return None
        self._auto_backup_checked = True
        from journal.store import upkeep

        now = self.clock.now()
        if upkeep.has_recent_backup(self.path, now):
            return None
        daily, keep, _ = upkeep.backup_settings(config.read_config())
        if not daily:
            return None
        from journal.domain.errors import StorageError

        damaged = StorageError(f"The journal {self.path} is damaged; nothing was written. "
                               "Run `journal doctor` and restore a backup.")
        try:
            made = backup_to(self.conn, upkeep.backup_name(self.path, now))
        except sqlite3.Error as exc:
            name = getattr(exc, "sqlite_errorname", "") or ""
            if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in str(exc):
                raise damaged from None
            return None
        except OSError:
            return None
        except StorageError as exc:  # the copy failed its integrity check: the journal is damaged
            if "integrity" in str(exc):
                raise damaged from None
            return None
        upkeep.rotate(self.path, keep)
        return made

    @classmethod
    def doctor(cls, path: str | os.PathLike[str] | None = None, *, clock: Clock | None = None,
               full: bool = False, fix_perms: bool = False) -> tuple[Path, list]:
        """Health report of the journal at `path` (read-only unless `fix_perms`): (path, [Check])."""
        from journal.store import upkeep

        chosen, _ = config.db_path(path)
        clock = clock or Clock()
        if not chosen.exists():
            return chosen, [upkeep.Check("file", "fail", f"no journal at {chosen}. Run `journal init`.")]
        if chosen.is_dir() or chosen.stat().st_size == 0:
            kind = "a folder" if chosen.is_dir() else "empty"
            return chosen, [upkeep.Check("file", "fail", f"{chosen} is {kind}, not a journal")]
        checks = upkeep.permissions(chosen, fix=fix_perms)
        try:
            conn = upkeep.open_for_inspection(chosen)
        except sqlite3.Error as exc:
            checks.insert(0, upkeep.Check("file", "fail", str(upkeep.storage_error(exc, chosen))))
            return chosen, checks
        try:
            found = [upkeep.integrity(conn, full=full)]
            found.append(upkeep.schema(conn))
            if found[0].status == "ok" and found[1].status in ("ok", "info"):
                found += [upkeep.foreign_keys(conn), upkeep.fts(conn), upkeep.dead_pid_drafts(conn),
                          upkeep.against_newest_backup(conn, chosen)]
        finally:
            conn.close()
        found += checks
        found += [upkeep.backup_report(chosen, clock.now()), upkeep.leftovers(chosen), upkeep.config_report()]
        found = [check for check in found if check is not None]
        return chosen, found

    @classmethod
    def restore_backup(cls, source: str | os.PathLike[str], path: str | os.PathLike[str] | None = None, *,
                       clock: Clock | None = None) -> tuple[Path, Path | None, int]:
        """Replace the journal with a verified backup: (journal path, where the old one was kept, entries)."""
        from journal.store import upkeep

        chosen, _ = config.db_path(path)
        source = Path(source).expanduser()
        count = upkeep.verify_backup(source)
        if source.resolve() == chosen.resolve():
            raise BadValue("That is the journal itself, not a backup of it.")
        kept = upkeep.restore(source, chosen, (clock or Clock()).now())
        return chosen, kept, count


    # ------------------------------------------------------------ reflection
    def due(self, quiet_days: int | None = None) -> list[Due]:
        """What asks for attention today: foresight to revisit, reviews, check-ins, quiet goals."""
        today = self.today()
        if quiet_days is None:
            quiet_days = int(config.read_config().get("nudges", {}).get("quiet_days", 14))
        items = [
            Due("foresight", e.id, summary(e.title, e.body, 60), e.revisit_on, (today - e.revisit_on).days)
            for e in (self.entry(i) for i in reflection_rows.open_foresight(self.conn, today))
        ]
        goal_check_ins = reflection_rows.last_goal_check_ins(self.conn)
        for item in self.goals((GoalStatus.ACTIVE,)):
            goal = item.goal
            started = goal.created_at.astimezone(self.clock.tzinfo).date()
            last = date.fromisoformat(goal_check_ins[goal.id]) if goal.id in goal_check_ins else started
            found = cadence_due("review", goal.id, goal.title, last, goal.review_every, today)
            quiet = quiet_due(goal.id, goal.title, item.last_entry or started, quiet_days, today)
            items += [d for d in (found, quiet) if d]
        mentor_check_ins = reflection_rows.last_mentorship_check_ins(self.conn)
        for m in self.mentorships():
            if m.status != MentorshipStatus.ACTIVE:
                continue
            last = date.fromisoformat(mentor_check_ins[m.id]) if m.id in mentor_check_ins else m.started_on
            if found := cadence_due("check-in", m.id, m.mentor, last, m.check_in_every, today):
                items.append(found)
            if m.next_meeting_on and m.next_meeting_on <= today:
                items.append(Due("meeting", m.id, m.mentor, m.next_meeting_on, (today - m.next_meeting_on).days))
        return items

    def streaks(self) -> tuple[int, int]:
        """(current, longest) runs of consecutive days with an entry."""
        return count_streaks(reflection_rows.entry_days(self.conn), self.today())

    # ------------------------------------------------------- export / import
    def export_journal(self, fmt: str, write, *, include_private: bool = False) -> tuple[int, int]:
        """Stream the whole journal as json, markdown or html through `write(str)`.

        Trash and drafts are never exported, private entries only when asked. Returns
        (entries written, private entries left out). `exported_at` comes from the clock.
        """
        from journal.io import documents, own_json
        from journal.store import transfer
        from journal.store.entries import utc_text

        stamp = utc_text(self.clock.now())
        left_out = 0 if include_private else transfer.count_left_out(self.conn)
        if fmt == "json":
            written = own_json.write_json(
                write, stamp, transfer.mentorships(self.conn), transfer.goals(self.conn),
                transfer.iter_entries(self.conn, include_private=include_private))
        elif fmt in ("markdown", "html"):
            render = documents.write_markdown if fmt == "markdown" else documents.write_html
            goals = transfer.goals(self.conn)
            written = render(write, stamp, transfer.iter_entries(self.conn, include_private=include_private, by_day=True),
                             goals, {g["id"]: g["title"] for g in goals})
        else:
            raise BadValue(f"Unknown export format '{fmt}': use json, markdown or html.")
        return written, left_out

    def import_file(self, path: str | os.PathLike[str], source: str = "auto", *, dry_run: bool = False):
        """Import one export file (ours, jrnl, Day One) in one transaction; returns an ImportReport.

        Known rows are updated in place (by id, or by source id for other apps), never
        replaced. With `dry_run` everything runs and is rolled back.
        """
        from journal.domain.errors import MalformedInput
        from journal.io.common import ImportReport, fail
        from journal.io.importers import read_batch
        from journal.store import transfer

        file = Path(path)
        batch = read_batch(file, source, self.clock.zone)
        if not dry_run:
            self.auto_backup()  # an import may be the day's first and largest write
        report = ImportReport(str(file), batch.source, repaired=batch.repaired, rejected=batch.rejected,
                              media=batch.media, notes=list(batch.notes), dry_run=dry_run)

        class _DryRun(Exception):
            pass

        try:
            with write_tx(self.conn), contextlib.ExitStack() as bulk:
                self.conn.execute("PRAGMA defer_foreign_keys = ON")
                for row in batch.mentorships:
                    outcome = transfer.upsert_mentorship(self.conn, row)
                    report.mentorships[outcome] += 1
                for i, row in enumerate(batch.goals):
                    if row["mentorship_id"] and not self.conn.execute(
                            "SELECT 1 FROM mentorships WHERE id = ?", (row["mentorship_id"],)).fetchone():
                        raise fail(file, f"goals[{i}].mentorship_id", "no such mentorship in the file or journal")
                    report.goals[transfer.upsert_goal(self.conn, row)] += 1
                goal_ids = transfer.existing_ids(self.conn, "goals")
                mentorship_ids = transfer.existing_ids(self.conn, "mentorships")
                pending: list[dict] = []
                bulk_on = False
                # batch.entries may be a generator (a streamed file): rows are written in
                # chunks; from the first full chunk on, the FTS triggers are off and the
                # index is rebuilt once at the end, inside this transaction.
                for i, row in enumerate(batch.entries):
                    if row["source"] in ("jrnl", "dayone") and batch.source != "json":
                        report.count(transfer.upsert_external(self.conn, row | {"id": new_id()}))
                        continue
                    unknown = [g for g in row["goals"] if g not in goal_ids]
                    if unknown:
                        raise fail(file, f"entries[{i}].goals", "links to a goal not in the file or journal")
                    if row["mentorship_id"] and row["mentorship_id"] not in mentorship_ids:
                        raise fail(file, f"entries[{i}].mentorship_id", "no such mentorship in the file or journal")
                    pending.append(row)
                    if len(pending) >= transfer.BULK_MIN_ENTRIES:
                        if not bulk_on:
                            bulk.enter_context(transfer.bulk_search_rebuild(self.conn))
                            bulk_on = True
                        for outcome in transfer.upsert_entries(self.conn, pending):
                            report.count(outcome)
                        pending = []
                for outcome in transfer.upsert_entries(self.conn, pending):
                    report.count(outcome)
                report.repaired, report.rejected = batch.repaired, batch.rejected
                report.notes = list(batch.notes)
                if transfer.dangling_links(self.conn):
                    raise fail(file, "entries", "an `answers` link points to an entry not in the file or journal")
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        except sqlite3.IntegrityError:
            raise MalformedInput(f"Import failed: {file.name}: a value breaks the journal's rules "
                                 "(duplicate id or source id, or an invalid field). Nothing was imported.") from None
        return report

    # --------------------------------------------------------- retrospective
    def retrospective(self, goal: str | None = None, *, mentorship: str | None = None,
                      include_private: bool = False, exclude: tuple[str, ...] = ()):
        """The closure retrospective (domain.retrospective.Retrospective) of a goal, or of a
        mentorship with all its goals and the entries filed under it. `exclude`: entry ids or
        prefixes to leave out; private entries only with `include_private`."""
        from journal.domain.retrospective import build_retrospective
        from journal.prompts import load_library

        if goal and mentorship:
            raise BadValue("Give a goal or --mentorship, not both.")
        if not goal and not mentorship:
            raise BadValue("Name a goal (`journal retro GOAL`) or a mentorship (`--mentorship M`).")
        excluded = tuple(dict.fromkeys(self.entry(ref).id for ref in exclude if ref.strip()))
        if goal:
            subject = self.goal(goal)
            chosen = [subject]
            found = self.entries(EntryFilter(goals=(subject.id,)))
        else:
            subject = self.mentorship(mentorship)
            chosen = sorted((self.goal(g.id) for g in self.mentorship_goals(subject.id)),
                            key=lambda g: (g.created_at is None, g.created_at, g.title.casefold()))
            found = self.entries(EntryFilter(mentorship=subject.id))
            for g in chosen:
                found += self.entries(EntryFilter(goals=(g.id,)))
        prompts = [p.text for p in load_library().sets.get("closure", [])]
        return build_retrospective(
            subject, chosen, found, today=self.today(), tz=self.clock.zone, closure_prompts=prompts,
            include_private=include_private, exclude_ids=excluded,
            mentors={m.id: m.mentor for m in self.mentorships()},
        )

    # ------------------------------------------------------- closure / looking back
    def close_with_answers(self, answers: list[EntryInput], *, goal: str | None = None,
                           status: GoalStatus | str | None = None, note: str | None = None,
                           mentorship: str | None = None) -> list[Entry]:
        """Write the closure conversation (each `EntryInput` as a kind=closure entry, drafts
        dropped) and close the goal (achieved/abandoned, with `note`) or the mentorship, all
        in one transaction: either everything is saved or nothing is."""
        if bool(goal) == bool(mentorship):
            raise BadValue("Close a goal or a mentorship (one of them).")
        prepared = []
        for data in answers:
            data = replace(data, kind=Kind.CLOSURE)
            entry = self._prepare(data)
            entry.body = normalise_body(data.body)
            prepared.append((entry, data.draft_id))
        now = self.clock.now()
        if goal:
            subject = self.goal(goal)
            chosen = status if isinstance(status, GoalStatus) else GoalStatus.parse(status or "")
            if not chosen.closed:
                raise BadValue("A goal closes as achieved or abandoned.")
            if subject.status == chosen:
                raise BadValue(f"Goal '{subject.title}' is already {chosen.value}.")
        else:
            subject = self.mentorship(mentorship)
            if subject.status == MentorshipStatus.CLOSED:
                raise BadValue(f"The mentorship with {subject.mentor} is already closed.")
            subject.status, subject.closed_on = MentorshipStatus.CLOSED, self.today()
        self.auto_backup()
        with write_tx(self.conn):
            for entry, draft_id in prepared:
                entry_rows.insert(self.conn, entry)
                if draft_id is not None:
                    draft_rows.delete(self.conn, draft_id)
            if goal:
                goal_rows.set_status(self.conn, subject, chosen, now, note.strip() if note and note.strip() else None)
            else:
                mentorship_rows.update(self.conn, subject)
        return [self.entry(entry.id) for entry, _ in prepared]

    def lens_days(self, days: int = 371) -> dict[date, dict[str, int]]:
        """Entries per lens for each day of the last `days` days (today included)."""
        from datetime import timedelta

        return reflection_rows.lens_counts_by_day(self.conn, self.today() - timedelta(days=days - 1))


def _positive(value: int | None, option: str) -> None:
    if value is not None and value <= 0:
        raise BadValue(f"{option} must be a whole number of days above 0.")
