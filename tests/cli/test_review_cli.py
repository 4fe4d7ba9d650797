"""Catalogue S162: input a script or a shell hands over that the commands took wrongly, found by
a review (stop 30): closed standard streams, empty values, numbers past SQLite's, a folder name
that is not UTF-8, paths with escape sequences."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.cli.expect import fails, ok

pytestmark = pytest.mark.catalogue("S162")


def journal_process(db_path, *args: str, closed: str = "") -> subprocess.CompletedProcess[str]:
    """`journal --db DB ARGS` as its own process, with `closed` ("stdout", "stdin") closed by the shell."""
    shell = f'"{sys.executable}" -c "from journal.cli import main; main()" --db "{db_path}" ' + " ".join(
        f"'{a}'" for a in args)
    shell += {"stdout": " >&-", "stdin": " <&-", "": ""}[closed]
    return subprocess.run(["sh", "-c", shell], capture_output=True, text=True, timeout=60)


def test_a_closed_standard_output_is_output_that_cannot_be_written(run, db_path):
    ok(run("add", "an entry"))
    for args in (("list",), ("list", "--format", "json"), ("export",)):
        done = journal_process(db_path, *args, closed="stdout")
        assert done.returncode == 1, done.stderr
        assert done.stderr.strip() == "journal: Cannot write the output: standard output is closed."
    done = journal_process(db_path, "add", "written with stdout closed", closed="stdout")
    assert done.returncode == 0 and "Saved" in done.stderr  # it prints on stderr only: it works
    done = journal_process(db_path, "add", "-l", "h", closed="stdin")
    assert (done.returncode, done.stderr.strip()) == (2, "journal: Nothing to save: the entry text is empty")


@pytest.mark.parametrize("args", [
    ("add", "new", "-d", ""), ("list", "--on", ""), ("list", "--from", " "), ("list", "-l", ""),
    ("list", "--kind", ""), ("add", "x", "-l", ""),
])
def test_an_empty_day_lens_or_kind_is_refused_not_dropped(run, args):
    fails(run(*args), 2, "it is empty")
    assert run.json("list") == []


def test_an_empty_target_date_still_means_none(run):
    ok(run("goal", "add", "Talk", "--by", ""))
    ok(run("goal", "edit", "talk", "--by", "2030-01-01"))
    ok(run("goal", "edit", "talk", "--by", ""))  # clears it
    assert run.json("goal", "show", "talk")["time_bound"] is None


@pytest.mark.parametrize("args", [("list", "-n", "9223372036854775808"), ("search", "x", "-n", "9223372036854775808"),
                                  ("drafts", "show", "9223372036854775808")])
def test_a_number_past_what_sqlite_takes_is_one_line(run, args):
    fails(run(*args), 2, "too large")


def test_a_sync_folder_named_in_another_encoding_leaves_the_config_as_it_was(run, tmp_path):
    config = tmp_path / "config" / "journal" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[dates]\norder = "mdy"\n', encoding="utf-8")
    folder = os.fsdecode(os.fsencode(str(tmp_path / "sync")) + b"\xff")
    fails(run("sync", folder), 2, "not valid UTF-8", "Nothing was changed")
    assert config.read_text(encoding="utf-8") == '[dates]\norder = "mdy"\n'


def test_paths_with_escape_sequences_are_neutralised_in_init_paths_and_doctor(run, tmp_path):
    folder = tmp_path / "x\x1b]0;pwned\x07\x1b[31mRED"
    folder.mkdir()
    target = folder / "j.db"
    for args in (("init", target), ("--db", target, "paths"), ("--db", target, "doctor")):
        result = run(*args, db=False)
        assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stdout + result.stderr
        assert "\\x1b" in result.stdout + result.stderr


def test_ctrl_c_in_the_editor_names_the_file_that_keeps_the_text(run, db_path, monkeypatch):
    monkeypatch.setattr("journal.cli.editor.stdin_is_terminal", lambda: True)

    def editor(filename: str) -> None:
        with open(filename, "a", encoding="utf-8") as handle:
            handle.write("half a thought, typed before Ctrl-C")
        raise KeyboardInterrupt

    monkeypatch.setattr("click.edit", editor)
    result = run("add")
    assert result.exit_code == 130
    kept = sorted(db_path.parent.glob(".journal-edit-*.md"))
    assert len(kept) == 1 and f"your text is kept in {kept[0]}" in result.stderr
    assert "half a thought" in kept[0].read_text(encoding="utf-8")


def test_doctor_reads_the_drafts_of_a_journal_whose_path_is_not_utf8(run, tmp_path):
    folder = os.fsdecode(os.fsencode(str(tmp_path / "journal")) + b"\xff")
    os.mkdir(folder, 0o700)
    target = os.path.join(folder, "j.db")
    ok(run("init", target, db=False))
    result = run("--db", target, "doctor", db=False)
    assert "drafts: none" in result.stdout and "FAIL" not in result.stdout, result.stdout
