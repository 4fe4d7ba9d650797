"""Section S of the fault catalogue: sync and encryption faults found from the outside in stop 34.

Each test starts from the steps that leaked or misreported something before the fix."""

from __future__ import annotations

import pytest

from journal.domain.errors import StorageError
from journal.store import engine
from tests.reliability.test_review_import_sync import _convert
from tests.reliability.test_sync import devices  # noqa: F401 (the fixture)

SECRET = "only-on-the-laptop lighthouse"


def _plain_text_in(folder) -> bool:
    return any(SECRET.encode() in path.read_bytes() for path in folder.rglob("*") if path.is_file())


@pytest.mark.skipif(not engine.ENCRYPTION, reason="sqlcipher3 is not installed")
@pytest.mark.catalogue("S246")
def test_a_decrypted_device_never_writes_the_journal_into_a_folder_of_encrypted_ones(devices):  # noqa: F811
    laptop = devices("laptop", passphrase="one passphrase for both")
    laptop.write(SECRET)
    laptop.sync()
    desktop = devices("desktop", passphrase="one passphrase for both")
    desktop.sync()
    assert SECRET in desktop.bodies().values() and not _plain_text_in(laptop.folder)
    _convert(desktop, None)  # `journal decrypt` on the desktop
    desktop.write("written on the plain desktop")
    files = sorted(p for p in laptop.folder.rglob("*") if p.is_file())
    with pytest.raises(StorageError, match="carries encrypted journals and this one is not encrypted") as refused:
        desktop.sync()
    assert "journal encrypt" in str(refused.value) and "threefold-sync.json" in str(refused.value)
    assert sorted(p for p in laptop.folder.rglob("*") if p.is_file()) == files  # nothing written
    assert not _plain_text_in(laptop.folder)
    # encrypted again with the folder's passphrase, it syncs (sealed) and loses nothing
    _convert(desktop, "one passphrase for both")
    desktop.sync()
    laptop.sync()
    assert sorted(laptop.bodies().values()) == sorted(desktop.bodies().values()) == [
        SECRET, "written on the plain desktop"]
    assert not _plain_text_in(laptop.folder)


@pytest.mark.skipif(not engine.ENCRYPTION, reason="sqlcipher3 is not installed")
@pytest.mark.catalogue("S246")
def test_a_new_plain_device_is_refused_by_a_folder_of_encrypted_journals(devices):  # noqa: F811
    laptop = devices("laptop", passphrase="sealed")
    laptop.write("sealed words")
    laptop.sync()
    files = sorted(p for p in laptop.folder.rglob("*") if p.is_file())
    newcomer = devices("newcomer")
    newcomer.write(SECRET)
    with pytest.raises(StorageError, match="carries encrypted journals"):
        newcomer.sync()
    assert sorted(p for p in laptop.folder.rglob("*") if p.is_file()) == files and not _plain_text_in(laptop.folder)


@pytest.mark.catalogue("S251")
def test_a_purge_over_an_edit_here_says_the_edit_is_kept_as_a_draft(devices):  # noqa: F811
    laptop, desktop = devices("laptop"), devices("desktop")
    entry = laptop.write("first words")
    laptop.sync()
    desktop.sync()
    laptop.journal.entries.delete(entry.id)
    laptop.journal.entries.purge()
    laptop.sync()
    desktop.edit(entry.id, "words the desktop added before it heard of the purge")
    report = desktop.sync()
    assert report.outcomes["purged, edit kept"] == 1
    said = " ".join(report.lines())
    assert "had been purged on another device" in said and "kept as a draft" in said
    assert desktop.drafts() == ["words the desktop added before it heard of the purge"]


@pytest.mark.catalogue("S256")
def test_syncs_stopped_before_they_commit_keep_the_device_and_its_files(devices, monkeypatch):  # noqa: F811
    from journal.store import sync as rows

    laptop, desktop = devices("laptop"), devices("desktop")
    laptop.write("before the interrupted syncs")
    laptop.sync()
    desktop.sync()
    device = laptop.journal.sync.status().device
    real = rows.written_out

    def killed(*args, **kwargs):  # the files are in the folder; the process dies before the commit
        raise KeyboardInterrupt

    for round_ in range(3):  # killed, then synced again: three times
        laptop.write(f"written before interrupted sync {round_}")
        monkeypatch.setattr(rows, "written_out", killed)
        with pytest.raises(KeyboardInterrupt):
            laptop.sync()
        monkeypatch.setattr(rows, "written_out", real)
        report = laptop.sync()
        assert laptop.journal.sync.status().device == device, report.notes
        assert not any("Another copy" in note or "did not write" in note for note in report.notes), report.notes
    desktop.sync()
    assert sorted(desktop.bodies().values()) == sorted(laptop.bodies().values())
    assert len(laptop.bodies()) == 4
    report = laptop.sync()  # and nothing more is written
    assert report.written == 0 and laptop.journal.sync.status().device == device


@pytest.mark.skipif(not engine.ENCRYPTION, reason="sqlcipher3 is not installed")
@pytest.mark.catalogue("S479")
def test_the_status_says_a_refused_folder_refuses(devices):  # noqa: F811
    laptop = devices("laptop", passphrase="one passphrase for both")
    laptop.write("sealed words")
    laptop.sync()
    desktop = devices("desktop", passphrase="one passphrase for both")
    desktop.sync()
    assert desktop.journal.sync.status().refused is None
    _convert(desktop, None)  # `journal decrypt` on the desktop
    desktop.write("written on the plain desktop")
    refused = desktop.journal.sync.status().refused
    assert refused and "carries encrypted journals and this one is not encrypted" in refused
    assert "journal encrypt" in refused
    _convert(desktop, "one passphrase for both")
    assert desktop.journal.sync.status().refused is None
