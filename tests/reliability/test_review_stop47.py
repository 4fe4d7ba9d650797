"""Found by a review of stop 47's storage changes: backup-shaped names that are no backup, the
conversion leftovers of other files, a conversion ended by a signal, and a passphrase change
that could not see its backups."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys

import pytest

from journal.services import EntryInput, Journal, privacy
from journal.store import backups, crypt, engine

from .conftest import one_clean_line
from .test_encryption_at_rest import PASSPHRASE, holders, secret_file

SECRET = "quokkasecretword"


def _journal_with_a_backup(db_path) -> None:
    with Journal.open(db_path, create=True) as journal:
        journal.entries.write(EntryInput(f"first {SECRET}"))
        journal.upkeep.backup()


@pytest.mark.catalogue("S530")
def test_a_backup_shaped_name_with_no_such_date_is_not_a_backup(tmp_path, proc, db_path):
    _journal_with_a_backup(db_path)
    before = [path for _, path in backups.backups(db_path)]
    made = before[-1]
    odd = [backups.backups_dir(db_path) / f"{backups.prefix(db_path)}-{stamp}.db"
           for stamp in ("20261399T000000Z", "20260229T120000Z", "20261129T240000Z", "20261129T235960Z")]
    for name in odd:
        shutil.copy(made, name)
    assert [path for _, path in backups.backups(db_path)] == before
    assert proc("add", "second").returncode == 0
    doctor = proc("doctor")
    assert doctor.returncode != 70, doctor.stderr
    file = secret_file(tmp_path / "secrets", PASSPHRASE)
    result = proc("encrypt", env={"JOURNAL_PASSPHRASE_FILE": str(file)})
    assert result.returncode == 0, result.stderr
    assert b"are not this journal's own backups" in result.stderr  # the hand-named copies, left plain and named
    assert sorted(holders(tmp_path, SECRET, skip=tmp_path / "secrets")) == sorted(odd)
    assert proc("list", env={"JOURNAL_PASSPHRASE_FILE": str(file)}).returncode == 0


@pytest.mark.catalogue("S530")
def test_the_internal_error_line_claims_nothing_about_the_journal(run, monkeypatch):
    def broken(*_args, **_kwargs):
        raise ValueError("a step that went wrong")

    monkeypatch.setattr("journal.services.entries.Entries.write", broken)
    result = run("add", "a thought")
    assert result.exit_code == 70
    line = one_clean_line(result.output)
    assert "unchanged" not in line and "journal doctor" in line, line


@pytest.mark.catalogue("S531")
def test_a_name_in_other_digits_is_never_rotated_away(db_path):
    _journal_with_a_backup(db_path)
    folder = backups.backups_dir(db_path)
    wide = "20191129".translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})  # full-width digits
    theirs = folder / f"{backups.prefix(db_path)}-{wide}T000000Z.db"
    theirs.write_bytes(b"a file of the person's own")
    assert theirs not in [path for _, path in backups.backups(db_path)]
    assert theirs not in backups.managed_copies(db_path)
    backups.rotate(db_path, 0)
    assert theirs.read_bytes() == b"a file of the person's own"


@pytest.mark.catalogue("S532")
def test_only_this_journals_own_conversion_leftovers_are_removed(tmp_path, proc, db_path):
    _journal_with_a_backup(db_path)
    folder, kept = db_path.parent, backups.backups_dir(db_path)
    made = backups.backups(db_path)[-1][1]
    ours = [folder / f"{db_path.name}{crypt.TEMP_SUFFIX}", folder / f"{db_path.name}{crypt.TEMP_SUFFIX}-wal",
            folder / f"{db_path.name}.bak-m001-20260101T000000Z{crypt.TEMP_SUFFIX}",
            kept / f"{made.name}{crypt.TEMP_SUFFIX}"]
    theirs = [folder / f"video{crypt.TEMP_SUFFIX}.notes.txt", folder / f"other.db{crypt.TEMP_SUFFIX}",
              folder / f"{db_path.name}2{crypt.TEMP_SUFFIX}", kept / f"report{crypt.TEMP_SUFFIX}.pdf",
              folder / f"{db_path.name}{crypt.TEMP_SUFFIX}.mine"]
    for path in ours + theirs:
        path.write_text("x")
    (folder / f"my photos{crypt.TEMP_SUFFIX}").mkdir()
    (folder / f"{db_path.name}{crypt.TEMP_SUFFIX}-shm").mkdir()  # a folder, even of our name: not ours to remove
    result = proc("list")
    assert result.returncode == 0, result.stderr
    assert [path for path in ours if path.exists()] == []
    assert [path for path in theirs if not path.exists()] == []
    assert (folder / f"my photos{crypt.TEMP_SUFFIX}").is_dir()


@pytest.mark.catalogue("S532")
def test_a_conversion_running_now_keeps_its_temp_file(db_path):
    _journal_with_a_backup(db_path)
    made = backups.backups(db_path)[-1][1]
    tmp = made.with_name(made.name + crypt.TEMP_SUFFIX)
    with crypt._exclusive(made, None, "try again"):  # as `convert` holds its source while the copy is written
        tmp.write_text("being written")
        crypt.leftovers(db_path)
        assert tmp.exists()
    crypt.leftovers(db_path)
    assert not tmp.exists()


CONVERSION_STOPPED = """
import os, signal, sys
from journal.store import crypt
from journal.cli import main

