"""`--format` given to `vision`, `gap` or `profile` before a subcommand (catalogue S390)."""

from __future__ import annotations

import json

import pytest


@pytest.mark.catalogue("S390")
def test_a_format_given_to_the_group_goes_on_to_its_subcommand(run):
    assert run("gap", "add", "Give feedback to peers").exit_code == 0
    for group, sub in (("gap", "list"), ("vision", "show"), ("profile", "show")):
        result = run(group, "--format", "json", sub)
        assert result.exit_code == 0, result.stderr
        json.loads(result.stdout)
    assert json.loads(run("gap", "--format", "json", "list").stdout)[0]["text"] == "Give feedback to peers"
    refused = run("gap", "--format", "json", "add", "another")
    assert refused.exit_code == 2 and "has no --format" in refused.stderr
    assert len(json.loads(run("gap", "--format", "json").stdout)) == 1  # nothing was added


@pytest.mark.catalogue("S393")
def test_shortlist_list_names_every_candidate_tied_for_the_lead(run):
    for args in (("shortlist", "new", "Writing coach"),
                 ("shortlist", "criterion", "add", "Writ", "Kind", "--weight", "5"),
                 ("shortlist", "candidate", "add", "Writ", "Ann"), ("shortlist", "candidate", "add", "Writ", "Bob"),
                 ("shortlist", "score", "Writ", "Ann", "--score", "Kind=4"),
                 ("shortlist", "score", "Writ", "Bob", "--score", "Kind=4")):
        assert run(*args).exit_code == 0, args
    assert "leading: Ann and Bob (tied)" in run("shortlist", "list").stdout
    [listed] = json.loads(run("shortlist", "list", "--format", "json").stdout)
    assert listed["leading"] == "Ann" and listed["leaders"] == ["Ann", "Bob"]


@pytest.mark.catalogue("S400")
def test_paths_says_where_the_backups_are(run, tmp_path):
    other = tmp_path / "elsewhere" / "j.db"
    assert run("init", str(other)).exit_code == 0
    lines = dict(line.split(None, 1) for line in run("--db", other, "paths", db=False).stdout.splitlines())
    assert lines["backups"] == str(other.parent / "backups")


@pytest.mark.catalogue("S405")
def test_edit_with_nothing_piped_names_an_option_it_has(run):
    assert run("add", "first words").exit_code == 0
    [entry] = json.loads(run("list", "--format", "json").stdout)
    result = run("edit", entry["short_id"], input="")
    assert result.exit_code == 2, result.stderr
    assert "give it with --text" in result.stderr and "as TEXT" not in result.stderr


@pytest.mark.catalogue("S406")
def test_markdown_lists_say_which_entries_are_private(run):
    assert run("add", "secret words", "--private").exit_code == 0
    [entry] = json.loads(run("list", "--format", "json").stdout)
    for args in (("list",), ("search", "secret"), ("show", entry["short_id"])):
        shown = run(*args, "--format", "markdown").stdout
        assert "· private" in shown, (args, shown)


@pytest.mark.catalogue("S407")
def test_prompt_all_lists_every_set(run):
    listed = json.loads(run("prompt", "--all", "--format", "json").stdout)
    sets = {p["set"] for p in listed}
    assert {"daily", "check-in", "closure", "preparing", "passing-on"} <= sets
    daily = json.loads(run("prompt", "--all", "--set", "daily", "--format", "json").stdout)
    assert {p["set"] for p in daily} == {"daily"}
    assert len(json.loads(run("prompt", "--format", "json").stdout)) == 1  # the prompt of the day, as before


@pytest.mark.catalogue("S408")
def test_a_template_with_nothing_on_stdin_says_it_needs_a_terminal(run):
    result = run("add", "--template", "check-in", input="")
    assert result.exit_code == 2
    assert "on a terminal" in result.stderr and "no piped" not in result.stderr
