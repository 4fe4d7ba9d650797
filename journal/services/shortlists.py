"""Choosing a mentor by criteria: shortlists of candidates scored against must-haves and weighted wants."""

from __future__ import annotations

from journal.services.session import Session


class Shortlists:
    def __init__(self, session: Session) -> None:
        self.session = session
