"""Shell completion (click's own, `_JOURNAL_COMPLETE`): goals, mentorships, tags and entry ids come
from the journal, read-only; a Tab never fails, asks nothing and prints no traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from journal.cli import app
from journal.store import engine
from tests.cli.expect import ok

README = Path(__file__).resolve().parents[2] / "README.md"


def tab(words: str, shell: str = "bash") -> list[str]:
    """What the shell gets for the command line `words` (the last word is the one being completed)."""
    parts = words.split(" ")
    env = {"_JOURNAL_COMPLETE": f"{shell}_complete", "COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1)}
    if shell == "fish":
        env["COMP_CWORD"] = parts[-1]
    result = CliRunner().invoke(app.cli, [], env=env, prog_name="journal")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "journal:" not in result.output
    return [line for line in result.output.splitlines() if line]


@pytest.fixture
def filled(run):
    ok(run("goal", "add", "Public speaking"))
    ok(run("goal", "add", "Python"))
    ok(run("mentorship", "add", "Ada Okafor", "--focus", "Speaking"))
    ok(run("add", "Spoke with #confidence @mentoring", "-t", "talks"))
    ok(run("add", "More #confidence", "-d", "2026-11-20"))
    return run


def test_goals_complete_by_title_escaped_for_bash(filled):
    assert tab("journal add -g P") == ["plain,Public\\ speaking", "plain,Python"]
    assert tab("journal list --goal py") == ["plain,Python"]
    assert tab("journal search x -g Z") == []


def test_zsh_and_fish_get_the_title_as_it_is_with_a_few_words_about_it(filled):
    assert tab("journal add -g Pu", "zsh") == ["plain", "Public speaking", "active"]
    assert tab("journal add -g Pu", "fish") == ["plain,Public speaking\tactive"]


def test_tags_most_used_first_with_or_without_their_mark(filled):
    assert tab("journal list -t ") == ["plain,confidence", "plain,mentoring", "plain,talks"]
    assert tab("journal list -t #con") == ["plain,confidence"]
    assert tab("journal add x --tag @me") == ["plain,mentoring"]
    assert tab("journal list -t co", "zsh") == ["plain", "confidence", "2 entries"]


def test_mentorships_by_mentor(filled):
    assert tab("journal add x --mentorship a") == ["plain,Ada\\ Okafor"]


def test_entry_ids_newest_first_with_day_lens_and_first_words(filled):
    listed = filled.json("list")
    newest, older = listed[0]["id"], listed[1]["id"]
    assert tab("journal show ") == [f"plain,{newest[:8]}", f"plain,{older[:8]}"]
    assert tab(f"journal edit {older[:3]}") == [f"plain,{older[:8]}"]
    described = tab(f"journal delete {older[:4]}", "zsh")
    assert described == ["plain", older[:8], "2026-11-20 hindsight More #confidence"]
    assert tab("journal add x --answers ") == tab("journal show ")


def test_a_name_with_control_characters_is_offered_safely(filled, db_path):
    raw = engine.driver.connect(db_path)
    raw.execute("UPDATE goals SET title = 'Bad\x1b[31mname' WHERE title = 'Python'")
    raw.commit()
    raw.close()
    [value] = tab("journal add -g Bad")
    assert "\x1b" not in value and value.startswith("plain,Bad")


def test_no_journal_a_damaged_one_or_an_encrypted_one_offers_nothing(filled, tmp_path, db_path, passphrase_file):
    assert tab(f"journal --db {tmp_path}/missing.db add -g P") == []
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(os.urandom(8192))
    assert tab(f"journal --db {garbage} add -g P") == []
    not_a_journal = tmp_path / "other.db"
    other = engine.driver.connect(not_a_journal)
    other.execute("CREATE TABLE recipes (name TEXT)")
    other.commit()
    other.close()
    assert tab(f"journal --db {not_a_journal} list -t c") == []
    if engine.ENCRYPTION:
        ok(filled("encrypt"))
        engine.forget_all()
        before = db_path.read_bytes()
        assert tab("journal add -g P") == []  # never unlocked, never asked for a passphrase
        assert db_path.read_bytes() == before


def test_a_tab_writes_nothing(filled, db_path):
    before = {p.name: p.stat().st_mtime_ns for p in db_path.parent.iterdir()}
    tab("journal add -g P")
    tab("journal show ")
    assert {p.name: p.stat().st_mtime_ns for p in db_path.parent.iterdir()} == before


def test_the_readme_says_how_to_turn_it_on():
    text = README.read_text(encoding="utf-8")
    for line in ('eval "$(_JOURNAL_COMPLETE=bash_source journal)"', 'eval "$(_JOURNAL_COMPLETE=zsh_source journal)"',
                 "_JOURNAL_COMPLETE=fish_source journal"):
        assert line in text
    script = CliRunner().invoke(app.cli, [], env={"_JOURNAL_COMPLETE": "bash_source"}, prog_name="journal")
    assert script.exit_code == 0 and "_journal_completion" in script.output


@pytest.mark.parametrize("env", [
    {"_JOURNAL_COMPLETE": "bash_complete"},  # the shell's COMP_WORDS / COMP_CWORD missing
    {"_JOURNAL_COMPLETE": "zsh_complete", "COMP_WORDS": "journal li", "COMP_CWORD": "one"},
    {"_JOURNAL_COMPLETE": "fish_complete"},
    {"_JOURNAL_COMPLETE": "tcsh_complete", "COMP_WORDS": "journal ", "COMP_CWORD": "1"},  # no such shell here
])
@pytest.mark.catalogue("S168")
def test_completion_run_by_hand_is_one_line_not_an_internal_error(env):
    """S168: the variable set by hand (no shell behind it) ended in "internal error (KeyError)"."""
    result = CliRunner().invoke(app.cli, [], env=env, prog_name="journal")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "journal: _JOURNAL_COMPLETE is set: it is for your shell's completion script (see the README, "
        "Shell completion); unset it to run journal."]
