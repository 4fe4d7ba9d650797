"""What the CLI says where a person trips: counts in the right number, the next step named,
an empty journal called empty, field names as a person says them (issue 16, item 6)."""

from __future__ import annotations

import pytest

from journal.store import engine
from tests.cli.expect import fails, ok


def _new_entry(run, *args) -> str:
    return ok(run("add", *args)).stderr.split()[1]


# ------------------------------------------------------------------ references
def test_show_of_a_word_says_no_entry_matches_and_how_to_find_one(run):
    _new_entry(run, "a first entry")
    line = fails(run("show", "zzzz"), 2, "No entry matches 'zzzz'", "`journal list`", "`journal search zzzz`")
    assert "at least 4 characters" not in line
    fails(run("show", "two words"), 2, "`journal search 'two words'`")


def test_only_a_short_id_is_asked_to_be_longer(run):
    fails(run("show", "ab"), 2, "at least 4 characters")
    fails(run("show", "abcd"), 2, "No entry with id abcd")


# ------------------------------------------------------------------ empty lists
def test_list_and_search_on_an_empty_journal_say_it_is_empty_and_how_to_write(run):
    for args in (("list",), ("search", "anything"), ("list", "--starred")):
        said = ok(run(*args)).stderr.strip()
        assert said == 'The journal is empty. Write the first entry with `journal add "What happened today"`.'


def test_a_journal_with_only_trashed_entries_points_to_the_trash(run):
    ok(run("delete", _new_entry(run, "regret")))
    said = ok(run("list")).stderr.strip()
    assert said.startswith("No entries outside the trash: 1 entry is there (`journal trash`")


def test_filters_that_match_nothing_say_so(run):
    _new_entry(run, "a note")
    assert ok(run("list", "--starred")).stderr.strip() == "No entries match these filters."
    assert ok(run("search", "zebra")).stderr.strip() == "Nothing found. Try fewer or different words."


# ------------------------------------------------------------------ goals
def test_goal_list_with_only_closed_goals_says_how_to_see_them(run):
    assert "No goals yet" in ok(run("goal", "list")).stderr
    for title in ("Talks", "Rust"):
        ok(run("goal", "add", title))
        ok(run("goal", "close", title, "--status", "achieved"))
    said = ok(run("goal", "list")).stderr.strip()
    assert said == "No open goals (2 closed: `journal goal list --all` lists them)."
    listed = ok(run("goal", "list", "--all")).stdout
    assert "closed 2026-11-23" in listed and "active today" not in listed


def test_a_goal_target_in_the_past_is_refused_and_end_of_march_is_the_next_one(run):
    fails(run("goal", "add", "Late", "--by", "2026-03-01"), 2,
          "2026-03-01 is in the past; a target date is ahead of today")
    ok(run("goal", "add", "Book", "--by", "end of march"))
    assert run.json("goal", "show", "Book")["time_bound"] == "2027-03-31"


def test_goal_edit_and_history_name_fields_as_a_person_does(run):
    ok(run("mentorship", "add", "Ada Lovelace"))
    ok(run("goal", "add", "Book", "--by", "end of march"))
    said = ok(run("goal", "edit", "Book", "--by", "end of april", "--criteria", "printed",
                  "--mentorship", "Ada", "--review-every", "1")).stderr.strip()
    assert said == "Updated 'Book': target date (Fri 2027-04-30), success criteria, mentorship, review cadence."
    shown = ok(run("goal", "show", "Book")).stdout
    assert "target date: 2027-03-31 → 2027-04-30" in shown
    assert "mentorship: — → Ada Lovelace" in shown
    assert "review cadence: — → every 1 day" in shown and "every 1 days" not in shown
    assert "time_bound" not in shown and "mentorship_id" not in shown


def test_goal_edit_without_options_says_what_to_give(run):
    ok(run("goal", "add", "Book"))
    fails(run("goal", "edit", "Book"), 2, "Say what to change", "--by")


# ------------------------------------------------------------------ counts
def test_counts_of_one_are_singular(run, tmp_path):
    _new_entry(run, "kept")
    _new_entry(run, "secret", "--private")
    exported = ok(run("export", "-o", tmp_path / "out.json")).stderr
    assert "Exported 1 entry to" in exported and "1 private entry was left out" in exported
    assert "ok (2 entries indexed)" in run("doctor").stdout
    ok(run("delete", _new_entry(run, "gone")))
    assert "Deleted 1 entry for good" in ok(run("purge", "--yes")).stderr


def test_doctor_counts_one_indexed_entry_as_one(run):
    _new_entry(run, "only one")
    assert "ok (1 entry indexed)" in run("doctor").stdout


# ------------------------------------------------------------------ passphrases
@pytest.mark.skipif(not engine.ENCRYPTION, reason="sqlcipher3 is not installed")
def test_a_wrong_passphrase_from_a_file_names_the_file_variable_not_try_again(run, passphrase_file):
    _new_entry(run, "private thoughts")
    ok(run("encrypt"))
    engine.forget_all()
    passphrase_file("not it")
    line = fails(run("list"), 1, "does not open", "JOURNAL_PASSPHRASE_FILE")
    assert "Try again" not in line and "not it" not in line


def test_a_due_foresight_line_reads_as_one_sentence(run):
    _new_entry(run, "Ask for feedback", "-l", "foresight", "--revisit", "yesterday", "-d", "3 days ago")
    line = ok(run("due")).stdout.strip()
    assert line.startswith("Look back: Ask for feedback (due since 2026-11-22)")
    assert "?:" not in line and "what actually happened? journal add -l h --answers" in line
