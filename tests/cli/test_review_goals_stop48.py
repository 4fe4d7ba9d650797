"""Goals from the command line: a milestone corrected (S539), the entries per lens of a closed goal
(S544), a history of one moment exported and imported (S545)."""

from __future__ import annotations

import pytest

from tests.cli.expect import fails, ok


@pytest.mark.catalogue("S539")
def test_a_milestone_is_corrected_from_the_command_line(run):
    ok(run("goal", "add", "Speaking up"))
    ok(run("goal", "milestone", "Speaking", "Frist talk", "--due", "2026-12-04"))
    ok(run("goal", "milestone", "Speaking", "Second talk"))
    said = ok(run("goal", "milestone-edit", "Speaking", "frist", "--title", "First talk", "--due", "2026-12-11"))
    assert "Milestone 'First talk': title, due 2026-12-11." in said.stderr
    ok(run("goal", "done", "Speaking", "First"))
    said = ok(run("goal", "milestone-edit", "Speaking", "First", "--not-done", "--no-due"))
    assert "no due day, not reached" in said.stderr
    assert "no changes" in ok(run("goal", "milestone-edit", "Speaking", "First", "--title", "First talk")).stderr
    fails(run("goal", "milestone-edit", "Speaking", "First"), 2, "Say what to change")
    fails(run("goal", "milestone-edit", "Speaking", "First", "--title", "second TALK"), 2, "already has a milestone")
    fails(run("goal", "milestone-edit", "Speaking", "First", "--due", "friday", "--no-due"), 2, "not both")
    [goal] = run.json("goal", "list")
    shown = run.json("goal", "show", goal["id"])
    first = next(m for m in shown["milestones"] if m["title"] == "First talk")
    assert first["due_on"] is None and first["done_on"] is None


@pytest.mark.catalogue("S544")
def test_a_goals_entries_per_lens_leave_its_closure_answers_out(run):
    ok(run("goal", "add", "Write weekly"))
    ok(run("add", "-g", "Write", "-l", "h", "One real entry"))
    for lens, answer in (("h", "It slipped."), ("h", "Too ambitious."), ("f", "Smaller next time.")):
        ok(run("add", "-g", "Write", "--kind", "closure", "-l", lens, "--title", "A closure question", answer))
    ok(run("goal", "close", "Write", "--status", "abandoned"))
    listed = ok(run("goal", "list", "--all")).stdout
    assert "◀1 ◆0 ▶0" in listed  # the one entry written; the three answers are the retrospective's
    [goal] = run.json("goal", "list", "--all")
    assert goal["entries"] == {"hindsight": 1, "insight": 0, "foresight": 0}


@pytest.mark.catalogue("S545")
def test_a_history_made_in_one_moment_comes_back_in_its_order_from_an_export(run, tmp_path):
    ok(run("shortlist", "new", "Leadership"))
    for name in ("Ada Byron", "Cy Dee"):
        ok(run("shortlist", "candidate", "add", "Lead", name))
    ok(run("shortlist", "choose", "Lead", "Ada"))  # adds the mentorship, then says where it was chosen
    told = ok(run("agreement", "history", "Ada")).stdout
    assert told.index("Mentorship added") < told.index("Chosen from 2 candidates")
    ok(run("export", "-o", tmp_path / "x.json"))
    other = tmp_path / "other" / "j.db"
    ok(run("init", other, db=False))
    ok(run("--db", other, "import", tmp_path / "x.json", db=False))
    assert ok(run("--db", other, "agreement", "history", "Ada", db=False)).stdout == told


@pytest.mark.catalogue("S552")
def test_init_on_an_empty_file_others_could_read_makes_it_0600(run, tmp_path):
    import os
    import stat

    target = tmp_path / "mine" / "j.db"
    target.parent.mkdir()
    target.touch(mode=0o644)
    os.chmod(target, 0o644)  # as `touch` leaves it under a usual umask
    fails(run("--db", target, "list", db=False), 1, "is empty, not a journal", "journal init")
    ok(run("init", target, db=False))
    ok(run("--db", target, "add", "private words", db=False))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "0644" not in ok(run("--db", target, "doctor", db=False)).stdout


@pytest.mark.catalogue("S557")
def test_the_retrospective_of_an_open_goal_past_its_target_says_so(run, clock):
    from datetime import datetime

    ok(run("goal", "add", "Write blog", "--by", "2026-11-30"))
    ok(run("add", "-g", "Write", "Started the blog"))
    clock.set(datetime(2026, 12, 14, 9, 30, tzinfo=clock.tzinfo))
    page = ok(run("retro", "Write")).stdout
    assert "**Outcome:** Still open; its target date (2026-11-30) passed 14 days ago" in page
    ok(run("goal", "status", "Write", "paused"))
    assert "Paused; its target date (2026-11-30) passed 14 days ago" in ok(run("retro", "Write")).stdout


@pytest.mark.catalogue("S558")
@pytest.mark.parametrize("content", ["sqlite", "text", "empty"])
def test_a_file_that_is_no_journal_gets_no_folder_beside_it(run, tmp_path, content):
    import sqlite3

    other = tmp_path / "other" / "app.db"
    other.parent.mkdir()
    if content == "sqlite":
        sqlite3.connect(other).execute("CREATE TABLE notes (x)").connection.close()
    else:
        other.write_text("dear diary" if content == "text" else "", encoding="utf-8")
    said = {"sqlite": "nothing was changed", "text": "is not a journal", "empty": "journal init"}[content]
    fails(run("--db", other, "list", db=False), 1, said)
    assert sorted(p.name for p in other.parent.iterdir()) == ["app.db"]


@pytest.mark.catalogue("S559")
def test_a_gap_that_runs_up_to_the_closure_conversation_says_so(run):
    ok(run("goal", "add", "Write weekly"))
    ok(run("add", "-g", "Write", "-d", "2026-09-01", "First"))
    ok(run("add", "-g", "Write", "-d", "2026-09-03", "Second"))
    ok(run("add", "-g", "Write", "-d", "2026-10-20", "--kind", "closure", "-l", "i", "--title", "What I learned",
           "Smaller steps"))
    page = ok(run("retro", "Write")).stdout
    assert "2026-09-01 – 2026-09-03" in page  # the span: the entries written
    assert "46 days (2026-09-04 – 2026-10-19), up to the closure conversation" in page


@pytest.mark.catalogue("S561")
def test_an_open_milestone_without_a_day_is_marked_as_the_app_marks_it(run):
    ok(run("goal", "add", "Speak"))
    ok(run("goal", "milestone", "Speak", "Third talk"))
    [goal] = run.json("goal", "list")
    assert "  ◇ Third talk" in ok(run("goal", "show", goal["id"])).stdout
