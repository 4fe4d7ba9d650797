"""TUI fixtures: a seeded journal with deterministic content and an app factory."""

from __future__ import annotations

import pytest

from journal.services import EntryInput

CORPUS = "[/bold] [@click=app.quit]x[/] \x1b]0;PWNED\x07 \x1b[2J"
"""Markup and escape sequences that must show literally and never act."""


def seed(journal) -> None:
    """Two goals and five entries over three days (fixed clock: Mon 23 Nov 2026 09:30)."""
    journal.goals.add("Public speaking")
    journal.goals.add("Learn Rust")
    journal.entries.write(EntryInput(body="Gave the team demo.\n\nHands shook at first, then it went fine.",
                             lens="hindsight", title="Team demo", goals=["Public speaking"],
                             tags=["work"], when="2026-11-21 16:00"))
    journal.entries.write(EntryInput(body="Slowing down helps more than more slides.", lens="insight",
                             goals=["Public speaking"], tags=["talks"], when="2026-11-22 20:15", starred=True))
    journal.entries.write(EntryInput(body="Read the ownership chapter by the river.", lens="hindsight",
                             title="Borrow checker", goals=["Learn Rust"], tags=["reading"], when="2026-11-22 08:00"))
    journal.entries.write(EntryInput(body="Next week: a lightning talk at the meetup.", lens="foresight",
                             title="Lightning talk", goals=["Public speaking"], when="2026-11-23 09:00"))
    journal.entries.write(EntryInput(body="Morning pages: tired but calm.", lens="insight", when="2026-11-23 07:10"))


@pytest.fixture
def seeded(journal):
    seed(journal)
    return journal


@pytest.fixture
def stable_ids(monkeypatch):
    """Entry and goal ids are random uuid4s; snapshots show short ids, so make them fixed."""
    counter = iter(range(1, 10_000))
    monkeypatch.setattr("journal.services.session.new_id", lambda: f"{next(counter):08x}-0000-4000-8000-000000000000")


async def until(pilot, condition, tries: int = 200) -> None:
    """Let the app run until `condition()` holds (a bounded number of turns, no clock)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause()
    raise AssertionError("the app never got there")


async def paste(pilot, text: str) -> None:
    """`text` into the focused field in one go, as a terminal sends a paste (an Input takes its
    first line, replacing a selection). For flows about what a form does with the text: each
    key of it through Pilot costs two waits for idle (10 ms at least, tests/conftest.py);
    typing key by key is what the key sweep (test_keys_stay.py) and the K86 fuzz test do."""
    from textual import events

    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def retro_drawn(pilot):
    """The retrospective's review screen in front, once its document is drawn (it draws just after
    the screen is up: a closure's save, `c` on a closed goal or mentorship)."""
    from journal.tui.screens.retrospective import RetroScreen

    for _ in range(60):
        await pilot.pause()
        screen = pilot.app.screen
        if isinstance(screen, RetroScreen) and screen.retro is not None:
            await pilot.pause()
            return screen
    raise AssertionError(f"no review drawn; in front: {pilot.app.screen!r}")

