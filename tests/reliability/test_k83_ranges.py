"""K83: cadences and dates out of range are refused where they enter, and a journal that
already holds such values (written before the ranges, or by hand) still reads everywhere.

Ranges (journal/domain/dates.py): days 1000-01-01 to 2999-12-31; cadences 1 to 3650 days.
"""

from __future__ import annotations

import json

import pytest

from journal.store import engine
from journal.services import EntryInput
from journal.tui.app import make_app
from journal.tui.screens.timeline import TimelineScreen

RANGE = "1000-01-01 to 2999-12-31"


def one_line(result) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def refused(result, *words: str) -> None:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    line = one_line(result)
    for word in words:
        assert word in line, line


# ------------------------------------------------------------------ where values enter
@pytest.mark.catalogue("K83")
def test_cadences_out_of_range_are_refused_and_nothing_is_written(run):
    for days in ("3000000", "3651", "0", "-1"):
        refused(run("goal", "add", "Talks", "--review-every", days), "--review-every", "1 to 3650")
        refused(run("mentorship", "add", "Ada", "--check-in-every", days), "--check-in-every", "1 to 3650")
    assert run.json("goal", "list") == [] and run.json("mentorship", "list") == []
    assert run("goal", "add", "Talks", "--review-every", "3650").exit_code == 0
    assert run("mentorship", "add", "Ada", "--check-in-every", "1").exit_code == 0
    refused(run("goal", "edit", "Talks", "--review-every", "3000000"), "--review-every")
    assert run.json("goal", "show", "Talks")["review_every"] == 3650


def _typed_dates(run) -> list[tuple[str, ...]]:
    """Every command that takes a typed date, with the date last."""
    run("goal", "add", "Talks")
    run("goal", "milestone", "Talks", "Outline")
    run("mentorship", "add", "Ada")
    entry = run("add", "x", "-l", "foresight").stderr.split()[1]
    assert run("show", entry).exit_code == 0
    return [
        ("add", "far", "-l", "foresight", "-d"), ("add", "far", "-l", "foresight", "--revisit"),
        ("edit", entry, "--date"), ("edit", entry, "--revisit"),
        ("goal", "add", "Later", "--by"), ("goal", "edit", "Talks", "--by"),
        ("goal", "milestone", "Talks", "Step", "--due"), ("goal", "done", "Talks", "Outline", "--on"),
        ("mentorship", "add", "Bea", "--since"), ("mentorship", "meeting", "Ada", "--next"),
        ("mentorship", "close", "Ada", "--on"),
    ]


@pytest.mark.parametrize("when", ["9999-12-31", "3000-01-01", "0999-12-31", "in 2000 years"])
@pytest.mark.catalogue("K83")
def test_dates_out_of_range_are_refused_by_every_command_that_takes_one(run, when):
    for args in _typed_dates(run):
        before = (run.json("list"), run.json("goal", "list"), run.json("mentorship", "list"))
        refused(run(*args, when), RANGE)
        assert (run.json("list"), run.json("goal", "list"), run.json("mentorship", "list")) == before, args


@pytest.mark.catalogue("K83")
def test_the_last_accepted_day_still_saves(run):
    assert run("add", "letter to the future", "-l", "foresight", "-d", "2999-12-31").exit_code == 0
    assert run("goal", "add", "Long game", "--by", "2999-12-31").exit_code == 0
    assert run("add", "old diary", "-d", "1000-01-01").exit_code == 0


def _export(run, tmp_path) -> dict:
    run("mentorship", "add", "Ada", "--check-in-every", "14")
    run("goal", "add", "Talks", "--review-every", "7", "--mentorship", "Ada", "--by", "2027-01-31")
    run("goal", "milestone", "Talks", "Outline", "--due", "2026-12-01")
    run("add", "plan", "-l", "foresight", "-g", "Talks", "--revisit", "2026-12-01")
    target = tmp_path / "export.json"
    assert run("export", "-o", target).exit_code == 0
    return json.loads(target.read_text(encoding="utf-8"))


@pytest.mark.parametrize("where,value,path", [
    (("entries", 0, "day"), "9999-12-31", "entries[0].day"),
    (("entries", 0, "revisit_on"), "0001-01-01", "entries[0].revisit_on"),
    (("entries", 0, "created_at"), "9999-12-31T23:59:59Z", "entries[0].created_at"),
    (("goals", 0, "time_bound"), "9999-12-31", "goals[0].time_bound"),
    (("goals", 0, "review_every"), 3000000, "goals[0].review_every"),
    (("goals", 0, "created_at"), "0001-01-01T00:00:00Z", "goals[0].created_at"),
    (("goals", 0, "milestones", 0, "due_on"), "9999-12-31", "goals[0].milestones[0].due_on"),
    (("mentorships", 0, "started_on"), "9999-12-31", "mentorships[0].started_on"),
    (("mentorships", 0, "next_meeting_on"), "9999-12-31", "mentorships[0].next_meeting_on"),
    (("mentorships", 0, "check_in_every"), 3000000, "mentorships[0].check_in_every"),
])
@pytest.mark.catalogue("K83")
def test_an_import_with_values_out_of_range_is_refused_naming_the_field(run, tmp_path, where, value, path):
    data = _export(run, tmp_path)
    node = data
    for step in where[:-1]:
        node = node[step]
    node[where[-1]] = value
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    before = run.json("list")
    result = run("import", bad)
    assert result.exit_code == 65, (result.stdout, result.stderr)
    line = one_line(result)
    assert path in line, line
    assert run.json("list") == before


