"""`journal timeline` and `journal mentorship meeting` through click, on a fixed clock."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

import journal.cli.app as app
import journal.cli.state as state
from journal.services import EntryInput


@pytest.fixture
def run(db_path, clock, monkeypatch, journal):
    """Invoke `journal --db DB ARGS...` in-process; `journal` has created the file."""
    monkeypatch.setattr(state, "make_clock", lambda: clock)
    monkeypatch.setenv("COLUMNS", "200")
    runner = CliRunner()

    def invoke(*args: str, env: dict | None = None):
        return runner.invoke(app.cli, ["--db", str(db_path), *args], env=env)

    return invoke


def add(journal, body, lens="hindsight", when=None, **kw):
    return journal.entries.write(EntryInput(body=body, lens=lens, when=when, **kw))


@pytest.fixture
def story(journal, clock):
    """A mentorship, two goals, entries over two months, milestones, an edit and a status change.

    The fixed today is Mon 2026-11-23 (Europe/Berlin).
    """
    m = journal.mentorships.add("Ada", focus="Speaking", since="2026-09-01", check_in_every=14)
    journal.goals.add("Public speaking", specific="Give a talk", mentorship="Ada")
    journal.goals.add("Rust", mentorship="Ada")
    journal.goals.add("Other")
    add(journal, "Planned the outline", "foresight", "2026-09-28 09:00", goals=["Public"], tags=["talk"],
        title="Outline plan", revisit="2026-11-30")
    add(journal, "Gave a dry run", "hindsight", "2026-09-29", goals=["Public"], tags=["talk"], starred=True)
    add(journal, "Fear is about the first minute", "insight", "2026-10-01 20:15", goals=["Public"])
    add(journal, "Ada: slow down", "insight", "2026-10-02", goals=["Public"], kind="meeting", title="Meeting with Ada")
    add(journal, "Borrow checker finally clicked", "insight", "2026-10-03", goals=["Rust"], tags=["talk"])
    add(journal, "Meetup talk went well", "hindsight", "2026-11-05", goals=["Public"])
    add(journal, "Unrelated note", "hindsight", "2026-11-10", tags=["misc"])
    journal.goals.add_milestone("Public", "Outline", due="2026-09-30")
    journal.goals.milestone_done("Public", "Outline", on="2026-09-29")
    journal.goals.add_milestone("Public", "Meetup talk", due="2026-11-01")
    journal.goals.milestone_done("Public", "Meetup talk", on="2026-11-05")
    journal.goals.add_milestone("Public", "Recording", due="2026-11-15")
    journal.goals.add_milestone("Public", "Conference", due="2026-12-15")
    journal.goals.edit("Public", specific="Give a 5-minute talk")
    journal.goals.set_status("Rust", "paused")
    return m


def test_goal_timeline_text_by_day(run, story):
    result = run("timeline", "Public")
    assert result.exit_code == 0, result.output
    out = result.stdout
    lines = out.splitlines()
    assert lines[0].startswith("Goal: Public speaking  2026-09-28 – 2026-12-15  5 entries")
    assert lines[1].startswith("lenses by week")
    assert "Mon 2026-09-28  09:00 ▶ foresight Outline plan" in out
    assert "✓ done      Outline  done (due 2026-09-30)" in out
    assert "✗ missed    Meetup talk  missed; done 4 days late on 2026-11-05" in out
    assert "✗ missed    Recording  missed; open 8 days past due" in out
    assert "◇ due       Conference  due in 22 days" in out
    assert "☉ meeting   Meeting with Ada" not in out  # a meeting entry shows its lens
    assert "◆ meeting   Meeting with Ada" in out
    assert "┄ gap       no entries until 2026-11-04  quiet for 33 days" in out
    assert "↻ revisit   Outline plan  revisit foresight of 2026-09-28" in out
    assert "✎ edit      Public speaking  specific: Give a talk → Give a 5-minute talk" in out
    assert "★" in out
    assert "Rust" not in out and "Unrelated" not in out
    assert "\x1b" not in out
    # the date gutter is printed once per day
    assert out.count("Mon 2026-11-23") == 1


def test_goal_timeline_by_week_and_month_text(run, story):
    week = run("timeline", "Public", "--by", "week")
    assert week.exit_code == 0, week.output
    rows = week.stdout.splitlines()[3:]  # weeks read as dates (issue 16), not 2026-W40
    assert rows[0].startswith("28 Sep–4 Oct 2026  ◀  1 ◆  2 ▶  1  ██████████    4")
    assert len(rows) == 12 and rows[-1].startswith("14–20 Dec 2026     ◀  0 ◆  0 ▶  0")
    assert rows[2].startswith("12–18 Oct 2026     ◀  0 ◆  0 ▶  0")
    assert "W4" not in week.stdout
    assert week.stdout.splitlines()[1] == "lenses by week   ◆····◀······"
    month = run("timeline", "Public", "--by", "month")
    rows = month.stdout.splitlines()[3:]
    assert [r[:8] for r in rows] == ["Sep 2026", "Oct 2026", "Nov 2026", "Dec 2026"]
    assert "lenses by month  ◀◆◀·"  # September: ◀1 ▶1, a tie goes to hindsight in month.stdout


@pytest.mark.parametrize("by", ["day", "week", "month"])
def test_json_shape_at_each_zoom(run, story, by):
    result = run("timeline", "Public", "--by", by, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["title", "by", "today", "gap_days", "events", "buckets"]
    assert (data["title"], data["by"], data["today"], data["gap_days"]) == \
        ("Goal: Public speaking", by, "2026-11-23", 14)
    event = data["events"][0]
    assert list(event) == ["day", "time", "kind", "title", "detail", "lens", "entry_id", "short_id", "goal_id",
                           "starred"]
    assert (event["day"], event["time"], event["kind"], event["lens"]) == ("2026-09-28", "09:00", "entry", "foresight")
    assert len(event["short_id"]) >= 6 and event["entry_id"].startswith(event["short_id"])
    bucket = data["buckets"][0]
    assert list(bucket) == ["start", "end", "label", "lens_counts", "entries", "events"]
    covered = sorted(i for b in data["buckets"] for i in b["events"])
    assert covered == list(range(len(data["events"])))
    assert sum(b["entries"] for b in data["buckets"]) == 5
    labels = {"day": "2026-09-28", "week": "2026-W40", "month": "2026-09"}
    assert bucket["label"] == labels[by]
    kinds = [e["kind"] for e in data["events"]]
    for kind in ("entry", "meeting", "milestone-done", "milestone-missed", "milestone-due", "goal-created",
                 "goal-edit", "gap", "foresight-due"):
        assert kind in kinds


def test_mentorship_timeline_covers_all_its_goals_and_the_next_meeting(run, story, journal):
    journal.mentorships.plan_meeting("Ada", "2026-11-30")
    result = run("timeline", "--mentorship", "Ada", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["title"] == "Mentorship with Ada"
    titles = [e["title"] for e in data["events"]]
    assert "Borrow checker finally clicked" in titles
    assert "Unrelated note" not in titles
    assert any(e["kind"] == "goal-status" and e["detail"] == "status active → paused" for e in data["events"])
    planned = [e for e in data["events"] if e["kind"] == "meeting" and e["entry_id"] is None]
    assert [(e["day"], e["title"]) for e in planned] == [("2026-11-30", "Meeting with Ada")]
    text = run("timeline", "--mentorship", "Ada", "--by", "week")
    assert text.exit_code == 0
    assert "⚑ Rust: active → paused" in text.stdout


def test_tag_timeline_and_whole_journal(run, story):
    result = run("timeline", "--tag", "#Talk", "--format", "json")
    data = json.loads(result.stdout)
    assert data["title"] == "Tag: #talk"
    assert [e["title"] for e in data["events"] if e["kind"] == "entry"] == [
        "Outline plan", "Gave a dry run", "Borrow checker finally clicked"]
    assert not any(e["kind"].startswith("goal") for e in data["events"])
    narrowed = json.loads(run("timeline", "Public", "--tag", "talk", "--format", "json").stdout)
    assert narrowed["title"] == "Goal: Public speaking · #talk"
    assert [e["title"] for e in narrowed["events"] if e["kind"] == "entry"] == ["Outline plan", "Gave a dry run"]
    whole = json.loads(run("timeline", "--format", "json").stdout)
    assert whole["title"] == "Whole journal"
    assert sum(b["entries"] for b in whole["buckets"]) == 7
    assert {e["title"] for e in whole["events"] if e["kind"] == "goal-created"} == {"Public speaking", "Rust", "Other"}


def test_gap_days_option(run, story):
    data = json.loads(run("timeline", "Public", "--gap-days", "40", "--format", "json").stdout)
    assert not any(e["kind"] == "gap" for e in data["events"])
    data = json.loads(run("timeline", "Public", "--gap-days", "1", "--format", "json").stdout)
    assert [e["detail"] for e in data["events"] if e["kind"] == "gap"] == ["quiet for 1 day", "quiet for 33 days"]
    bad = run("timeline", "--gap-days", "0")
    assert bad.exit_code == 2


def test_unknown_goal_is_exit_2_and_one_line(run, story):
    result = run("timeline", "Nope")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "No goal matches 'Nope'" in result.stderr
    both = run("timeline", "Public", "--mentorship", "Ada")
    assert both.exit_code == 2 and len(both.stderr.strip().splitlines()) == 1


def test_empty_timeline_says_so_on_stderr(run, journal):
    journal.goals.add("Quiet goal")
    result = run("timeline", "--tag", "nothing")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "nothing on this timeline yet" in result.stderr
    data = json.loads(run("timeline", "--tag", "nothing", "--format", "json").stdout)
    assert data["events"] == [] and data["buckets"] == []


NASTY = "Boss [/bold] fight \x1b]0;x\x07 [red]x"


@pytest.mark.parametrize("by", ["day", "week"])
def test_hostile_titles_render_literally(run, journal, by):
    journal.goals.add(NASTY)
    add(journal, "text", "hindsight", "2026-11-20", goals=["Boss"], title="[bold]not bold[/bold] \x1b[31m")
    journal.goals.add_milestone("Boss", "[link=http://x]m[/link]", due="2026-11-30")
    result = run("timeline", "Boss", "--by", by)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\x1b" not in out and "\x07" not in out
    assert "Goal: Boss [/bold] fight \\x1b]0;x\\x07 [red]x" in out
    if by == "day":
        assert "[bold]not bold[/bold] \\x1b[31m" in out
        assert "[link=http://x]m[/link]" in out
    else:
        assert "◇ [link=http://x]m[/link]" in out


def test_colour_when_forced_and_no_color_honoured(db_path, clock, monkeypatch, journal, story):
    monkeypatch.setattr(state, "make_clock", lambda: clock)
    journal.goals.add(NASTY)
    add(journal, "text", "insight", "2026-11-20", goals=["Boss"])
    runner = CliRunner()
    args = ["--db", str(db_path), "timeline", "Boss"]
    coloured = runner.invoke(app.cli, args, color=True).stdout
    assert "\x1b[" in coloured  # lens colours (SGR only)
    assert "\x1b]" not in coloured and "\x07" not in coloured  # the title's OSC stays escaped
    monkeypatch.setenv("NO_COLOR", "1")
    plain = runner.invoke(app.cli, args, color=True).stdout
    assert "\x1b" not in plain
    assert "◆ insight" in plain


def test_mentorship_meeting(run, story, journal):
    result = run("mentorship", "meeting", "Ada", "--next", "next tuesday")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [  # the weekday word's reading, as an entry's date says it (S352)
        "Next meeting with Ada: Tue 2026-11-24.",
        "next tuesday: Tue 24 Nov, this week's; for the Tuesday of next week say 2026-12-01"]
    assert result.stdout == ""
    assert journal.mentorships.get("Ada").next_meeting_on.isoformat() == "2026-11-24"
    # without --next: today + the check-in rhythm (14 days)
    result = run("mentorship", "meeting", "Ada")
    assert result.stderr.strip() == "Next meeting with Ada: Mon 2026-12-07."
    shown = json.loads(run("mentorship", "show", "Ada", "--format", "json").stdout)
    assert shown["next_meeting_on"] == "2026-12-07"


def test_mentorship_meeting_errors(run, journal):
    journal.mentorships.add("Grace")
    no_rhythm = run("mentorship", "meeting", "Grace")
    assert no_rhythm.exit_code == 2 and "--next" in no_rhythm.stderr
    past = run("mentorship", "meeting", "Grace", "--next", "yesterday")
    assert past.exit_code == 2 and "past" in past.stderr
    bad = run("mentorship", "meeting", "Grace", "--next", "someday")
    assert bad.exit_code == 2 and "Invalid date" in bad.stderr
    journal.mentorships.close("Grace")
    closed = run("mentorship", "meeting", "Grace", "--next", "tomorrow")
    assert closed.exit_code == 2 and "closed" in closed.stderr


def test_timeline_module_does_not_import_rich_until_the_command_runs():
    code = (
        "import sys, journal.cli.app, journal.cli.timeline, journal.domain.timeline, journal.store.timeline\n"
        "print('rich' in sys.modules or any(m.startswith('rich.') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
