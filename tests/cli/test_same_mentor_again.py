"""A second mentorship with the same mentor, after the first closed: the mentor's name names the
active one, and the closed one is told apart by its id (S455)."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.cli.expect import fails, ok


@pytest.fixture
def again(run, clock):
    """Maria mentored from January to June 2025; a new mentorship with her began today."""
    clock.set(datetime(2026, 11, 20, 9, 0))
    ok(run("mentorship", "add", "Maria", "--focus", "Speaking", "--since", "2025-01-01"))
    ok(run("mentorship", "close", "Maria", "--on", "2025-06-01"))
    ok(run("mentorship", "add", "Maria", "--focus", "Leading"))
    return run


@pytest.mark.catalogue("S455")
def test_a_second_mentorship_with_the_same_mentor_is_named_by_the_name(again):
    assert "Focus:        Leading" in ok(again("mentorship", "show", "Maria")).stdout
    ok(again("add", "--mentorship", "maria", "Met again"))
    assert "Met again" in ok(again("list", "--mentorship", "Maria")).stdout
    [closed] = [line.split()[0] for line in ok(again("mentorship", "list")).stdout.splitlines() if "closed" in line]
    assert "Met again" not in ok(again("list", "--mentorship", closed)).stdout
    assert "Focus:        Speaking" in ok(again("mentorship", "show", closed)).stdout


@pytest.mark.catalogue("S455")
def test_two_of_one_name_and_none_active_are_told_apart_by_state(again):
    ok(again("mentorship", "close", "Maria", "--on", "2026-11-20"))
    line = fails(again("mentorship", "show", "Maria"), 2, "matches several mentorships")
    assert "closed 2025-06-01)" in line and "closed 2026-11-20)" in line and line.endswith("Use the id.")
    assert "Type more" not in line
    ok(again("mentorship", "add", "Marianne"))  # names that differ: typing more still tells them apart
    assert fails(again("mentorship", "show", "Mari"), 2, "matches several").endswith(
        "Type more of the name or use the id.")