# ------------------------------------------------------------------ what is already stored
def _plant(db_path) -> None:
    """Out-of-range values written straight into SQLite, as an older version could have."""
    conn = engine.driver.connect(db_path)
    with conn:
        conn.execute("UPDATE goals SET review_every = 3000000, time_bound = '9999-12-31'")
        conn.execute("UPDATE goals SET created_at = '9999-12-31T23:59:59Z' WHERE title = 'Other'")
        conn.execute("UPDATE goal_history SET at = '9999-12-31T23:59:59Z' WHERE goal_id IN "
                     "(SELECT id FROM goals WHERE title = 'Other')")
        conn.execute("UPDATE milestones SET due_on = '9999-12-31'")
        conn.execute("UPDATE mentorships SET check_in_every = 3000000, next_meeting_on = '9999-12-31'")
        conn.execute("UPDATE entries SET day = '9999-12-31', revisit_on = '9999-12-31' WHERE lens = 'foresight'")
    conn.close()


@pytest.fixture
def stored(journal, db_path):
    m = journal.mentorships.add("Ada", check_in_every=14, since="2026-09-01")
    journal.goals.add("Talks", review_every=7, mentorship=m.id)
    journal.goals.add("Other", review_every=7)
    journal.goals.add_milestone("Talks", "Outline", "2026-12-01")
    journal.entries.write(EntryInput("what happened", lens="hindsight", goals=["Talks"], when="2026-11-20"))
    journal.entries.write(EntryInput("what next", lens="foresight", goals=["Talks"], revisit="2026-12-01",
                                     when="2026-11-22"))
    journal.entries.write(EntryInput("a note", lens="insight", goals=["Other"], when="2026-11-21"))
    _plant(db_path)
    return journal


READERS = [
    ("due",), ("due", "--format", "json"),
    ("timeline",), ("timeline", "--by", "week"), ("timeline", "--by", "month"), ("timeline", "--format", "json"),
    ("timeline", "Talks", "--by", "week"), ("timeline", "--mentorship", "Ada", "--by", "month"),
    ("timeline", "Other", "--by", "day"),
    ("retro", "Talks"), ("retro", "Talks", "--format", "html"), ("retro", "Talks", "--format", "json"),
    ("retro", "--mentorship", "Ada"), ("retro", "Other", "--format", "json"),
    ("goal", "list"), ("goal", "list", "--format", "json"), ("goal", "show", "Talks"), ("goal", "show", "Other"),
    ("goal", "edit", "Talks", "--specific", "still editable"), ("export",),
    ("mentorship", "show", "Ada"), ("mentorship", "list"), ("list",), ("streak",),
]


@pytest.mark.parametrize("args", READERS, ids=" ".join)
@pytest.mark.catalogue("K83")
def test_every_reader_survives_out_of_range_values_already_stored(stored, run, args):
    result = run(*args)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


@pytest.mark.catalogue("K83")
def test_a_weekly_timeline_over_centuries_stays_small(stored, run):
    """Week and month zoom list only periods with events once a span would take thousands of rows."""
    result = run("timeline", "--by", "week")
    # the last week, 9999-W52, is said in dates and ends where dates end (31 Dec 9999)
    assert len(result.stdout.splitlines()) < 50 and "27–31 Dec 9999" in result.stdout
    data = json.loads(run("retro", "Talks", "--format", "json").stdout)
    assert len(json.dumps(data)) < 200_000


@pytest.mark.catalogue("K83")
def test_planning_a_meeting_from_a_stored_cadence_out_of_range_is_one_line(stored, run):
    refused(run("mentorship", "meeting", "Ada"), "--next")
    assert run("mentorship", "meeting", "Ada", "--next", "2026-12-01").exit_code == 0


@pytest.mark.catalogue("K83")
async def test_the_tui_home_and_timeline_open_on_out_of_range_values(stored, clock):
    app = make_app(journal=stored, clock=clock)
    async with app.run_test(size=(110, 36)) as pilot:
        await pilot.pause()
        assert app.screen.__class__.__name__ == "HomeScreen"
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        for key in ("2", "3", "1"):
            await pilot.press(key)
            await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        for keys, screen in ((("escape", "g"), "GoalsScreen"), (("enter",), "GoalScreen"),
                             (("escape", "escape", "m"), "MentorshipsScreen"), (("enter",), "MentorshipScreen")):
            await pilot.press(*keys)
            await pilot.pause()
            assert app.screen.__class__.__name__ == screen
    assert app.return_code in (0, None)
