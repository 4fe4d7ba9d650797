"""Drafts: compose state checkpointed into the journal, recovered, saved as entries, discarded.

A draft another live process holds (its window is still open and checkpoints into it) is
left alone by every other process. "Holds" is a lock, not a pid: the process that
checkpoints a draft keeps a lock file beside the journal locked for as long as it runs,
and the draft row names it (journal/process.py). The kernel frees the lock when that
process ends, even by SIGKILL, so its drafts become free by themselves; a reused pid
cannot keep them held.
"""

from __future__ import annotations

import builtins
import os
from journal.record import replace

from journal.domain.errors import BadValue, EditConflict, JournalError, NotFound
from journal.domain.entry_fields import entry_version, still, words_version
from journal.domain.model import Draft, Entry, EntryChanges, Lens, draft_of
from journal.domain.text import normalise_body, normalise_tags, shows
from journal.process import holder_alive, holder_token, own_token
from journal.services.constants import OPEN_ELSEWHERE
from journal.services.session import Session
from journal.store import drafts as draft_rows



class Drafts:
    """The drafts of one journal."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def save(self, draft: Draft) -> int:
        """Checkpoint compose state; returns the draft id to pass back next time.

        The row names this process's holder lock (taken on the first checkpoint and kept
        till exit), so other processes leave the draft alone while this one runs.
        """
        holder = holder_token(self.session.path)
        draft = replace(self._pinned(draft), updated_at=self.session.now(), pid=os.getpid())
        with self.session.write() as conn:
            return draft_rows.save(conn, draft, holder=holder)

    def _pinned(self, draft: Draft) -> Draft:
        """The draft with its dates as the days they mean now ('yesterday 18:00' -> '2026-11-27
        18:00'): typed words read again when the draft is taken up days later meant other days
        (S361); an empty one (now) is the moment it was kept. What does not read as a date yet
        (being typed) stays as it is."""
        when, revisit = draft.when, draft.revisit
        try:
            if when and when.strip():
                read = self.session.when(when)
                when = read.day.isoformat() + (f" {read.time}" if read.time else "")
            elif draft.entry_id is None:  # "now": when it was being written, not when it is taken up
                now = self.session.now()
                when = f"{now.date().isoformat()} {now.strftime('%H:%M')}"
        except JournalError:
            pass
        try:
            if revisit and revisit.strip():
                revisit = self.session.ahead(revisit).isoformat()
        except JournalError:
            pass
        return replace(draft, when=when, revisit=revisit)

    def keep_form(self, title: str, texts: dict[str, str]) -> int | None:
        """What was typed in a form that keeps no draft as it goes (a goal's, the vision, an
        agreement…) when the app is stopped before it could ask (a signal, the window closed, a
        crash): a draft with a heading per field, offered at the next start (S360). None when
        nothing was typed; the same text kept before is not kept twice."""
        texts = {label: text for label, text in texts.items() if text.strip()}
        if not texts:
            return None
        with self.session.write() as conn:
            return draft_rows.keep_headed(conn, texts, title=title, at=self.session.now())

    def let_go(self, draft_id: int) -> None:
        """This process closed the window that held the draft (the text kept as a draft): other
        windows and `journal drafts` may take it up now, while this one still runs (S259)."""
        with self.session.write() as conn:
            draft_rows.let_go(conn, draft_id, own_token())

    def list(self) -> list[Draft]:
        return draft_rows.all_drafts(self.session.conn)

    def get(self, draft_id: int) -> Draft | None:
        return draft_rows.get(self.session.conn, draft_id)

    def completed(self, draft: Draft) -> Draft:
        """`draft` with the flags it left unset (star, privacy, kind) taken from the entry it edits.

        Drafts kept before every typed field was recorded (m004) know only the text, lens,
        title, tags, goals and date; continuing one must not unstar the entry it edits.
        """
        if not draft.entry_id or None not in (draft.starred, draft.private, draft.kind):
            return draft
        try:
            entry = self.session.entry(draft.entry_id)
        except NotFound:  # deleted for good since: it becomes a new entry
            return draft
        return replace(draft, starred=entry.starred if draft.starred is None else draft.starred,
                       private=entry.private if draft.private is None else draft.private,
                       kind=entry.kind if draft.kind is None else draft.kind)

    def differences(self, draft: Draft) -> builtins.list[str] | None:
        """What saving `draft` over the entry it edits would change there, in words ('text',
        'title', 'star', 'private'...): a conflict's draft whose text is the winner's carried its
        star or its privacy unseen (S475). None: it edits no entry here (it becomes a new one)."""
        if not draft.entry_id:
            return None
        try:
            entry = self.session.entry(draft.entry_id)
        except NotFound:
            return None
        draft = self.completed(draft)
        when = entry.day.isoformat() + (f" {entry.time}" if entry.time else "")
        revisit = entry.revisit_on.isoformat() if entry.revisit_on else None
        pairs = (
            ("text", normalise_body(draft.body) if shows(draft.body) else "", entry.body),
            ("title", draft.title or "", entry.title or ""),
            ("lens", str(draft.lens), str(entry.lens)), ("date", draft.when or when, when),
            ("tags", set(normalise_tags(list(draft.tags))), set(entry.tags)),
            ("goals", set(draft.goals), {g.id for g in entry.goals}),
            ("star", bool(draft.starred), entry.starred), ("private", bool(draft.private), entry.private),
            ("kind", str(draft.kind), str(entry.kind)), ("mentorship", draft.mentorship, entry.mentorship),
            ("revisit", draft.revisit, revisit), ("details", dict(draft.details or {}), dict(entry.details)),
        )
        return [name for name, mine, theirs in pairs if mine != theirs]

    def find(self, draft_id: int) -> Draft:
        """The draft numbered `draft_id`, or NotFound naming where the numbers are."""
        draft = self.get(draft_id)
        if draft is None:
            raise NotFound(f"No draft {draft_id}. See `journal drafts` for the numbers.")
        return draft

    def discard(self, draft_id: int) -> None:
        with self.session.write() as conn:
            draft_rows.delete(conn, draft_id)

    def unoffered(self) -> builtins.list[Draft]:  # `list` here is the method above
        """Drafts not yet offered for recovery, skipping those a live other process still holds."""
        return [d for d in draft_rows.unoffered(self.session.conn) if not self.held_elsewhere(d)]

    def mark_offered(self, draft_id: int) -> None:
        """Record that a draft was offered, so a crash while showing it cannot loop."""
        with self.session.write() as conn:
            draft_rows.mark_offered(conn, draft_id)

    def held_elsewhere(self, draft: Draft) -> bool:
        """True when another process that is still running has this draft open.

        That is: the row names a holder other than this process, and that holder's lock
        file is locked right now. A free lock means its process is gone (its file is then
        deleted); a draft with no holder (kept by a finished edit, or written before
        holders existed) is free.
        """
        if draft.id is None:
            return False
        token = draft_rows.holder(self.session.conn, draft.id)
        return token != own_token() and holder_alive(self.session.path, token)

    def ensure_free(self, draft: Draft, verb: str) -> None:
        """Refuse to `verb` a draft another running window holds."""
        if self.held_elsewhere(draft):
            raise JournalError(f"Draft {draft.id} is {OPEN_ELSEWHERE} (process {draft.pid}); "
                               f"finish it there, or close that window, then {verb} it.")

    def save_as_entry(self, draft_id: int, *, as_new: bool = False) -> tuple[Entry, bool]:
        """Save a draft as a new entry, or apply it to the entry it edits: (entry, applied).

        The entry is written and the draft deleted in one transaction. If the entry changed
        since the draft began, nothing is overwritten (EditConflict); saving the same draft
        again then applies it over that newer version.
        """
        from journal.services.entries import Entries

        draft = self.find(draft_id)
        self.ensure_free(draft, "save")
        if not shows(draft.body):  # all its text erased: no entry to make, and the one it edits stays (S551)
            raise BadValue(f"Draft {draft.id} has no text, so there is nothing to save; the entry it edits "
                           f"is unchanged. `journal drafts discard {draft.id}` removes it.")
        entries = Entries(self.session)
        if draft.entry_id and not as_new:
            target = entries._stored(draft.entry_id)
            if target is not None and target.deleted_at is not None:  # a purge would take the text with it (S166)
                raise JournalError(f"Entry {target.short_id} is in the trash; the draft is kept. `journal restore "
                                   f"{target.short_id}` brings it back, then `journal drafts save {draft.id}` "
                                   f"applies the draft (or `--as-new` saves it as an entry of its own).")
            # a draft that lost to the version there now goes over it on purpose: that version is
            # kept as a draft in turn (S502)
            entry, _ = entries.edit(draft.entry_id, EntryChanges.whole(
                draft, draft_id=draft.id, expected_version=draft.base, claim_draft=True,
                keep_replaced=draft.lost_to is not None and target is not None and still(target, draft.lost_to)))
            return entry, True
        return entries.write(replace(draft, entry_id=None), claim_draft=True), False


def keep_edit_as_draft(session: Session, entry_id: str, current: Entry | None, new: Entry | None,
                       changes: EntryChanges) -> EditConflict:
    """Save a stale edit as a draft (inside the caller's transaction); the error to raise after commit."""
    if new is not None:
        draft = draft_of(new)
    elif changes.body is not None:  # purged for good: what the edit carried becomes a new entry's draft
        lens = changes.lens if isinstance(changes.lens, Lens) else Lens.parse(changes.lens or "hindsight")
        draft = Draft(
            body=normalise_body(changes.body), lens=lens,
            title=changes.title or "", tags=normalise_tags(changes.tags or []),
            goals=tuple(changes.goals or ()), when=changes.when or "",
            starred=bool(changes.starred), private=bool(changes.private),
        )
    else:
        raise NotFound(f"No entry {entry_id[:8]}: it was deleted for good. See `journal list` for ids.")
    # No holder (nor pid): no window has this draft open, so `journal drafts` and the UI may take it up now.
    short = current.short_id if current is not None else entry_id[:8]
    reason = "deleted" if current is None else "trashed" if current.deleted_at else "changed"
    # Saving this draft later goes over the version seen now, and only that one. After a trash
    # the person restores the entry first, which stamps it anew: then over what it says now (S166).
    base = None if current is None else entry_version(current) if reason == "changed" else words_version(current)
    draft = replace(draft, id=changes.draft_id, updated_at=session.now(), pid=None, base=base,
                    lost_to=base if reason == "changed" else None)
    n = draft_rows.save(session.conn, draft)
    message = {
        "changed": f"Entry {short} was changed elsewhere while you were editing it, so it was not "
                   f"overwritten; your version is kept as draft {n}: `journal drafts show {n}` prints it, "
                   f"`journal drafts save {n}` applies it over the other version (kept as a draft in turn).",
        "trashed": f"Entry {short} was moved to the trash while you were editing it; your version is kept "
                   f"as draft {n}: `journal restore {short}` brings the entry back, then "
                   f"`journal drafts save {n}` applies it.",
        "deleted": f"Entry {short} was deleted for good while you were editing it; your version is kept "
                   f"as draft {n}: `journal drafts save {n}` makes it a new entry.",
    }[reason]
    return EditConflict(message, entry_id=entry_id, draft_id=n, reason=reason)
