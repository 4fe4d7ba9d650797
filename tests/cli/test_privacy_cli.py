"""The encryption commands from the command line: init --encrypt, encrypt, decrypt, passphrase,
unlock, lock, what `paths` and `doctor` say, the editor hand-off and exports of an encrypted journal."""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
from pathlib import Path

import pyrage
import pytest

from journal.services.privacy import in_memory
from journal.store import engine
from tests.cli.expect import fails, ok

pytestmark = pytest.mark.skipif(not engine.ENCRYPTION, reason="sqlcipher3 is not installed")

SECRET = "lighthousekeeper"


@pytest.fixture
def encrypted(run, db_path, passphrase_file):
    """The `run` journal, encrypted, with one entry; the process forgets the key afterwards."""
    ok(run("add", f"{SECRET} came to the meeting", "-t", "mentoring"))
    ok(run("encrypt"))
    engine.forget_all()
    return db_path


def test_init_encrypt_makes_an_encrypted_journal_that_reads_back(run, tmp_path, passphrase_file):
    db = tmp_path / "new" / "secret.db"
    ok(run("--db", db, "init", "--encrypt", db=False))
    assert engine.is_encrypted(db) and stat.S_IMODE(db.stat().st_mode) == 0o600
    ok(run("--db", db, "add", f"{SECRET} notes", db=False))
    engine.forget_all()
    assert SECRET in ok(run("--db", db, "list", db=False)).stdout
    assert "encrypted (SQLCipher)" in ok(run("--db", db, "paths", db=False)).stdout
    fails(run("--db", db, "init", "--encrypt", db=False), 2, "already a journal")


def test_encrypt_converts_the_journal_and_its_backups(encrypted, run, db_path):
    for path in [db_path, *(db_path.parent / "backups").iterdir()]:
        assert engine.is_encrypted(path), path
        assert SECRET.encode() not in path.read_bytes()
    listed = ok(run("list", "--tag", "mentoring")).stdout
    assert SECRET in listed
    doctor = ok(run("doctor")).stdout
    assert "ok    encryption: encrypted (SQLCipher)" in doctor
    fails(run("encrypt"), 2, "already encrypted")


def test_a_wrong_passphrase_is_one_line_and_changes_nothing(encrypted, run, db_path, passphrase_file):
    before = db_path.read_bytes()
    passphrase_file("not it")
    line = fails(run("list"), 1, "does not open")
    assert "not it" not in line
    assert db_path.read_bytes() == before


def test_without_a_passphrase_source_or_terminal_the_line_names_the_ways(encrypted, run, monkeypatch):
    monkeypatch.delenv("JOURNAL_PASSPHRASE_FILE")
    monkeypatch.setattr("journal.cli.state.ask_passphrase", lambda prompt: None)  # as with no /dev/tty
    fails(run("list"), 1, "JOURNAL_PASSPHRASE_FD", "JOURNAL_PASSPHRASE_FILE")


def test_a_passphrase_file_others_can_read_is_refused(encrypted, run, tmp_path):
    (tmp_path / "passphrase").chmod(0o644)
    fails(run("list"), 2, "chmod 600")


def test_decrypt_asks_first_and_then_makes_everything_plain(encrypted, run, db_path):
    assert run("decrypt", input="n\n").exit_code == 0 and engine.is_encrypted(db_path)
    ok(run("decrypt", "--yes"))
    for path in [db_path, *(db_path.parent / "backups").iterdir()]:
        assert not engine.is_encrypted(path), path
    engine.forget_all()
    assert SECRET in ok(run("list")).stdout
    assert "not encrypted" in ok(run("paths")).stdout


def test_a_plain_journal_while_config_requires_encryption_fails_doctor(encrypted, run, db_path):
    ok(run("decrypt", "--yes"))  # decrypt clears the setting ...
    (db_path.parents[2] / "config" / "journal" / "config.toml").write_text(
        "[security]\nrequire_encryption = true\n")  # ... and someone sets it again
    doctor = run("doctor")
    assert doctor.exit_code == 1 and "FAIL  encryption: the journal is not encrypted" in doctor.stdout


def test_passphrase_change_rekeys_the_journal_and_its_backups(encrypted, run, db_path, passphrase_file):
    from journal.services import privacy

    privacy.change_passphrase(db_path, None, "a new passphrase")  # the old one from the file
    engine.forget_all()
    fails(run("list"), 1, "does not open")
    passphrase_file("a new passphrase")
    assert SECRET in ok(run("list")).stdout
    for backup in (db_path.parent / "backups").iterdir():
        assert engine.key_for(backup) is not None  # the backups open with the new key too


