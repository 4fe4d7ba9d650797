"""`journal vision`, `journal gap`, `journal profile`, `journal passing-on`, and writing the
preparing and passing-on reflections from their templates."""

from __future__ import annotations

import json
import sys

import pytest

from tests.cli.expect import fails, ok


def _editor(tmp_path, monkeypatch, change: str) -> None:
    """A fake $VISUAL that runs `change` on the file's lines (a person typing in the editor)."""
    script = tmp_path / "fake_editor.py"
    script.write_text("import sys\npath = sys.argv[-1]\nlines = open(path, encoding='utf-8').read().split('\\n')\n"
                      f"{change}\nopen(path, 'w', encoding='utf-8').write('\\n'.join(lines))\n")
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    monkeypatch.setattr("journal.cli.editor.stdin_is_terminal", lambda: True)


# ----------------------------------------------------------------- the vision
def test_an_empty_vision_says_how_to_write_one(run):
    result = ok(run("vision"))
    assert result.stdout == "" and "`journal vision set --future TEXT --present TEXT`" in result.stderr
    assert run.json("vision") == {"future": "", "present": "", "gaps": [], "created_at": None, "updated_at": None}


def test_vision_set_and_show(run):
    said = ok(run("vision", "set", "--future", "Lead a small team", "--present", "Senior developer")).stderr
    assert said.startswith("Saved where you want to be and where you are now.")
    ok(run("vision", "set", "--present", "Senior developer, leading a project"))
    shown = ok(run("vision", "show")).stdout
    assert "Where I want to be\n  Lead a small team\nWhere I am now\n  Senior developer, leading a project" in shown
    assert "none yet (`journal gap add TEXT`)" in shown
    data = run.json("vision", "show")
    assert data["future"] == "Lead a small team" and data["updated_at"] == "2026-11-23T08:30:00Z"


def test_vision_set_reads_a_dash_from_stdin(run):
    ok(run("vision", "set", "--future", "-", input="Lead a team\n\nthat ships calmly\n"))
    assert run.json("vision")["future"] == "Lead a team\n\nthat ships calmly"
    fails(run("vision", "set", "--future", "-", "--present", "-", input="x"), 2, "Only one option")


def test_vision_set_without_options_takes_both_parts_from_stdin_or_the_editor(run, tmp_path, monkeypatch):
    ok(run("vision", "set", input="## Where I want to be\n\nLead\n\n## Where I am now\n\nNot yet\n"))
    assert (run.json("vision")["future"], run.json("vision")["present"]) == ("Lead", "Not yet")
    fails(run("vision", "set", input="just some words\n"), 2, "Keep the two headings")
    _editor(tmp_path, monkeypatch, "lines[2] = 'Lead a team of five'")
    ok(run("vision", "set"))
    assert run.json("vision")["future"] == "Lead a team of five"
    _editor(tmp_path, monkeypatch, "pass")
    assert "No changes." in ok(run("vision", "set")).stderr
    _editor(tmp_path, monkeypatch, "lines[:] = ['my new words']")
    line = fails(run("vision", "set"), 2, "Keep the two headings", "Your text is kept in")
    assert "my new words" not in line
    assert run.json("vision")["future"] == "Lead a team of five"
    _editor(tmp_path, monkeypatch, "lines.insert(0, 'above')")
    fails(run("vision", "set"), 2, "not above")


# ----------------------------------------------------------------- the gaps
def test_gaps_add_list_edit_goal_and_remove(run):
    assert "No gaps yet" in ok(run("gap")).stderr
    assert "`journal gap goal 1`" in ok(run("gap", "add", "Giving", "feedback", "to", "peers")).stderr
    ok(run("gap", "add", "Running a meeting"))
    assert "Reworded gap 2." in ok(run("gap", "edit", "2", "Running a meeting that ends on time")).stderr
    said = ok(run("gap", "goal", "1")).stderr
    assert said.startswith("Made gap 1 the starter goal 'Giving feedback to peers'")
    goal = run.json("goal", "show", run.json("goal", "list")[0]["id"])
    assert goal["title"] == "Giving feedback to peers" and [h["kind"] for h in goal["history"]] == ["created"]
    listed = ok(run("gap", "list")).stdout
    assert f"1. Giving feedback to peers  → goal: Giving feedback to peers ({goal['short_id']}, active)" in listed
    assert "2. Running a meeting that ends on time" in listed
    gaps = run.json("gap")
    assert gaps[0]["goal"] == {"id": goal["id"], "short_id": goal["short_id"], "title": goal["title"],
                               "status": "active"}
    assert gaps[1]["goal"] is None and gaps[1]["number"] == 2
    assert "→ goal" in ok(run("vision")).stdout
    fails(run("gap", "remove", "1"), 2, "--keep-goal")
    assert "Removed gap 1. Its goal stays." in ok(run("gap", "remove", "1", "--keep-goal")).stderr
    assert run.json("goal", "list")[0]["id"] == goal["id"]
    assert "Removed gap 1." in ok(run("gap", "remove", "1")).stderr
    assert run.json("gap") == []


