"""`journal import` of journal files and sealed exports: a backup or a copy of a journal (plain
or encrypted) merges like an export, the file itself untouched; an age-encrypted export opens
with its identity. Every refusal is one line with the documented exit code."""

from __future__ import annotations

import json
from datetime import timedelta

import pyrage
import pytest

from journal.store import engine
from tests.cli.expect import fails, ok

pytestmark = pytest.mark.skipif(not engine.ENCRYPTION, reason="sqlcipher3 is not installed")

SECRET = "lighthousekeeper"


def backups_of(db):
    return sorted((db.parent / "backups").glob("*.db"))


def test_an_encrypted_backup_merges_into_a_plain_journal_and_stays_as_it_was(run, db_path, tmp_path, passphrase_file):
    ok(run("add", f"{SECRET} at the harbour", "-t", "mentoring"))
    ok(run("encrypt"))
    backup = max(backups_of(db_path), key=lambda path: path.stat().st_mtime_ns)
    before = backup.read_bytes()
    engine.forget_all()
    other = tmp_path / "other" / "plain.db"
    ok(run("--db", other, "init", other, db=False))
    out = ok(run("--db", other, "import", backup, db=False)).stdout
    assert "(journal database): 1 new" in out and "now stored in this journal, which is not" in out
    assert SECRET in ok(run("--db", other, "list", "--tag", "mentoring", db=False)).stdout
    assert backup.read_bytes() == before and not list(backup.parent.glob("*-wal"))
    assert not list(other.parent.glob(".import-*")), "the private copy is removed"
    again = ok(run("--db", other, "import", backup, db=False)).stdout
    assert "0 new, 0 updated, 1 already present" in again


def test_a_plain_backup_never_replaces_what_was_written_since(run, db_path, tmp_path, clock):
    ok(run("add", "First words in the backup"))
    made = ok(run("backup"))
    backup = (made.stdout + made.stderr).split("Backed up to ", 1)[1].strip()
    entry_id = json.loads(ok(run("list", "--format", "json")).stdout)[0]["id"]
    clock.set(clock.now() + timedelta(minutes=5))
    ok(run("edit", entry_id[:8], "--text", "Rewritten since the backup"))
    assert "1 kept (newer here)" in ok(run("import", backup)).stdout
    assert "Rewritten since the backup" in ok(run("show", entry_id[:8])).stdout
    fresh = tmp_path / "fresh.db"
    ok(run("--db", fresh, "init", fresh, db=False))
    dry = ok(run("--db", fresh, "import", "--dry-run", backup, db=False)).stdout
    assert "1 new" in dry and "Dry run" in dry
    assert "First words" not in ok(run("--db", fresh, "list", db=False)).stdout


def test_a_foreign_encrypted_backup_with_the_wrong_passphrase_is_one_line(run, db_path, tmp_path, passphrase_file):
    foreign = tmp_path / "foreign" / "secret.db"
    ok(run("--db", foreign, "init", "--encrypt", foreign, db=False))
    ok(run("--db", foreign, "add", f"{SECRET} abroad", db=False))
    engine.forget_all()
    passphrase_file("not the right one")
    line = fails(run("import", foreign), 1, "does not open")
    assert "not the right one" not in line and SECRET not in line
    assert "abroad" not in ok(run("list")).stdout
    passphrase_file("correct horse battery")
    assert "1 new" in ok(run("import", foreign)).stdout


def test_refusals_of_journal_files_name_the_problem(run, db_path, tmp_path):
    fails(run("import", db_path), 65, "is this journal itself")
    text = tmp_path / "notes.txt"
    text.write_text("[2026-01-02 09:00] An entry\n")
    fails(run("import", "--from", "journal", text), 65, "is not a journal database")
    broken = tmp_path / "broken.db"
    broken.write_bytes(engine.PLAIN_HEADER + b"\0" * 4000)
    fails(run("import", broken), 65, "not a readable journal database")


def test_an_age_export_opens_with_its_identity_only(run, db_path, tmp_path):
    ok(run("add", f"{SECRET} sealed", "-t", "mentoring"))
    identity = pyrage.x25519.Identity.generate()
    key_file = tmp_path / "key.txt"
    key_file.write_text(f"# created: now\n{identity}\n")
    sealed = tmp_path / "journal.age"
    ok(run("export", "-o", sealed, "--encrypt-to", str(identity.to_public())))
    other = tmp_path / "other.db"
    ok(run("--db", other, "init", other, db=False))
    fails(run("--db", other, "import", sealed, db=False), 2, "--identity FILE")
    stranger = tmp_path / "stranger.txt"
    stranger.write_text(f"{pyrage.x25519.Identity.generate()}\n")
    fails(run("--db", other, "import", sealed, "--identity", stranger, db=False), 65, "cannot be decrypted")
    fails(run("--db", other, "import", sealed, "--identity", sealed, db=False), 2, "holds no age identity")
    assert "1 new" in ok(run("--db", other, "import", sealed, "--identity", key_file, db=False)).stdout
    assert SECRET in ok(run("--db", other, "list", "--tag", "mentoring", db=False)).stdout


@pytest.mark.catalogue("S478")
def test_a_locked_import_source_is_not_told_to_unlock_this_journal(run, db_path, tmp_path, passphrase_file,
                                                                   monkeypatch):
    foreign = tmp_path / "foreign" / "secret.db"
    ok(run("--db", foreign, "init", "--encrypt", foreign, db=False))
    engine.forget_all()
    monkeypatch.delenv("JOURNAL_PASSPHRASE_FILE")
    monkeypatch.setattr("journal.cli.state.terminal_available", lambda: False)  # a script: nobody to ask
    line = fails(run("import", foreign), 1, "is encrypted", "JOURNAL_PASSPHRASE_FILE")
    assert "unlock" not in line
