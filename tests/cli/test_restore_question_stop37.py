"""`journal restore FILE` says what it replaces (catalogue S313, S343)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.cli.expect import ok


@pytest.mark.catalogue("S313", "S397")
def test_the_question_says_what_the_journal_holds_and_what_would_be_left_behind(run, clock, tmp_path):
    ok(run("add", "one"))
    ok(run("add", "two"))
    ok(run("backup", str(tmp_path / "old.db")))
    clock.set(clock.now() + timedelta(days=7))
    ok(run("add", "a week later"))
    [newest, *_] = run.json("list")
    ok(run("edit", newest["short_id"], "--title", "changed"))

    said = run("restore", str(tmp_path / "old.db"), input="n\n")
    assert said.exit_code == 0 and "nothing was changed" in said.stderr  # answered no: no failure (S397)
    day, then = clock.now().strftime("%Y-%m-%d"), (clock.now() - timedelta(days=7)).strftime("%Y-%m-%d")
    assert "1 entry of the journal is not in the backup, or changed since it was made" in said.stderr
    assert "only in the journal's .pre-restore copy" in said.stderr
    assert f"Replace the journal (3 entries, last change {day}" in said.stderr
    assert f"old.db (2 entries, last change {then}" in said.stderr
    assert "a week later" not in said.stderr  # counts, never text
    assert len(run.json("list")) == 3


def test_restoring_over_a_journal_the_backup_holds_whole_says_no_loss(run, tmp_path):
    ok(run("add", "one"))
    ok(run("backup", str(tmp_path / "same.db")))
    said = run("restore", str(tmp_path / "same.db"), input="y\n")
    ok(said)
    assert "not in the backup" not in said.stderr and "Restored" in said.stderr


@pytest.mark.catalogue("S324")
def test_the_dash_hint_keeps_the_arguments_before_the_text(run):
    ok(run("mentorship", "add", "Bo"))
    said = run("agreement", "set", "Bo", "ground-rules", "- Be on time")
    assert said.exit_code == 2
    assert "`journal agreement set M PART -- \"-…\"`" in said.stderr
    ok(run("agreement", "set", "Bo", "ground-rules", "--", "- Be on time"))  # as the hint says
    assert "`journal add -- \"-…\"`" in run("add", "- a list").stderr


@pytest.mark.catalogue("S325")
def test_the_format_follows_the_files_extension_unless_given(run, tmp_path):
    ok(run("mentorship", "add", "Bo"))
    ok(run("goal", "add", "Speak", "--mentorship", "Bo"))
    ok(run("add", "a first talk", "-g", "Speak"))
    ok(run("agreement", "export", "Bo", "-o", tmp_path / "plan.html"))
    assert (tmp_path / "plan.html").read_text("utf-8").lstrip().lower().startswith("<!doctype html")
    ok(run("export", "-o", tmp_path / "journal.md"))
    assert not (tmp_path / "journal.md").read_text("utf-8").lstrip().startswith("{")
    ok(run("retro", "Speak", "-o", tmp_path / "retro.htm"))
    assert "<html" in (tmp_path / "retro.htm").read_text("utf-8").lower()
    ok(run("export", "-o", tmp_path / "journal.html", "--format", "json"))  # given: it wins
    assert (tmp_path / "journal.html").read_text("utf-8").lstrip().startswith("{")
    ok(run("export", "-o", tmp_path / "journal.txt"))  # no format of its name: the default
    assert (tmp_path / "journal.txt").read_text("utf-8").lstrip().startswith("{")


@pytest.mark.catalogue("S326")
def test_a_plans_friday_is_the_next_one(run, journal):
    today = journal.today()  # Mon 2026-11-23
    ok(run("goal", "add", "Speak"))
    ok(run("goal", "milestone", "Speak", "Dry run", "--due", "friday"))
    ok(run("goal", "milestone", "Speak", "Talk", "--due", "end of october"))
    ok(run("goal", "milestone", "Speak", "Outline", "--due", "2026-11-01"))  # given whole: that day
    due = {m.title: m.due_on.isoformat() for m in journal.goals.get("Speak").milestones}
    assert due == {"Dry run": "2026-11-27", "Talk": "2027-10-31", "Outline": "2026-11-01"}
    ok(run("add", "record the next one", "-l", "f", "--revisit", "friday"))
    assert journal.entries.list()[0].revisit_on.isoformat() == "2026-11-27"
    ok(run("mentorship", "add", "Bo"))
    ok(run("mentorship", "meeting", "Bo", "--next", "friday"))
    assert journal.mentorships.get("Bo").next_meeting_on.isoformat() == "2026-11-27"
    assert today.isoformat() == "2026-11-23"


@pytest.mark.catalogue("S327")
def test_goal_list_json_has_the_milestones_and_history(run):
    ok(run("goal", "add", "Speak"))
    ok(run("goal", "milestone", "Speak", "Outline", "--due", "friday"))
    ok(run("goal", "edit", "Speak", "--specific", "a five-minute talk"))
    [listed] = run.json("goal", "list")
    shown = run.json("goal", "show", "Speak")
    assert [m["title"] for m in listed["milestones"]] == ["Outline"] and listed["milestones"] == shown["milestones"]
    assert listed["history"] == shown["history"] and len(listed["history"]) == 2


@pytest.mark.catalogue("S343")
def test_the_question_counts_drafts_and_records_the_backup_lacks(run, journal, tmp_path):
    from journal.domain.model import Draft

    ok(run("add", "one"))
    ok(run("backup", str(tmp_path / "old.db")))
    ok(run("goal", "add", "Speak up"))
    journal.drafts.save(Draft(body="half a thought"))
    said = run("restore", str(tmp_path / "old.db"), input="n\n")
    assert said.exit_code == 0  # answered no (S397)
    assert ("The backup lacks 1 draft (unsaved text) and 1 goal, mentorship or other record made or changed "
            "since of the journal") in said.stderr
    assert "half a thought" not in said.stderr and "Speak up" not in said.stderr
    ok(run("backup", str(tmp_path / "now.db")))
    assert "The backup lacks" not in run("restore", str(tmp_path / "now.db"), input="n\n").stderr


@pytest.mark.catalogue("S343")
def test_records_the_backup_holds_newer_are_not_said_to_be_lacking(run, clock, tmp_path):
    ok(run("goal", "add", "G1", "--specific", "v1"))
    ok(run("backup", str(tmp_path / "x1.db")))
    clock.set(clock.now() + timedelta(minutes=5))
    ok(run("goal", "edit", "G1", "--specific", "v2"))
    ok(run("backup", str(tmp_path / "x2.db")))
    ok(run("restore", "--yes", str(tmp_path / "x1.db")))
    said = run("restore", str(tmp_path / "x2.db"), input="n\n")  # undoing the restore loses nothing
    assert "The backup lacks" not in said.stderr


@pytest.mark.catalogue("S395")
def test_entries_imported_or_written_in_the_backups_last_second_are_counted(run, tmp_path):
    ok(run("add", "written today"))
    ok(run("backup", str(tmp_path / "before.db")))
    ok(run("add", "the same second"))  # the tests' clock stands still: the backup's last second
    old = tmp_path / "old.txt"
    old.write_text("[2019-03-01 08:00] Old one\nbody\n\n[2019-03-02 08:00] Old two\nbody\n", encoding="utf-8")
    ok(run("import", str(old)))
    said = run("restore", str(tmp_path / "before.db"), input="n\n")
    assert "3 entries of the journal are not in the backup, or changed since it was made" in said.stderr


@pytest.mark.catalogue("S396")
def test_restore_takes_a_file_named_without_a_slash_and_backup_a_folder_with_one(run, db_path, tmp_path,
                                                                              monkeypatch):
    ok(run("add", "one"))
    monkeypatch.chdir(tmp_path)
    ok(run("backup", "mine.sqlite"))
    restored = run("restore", "mine.sqlite", "--yes")
    assert restored.exit_code == 0 and "Restored" in restored.stderr, restored.stderr
    refused = run("backup", "newdir/")
    assert refused.exit_code == 1 and "There is no folder newdir:" in refused.stderr
    assert not (tmp_path / "newdir").exists()
