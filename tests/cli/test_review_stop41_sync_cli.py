"""`journal sync` at stop 41, from the command line: a change file holding a record no journal
writes is skipped whole with one line naming it, and never breaks a command afterwards."""

from __future__ import annotations

import pytest

from journal.io import sync_files
from tests.cli.expect import fails, ok

STRANGER = "f" * 16
"""A device id no journal here syncs as: the crafted file's writer."""


def _laptop_records(folder):
    """The records of the laptop's first change file."""
    (device,) = [p.name for p in folder.iterdir() if p.is_dir()]
    return sync_files.read(folder / device / "0000000001.jsonl", device, 1, None).records


@pytest.mark.parametrize(("field", "bad"), [
    ("updated_at", "garbage"),
    ("goals", [{"id": "x", "title": "x"}]),
    ("tags", "abc"),
])
@pytest.mark.catalogue("S421")
def test_a_change_file_with_a_bad_record_is_skipped_and_every_command_still_works(run, tmp_path, field, bad):
    folder = tmp_path / "Sync"
    other = tmp_path / "desktop" / "journal.db"
    ok(run("add", "Written on the laptop"))
    ok(run("sync", folder))
    (record,) = _laptop_records(folder)
    crafted = {**record, "row": {**record["row"], "id": "0" * 8 + record["row"]["id"][8:], field: bad}}
    sync_files.write(folder, STRANGER, 1, [crafted], None)
    ok(run("--db", other, "init", other, db=False))
    synced = run("--db", other, "sync", folder, db=False)
    line = fails(synced, 1, "skipped")
    assert "update Threefold here" in line and "delete it" in line
    said = synced.stdout
    assert f"{STRANGER}/0000000001.jsonl holds a record this version cannot apply" in said and field in said
    assert "applied 1 file(s)" in said and "1 new" in said  # the laptop's file
    listed = ok(run("--db", other, "list", db=False)).stdout
    assert listed.count("Written on the laptop") == 1  # the crafted copy is nowhere
    ok(run("--db", other, "search", "laptop", db=False))
    fails(run("--db", other, "sync", db=False), 1, "skipped")  # said again, never exit 70


@pytest.mark.catalogue("S423")
def test_status_marks_the_devices_of_a_folder_synced_with_before(run, tmp_path):
    first, second = tmp_path / "First", tmp_path / "Second"
    ok(run("add", "Written on the laptop"))
    ok(run("sync", first))
    sync_files.write(first, STRANGER, 1, [], None)  # a device of the first folder
    ok(run("sync", first))
    ok(run("sync", second))
    status = ok(run("sync", "--status")).stdout
    assert f"other    {STRANGER}" not in status
    assert f"earlier  {STRANGER}: 1 file(s) applied" in status and "synced with before" in status