def test_a_starter_goal_can_be_given_its_own_title(run):
    ok(run("goal", "add", "Public speaking"))
    ok(run("gap", "add", "Public speaking"))
    fails(run("gap", "goal", "1"), 2, "--title")
    ok(run("gap", "goal", "1", "--title", "Speak at the meetup"))
    fails(run("gap", "goal", "1"), 2, "already the goal")
    assert run.json("gap")[0]["goal"]["title"] == "Speak at the meetup"
    assert "From gap:   Public speaking (your vision" in ok(run("goal", "show", "Speak at")).stdout
    assert run.json("goal", "show", "Speak at")["from_gap"] == "Public speaking"


@pytest.mark.parametrize("args, code, words", [
    (("gap", "edit", "3", "words"), 2, ["No gap 3"]),
    (("gap", "remove", "7"), 2, ["No gap 7"]),
    (("gap", "goal", "x-not-a-gap"), 2, ["No single gap"]),
    (("gap", "add"), 2, ["Missing argument"]),
    (("gap", "add", "   "), 2, ["empty"]),
    (("gap", "add", "x" * 201), 2, ["too long"]),
    (("vision", "set", "--future", "x" * 20_001), 2, ["too long"]),
    (("vision", "--format", "yaml"), 2, ["Invalid value"]),
    (("profile", "set"), 2, ["--style"]),
    (("profile", "set", "--style", "data", "--no-styles"), 2, ["not both"]),
    (("profile", "set", "--style", ","), 2, ["--no-styles"]),
    (("passing-on", "--format", "html"), 2, ["Invalid value"]),
])
def test_bad_input_is_one_line_and_exit_2(run, args, code, words):
    ok(run("gap", "add", "One gap"))
    fails(run(*args), code, *words)


# ----------------------------------------------------------------- the learning profile
def test_profile_set_and_show(run):
    assert "styles offered: big picture, data, practical, trial and error" in ok(run("profile")).stderr
    said = ok(run("profile", "set", "--style", "Big-Picture", "--style", "data, sketching it out",
                  "--strengths", "Patient", "--needs", "Honest feedback")).stderr
    assert said.strip() == "Updated the styles, strengths and needs of your learning profile."
    shown = ok(run("profile", "show")).stdout
    assert "• big picture — I need the whole picture before the details." in shown
    assert "• sketching it out (my own)" in shown
    assert "What I need from a mentor\n  Honest feedback" in shown and "Challenges\n  —" in shown
    ok(run("profile", "set", "--challenges", "-", input="Saying no\nto extra work\n"))
    data = run.json("profile")
    assert data["styles"] == ["big picture", "data", "sketching it out"]
    assert data["challenges"] == "Saying no\nto extra work" and data["strengths"] == "Patient"
    assert "No changes." in ok(run("profile", "set", "--strengths", "Patient")).stderr
    ok(run("profile", "set", "--no-styles"))
    assert run.json("profile")["styles"] == []


def test_user_text_cannot_steer_the_terminal(run):
    ok(run("gap", "add", "\x1b[2Jclear the screen"))
    ok(run("profile", "set", "--needs", "a\x1b]0;PWNED\x07 title"))
    assert "\x1b" not in ok(run("gap")).stdout
    assert "\x1b" not in ok(run("profile")).stdout


# ----------------------------------------------------------------- reflections from templates
@pytest.mark.parametrize("template, kind, title", [
    ("preparing", "preparing", "Preparing for a mentor"),
    ("passing-on", "passing-on", "Passing it on"),
])
def test_reflections_are_written_from_their_templates(run, tmp_path, monkeypatch, template, kind, title):
    _editor(tmp_path, monkeypatch, 'lines[1] = "Something true."')
    ok(run("add", "--template", template))
    [entry] = run.json("list")
    assert (entry["kind"], entry["title"]) == (kind, title)
    assert entry["body"].split("\n")[1] == "Something true."


# ----------------------------------------------------------------- passing it on
def test_passing_on_in_text_markdown_and_json(run):
    ok(run("mentorship", "add", "Ada"))
    ok(run("add", "--kind", "check-in", "-l", "h", "--mentorship", "Ada", "Weekly check-in"))
    ok(run("add", "-l", "insight", "--mentorship", "Ada", "-d", "2026-11-21", "Slowing down helps."))
    ok(run("add", "--star", "--title", "Team demo", "-d", "2026-11-22", "The demo went well."))
    ok(run("add", "--star", "--private", "A private turning point."))
    text = ok(run("passing-on"))
    assert "What helped me most" in text.stdout and "Team demo" in text.stdout and "with Ada" in text.stdout
    assert "private turning point" not in text.stdout
    assert "`journal add --template passing-on`" in text.stderr
    assert "1 mentorship · 0 goals achieved · 1 check-in · 0 feedback loops" in text.stdout
    page = ok(run("passing-on", "--format", "markdown")).stdout
    assert page.startswith("# Passing it on\n") and "## The feedback I valued" in page
    data = json.loads(ok(run("passing-on", "--format", "json")).stdout)
    assert [q["text"] for q in data["helped"]["quotes"]] == ["The demo went well.", "Slowing down helps."]
    assert data["counts"]["check_ins"] == 1 and data["include_private"] is False
    private = json.loads(ok(run("passing-on", "--format", "json", "--include-private")).stdout)
    assert "A private turning point." in {q["text"] for q in private["helped"]["quotes"]}


def test_the_help_names_every_offered_style():
    from journal.cli.preparing import STYLE_NAMES
    from journal.domain.practice import LEARNING_STYLES

    assert STYLE_NAMES == ", ".join(name for name, _ in LEARNING_STYLES)
