"""Sync through a real git remote: two journals, each syncing into its own clone of one bare
repository, pushing and pulling as a person would. Change files are only ever added, each by
one device, so every pull merges without a conflict whatever the order."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.reliability.test_sync import Device

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60,
                          env={"PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(cwd), "GIT_AUTHOR_NAME": "t",
                               "GIT_AUTHOR_EMAIL": "t@localhost", "GIT_COMMITTER_NAME": "t",
                               "GIT_COMMITTER_EMAIL": "t@localhost", "GIT_CONFIG_NOSYSTEM": "1"})
    assert done.returncode == 0, (args, done.stderr)
    return done.stdout


def push_all(clone: Path) -> None:
    git(clone, "add", "-A")
    if git(clone, "status", "--porcelain").strip():
        git(clone, "commit", "-q", "-m", "journal changes")
    git(clone, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
    git(clone, "push", "-q", "origin", "HEAD:main")


@pytest.fixture
def clones(tmp_path):
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    made = []
    for name in ("laptop-clone", "desktop-clone"):
        clone = tmp_path / name
        git(tmp_path, "clone", "-q", str(remote), str(clone))
        git(clone, "checkout", "-q", "-B", "main")
        made.append(clone)
    (made[0] / "README").write_text("the journal's sync folder\n")
    git(made[0], "add", "README")
    git(made[0], "commit", "-q", "-m", "the sync folder")
    git(made[0], "push", "-q", "origin", "HEAD:main")
    git(made[1], "pull", "-q", "origin", "main")
    return made


def test_two_journals_sync_through_a_bare_git_remote(tmp_path, clones):
    laptop_clone, desktop_clone = clones
    laptop = Device(tmp_path, "laptop", laptop_clone)
    desktop = Device(tmp_path, "desktop", desktop_clone)
    try:
        entry = laptop.write("Written on the laptop")
        laptop.sync()
        push_all(laptop_clone)
        desktop.write("Written on the desktop")
        desktop.sync()
        push_all(desktop_clone)  # pulls the laptop's file first, then pushes its own
        assert desktop.sync().files_applied == 1
        git(laptop_clone, "pull", "-q", "--no-edit", "origin", "main")
        assert laptop.sync().files_applied == 1
        assert sorted(laptop.bodies().values()) == sorted(desktop.bodies().values()) == [
            "Written on the desktop", "Written on the laptop"]

        laptop.edit(entry.id, "The laptop's version")
        desktop.later(30)
        desktop.edit(entry.id, "The desktop's later version")
        for device, clone in ((laptop, laptop_clone), (desktop, desktop_clone), (laptop, laptop_clone)):
            device.sync()
            push_all(clone)
            device.sync()
        assert laptop.bodies()[entry.id] == desktop.bodies()[entry.id] == "The desktop's later version"
        assert laptop.drafts() == ["The laptop's version"] and desktop.drafts() == []
        assert laptop.export() == desktop.export()
        tracked = git(laptop_clone, "ls-files").split()
        assert all(name == "README" or name.endswith((".jsonl", "/applied.json")) for name in tracked)
        assert not any(name.endswith((".db", "-wal", "-shm")) for name in tracked)  # never the database
    finally:
        laptop.close()
        desktop.close()
