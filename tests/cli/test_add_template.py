"""`journal add --template SET`: $EDITOR opens on the set's questions as headings."""

from __future__ import annotations

import sys

from tests.cli.expect import fails, ok

ANSWER_FIRST = """import sys
path = sys.argv[-1]
with open(path, encoding="utf-8") as f:
    lines = f.read().split("\\n")
{change}
with open(path, "w", encoding="utf-8") as f:
    f.write("\\n".join(lines))
"""


def _editor(tmp_path, monkeypatch, change: str) -> None:
    """A fake $VISUAL that runs `change` on the file's lines (a person typing in the editor)."""
    script = tmp_path / "fake_editor.py"
    script.write_text(ANSWER_FIRST.format(change=change))
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    monkeypatch.setattr("journal.cli.editor.stdin_is_terminal", lambda: True)


def test_a_check_in_from_the_template(run, tmp_path, monkeypatch, db_path):
    _editor(tmp_path, monkeypatch, 'lines[1] = "Yes, still the right ones."')
    result = ok(run("add", "--template", "check-in"))
    assert "Saved" in result.stderr and "9 unanswered questions left out." in result.stderr
    [entry] = run.json("list")
    assert entry["kind"] == "check-in" and entry["title"] == "Weekly check-in"
    assert entry["lens"] == "insight"  # the check-in set mixes lenses: a check-in's own (S537)
    body = entry["body"].split("\n")
    assert body[0].startswith("## Are your goals still the right goals")
    assert body[1:] == ["Yes, still the right ones."]  # the 9 questions left unanswered are left out
    assert not list(db_path.parent.glob(".journal-edit-*"))


def test_options_win_over_what_the_set_suggests(run, tmp_path, monkeypatch):
    _editor(tmp_path, monkeypatch, 'lines[1] = "Noted."')
    ok(run("add", "--template", "check-in", "--kind", "meeting", "-l", "insight", "--title", "Tuesday"))
    [entry] = run.json("list")
    assert (entry["kind"], entry["lens"], entry["title"]) == ("meeting", "insight", "Tuesday")


def test_an_untouched_template_is_not_saved(run, tmp_path, monkeypatch, db_path):
    _editor(tmp_path, monkeypatch, "pass")
    assert "nothing saved" in ok(run("add", "--template", "closure")).stderr
    _editor(tmp_path, monkeypatch, "del lines[0]; lines.append('')")  # a heading deleted, a blank line added
    assert "nothing saved" in ok(run("add", "--template", "closure")).stderr
    assert run.json("list") == []
    assert not list(db_path.parent.glob(".journal-edit-*"))


def test_an_unknown_set_names_the_sets(run, tmp_path, monkeypatch):
    _editor(tmp_path, monkeypatch, 'lines[1] = "never asked"')
    fails(run("add", "--template", "weekly-nonsense"), 2, "weekly-nonsense", "check-in")
    assert run.json("list") == []


def test_a_template_takes_no_text_or_piped_stdin(run):
    fails(run("add", "--template", "check-in", "some", "words"), 2, "--template")
    fails(run("add", "--template", "check-in", input="piped\n"), 2, "--template")
    assert run.json("list") == []
