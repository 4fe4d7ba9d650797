"""A journal its daily backup found damaged: every command that writes is refused, not only entries."""

from __future__ import annotations

import shutil

import pytest

from journal.store import backups

from .conftest import MARKER, one_clean_line, sha
from .test_bc_storage import _damage, seed


@pytest.mark.catalogue("S293")
def test_a_journal_found_damaged_refuses_goal_mentorship_preparing_and_sync_writes(db_path, proc, tmp_path):
    """Goals, mentorships, agreements, shortlists, vision, profile and sync wrote into a journal
    the daily backup had found damaged (only entries were refused), and sync would have sent its
    rows to the other devices: each is refused in the same line, the file left as it was."""
    seed(db_path, n=150, body="lorem ipsum " * 300)
    shutil.rmtree(db_path.parent / "backups")
    _damage(db_path)
    assert proc("add", "the day's first write").returncode == 0
    backups.wait(db_path)
    assert backups.damage_marker(db_path).exists()
    before = sha(db_path)
    folder = tmp_path / "sync"
    for args in (("goal", "add", f"{MARKER} goal"),
                 ("mentorship", "add", f"{MARKER} mentor"),
                 ("shortlist", "new", f"{MARKER} list"),
                 ("vision", "set", "--future", MARKER),
                 ("profile", "set", "--strengths", MARKER),
                 ("sync", str(folder))):
        result = proc(*args)
        assert result.returncode == 1, (args, result.stderr)
        line = one_clean_line(result.stderr)
        assert "damaged" in line and "doctor" in line and MARKER not in line, (args, line)
        backups.wait(db_path)
    assert sha(db_path) == before
    assert not any(folder.rglob("*.json*")), "nothing of a damaged journal goes to the sync folder"
