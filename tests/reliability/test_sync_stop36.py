"""Sync faults found from the outside at stop 36 (catalogue S294-)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from journal.store import engine
from tests.reliability.test_sync import Device, devices  # noqa: F401  (a fixture)

ENGINES = {
    # the losing side of a file both sides wrote, as each engine names it: before the last suffix
    "syncthing": ".sync-conflict-20261128-101010-ABCDEFG",
    "dropbox": " (laptop's conflicted copy 2026-11-28)",
}


def carry(first: Path, second: Path, engine_name: str) -> None:
    """What a sync engine does between two copies of one folder: a file only one side has goes to
    the other; a change file both sides wrote differently keeps `first`'s under its name and
    `second`'s as a conflict copy, on both sides; the rest (applied.json) the newer one."""
    for path in sorted(second.rglob("*.jsonl*")):
        there = first / path.relative_to(second)
        if there.exists() and there.read_bytes() != path.read_bytes():
            stem, _, suffix = path.name.rpartition(".")
            path.rename(path.with_name(f"{stem}{ENGINES[engine_name]}.{suffix}"))
    for source, target in ((first, second), (second, first)):
        for path in sorted(source.rglob("*")):
            there = target / path.relative_to(source)
            if path.is_dir() or path.name.startswith("."):
                continue
            if not there.exists() or (path.name == "applied.json" and path.stat().st_mtime > there.stat().st_mtime):
                there.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, there)


@pytest.mark.catalogue("S294")
@pytest.mark.parametrize("engine_name", sorted(ENGINES))
def test_a_copied_journal_whose_change_file_lost_a_name_clash_loses_nothing(devices, tmp_path,  # noqa: F811
                                                                            engine_name):
    """A journal copied to a second machine syncs as the same device: both wrote file 2, the sync
    engine kept one under its name and the other as a conflict copy, which no device applied (the
    'files are never written twice' note said to ignore it): each side's entry and a newer edit
    never reached the other, for good. A conflict copy of a change file is applied, once; one in
    a device's own folder means a copy of it syncs too: it takes its own id at once."""
    original = devices("original")
    original.folder = tmp_path / "folder-a"
    first = original.write("written before the copy")
    original.sync()
    backup = tmp_path / "copied.db"
    original.journal.upkeep.backup(backup)
    copy = devices("copy")
    copy.folder = tmp_path / "folder-b"
    copy.restore(backup)
    carry(original.folder, copy.folder, engine_name)

    copy.write("written on the copy")
    copy.edit(first.id, "edited on the copy")
    original.later(60)
    original.write("written on the original")
    original.edit(first.id, "edited on the original, later")
    reports = [copy.sync(), original.sync()]
    for _ in range(3):
        carry(original.folder, copy.folder, engine_name)
        reports += [copy.sync(), original.sync()]
    carry(original.folder, copy.folder, engine_name)
    reports.append(copy.sync())
    # said where an automatic sync says it too (its notes are `journal sync`'s alone)
    assert sum(any("Another copy of this journal" in line for line in r.alerts) for r in reports) == 2

    expected = ["edited on the original, later", "written on the copy", "written on the original"]
    assert sorted(original.bodies().values()) == expected
    assert sorted(copy.bodies().values()) == expected
    assert "edited on the copy" in copy.drafts()  # the losing edit kept where it was written
    assert original.journal.sync.status().device != copy.journal.sync.status().device


@pytest.mark.skipif(not engine.ENCRYPTION, reason="sqlcipher3 is not installed")
@pytest.mark.catalogue("S295")
def test_a_plain_journal_writes_nothing_where_sealed_files_arrived_before_their_salt(devices, tmp_path):  # noqa: F811
    """A sync engine brought an encrypted device's sealed files before the folder's salt file: a
    plain journal (S246 looked at the salt file alone) wrote its entries there as plain text."""
    from journal.domain.errors import StorageError

    sealed = devices("sealed", passphrase="one passphrase")
    sealed.write("sealed words")
    sealed.sync()
    early = tmp_path / "arriving"
    for path in sealed.folder.rglob("*.jsonl.age"):
        (early / path.parent.name).mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, early / path.parent.name / path.name)
    plain = devices("plain")
    plain.folder = early
    plain.write("PLAIN SECRET words")
    with pytest.raises(StorageError, match="holds encrypted change files of device"):
        plain.sync()
    assert not [p for p in early.rglob("*") if p.is_file() and not p.name.endswith(".age")]


@pytest.mark.catalogue("S294")
def test_a_cloud_s_own_duplicate_of_a_change_file_is_no_second_writer(devices):  # noqa: F811
    """iCloud or Dropbox may duplicate a file with one writer ("0000000001 2.jsonl"): byte for
    byte the same, it is nothing to apply and no sign of a copy (no new device id)."""
    laptop, desktop = devices("laptop"), devices("desktop")
    laptop.write("one entry")
    laptop.sync()
    device = laptop.journal.sync.status().device
    [path] = sorted((laptop.folder / device).glob("*.jsonl"))
    shutil.copyfile(path, path.with_name("0000000001 2.jsonl"))
    report = laptop.sync()
    assert not report.alerts and laptop.journal.sync.status().device == device
    assert desktop.sync().files_applied == 1 and list(desktop.bodies().values()) == ["one entry"]
