"""Choosing a mentor by criteria, not chemistry: shortlists of candidates scored against
must-haves and weighted wants (domain/practice.Shortlist, `rank`).

A shortlist is one document (store/practice.py). Every change reads it inside its write
transaction and saves it there, so a change made meanwhile in another window is built on,
never undone. Choosing a candidate starts a mentorship in the same transaction: the
mentorship, its 'created' and 'chosen' history events, and the shortlist marked as decided.

A decided shortlist keeps its matrix as it was when the choice was made (criteria,
candidates and scores no longer change: they are the record of why); notes of
conversations can still be added, and it can be renamed. Deleting it asks for `chosen_too`:
it is the mentorship's record of how its mentor was chosen.
"""

from __future__ import annotations

import builtins
import shlex
import sqlite3
from collections.abc import Iterable, Sequence
from journal.record import record

from journal.domain.errors import BadValue, NotFound
from journal.domain.model import GoalEvent, Mentorship
from journal.domain.practice import (
    Candidate, Conversation, Criterion, Ranked, Shortlist, check_score, check_weight, clean_item, clean_text, rank,
)
from journal.domain.text import clean_title, plural
from journal.services.goals import check_cadence
from journal.services.session import Session
from journal.store import mentorships as mentorship_rows
from journal.store import practice as practice_rows

CLEAR = ("", "-")
"""A score typed as one of these is taken back (the criterion is unscored again)."""


@record(frozen=True)
class CriterionChange:
    """What `edit_criterion` did: the criterion now, the fields changed, scores taken back."""

    criterion: Criterion
    changed: list[str]
    """Of 'name', 'must', 'weight', in that order."""
    cleared: int
    """Scores taken back because the criterion changed between must-have and want (a want's
    0–5 says nothing about whether a must-have is met, and the other way round)."""

    def said(self, name: str) -> str:
        """One line on it, the criterion shown as `name` (quoted and made safe by the caller)."""
        if not self.changed:
            return "No changes."
        words = {"name": "name", "must": "must-have or want", "weight": "weight"}
        line = f"Changed the {', '.join(words[n] for n in self.changed)} of {name} (now a {self.criterion.kind})."
        if self.cleared:
            line += f" {plural(self.cleared, 'score')} taken back: score them again."
        return line


def chosen_words(shortlist: Shortlist, ranked: Ranked) -> str:
    """How the 'chosen' event of a mentorship reads: "chosen from 3 candidates on the
    shortlist 'Leadership mentor' (ranked 1st, 82%)", and what it was chosen despite."""
    ranked_as = f"ranked {ranked.summary}" if ranked.rated else "not scored"
    words = (f"chosen from {plural(len(shortlist.candidates), 'candidate')} on the shortlist "
             f"'{shortlist.title}' ({ranked_as})")
    if ranked.unmet:
        words += "; chosen although it misses must-have " + ", ".join(f"'{c.name}'" for c in ranked.unmet)
    elif ranked.pending:
        words += "; chosen before must-have " + ", ".join(f"'{c.name}'" for c in ranked.pending) + " was scored"
    return words


