"""Doctor says what a stopped encrypt or decrypt left, and that it may be plain text (S512)."""

from __future__ import annotations

import pytest

from journal.store.crypt import TEMP_SUFFIX
from tests.cli.expect import ok


@pytest.mark.catalogue("S512")
def test_a_conversion_leftover_is_named_as_one(run, db_path):
    ok(run("add", "words"))
    left = db_path.with_name(db_path.name + TEMP_SUFFIX)
    left.write_bytes(b"SQLite format 3\x00 plain words of the journal")
    left.chmod(0o600)
    report = run("doctor").stdout
    assert "interrupted encrypt, decrypt or passphrase change" in report, report
    assert "may hold the journal's text in plain" in report and "backup or restore" not in report


@pytest.mark.catalogue("S512")
def test_a_backup_leftover_is_still_a_backups(run, db_path):
    ok(run("add", "words"))
    left = db_path.with_name(db_path.name + ".restore.tmp")
    left.write_bytes(b"half a restore")
    report = run("doctor").stdout
    assert "interrupted backup or restore" in report and "encrypt" not in report.split("leftovers", 1)[-1][:200]
