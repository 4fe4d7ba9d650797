"""The reflective loop: what is due, streaks, the year by lens, and the prompt library."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

from journal import config
from journal.domain.dates import in_zone
from journal.domain.errors import BadValue, JournalError
from journal.domain.model import Draft, GoalStatus, Kind, Lens, MentorshipStatus, Prompt
from journal.domain.reflection import Due, cadence_due, quiet_due
from journal.domain.reflection import streaks as count_streaks
from journal.domain.text import summary
from journal.services.session import Session
from journal.store import goals as goal_rows
from journal.store import reflection as reflection_rows

if TYPE_CHECKING:
    from journal.prompts import PromptLibrary

CLOSURE_PROMPTS = 5
"""The first five closure prompts make the closure conversation (set-out … to-mentor)."""

TEMPLATE_KINDS = {"check-in": Kind.CHECK_IN, "feedback": Kind.FEEDBACK, "closure": Kind.CLOSURE,
                  "mentorship-closure": Kind.CLOSURE, "preparing": Kind.PREPARING, "passing-on": Kind.PASSING_ON,
                  "goal-audit": Kind.GOAL_AUDIT}
"""The kind an entry written from these prompt sets is (any other set: a note)."""
AUDIT_SET = "goal-audit"
"""The prompt set a goal's audit is written from (`journal goal audit`, `r` on a goal)."""
HEADING = "## "
"""How a template shows each question: a Markdown heading, its answer on the lines below."""
_NEXT_QUESTION = re.compile(r"#{1,2} ")
"""Where an answer ends: the next heading of a question's level (or higher); `### ` is part of it."""


def follow_up_title(giver: str | None, tried: str) -> str:
    """How a due follow-up reads: `Try: <what I will try> — feedback from <name>`."""
    return f"Try: {summary(None, tried, 60)} — " + (f"feedback from {giver}" if giver else "from feedback")


def prompt_library() -> PromptLibrary:
    """The prompt library: bundled sets plus the user's own folder."""
    from journal.prompts import load_library

    return load_library()


def quiet_days_setting(data: dict[str, object] | None = None) -> int:
    """`[nudges] quiet_days` (config.KEYS: a whole number from 1 to 3650, else 14), from
    config data, or from config.toml when none is given."""
    checked = config.settings() if data is None else config.check_settings(data)
    return checked.number("nudges.quiet_days")


