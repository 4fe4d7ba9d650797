"""Section S of the fault catalogue: what a review of import, export and sync found (stop 30).

Each test starts from the steps that lost or refused something before the fix."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from journal.domain.errors import StorageError
from journal.domain.model import EntryInput, Lens
from journal.services import Journal
from journal.store import engine
from tests.cli.expect import ok
from tests.conftest import new_journal
from tests.reliability import test_sync


def _export(run, path):
    ok(run("export", "-o", path))
    return json.loads(path.read_text())


def _write(path, data):
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.catalogue("S144")
def test_the_kept_version_of_a_check_in_or_feedback_keeps_its_fields(run, db_path, tmp_path):
    ok(run("mentorship", "add", "Dana"))
    ok(run("add", "Check-in", "--rate", "goals=4", "--mentorship", "Dana"))
    ok(run("add", "Feedback", "--from", "Sam", "--asked", "the talk", "--follow-up", "slower"))
    data = _export(run, tmp_path / "mine.json")
    # the file's versions were made elsewhere, but earlier than the ones here: they lose
    details = {"check-in": {"goals": 1, "time": 2},
               "feedback": {"from": "Sam", "asked": "the talk", "follow_up": "pause more"}}
    for entry in data["entries"]:
        entry.update(details=details[entry["kind"]], updated_at="2000-01-01T00:00:00Z")
    report = ok(run("import", _write(tmp_path / "other.json", data))).stdout
    assert "2 kept (newer here)" in report
    journal = Journal.open(db_path)
    try:
        drafts = {str(d.kind): d for d in journal.drafts.list()}
    finally:
        journal.close()
    assert {kind: d.details for kind, d in drafts.items()} == details
    # saved over the entry, the draft's fields are the entry's
    ok(run("drafts", "save", str(drafts["check-in"].id)))
    [check_in] = [e for e in run.json("list") if e["kind"] == "check-in"]
    assert check_in["details"] == {"goals": 1, "time": 2}


@pytest.mark.catalogue("S145")
@pytest.mark.parametrize("where", ["details", "parts", "practice"])
def test_a_lone_surrogate_anywhere_in_an_import_is_repaired_not_a_crash(run, tmp_path, where):
    ok(run("mentorship", "add", "Dana"))
    ok(run("agreement", "set", "dana", "ground-rules", "We meet on Mondays"))
    ok(run("add", "Feedback", "--from", "Sam", "--asked", "the talk", "--follow-up", "slower"))
    ok(run("vision", "set", "--future", "Lead a team"))
    data = _export(run, tmp_path / "mine.json")
    bad = "Sam \udc80"
    if where == "details":
        data["entries"][0]["details"]["from"] = bad
    elif where == "parts":
        data["mentorships"][0]["parts"]["ground_rules"] = bad
    else:
        data["practice"][0]["data"]["future"] = bad
    text = json.dumps(data)  # ASCII: the surrogate as \udc80, as a broken writer leaves it
    assert "\\udc80" in text
    other = tmp_path / "other.json"
    other.write_text(text, encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    new_journal(fresh)
    result = ok(run("--db", fresh, "import", other, db=False))
    assert "repaired" in result.stdout
    after = (tmp_path / "after.json")
    ok(run("--db", fresh, "export", "-o", after, db=False))
    assert "Sam \ufffd" in after.read_text(encoding="utf-8")


devices = test_sync.devices  # the fixture: journals on this machine play the devices
everyone_syncs = test_sync.everyone_syncs
JRNL = ("[2025-12-30 07:47:00 PM] Talk prep.\nPracticed the opening twice.\n\n"
        "[2025-12-31 08:00:00 AM] New year.\nA quiet start.\n")


@pytest.mark.catalogue("S146")
def test_the_same_jrnl_file_imported_on_two_devices_becomes_one_entry_each_by_sync(devices, tmp_path):
    old = tmp_path / "old.txt"
    old.write_text(JRNL, encoding="utf-8")
    laptop, desktop = devices("laptop"), devices("desktop")
    for device in (laptop, desktop):
        device.journal.transfer.import_file(old)
    # on one device, before they meet, one copy is edited and something new written
    [talk] = [e for e in desktop.journal.entries.list() if e.title == "Talk prep."]
    desktop.edit(talk.id, "Practiced the opening twice, then the close.")
    desktop.write("written on the desktop")
    everyone_syncs(laptop, desktop)
    for device in (laptop, desktop):
        assert sorted(e.title or e.body for e in device.journal.entries.list()) == [
            "New year.", "Talk prep.", "written on the desktop"]
    assert laptop.bodies() == desktop.bodies()  # one id per entry (the smaller), the same on both
    assert laptop.export() == desktop.export()
    # the newer words win whichever id stays; the older are kept as a draft of that entry
    assert "Practiced the opening twice, then the close." in laptop.bodies().values()
    assert laptop.drafts() == desktop.drafts() == ["Practiced the opening twice."]
    # and the devices go on syncing: an edit of that entry is no conflict, a write arrives
    [kept] = [e for e in laptop.journal.entries.list() if e.title == "Talk prep."]
    laptop.edit(kept.id, "Practiced it all once more.")
    desktop.write("after the meeting, from the desktop")
    everyone_syncs(laptop, desktop)
    assert laptop.bodies() == desktop.bodies() and len(laptop.bodies()) == 4
    assert desktop.bodies()[kept.id] == "Practiced it all once more."
    assert laptop.drafts() == desktop.drafts() == ["Practiced the opening twice."]
    # importing the file again adds nothing anywhere
    assert laptop.journal.transfer.import_file(old).new == 0


@pytest.mark.catalogue("S146")
def test_an_export_of_a_journal_that_imported_the_same_jrnl_file_imports(run, tmp_path):
    old = tmp_path / "old.txt"
    old.write_text(JRNL, encoding="utf-8")
    other = tmp_path / "other.db"
    new_journal(other)
    for db in (None, other):
        ok(run("--db", db, "import", old, db=False) if db else run("import", old))
    ok(run("--db", other, "add", "only on the other journal", db=False))
    exported = tmp_path / "other.json"
    ok(run("--db", other, "export", "-o", exported, db=False))
    ok(run("import", exported))
    titles = sorted(e["title"] or e["body"] for e in run.json("list"))
    assert titles == ["New year.", "Talk prep.", "only on the other journal"]
    # the other way round, from a backup file of this journal
    backup = tmp_path / "mine.db"
    ok(run("backup", backup))
    ok(run("--db", other, "import", backup, db=False))
    assert sorted(e["title"] or e["body"] for e in json.loads(
        run("--db", other, "list", "--format", "json", db=False).stdout)) == titles


@pytest.mark.catalogue("S146")
def test_an_automatic_sync_that_fails_never_fails_the_command(journal, monkeypatch, tmp_path):
    from journal import config
    from journal.services.sync import Sync
    from journal.store import sync as rows

    class Folder:
        def text(self, key):
            return str(tmp_path) if key == "sync.folder" else None

    monkeypatch.setattr(config, "settings", Folder)
    monkeypatch.setattr(rows, "has_pending", lambda conn: True)

    def broken(self, folder, ask=None):
        raise sqlite3.IntegrityError("UNIQUE constraint failed")

    monkeypatch.setattr(Sync, "run", broken)
    [line] = journal.sync.after_writing()
    assert line.startswith("Not synced (IntegrityError); your change is saved.")


@pytest.mark.catalogue("S147")
def test_an_answer_to_an_entry_purged_elsewhere_arrives_unlinked(devices):
    laptop, desktop = devices("laptop"), devices("desktop")
    plan = laptop.write("I will ask for a raise", lens=Lens.FORESIGHT)
    everyone_syncs(laptop, desktop)
    laptop.later()
    laptop.journal.entries.delete(plan.id)
    laptop.journal.entries.purge()
    # before the purge reaches the desktop, an answer to the purged entry is written there
    answer = desktop.write("Asked; got 5%", lens=Lens.HINDSIGHT, answers=plan.id)
    desktop.write("an unrelated day")
    notes = [line for _ in range(2) for device in (laptop, desktop) for line in device.sync().lines()]
    assert not [line for line in notes if "waits" in line]
    assert laptop.bodies() == desktop.bodies() and sorted(laptop.bodies().values()) == [
        "Asked; got 5%", "an unrelated day"]
    assert laptop.journal.entries.get(answer.id).answers is None
    # the unlinked entry is the same version on both: an edit of it next is no conflict
    desktop.edit(answer.id, "Asked; got 5% and a review in June")
    everyone_syncs(desktop, laptop)
    assert laptop.bodies()[answer.id] == "Asked; got 5% and a review in June"
    assert laptop.drafts() == desktop.drafts() == []


@pytest.mark.catalogue("S148")
def test_an_export_that_leaves_out_an_answered_entry_never_unlinks_its_answer(run, clock, tmp_path):
    ok(run("add", "-l", "foresight", "Ask for feedback on the talk"))
    [plan] = run.json("list")
    ok(run("add", "-l", "hindsight", "I asked; slower next time", "--answers", plan["id"]))
    answer = next(e for e in run.json("list") if e["id"] != plan["id"])
    ok(run("edit", plan["id"], "--private"))
    mine = tmp_path / "mine.json"
    data = _export(run, mine)  # private entries left out: the answer's link with them
    assert [e["answers"] for e in data["entries"]] == [None]
    report = ok(run("import", mine)).stdout  # the file just made is already here
    assert "0 new, 0 updated" in report and "kept" not in report.replace("0 kept", "")
    assert run("drafts").stdout == ""
    # the same file, edited elsewhere later (a newer version), updates the text and keeps the link
    data["entries"][0].update(body="I asked; slower next time, and a pause", updated_at="2030-01-01T00:00:00Z")
    ok(run("import", _write(tmp_path / "newer.json", data)))
    stored = next(e for e in _export_all(run, tmp_path) if e["id"] == answer["id"])
    assert (stored["body"], stored["answers"]) == ("I asked; slower next time, and a pause", plan["id"])


def _export_all(run, tmp_path):
    everything = tmp_path / "everything.json"
    ok(run("export", "-o", everything, "--include-private"))
    return json.loads(everything.read_text())["entries"]


@pytest.mark.catalogue("S149")
@pytest.mark.parametrize("shape", ["text", "json"])
def test_a_jrnl_entry_whose_first_line_is_longer_than_a_title_is_imported_whole(run, tmp_path, shape):
    line = "Today I finally talked to my mentor about the talk and we went through the slides " * 3
    if shape == "text":
        source = tmp_path / "journal.txt"
        source.write_text(f"[2025-12-31 07:47:00 PM] {line}\nSecond line.\n", encoding="utf-8")
    else:
        source = _write(tmp_path / "journal.json", {"tags": {}, "entries": [
            {"date": "2025-12-31", "time": "19:47", "title": line, "body": "Second line.", "tags": [],
             "starred": False}]})
    report = ok(run("import", source)).stdout
    assert "1 new" in report and "0 rejected" in report
    [entry] = run.json("list")
    assert entry["title"] is None and entry["body"] == f"{line.strip()}\nSecond line."
    assert "0 new" in ok(run("import", source)).stdout  # and a re-import knows it


@pytest.mark.catalogue("S150")
def test_two_restores_in_one_second_keep_both_journals_they_replace(run, db_path, tmp_path):
    ok(run("add", "before the backup"))
    backup = tmp_path / "monday.db"
    ok(run("backup", backup))
    ok(run("add", "after the backup"))
    ok(run("restore", backup, "--yes"))  # the clock stands still: both in the same second
    ok(run("add", "written between the restores"))
    ok(run("restore", backup, "--yes"))
    kept = sorted(p.name for p in db_path.parent.glob(f"{db_path.name}.pre-restore-*") if not p.name.endswith("-wal"))
    assert len(kept) == 2 and kept[1] == kept[0] + "-2"
    bodies = []
    for name in kept:
        journal = Journal.open(db_path.parent / name)
        try:
            bodies.append(sorted(e.body for e in journal.entries.list()))
        finally:
            journal.close()
    assert bodies == [["after the backup", "before the backup"], ["before the backup", "written between the restores"]]


def _convert(device, passphrase: str | None) -> None:
    """Encrypt (or, with None, decrypt) a device's journal in place, as `journal encrypt` does."""
    from journal.services import privacy

    device.close()
    if passphrase:
        privacy.encrypt(device.path, passphrase, clock=device.clock)
    else:
        privacy.decrypt(device.path, ask=lambda prompt: device.passphrase)
    device.passphrase = passphrase
    device.journal = Journal.open(device.path, clock=device.clock, ask=lambda prompt: device.passphrase)


