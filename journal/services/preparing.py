"""The mentee's preparation: the vision with its gaps, the learning profile, reflections on past mentors.

The vision and the profile are one document each (store/practice.py). Every change reads the
document inside its write transaction and saves it there, so a change made meanwhile in
another window is built on, never undone. A gap can become a starter goal: the goal and the
gap's link to it are written in one transaction (`gap_to_goal`).

Reflections on past mentors are entries of kind `preparing`, written from the `preparing`
prompt set (`journal add --template preparing`; the Preparing screen's `r`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping

from journal.domain.errors import BadValue, EditConflict, NotFound
from journal.domain.model import Goal
from journal.domain.practice import LEARNING_STYLES, Gap, LearningProfile, Vision, clean_item, clean_text
from journal.domain.text import clean_title
from journal.services.session import Session
from journal.store import goals as goal_rows
from journal.store import practice as practice_rows
from journal.store import transfer as transfer_rows

PRESET_STYLES = tuple(name for name, _ in LEARNING_STYLES)
"""The ways of learning offered by name (domain/practice.LEARNING_STYLES)."""


def style_name(text: str) -> str:
    """A learning style as typed: a preset by its name (any case; dashes or underscores for
    spaces: `big-picture`), else the person's own words (one short line)."""
    value = clean_item(text, "learning style")
    spaced = " ".join(value.lower().replace("-", " ").replace("_", " ").split())
    return spaced if spaced in PRESET_STYLES else value  # the person's own words as typed (S164)


def style_names(typed: Iterable[str]) -> list[str]:
    """Styles as typed (commas separate several in one value), each once, in the order given."""
    found: list[str] = []
    for item in typed:
        for part in str(item).split(","):
            if part.strip():
                name = style_name(part)
                if name not in found:
                    found.append(name)
    return found


def _unseen_changes(stored: Vision | LearningProfile, typed: dict[str, str],
                    edited_from: Mapping[str, str] | None) -> dict[str, str]:
    """Take out of `typed` (part -> text) each part stored otherwise than when it was read
    (`edited_from`): a change made elsewhere meanwhile stays. Returns those of them typed
    otherwise too (changed on both sides: the text to keep as a draft)."""
    lost: dict[str, str] = {}
    if edited_from is None:
        return lost
    for name in [n for n in typed if n in edited_from]:
        read, there = clean_text(edited_from[name]), getattr(stored, name)
        if there != read:
            value = typed.pop(name)
            if value not in (read, there):
                lost[name] = value
    return lost


def find_gap(vision: Vision, ref: str) -> Gap:
    """A gap by its number (1 = first), id prefix or the start of its words; a number is
    always a number (never an id prefix that happens to be digits)."""
    wanted = ref.strip()
    if not wanted:
        raise BadValue("Give the gap's number from `journal vision show`.")
    if wanted.isdigit():
        if not 1 <= int(wanted) <= len(vision.gaps):
            count = len(vision.gaps)
            have = ("is only gap 1" if count == 1 else f"are gaps 1 to {count}") if count else \
                "are no gaps yet (`journal gap add TEXT`)"
            shown = wanted if len(wanted) <= 12 else f"{wanted[:12]}…"  # cut, and said to be (S366)
            raise NotFound(f"No gap {shown}: there {have}.")
        return vision.gaps[int(wanted) - 1]
    return vision.gap(wanted)


def gap_number(vision: Vision, gap: Gap) -> int:
    """A gap's number as the lists show it (1 = first)."""
    return next(i for i, g in enumerate(vision.gaps, 1) if g.id == gap.id)


