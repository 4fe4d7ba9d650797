"""K79: a file the user asks us to write is never one the journal lives in.

`journal --db j.db export -o j.db` used to exit 0 having replaced the journal with its own
JSON; `retro -o j.db` and `export -o j.db-wal` did the same. Every command that writes a
file refuses a target that resolves to the journal, its -wal/-shm/-journal, its lock
folder, its backups folder (except backups) or its config: one line, exit 2, nothing touched.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.expect import fails
from tests.tui.conftest import retro_drawn

pytestmark = pytest.mark.catalogue("K79")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "absent"


def _state(db: Path) -> dict[str, str]:
    return {suffix: _digest(Path(f"{db}{suffix}")) for suffix in ("", "-wal", "-shm")}


@pytest.fixture
def seeded(run):
    assert run("add", "private words that must survive", "--private").exit_code == 0
    assert run("goal", "add", "Speak up").exit_code == 0
    assert run("add", "about the goal", "-g", "speak").exit_code == 0
    return run


def _targets(db: Path, tmp_path: Path) -> list[tuple[str, Path]]:
    link = tmp_path / "link.json"
    link.symlink_to(db)
    hard = tmp_path / "hard.db"
    os.link(db, hard)
    return [
        ("the journal", db),
        ("its -wal", Path(f"{db}-wal")),
        ("its -shm", Path(f"{db}-shm")),
        ("its -journal", Path(f"{db}-journal")),
        ("a symlink to it", link),
        ("a path through ..", db.parent / ".." / db.parent.name / db.name),
        ("a hard link to it", hard),
        ("its backups folder", db.parent / "backups" / "export.json"),
        ("its config file", tmp_path / "config" / "journal" / "config.toml"),
    ]


def test_export_and_retro_refuse_every_file_of_the_journal(seeded, db_path, tmp_path):
    seeded("backup")  # makes the backups folder
    before = _state(db_path)
    for what, target in _targets(db_path, tmp_path):
        for args in (["export", "-o", target], ["export", "--format", "markdown", "-o", target],
                     ["retro", "speak", "-o", target], ["retro", "speak", "--format", "html", "-o", target]):
            result = seeded(*args)
            fails(result, 2, "Refusing to write")
            assert "nothing was written" in result.stderr, (what, args)
            assert "private words" not in result.stderr
        assert _state(db_path) == before, what
    assert [e["body"] for e in seeded.json("list")] == ["about the goal", "private words that must survive"]


def test_backup_refuses_the_journal_but_may_go_into_its_backups_folder(seeded, db_path, tmp_path):
    before = _state(db_path)
    for what, target in _targets(db_path, tmp_path):
        result = seeded("backup", target)
        if what == "its backups folder":
            assert result.exit_code == 0, result.stderr
            continue
        fails(result, 2, "Refusing to write")
        assert _state(db_path) == before, what


def test_dev_stdout_pointing_at_the_journal_is_refused(seeded, db_path):
    """`journal export -o /dev/stdout >> j.db`: /dev/stdout resolves to the journal itself."""
    before = _state(db_path)
    with open(db_path, "ab") as journal_file:
        result = subprocess.run([sys.executable, "-m", "journal", "--db", str(db_path), "export", "-o", "/dev/stdout"],
                                stdout=journal_file, stderr=subprocess.PIPE, text=True)
    assert result.returncode == 2 and "Refusing to write" in result.stderr
    assert _state(db_path) == before


async def test_the_tui_retrospective_export_refuses_the_journal(journal, app_for, db_path):
    """The closure screen's export field goes through the same service call."""
    from textual.widgets import Input

    goal = journal.goals.add("Speak")
    app = app_for(journal)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        app.open_closure(goal=goal.id)
        await pilot.pause()
        await pilot.press("ctrl+s")  # to the outcome
        await pilot.press("ctrl+s")  # save and close
        await pilot.pause()
        review = await retro_drawn(pilot)
        before = _state(db_path)
        review.query_one("#retro-path", Input).value = str(db_path)
        review.action_export()
        await pilot.pause()
        assert "Refusing to write" in [n.message for n in app._notifications][-1]
    assert _state(db_path) == before