@pytest.mark.skipif(not engine.ENCRYPTION, reason="sqlcipher3 is not installed")
@pytest.mark.catalogue("S151")
def test_devices_encrypted_one_at_a_time_lose_nothing_written_in_between(devices):
    laptop, desktop = devices("laptop"), devices("desktop")
    laptop.write("from the laptop")
    everyone_syncs(laptop, desktop)
    _convert(laptop, "one passphrase for both")
    laptop.sync()
    desktop.write("written on the desktop before it was encrypted")
    with pytest.raises(StorageError, match="carries encrypted journals"):  # never as a plain file there (S246)
        desktop.sync()
    _convert(desktop, "one passphrase for both")
    everyone_syncs(desktop, laptop)
    assert laptop.bodies() == desktop.bodies() and len(laptop.bodies()) == 2
    # and back: decrypted one at a time, what is written in between arrives too, once every
    # device is plain and the folder's salt is gone (a plain device never writes into a folder
    # of encrypted journals: S246)
    _convert(laptop, None)
    laptop.write("from the plain laptop")
    with pytest.raises(StorageError, match="carries encrypted journals"):
        laptop.sync()
    _convert(desktop, None)
    (laptop.folder / "threefold-sync.json").unlink()
    everyone_syncs(desktop, laptop)
    assert laptop.bodies() == desktop.bodies() and len(laptop.bodies()) == 3


