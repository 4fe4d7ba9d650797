"""`journal vision set` and `journal agreement set` in the editor write over no change made meanwhile
elsewhere (catalogue S335, S349)."""

from __future__ import annotations

import sys

import pytest

from tests.cli.expect import ok

EDITOR = """\
import subprocess, sys
path = sys.argv[1]
# meanwhile, in another terminal
subprocess.run([sys.executable, "-m", "journal", "--db", {db!r}, "vision", "set", "--future", {other!r}], check=True)
text = open(path, encoding="utf-8").read()
with open(path, "w", encoding="utf-8") as f:
    f.write(text.replace({old!r}, {new!r}))
"""


def _editor(tmp_path, monkeypatch, db_path, other: str, old: str, new: str) -> None:
    script = tmp_path / "editor.py"
    script.write_text(EDITOR.format(db=str(db_path), other=other, old=old, new=new))
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    monkeypatch.setattr("journal.cli.editor.stdin_is_terminal", lambda: True)


@pytest.mark.catalogue("S335")
def test_a_part_left_as_it_was_in_the_editor_is_not_written_back(run, tmp_path, monkeypatch, db_path):
    ok(run("vision", "set", "--future", "I lead a team of five", "--present", "I work alone"))
    _editor(tmp_path, monkeypatch, db_path, "NEW FUTURE from a second terminal", "I work alone",
            "I work alone, said here")
    said = ok(run("vision", "set"))
    assert "Saved where you are now." in said.stderr
    shown = run.json("vision")
    assert (shown["future"], shown["present"]) == ("NEW FUTURE from a second terminal", "I work alone, said here")
    assert not list(db_path.parent.glob(".journal-edit-*"))


@pytest.mark.catalogue("S335")
def test_a_part_changed_on_both_sides_keeps_the_other_and_makes_this_one_a_draft(run, tmp_path, monkeypatch, db_path):
    ok(run("vision", "set", "--future", "I lead a team of five", "--present", "I work alone"))
    _editor(tmp_path, monkeypatch, db_path, "NEW FUTURE from a second terminal", "of five", "of six")
    said = run("vision", "set")
    assert said.exit_code == 1
    assert "'Where I want to be' of your vision changed elsewhere while you were editing" in said.stderr
    assert "saved" not in said.stderr.split("prints it.")[1]  # the other part was not changed here
    assert "kept as draft 1" in said.stderr and "team of six" not in said.stderr  # never the text
    assert run.json("vision")["future"] == "NEW FUTURE from a second terminal"
    shown = ok(run("drafts", "show", "1")).stdout
    assert "## Where I want to be" in shown and "I lead a team of six" in shown
    assert not list(db_path.parent.glob(".journal-edit-*"))


@pytest.mark.catalogue("S335")
def test_a_partly_kept_edit_says_which_part_was_saved(run, tmp_path, monkeypatch, db_path):
    ok(run("vision", "set", "--future", "I lead a team of five", "--present", "I work alone"))
    script = tmp_path / "editor.py"  # both parts edited here, the future meanwhile elsewhere too
    script.write_text(EDITOR.format(db=str(db_path), other="NEW FUTURE", old="of five", new="of six")
                      + "text = open(path).read().replace('I work alone', 'I work with two')\n"
                      + "open(path, 'w').write(text)\n")
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    monkeypatch.setattr("journal.cli.editor.stdin_is_terminal", lambda: True)
    said = run("vision", "set")
    assert said.exit_code == 1 and "'Where I am now' is saved." in said.stderr
    assert run.json("vision")["present"] == "I work with two"


AGREEMENT_EDITOR = """\
import subprocess, sys
path = sys.argv[1]
subprocess.run([sys.executable, "-m", "journal", "--db", {db!r}, "agreement", "set", "Bo", "ground-rules",
                "Set in the other window"], check=True)
open(path, "a", encoding="utf-8").write(" and typed here")
"""


@pytest.mark.catalogue("S349")
def test_an_agreement_part_set_elsewhere_meanwhile_is_not_written_over(run, tmp_path, monkeypatch, db_path):
    ok(run("mentorship", "add", "Bo"))
    ok(run("agreement", "set", "Bo", "ground-rules", "Be on time"))
    script = tmp_path / "editor.py"
    script.write_text(AGREEMENT_EDITOR.format(db=str(db_path)))
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    monkeypatch.setattr("journal.cli.editor.stdin_is_terminal", lambda: True)
    said = run("agreement", "set", "Bo", "ground-rules")
    assert said.exit_code == 1
    assert "'Ground rules' of the agreement changed elsewhere while you were editing" in said.stderr
    assert "Your text is kept in" in said.stderr and "typed here" not in said.stderr
    assert run.json("agreement", "show", "Bo")["parts"]["ground_rules"] == "Set in the other window"
    [kept] = db_path.parent.glob(".journal-edit-*.md")
    assert kept.read_text().strip() == "Be on time and typed here"
