"""`journal sync --status` names each other device with change files in the folder not applied
here (S485): a device whose files this one cannot read was in no line before."""

from __future__ import annotations

import pytest

from tests.reliability.test_sync import devices  # noqa: F401  (a fixture)


@pytest.mark.catalogue("S485")
def test_files_not_applied_yet_are_waiting_until_a_sync_applies_them(devices):  # noqa: F811
    laptop, phone = devices("laptop"), devices("phone")
    laptop.write("from the laptop")
    laptop.sync()
    phone.write("from the phone")
    phone.sync()
    phone_device = phone.journal.sync.status().device
    assert laptop.journal.sync.status().waiting == [(phone_device, 1)]
    laptop.sync()
    assert laptop.journal.sync.status().waiting == []


@pytest.mark.catalogue("S485")
def test_a_device_sealed_under_another_passphrase_stays_waiting(devices):  # noqa: F811
    laptop = devices("laptop", passphrase="one passphrase")
    laptop.write("the real entry")
    laptop.sync()
    stranger = laptop.folder / "abcdef0123456789"
    stranger.mkdir()
    (stranger / "0000000001.jsonl.age").write_bytes(b"garbage\n")  # never applied: damaged
    laptop.sync()
    status = laptop.journal.sync.status()
    assert status.waiting == [("abcdef0123456789", 1)]
    assert [d for d, _, _ in status.devices] == []  # in no other line: the device has no file applied here


@pytest.mark.catalogue("S485")
def test_the_status_line_says_the_way_on(run, tmp_path):
    folder = tmp_path / "synced"
    run("add", "first words")
    run("sync", folder)
    (folder / "abcdef0123456789").mkdir()
    (folder / "abcdef0123456789" / "0000000001.jsonl").write_text("not a change file\n")
    status = run("sync", "--status").stdout
    assert ("waiting  abcdef0123456789: 1 change file(s) in the folder not applied here yet: `journal sync` "
            "applies them, or says why it cannot") in status, status