@pytest.mark.catalogue("S152")
def test_a_copy_of_a_journal_syncing_as_the_same_device_gets_an_id_of_its_own(devices):
    laptop, desktop = devices("laptop"), devices("desktop")
    laptop.write("written before the copy")
    everyone_syncs(laptop, desktop)
    (laptop.path.parent.parent / "new-laptop").mkdir()  # a backup goes into a folder that is there (S207)
    laptop.journal.upkeep.backup(laptop.path.parent.parent / "new-laptop" / "journal.db")
    copy = devices("new-laptop")  # the backup, opened on a new machine: it has the laptop's device id
    assert copy.journal.sync.status().device == laptop.journal.sync.status().device
    for round_ in range(3):
        laptop.write(f"old laptop, round {round_}")
        copy.write(f"new laptop, round {round_}")
        everyone_syncs(laptop, copy, desktop)
    assert copy.journal.sync.status().device != laptop.journal.sync.status().device
    everyone_syncs(laptop, copy, desktop)
    assert laptop.bodies() == copy.bodies() == desktop.bodies() and len(desktop.bodies()) == 7


@pytest.mark.catalogue("S153")
def test_a_goal_edited_on_two_devices_at_once_keeps_both_edits(devices):
    laptop, desktop = devices("laptop"), devices("desktop")
    goal = laptop.journal.goals.add("Speak up in meetings")
    everyone_syncs(laptop, desktop)
    laptop.later()
    laptop.journal.goals.edit(goal.id, specific="Say one thing in every team meeting", relevant="For the lead role")
    desktop.later(2)
    desktop.journal.goals.edit(goal.id, measurable="Count them in the journal each Friday", review_every=14,
                               relevant="For my confidence")  # both changed it: the newer version's stays
    desktop.later()
    desktop.journal.goals.set_status(goal.id, "paused")
    laptop.later(5)
    laptop.journal.goals.edit(goal.id, title="Speak up in every meeting")  # the newest version: the laptop's
    everyone_syncs(laptop, desktop)
    for device in (laptop, desktop):
        got = device.journal.goals.get(goal.id)
        assert (got.title, got.specific, got.measurable, got.review_every, str(got.status), got.relevant) == (
            "Speak up in every meeting", "Say one thing in every team meeting",
            "Count them in the journal each Friday", 14, "paused", "For the lead role")
    assert laptop.export() == desktop.export()
    # in step: nothing goes back and forth, and the next edit is an ordinary one
    assert laptop.sync().written == desktop.sync().written == 0
    desktop.later()
    desktop.journal.goals.edit(goal.id, achievable="Yes, with notes")
    everyone_syncs(desktop, laptop)
    assert laptop.journal.goals.get(goal.id).achievable == "Yes, with notes"
    assert laptop.export() == desktop.export()


