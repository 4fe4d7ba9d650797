"""Passing it on: the step from mentee to mentor, with a summary built from the journal."""

from __future__ import annotations

from journal.services.session import Session


class PassingOn:
    def __init__(self, session: Session) -> None:
        self.session = session
