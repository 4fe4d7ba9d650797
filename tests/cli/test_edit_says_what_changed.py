"""What an add or an edit did to the day, the time and the trash is said (S504)."""

from __future__ import annotations

import json

import pytest

from tests.cli.expect import ok


def _id(run) -> str:
    return json.loads(ok(run("list", "-n", "1", "--format", "json")).stdout)[0]["id"][:6]


@pytest.mark.catalogue("S504")
def test_the_revisit_day_is_echoed(run):
    said = ok(run("add", "-l", "f", "--revisit", "in 2 weeks", "Ask for feedback")).stderr
    assert "revisit Mon 2026-12-07" in said, said


@pytest.mark.catalogue("S504")
def test_a_new_day_without_a_time_says_the_time_went(run):
    ok(run("add", "-d", "yesterday 18:00", "Coffee with Dana"))
    entry = _id(run)
    said = ok(run("edit", entry, "-d", "last friday")).stderr
    assert "It is an all-day entry now: the time 18:00 went with the new day" in said, said
    said = ok(run("edit", entry, "-d", "last thursday 18:00")).stderr
    assert "all-day" not in said


@pytest.mark.catalogue("S504")
def test_an_edit_in_the_trash_says_so(run):
    ok(run("add", "Gone soon"))
    entry = _id(run)
    ok(run("delete", entry))
    said = ok(run("edit", entry, "--title", "Still here")).stderr
    assert f"Entry {entry} is in the trash: `journal restore {entry}` brings it back." in said, said