@pytest.mark.catalogue("S154")
def test_a_deleted_shortlist_stays_deleted_unless_changed_elsewhere_meanwhile(devices):
    laptop, desktop = devices("laptop"), devices("desktop")
    gone = laptop.journal.shortlists.new("Leadership mentor")
    everyone_syncs(laptop, desktop)
    laptop.later()
    laptop.journal.shortlists.delete(gone.id)
    everyone_syncs(laptop, desktop)
    assert laptop.journal.shortlists.list() == desktop.journal.shortlists.list() == []
    everyone_syncs(desktop, laptop)  # and nothing brings it back
    assert desktop.journal.shortlists.list() == []
    # deleted on one device while the other added to it: the addition wins, on both
    kept = laptop.journal.shortlists.new("Writing mentor")
    everyone_syncs(laptop, desktop)
    laptop.later()
    laptop.journal.shortlists.delete(kept.id)
    desktop.later()
    desktop.journal.shortlists.add_criterion(kept.id, "Has published", must=True)
    everyone_syncs(laptop, desktop)
    for device in (laptop, desktop):
        [shortlist] = device.journal.shortlists.list()
        assert [c.name for c in shortlist.criteria] == ["Has published"]
    assert laptop.export() == desktop.export()


@pytest.mark.catalogue("S153")
def test_a_goal_edited_in_two_journals_keeps_both_edits_through_an_export(run, clock, tmp_path):
    other = _edited_in_two_journals(run, clock, tmp_path, ("goal", "add", "Speak up in meetings"),
                                    ("goal", "edit", "speak", "--specific", "Say one thing in every team meeting"),
                                    ("goal", "edit", "speak", "--measurable", "Count them each Friday"))
    got = run.json("goal", "show", "speak")
    assert (got["specific"], got["measurable"]) == ("Say one thing in every team meeting", "Count them each Friday")
    # and the other way: the older version's edit is taken into the newer one there
    ok(run("--db", other, "import", _export_file(run, tmp_path / "mine.json"), db=False))
    theirs_now = json.loads(run("--db", other, "goal", "show", "speak", "--format", "json", db=False).stdout)
    assert (theirs_now["specific"], theirs_now["measurable"]) == (got["specific"], got["measurable"])


def _edited_in_two_journals(run, clock, tmp_path, made, here, there):
    """`made` here, the journal copied into another through an export; `here` edits this one,
    a minute later `there` the other; the other's export imported here. Returns the other journal."""
    ok(run(*made))
    other = tmp_path / "other.db"
    new_journal(other)
    ok(run("--db", other, "import", _export_file(run, tmp_path / "start.json"), db=False))
    clock.set(clock.now() + timedelta(minutes=1))
    ok(run(*here))
    clock.set(clock.now() + timedelta(minutes=1))
    ok(run("--db", other, *there, db=False))
    theirs = tmp_path / "theirs.json"
    ok(run("--db", other, "export", "-o", theirs, db=False))
    ok(run("import", theirs))
    return other


def _export_file(run, path):
    ok(run("export", "-o", path))
    return path


def _folder_holds(folder, word: bytes) -> list[str]:
    return [p.name for p in folder.rglob("*") if p.is_file() and word in p.read_bytes()]


