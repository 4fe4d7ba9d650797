"""Entries: write, edit, read, filter, search, trash and purge.

Front ends hand in what the person typed (strings for dates, goal names, lenses); this
service validates it, resolves references, and writes in one transaction.
"""

from __future__ import annotations

import builtins
from journal.record import record, replace
from datetime import date
from pathlib import Path

from journal.domain.entry_fields import entry_version, still
from journal.domain.errors import BadValue, NotFound, StillIndexing, StorageError
from journal.domain.model import (
    Draft, Entry, EntryChanges, EntryFilter, EntryInput, GoalRef, Kind, Lens, draft_of,
)
from journal.domain.entry_details import AREA_KEYS, FEEDBACK_KEYS, check_details, ratings_words
from journal import config
from journal.domain.text import clean_title, inline_tags, normalise_body, normalise_tags, plural
from journal.services.session import Session
from journal.store import drafts as draft_rows
from journal.store import engine
from journal.store import entries as entry_rows
from journal.store import goals as goal_rows
from journal.store import mentorships as mentorship_rows


@record
class Purged:
    """What `Entries.purge` removed: entries, and the rotating backups scrubbed of them."""

    removed: int
    backups_scrubbed: int
    backups_failed: list[Path]
    drafts: tuple[int, ...] = ()
    """Drafts that edited a purged entry: unsaved text of their own, kept (K92), named (S341)."""


@record(frozen=True)
class EntryLinks:
    """What an entry links to, as a reader wants it named (the entry itself holds only ids)."""

    mentor: str | None = None
    """The mentor's name of the mentorship the entry belongs to."""
    answers: Entry | None = None
    """A hindsight answer: the foresight entry (or feedback follow-up) it answers (None: none,
    or purged since)."""
    answered_by: Entry | None = None
    """A foresight entry or a feedback follow-up: the first live entry that answers it (None:
    not answered yet)."""


def follow_up(entry: Entry) -> str | None:
    """What a feedback entry says will be tried (its follow-up), else None."""
    return entry.details.get("follow_up") if entry.kind == Kind.FEEDBACK else None


def answerable(entry: Entry) -> bool:
    """An entry a hindsight entry can answer: foresight, or feedback with a follow-up."""
    return entry.lens == Lens.FORESIGHT or follow_up(entry) is not None


def details_line(entry: Entry, *, brief: bool = False) -> str:
    """An entry's details as one line of words ("" when it has none): `Check-in: goals good (4),
    relationship mixed (3)`; `Feedback from Dana — asked: … — will try: … by 2026-12-07`.
    `brief` (a list row) leaves out what was asked. User text: make it safe for the screen."""
    if entry.kind == Kind.CHECK_IN and (words := ratings_words(entry.details)):
        return f"Check-in: {words}"
    if entry.kind != Kind.FEEDBACK or not entry.details:
        return ""
    d = entry.details
    line = "Feedback" + (f" from {d['from']}" if d.get("from") else "")
    if d.get("asked") and not brief:
        line += f" — asked: {d['asked']}"
    if d.get("follow_up"):
        tried = d["follow_up"] if not brief or len(d["follow_up"]) <= 40 else d["follow_up"][:39].rstrip() + "…"
        line += f" — will try: {tried}"
        if entry.revisit_on is not None:
            line += f" by {entry.revisit_on.isoformat()}"
    return line


def revisit_dropped(lens_before: Lens, revisit_before: date | None, after: Entry) -> str | None:
    """What an edit away from foresight took with it, in words: its revisit date (only foresight
    keeps one; a feedback entry keeps its follow-up date). None when nothing went (S230)."""
    if lens_before != Lens.FORESIGHT or revisit_before is None or after.revisit_on is not None:
        return None
    return (f"Its revisit date ({revisit_before.strftime('%a %d %b %Y')}) went with the foresight lens: "
            f"only foresight keeps one.")


