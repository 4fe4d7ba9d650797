"""S518 (helper review): `journal export -o FILE`, `retro -o` and `agreement export -o` replaced
a file that was there, a person's own, without a word. Such a file is refused now unless
--replace is given (as `journal backup` asks it); an empty file, a new name and stdout are
written as before, and the app, which asks first, is unchanged."""

from __future__ import annotations

import pytest

from tests.cli.expect import fails, ok


@pytest.fixture
def written(run):
    ok(run("mentorship", "add", "Dana", "--since", "2026-09-01"))
    ok(run("agreement", "set", "Dana", "ground", "We meet every second week"))
    ok(run("goal", "add", "Speak up", "--mentorship", "Dana"))
    ok(run("add", "I spoke first at stand-up", "-g", "Speak up"))
    ok(run("goal", "close", "Speak up", "--status", "achieved"))
    return run


@pytest.mark.catalogue("S518")
@pytest.mark.parametrize("command", [["export"], ["retro", "Speak up"], ["agreement", "export", "Dana"]],
                         ids=lambda c: " ".join(c))
def test_a_file_with_something_in_it_is_replaced_only_when_asked(written, tmp_path, command):
    mine = tmp_path / "mine.md"
    mine.write_text("my own notes", encoding="utf-8")
    line = fails(written(*command, "-o", mine), 2, "is there already", "--replace", "Nothing was written")
    assert "stand-up" not in line
    assert mine.read_text(encoding="utf-8") == "my own notes"
    ok(written(*command, "-o", mine, "--replace"))
    assert mine.read_text(encoding="utf-8") != "my own notes"
    empty = tmp_path / "empty.md"
    empty.touch()
    ok(written(*command, "-o", empty))  # nothing in it to lose
    ok(written(*command, "-o", tmp_path / "new.md"))
    ok(written(*command))  # standard output, as ever