@pytest.mark.catalogue("S160")
def test_purged_text_leaves_the_sync_folder_once_every_device_has_the_snapshot(devices):
    laptop, desktop = devices("laptop"), devices("desktop")
    secret = laptop.write("albatross confession")
    laptop.write("an ordinary day")
    everyone_syncs(laptop, desktop)
    assert _folder_holds(laptop.folder, b"albatross")
    laptop.later()
    laptop.journal.entries.delete(secret.id)
    laptop.journal.entries.purge()
    everyone_syncs(laptop, desktop, rounds=3)
    assert _folder_holds(laptop.folder, b"albatross") == []
    assert list(desktop.bodies().values()) == ["an ordinary day"]
    laptop.write("after the purge")
    everyone_syncs(laptop, desktop)
    assert laptop.bodies() == desktop.bodies() and len(desktop.bodies()) == 2


@pytest.mark.skipif(not engine.ENCRYPTION, reason="sqlcipher3 is not installed")
@pytest.mark.catalogue("S160")
def test_a_journal_encrypted_while_it_syncs_leaves_no_plain_files_behind(devices):
    laptop, desktop = devices("laptop"), devices("desktop")
    laptop.write("lighthousekeeper notes")
    everyone_syncs(laptop, desktop)
    for device in (laptop, desktop):
        _convert(device, "one passphrase for both")
    everyone_syncs(laptop, desktop, rounds=3)
    assert _folder_holds(laptop.folder, b"lighthousekeeper") == []
    assert laptop.bodies() == desktop.bodies() and len(laptop.bodies()) == 1


@pytest.mark.skipif(not engine.ENCRYPTION, reason="sqlcipher3 is not installed")
@pytest.mark.catalogue("S161")
def test_a_plain_backup_never_makes_an_encrypted_journal_plain(run, db_path, tmp_path, monkeypatch):
    from tests.cli.expect import fails

    passphrase = tmp_path / "passphrase"
    passphrase.write_text("correct horse battery\n")
    passphrase.chmod(0o600)
    monkeypatch.setenv("JOURNAL_PASSPHRASE_FILE", str(passphrase))
    ok(run("add", "an old entry"))
    plain = tmp_path / "before.db"
    ok(run("backup", plain))
    ok(run("encrypt"))
    ok(run("add", "written after encrypting"))
    fails(run("restore", plain, "--yes"), 2, "plain backup", "Encrypt a copy")
    assert engine.is_encrypted(db_path)
    assert sorted(e["body"] for e in run.json("list")) == ["an old entry", "written after encrypting"]
    # as the message says: an encrypted copy of the backup restores
    copy = tmp_path / "copy.db"
    copy.write_bytes(plain.read_bytes())
    ok(run("--db", copy, "encrypt", db=False))
    ok(run("restore", copy, "--yes"))
    assert engine.is_encrypted(db_path) and [e["body"] for e in run.json("list")] == ["an old entry"]


@pytest.mark.catalogue("S163")
def test_the_copy_of_a_killed_import_goes_at_the_next_open_and_a_live_one_stays(run, db_path, tmp_path):
    from journal import process

    left = db_path.parent / (process.IMPORT_SCRATCH + "killed")  # its process is gone: its lock is free
    left.mkdir(mode=0o700)
    (left / "journal.db").write_text("a plain copy of another journal")
    (left / process.SCRATCH_LOCK).write_text("")
    older = db_path.parent / (process.IMPORT_SCRATCH + "older")  # from before the lock file
    older.mkdir(mode=0o700)
    with process.held_scratch(db_path.parent, process.IMPORT_SCRATCH) as live:
        ok(run("list"))
        assert live.is_dir() and not left.exists() and not older.exists()
    assert not live.exists()


@pytest.mark.catalogue("S152")
def test_a_restored_journal_that_syncs_with_nothing_to_write_stays_the_same_device(devices, tmp_path):
    laptop, desktop = devices("laptop"), devices("desktop")
    backup = test_sync.backed_up_then_written(laptop, tmp_path)
    everyone_syncs(laptop, desktop)
    device = laptop.journal.sync.status().device
    laptop.restore(backup)
    first = laptop.sync()
    assert sum("did not write" in note for note in first.notes) == 1
    for _ in range(3):  # nothing new to write: its file number stays below the file it applied
        again = laptop.sync()
        assert not any("did not write" in note or "Another copy" in note for note in again.notes)
    assert laptop.journal.sync.status().device == device
    assert sorted(laptop.bodies().values()) == ["after the backup", "before the backup"]