@pytest.mark.catalogue("S163")
def test_the_editor_never_writes_an_encrypted_journal_in_plain(encrypted, run, tmp_path, monkeypatch, request):
    monkeypatch.setattr("journal.cli.editor.stdin_is_terminal", lambda: True)  # `add` opens the editor
    line = fails(run("add"), 2, "XDG_RUNTIME_DIR")
    assert SECRET not in line
    on_disk = tmp_path / "runtime"  # private, but on disk: refused too (S163)
    on_disk.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(on_disk))
    fails(run("add"), 2, "XDG_RUNTIME_DIR")
    if not Path("/dev/shm").is_dir() or not in_memory(Path("/dev/shm")):
        pytest.skip("no tmpfs at /dev/shm to play XDG_RUNTIME_DIR")
    runtime = Path(tempfile.mkdtemp(dir="/dev/shm"))  # 0700
    request.addfinalizer(lambda: shutil.rmtree(runtime, ignore_errors=True))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    script = tmp_path / "editor.sh"
    script.write_text('#!/bin/sh\necho "written in the editor" > "$1"\n')
    script.chmod(0o700)
    monkeypatch.setenv("EDITOR", str(script))
    ok(run("add"))
    assert "written in the editor" in ok(run("list")).stdout
    assert not list(runtime.iterdir()) and not list(tmp_path.glob("data/journal/.journal-edit-*"))


def test_exports_of_an_encrypted_journal_say_they_are_plain_or_are_sealed_with_age(encrypted, run, tmp_path):
    result = ok(run("export", "-o", tmp_path / "out.json"))
    assert "this file is not" in result.stderr
    identity = pyrage.x25519.Identity.generate()
    sealed = tmp_path / "sealed.json.age"
    result = ok(run("export", "-o", sealed, "--encrypt-to", str(identity.to_public())))
    assert "encrypted for 1 recipient" in result.stderr and "this file is not" not in result.stderr
    data = sealed.read_bytes()
    assert data.startswith(b"-----BEGIN AGE ENCRYPTED FILE-----") and SECRET.encode() not in data
    assert stat.S_IMODE(os.stat(sealed).st_mode) == 0o600
    assert SECRET in pyrage.decrypt(data, [identity]).decode()
    fails(run("export", "-o", tmp_path / "x", "--encrypt-to", "bob"), 2, "not an age recipient")
    fails(run("export", "--encrypt-to", str(identity.to_public())), 2, "-o FILE")


@pytest.mark.catalogue("L94")
def test_a_script_changes_the_passphrase_with_the_new_one_from_its_own_variable(encrypted, run, tmp_path,
                                                                                 monkeypatch, passphrase_file):
    monkeypatch.setattr("journal.cli.privacy.terminal_available", lambda: False)
    fails(run("passphrase"), 2, "JOURNAL_NEW_PASSPHRASE_FILE")  # the current one's file is not read twice
    new = tmp_path / "new-passphrase"
    new.write_text("the new one\n")
    new.chmod(0o600)
    monkeypatch.setenv("JOURNAL_NEW_PASSPHRASE_FILE", str(new))
    assert "Changed the passphrase" in ok(run("passphrase")).stderr
    engine.forget_all()
    fails(run("list"), 1, "does not open")
    passphrase_file("the new one")
    fails(run("passphrase"), 2, "the one the journal has")  # the same again: refused, not "changed"
    assert SECRET in ok(run("list")).stdout


@pytest.mark.catalogue("L96", "J76")
def test_doctor_and_restore_pass_over_a_backup_under_an_earlier_passphrase(encrypted, run, db_path, tmp_path,
                                                                            passphrase_file):
    """A copy a killed passphrase change left under the earlier key (or one put back by hand)
    stopped doctor's backup comparison; it is passed over, and the journal's own checks run."""
    from journal.services import privacy

    backups = db_path.parent / "backups"
    kept = tmp_path / "under-the-old-key.db"
    shutil.copyfile(sorted(backups.glob("*.db"))[-1], kept)
    privacy.change_passphrase(db_path, None, "a new passphrase")
    engine.forget_all()
    passphrase_file("a new passphrase")
    shutil.copyfile(kept, backups / "journal-29991231T235959Z.db")  # the newest by its name
    report = run("doctor")
    assert report.exit_code == 1 and "Traceback" not in report.stdout + report.stderr
    assert "WARN  encryption: 1 backup(s) open only with an earlier passphrase" in report.stdout
    assert "ok    quick_check: ok" in report.stdout and "ok    foreign_key_check: ok" in report.stdout
    assert "dated in the future" in report.stdout  # not "-8530071 h old"
    ok(run("backup"))
    assert SECRET in ok(run("list")).stdout


