"""The mentee's preparation: the vision with its gaps, the learning profile, reflections on past mentors."""

from __future__ import annotations

from journal.services.session import Session


class Preparing:
    def __init__(self, session: Session) -> None:
        self.session = session
