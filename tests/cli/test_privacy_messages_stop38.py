"""What the encryption commands say (catalogue S336, S337, S338, S340)."""

from __future__ import annotations

import sys

import pytest

from journal.store import engine
from tests.cli.expect import fails, ok

pytestmark = pytest.mark.skipif(not engine.ENCRYPTION, reason="sqlcipher3 is not installed")


@pytest.mark.catalogue("S336")
def test_a_passphrase_that_is_not_utf8_is_said_in_one_line(run, tmp_path, monkeypatch):
    key = tmp_path / "key.bin"
    key.write_bytes(b"pass\xff\xfeword\n")
    key.chmod(0o600)
    monkeypatch.setenv("JOURNAL_PASSPHRASE_FILE", str(key))
    line = fails(run("--db", tmp_path / "j" / "j.db", "init", "--encrypt", db=False), 2,
                 "JOURNAL_PASSPHRASE_FILE: the passphrase read is not UTF-8 text")
    assert "internal error" not in line
    monkeypatch.delenv("JOURNAL_PASSPHRASE_FILE")
    with key.open("rb") as handle:
        monkeypatch.setenv("JOURNAL_PASSPHRASE_FD", str(handle.fileno()))
        fails(run("--db", tmp_path / "j" / "j.db", "init", "--encrypt", db=False), 2,
              "JOURNAL_PASSPHRASE_FD: the passphrase read is not UTF-8 text")
    import os

    folder = os.open(tmp_path, os.O_RDONLY)
    try:
        monkeypatch.setenv("JOURNAL_PASSPHRASE_FD", str(folder))
        fails(run("--db", tmp_path / "j" / "j.db", "init", "--encrypt", db=False), 2, "is a folder")
    finally:
        os.close(folder)


@pytest.mark.catalogue("S337")
def test_decrypt_takes_a_backup_first(run, db_path, passphrase_file):
    ok(run("add", "words"))
    ok(run("encrypt"))
    backups = db_path.parent / "backups"
    before = set(backups.iterdir())
    engine.forget_all()
    said = ok(run("decrypt", "--yes"))
    assert "a backup was taken first" in said.stderr
    made = set(backups.iterdir()) - before
    assert len(made) == 1 and not engine.is_encrypted(made.pop())


def _failed_editor(tmp_path, monkeypatch):
    script = tmp_path / "failing_editor.py"
    script.write_text("import sys\nopen(sys.argv[1], 'a').write('candid words about my mentor')\nsys.exit(3)\n")
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    monkeypatch.setattr("journal.cli.editor.stdin_is_terminal", lambda: True)


@pytest.mark.catalogue("S338")
def test_encrypt_names_the_plain_editor_text_left_beside_the_journal(run, db_path, tmp_path, monkeypatch,
                                                                     passphrase_file):
    _failed_editor(tmp_path, monkeypatch)
    fails(run("add"), 1, "kept in")
    [kept] = db_path.parent.glob(".journal-edit-*.md")
    said = ok(run("encrypt"))
    assert "1 file(s) of text typed in $EDITOR and never saved, beside the journal, are not encrypted" in said.stderr
    assert str(kept) in said.stderr and "candid" not in said.stderr
    assert kept.exists()  # the person's words: named, never deleted
    assert "unsaved $EDITOR text beside it is not" in ok(run("paths")).stdout
    kept.unlink()
    assert "unsaved" not in ok(run("paths")).stdout


@pytest.mark.catalogue("S338")
def test_doctor_names_editor_text_kept_in_the_runtime_folder(run, tmp_path, monkeypatch):
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    (runtime / ".journal-edit-abc123de.md").write_text("words")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    said = run("doctor")
    assert "editor: 1 file(s) of text typed in the editor" in said.stdout
    assert str(runtime / ".journal-edit-abc123de.md") in said.stdout


@pytest.mark.catalogue("S340")
def test_encrypt_speaks_of_sync_files_only_for_a_journal_that_synced(run, db_path, tmp_path, passphrase_file):
    other = tmp_path / "other" / "o.db"
    ok(run("--db", other, "init", db=False))
    ok(run("--db", other, "add", "elsewhere", db=False))
    ok(run("--db", other, "sync", tmp_path / "folder", db=False))  # sets the config's sync folder
    ok(run("add", "words"))
    assert "sync folder" not in ok(run("encrypt")).stderr
    engine.forget_all()
    assert "Its plain change files leave the sync folder" in ok(run("--db", other, "encrypt", db=False)).stderr
