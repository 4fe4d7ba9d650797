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
