"""Command-line faults found from the outside at stop 36 (catalogue S296-)."""

from __future__ import annotations

import errno
import shutil

import pytest

from journal.services import EntryInput, Journal
from journal.store import engine
from tests.cli.expect import fails, ok


def _device_files(db, folder, key=None):
    """The device folder a journal of its own writes into `folder` (a stranger's files)."""
    with Journal.open(db, create=True, key=key) as other:
        other.entries.write(EntryInput("another device's words"))
        report = other.sync.run(folder, ask=lambda prompt: "another passphrase")
        return folder / report.device


@pytest.mark.skipif(not engine.ENCRYPTION, reason="sqlcipher3 is not installed")
@pytest.mark.catalogue("S296")
def test_a_sync_that_skips_files_says_the_way_on_for_each_cause(run, tmp_path, monkeypatch):
    """Every file skipped for good got one advice: give the other device this journal's
    passphrase with `journal passphrase` (which changes nothing: the folder keeps the key it was
    first synced with), or delete a damaged file. Each cause now has its own way on."""
    plain = _device_files(tmp_path / "plain" / "j.db", tmp_path / "plain-folder")
    sealed = _device_files(tmp_path / "sealed" / "j.db", tmp_path / "sealed-folder",
                           key=engine.Key.new("another passphrase"))
    passphrase = tmp_path / "passphrase"
    passphrase.write_text("correct horse battery\n")
    passphrase.chmod(0o600)
    monkeypatch.setenv("JOURNAL_PASSPHRASE_FILE", str(passphrase))
    folder = tmp_path / "synced"
    ok(run("add", "First words"))
    ok(run("encrypt"))
    ok(run("sync", str(folder)))
    for device in (plain, sealed):
        shutil.copytree(device, folder / device.name)
    line = fails(run("sync"), 1, "2 change file(s) of other devices were skipped")
    assert "sync them all into a new folder (1)" in line
    assert "encrypt the plain journal that syncs here" in line and "`journal passphrase` on it" not in line


@pytest.mark.catalogue("S296")
def test_a_failed_sync_is_said_once(run, tmp_path, monkeypatch):
    """`journal sync` that failed with changes waiting was tried again by the automatic sync on
    the way out: the same failure twice, the second as 'Not synced: …'."""
    from journal.io import sync_files

    ok(run("add", "First words"))
    ok(run("sync", str(tmp_path / "synced")))

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sync_files, "write", full)
    ok(run("add", "Third words"))  # its automatic sync fails, never the command
    result = run("sync")
    fails(result, 1, "Cannot write to the sync folder")
    assert "Not synced" not in result.stderr
