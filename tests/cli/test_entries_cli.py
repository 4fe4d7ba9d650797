import os
import stat
import sys

import pytest

from journal.store import engine
from tests.cli.expect import fails, ok


def test_the_new_user_story(run):
    fails(run("add", "First day with my mentor", "-l", "insight", "-g", "Public speaking",
              "-t", "mentoring", "-d", "yesterday"), 2, "goal add")
    assert run.json("list") == []
    ok(run("goal", "add", "Public speaking"))
    result = ok(run("add", "First day with my mentor", "-l", "insight", "-g", "Public speaking",
                    "-t", "mentoring", "-d", "yesterday"))
    assert "Sun 2026-11-22" in result.stderr and result.stdout == ""
    [entry] = run.json("list")
    assert (entry["lens"], entry["day"], entry["tags"]) == ("insight", "2026-11-22", ["mentoring"])
    assert entry["goals"][0]["title"] == "Public speaking"
    ok(run("add", "-l", "f", input="piped foresight\n"))
    assert [e["lens"] for e in run.json("list")] == ["foresight", "insight"]


@pytest.mark.parametrize(
    ("args", "code", "word"),
    [
        (["add", "x", "-d", "2026-02-30"], 2, "day is out of range"),
        (["add", "x", "-d", "next blursday"], 2, "Accepted forms"),
        (["add", "x", "-l", "sideways"], 2, "hindsight, insight, foresight"),
        (["add", "   "], 2, "Nothing to save"),
        (["add", "x", "--kind", "essay"], 2, "note, meeting"),
        (["add", "x", "-d", "tomorrow"], 2, "foresight"),
        (["show", "ffffffff"], 2, "No entry"),
        (["show", "zz"], 2, "not an entry id"),
        (["delete", "123456"], 2, "No entry"),
        (["list", "--from", "whenever"], 2, "Accepted forms"),
        (["list", "-n", "0"], 2, "--help"),
        (["goal", "show", "nothing"], 2, "No goal"),
        (["mentorship", "show", "nobody"], 2, "No mentorship"),
        (["search", " "], 2, "Nothing to search"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(run, args, code, word):
    fails(run(*args, input=""), code, word)
    assert run.json("list") == []


@pytest.mark.catalogue("S542")
@pytest.mark.parametrize("blank", ["\u200b\u200b", "\u202e", "\u2060 \ufeff\n\u200d"])
def test_text_of_only_invisible_characters_is_nothing_to_save(run, blank):
    fails(run("add", blank), 2, "Nothing to save")
    fails(run("add", input=blank), 2, "Nothing to save")
    ok(run("add", "x"))
    [entry] = run.json("list")
    fails(run("edit", entry["short_id"], "--text", blank), 2, "Nothing to save")
    assert run.json("show", entry["short_id"])["body"] == "x"


def test_empty_stdin_is_nothing_to_save(run):
    fails(run("add", input=""), 2, "Nothing to save")


def test_missing_db_path_is_not_created(run, tmp_path):
    target = tmp_path / "elsewhere" / "j.db"
    result = run("--db", target, "list", db=False)
    fails(result, 1, "journal init")
    assert not target.exists()


def test_a_file_that_is_not_a_journal(run, tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("2025-01-01 09:00 a jrnl entry\n")
    fails(run("--db", target, "list", db=False), 1, "not a journal")
    assert target.read_text() == "2025-01-01 09:00 a jrnl entry\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file modes")
def test_a_read_only_journal_reads_but_refuses_writes(run, db_path):
    ok(run("add", "before"))
    os.chmod(db_path, 0o400)
    try:
        assert len(run.json("list")) == 1
        fails(run("add", "after"), 1, "read-only")
    finally:
        os.chmod(db_path, 0o600)


def test_storage_errors_anywhere_become_one_clear_line(run, monkeypatch):

    def broken(*a, **k):
        raise engine.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr("journal.store.entries.query", broken)
    fails(run("list"), 1, "read-only")


def test_ambiguous_prefix_lists_candidates(run, db_path):

    ok(run("add", "one"))
    ok(run("add", "two"))
    raw = engine.driver.connect(db_path)
    raw.execute("UPDATE entries SET id = 'abcd' || substr(id, 5)")
    raw.commit()
    raw.close()
    line = fails(run("show", "abcd"), 2, "matches several")
    assert line.count("2026-11-23") == 2 and "one" not in line  # candidates, never entry text


def test_list_search_show_formats(run):
    ok(run("goal", "add", "Running"))
    ok(run("add", "Ran 5k in the rain", "-g", "run", "-t", "sport", "--star", "-d", "2026-11-20 07:15"))
    ok(run("add", "Thinking about pacing", "-l", "i", "--title", "Pacing", "-d", "2026-11-21"))
    text = ok(run("list")).stdout.splitlines()
    assert "Pacing" in text[0] and "◆ insight" in text[0]
    assert "2026-11-20 07:15" in text[1] and "#sport" in text[1] and "@Running" in text[1] and "★" in text[1]
    assert len(ok(run("list", "-n", "1")).stdout.splitlines()) == 1
    assert [e["title"] for e in run.json("list", "--lens", "i")] == ["Pacing"]
    assert len(run.json("list", "--tag", "sport", "--starred", "--goal", "run")) == 1
    assert len(run.json("list", "--on", "2026-11-21")) == 1
    assert len(run.json("list", "--from", "2026-11-21", "--to", "today")) == 1
    assert ok(run("list", "--format", "markdown")).stdout.startswith("## 2026-11-21 · ◆ insight · Pacing")
    [hit] = run.json("search", "rain")
    assert hit["body"] == "Ran 5k in the rain"
    assert run.json("search", "rain", "--lens", "i") == []
    shown = ok(run("show", hit["short_id"])).stdout
    assert "Ran 5k in the rain" in shown and "Fri 2026-11-20 07:15" in shown
    assert run.json("show", hit["id"])["id"] == hit["id"]
    assert "## 2026-11-20" in ok(run("show", hit["short_id"], "--format", "markdown")).stdout
    assert "Nothing found" in ok(run("search", "snow")).stderr
    assert "No entries match" in ok(run("list", "--kind", "meeting")).stderr


def test_edit_delete_restore_trash_purge(run):
    ok(run("add", "original words", "-t", "a"))
    [entry] = run.json("list")
    sid = entry["short_id"]
    assert "Updated" in ok(run("edit", sid, "--text", "new words", "-l", "f", "--star", "--no-tags")).stderr
    edited = run.json("show", sid)
    assert (edited["body"], edited["lens"], edited["starred"], edited["tags"]) == ("new words", "foresight", True, [])
    assert "No changes" in ok(run("edit", sid, "--star")).stderr
    fails(run("edit", sid, "-t", "x", "--no-tags"), 2)
    ok(run("delete", sid))
    assert run.json("list") == [] and len(run.json("trash")) == 1
    ok(run("restore", sid))
    assert len(run.json("list")) == 1
    ok(run("delete", sid))
    assert "Nothing deleted" in ok(run("purge", input="n\n")).stderr
    assert "Deleted 1" in ok(run("purge", "--yes")).stderr
    assert "empty" in ok(run("trash")).stderr


EDITOR = """import sys
path = sys.argv[-1]
with open(path, "rb") as f:
    before = f.read()
with open(path, "wb") as f:
    f.write(before + {payload!r})
"""


def _editor(tmp_path, monkeypatch, payload: bytes, exit_code: int = 0):
    script = tmp_path / "fake_editor.py"
    script.write_text(EDITOR.format(payload=payload) + f"\nsys.exit({exit_code})\n")
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    monkeypatch.setattr("journal.cli.editor.stdin_is_terminal", lambda: True)


def test_add_with_the_editor(run, tmp_path, monkeypatch, db_path):
    _editor(tmp_path, monkeypatch, b"Written in my editor\n")
    ok(run("add", "-l", "i"))
    assert run.json("list")[0]["body"] == "Written in my editor"
    assert not list(db_path.parent.glob(".journal-edit-*"))


@pytest.mark.catalogue("D30", "E39")
def test_editor_writing_invalid_utf8_keeps_the_text(run, tmp_path, monkeypatch):
    _editor(tmp_path, monkeypatch, "caf\xe9 latin-1".encode("latin-1"))
    result = ok(run("add"))
    assert "not valid UTF-8" in result.stderr
    assert run.json("list")[0]["body"] == "caf\ufffd latin-1"


@pytest.mark.catalogue("D30")
def test_editor_failure_keeps_the_file_and_says_where(run, tmp_path, monkeypatch, db_path):
    _editor(tmp_path, monkeypatch, b"precious words", exit_code=3)
    line = fails(run("add"), 1, "kept in")
    kept = list(db_path.parent.glob(".journal-edit-*"))
    assert kept and kept[0].read_bytes() == b"precious words"
    assert stat.S_IMODE(os.stat(kept[0]).st_mode) == 0o600
    assert "precious" not in line


@pytest.mark.catalogue("D30")
def test_save_failure_after_editing_keeps_the_text(run, tmp_path, monkeypatch, db_path):
    _editor(tmp_path, monkeypatch, b"   ")
    assert "nothing saved" in ok(run("add")).stderr
    _editor(tmp_path, monkeypatch, b"words " * 3)
    monkeypatch.setattr("journal.domain.text.MAX_BODY_BYTES", 5)
    fails(run("add"), 2, "kept in")
    assert list(db_path.parent.glob(".journal-edit-*"))


def test_edit_body_in_the_editor(run, tmp_path, monkeypatch):
    ok(run("add", "first"))
    sid = run.json("list")[0]["short_id"]
    _editor(tmp_path, monkeypatch, b" and more")
    ok(run("edit", sid))
    assert run.json("show", sid)["body"] == "first and more"


@pytest.mark.catalogue("E44")
def test_user_text_never_reaches_the_terminal_raw(run):
    nasty = "[/bold] [@click=app.quit]x[/] \x1b]0;PWNED\x07 \x1b[2J \u202eevil"
    ok(run("goal", "add", "Goal \x1b[31m[/bold]"))
    ok(run("add", nasty, "--title", nasty, "-g", "goal"))
    for args in (["list"], ["show", run.json("list")[0]["short_id"]], ["goal", "list"], ["search", "evil"]):
        out = ok(run(*args)).stdout
        assert "\x1b]" not in out and "\x1b[2J" not in out and "\u202e" not in out.split("\n")[0]
        assert "[/bold]" in out
    assert run.json("list")[0]["body"] == nasty


def test_no_color_and_pipes_give_plain_text(run, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    ok(run("add", "plain"))
    assert "\x1b" not in ok(run("list")).stdout
