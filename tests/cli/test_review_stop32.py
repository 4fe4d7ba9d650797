"""Faults found from the outside in stop 32 (command line): each test names its catalogue case."""

from __future__ import annotations

import pytest

from tests.cli.expect import ok


@pytest.mark.catalogue("S200")
def test_the_standing_column_neutralises_the_criteria_it_names(run):
    ok(run("shortlist", "new", "Lead"))
    ok(run("shortlist", "criterion", "add", "Lead", "Exp\x1b]0;PWNED\x07", "--must"))
    ok(run("shortlist", "criterion", "add", "Lead", "Calm\x1b[2J", "--must"))
    ok(run("shortlist", "candidate", "add", "Lead", "Bo"))
    ok(run("shortlist", "score", "Lead", "Bo", "--score", "1=no"))
    text = ok(run("shortlist", "show", "Lead")).stdout
    assert "misses" in text and "not scored yet" in text
    assert "\x1b]" not in text and "\x07" not in text and "\x1b[2J" not in text