@pytest.mark.catalogue("S166")
def test_a_draft_kept_from_a_trashed_entry_waits_for_its_restore_and_never_overwrites_a_newer_edit(journal):
    from journal.domain.entry_fields import entry_version
    from journal.domain.errors import EditConflict, JournalError
    from journal.domain.model import EntryChanges

    entry = journal.entries.write(EntryInput(body="original text"))
    version = entry_version(journal.entries.get(entry.id))  # an editor opens on it ...
    journal.entries.delete(entry.id)  # ... and the entry goes to the trash meanwhile
    with pytest.raises(EditConflict) as conflict:
        journal.entries.edit(entry.id, EntryChanges(body="original text\nappended in the editor",
                                                    expected_version=version))
    draft = conflict.value.draft_id
    # saved while the entry is still in the trash: refused, the draft kept (a purge would take its text)
    with pytest.raises(JournalError, match="in the trash"):
        journal.drafts.save_as_entry(draft)
    assert [d.id for d in journal.drafts.list()] == [draft]
    journal.entries.restore(entry.id)
    journal.entries.edit(entry.id, EntryChanges(body="newer text, written after the restore"))
    with pytest.raises(EditConflict):  # the draft was made on older words: nothing overwritten
        journal.drafts.save_as_entry(draft)
    assert journal.entries.get(entry.id).body == "newer text, written after the restore"
    assert [d.body for d in journal.drafts.list()] == ["original text\nappended in the editor"]
    # restored and untouched, as the message says: the draft applies
    other = journal.entries.write(EntryInput(body="second entry"))
    version = entry_version(journal.entries.get(other.id))
    journal.entries.delete(other.id)
    with pytest.raises(EditConflict) as conflict:
        journal.entries.edit(other.id, EntryChanges(body="second entry, edited", expected_version=version))
    journal.entries.restore(other.id)
    journal.drafts.save_as_entry(conflict.value.draft_id)
    assert journal.entries.get(other.id).body == "second entry, edited"


@pytest.mark.catalogue("S191")
def test_text_purged_on_another_device_leaves_this_device_s_files_too(devices):
    """S191 (stop 31): the device that applied a purge kept its own change files holding the text
    (only the purging device wrote a snapshot), with no end date."""
    laptop, desktop = devices("laptop"), devices("desktop")
    secret = laptop.write("albatross confession")
    everyone_syncs(laptop, desktop)
    desktop.write("the desktop's own day")  # its own files exist too
    desktop.later()
    desktop.journal.entries.delete(secret.id)  # trashed and purged on the desktop, not where it was written
    desktop.journal.entries.purge()
    everyone_syncs(desktop, laptop, rounds=3)
    assert _folder_holds(laptop.folder, b"albatross") == []
    assert laptop.bodies() == desktop.bodies() and list(laptop.bodies().values()) == ["the desktop's own day"]


@pytest.mark.skipif(not engine.ENCRYPTION, reason="sqlcipher3 is not installed")
@pytest.mark.catalogue("S190")
def test_files_sealed_under_a_salt_the_folder_no_longer_has_are_sent_again(devices, tmp_path):
    """S190 (stop 31): two encrypted devices set up one folder at once; the cloud kept one salt
    file, and what the other had sealed under its own salt never arrived anywhere."""
    from journal.io.sync_files import FOLDER_SALT

    laptop = devices("laptop", passphrase="one passphrase for both")
    desktop = devices("desktop", passphrase="one passphrase for both")
    desktop.folder = tmp_path / "desktop-view"  # each device's copy of the one folder, as a cloud keeps them

    def carry() -> None:
        """The cloud: each device's files to the other view; of the two salt files, the laptop's."""
        for source, target in ((laptop.folder, desktop.folder), (desktop.folder, laptop.folder)):
            for mine in (p for p in source.iterdir() if p.is_dir()):
                shutil.copytree(mine, target / mine.name, dirs_exist_ok=True)
        shutil.copyfile(laptop.folder / FOLDER_SALT, desktop.folder / FOLDER_SALT)

    desktop.write("written on the desktop first")
    desktop.sync()
    laptop.write("written on the laptop")
    laptop.sync()
    for _ in range(2):
        carry()
        desktop.sync()
        carry()
        laptop.sync()
    assert sorted(laptop.bodies().values()) == sorted(desktop.bodies().values()) == [
        "written on the desktop first", "written on the laptop"]


@pytest.mark.catalogue("S192")
def test_a_mentorship_edited_on_two_devices_at_once_keeps_both_edits(devices):
    """S192 (stop 31): a mentorship's fields and agreement parts edited on two devices: the older
    version's edits were lost (its history still said they were made)."""
    laptop, desktop = devices("laptop"), devices("desktop")
    m = laptop.journal.mentorships.add("Maria", focus="F0")
    everyone_syncs(laptop, desktop)
    laptop.later()
    laptop.journal.agreements.set_parts(m.id, {"ground-rules": "We start on time"})
    laptop.journal.mentorships.edit(m.id, focus="Speaking")
    desktop.later(5)
    desktop.journal.agreements.set_parts(m.id, {"confidentiality": "What is said stays here"})
    desktop.journal.mentorships.edit(m.id, check_in_every=7)  # the newest version: the desktop's
    everyone_syncs(laptop, desktop)
    for device in (laptop, desktop):
        got = device.journal.mentorships.get(m.id)
        assert (got.focus, got.check_in_every) == ("Speaking", 7)
        assert {k: got.parts.get(k) for k in ("ground_rules", "confidentiality")} == {
            "ground_rules": "We start on time", "confidentiality": "What is said stays here"}
    assert laptop.export() == desktop.export()
    assert laptop.sync().written == desktop.sync().written == 0  # in step


