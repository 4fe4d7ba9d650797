"""The reflective loop: what is due, streaks, the year by lens, and the prompt library."""

from __future__ import annotations

import re
from datetime import date, timedelta

from journal import config
from journal.domain.dates import in_zone, parse_moment
from journal.domain.errors import BadValue, JournalError
from journal.domain.model import Draft, GoalStatus, Kind, Lens, MentorshipStatus, Prompt
from journal.domain.reflection import Due, DueList, cadence_due, first_of_each, kind_counts, plan_due, quiet_due
from journal.domain.reflection import streaks as count_streaks
from journal.domain.text import summary
from journal.services.goals import active_since
from journal.services.session import Session
from journal.store import goals as goal_rows
from journal.store import mentorships as mentorship_rows
from journal.store import reflection as reflection_rows

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/ARCHITECTURE.md, start-up)
if TYPE_CHECKING:
    from journal.prompts import PromptLibrary

ACTIVITY_DAYS = 183
"""How far back `due` first reads entries for the goals' latest entry and check-in (a goal without
them in that half year has its own links read): the recent months of a big journal, not its years."""
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


RESTING_KINDS = ("review", "target", "milestone", "quiet", "check-in", "meeting")
"""The order of the due kinds after foresight and follow-ups: a goal's, then a mentorship's."""


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
    def due(self, quiet_days: int | None = None, per_kind: int | None = None) -> DueList:
        """What asks for attention today: foresight to revisit, feedback follow-ups, reviews,
        check-ins, meetings, quiet goals; each kind longest waiting first (then goals by title). One
        query per kind of item, never one per row. With `per_kind`, only the first that many of
        each kind, and `counts` says how many there are: the foresight entries and follow-ups
        (thousands on a big journal) are then counted in SQLite and only the first are read."""
        s = self.session
        today = s.today()
        if quiet_days is None:
            quiet_days = quiet_days_setting()
        if per_kind is None:
            foresight = reflection_rows.open_foresight(s.conn, today)
            follow_ups = reflection_rows.open_follow_ups(s.conn, today)
            counts = {"foresight": len(foresight), "follow-up": len(follow_ups)}
        else:
            open_foresight, open_follow_ups = reflection_rows.open_counts(s.conn, today)
            counts = {"foresight": open_foresight, "follow-up": open_follow_ups}
            foresight = reflection_rows.open_foresight(s.conn, today, per_kind) if open_foresight else []
            follow_ups = reflection_rows.open_follow_ups(s.conn, today, per_kind) if open_follow_ups else []
        items = [
            Due("foresight", entry_id, summary(title, body, 60), day, (today - day).days)
            for entry_id, title, body, day in foresight
        ]
        items += [
            Due("follow-up", entry_id, follow_up_title(giver, tried), day, (today - day).days)
            for entry_id, giver, tried, day in follow_ups
        ]
        counts = {kind: n for kind, n in counts.items() if n}
        rest = self._goals_due(today, quiet_days) + self._mentorships_due(today)
        # kind by kind, each longest waiting first: read goal by goal, `-n` kept the first goals'
        # by title and left out the items waiting longest (S357)
        rest.sort(key=lambda d: (RESTING_KINDS.index(d.kind), -d.days))
        items += first_of_each(rest, per_kind)
        counts.update(kind_counts(rest))
        return DueList(items, counts)

    def _goals_due(self, today: date, quiet_days: int) -> list[Due]:
        """Reviews, quiet goals, targets and milestones come due, goal by goal (active goals, by title)."""
        s = self.session
        goals = goal_rows.all_goals(s.conn, (GoalStatus.ACTIVE,))
        activity = goal_rows.last_activity(s.conn, [g.id for g in goals], today - timedelta(days=ACTIVITY_DAYS),
                                           check_ins={g.id for g in goals if g.review_every})
        # a rhythm set (or changed) on a goal made long before counts from that day, not from the
        # goal's first (it was "due since" five months on the day it was set: S262)
        rhythm_set = goal_rows.review_set(s.conn, [g.id for g in goals if g.review_every])
        milestones = goal_rows.milestones_due(s.conn, today)
        items: list[Due] = []
        for goal in goals:
            started = active_since(goal, s.clock.tzinfo) or today
            last_entry, last_check_in = activity[goal.id]
            since = started
            if goal.id in rhythm_set:
                since = max(since, in_zone(parse_moment(rhythm_set[goal.id]), s.clock.tzinfo).date())
            last = max(date.fromisoformat(last_check_in), since) if last_check_in else since
            found = cadence_due("review", goal.id, goal.title, last, goal.review_every, today)
            written = max(date.fromisoformat(last_entry), started) if last_entry else started
            quiet = quiet_due(goal.id, goal.title, written, quiet_days, today)
            items += [d for d in (found, quiet) if d]
            items += plan_due(goal, milestones.get(goal.id, ()), today)
        return items

    def _mentorships_due(self, today: date) -> list[Due]:
        """Check-ins and planned meetings of active mentorships (active ones first)."""
        s = self.session
        items: list[Due] = []
        mentor_check_ins = reflection_rows.last_mentorship_check_ins(s.conn, today)
        for m in mentorship_rows.all_mentorships(s.conn):
            if m.status != MentorshipStatus.ACTIVE:
                continue
            started_on = m.started_on or today
            last_contact, last_meeting, planned_at = mentor_check_ins.get(m.id, (None, None, None))
            # a check-in dated before the mentorship began does not start its rhythm (S385), as a
            # goal's review counts from its rhythm's start
            last = max(date.fromisoformat(last_contact), started_on) if last_contact else started_on
            if found := cadence_due("check-in", m.id, m.mentor, last, m.check_in_every, today):
                items.append(found)
            # Held: a meeting entry on the planned day or later (S180), or on a day after the plan
            # was made (held early, S232); one on the day of planning is the meeting that planned it.
            planned_on = in_zone(parse_moment(planned_at), s.clock.tzinfo).date() if planned_at else None
            met = last_meeting is not None and (date.fromisoformat(last_meeting) >= (m.next_meeting_on or today) or (
                planned_on is not None and date.fromisoformat(last_meeting) > planned_on))
            if m.next_meeting_on and m.next_meeting_on <= today and not met:
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
    def prompt_kind(prompt: Prompt) -> Kind | None:
        """The kind of an entry written to one prompt: its set's, as from the set's template (a
        closure question answered alone is a closure answer, not a note: S347); None: a note."""
        return TEMPLATE_KINDS.get(prompt.set)

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