class Shortlists:
    """The shortlists of one journal."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # ----------------------------------------------------------------- read
    def of_mentorship(self, mentorship_id: str) -> Shortlist | None:
        """The shortlist whose choice started the mentorship `mentorship_id` (a full id), if any."""
        return practice_rows.shortlist_of(self.session.conn, mentorship_id)

    def list(self) -> list[Shortlist]:
        """Every shortlist, newest first."""
        return practice_rows.shortlists(self.session.conn)

    def get(self, ref: str | None = None) -> Shortlist:
        """The shortlist an id prefix or the start of its title names. Without `ref`: the only
        shortlist, else the only one not decided yet."""
        return self._load(self.session.conn, ref)

    def ranking(self, ref: str | None = None) -> builtins.list[Ranked]:
        """The shortlist's candidates in rank order (domain/practice.rank)."""
        return rank(self.get(ref))

    # ----------------------------------------------------------------- the shortlist
    def new(self, title: str) -> Shortlist:
        """A new, empty shortlist."""
        clean = clean_item(title, "shortlist's title")
        s = self.session
        shortlist = Shortlist(id=s.new_id(), title=clean)
        with s.writing() as conn:
            self._refuse_twin_title(conn, clean)
            self._save(conn, shortlist)
        return self.get(shortlist.id)

    def rename(self, ref: str, title: str) -> Shortlist:
        """A new title (a decided shortlist too: the title only names it)."""
        clean = clean_item(title, "shortlist's title")
        with self.session.writing() as conn:
            shortlist = self._load(conn, ref)
            self._refuse_twin_title(conn, clean, but=shortlist.id)
            shortlist.title = clean
            self._save(conn, shortlist)
        return self.get(shortlist.id)

    def delete(self, ref: str, *, chosen_too: bool = False) -> Shortlist:
        """Delete a shortlist with its matrix and notes. A decided one is the mentorship's
        record of how its mentor was chosen: it goes only with `chosen_too` (the mentorship
        and its history stay)."""
        with self.session.writing() as conn:
            shortlist = self._load(conn, ref)
            self.check_deletable(shortlist, chosen_too=chosen_too)
            practice_rows.delete(conn, shortlist.id)
        return shortlist

    @staticmethod
    def check_deletable(shortlist: Shortlist, *, chosen_too: bool = False) -> None:
        """Refuse a decided shortlist unless `chosen_too` (said before a front end asks whether to
        delete it: a "y" was asked for, then refused, S567)."""
        if shortlist.decided and not chosen_too:
            who = shortlist.chosen_candidate
            name = f" {who.name}" if who else " a mentor"
            raise BadValue(f"The shortlist '{shortlist.title}' chose{name}; it is that mentorship's record of why. "
                           f"Delete it anyway with `journal shortlist delete {shortlist.short_id} --anyway`.")

    # ----------------------------------------------------------------- criteria
    def add_criterion(self, ref: str, name: str, *, must: bool = False,
                      weight: int | str | None = None) -> Criterion:
        """A must-have (`must`: met or not) or a want weighted 1–5 (default 3)."""
        clean = clean_item(name, "criterion")
        if must and weight is not None:
            raise BadValue("A must-have is met or not; it has no weight. Leave the weight out, or make it a want.")
        chosen = check_weight(weight if weight is not None else 3)
        with self.session.writing() as conn:
            shortlist = self._open_matrix(conn, ref)
            self._refuse_twin(shortlist.criteria, clean, "criterion")
            criterion = Criterion(id=self.session.new_id(), name=clean, must=must, weight=chosen)
            shortlist.criteria.append(criterion)
            self._save(conn, shortlist)
        return criterion

    def edit_criterion(self, ref: str, crit: str, name: str | None = None, must: bool | None = None,
                       weight: int | str | None = None) -> CriterionChange:
        """Rename a criterion, make it a must-have or a want, change a want's weight (None
        leaves a field as it is). Changing between must-have and want takes back its scores."""
        clean = clean_item(name, "criterion") if name is not None else None
        chosen = check_weight(weight) if weight is not None else None
        with self.session.writing() as conn:
            shortlist = self._open_matrix(conn, ref)
            criterion = shortlist.criterion(crit)
            will_be_must = criterion.must if must is None else must
            if chosen is not None and will_be_must:
                raise BadValue(f"'{criterion.name}' is a must-have: met or not, with no weight. "
                               "Make it a want to weigh it.")
            changed: builtins.list[str] = []
            if clean is not None and clean != criterion.name:
                self._refuse_twin(shortlist.criteria, clean, "criterion", but=criterion)
                criterion.name = clean
                changed.append("name")
            cleared = 0
            if must is not None and must != criterion.must:
                criterion.must = must
                changed.append("must")
                for candidate in shortlist.candidates:
                    if candidate.scores.pop(criterion.id, None) is not None:
                        cleared += 1
            if chosen is not None and chosen != criterion.weight:
                criterion.weight = chosen
                changed.append("weight")
            if changed:
                self._save(conn, shortlist)
        return CriterionChange(criterion, changed, cleared)

    def remove_criterion(self, ref: str, crit: str) -> Criterion:
        """Remove a criterion and every score against it."""
        with self.session.writing() as conn:
            shortlist = self._open_matrix(conn, ref)
            criterion = shortlist.criterion(crit)
            shortlist.criteria = [c for c in shortlist.criteria if c.id != criterion.id]
            for candidate in shortlist.candidates:
                candidate.scores.pop(criterion.id, None)
            shortlist.removed.append(criterion.id)
            self._save(conn, shortlist)
        return criterion

    # ----------------------------------------------------------------- candidates
    def add_candidate(self, ref: str, name: str) -> Candidate:
        """A possible mentor, not scored yet."""
        clean = clean_item(name, "candidate's name")
        with self.session.writing() as conn:
            shortlist = self._open_matrix(conn, ref)
            self._refuse_twin(shortlist.candidates, clean, "candidate")
            candidate = Candidate(id=self.session.new_id(), name=clean)
            shortlist.candidates.append(candidate)
            self._save(conn, shortlist)
        return candidate

    def rename_candidate(self, ref: str, cand: str, name: str) -> tuple[Candidate, str]:
        """Give a candidate a new name (a typo, a full name), keeping their scores and notes; the
        candidate as saved and the name they had (S540)."""
        clean = clean_item(name, "candidate's name")
        with self.session.writing() as conn:
            shortlist = self._open_matrix(conn, ref)
            candidate = shortlist.candidate(cand)
            before = candidate.name
            if clean != before:
                self._refuse_twin(shortlist.candidates, clean, "candidate", but=candidate)
                candidate.name = clean
                self._save(conn, shortlist)
        return candidate, before

    def remove_candidate(self, ref: str, cand: str) -> Candidate:
        """Remove a candidate with their scores and notes."""
        with self.session.writing() as conn:
            shortlist = self._open_matrix(conn, ref)
            candidate = shortlist.candidate(cand)
            shortlist.candidates = [c for c in shortlist.candidates if c.id != candidate.id]
            shortlist.removed.append(candidate.id)
            self._save(conn, shortlist)
        return candidate

    def score(self, ref: str, candidate: str, criterion: str, value: str) -> int | None:
        """Score a candidate against one criterion: a want 0–5, a must-have yes or no; '-' (or
        nothing) takes the score back. Returns the score kept (1/0 for a must-have), or None."""
        return self.score_many(ref, candidate, [(criterion, value)])[1][0][1]

    def score_many(self, ref: str, candidate: str,
                   values: Iterable[tuple[str, str]]) -> tuple[Candidate, builtins.list[tuple[Criterion, int | None]]]:
        """Several scores of one candidate at once (criterion as typed, value as typed), in one
        transaction: all of them, or none when one is wrong."""
        pairs = list(values)
        if not pairs:
            raise BadValue("Give a score: CRITERION VALUE, or --score CRITERION=VALUE.")
        with self.session.writing() as conn:
            shortlist = self._open_matrix(conn, ref)
            found = shortlist.candidate(candidate)
            kept: builtins.list[tuple[Criterion, int | None]] = []
            for crit, value in pairs:
                criterion = shortlist.criterion(crit)
                if criterion in (c for c, _ in kept):  # `Must1=no Must1 yes`: the last won, both were said (S220)
                    raise BadValue(f"'{criterion.name}' is scored twice; give each criterion once. Nothing was saved.")
                text = str(value).strip()
                if text in CLEAR:
                    found.scores.pop(criterion.id, None)
                    kept.append((criterion, None))
                    continue
                try:
                    number = check_score(text, criterion.must)
                except BadValue as problem:
                    raise BadValue(f"'{criterion.name}': {problem}") from None
                found.scores[criterion.id] = number
                kept.append((criterion, number))
            self._save(conn, shortlist)
        return found, kept

    def note(self, ref: str, candidate: str, text: str, on: str | None = None) -> Conversation:
        """Notes of a conversation with a candidate, dated today or `on` (as typed: today or
        earlier). A decided shortlist takes notes too."""
        s = self.session
        body = clean_text(text)
        if not body:
            raise BadValue("The notes are empty; write what was said.")
        day = s.day(on) if on and on.strip() else s.today()
        if day > s.today():
            raise BadValue(f"Notes are of a conversation that took place: {day.isoformat()} is in the future.")
        with s.writing() as conn:
            shortlist = self._load(conn, ref)
            found = shortlist.candidate(candidate)
            conversation = Conversation(day=day, text=body)
            found.conversations.append(conversation)
            found.conversations.sort(key=lambda c: c.day)  # stable: notes of one day keep their order
            self._save(conn, shortlist)
        return conversation

    # ----------------------------------------------------------------- choosing
    def choose(self, ref: str, candidate: str, *, focus: str = "", since: str | None = None,
               check_in_every: int | None = None, force: bool = False) -> Mentorship:
        """Choose a candidate: a mentorship with them starts (focus: the shortlist's title
        unless given; today, or `since`), its history says how they were chosen, and the
        shortlist is kept, decided, with its matrix and notes. One transaction.

        A candidate missing a must-have, or not scored on one yet, is chosen only with `force`."""
        s = self.session
        check_cadence(check_in_every, "--check-in-every")
        start = s.day(since) if since and since.strip() else s.today()
        if start > s.today():
            raise BadValue(f"A mentorship cannot start in the future ({start.isoformat()}). Pick today or earlier.")
        now = s.now()
        with s.writing() as conn:
            shortlist = self._load(conn, ref)
            if shortlist.decided:
                raise BadValue(self._decided(conn, shortlist))
            found = shortlist.candidate(candidate)
            ranked = next(r for r in rank(shortlist) if r.candidate.id == found.id)
            if not ranked.qualifies and not force:
                if ranked.unmet:
                    why = "misses the must-have " + ", ".join(f"'{c.name}'" for c in ranked.unmet)
                else:
                    why = "is not scored yet on the must-have " + ", ".join(f"'{c.name}'" for c in ranked.pending)
                raise BadValue(f"{found.name} {why}. Choose anyway with "
                               f"`journal shortlist choose {shortlist.short_id} {shlex.quote(found.name)} --anyway`.")
            mentor = clean_title(found.name) or found.name
            m = Mentorship(id=s.new_id(), mentor=mentor, focus=(focus or "").strip() or shortlist.title,
                           started_on=start, check_in_every=check_in_every, created_at=now)
            mentorship_rows.insert(conn, m)
            mentorship_rows.add_event(conn, m.id, GoalEvent(now, "created"))  # as Mentorships.add records it
            mentorship_rows.add_event(conn, m.id, GoalEvent(now, "chosen", field="shortlist",
                                                            new=chosen_words(shortlist, ranked)))
            shortlist.chosen, shortlist.mentorship_id = found.id, m.id
            self._save(conn, shortlist)
        return s.mentorship(m.id)

    # ----------------------------------------------------------------- inside
    def _load(self, conn: sqlite3.Connection, ref: str | None) -> Shortlist:
        if ref is not None and ref.strip():
            return practice_rows.shortlist(conn, practice_rows.resolve_shortlist(conn, ref))
        every = practice_rows.shortlists(conn)
        if len(every) == 1:
            return every[0]
        if not every:
            raise NotFound("No shortlists yet: start one with `journal shortlist new TITLE`.")
        open_ = [sl for sl in every if not sl.decided]
        if len(open_) == 1:
            return open_[0]
        raise BadValue(f"There are {len(every)} shortlists: name one (`journal shortlist list` shows them).")

    def _open_matrix(self, conn: sqlite3.Connection, ref: str) -> Shortlist:
        """The shortlist, refused when decided: its matrix is kept as it was at the choice."""
        shortlist = self._load(conn, ref)
        if shortlist.decided:
            raise BadValue(self._decided(conn, shortlist) + " Its criteria, candidates and scores stay as they were; "
                           "notes can still be added.")
        return shortlist

    @staticmethod
    def _decided(conn: sqlite3.Connection, shortlist: Shortlist) -> str:
        who = shortlist.chosen_candidate
        name = who.name if who else "a mentor"
        try:
            started = mentorship_rows.get(conn, shortlist.mentorship_id or "")
            where = f" (mentorship {started.short_id})"
        except NotFound:
            where = ""
        return f"The shortlist '{shortlist.title}' is decided: {name} was chosen{where}."

    def _save(self, conn: sqlite3.Connection, shortlist: Shortlist) -> None:
        practice_rows.save(conn, shortlist.id, Shortlist.KIND, shortlist.to_data(), self.session.now())

    @staticmethod
    def _refuse_twin_title(conn: sqlite3.Connection, title: str, but: str | None = None) -> None:
        for other in practice_rows.shortlists(conn):
            if other.id != but and other.title.casefold() == title.casefold():
                raise BadValue(f"A shortlist called '{title}' already exists ({other.short_id}); pick another title.")

    @staticmethod
    def _refuse_twin(items: Sequence[Criterion | Candidate], name: str, noun: str,
                     but: Criterion | Candidate | None = None) -> None:
        for number, other in enumerate(items, 1):
            if other is not but and other.name.casefold() == name.casefold():
                # named too: the app's matrix ranks them and shows no number (S556)
                raise BadValue(f"'{name}' is already {noun} {number} on this shortlist ({other.name}): "
                               "pick another name.")
