"""Faults noticed and left at earlier stops, and found by the CLI review of stop 39 (the clock: 23 Nov 2026)."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.cli.expect import fails, ok

@pytest.mark.catalogue("S351")
def test_a_milestone_reached_already_keeps_its_day_unless_another_is_given(run):
    ok(run("goal", "add", "Public speaking"))
    ok(run("goal", "milestone", "Public speaking", "Outline"))
    ok(run("goal", "done", "Public speaking", "Outline", "--on", "2026-03-02"))

    again = ok(run("goal", "done", "Public speaking", "Outline"))
    assert ("Milestone 'Outline' was reached on 2026-03-02 already: nothing changed (another day: --on WHEN)."
            in again.stderr)
    [goal] = run.json("goal", "list")
    assert [m["done_on"] for m in goal["milestones"]] == ["2026-03-02"]

    moved = ok(run("goal", "done", "Public speaking", "Outline", "--on", "2026-03-01"))
    assert "Milestone 'Outline' reached on 2026-03-01 (it said 2026-03-02)." in moved.stderr
    [goal] = run.json("goal", "list")
    assert [m["done_on"] for m in goal["milestones"]] == ["2026-03-01"]


@pytest.mark.catalogue("S352")
def test_every_command_that_takes_a_day_says_how_a_numeric_one_was_read(run):
    def note(day: str, month: str, year: str) -> str:
        return f"read as {int(day)} {month} {year} (day/month: the default; [dates] order sets it)"

    said = ok(run("goal", "add", "Public speaking", "--by", "03/04/2027")).stderr
    assert f"03/04/2027 {note('03', 'April', '2027')}" in said
    said = ok(run("goal", "edit", "Public speaking", "--by", "04/05/2027")).stderr
    assert f"04/05/2027 {note('04', 'May', '2027')}" in said
    said = ok(run("goal", "milestone", "Public speaking", "Outline", "--due", "05/06/2027")).stderr
    assert f"05/06/2027 {note('05', 'June', '2027')}" in said
    said = ok(run("goal", "done", "Public speaking", "Outline", "--on", "02/03/2026")).stderr
    assert f"02/03/2026 {note('02', 'March', '2026')}" in said
    said = ok(run("add", "-l", "foresight", "Ask for the slides", "--revisit", "06/07/2027")).stderr
    assert f"06/07/2027 {note('06', 'July', '2027')}" in said
    said = ok(run("mentorship", "add", "Sam", "--since", "01/02/2026")).stderr
    assert f"01/02/2026 {note('01', 'February', '2026')}" in said
    said = ok(run("mentorship", "meeting", "Sam", "--next", "07/08/2027")).stderr
    assert f"07/08/2027 {note('07', 'August', '2027')}" in said
    # a day a plan names reads a weekday word forward: today, and the next one named
    said = ok(run("goal", "milestone", "Public speaking", "Dry run", "--due", "monday")).stderr
    assert "monday: today (Mon 23 Nov); say 'next monday' for Mon 30 Nov" in said
    # nothing to say, nothing said
    said = ok(run("goal", "milestone", "Public speaking", "Talk", "--due", "2027-01-15")).stderr
    assert said.strip() == "Added milestone 'Talk', due 2027-01-15."


@pytest.mark.catalogue("S353")
def test_a_revisit_comes_on_or_after_the_entry_s_own_day(run):

    fails(run("add", "-l", "foresight", "-d", "2026-11-20", "--revisit", "2026-11-10", "Plan the talk"), 2,
          "The revisit date 2026-11-10 is before the entry's day, 2026-11-20")
    assert run.json("list") == []
    ok(run("add", "-l", "foresight", "-d", "2026-11-20", "--revisit", "2026-11-25", "Plan the talk"))
    [entry] = run.json("list")
    fails(run("edit", entry["id"][:8], "-d", "2026-11-27"), 2, "before the entry's day, 2026-11-27")
    fails(run("edit", entry["id"][:8], "--revisit", "2026-11-19"), 2, "before the entry's day")
    ok(run("edit", entry["id"][:8], "-d", "2026-11-25"))  # the same day is the day itself
    [entry] = run.json("list")
    assert (entry["day"], entry["revisit_on"]) == ("2026-11-25", "2026-11-25")


@pytest.mark.catalogue("S357")
def test_due_lists_each_kind_longest_waiting_first(run, clock):
    clock.set(datetime(2026, 6, 1, 9, 0, tzinfo=clock.tzinfo))
    for title, by in (("Alpha", "2026-11-20"), ("Beta", "2026-08-01"), ("Gamma", "2026-07-01")):
        ok(run("goal", "add", title, "--by", by))
    clock.set(datetime(2026, 11, 23, 9, 30, tzinfo=clock.tzinfo))
    shown = ok(run("due", "-n", "1")).stdout
    assert "Goal target: Gamma (passed on 2026-07-01)" in shown and "Goal target: Alpha" not in shown
    assert [(d["kind"], d["title"]) for d in run.json("due")] == [
        ("target", "Gamma"), ("target", "Beta"), ("target", "Alpha"),
        ("quiet", "Alpha"), ("quiet", "Beta"), ("quiet", "Gamma")]  # quiet as long: by title


@pytest.mark.catalogue("S363")
def test_closing_a_closed_goal_again_is_refused_and_a_changed_outcome_keeps_the_note(run, clock):
    ok(run("goal", "add", "Public speaking"))
    clock.set(datetime(2026, 11, 20, 9, 0, tzinfo=clock.tzinfo))
    ok(run("goal", "close", "Public speaking", "--status", "achieved", "--note", "Gave the talk"))
    clock.set(datetime(2026, 11, 23, 9, 30, tzinfo=clock.tzinfo))
    [goal] = run.json("goal", "list", "--all")
    fails(run("goal", "close", "Public speaking", "--status", "abandoned"), 2,
          "was closed as achieved on 2026-11-20", f"journal goal status {goal['id'][:6]} abandoned")
    ok(run("goal", "status", "Public speaking", "abandoned"))
    [goal] = run.json("goal", "list", "--all")
    kept = (goal["status"], goal["closure_note"], goal["closed_at"][:10])
    assert kept == ("abandoned", "Gave the talk", "2026-11-20")


@pytest.mark.catalogue("S364")
def test_goal_add_and_edit_echo_the_target_day_they_read(run):
    said = ok(run("goal", "add", "Public speaking", "--by", "end of next month")).stderr
    assert "Created goal 'Public speaking' (" in said and "), target Thu 2026-12-31." in said
    said = ok(run("goal", "edit", "Public speaking", "--by", "friday")).stderr
    assert "Updated 'Public speaking': target date (Fri 2026-11-27)." in said


@pytest.mark.catalogue("S365")
def test_an_area_rated_twice_is_refused_and_an_empty_feedback_field_is_none(run):
    fails(run("add", "--rate", "goals=3", "--rate", "goals=4", "steady"), 2, "'goals' is rated twice")
    ok(run("add", "--rate", "goals=3", "steady"))
    [entry] = run.json("list")
    fails(run("edit", entry["id"][:8], "--rate", "rel=2", "--rate", "relationship="), 2,
          "'relationship' is rated twice")
    ok(run("add", "--from", "", "a plain note"))
    kinds = sorted(e["kind"] for e in run.json("list"))
    assert kinds == ["check-in", "note"]


@pytest.mark.catalogue("S366")
def test_every_json_moment_is_written_one_way_and_a_long_number_is_said_cut(run):
    ok(run("mentorship", "add", "Sam"))
    ok(run("agreement", "set", "Sam", "ground-rules", "Cameras on"))
    [event] = [e for e in run.json("agreement", "history", "Sam") if e["part"]]
    assert event["at"].endswith("Z") and "+00:00" not in event["at"]
    ok(run("shortlist", "new", "Find a mentor"))
    shown = run.json("shortlist", "show", "Find a mentor")
    assert shown["created_at"].endswith("Z") and shown["updated_at"].endswith("Z")
    ok(run("gap", "add", "Public speaking"))
    fails(run("gap", "remove", "99999999999999999999"), 2, "No gap 999999999999…: there is only gap 1.")