class Reflection:
    """Due items, streaks and prompts for one journal."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._library: PromptLibrary | None = None

    # ----------------------------------------------------------------- due
    def due(self, quiet_days: int | None = None) -> list[Due]:
        """What asks for attention today: foresight to revisit, feedback follow-ups, reviews,
        check-ins, meetings, quiet goals. One query per kind of item, never one per row."""
        from journal.services.mentorships import Mentorships

        s = self.session
        today = s.today()
        if quiet_days is None:
            quiet_days = quiet_days_setting()
        items = [
            Due("foresight", entry_id, summary(title, body, 60), day, (today - day).days)
            for entry_id, title, body, day in reflection_rows.open_foresight(s.conn, today)
        ]
        items += [
            Due("follow-up", entry_id, follow_up_title(giver, tried), day, (today - day).days)
            for entry_id, giver, tried, day in reflection_rows.open_follow_ups(s.conn, today)
        ]
        activity = goal_rows.lens_counts(s.conn)  # one pass over the goal links: last entry, last check-in
        for goal in goal_rows.all_goals(s.conn, (GoalStatus.ACTIVE,)):
            started = in_zone(goal.created_at, s.clock.tzinfo).date() if goal.created_at else today
            act = activity.get(goal.id)
            last = date.fromisoformat(act.last_check_in) if act and act.last_check_in else started
            found = cadence_due("review", goal.id, goal.title, last, goal.review_every, today)
            last_entry = date.fromisoformat(act.last) if act and act.last else started
            quiet = quiet_due(goal.id, goal.title, last_entry, quiet_days, today)
            items += [d for d in (found, quiet) if d]
        mentor_check_ins = reflection_rows.last_mentorship_check_ins(s.conn)
        for m in Mentorships(s).list():
            if m.status != MentorshipStatus.ACTIVE:
                continue
            started_on = m.started_on or today
            last = date.fromisoformat(mentor_check_ins[m.id]) if m.id in mentor_check_ins else started_on
            if found := cadence_due("check-in", m.id, m.mentor, last, m.check_in_every, today):
                items.append(found)
            if m.next_meeting_on and m.next_meeting_on <= today:
                items.append(Due("meeting", m.id, m.mentor, m.next_meeting_on, (today - m.next_meeting_on).days))
        return items

    def streaks(self) -> tuple[int, int]:
        """(current, longest) runs of consecutive days with an entry."""
        return count_streaks(reflection_rows.entry_days(self.session.conn), self.session.today())

    def lens_days(self, days: int = 371) -> dict[date, dict[str, int]]:
        """Entries per lens for each day of the last `days` days (today included)."""
        since = self.session.today() - timedelta(days=days - 1)
        return reflection_rows.lens_counts_by_day(self.session.conn, since)

    # ------------------------------------------------------------- prompts
    def library(self) -> PromptLibrary:
        """The prompt library, loaded once per open journal."""
        if self._library is None:
            self._library = prompt_library()
        return self._library

    def prompt_of_the_day(self, lens: Lens | None = None) -> Prompt | None:
        """Today's daily prompt (for a lens, or across lenses); None without prompts."""
        try:
            return self.library().of_the_day(self.session.today(), lens=lens)
        except JournalError:
            return None

    def closure_prompts(self) -> list[Prompt]:
        """The closure conversation's prompts, in order."""
        return list(self.library().sets.get("closure", []))[:CLOSURE_PROMPTS]

    # ----------------------------------------------------------- templates
    def template_sets(self) -> list[str]:
        """The prompt sets an entry can be written from (every set, the user's own included)."""
        return list(self.library().sets)

    def template(self, set_name: str) -> str:
        """A Markdown body from the prompt set `set_name`: each question a `## ` heading with an
        empty answer line after it. An unknown set is BadValue naming the sets there are."""
        return "".join(f"{HEADING}{p.text}\n\n" for p in self._template_prompts(set_name))

    def template_fields(self, set_name: str) -> tuple[str, Lens | None, Kind | None]:
        """What an entry written from the set is, where the set makes it obvious: its title (the
        set's), its lens (when every question of the set shares one) and its kind (the check-in,
        feedback and closure sets); None leaves the default."""
        prompts = self._template_prompts(set_name)
        name = prompts[0].set
        lenses = {p.lens for p in prompts}
        lens = lenses.pop() if len(lenses) == 1 else None
        return self.library().titles.get(name, name), lens, TEMPLATE_KINDS.get(name)

    @staticmethod
    def untouched(text: str, template: str) -> bool:
        """Nothing was written into `template`: every line of `text` is blank or one of its
        headings (a heading deleted or moved still counts as nothing written)."""
        headings = {line.strip() for line in template.splitlines() if line.strip()}
        return all(not line.strip() or line.strip() in headings for line in text.splitlines())

    @staticmethod
    def drop_unanswered(text: str, template: str) -> tuple[str, int]:
        """`text` without the questions of `template` left unanswered, and how many were: a
        question's heading followed only by blank lines up to the next heading (`# ` or `## `)
        or the end goes, with those blank lines. A heading of one's own, and a question with
        anything written under it, stay."""
        questions = {line.strip() for line in template.splitlines() if line.startswith(HEADING)}
        lines = text.split("\n")
        kept: list[str] = []
        dropped = row = 0
        while row < len(lines):
            if lines[row].startswith(HEADING) and lines[row].strip() in questions:
                end = row + 1
                while end < len(lines) and not lines[end].strip():
                    end += 1
                if end == len(lines) or _NEXT_QUESTION.match(lines[end]):
                    dropped, row = dropped + 1, end
                    continue
            kept.append(lines[row])
            row += 1
        return "\n".join(kept), dropped

    def _template_prompts(self, set_name: str) -> list[Prompt]:
        library = self.library()
        prompts = library.sets.get(set_name.strip().lower())
        if not prompts:
            known = ", ".join(library.sets) or "none (the prompt library is empty)"
            shown = "".join(c if c.isprintable() else " " for c in set_name)[:60]
            raise BadValue(f"No prompt set '{shown}' to write from: the sets are {known}.")
        return prompts

    # ----------------------------------------------------------- goal audits
    def audit_draft(self, goal_ref: str) -> Draft:
        """A new goal audit of the goal `goal_ref` names: the goal-audit questions as headings, a
        goal-audit entry linked to the goal (so it is on the goal's timeline), titled after it."""
        goal = self.session.goal(goal_ref)
        body = self.template(AUDIT_SET)
        title, lens, _ = self.template_fields(AUDIT_SET)
        return Draft(body=body, title=f"{title}: {goal.title}", lens=lens or Lens.HINDSIGHT, kind=Kind.GOAL_AUDIT,
                     goals=(goal.id,))

    def audits(self, goal_ref: str) -> tuple[int, date | None]:
        """How many times the goal was audited (goal-audit entries linked to it), and the last day."""
        return reflection_rows.goal_audits(self.session.conn, self.session.goal_id(goal_ref))

    def smart_questions(self) -> dict[str, str]:
        """The first `smart-check` prompt per goal field (the checklist's questions)."""
        found: dict[str, str] = {}
        for prompt in self.library().sets.get("smart-check", []):
            if prompt.field and prompt.field not in found:
                found[prompt.field] = prompt.text
        return found