@pytest.mark.catalogue("S192")
def test_a_mentorship_edited_in_two_journals_keeps_both_edits_through_an_export(run, clock, tmp_path):
    _edited_in_two_journals(run, clock, tmp_path, ("mentorship", "add", "Maria", "--focus", "F0"),
                            ("mentorship", "edit", "Maria", "--focus", "Speaking"),
                            ("agreement", "set", "Maria", "ground-rules", "We start on time"))
    shown = ok(run("agreement", "show", "Maria")).stdout
    assert "We start on time" in shown and "Speaking" in ok(run("mentorship", "show", "Maria")).stdout


@pytest.mark.catalogue("S193")
def test_a_change_file_that_cannot_be_applied_holds_up_no_other(devices):
    """S193 (stop 31): one well-formed change file with a record this version cannot apply (an
    entry kind it does not know, a record missing its fields) rolled back the whole sync: every
    other device's changes waited for good, with "storage error" or "internal error"."""
    from journal.io import sync_files

    laptop, desktop = devices("laptop"), devices("desktop")
    desktop.write("written on the desktop")
    desktop.sync()
    laptop.sync()  # the folder is set up
    good = json.loads(laptop.export())["entries"][0]
    newer_kind = {**good, "id": "0f0f0f0f-0000-4000-8000-000000000001", "kind": "retrospective"}
    sync_files.write(laptop.folder, "0123456789abcdef", 1, [{"kind": "entry", "base": None, "row": newer_kind}], None)
    sync_files.write(laptop.folder, "fedcba9876543210", 1, [{"kind": "entry", "base": None, "row": {"id": "zzz"}}],
                     None)
    desktop.write("and one more")
    desktop.sync()
    report = laptop.sync()
    assert sorted(laptop.bodies().values()) == ["and one more", "written on the desktop"]
    skipped = [note for note in report.notes if "holds a record this version cannot apply" in note]
    assert len(skipped) == 2 and all("skipped, the other files applied" in note for note in skipped)


@pytest.mark.catalogue("S453")
def test_a_sync_applies_its_files_without_a_savepoint_unless_one_fails(devices, monkeypatch):
    """S453: each change file was applied under a savepoint, which made every write cost more the
    more the sync's transaction held (10,000 entries: 7 s). Now no savepoint while every file
    applies; when one cannot be applied, that pass is rolled back and S193's careful pass, a
    savepoint per file, applies the others and counts them once."""
    from journal.store import sync as rows

    laptop, desktop, phone = devices("laptop"), devices("desktop"), devices("phone")
    for n in range(3):
        desktop.write(f"desktop entry {n}")
    desktop.sync()
    said: list[str] = []
    laptop.journal.session.conn.set_trace_callback(said.append)
    report = laptop.sync()
    assert sorted(laptop.bodies().values()) == [f"desktop entry {n}" for n in range(3)]
    assert report.outcomes["new"] == 3 and report.files_applied == 1
    assert not [sql for sql in said if "SAVEPOINT" in sql.upper()]

    desktop.write("one more")
    desktop.sync()
    refused = phone.write("from a newer phone").id  # passes the file's checks; this version's SQL refuses it
    phone.sync()
    apply = rows.apply

    def refusing(conn, kind, record, base):
        if record.get("id") == refused:
            raise engine.IntegrityError("CHECK constraint failed")
        return apply(conn, kind, record, base)

    monkeypatch.setattr(rows, "apply", refusing)
    said.clear()
    report = laptop.sync()
    laptop.journal.session.conn.set_trace_callback(None)
    assert sorted(laptop.bodies().values()) == [f"desktop entry {n}" for n in range(3)] + ["one more"]
    assert report.outcomes["new"] == 1 and report.files_applied == 1  # counted once, by the pass that committed
    assert [note for note in report.notes if "cannot apply" in note] == [
        f"{phone.journal.sync.status().device}/0000000001.jsonl holds a record this version cannot apply "
        "(IntegrityError): skipped, the other files applied."]
    assert said.count("ROLLBACK") == 1 and said.count("SAVEPOINT change_file") == 2  # the careful pass


