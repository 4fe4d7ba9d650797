"""Mentorships: the relationships goals and entries belong to, their rhythm and their end."""

from __future__ import annotations

from journal.domain.dates import MAX_CADENCE_DAYS, add_days, cadence_problem, day_in_range
from journal.domain.errors import BadValue
from journal.domain.model import Mentorship, MentorshipStatus
from journal.domain.text import clean_title
from journal.services.goals import check_cadence
from journal.services.session import Session
from journal.store import mentorships as mentorship_rows


class Mentorships:
    """The mentorships of one journal."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, mentor: str, *, focus: str = "", since: str | None = None,
            check_in_every: int | None = None, agreements: str = "") -> Mentorship:
        """Start a mentorship with `mentor` (today, or `since`)."""
        s = self.session
        name = clean_title(mentor)
        if not name:
            raise BadValue("A mentorship needs the mentor's name.")
        check_cadence(check_in_every, "--check-in-every")
        m = Mentorship(
            id=s.new_id(), mentor=name, focus=focus.strip(),
            started_on=s.day(since) if since else s.today(), agreements=agreements,
            check_in_every=check_in_every, created_at=s.now(),
        )
        with s.write() as conn:
            mentorship_rows.insert(conn, m)
        return self.get(m.id)

    def get(self, ref: str) -> Mentorship:
        return self.session.mentorship(ref)

    def list(self) -> list[Mentorship]:
        """Every mentorship, active ones first."""
        return mentorship_rows.all_mentorships(self.session.conn)

    def mentors(self) -> dict[str, str]:
        """Mentorship id → mentor's name."""
        return {m.id: m.mentor for m in self.list()}

    def close(self, ref: str, on: str | None = None) -> Mentorship:
        """End a mentorship (today, or `on`); its goals keep their status."""
        s = self.session
        m = self.get(ref)
        if m.status == MentorshipStatus.CLOSED:
            raise BadValue(f"The mentorship with {m.mentor} is already closed.")
        m.status, m.closed_on = MentorshipStatus.CLOSED, s.day(on) if on else s.today()
        with s.write() as conn:
            mentorship_rows.update(conn, m, s.now())
        return self.get(m.id)

    def plan_meeting(self, ref: str, next_on: str | None = None) -> Mentorship:
        """Record the next meeting's date: `next_on` as typed, else today + the check-in rhythm."""
        s = self.session
        m = self.get(ref)
        if m.status == MentorshipStatus.CLOSED:
            raise BadValue(f"The mentorship with {m.mentor} is closed; it has no next meeting.")
        if next_on:
            day = s.day(next_on)
        elif m.check_in_every:
            # A cadence stored before cadences had a range (or by hand) may reach past the calendar.
            day = add_days(s.today(), m.check_in_every)
            if cadence_problem(m.check_in_every) or not day_in_range(day):
                raise BadValue(f"The check-in rhythm kept for {m.mentor} ({m.check_in_every} days) is not within "
                               f"1 to {MAX_CADENCE_DAYS} days; give the date with --next WHEN.")
        else:
            raise BadValue("Give the next meeting's date with --next WHEN (e.g. --next 'next tuesday').")
        if day < s.today():
            raise BadValue(f"The next meeting cannot be in the past ({day.isoformat()}). Pick today or later.")
        m.next_meeting_on = day
        with s.write() as conn:
            mentorship_rows.update(conn, m, s.now())
        return self.get(m.id)
