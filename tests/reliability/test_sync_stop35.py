"""Sync faults found from the outside at stop 35 (catalogue S287-)."""

from __future__ import annotations

import pytest

from journal.services import EntryInput, Journal
from journal.store import engine
from tests.reliability.test_sync import devices  # noqa: F401  (a fixture)


def _texts(folder) -> str:
    return "".join(p.read_text("utf-8", errors="replace") for p in folder.rglob("*") if p.is_file())


@pytest.mark.catalogue("S287")
def test_each_journal_syncs_with_its_own_folder_whatever_config_remembers(tmp_path, clock):
    work, diary = tmp_path / "work" / "j.db", tmp_path / "diary" / "j.db"
    to_work, to_diary = tmp_path / "sync-work", tmp_path / "sync-diary"
    with Journal.open(work, clock=clock, create=True) as a, Journal.open(diary, clock=clock, create=True) as c:
        a.entries.write(EntryInput("work entry one"))
        c.entries.write(EntryInput("PRIVATE diary entry"))
        a.sync.run(to_work)
        c.sync.run(to_diary)  # config.toml now remembers the diary's folder
        a.entries.write(EntryInput("work entry two"))
        a.sync.after_writing()  # what every command does after its write
        assert "work entry two" in _texts(to_work)
        assert "work entry" not in _texts(to_diary)
        assert a.sync.status().folder == to_work and a.sync.kept_folder() == str(to_work)
        a.sync.run(None)
        c.sync.run(None)
        assert [e.body for e in a.entries.list()] == ["work entry two", "work entry one"]
        assert [e.body for e in c.entries.list()] == ["PRIVATE diary entry"]
        assert "PRIVATE" not in _texts(to_work)


@pytest.mark.skipif(not engine.ENCRYPTION, reason="sqlcipher3 is not installed")
@pytest.mark.catalogue("S292")
def test_an_encrypted_change_file_cut_short_is_still_arriving_not_of_another_key(devices):  # noqa: F811
    """A cloud folder copies a file in pieces: a sealed change file cut anywhere past its header
    was said to be sealed under another passphrase, exit 1, with "delete a damaged file" (which
    deletes the writer's own copy through the sync)."""
    laptop = devices("laptop", passphrase="one passphrase for both")
    laptop.write("lorem ipsum dolor " * 8000)
    laptop.sync()
    [path] = laptop.folder.rglob("*.jsonl.age")
    whole = path.read_bytes()
    for cut in (len(whole) // 2, len(whole) - 40):
        path.write_bytes(whole[:cut])
        desktop = devices(f"desktop-{cut}", passphrase="one passphrase for both")
        report = desktop.sync()
        assert report.files_applied == 0
        assert any("still arriving, or damaged); will try again" in note for note in report.notes)
        assert not any("another passphrase" in note for note in report.notes)
    path.write_bytes(whole)
    assert desktop.sync().files_applied == 1
    stranger = devices("stranger", passphrase="another passphrase")
    assert any("cannot be decrypted with this journal's key" in note for note in stranger.sync().notes)