written = crypt.fsync_path

def stop_once_written(path):  # the plain copy is whole: then the signal, as from outside
    written(path)
    if str(path).endswith(crypt.TEMP_SUFFIX):
        os.kill(os.getpid(), getattr(signal, sys.argv[2]))

crypt.fsync_path = stop_once_written
main(["--db", sys.argv[1], sys.argv[3], *sys.argv[4:]])
"""


@pytest.mark.catalogue("S533")
@pytest.mark.parametrize(("command", "sig"), [("decrypt", "SIGTERM"), ("decrypt", "SIGHUP"), ("encrypt", "SIGTERM")])
def test_sigterm_during_a_conversion_leaves_no_copy(tmp_path, proc, db_path, command, sig):
    file = secret_file(tmp_path / "secrets", PASSPHRASE)
    if command == "decrypt":
        privacy.create_encrypted(db_path, PASSPHRASE)
    with Journal.open(db_path, ask=lambda prompt: PASSPHRASE, create=True) as journal:
        journal.entries.write(EntryInput(f"words {SECRET}"))
    engine.forget_all()
    args = ["--yes"] if command == "decrypt" else []
    child = subprocess.run([sys.executable, "-c", CONVERSION_STOPPED, str(db_path), sig, command, *args],
                           env={**proc.env, "JOURNAL_PASSPHRASE_FILE": str(file)}, capture_output=True, text=True,
                           timeout=60)
    assert child.returncode == 128 + getattr(signal, sig), child.stderr
    assert "Traceback" not in child.stderr
    assert [p.name for p in db_path.parent.iterdir() if crypt.TEMP_SUFFIX in p.name] == []
    assert engine.is_encrypted(db_path) is (command == "decrypt")  # the swap never happened
    if command == "decrypt":
        assert holders(tmp_path, SECRET, skip=tmp_path / "secrets") == []


NO_OVERRIDE = ([shutil.which("setpriv"), "--inh-caps=-dac_override,-dac_read_search",
                "--bounding-set=-dac_override,-dac_read_search"] if os.geteuid() == 0 else [])
"""Root without the capabilities that read any folder: a folder of mode 000 is then unreadable."""


@pytest.mark.catalogue("S534")
@pytest.mark.skipif(os.geteuid() == 0 and not shutil.which("setpriv"), reason="root reads any folder without setpriv")
def test_a_passphrase_change_with_an_unreadable_backups_folder_changes_nothing(tmp_path, proc, db_path):
    privacy.create_encrypted(db_path, PASSPHRASE)
    with Journal.open(db_path, ask=lambda prompt: PASSPHRASE) as journal:
        journal.entries.write(EntryInput("one"))
        journal.upkeep.backup()
    engine.forget_all()
    before = db_path.read_bytes()
    folder = backups.backups_dir(db_path)
    env = {"JOURNAL_PASSPHRASE_FILE": str(secret_file(tmp_path / "secrets", PASSPHRASE)),
           "JOURNAL_NEW_PASSPHRASE_FILE": str(secret_file(tmp_path / "secrets", "a new passphrase entirely", "new"))}
    folder.chmod(0)
    try:
        result = proc("passphrase", env=env, prefix=NO_OVERRIDE)
    finally:
        folder.chmod(0o700)
    assert result.returncode == 1, result.stderr
    line = one_clean_line(result.stderr)
    assert "Cannot read the backups folder" in line and "nothing was changed" in line, line
    assert db_path.read_bytes() == before
    assert proc("list", env=env).returncode == 0  # the old passphrase still opens it


@pytest.mark.catalogue("S531")
def test_a_sync_file_named_in_other_digits_is_no_change_file(tmp_path):
    """The sibling in the sync folder: a name in full-width digits was read as change file
    9,999,999,999 of this device, and the next one written after it could not be read back."""
    from journal.io import sync_files

    own = tmp_path / "0123456789abcdef"
    own.mkdir()
    (own / "0000000001.jsonl").write_text("{}")
    wide = "9999999999".translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})
    (own / f"{wide}.jsonl").write_text("{}")
    assert [seq for seq, _ in sync_files.own_files(tmp_path, "0123456789abcdef")] == [1]
    assert [seq for _, seq, _ in sync_files.listing(tmp_path, "fedcba9876543210").files] == [1]