def with_inline_tags(tags: tuple[str, ...] | list[str], title: str | None, body: str,
                     symbols: str | None = None) -> tuple[str, ...]:
    """`tags` (cleaned) and, after them, the tags typed in the title or text as `#confidence` or
    `@mentoring` (domain/text.inline_tags; the marks of `[tags] symbols`, "#@" unless set, ""
    none). The text is left as typed. What `write` and `edit` keep; an import calls it too."""
    found = inline_tags(f"{title or ''}\n{body}", config.tag_symbols() if symbols is None else symbols)
    return normalise_tags([*tags, *found])


def as_lens(value: Lens | str) -> Lens:
    return value if isinstance(value, Lens) else Lens.parse(value)


def as_kind(value: Kind | str) -> Kind:
    return value if isinstance(value, Kind) else Kind.parse(value)


def _still_fitting(kind: Kind, details: dict[str, object]) -> dict[str, object]:
    """The details an entry keeps when its kind changes to `kind`: those that fit it (a check-in's
    ratings fit no other kind, a feedback entry's fields neither), so usually none."""
    try:
        return check_details(kind, details)
    except BadValue:
        return {}


def _check_comes_after(day: date, back_on: date | None, kind: Kind) -> None:
    """A day to come back to an entry is its day or later: a revisit (or follow-up) before the
    entry was written could never come (S353)."""
    if back_on is not None and back_on < day:
        what = "follow-up date" if kind == Kind.FEEDBACK else "revisit date"
        raise BadValue(f"The {what} {back_on.isoformat()} is before the entry's day, {day.isoformat()}: "
                       f"pick a {what} on or after it.")


def _draft_gone(draft_id: int) -> NotFound:
    return NotFound(f"No draft {draft_id}: it was saved or discarded meanwhile (`journal drafts` lists those left). "
                    "Nothing was written.")


