"""`journal agreement show|set|history|export` and `journal workplan` through click.

The fixed today is Mon 2026-11-23 (Europe/Berlin).
"""

from __future__ import annotations

import json
import os
import stat
import sys

import pytest

from journal.cli import editor
from tests.cli.expect import fails, ok


@pytest.fixture
def ada(run, journal):
    """A mentorship with a goal, a target date, a milestone done late, one missed and one ahead."""
    m = journal.mentorships.add("Ada Lovelace", focus="Speaking", since="2026-09-01", check_in_every=14)
    goal = journal.goals.add("Public speaking", specific="Give a 5-minute talk", by="2027-03-31", mentorship=m.id)
    journal.goals.add_milestone(goal.id, "Outline", due="2026-11-01")
    journal.goals.milestone_done(goal.id, "Outline", on="2026-11-03")
    journal.goals.add_milestone(goal.id, "Dry run", due="2026-11-20")
    journal.goals.add_milestone(goal.id, "Meetup talk", due="2026-12-05")
    return m


def test_set_a_part_from_text_and_from_stdin_then_show_it(run, ada):
    result = ok(run("agreement", "set", "Ada", "ground-rules", "We", "start", "on", "time."))
    assert result.stderr.strip() == f"Ground rules changed in the agreement with Ada Lovelace ({ada.short_id})."
    ok(run("agreement", "set", "Ada", "conf", input="What we say **stays** here.\n"))
    shown = ok(run("agreement", "show", "Ada")).stdout
    assert "Agreement: mentorship with Ada Lovelace" in shown
    assert "Ground rules\n  We start on time." in shown
    assert "Confidentiality\n  What we say **stays** here." in shown
    assert f"not agreed yet: journal agreement set {ada.short_id} boundaries TEXT" in shown
    assert "Public speaking" in shown and "target 31 Mar 2027 (in 128 days)" in shown
    assert "Check-ins:    every 14 days" in shown
    data = run.json("agreement", "show", "Ada")
    assert data["parts"] == {"ground_rules": "We start on time.", "confidentiality": "What we say **stays** here."}
    assert [g["title"] for g in data["goals"]] == ["Public speaking"] and data["changed_on"] == "2026-11-23"


def test_the_same_text_is_no_change_and_an_empty_text_removes_the_part(run, ada):
    ok(run("agreement", "set", "Ada", "bound", "No weekends"))
    assert ok(run("agreement", "set", "Ada", "bound", "No weekends")).stderr.strip() == "No changes."
    removed = ok(run("agreement", "set", "Ada", "boundaries", ""))
    assert removed.stderr.strip().startswith("Boundaries removed from the agreement with Ada Lovelace")
    assert run.json("agreement", "show", "Ada")["parts"] == {}


def test_history_lists_every_change_in_words(run, ada):
    ok(run("agreement", "set", "Ada", "ground", "On time"))
    ok(run("agreement", "set", "Ada", "other", "Notes shared after each meeting"))
    ok(run("mentorship", "edit", "Ada", "--check-in-every", "7"))
    lines = ok(run("agreement", "history", "Ada")).stdout.splitlines()
    assert lines == ["Mon 2026-11-23 09:30  Mentorship added to the journal",
                     "Mon 2026-11-23 09:30  Ground rules changed  On time",
                     "Mon 2026-11-23 09:30  Other agreements changed  Notes shared after each meeting",
                     "Mon 2026-11-23 09:30  Check-in rhythm changed  every 14 days → every 7 days"]
    data = run.json("agreement", "history", "Ada")
    assert [(e["kind"], e["part"]) for e in data] == [("created", None), ("edit", "ground_rules"),
                                                      ("edit", "other"), ("edit", None)]


def test_export_markdown_to_stdout_and_html_to_a_private_file(run, ada, tmp_path):
    ok(run("agreement", "set", "Ada", "ground", "<script>alert(1)</script>"))
    markdown = ok(run("agreement", "export", "Ada")).stdout
    assert markdown.startswith("# Agreement: mentorship with Ada Lovelace\n")
    assert "```text\n<script>alert(1)</script>\n```" in markdown and "## Work plan" in markdown
    target = tmp_path / "agreement.html"
    result = ok(run("agreement", "export", "Ada", "--format", "html", "-o", target))
    assert result.stdout == ""
    assert result.stderr.strip() == f"Wrote the agreement with Ada Lovelace to {target}."
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    page = target.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_export_refuses_the_journal_itself(run, ada, db_path):
    fails(run("agreement", "export", "Ada", "-o", db_path), 2, "Refusing to write", "the journal itself")