class Preparing:
    """The vision, its gaps and the learning profile of one journal."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # ----------------------------------------------------------------- read
    def profile(self) -> LearningProfile:
        """The learning profile (an empty one when none was written)."""
        return practice_rows.profile(self.session.conn)

    def vision(self) -> Vision:
        """The vision with its gaps (an empty one when none was written)."""
        return practice_rows.vision(self.session.conn)

    def find_gap(self, ref: str) -> Gap:
        """The gap `ref` names: its number (1 = first), an id prefix or the start of its words."""
        return find_gap(self.vision(), ref)

    def gap_of(self, goal_id: str) -> Gap | None:
        """The gap the goal `goal_id` (a full id) was made from, if any."""
        return next((g for g in self.vision().gaps if g.goal_id == goal_id), None)

    # ----------------------------------------------------------------- the vision
    def set_vision(self, future: str | None = None, present: str | None = None, *,
                   edited_from: Mapping[str, str] | None = None) -> Vision:
        """Change where I want to be (`future`) and where I am (`present`); None leaves one as it is.

        `edited_from`: the parts as they were when an editor or a form read them. A part changed
        elsewhere since is not overwritten (S335): left as it is there when it was not changed
        here, else kept there with this text as a draft (EditConflict, raised after the commit)."""
        if future is None and present is None:
            raise BadValue("Say where you want to be (--future) or where you are now (--present).")
        typed = {name: clean_text(value) for name, value in (("future", future), ("present", present))
                 if value is not None}
        with self.session.writing() as conn:
            vision = practice_rows.vision(conn)
            lost = _unseen_changes(vision, typed, edited_from)
            for name, value in typed.items():
                setattr(vision, name, value)
            if typed:
                self._save(conn, vision)
            conflict = self._keep(conn, "vision", lost, typed)
        if conflict:
            raise conflict
        return self.vision()

    def add_gap(self, text: str) -> Gap:
        """A new gap at the end of the list."""
        clean = clean_item(text, "gap")
        with self.session.writing() as conn:
            vision = practice_rows.vision(conn)
            self._refuse_twin(vision, clean)
            gap = Gap(id=self.session.new_id(), text=clean)
            vision.gaps.append(gap)
            self._save(conn, vision)
        return gap

    def edit_gap(self, ref: str, text: str) -> Gap:
        """Reword a gap (a goal made from it keeps its own title, and the link)."""
        clean = clean_item(text, "gap")
        with self.session.writing() as conn:
            vision = practice_rows.vision(conn)
            gap = find_gap(vision, ref)
            self._refuse_twin(vision, clean, but=gap)
            gap.text = clean
            self._save(conn, vision)
        return gap

    def remove_gap(self, ref: str, keep_goal: bool = False) -> Gap:
        """Remove a gap. One that became a goal is removed only when asked to keep the goal
        (`keep_goal`): the goal stays, it is the gap that goes."""
        with self.session.writing() as conn:
            vision = practice_rows.vision(conn)
            gap = find_gap(vision, ref)
            if gap.goal_id and not keep_goal and self._goal_exists(conn, gap.goal_id):
                number = gap_number(vision, gap)
                raise BadValue(f"Gap {number} became a goal; removing the gap keeps the goal: "
                               f"`journal gap remove {number} --keep-goal` (d, then k, in the app).")
            vision.gaps = [g for g in vision.gaps if g.id != gap.id]
            vision.removed.append(gap.id)
            self._save(conn, vision)
        return gap

    def gap_to_goal(self, ref: str, title: str | None = None) -> Goal:
        """A starter goal titled by the gap (or `title`), its SMART statement left to fill in,
        and the gap's link to it: both in one transaction."""
        s = self.session
        vision = self.vision()
        gap = find_gap(vision, ref)
        number = gap_number(vision, gap)
        clean = clean_title(title if title is not None else gap.text)
        if not clean:
            raise BadValue(f"The starter goal needs a title: `journal gap goal {number} --title TITLE`.")
        now = s.now()
        goal = Goal(id=s.new_id(), title=clean, created_at=now)
        with s.writing() as conn:
            vision = practice_rows.vision(conn)
            found = next((g for g in vision.gaps if g.id == gap.id), None)
            if found is None:
                raise NotFound("That gap was removed meanwhile (in another window); `journal vision` lists the gaps.")
            gap = found
            if gap.goal_id and self._goal_exists(conn, gap.goal_id):
                linked = goal_rows.get(conn, gap.goal_id)
                raise BadValue(f"Gap {number} is already the goal {linked.short_id}: "
                               f"`journal goal show {linked.short_id}` shows it.")
            if any(g.title.casefold() == clean.casefold() for g in goal_rows.all_goals(conn)):
                raise BadValue(f"A goal with that title already exists: name the starter goal with "
                               f"`journal gap goal {number} --title TITLE`.")
            goal_rows.insert(conn, goal)
            gap.goal_id = goal.id
            self._save(conn, vision)
        return s.goal(goal.id)

    # ----------------------------------------------------------------- the profile
    def set_profile(self, styles: Iterable[str] | None = None, strengths: str | None = None,
                    challenges: str | None = None, needs: str | None = None, *,
                    edited_from: Mapping[str, str] | None = None) -> LearningProfile:
        """Change the learning profile; None leaves a part as it is. `styles` replaces the
        styles (presets by name, or the person's own words; an empty list clears them).
        `edited_from`: the texts as a form read them, as for `set_vision` (S335)."""
        if styles is None and strengths is None and challenges is None and needs is None:
            raise BadValue("Give what to change: --style, --strengths, --challenges or --needs.")
        typed = list(styles) if styles is not None else None
        chosen = style_names(typed) if typed is not None else None
        if typed and not chosen:
            raise BadValue("Name a way of learning (e.g. --style practical); --no-styles clears them.")
        texts = {name: clean_text(value) for name, value in
                 (("strengths", strengths), ("challenges", challenges), ("needs", needs)) if value is not None}
        with self.session.writing() as conn:
            profile = practice_rows.profile(conn)
            lost = _unseen_changes(profile, texts, edited_from)
            if chosen is not None:
                profile.styles = chosen
            for name, value in texts.items():
                setattr(profile, name, value)
            practice_rows.save(conn, LearningProfile.ID, LearningProfile.KIND, profile.to_data(), self.session.now())
            conflict = self._keep(conn, "learning profile", lost, texts)
        if conflict:
            raise conflict
        return self.profile()

    # ----------------------------------------------------------------- inside
    def _keep(self, conn: sqlite3.Connection, what: str, lost: dict[str, str],
              saved: Iterable[str]) -> EditConflict | None:
        """Texts typed over a change made elsewhere meanwhile, kept as a draft; the error that
        says so, and which parts were saved all the same (None: nothing was lost)."""
        if not lost:
            return None
        n = transfer_rows.keep_practice_texts(conn, lost, self.session.now(), f"Not saved over a change to your {what}")

        def named(names: Iterable[str]) -> str:
            return " and ".join(f"'{transfer_rows.PRACTICE_LABELS.get(name, name)}'" for name in names)

        done = [name for name in saved if name in transfer_rows.PRACTICE_LABELS]
        return EditConflict(f"{named(lost)} of your {what} changed elsewhere while you were editing, so it was not "
                            f"overwritten; your text is kept as draft {n}: `journal drafts show {n}` prints it."
                            + (f" {named(done)} {'is' if len(done) == 1 else 'are'} saved." if done else ""),
                            draft_id=n)

    def _save(self, conn: sqlite3.Connection, vision: Vision) -> None:
        practice_rows.save(conn, Vision.ID, Vision.KIND, vision.to_data(), self.session.now())

    @staticmethod
    def _refuse_twin(vision: Vision, text: str, but: Gap | None = None) -> None:
        for number, other in enumerate(vision.gaps, 1):
            if other is not but and other.text.casefold() == text.casefold():
                raise BadValue(f"That gap is already listed as gap {number}.")

    @staticmethod
    def _goal_exists(conn: sqlite3.Connection, goal_id: str) -> bool:
        try:
            goal_rows.get(conn, goal_id)
        except NotFound:
            return False
        return True
