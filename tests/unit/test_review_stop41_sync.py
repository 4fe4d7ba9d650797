"""Sync faults found from the outside at stop 41: records applied unchecked, an open goal left
in a mentorship ended on another device, devices of earlier folders in `--status`, and files
sealed under a salt the folder no longer has said to be under another passphrase."""

from __future__ import annotations

import shutil

import pytest

from journal.io import sync_files
from journal.services.upkeep import doctor
from journal.store import engine
from tests.reliability.test_sync import devices  # noqa: F401  (a fixture)

STRANGER = "f" * 16


def _first_records(device) -> list[dict]:
    own = device.folder / device.journal.sync.status().device
    return sync_files.read(own / "0000000001.jsonl", own.name, 1, None).records


def _other_id(row_id: str) -> str:
    return "0" * 8 + row_id[8:]


# ----------------------------------------------------------------- 1. records checked before they are written
@pytest.mark.parametrize("spoil", [
    lambda row: {**row, "updated_at": "garbage"},
    lambda row: {**row, "goals": [{"id": "x", "title": "x"}]},
    lambda row: {**row, "tags": "abc"},
    lambda row: {**row, "created_at": 17},
])
@pytest.mark.catalogue("S421")
def test_a_file_with_one_bad_entry_is_never_applied_in_part(devices, spoil):  # noqa: F811
    laptop, desktop = devices("laptop"), devices("desktop")
    laptop.write("the laptop's words")
    laptop.sync()
    (record,) = _first_records(laptop)
    good = {**record, "row": {**record["row"], "id": _other_id(record["row"]["id"]), "body": "a good one"}}
    bad = {**record, "row": spoil({**record["row"], "id": _other_id(record["row"]["id"])[::-1]})}
    sync_files.write(laptop.folder, STRANGER, 1, [good, bad], None)
    report = desktop.sync()
    assert sorted(desktop.bodies().values()) == ["the laptop's words"]  # not "a good one" either
    (said,) = [note for note in report.notes if note.startswith(f"{STRANGER}/0000000001.jsonl")]
    assert "record 2, an entry" in said and "cannot apply" in said
    assert report.skipped == {sync_files.UNKNOWN_RECORD: 1}
    desktop.journal.entries.list()  # every reading works
    desktop.write("written on the desktop")
    desktop.sync()
    laptop.sync()
    assert sorted(laptop.bodies().values()) == ["the laptop's words", "written on the desktop"]


@pytest.mark.parametrize(("kind", "spoil", "named"), [
    ("goal", lambda row: {**row, "updated_at": "garbage"}, "a goal: updated_at"),
    ("goal", lambda row: {**row, "milestones": [{"id": "m"}]}, "a goal: milestones[0].title"),
    ("mentorship", lambda row: {**row, "status": "over"}, "a mentorship: status"),
    ("mentorship", lambda row: {**row, "history": "none"}, "a mentorship: history"),
])
@pytest.mark.catalogue("S421")
def test_a_bad_goal_or_mentorship_is_skipped_with_its_file(devices, kind, spoil, named):  # noqa: F811
    laptop, desktop = devices("laptop"), devices("desktop")
    laptop.journal.mentorships.add("Sam")
    laptop.journal.goals.add("Give feedback", mentorship="Sam")
    laptop.sync()
    (record,) = [r for r in _first_records(laptop) if r["kind"] == kind]
    crafted = {**record, "row": spoil({**record["row"], "id": _other_id(record["row"]["id"])})}
    sync_files.write(laptop.folder, STRANGER, 1, [crafted], None)
    report = desktop.sync()
    assert any(note.startswith(f"{STRANGER}/") and named in note for note in report.notes), report.notes
    assert report.skipped.total() == 1
    assert [g.title for g in (s.goal for s in desktop.journal.goals.summaries())] == ["Give feedback"]
    assert [m.mentor for m in desktop.journal.mentorships.list()] == ["Sam"]


@pytest.mark.catalogue("S421")
def test_a_purge_with_no_time_is_skipped_not_half_done(devices):  # noqa: F811
    laptop, desktop = devices("laptop"), devices("desktop")
    entry = laptop.write("kept words")
    laptop.sync()
    desktop.sync()
    sync_files.write(laptop.folder, STRANGER, 1, [{"kind": "purge", "id": entry.id, "at": "soon", "base": None}], None)
    report = desktop.sync()
    assert any("a purge: at" in note for note in report.notes) and report.skipped.total() == 1
    assert list(desktop.bodies().values()) == ["kept words"]