def test_workplan_in_words_and_as_json(run, ada):
    out = ok(run("workplan", "Ada")).stdout
    lines = out.splitlines()
    assert lines[0] == ("Work plan: mentorship with Ada Lovelace  1 Sep 2026 – 31 Mar 2027 "
                        "(the last date in the plan)  1 done · 1 missed · 2 ahead")
    assert lines[1:] == [
        "Tue 2026-09-01  ☍ Mentorship with Ada Lovelace began  83 days ago",
        "Sun 2026-11-01  ✓ Public speaking · Outline  done 3 Nov 2026, 2 days late",
        "Fri 2026-11-20  ✗ Public speaking · Dry run  missed, 3 days late",
        "Mon 2026-11-23  ▸ today ─────",
        "Sat 2026-12-05  ◇ Public speaking · Meetup talk  due in 12 days",
        "Wed 2027-03-31  ◎ Public speaking · Target date  due in 128 days",
    ]
    data = run.json("workplan", "Ada")
    assert [(i["day"], i["status"], i["overdue"]) for i in data["items"] if i["kind"] == "milestone"] == [
        ("2026-11-01", "done late", False), ("2026-11-20", "missed", True), ("2026-12-05", "due", False)]
    assert data["undated"] == [] and data["today"] == "2026-11-23"


def test_a_workplan_with_nothing_in_it_says_how_to_start(run, journal):
    journal.mentorships.add("Grace")
    out = ok(run("workplan", "Grace")).stdout
    assert "No milestones or target dates yet" in out


@pytest.mark.parametrize(("args", "words"), [
    (("agreement", "set", "Ada", "vibes", "x"), ("unknown agreement part 'vibes'", "ground-rules", "other")),
    (("agreement", "show", "Nobody"), ("No mentorship matches 'Nobody'",)),
    (("workplan", "Nobody"), ("No mentorship matches 'Nobody'",)),
    (("agreement", "history", "Nobody"), ("No mentorship matches 'Nobody'",)),
])
def test_bad_input_is_one_line_and_exit_2(run, ada, args, words):
    fails(run(*args), 2, *words)


def test_bad_export_format_is_a_usage_error(run, ada):
    result = run("agreement", "export", "Ada", "--format", "pdf")
    assert result.exit_code == 2 and "Traceback" not in result.stderr


def test_set_without_text_on_a_terminal_opens_the_editor_on_the_current_text(run, ada, tmp_path, monkeypatch):
    ok(run("agreement", "set", "Ada", "ground", "On time"))
    script = tmp_path / "fake-editor.py"
    script.write_text("import sys\npath = sys.argv[-1]\ntext = open(path).read()\n"
                      "open(path, 'w').write(text + '\\n\\nAnd we end on time.')\n")
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    monkeypatch.setattr(editor, "stdin_is_terminal", lambda: True)
    ok(run("agreement", "set", "Ada", "ground"))
    assert run.json("agreement", "show", "Ada")["parts"]["ground_rules"] == "On time\n\nAnd we end on time."
    leftovers = [p for p in (tmp_path / "data" / "journal").iterdir() if p.name.startswith(".journal-edit")]
    assert leftovers == []


def test_the_mentorship_timeline_shows_agreement_changes_in_words(run, ada):
    ok(run("agreement", "set", "Ada", "ground", "On time"))
    out = ok(run("timeline", "--mentorship", "Ada")).stdout
    assert "§ agreement Ground rules changed  On time" in out
    assert "☍ mentoring Mentorship with Ada Lovelace began" in out
    data = json.loads(ok(run("timeline", "--mentorship", "Ada", "--format", "json")).stdout)
    assert [e["title"] for e in data["events"] if e["kind"] == "agreement"] == ["Ground rules changed"]
