"""The reflective loop: what is due, streaks, the year by lens, and the prompt library."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from journal import config
from journal.domain.dates import in_zone
from journal.domain.errors import JournalError
from journal.domain.model import GoalStatus, Lens, MentorshipStatus, Prompt
from journal.domain.reflection import Due, cadence_due, quiet_due
from journal.domain.reflection import streaks as count_streaks
from journal.domain.text import summary
from journal.services.session import Session
from journal.store import reflection as reflection_rows

if TYPE_CHECKING:
    from journal.prompts import PromptLibrary

CLOSURE_PROMPTS = 5
"""The first five closure prompts make the closure conversation (set-out … to-mentor)."""


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
        """What asks for attention today: foresight to revisit, reviews, check-ins, quiet goals."""
        from journal.services.goals import Goals
        from journal.services.mentorships import Mentorships

        s = self.session
        today = s.today()
        if quiet_days is None:
            quiet_days = quiet_days_setting()
        items = [
            Due("foresight", e.id, summary(e.title, e.body, 60), e.revisit_on, (today - e.revisit_on).days)
            for e in (s.entry(i) for i in reflection_rows.open_foresight(s.conn, today))
            if e.revisit_on is not None
        ]
        goal_check_ins = reflection_rows.last_goal_check_ins(s.conn)
        for item in Goals(s).summaries((GoalStatus.ACTIVE,)):
            goal = item.goal
            started = in_zone(goal.created_at, s.clock.tzinfo).date() if goal.created_at else today
            last = date.fromisoformat(goal_check_ins[goal.id]) if goal.id in goal_check_ins else started
            found = cadence_due("review", goal.id, goal.title, last, goal.review_every, today)
            quiet = quiet_due(goal.id, goal.title, item.last_entry or started, quiet_days, today)
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

    def smart_questions(self) -> dict[str, str]:
        """The first `smart-check` prompt per goal field (the checklist's questions)."""
        found: dict[str, str] = {}
        for prompt in self.library().sets.get("smart-check", []):
            if prompt.field and prompt.field not in found:
                found[prompt.field] = prompt.text
        return found