# ----------------------------------------------------------------- 2. an open goal in a mentorship ended elsewhere
@pytest.mark.catalogue("S422")
def test_an_open_goal_that_joined_a_mentorship_ended_elsewhere_is_said_with_its_way_out(devices):  # noqa: F811
    r1, r2 = devices("r1"), devices("r2")
    r1.journal.mentorships.add("Sam")
    r1.sync()
    r2.sync()
    r1.later()
    r1.journal.mentorships.close("Sam")
    r1.sync()
    r2.later(5)
    goal = r2.journal.goals.add("Give feedback", mentorship="Sam")  # not synced yet: Sam is active here
    said_r2 = r2.sync()
    said_r1 = r1.sync()
    way = f"journal goal edit {goal.short_id} --mentorship ''"
    for report in (said_r1, said_r2):
        (line,) = [line for line in report.lines() if "Give feedback" in line]
        assert "Sam" in line and "ended" in line and way in line
        assert line in report.alerts  # an automatic sync says it too
    checks = {check.name: check for check in doctor(r1.path)[1]}
    assert checks["goals"].status == "warn" and way in checks["goals"].detail
    r1.later()
    r1.journal.goals.edit(goal.short_id, mentorship="")  # the way out works on this state
    r1.sync()
    r2.sync()
    for device in (r1, r2):
        assert device.journal.goals.get(goal.id).mentorship is None
        assert device.journal.mentorships.get("Sam").status.value == "closed"
        assert not any("Give feedback" in line for line in device.sync().lines())
    assert "goals" not in {check.name for check in doctor(r1.path)[1]}


# ----------------------------------------------------------------- 3. --status: the devices of this folder
@pytest.mark.catalogue("S423")
def test_status_lists_the_devices_of_the_current_folder_and_marks_earlier_ones(devices, tmp_path):  # noqa: F811
    laptop, desktop, phone = devices("laptop"), devices("desktop"), devices("phone")
    desktop.write("in the first folder")
    desktop.sync()
    laptop.sync()
    for device in (laptop, phone):
        device.folder = tmp_path / "second"
    phone.write("in the second folder")
    phone.sync()
    laptop.sync()
    ids = {device: device.journal.sync.status().device for device in (desktop, phone)}
    status = laptop.journal.sync.status()
    assert [device for device, _, _ in status.devices] == [ids[phone]]
    assert [device for device, _, _ in status.earlier] == [ids[desktop]]


# ----------------------------------------------------------------- 4. files sealed under a salt given up
@pytest.mark.catalogue("S424")
@pytest.mark.skipif(not engine.ENCRYPTION, reason="sqlcipher3 is not installed")
def test_a_device_that_takes_up_the_folder_s_salt_removes_its_files_no_device_can_read(devices, tmp_path):  # noqa: F811
    u = devices("u", passphrase="one passphrase for both")
    v = devices("v", passphrase="one passphrase for both")
    v.folder = tmp_path / "v-view"  # each device's copy of the one folder, as a cloud keeps them

    def carry() -> None:
        """The cloud: each device's own subfolder, as its device left it, to the other view; of
        the two salt files, v's."""
        for owner, other in ((u, v), (v, u)):
            mine = owner.journal.sync.status().device
            shutil.rmtree(other.folder / mine, ignore_errors=True)
            shutil.copytree(owner.folder / mine, other.folder / mine)
        shutil.copyfile(v.folder / sync_files.FOLDER_SALT, u.folder / sync_files.FOLDER_SALT)

    u.write("written on u")
    u.sync()
    v.write("written on v")
    v.sync()
    carry()
    taken_up = u.sync()  # u takes up v's salt and sends everything again
    u_files = sorted(p.name for p in (u.folder / u.journal.sync.status().device).glob("*.age"))
    assert "0000000001.jsonl.age" not in u_files and u_files  # what only the old salt opens is gone
    assert not taken_up.skipped
    carry()
    report = v.sync()
    assert not report.skipped and not any("passphrase" in note for note in report.notes), report.notes
    assert sorted(u.bodies().values()) == sorted(v.bodies().values()) == ["written on u", "written on v"]
    carry()
    assert not u.sync().skipped and not v.sync().skipped