@pytest.mark.catalogue("S173")
def test_a_damaged_encrypted_journal_is_called_damaged_not_a_wrong_passphrase(encrypted, run, db_path, tmp_path,
                                                                             passphrase_file):
    """S173: an encrypted journal cut short (or with a page overwritten) was "That passphrase does
    not open …" for list and doctor alike, with the right passphrase: its owner would think it lost."""
    damaged = tmp_path / "cut.db"
    shutil.copyfile(db_path, damaged)
    with open(damaged, "r+b") as file:
        file.truncate(damaged.stat().st_size // 2 // 4096 * 4096)  # whole pages: the first one still checks out
    line = fails(run("--db", damaged, "list", db=False), 1, "is damaged")
    assert "passphrase" not in line and SECRET not in line
    report = run("--db", damaged, "doctor", db=False)
    assert report.exit_code == 1 and "Traceback" not in report.stdout + report.stderr
    assert f"FAIL  file: damaged: SQLite cannot read {damaged}. Restore a backup" in report.stdout
    assert "passphrase" not in report.stdout and "WARN  backups:" in report.stdout
    passphrase_file("not the passphrase at all")
    engine.forget_all()
    fails(run("--db", damaged, "list", db=False), 1, "does not open")


@pytest.mark.catalogue("S181")
def test_a_backup_under_an_earlier_passphrase_is_restored_under_the_current_one(encrypted, run, db_path, tmp_path,
                                                                              passphrase_file):
    """S181: restoring it silently brought the earlier passphrase back (the current one no longer
    opened the journal, while its kept copies stayed under the current one)."""
    from journal.services import privacy

    old = tmp_path / "under-the-old-key.db"
    ok(run("backup", old))
    privacy.change_passphrase(db_path, None, "a new passphrase")
    engine.forget_all()
    passphrase_file("a new passphrase")
    engine.remember(engine.Key.derive("correct horse battery", engine.header(old)))  # typed for the backup
    said = ok(run("restore", old, "--yes")).stderr
    assert "The backup was under an earlier passphrase; the restored journal opens with the current one." in said
    engine.forget_all()
    assert SECRET in ok(run("list")).stdout  # with the current passphrase
    doctor = run("doctor").stdout
    assert "earlier passphrase" not in doctor


@pytest.mark.catalogue("S181")
def test_an_encrypted_backup_over_a_plain_journal_leaves_no_plain_copy(run, db_path, tmp_path, passphrase_file):
    """S181: the journal became encrypted, but the copy kept aside by the restore and its backups
    stayed plain beside it until some later command, and nothing said it was encrypted now."""
    from journal.services import privacy

    ok(run("add", f"{SECRET} in plain text"))
    other = tmp_path / "elsewhere" / "journal.db"
    other.parent.mkdir()
    shutil.copyfile(db_path, other)
    privacy.encrypt(other, "correct horse battery")
    said = ok(run("restore", other, "--yes")).stderr
    assert "The journal is now encrypted, as the backup was" in said and "kept copies were encrypted too" in said
    copies = [*db_path.parent.glob("journal.db.pre-restore-*"), *(db_path.parent / "backups").glob("*.db")]
    assert copies and all(engine.is_encrypted(p) and SECRET.encode() not in p.read_bytes() for p in copies)


@pytest.mark.catalogue("S399")
def test_encrypt_names_plain_copies_in_the_backups_folder_it_leaves(run, db_path, passphrase_file):
    ok(run("add", "Plain Zorblequince"))
    ok(run("backup", str(db_path.parent / "backups" / "before-trip.db")))
    said = ok(run("encrypt")).stderr
    assert "1 plain journal file(s)" in said and "before-trip.db" in said and "Zorblequince" not in said
    doctor = run("doctor")
    [line] = [line for line in doctor.stdout.splitlines() if "encryption" in line]
    assert line.startswith("WARN") and "before-trip.db" in line


@pytest.mark.catalogue("S409")
def test_a_passphrase_change_says_what_a_copy_under_an_earlier_one_is(encrypted, run, db_path, tmp_path,
                                                                      passphrase_file, monkeypatch):
    from journal.services import privacy

    backups = db_path.parent / "backups"
    kept = tmp_path / "under-the-old-key.db"
    shutil.copyfile(sorted(backups.glob("*.db"))[-1], kept)
    privacy.change_passphrase(db_path, None, "a new passphrase")
    engine.forget_all()
    shutil.copyfile(kept, backups / "journal-20261101T000000Z.db")  # left by an interrupted change
    passphrase_file("a new passphrase")
    new = tmp_path / "third"
    new.write_text("a third passphrase\n")
    new.chmod(0o600)
    monkeypatch.setenv("JOURNAL_NEW_PASSPHRASE_FILE", str(new))
    said = ok(run("passphrase")).stderr
    assert "journal-20261101T000000Z.db is under an earlier passphrase" in said and "journal restore" in said
    assert "Could not convert" not in said


@pytest.mark.catalogue("S413")
def test_a_purge_names_a_backup_under_an_earlier_passphrase_it_cannot_scrub(encrypted, run, db_path, tmp_path,
                                                                            passphrase_file):
    from journal.services import privacy

    backups = db_path.parent / "backups"
    kept = tmp_path / "under-the-old-key.db"
    shutil.copyfile(sorted(backups.glob("*.db"))[-1], kept)
    privacy.change_passphrase(db_path, None, "a new passphrase")
    engine.forget_all()
    shutil.copyfile(kept, backups / "journal-20261101T000000Z.db")
    passphrase_file("a new passphrase")
    [entry] = json.loads(ok(run("list", "--format", "json")).stdout)
    ok(run("delete", entry["short_id"]))
    said = run("purge", "--yes").stderr
    assert "no space left" not in said
    assert "Could not scrub the backup" in said and "journal-20261101T000000Z.db" in said
