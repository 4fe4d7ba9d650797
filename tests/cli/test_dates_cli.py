"""Dates through the real CLI (issue 19): the forms the README promises, numeric dates in the
order the setting or the locale says (and the echo saying which), a moment moved into the
journal's zone, weekday words that mean today, and filters that take a whole period."""

from __future__ import annotations

import pytest

from journal import config


@pytest.fixture(autouse=True)
def british(monkeypatch):
    """A day-first locale unless a test says otherwise."""
    for name in ("LC_ALL", "LC_TIME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")


def write_config(text: str) -> None:
    path = config.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def saved(run, *args):
    result = run("add", *args)
    assert result.exit_code == 0, result.stderr
    return result.stderr.splitlines()


@pytest.mark.catalogue("Q126", "Q130")
@pytest.mark.parametrize(
    ("typed", "day", "time"),
    [("2026-03-10 7:30pm", "2026-03-10", "19:30"), ("2026-03-10 at 9:05", "2026-03-10", "09:05"),
     ("2026-03-10 9am", "2026-03-10", "09:00"), ("sunday at noon", "2026-11-22", "12:00"),
     ("3d ago", "2026-11-20", None), ("last week", "2026-11-16", None), ("last month", "2026-10-23", None),
     ("25.12.2025", "2025-12-25", None), ("2025/12/25", "2025-12-25", None)],
)
def test_the_forms_people_type_are_saved_and_echoed(run, typed, day, time):
    [line] = saved(run, "x", "-d", typed)
    assert line.startswith("Saved ") and f" {day}{' ' + time if time else ''} (hindsight)" in line
    [entry] = run.json("list")
    assert (entry["day"], entry["time"]) == (day, time)


@pytest.mark.catalogue("Q127")
def test_an_ambiguous_numeric_date_follows_the_locale_and_says_so(run, monkeypatch):
    lines = saved(run, "x", "-d", "3/7/2014")
    assert lines[1] == "3/7/2014 read as 3 July 2014 (day/month: the locale en_GB.UTF-8; [dates] order sets it)"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    lines = saved(run, "y", "-d", "3/7/2014")
    assert "Fri 2014-03-07" in lines[0]
    assert lines[1] == "3/7/2014 read as 7 March 2014 (month/day: the locale en_US.UTF-8; [dates] order sets it)"
    assert sorted(e["day"] for e in run.json("list")) == ["2014-03-07", "2014-07-03"]


@pytest.mark.catalogue("Q127")
def test_the_setting_decides_over_the_locale(run, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    write_config('[dates]\norder = "dmy"\n')
    lines = saved(run, "x", "-d", "3/7/2014 9am")
    assert "Thu 2014-07-03 09:00" in lines[0]
    assert lines[1] == "3/7/2014 read as 3 July 2014 (day/month: [dates] order)"
    assert len(saved(run, "y", "-d", "25/12/2025")) == 1  # one reading only: nothing to say


@pytest.mark.catalogue("Q131")
def test_a_moment_with_an_offset_is_moved_into_the_journals_zone_and_says_so(run):
    lines = saved(run, "x", "-d", "2020-05-22T15:55-04:00")
    assert "Fri 2020-05-22 21:55" in lines[0]
    assert lines[1] == "2020-05-22T15:55-04:00 is Fri 22 May 2020 21:55 in Europe/Berlin, the journal's time zone"
    [entry] = run.json("list")
    assert (entry["day"], entry["time"], entry["tz"]) == ("2020-05-22", "21:55", "Europe/Berlin")


@pytest.mark.catalogue("Q128")
def test_a_weekday_word_meaning_today_says_so_on_add_and_edit(run):
    lines = saved(run, "x", "-d", "monday")
    assert lines[1] == "monday: today (Mon 23 Nov); say 'last monday' for Mon 16 Nov"
    entry_id = run.json("list")[0]["id"]
    assert len(saved(run, "y", "-d", "friday")) == 1  # the most recent Friday: nothing to say
    result = run("edit", entry_id[:8], "-d", "this friday")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[1] == ("this friday: Fri 20 Nov, the most recent one (last week's); "
                                             "this week's is Fri 27 Nov, 'next friday'")


@pytest.mark.catalogue("Q130")
@pytest.mark.parametrize(("typed", "words"), [
    ("13/13/2020", "13 is not a month"), ("31.02.2025", "February 2025 has no day 31"),
    ("next blursday", "Accepted forms"), ("tomorrow-ish", "Accepted forms"),
    ("june 2013", "it is a whole month (June 2013); give one day of it here"),
])
def test_a_date_outside_the_forms_is_one_line_and_nothing_is_saved(run, typed, words):
    result = run("add", "x", "-d", typed)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"journal: Invalid date '{typed}'") and words in line and "Accepted forms" in line
    assert run.json("list") == []


