"""K88: a journal reached through a symbolic link (a symlinked folder, or a symlinked file).

Before: doctor checked the link itself (lstat: 0777), warned forever, and `--fix-perms`
chmodded through the link while claiming to fix it; backups, lock files, restore's temp
file and the editor's scratch file went beside the link, and restore replaced the link with
a plain file. Now the path is resolved once (`store/db.locate`): everything is done at the
real file and folder, a link is never chmodded (nor through), and doctor notes the link (info).
"""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from journal.domain.model import Draft
from journal.services import EntryInput, Journal

from .conftest import healthy

pytestmark = pytest.mark.catalogue("K88")


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def layout(tmp_path, clock):
    """real/journal.db (0700 folder) with one entry; linked/ -> real/; files/j.db -> ../real/journal.db."""
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    with Journal.open(real / "journal.db", clock=clock, create=True) as j:
        j.entries.write(EntryInput("kept through links"))
    (tmp_path / "linked").symlink_to(real)
    files = tmp_path / "files"
    files.mkdir(mode=0o700)
    (files / "j.db").symlink_to(Path("..") / "real" / "journal.db")
    return real, tmp_path / "linked" / "journal.db", files / "j.db"


@pytest.mark.parametrize("via", ["folder", "file"])
def test_doctor_checks_the_real_folder_not_the_link_and_says_so(run, layout, via):
    real, through_folder, through_file = layout
    given = through_folder if via == "folder" else through_file
    result = run("--db", given, "doctor", db=False)
    assert result.exit_code == 0, result.stdout
    assert "WARN" not in result.stdout
    assert f"info  link: {given} leads through a symbolic link to {real / 'journal.db'}" in result.stdout
    assert f"mode {real}: 0700" in result.stdout and f"mode {real / 'journal.db'}: 0600" in result.stdout
    assert f"mode {given.parent}:" not in result.stdout.replace(f"mode {real}", "")


@pytest.mark.parametrize("via", ["folder", "file"])
def test_fix_perms_fixes_the_real_folder_reports_it_and_leaves_the_link(run, layout, via):
    real, through_folder, through_file = layout
    given = through_folder if via == "folder" else through_file
    link = given.parent if via == "folder" else given
    real.chmod(0o755)
    (real / "journal.db").chmod(0o644)
    before = run("--db", given, "doctor", db=False)
    assert before.exit_code == 1 and f"WARN  mode {real}: 0755" in before.stdout, before.stdout
    fixed = run("--db", given, "doctor", "--fix-perms", db=False)
    assert f"ok    mode {real}: was 0755, now 0700" in fixed.stdout, fixed.stdout
    assert f"ok    mode {real / 'journal.db'}: was 0644, now 0600" in fixed.stdout
    assert mode(real) == 0o700 and mode(real / "journal.db") == 0o600 and link.is_symlink()
    again = run("--db", given, "doctor", db=False)
    assert again.exit_code == 0 and "WARN" not in again.stdout, again.stdout


def test_fix_perms_never_changes_what_a_link_in_the_backups_folder_points_to(run, layout, tmp_path):
    real, through_folder, _ = layout
    (real / "backups").mkdir(mode=0o700, exist_ok=True)
    elsewhere = tmp_path / "someone-elses.txt"
    elsewhere.write_text("not ours")
    elsewhere.chmod(0o644)
    (real / "backups" / "planted.db").symlink_to(elsewhere)
    result = run("--db", through_folder, "doctor", "--fix-perms", db=False)
    assert f"info  mode {real / 'backups' / 'planted.db'}: a symbolic link: left alone" in result.stdout, result.stdout
    assert mode(elsewhere) == 0o644 and (real / "backups" / "planted.db").is_symlink()
    assert "was 0777" not in result.stdout


@pytest.mark.parametrize("via", ["folder", "file"])
def test_backups_and_lock_files_go_beside_the_real_file(run, layout, via, clock):
    real, through_folder, through_file = layout
    given = through_folder if via == "folder" else through_file
    made = run("--db", given, "backup", db=False)
    assert made.exit_code == 0, made.stderr
    assert f"Backed up to {real / 'backups'}/" in made.stderr + made.stdout
    assert not (given.parent / "backups").exists() or given.parent.resolve() == real
    with Journal.open(given, clock=clock) as j:
        assert j.path == real / "journal.db"
        j.drafts.save(Draft(body="held"))
        assert (real / ".journal.db.holders").is_dir()
    assert not (given.parent / ".j.db.holders").exists()


def test_restore_through_a_symlinked_file_replaces_the_real_file_and_keeps_the_link(run, layout, tmp_path):
    real, _, through_file = layout
    copy = tmp_path / "copy.db"
    assert run("--db", through_file, "backup", copy, db=False).exit_code == 0
    assert run("--db", through_file, "add", "after the copy", db=False).exit_code == 0
    result = run("--db", through_file, "restore", copy, "--yes", db=False)
    assert result.exit_code == 0, result.stderr
    assert through_file.is_symlink() and os.readlink(through_file) == str(Path("..") / "real" / "journal.db")
    assert healthy(real / "journal.db")
    listed = json.loads(run("--db", through_file, "list", "--format", "json", db=False).stdout)
    assert [e["body"] for e in listed] == ["kept through links"]
    assert list(real.glob("journal.db.pre-restore-*")) and not list(through_file.parent.glob("*.pre-restore-*"))
    assert not list(through_file.parent.glob("*.tmp"))


EDITOR = """import pathlib, sys
seen, path = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
seen.write_text(str(path.parent))
path.write_text(path.read_text() + " edited")
"""


def test_the_editors_scratch_file_is_made_beside_the_real_file(run, layout, tmp_path, monkeypatch):
    real, _, through_file = layout
    editor, seen = tmp_path / "editor.py", tmp_path / "seen.txt"
    editor.write_text(EDITOR)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor} {seen}")  # click adds the file's name
    monkeypatch.setattr("journal.cli.editor.stdin_is_terminal", lambda: True)  # a person at a terminal
    entry = json.loads(run("--db", through_file, "list", "--format", "json", db=False).stdout)[0]["short_id"]
    result = run("--db", through_file, "edit", entry, db=False)
    assert result.exit_code == 0, result.stderr
    assert Path(seen.read_text()) == real
    assert not list(through_file.parent.glob(".journal-edit-*")) and not list(real.glob(".journal-edit-*"))
