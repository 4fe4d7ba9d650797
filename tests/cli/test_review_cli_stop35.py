"""Command-line faults found from the outside at stop 35 (catalogue S288-)."""

from __future__ import annotations

import pytest

from journal.domain.errors import StorageError
from tests.cli.expect import ok


@pytest.mark.catalogue("S288")
def test_a_purge_whose_scrub_fails_says_what_it_deleted(run, monkeypatch):
    from journal.store import backups

    ok(run("add", "a text to delete for good"))
    [entry] = run.json("list")
    ok(run("delete", entry["short_id"]))

    def full(conn):
        raise StorageError("Not enough disk space to save. Free some space and try again; nothing was written.")

    with monkeypatch.context() as disk:
        disk.setattr(backups, "compact", full)
        result = run("purge", "--yes")
    assert result.exit_code == 1
    assert "Deleted 1 entry for good" in result.stderr and "nothing was written" not in result.stderr
    assert "the next command finishes it" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    ok(run("list"))  # the next command finishes the scrub (K81)
    assert "FAIL" not in run("doctor").stdout


@pytest.mark.catalogue("S289")
def test_fix_perms_takes_in_the_copies_kept_beside_the_journal(run, db_path, tmp_path):
    import stat

    ok(run("add", "one"))
    ok(run("backup", str(tmp_path / "mine.db")))
    ok(run("restore", str(tmp_path / "mine.db"), "--yes"))  # the journal before it is kept aside
    [aside] = db_path.parent.glob(f"{db_path.name}.pre-restore-*")
    holders = db_path.with_name(f".{db_path.name}.holders")
    holders.mkdir(exist_ok=True)
    aside.chmod(0o644)
    holders.chmod(0o755)
    result = run("doctor")
    assert result.exit_code == 1 and str(aside) in result.stdout
    assert run("doctor", "--fix-perms").exit_code == 0
    assert stat.S_IMODE(aside.stat().st_mode) == 0o600 and stat.S_IMODE(holders.stat().st_mode) == 0o700


@pytest.mark.catalogue("S290")
def test_doctor_names_editor_text_a_stopped_command_left(run, db_path):
    ok(run("add", "one"))
    left = db_path.parent / ".journal-edit-k1ll3d.md"
    left.write_text("EDITED TEXT typed before the window closed", encoding="utf-8")
    result = run("doctor")
    assert result.exit_code == 1 and "WARN  editor" in result.stdout and str(left) in result.stdout
    assert "EDITED TEXT" not in result.stdout  # named, never quoted
