"""`journal sync` from the command line: the folder is remembered, two journals meet through
it, `--status` says where things stand, and a wrong folder is one line."""

from __future__ import annotations

import pytest

from tests.cli.expect import fails, ok


def test_two_journals_sync_through_a_folder_and_the_folder_is_remembered(run, tmp_path, db_path):
    folder = tmp_path / "Sync" / "journal"
    other = tmp_path / "desktop" / "journal.db"
    fails(run("sync"), 2, "journal sync DIR")
    ok(run("add", "Written on the laptop", "-t", "mentoring"))
    assert "wrote 1 change(s)" in ok(run("sync", folder)).stdout
    ok(run("--db", other, "init", other, db=False))
    applied = ok(run("--db", other, "sync", folder, db=False)).stdout  # named: the config's is the default's (S511)
    assert "applied 1 file(s)" in applied and "1 new" in applied
    assert "applied" in ok(run("--db", other, "sync", db=False)).stdout  # then its own, remembered
    assert "Written on the laptop" in ok(run("--db", other, "list", "--tag", "mentoring", db=False)).stdout
    status = ok(run("sync", "--status")).stdout
    assert f"folder   {folder}" in status and "pending  0 change(s)" in status
    device = status.split("device   ", 1)[1].split()[0]
    assert (folder / device / "0000000001.jsonl").is_file()
    other_status = ok(run("--db", other, "sync", "--status", db=False)).stdout
    assert f"other    {device}: 1 file(s) applied" in other_status


def test_a_folder_that_holds_the_journal_is_refused(run, db_path, tmp_path):
    fails(run("sync", db_path.parent), 2, "holds the journal itself")
    fails(run("sync", tmp_path), 2, "holds the journal itself")
    (tmp_path / "a-file").write_text("x")
    fails(run("sync", tmp_path / "a-file"), 2, "is not a folder")


@pytest.mark.catalogue("M103")
def test_another_journal_of_the_same_person_is_never_synced_unasked(run, tmp_path):
    folder = tmp_path / "Sync"
    ok(run("add", "the journal that syncs"))
    ok(run("sync", folder))
    work = tmp_path / "work" / "journal.db"
    ok(run("--db", work, "init", work, db=False))
    ok(run("--db", work, "add", "a work journal, kept apart", db=False))
    files = sorted(p.name for p in folder.rglob("*.jsonl"))
    assert files == ["0000000001.jsonl"]  # the work journal wrote nothing into the folder
    from journal.services import Journal

    with Journal.open(work) as journal:
        assert not journal.sync.automatic()  # and its TUI does not sync either


@pytest.mark.catalogue("S358")
def test_a_remembered_folder_that_is_gone_is_not_made_again(run, tmp_path):
    folder = tmp_path / "usb" / "journal"
    ok(run("add", "Written on the laptop"))
    ok(run("sync", folder))
    away = tmp_path / "usb-away"
    folder.parent.rename(away)  # the drive is not mounted
    fails(run("sync"), 1, f"The sync folder {folder} is not there", "nothing was synced", "journal sync DIR")
    added = ok(run("add", "Written while the drive is away"))
    assert f"Not synced: The sync folder {folder} is not there" in added.stderr
    assert not folder.parent.exists()
    away.rename(folder.parent)  # back: the change goes out
    assert "wrote 1 change(s)" in ok(run("sync")).stdout


@pytest.mark.catalogue("S479")
def test_the_status_of_a_plain_journal_in_an_encrypted_folder_says_it_is_refused(run, tmp_path):
    folder = tmp_path / "synced"
    ok(run("add", "first words"))
    ok(run("sync", folder))
    (folder / "threefold-sync.json").write_text("{}")  # an encrypted journal set the folder up since
    ok(run("add", "second words"))
    status = ok(run("sync", "--status")).stdout
    assert "refused  " in status and "carries encrypted journals and this one is not encrypted" in status
    fails(run("sync"), 1, "carries encrypted journals")


@pytest.mark.catalogue("S511")
def test_a_second_journal_never_takes_the_default_journals_folder(run, tmp_path):
    folder = tmp_path / "Sync" / "journal"
    ok(run("add", "the default journal's words"))
    ok(run("sync", folder))
    personal = tmp_path / "personal" / "journal.db"
    ok(run("--db", personal, "init", personal, db=False))
    ok(run("--db", personal, "add", "PERSONALSECRET diary entry", db=False))
    fails(run("--db", personal, "sync", db=False), 2, "No sync folder yet")
    assert "PERSONALSECRET" not in "".join(p.read_text(errors="replace") for p in folder.rglob("*.jsonl"))
    work = tmp_path / "work" / "journal.db"
    ok(run("--db", work, "init", work, db=False))
    ok(run("--db", work, "sync", tmp_path / "work-sync", db=False))
    status = ok(run("sync", "--status")).stdout  # the default journal's folder is still its own
    assert f"folder   {folder}" in status
    added = ok(run("--db", work, "add", "work note", db=False))  # its own folder: synced after the write
    assert "Not synced" not in added.stderr
    assert "work note" in "".join(p.read_text() for p in (tmp_path / "work-sync").rglob("*.jsonl"))
