"""Sync faults found from the outside at stop 39 (catalogue S359)."""

from __future__ import annotations

import pytest

from tests.reliability.test_sync import devices  # noqa: F401  (a fixture)


@pytest.mark.catalogue("S359")
def test_a_device_that_only_took_a_losing_edit_keeps_no_draft_of_it(devices):  # noqa: F811
    writer, older, newer, watcher = devices("writer"), devices("older"), devices("newer"), devices("watcher")
    entry = writer.write("the first words")
    writer.sync()
    for device in (older, newer, watcher):
        device.sync()
    older.edit(entry.id, "the older edit, made on one device")
    older.sync()
    watcher.sync()  # takes the older edit
    for device in (newer, watcher):
        device.later(60)
    newer.edit(entry.id, "the newer edit, made without seeing it")
    newer.sync()
    report = watcher.sync()  # the newer edit replaces the older one here: nothing of its own is lost
    assert report.outcomes["conflict"] == 0 and report.outcomes["updated"] == 1
    assert not any("lost" in line for line in report.lines())
    assert watcher.drafts() == []
    assert list(watcher.bodies().values()) == ["the newer edit, made without seeing it"]
    older.sync()  # the device that made the losing edit keeps it
    assert older.drafts() == ["the older edit, made on one device"]
    assert newer.drafts() == []
