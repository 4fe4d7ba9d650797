"""K85: bytes that are not UTF-8 in any argument of any command (Python hands them over as
lone surrogates) are repaired to U+FFFD with one warning line naming the argument, as a body
is; never exit 70. Paths keep their bytes and still name their file (--db, $JOURNAL_DB, FILE
arguments, $EDITOR)."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

import pytest

BAD = b"\xff"
WARNING = b"was not valid UTF-8"


def journal(proc, *args: bytes | str, env: dict | None = None, input: bytes | None = None, stdin: int | None = None):
    """`python -m journal` with raw bytes in argv (Proc would turn bytes into their repr)."""
    argv = [a if isinstance(a, bytes) else a.encode() for a in args]
    streams = {"stdin": stdin} if stdin is not None else {"input": input}
    return subprocess.run([os.fsencode(sys.executable), b"-m", b"journal", *argv], **streams,
                          env={**proc.env, **(env or {})}, capture_output=True, timeout=60)


def ok(result, *names: bytes) -> None:
    """Exit 0, no traceback, and one warning line per repaired argument, naming it."""
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr and b"internal error" not in result.stderr
    warnings = [line for line in result.stderr.splitlines() if WARNING in line]
    assert len(warnings) == len(names), result.stderr
    for name in names:
        assert len([line for line in warnings if name in line and line.startswith(b"journal: ")]) == 1, (name, warnings)


def entries(proc) -> list[dict]:
    result = journal(proc, "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def seeded(proc):
    assert journal(proc, "init").returncode == 0
    assert journal(proc, "goal", "add", "Talks").returncode == 0
    assert journal(proc, "mentorship", "add", "Ada").returncode == 0
    assert journal(proc, "add", "first", "--title", "First").returncode == 0
    return proc


@pytest.mark.parametrize("args,names,field", [
    ((b"add", b"--title", b"t" + BAD, b"ok"), (b"option --title",), "title"),
    ((b"add", b"--title=t" + BAD, b"ok"), (b"option --title",), "title"),
    ((b"add", b"-t", b"tag" + BAD, b"ok"), (b"option --tag",), "tags"),
    ((b"add", b"body " + BAD), (b"argument TEXT",), "body"),
    ((b"add", b"two", b"words" + BAD + BAD), (b"argument TEXT",), "body"),
    ((b"add", b"-l", b"f", b"--title", b"a" + BAD, b"-t", b"b" + BAD, b"c" + BAD),
     (b"argument TEXT", b"option --title", b"option --tag"), "body"),
])
@pytest.mark.catalogue("K85")
def test_text_options_and_arguments_of_add_are_repaired_with_one_line_each(seeded, args, names, field):
    result = journal(seeded, *args)
    ok(result, *names)
    [new] = [e for e in entries(seeded) if e["title"] != "First"]
    stored = json.dumps(new[field], ensure_ascii=False)
    assert "\ufffd" in stored and "\\udcff" not in stored


@pytest.mark.parametrize("args,names", [
    ((b"search", b"q" + BAD), (b"argument QUERY",)),
    ((b"list", b"--tag", b"x" + BAD), (b"option --tag",)),
    ((b"goal", b"add", b"G" + BAD, b"--specific", b"s" + BAD), (b"argument TITLE", b"option --specific")),
    ((b"goal", b"edit", b"Talks", b"--measurable", b"m" + BAD), (b"option --measurable",)),
    ((b"goal", b"milestone", b"Talks", b"step" + BAD), (b"argument TITLE",)),
    ((b"goal", b"status", b"Talks", b"paused", b"--note", b"why" + BAD), (b"option --note",)),
    ((b"mentorship", b"add", b"Bea" + BAD, b"--focus", b"f" + BAD), (b"argument MENTOR", b"option --focus")),
    ((b"timeline", b"--tag", b"x" + BAD), (b"option --tag",)),
])
@pytest.mark.catalogue("K85")
def test_every_other_command_follows_the_same_rule(seeded, args, names):
    ok(journal(seeded, *args), *names)


@pytest.mark.catalogue("K85")
def test_edit_and_the_stored_goal_and_mentorship_hold_the_replacement_character(seeded):
    short = entries(seeded)[0]["short_id"]
    ok(journal(seeded, "edit", short, b"--title", b"new" + BAD), b"option --title")
    assert entries(seeded)[0]["title"] == "new\ufffd"
    ok(journal(seeded, b"goal", b"add", b"Speak" + BAD), b"argument TITLE")
    goals = json.loads(journal(seeded, "goal", "list", "--format", "json").stdout)
    assert "Speak\ufffd" in [g["title"] for g in goals]


@pytest.mark.catalogue("K85")
def test_a_value_that_is_still_wrong_after_repair_is_one_line_exit_2(seeded):
    result = journal(seeded, "add", "-d", b"yesterday" + BAD, "x")
    assert result.returncode == 2 and b"Traceback" not in result.stderr
    [error] = [line for line in result.stderr.splitlines() if WARNING not in line]
    assert error.startswith(b"journal: ")
    result = journal(seeded, b"ad" + BAD)  # a command name is no text to keep: refused, one line
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1


@pytest.mark.catalogue("K85")
def test_paths_keep_their_bytes(proc, tmp_path):
    folder = os.fsencode(tmp_path)
    db = folder + b"/j" + BAD + b".db"
    ok(journal(proc, b"--db", db, "init"))
    assert os.path.exists(db)
    ok(journal(proc, b"--db", db, "add", "hello"))
    assert journal(proc, b"--db", db, "list").stdout.count(b"hello") == 1
    assert journal(proc, "list", env={"JOURNAL_DB": db}).stdout.count(b"hello") == 1
    backup = folder + b"/copy" + BAD + b".db"
    ok(journal(proc, b"--db", db, "backup", backup))
    assert os.path.exists(backup)
    export = folder + b"/out" + BAD + b".json"
    ok(journal(proc, b"--db", db, "export", "-o", export))
    assert b"hello" in open(export, "rb").read()


@pytest.mark.catalogue("K85")
def test_an_editor_whose_path_is_not_utf8_still_runs(seeded, tmp_path):
    editor = os.fsencode(tmp_path) + b"/ed" + BAD + b".sh"
    with open(editor, "wb") as handle:
        handle.write(b'#!/bin/sh\necho "edited in the editor" > "$1"\n')
    os.chmod(editor, 0o700)
    short = entries(seeded)[0]["short_id"]
    terminal, typed_on = pty.openpty()  # a person at a terminal: the editor opens (S210)
    try:
        result = journal(seeded, "edit", short, env={"EDITOR": editor, "VISUAL": editor}, stdin=typed_on)
    finally:
        os.close(terminal)
        os.close(typed_on)
    assert result.returncode == 0, result.stderr
    assert entries(seeded)[0]["body"] == "edited in the editor"