class Entries:
    """The entries of one journal."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # ----------------------------------------------------------------- write
    def prepare(self, data: EntryInput) -> Entry:
        """Resolve and check everything about a new entry except its text."""
        s = self.session
        now = s.now()
        lens = as_lens(data.lens)
        when = s.when(data.when) if data.when else None
        day, time = (when.day, when.time) if when else (now.date(), now.strftime("%H:%M"))
        self._check_future(lens, day)
        kind = as_kind(data.kind or Kind.NOTE)
        details = self._details(kind, data.details)
        goal_refs = s.goal_refs(data.goals)
        revisit = self._revisit(lens, kind, details, data.revisit)
        _check_comes_after(day, revisit, kind)
        return Entry(
            id=s.new_id(), day=day, time=time, tz=s.clock.zone, created_at=now,
            updated_at=now, lens=lens, body="", title=clean_title(data.title),
            starred=bool(data.starred), private=bool(data.private), kind=kind,
            tags=normalise_tags(data.tags), goals=goal_refs,
            mentorship=self._mentorship_for(data.mentorship, goal_refs, day),
            revisit_on=revisit, answers=self._answers(lens, data.answers, day), details=details,
        )

    def validate(self, data: EntryInput) -> None:
        """Raise what `write` would raise for everything but the text."""
        self.prepare(data)

    def write(self, data: EntryInput, *, claim_draft: bool = False) -> Entry:
        """Validate and save a new entry in one transaction; a saved Draft goes in the same one.
        `claim_draft` (`journal drafts save`): the draft must still be there, else nothing is
        written (two saves of one draft at once made two entries: S506)."""
        entry = self.prepare(data)
        entry.body = normalise_body(data.body)
        entry.tags = with_inline_tags(entry.tags, entry.title, entry.body)
        with self.session.writing() as conn:
            entry_rows.insert(conn, entry)
            if isinstance(data, Draft) and data.id is not None:
                if not draft_rows.delete(conn, data.id) and claim_draft:
                    raise _draft_gone(data.id)
        return self.get(entry.id)

    def edit(self, ref: str, changes: EntryChanges) -> tuple[Entry, bool]:
        """Apply changes to an entry; returns it and whether anything changed.

        The changes are applied to the entry as it is inside the write transaction, so
        a change another window made meanwhile is never silently undone. With
        `changes.expected_version`, an entry that changed since then (or went to the
        trash, or was purged) is left alone and the edit is kept as a draft instead.
        """
        from journal.services.drafts import keep_edit_as_draft

        expected = changes.expected_version
        entry_id = self._edit_target(ref, expected)
        old = self._stored(entry_id)
        if old is not None and changes.draft_id is None and self._applied(old, changes) == old:
            return old, False  # nothing to write (even if stale: the entry already says this)
        conflict = None
        with self.session.writing() as conn:
            # Read again under BEGIN IMMEDIATE: no writer can slip in between this and the update.
            current = self._stored(entry_id)
            if current is None and expected is None:
                raise NotFound(f"No entry {entry_id[:8]}. See `journal list` for ids.")
            new = self._applied(current, changes) if current is not None else None
            stale = expected is not None and (current is None or not still(current, expected))
            changed = new is not None and new != current
            if stale and (current is None or changed):
                conflict = keep_edit_as_draft(self.session, entry_id, current, new, changes)
            else:
                if changed and new is not None:
                    entry_rows.update(conn, new)
                    if changes.keep_replaced and current is not None:  # the version it replaces (S502)
                        version = entry_version(new)
                        replaced = draft_rows.save(conn, replace(draft_of(current, base=version), lost_to=version,
                                                                 updated_at=self.session.now()))
                        self.session.notices.append(
                            f"The version it replaced is kept as draft {replaced} (`journal drafts show {replaced}`).")
                if changes.draft_id is not None:
                    if not draft_rows.delete(conn, changes.draft_id) and changes.claim_draft:
                        raise _draft_gone(changes.draft_id)
        if conflict is not None:
            raise conflict
        return self.get(entry_id), changed

    def _edit_target(self, ref: str, expected: str | None) -> str:
        """The full id `ref` names; for a compare-and-swap edit, a purged id is kept as given."""
        try:
            return entry_rows.resolve(self.session.conn, ref)
        except NotFound:
            if expected is None:
                raise
            return ref

    def _stored(self, entry_id: str) -> Entry | None:
        try:
            return entry_rows.get(self.session.conn, entry_id)
        except NotFound:
            return None

    def _applied(self, old: Entry, changes: EntryChanges) -> Entry:
        """`old` with `changes` resolved and checked; a new updated_at only if something changed."""
        s = self.session
        lens = as_lens(changes.lens) if changes.lens is not None else old.lens
        new = replace(old, lens=lens)
        if changes.body is not None:
            new.body = normalise_body(changes.body)
        if changes.title is not None:
            new.title = clean_title(changes.title)
        if changes.tags is not None:
            new.tags = normalise_tags(changes.tags)
        if changes.body is not None or changes.title is not None or changes.tags is not None:
            new.tags = with_inline_tags(new.tags, new.title, new.body)  # a #tag in the text stays a tag
        if changes.goals is not None:
            new.goals = s.goal_refs(changes.goals)
        if changes.when is not None:
            when = s.when(changes.when)
            new.day, new.time = when.day, when.time
        if changes.starred is not None:
            new.starred = changes.starred
        if changes.private is not None:
            new.private = changes.private
        if changes.kind is not None:
            new.kind = as_kind(changes.kind)
        if changes.details is not None:
            new.details = self._details(new.kind, changes.details)
        elif new.kind != old.kind:
            new.details = _still_fitting(new.kind, old.details)  # a kind changed away drops what no longer fits
        if changes.mentorship is not None:
            new.mentorship = s.mentorship_id(changes.mentorship) if changes.mentorship else None
        if new.mentorship and (changes.mentorship or new.day != old.day):
            self._check_open_on(new.mentorship, new.day)  # within its span, whichever of the two changed
        if new.answers and new.day != old.day:
            self._after_answered(self.get(new.answers), new.day)
        if changes.revisit is not None:
            new.revisit_on = (self._revisit(lens, new.kind, new.details, changes.revisit, old.revisit_on)
                              if changes.revisit else None)
        if lens != Lens.FORESIGHT and not (new.kind == Kind.FEEDBACK and new.details.get("follow_up")):
            new.revisit_on = None  # only foresight and a feedback follow-up keep a date to come back to
        if new.day != old.day or new.lens != old.lens:
            self._check_future(new.lens, new.day)
        if changes.revisit or new.day != old.day:
            _check_comes_after(new.day, new.revisit_on, new.kind)
        if new != old:
            new.updated_at = s.now()
        return new

    def _check_future(self, lens: Lens, day: date) -> None:
        if day > self.session.today() and lens != Lens.FORESIGHT:
            raise BadValue(
                f"Only foresight entries may be dated in the future ({day.isoformat()} is after today): "
                "choose the foresight lens or an earlier date."
            )

    def _revisit(self, lens: Lens, kind: Kind, details: dict[str, object], text: str | None,
                 kept: date | None = None) -> date | None:
        """The day to come back to: a foresight entry's revisit (any day; _check_comes_after keeps
        it on or after the entry's own), or a feedback entry's follow-up date (today or later,
        unless it is the date the entry already has, `kept`)."""
        if not text:
            return None
        if lens == Lens.FORESIGHT:
            return self.session.ahead(text)
        if kind == Kind.FEEDBACK:
            if not details.get("follow_up"):
                raise BadValue("A follow-up date needs a follow-up: say what you will try "
                               "(--follow-up, 'What I will try' in the app), or leave the date out.")
            try:
                return self.session.target_day(text, kept)
            except BadValue as error:  # the target date's rule, in a follow-up's words
                raise BadValue(str(error).replace("target date", "follow-up date")) from None
        raise BadValue("Only foresight entries can have a revisit date: choose the foresight lens "
                       "(-l foresight, F7 in the app).")

    @staticmethod
    def _details(kind: Kind, details: dict[str, object] | None) -> dict[str, object]:
        """Check-in ratings or feedback fields, checked for the entry's kind (empty values dropped)."""
        if details and kind not in (Kind.CHECK_IN, Kind.FEEDBACK):
            given = set(details)
            if given <= set(AREA_KEYS):
                raise BadValue(f"Area ratings belong to check-in entries (this entry's kind is {kind.words}): "
                               "choose the check-in kind (--kind check-in, the Kind field in the app).")
            if given <= set(FEEDBACK_KEYS):
                raise BadValue(f"From, asked and follow-up belong to feedback entries (this entry's kind is "
                               f"{kind.words}): choose the feedback kind (--kind feedback, the Kind field in the app).")
        return check_details(kind, details)

    def _mentorship_for(self, ref: str | None, goal_refs: tuple[GoalRef, ...], day: date) -> str | None:
        """The named mentorship, else the one the first linked goal belongs to. An entry of a
        day after a mentorship ended is never filed under it: its retrospective told of it as
        the mentorship's (its span ran on past the end: S221)."""
        if ref:
            found = self.session.mentorship_id(ref)
            self._check_open_on(found, day)
            return found
        for goal_ref in goal_refs:
            owner = goal_rows.get(self.session.conn, goal_ref.id).mentorship
            if owner and self.filed_under(owner, day):
                return owner
        return None

    def filed_under(self, mentorship_id: str | None, day: date | None = None) -> str | None:
        """`mentorship_id` if an entry of `day` (default today) may be filed under it: it had not
        ended by then (what an answer takes from the entry it answers)."""
        if not mentorship_id:
            return None
        ended = mentorship_rows.get(self.session.conn, mentorship_id).closed_on
        return None if _ended_before(ended, day or self.session.today()) else mentorship_id

    def _check_open_on(self, mentorship_id: str, day: date) -> None:
        m = mentorship_rows.get(self.session.conn, mentorship_id)
        if _ended_before(m.closed_on, day):
            raise BadValue(f"The mentorship with {m.mentor} ended on {m.closed_on}: an entry of {day.isoformat()} "
                           "is not filed under it. Leave the mentorship out, or date the entry by its end.")

    def _answers(self, lens: Lens, ref: str | None, day: date | None = None) -> str | None:
        if not ref:
            return None
        target = self.get(ref)
        if not answerable(target):
            raise BadValue(f"Entry {target.short_id} is not a foresight entry; only foresight (or a feedback "
                           "entry's follow-up) can be answered.")
        if lens != Lens.HINDSIGHT:
            raise BadValue("An answer to a foresight entry is a hindsight entry: choose the hindsight lens "
                           "(-l hindsight, F5 in the app).")
        if day is not None:
            self._after_answered(target, day)
        return target.id

    @staticmethod
    def _after_answered(target: Entry, day: date) -> None:
        """An answer is dated on or after the entry it answers (a retrospective paired "Expected
        20 Oct → Happened 5 Oct": S250)."""
        if day < target.day:
            raise BadValue(f"An answer comes after what it answers: entry {target.short_id} is of "
                           f"{target.day.isoformat()}, the answer of {day.isoformat()}. Date it "
                           f"{target.day.isoformat()} or later (-d).")

    # ------------------------------------------------------------------ read
    def get(self, ref: str) -> Entry:
        """The entry an id or id prefix names (trashed entries included)."""
        return self.session.entry(ref)

    def answered_by(self, entry_id: str) -> Entry | None:
        """The first live entry that answers the foresight entry (or feedback follow-up)
        `entry_id` (a full id); None: nothing answers it (yet)."""
        return entry_rows.answered_by(self.session.conn, entry_id)

    def links(self, entry: Entry) -> EntryLinks:
        """The mentor, the entry answered and the answer that `entry`'s ids point to, by name."""
        mentor = None
        if entry.mentorship:
            try:
                mentor = mentorship_rows.get(self.session.conn, entry.mentorship).mentor
            except NotFound:
                pass
        answers = self._stored(entry.answers) if entry.answers else None
        answered_by = self.answered_by(entry.id) if answerable(entry) else None
        return EntryLinks(mentor, answers, answered_by)

    def list(self, flt: EntryFilter | None = None, limit: int | None = None, offset: int = 0) -> list[Entry]:
        """Entries matching `flt`, newest first."""
        return entry_rows.query(self.session.conn, flt or EntryFilter(), limit, offset)

    def count(self, flt: EntryFilter | None = None) -> int:
        return entry_rows.count(self.session.conn, flt or EntryFilter())

    def search(self, text: str, flt: EntryFilter | None = None, limit: int | None = None,
               prefix_last: bool = False, *, newest: bool = False) -> builtins.list[Entry]:  # `list`: the method
        """Entries that match `text`, best match first (`newest`: newest first). Forgiving: a word
        finds the words it starts, its other forms and, from 3 letters, the words it is part of;
        "quoted words" in that order, OR, NOT or `-word`, emoji as typed (store/search.py).
        `prefix_last`: the last word is a prefix at any length (search as you type).

        Entries a large import left for the search indexer are indexed here first (a session
        that only reads, the TUI's search thread, is refused with StillIndexing and the
        indexer started instead): an answer is never short of an entry."""
        self.index_for_search()
        return entry_rows.search(self.session.conn, text, flt or EntryFilter(), limit, prefix_last, newest=newest)

    def unindexed(self) -> int:
        """Entries a large import left for the search indexer, not searchable yet (store/search_index.py)."""
        from journal.store import search_index

        return search_index.left(self.session.conn)

    def index_for_search(self) -> None:
        """Index what waits for the search indexer, here and now (nothing to do: one small query)."""
        from journal.store import search_index

        s = self.session
        waiting = search_index.left(s.conn)
        if not waiting:
            return
        if s.read_only:
            raise StorageError(f"Search cannot index {waiting:,} imported entries: the journal {s.read_only}. "
                               "Open it where it can be written once, then search.")
        if s.reading:
            search_index.start(s.path, engine.key_of(s.conn))
            raise StillIndexing(waiting)
        search_index.index_all(s.conn)

    def tag_names(self) -> builtins.list[str]:
        """Every tag in use, the most used first (what the TUI's tag field completes from)."""
        from journal.store import completion

        return [tag for tag, _ in completion.tags(self.session.conn, "", -1)]

    def inline_tags(self, text: str) -> tuple[str, ...]:
        """The tags a text holds as typed (`#confidence`, `@mentoring`), by `[tags] symbols`."""
        return inline_tags(text, config.tag_symbols())

    def filter(
        self, *, lens: str | None = None, goals: tuple[str, ...] = (), tags: tuple[str, ...] = (),
        date_from: str | None = None, date_to: str | None = None, on: str | None = None,
        starred: bool = False, kind: str | None = None, mentorship: str | None = None,
        on_this_day: bool = False,
    ) -> EntryFilter:
        """Turn typed filter values into an EntryFilter, resolving names and dates."""
        s = self.session
        flt = EntryFilter(
            lens=Lens.parse(lens) if lens else None,
            kind=Kind.parse(kind) if kind else None,
            tags=normalise_tags(list(tags)),
            goals=tuple(s.goal_id(g) for g in goals),
            mentorship=s.mentorship_id(mentorship) if mentorship else None,
            date_from=s.span(date_from).first if date_from else None,  # a period: its first day
            date_to=s.span(date_to).last if date_to else None,  # … and its last
            starred=starred,
            on_this_day=s.today() if on_this_day else None,
        )
        if on:
            span = s.span(on)  # one day, or a whole period ('june 2013', 'last week')
            flt.date_from, flt.date_to = span.first, span.last
        if flt.date_from and flt.date_to and flt.date_from > flt.date_to:  # never "Nothing found." (S267)
            raise BadValue(f"--from {flt.date_from.isoformat()} is after --to {flt.date_to.isoformat()}: no day is "
                           "between them. Swap the two.")
        return flt

    # ----------------------------------------------------------------- trash
    def delete(self, ref: str) -> Entry:
        """Move an entry to the trash (one already there stays as it is: no new change to sync)."""
        entry = self.get(ref)
        if entry.deleted_at is not None:
            return entry
        with self.session.writing() as conn:
            now = self.session.now()
            entry_rows.set_deleted(conn, entry.id, now, now)
        return self.get(entry.id)

    def restore(self, ref: str) -> Entry:
        """Bring an entry back from the trash."""
        entry = self.get(ref)
        with self.session.writing() as conn:
            entry_rows.set_deleted(conn, entry.id, None, self.session.now())
        return self.get(entry.id)

    def trash(self) -> builtins.list[Entry]:
        return self.list(EntryFilter(trashed=True))

    def purge(self) -> Purged:
        """Delete trashed entries for good: scrubbed from the file (search index, WAL and free
        pages) and from the copies the journal keeps beside it (rotating backups, the backup
        before a migration, the journal kept aside by a restore). Copies made with `journal
        backup FILE` elsewhere are the user's own and are left alone.

        The purge is recorded in its own transaction and the record goes only when every copy
        is scrubbed: a purge killed half-way is finished by the next command (catalogue K81).
        """
        from journal.store import sync as sync_rows

        s = self.session
        with s.writing() as conn:
            drafts = tuple(draft_rows.of_trashed(conn))
            removed = entry_rows.purge(conn, s.now())
            if removed:  # the sync folder's files hold their text: a snapshot replaces them (S160)
                sync_rows.ask_for_snapshot(conn)
        try:
            done = self.finish_purges()
        except StorageError:  # the delete is committed: never "nothing was written" (S288)
            raise StorageError(f"Deleted {plural(len(removed), 'entry', 'entries')} for good, but their text is not "
                               "scrubbed from the journal's file and its copies yet (no space left, or the file "
                               "cannot be written): free some space; the next command finishes it.") from None
        return Purged(len(removed), done.backups_scrubbed, done.backups_failed, drafts)

    def finish_purges(self) -> Purged:
        """Scrub every copy a purge (this one, or one that was killed) has not scrubbed yet."""
        from journal.store import backups

        s = self.session
        pending = entry_rows.pending_scrubs(s.conn)
        if not pending:
            return Purged(0, 0, [])
        backups.compact(s.conn)
        purged = sorted({i for _, ids in pending for i in ids})
        scrubbed, failed = backups.scrub_backups(s.path, purged)
        if not failed:
            with s.write() as conn:
                for record, _ in pending:
                    entry_rows.scrubbed(conn, record)
        return Purged(len(purged), scrubbed, failed)


def _ended_before(ended: date | None, day: date) -> bool:
    """A mentorship that ended on `ended` had ended before `day` (S221)."""
    return ended is not None and day > ended