# ------------------------------------------------------------------ filters take periods
@pytest.fixture
def dated(run):
    """An entry on each of these days (the fixed clock: Monday 23 Nov 2026)."""
    days = ["2013-05-31", "2013-06-01", "2013-06-30", "2013-07-01", "2025-01-01", "2025-12-31",
            "2026-10-01", "2026-10-31", "2026-11-15", "2026-11-16", "2026-11-22", "2026-11-23"]
    for day in days:
        assert run("add", f"on {day}", "-d", day).exit_code == 0
    return days


def listed(run, *args):
    result = run("list", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    import json

    return sorted(e["day"] for e in json.loads(result.stdout)), result.stderr


@pytest.mark.catalogue("Q129")
@pytest.mark.parametrize(
    ("args", "days"),
    [
        (("--on", "june 2013"), ["2013-06-01", "2013-06-30"]),
        (("--on", "2025"), ["2025-01-01", "2025-12-31"]),
        (("--on", "last week"), ["2026-11-16", "2026-11-22"]),
        (("--on", "this week"), ["2026-11-23"]),
        (("--on", "last month"), ["2026-10-01", "2026-10-31"]),
        (("--from", "last month"), ["2026-10-01", "2026-10-31", "2026-11-15", "2026-11-16", "2026-11-22",
                                    "2026-11-23"]),
        (("--to", "june 2013"), ["2013-05-31", "2013-06-01", "2013-06-30"]),
        (("--from", "june 2013", "--to", "2025"), ["2013-06-01", "2013-06-30", "2013-07-01", "2025-01-01",
                                                   "2025-12-31"]),
        (("--on", "yesterday"), ["2026-11-22"]),
        (("--on", "1.6.2013"), ["2013-06-01"]),
    ],
)
def test_filters_take_a_period_whole(run, dated, args, days):
    assert listed(run, *args)[0] == days


@pytest.mark.catalogue("Q129")
def test_search_takes_periods_too_and_a_filters_note_stays_off_stdout(run, dated, monkeypatch):
    result = run("search", "on", "--on", "june 2013", "--format", "json")
    assert result.exit_code == 0 and len(__import__("json").loads(result.stdout)) == 2
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    days, stderr = listed(run, "--on", "6/1/2013")
    assert days == ["2013-06-01"]
    assert stderr.strip() == "6/1/2013 read as 1 June 2013 (month/day: the locale en_US.UTF-8; [dates] order sets it)"


def test_a_filter_with_a_time_or_an_unknown_word_is_refused(run):
    for args, words in ((("--on", "yesterday 9am"), "without a time"), (("--from", "whenever"), "Accepted forms")):
        result = run("list", *args)
        assert result.exit_code == 2 and words in result.stderr and "Traceback" not in result.stderr


@pytest.mark.catalogue("S520")
def test_a_time_the_clocks_skipped_is_read_as_the_time_they_showed(run):
    """Helper review: `-d "2026-03-29 02:30"` in Berlin (the clocks went from 02:00 to 03:00)
    was saved as 02:30 without a word. It is 03:30, and the echo says why; the hour that came
    twice in October is kept as typed (its first time)."""
    lines = saved(run, "in the skipped hour", "-d", "2026-03-29 02:30")
    assert lines[0].startswith("Saved") and "Sun 2026-03-29 03:30" in lines[0]
    assert "02:30 did not happen on 2026-03-29 (the clocks went forward): read as 03:30" in lines
    assert run.json("list", "-n", "1")[0]["time"] == "03:30"
    lines = saved(run, "the hour that came twice", "-d", "2026-10-25 02:30")
    assert "Sun 2026-10-25 02:30" in lines[0] and len(lines) == 1
