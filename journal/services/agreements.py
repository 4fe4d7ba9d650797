"""A mentorship's agreement as structured parts, each change kept in its history; the work plan."""

from __future__ import annotations

from journal.services.session import Session


class Agreements:
    def __init__(self, session: Session) -> None:
        self.session = session