@pytest.mark.catalogue("S194")
def test_a_vision_profile_or_shortlist_edited_on_two_devices_loses_nothing(devices):
    """S194 (stop 31): the vision, the learning profile and a shortlist were one row each, and the
    newer version replaced the older whole: a gap, a candidate, a conversation note or a text
    typed on the other device was gone, with no draft."""
    laptop, desktop = devices("laptop"), devices("desktop")
    laptop.journal.preparing.set_vision(future="F0", present="P0")
    shortlist = laptop.journal.shortlists.new("Leadership")
    everyone_syncs(laptop, desktop)
    laptop.later()
    laptop.journal.preparing.set_vision(future="Lead a team of six")
    laptop.journal.preparing.add_gap("Delegating")
    alice = laptop.journal.shortlists.add_candidate(shortlist.id, "Alice")
    laptop.journal.shortlists.note(shortlist.id, alice.id, "Met at the meetup")
    desktop.later(5)  # the newer versions: the desktop's
    desktop.journal.preparing.set_vision(present="Staff engineer")
    desktop.journal.preparing.add_gap("Public speaking")
    desktop.journal.shortlists.add_candidate(shortlist.id, "Bob")
    everyone_syncs(laptop, desktop)
    for device in (laptop, desktop):
        vision = device.journal.preparing.vision()
        assert sorted(g.text for g in vision.gaps) == ["Delegating", "Public speaking"]
        [sl] = device.journal.shortlists.list()
        assert sorted(c.name for c in sl.candidates) == ["Alice", "Bob"]
        [a] = [c for c in sl.candidates if c.name == "Alice"]
        assert [n.text for n in a.conversations] == ["Met at the meetup"]
    assert laptop.export() == desktop.export()
    kept = [d for d in laptop.journal.drafts.list() if d.title == "Kept from another version of your vision"]
    assert kept and "Lead a team of six" in kept[0].body  # the laptop's words, where they were typed
    assert laptop.sync().written == desktop.sync().written == 0  # in step


@pytest.mark.catalogue("S195")
def test_sync_status_names_a_device_that_holds_back_old_files(devices):
    """S195 (stop 31): a device that stopped syncing (retired, its folder left behind) kept every
    other device's old files in the folder, plain text of a journal encrypted since included,
    and `sync --status` did not even list it."""
    laptop, desktop, old = devices("laptop"), devices("desktop"), devices("old")
    laptop.write("first")
    everyone_syncs(laptop, desktop, old)
    laptop.write("second")
    everyone_syncs(laptop, desktop)  # the old one never syncs again
    old_id = old.journal.sync.status().device
    found = laptop.journal.sync.status()
    assert [(device, applied < wrote) for device, applied, wrote in found.behind] == [(old_id, True)]
    shutil.rmtree(laptop.folder / old_id)  # gone for good
    assert laptop.journal.sync.status().behind == []


@pytest.mark.catalogue("S196")
def test_change_files_gone_from_the_folder_are_sent_again(devices, tmp_path):
    """S196 (stop 31): a cloud that put back an older state of the folder (or a file deleted)
    took a device's change files with it: what they held never reached the others, and neither
    device was told."""
    laptop, desktop = devices("laptop"), devices("desktop")
    laptop.write("one")
    laptop.sync()
    saved = tmp_path / "older-state"
    shutil.copytree(laptop.folder, saved)
    laptop.write("two")
    laptop.sync()
    laptop.write("three")
    laptop.sync()
    shutil.rmtree(laptop.folder)
    shutil.copytree(saved, laptop.folder)  # the older state, put back
    laptop.write("four")
    report = laptop.sync()
    assert any("change file(s) this device wrote are gone from the folder" in note for note in report.notes)
    desktop.sync()
    assert sorted(desktop.bodies().values()) == ["four", "one", "three", "two"]
    assert not any("gone from the folder" in note for note in laptop.sync().notes)  # said once, then in step


@pytest.mark.skipif(not engine.ENCRYPTION, reason="sqlcipher3 is not installed")
@pytest.mark.catalogue("S197")
def test_files_under_another_passphrase_say_so_and_where_the_way_is(devices):
    """S197 (stop 31): after a passphrase change, a device set up with the new passphrase read
    none of the folder's files, each said to be "altered, or from another journal"."""
    laptop = devices("laptop", passphrase="the first passphrase")
    laptop.write("written before the change")
    laptop.sync()
    newer = devices("newer", passphrase="the passphrase chosen since")
    report = newer.sync()
    assert report.files_applied == 0 and newer.bodies() == {}
    [note] = [n for n in report.notes if "cannot be decrypted" in n]
    assert "sealed under another passphrase than this folder's first one, or altered: see the README, Sync" in note
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "The folder keeps the passphrase it was first synced with" in readme


@pytest.mark.catalogue("S198")
def test_a_trash_move_that_loses_to_a_newer_edit_says_the_entry_is_back(devices):
    """S198 (stop 31): an entry trashed on one device while another edited it came back out of
    the trash without a word (only "entry version(s) changed here lost…", and a draft)."""
    laptop, desktop = devices("laptop"), devices("desktop")
    entry = laptop.write("the talk went well")
    everyone_syncs(laptop, desktop)
    laptop.later()
    laptop.journal.entries.delete(entry.id)
    desktop.later(5)
    desktop.edit(entry.id, "the talk went well, and the questions were good")
    desktop.sync()
    said = laptop.sync().lines()
    assert any("moved to the trash here had been changed on another device meanwhile" in line for line in said)
    assert not any("lost to a newer change" in line for line in said)
    everyone_syncs(laptop, desktop)
    assert laptop.bodies() == desktop.bodies() == {entry.id: "the talk went well, and the questions were good"}
    assert laptop.drafts() == ["the talk went well"]  # what it said when trashed, kept
