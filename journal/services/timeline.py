"""Timelines: a goal's, a mentorship's, a tag's or the whole journal's events in order."""

from __future__ import annotations

from datetime import date

from journal.domain.errors import BadValue
from journal.domain.model import Mentorship, MentorshipStatus
from journal.domain.text import normalise_tags
from journal.domain.timeline import TimelineEvent, build_timeline
from journal.services.session import Session
from journal.store import practice as practice_rows
from journal.store import goals as goal_rows
from journal.store import mentorships as mentorship_rows
from journal.store import timeline as timeline_rows


class Timeline:
    """Builds timelines of one journal."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def build(self, goal: str | None = None, *, mentorship: str | None = None, tag: str | None = None,
              gap_days: int = 14) -> tuple[str, list[TimelineEvent]]:
        """A title ("Goal: Public speaking") and the events of a goal, a mentorship (all its
        goals), a tag, or the whole journal (nothing given). `tag` also narrows a goal or
        mentorship timeline to entries with that tag. The goals' target dates are events
        (`goal-target`), and a goal edit of its mentorship names the mentors. A mentorship's
        timeline also has its start and its history in words (agreement changes, choosing it,
        closing it, what closing did with each open goal)."""
        s = self.session
        conn = s.conn
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
        about: Mentorship | None = None
        if goal:
            chosen = [s.goal(goal)]
            title = f"Goal: {chosen[0].title}"
            found = timeline_rows.entries(conn, goal_ids=(chosen[0].id,), tag=tag_value)
        elif mentorship:
            m = about = s.mentorship(mentorship)
            chosen = [goal_rows.get(conn, g.id) for g in goal_rows.all_goals(conn) if g.mentorship == m.id]
            title = f"Mentorship with {m.mentor}"
            found = timeline_rows.entries(
                conn, goal_ids=tuple(g.id for g in chosen), mentorship_id=m.id, tag=tag_value)
            if m.next_meeting_on and m.status == MentorshipStatus.ACTIVE:
                planned.append((m.next_meeting_on, f"Meeting with {m.mentor}"))
        elif tag_value is not None:
            chosen, title = [], "Whole journal"
            found = timeline_rows.entries(conn, tag=tag_value)
        else:
            chosen = [goal_rows.get(conn, g.id) for g in goal_rows.all_goals(conn)]
            title = "Whole journal"
            found = timeline_rows.entries(conn)
            planned = [(m.next_meeting_on, f"Meeting with {m.mentor}")
                       for m in mentorship_rows.all_mentorships(conn)
                       if m.next_meeting_on and m.status == MentorshipStatus.ACTIVE]
        if tag_value is not None:
            title = f"{title} · #{tag_value}" if (goal or mentorship) else f"Tag: #{tag_value}"
        mentors = {m.id: m.mentor for m in mentorship_rows.all_mentorships(conn)}
        titles = {g.id: g.title for g in goal_rows.all_goals(conn)} if about is not None else {}
        events = build_timeline(found, chosen, today=s.today(), gap_days=gap_days, tz=s.clock.zone,
                                planned_meetings=planned, targets=True, mentors=mentors, mentorship=about,
                                goal_titles=titles,
                                origins={g.goal_id: g.text for g in practice_rows.vision(conn).gaps if g.goal_id})
        return title, events
