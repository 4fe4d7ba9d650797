"""Mentorships: the relationships goals and entries belong to, their rhythm and their end."""

from __future__ import annotations

from datetime import date

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
            started_on=self._start(since) if since else s.today(), agreements=agreements.strip(),
            check_in_every=check_in_every, created_at=s.now(),
        )
        with s.write() as conn:
            mentorship_rows.insert(conn, m)
        return self.get(m.id)

    def _start(self, since: str) -> date:
        """The day a mentorship started, as typed: today or earlier."""
        s = self.session
        day = s.day(since)
        if day > s.today():
            raise BadValue(f"A mentorship cannot start in the future ({day.isoformat()}). Pick today or earlier.")
        return day

    def edit(self, ref: str, *, mentor: str | None = None, focus: str | None = None, since: str | None = None,
             check_in_every: int | None = None, agreements: str | None = None) -> tuple[Mentorship, list[str]]:
        """Change a mentorship's fields (None leaves a field as it is); returns the changed fields' names
        (`mentor`, `focus`, `started_on`, `check_in_every`, `agreements`), in that order.

        `check_in_every=0` removes the cadence. A closed mentorship keeps its record editable (mentor,
        focus, start, agreements), but it has no check-ins any more: its cadence does not change.
        """
        s = self.session
        m = self.get(ref)
        values: dict[str, object] = {}
        if mentor is not None:
            values["mentor"] = clean_title(mentor)
            if not values["mentor"]:
                raise BadValue("A mentorship needs the mentor's name.")
        if focus is not None:
            values["focus"] = focus.strip()
        if since is not None:
            start = self._start(since) if since.strip() else m.started_on
            if start is not None and m.closed_on is not None and start > m.closed_on:
                raise BadValue(f"The mentorship with {m.mentor} ended on {m.closed_on.isoformat()}; "
                               f"it cannot start after that ({start.isoformat()}).")
            values["started_on"] = start
        if check_in_every is not None:
            cadence = check_in_every or None  # 0: no cadence
            check_cadence(cadence, "--check-in-every")
            if m.status == MentorshipStatus.CLOSED and cadence != m.check_in_every:
                raise BadValue(f"The mentorship with {m.mentor} is closed; it has no check-ins to set a rhythm for.")
            values["check_in_every"] = cadence
        if agreements is not None:
            values["agreements"] = agreements.strip()
        before = {**vars(m), "agreements": (m.agreements or "").strip()}  # kept before agreements were trimmed
        changed = [name for name, value in values.items() if before[name] != value]
        if not changed:
            return m, []
        for name in changed:
            setattr(m, name, values[name])
        with s.write() as conn:
            mentorship_rows.update(conn, m, s.now())
        return self.get(m.id), changed

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
