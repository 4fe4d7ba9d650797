"""A closed mentorship's retrospective and timeline end on its closing day (S460)."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest

from tests.cli.expect import fails, ok


@pytest.mark.catalogue("S460")
def test_what_is_written_after_the_close_is_not_the_mentorships_story(run, clock):
    clock.set(datetime(2026, 9, 1, 9, 0))
    ok(run("mentorship", "add", "Dana", "--since", "2026-09-01"))
    ok(run("goal", "add", "Report", "--mentorship", "Dana", "--by", "2026-12-31"))
    clock.set(datetime(2026, 9, 5, 9, 0))
    ok(run("add", "-g", "Report", "first step"))
    clock.set(datetime(2026, 9, 6, 9, 0))
    ok(run("add", "-l", "f", "--revisit", "2026-12-01", "-g", "Report", "will present in december"))
    clock.set(datetime(2026, 11, 23, 9, 0))
    ok(run("mentorship", "close", "Dana", "--goal", "Report=achieved"))
    clock.set(datetime(2026, 11, 27, 9, 0))
    ok(run("add", "-g", "Report", "gave the talk again"))
    [foresight] = json.loads(ok(run("list", "-l", "f", "--format", "json")).stdout)
    clock.set(datetime(2026, 12, 2, 9, 0))
    ok(run("add", "-l", "h", "--answers", foresight["id"], "presented"))
    clock.set(datetime(2026, 12, 5, 9, 0))

    retro = ok(run("retro", "--mentorship", "Dana")).stdout
    assert "_mentorship · entries 2026-09-05 – 2026-09-06" in retro, retro
    assert "**Span:** 2026-09-05 – 2026-09-06: 2 entries" in retro
    assert "gave the talk again" not in retro and "presented" not in retro
    timeline = ok(run("timeline", "--mentorship", "Dana")).stdout
    assert timeline.splitlines()[0].startswith("Mentorship with Dana  2026-09-01 – 2026-11-23  2 entries"), timeline
    assert "2026-12-01" not in timeline and "gave the talk" not in timeline
    own = ok(run("retro", "Report")).stdout  # the goal's own story goes on
    assert "gave the talk again" in own and "presented" in own


@pytest.mark.catalogue("S467")
def test_a_mentor_given_as_a_goal_is_pointed_to_mentorship(run):
    ok(run("mentorship", "add", "Ann Lee"))
    fails(run("retro", "Ann"), 2, "No goal matches 'Ann', but a mentorship does: `journal retro --mentorship Ann`.")
    fails(run("timeline", "Ann Lee"), 2, "`journal timeline --mentorship 'Ann Lee'`")
    line = fails(run("retro", "Nobody"), 2, "No goal matches 'Nobody'")
    assert "mentorship" not in line


@pytest.mark.catalogue("S490")
def test_foresight_answered_after_the_close_is_said_so_and_the_timeline_ends_at_the_close(run, clock):
    clock.set(datetime(2026, 9, 1, 9, 0))
    ok(run("mentorship", "add", "Dana", "--since", "2026-09-01"))
    ok(run("goal", "add", "Report", "--mentorship", "Dana", "--by", "2026-12-31"))
    clock.set(datetime(2026, 9, 6, 9, 0))
    ok(run("add", "-l", "f", "--revisit", "2026-12-01", "-g", "Report", "will present in december"))
    ok(run("add", "-l", "f", "--revisit", "2027-01-15", "-g", "Report", "will write it up"))
    clock.set(datetime(2026, 11, 23, 9, 0))
    ok(run("mentorship", "close", "Dana", "--goal", "Report=achieved"))
    ids = {e["body"]: e["id"] for e in json.loads(ok(run("list", "-l", "f", "--format", "json")).stdout)}
    clock.set(datetime(2026, 12, 2, 9, 0))
    ok(run("add", "-l", "h", "--answers", ids["will present in december"], "presented"))
    clock.set(datetime(2026, 12, 5, 9, 0))

    retro = ok(run("retro", "--mentorship", "Dana")).stdout
    foresight = re.split(r"\n## \d+\. Foresight", retro, maxsplit=1)[1].split("\n## ", 1)[0]
    assert "### Open foresight" in foresight and "_answered on 2026-12-02_" in foresight
    later = foresight.split("### Answered after the mentorship ended", 1)[1]
    assert "### Open foresight" not in later and "_answered on 2026-12-02_" in later
    assert "presented" not in retro.replace("present in", "")  # the answer is not the mentorship's story
    data = json.loads(ok(run("retro", "--mentorship", "Dana", "--format", "json")).stdout)
    assert all(event["day"] <= "2026-11-23" for event in data["hindsight"]["events"])
    assert [(a["expected"]["body"], a["answered_on"]) for a in data["foresight"]["answered_after"]] == [
        ("will present in december", "2026-12-02")]
    assert [q["body"] for q in data["foresight"]["open"]] == ["will write it up"]


@pytest.mark.catalogue("S496")
def test_a_closed_mentorship_offers_no_profile_to_share(run, journal, app_for):
    ok(run("mentorship", "add", "Dana"))
    assert "to share at the first meeting" in ok(run("mentorship", "show", "Dana")).stdout
    ok(run("mentorship", "close", "Dana"))
    shown = ok(run("mentorship", "show", "Dana")).stdout
    assert "first meeting" not in shown and "Check-in trends: `journal mentorship trends" in shown
