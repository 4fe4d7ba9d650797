"""B. Concurrency and C. storage faults (RELIABILITY.md 5.B, 5.C), through the real CLI."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from journal.domain.errors import StorageError
from journal.services import EntryInput, Journal

from .conftest import MARKER, count, healthy, one_clean_line, sha

ROOT = os.geteuid() == 0
SETPRIV = shutil.which("setpriv")
PRLIMIT = shutil.which("prlimit")


def seed(db_path: Path, n: int = 3, body: str = "seed entry") -> None:
    with Journal.open(db_path, create=True) as j:
        for i in range(n):
            j.write(EntryInput(f"{body} {i}"))


def test_b11_two_writers_is_covered_in_unit_tests():
    """B11: two processes x 500 adds lives in tests/unit/test_store.py (not duplicated)."""
    pytest.skip("B11 is tests/unit/test_store.py::test_two_processes_adding_at_once_keep_every_entry")


HOLDER = """
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(30)
"""


def test_b12_writer_blocked_longer_than_the_timeout_says_busy(db_path, proc):
    """B12: another process holds BEGIN IMMEDIATE; `add` gives one 'busy' line, exit 1, no traceback."""
    seed(db_path)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        result = proc("add", f"{MARKER} blocked", env={"JOURNAL_BUSY_TIMEOUT": "0.05"})
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 1
    line = one_clean_line(result.stderr)
    assert "busy" in line and MARKER not in line
    assert count(db_path) == 3 and healthy(db_path)


def _as_nobody_dir() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="journal-nobody-"))
    folder.chmod(0o777)
    return folder


def _nobody(proc, db: Path, *args, input=None):
    prefix = [SETPRIV, "--reuid=65534", "--regid=65534", "--clear-groups"]
    return proc("--db", db, *args, input=input, prefix=prefix,
                env={"HOME": str(db.parent), "XDG_DATA_HOME": str(db.parent / "data"),
                     "XDG_CONFIG_HOME": str(db.parent / "config"), "TMPDIR": str(db.parent)})


def _nobody_can_run_python() -> bool:
    if not (ROOT and SETPRIV):
        return False
    probe = subprocess.run([SETPRIV, "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable,
                            "-c", "import journal.cli"], capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(ROOT, reason="root ignores file modes; see the setpriv variant")
def test_c15_read_only_file(db_path, proc):
    """C15: db file 0444: reads work, a write says read-only, exit 1."""
    seed(db_path)
    db_path.chmod(0o444)
    assert proc("list").returncode == 0
    result = proc("add", "x")
    assert result.returncode == 1 and "read-only" in one_clean_line(result.stderr)


@pytest.mark.skipif(ROOT, reason="root ignores folder modes; see the setpriv variant")
def test_c16_read_only_folder(db_path, proc):
    """C16: the folder 0555: a write gives a clear one-line error, exit 1."""
    seed(db_path)
    db_path.parent.chmod(0o555)
    try:
        result = proc("add", "x")
        assert result.returncode == 1
        one_clean_line(result.stderr)
    finally:
        db_path.parent.chmod(0o700)


@pytest.mark.skipif(not _nobody_can_run_python(), reason="needs root + setpriv and a venv readable by nobody")
def test_c15_read_only_file_as_nobody(db_path, proc):
    """C15 as uid 65534 on a copy in a 0777 folder: reads work, `add` says read-only, exit 1."""
    seed(db_path)
    folder = _as_nobody_dir()
    try:
        db = folder / "journal.db"
        with Journal.open(db_path) as j:
            j.backup(db)
        db.chmod(0o444)
        before = sha(db)
        listed = _nobody(proc, db, "list")
        assert listed.returncode == 0, listed.stderr
        assert b"seed entry" in listed.stdout
        result = _nobody(proc, db, "add", f"{MARKER} read-only")
        assert result.returncode == 1
        line = one_clean_line(result.stderr)
        assert "read-only" in line and MARKER not in line
        assert sha(db) == before
    finally:
        shutil.rmtree(folder)


@pytest.mark.skipif(not _nobody_can_run_python(), reason="needs root + setpriv and a venv readable by nobody")
def test_c16_read_only_folder_as_nobody(db_path, proc):
    """C16 as uid 65534: a writable db in a 0555 folder: one clear line, exit 1, nothing changed."""
    seed(db_path)
    folder = _as_nobody_dir()
    try:
        inner = folder / "ro"
        inner.mkdir()
        db = inner / "journal.db"
        with Journal.open(db_path) as j:
            j.backup(db)
        db.chmod(0o666)
        inner.chmod(0o555)
        before = sha(db)
        result = _nobody(proc, db, "add", f"{MARKER} ro folder")
        assert result.returncode == 1
        line = one_clean_line(result.stderr)
        assert MARKER not in line and ("read-only" in line or "Cannot open" in line), line
        assert sha(db) == before
    finally:
        (folder / "ro").chmod(0o700)
        shutil.rmtree(folder)


def test_c17_wrong_path_creates_nothing(tmp_path, proc):
    """C17: a typo in --db: 'No journal at', exit 1, no file or folder created."""
    typo = tmp_path / "nowhere" / "jornal.db"
    for args in (("add", "hello"), ("list",), ("backup",), ("doctor",)):
        result = proc("--db", typo, *args)
        assert result.returncode == 1, args
        assert "No journal at" in result.stderr.decode() or "no journal at" in result.stdout.decode(), args
        assert "Traceback" not in result.stderr.decode()
    assert not typo.exists() and not typo.parent.exists()


@pytest.mark.parametrize("content", [b"2025-01-01 09:00 A jrnl entry\nhello\n", os.urandom(8192)])
def test_c18_garbage_at_the_path_is_refused_and_untouched(tmp_path, proc, content):
    """C18: plain text or random bytes: 'not a journal', exit 1, file unmodified."""
    target = tmp_path / "notes.db"
    target.write_bytes(content)
    for args in (("add", "x"), ("list",), ("doctor",), ("backup",)):
        result = proc("--db", target, *args)
        assert result.returncode == 1, (args, result.stderr)
        assert "Traceback" not in result.stderr.decode()
    assert "not a journal" in proc("--db", target, "add", "x").stderr.decode()
    assert target.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("notes")) == ["notes.db"]


def _damage(db: Path) -> None:
    pages = db.stat().st_size // 4096
    with open(db, "r+b") as handle:
        handle.seek((pages // 2) * 4096)
        handle.write(os.urandom(4096))


def test_c19_overwritten_page_is_reported_and_not_written(db_path, proc):
    """C19: a page of garbage in the middle: reads that hit it and the day's first write exit 1
    with advice to run doctor; doctor reports it (exit 1); the file is unmodified."""
    seed(db_path, n=150, body="lorem ipsum " * 300)
    shutil.rmtree(db_path.parent / "backups")  # no backup today: the next write checks the file first
    _damage(db_path)
    before = sha(db_path)
    for args in (("search", "lorem"), ("add", f"{MARKER} into a damaged file")):
        result = proc(*args)
        assert result.returncode == 1, (args, result.stderr)
        line = one_clean_line(result.stderr)
        assert "doctor" in line and MARKER not in line
    doctor = proc("doctor")
    assert doctor.returncode == 1 and b"FAIL  quick_check" in doctor.stdout
    assert sha(db_path) == before
    assert not Path(f"{db_path}-wal").exists() or Path(f"{db_path}-wal").stat().st_size == 0


def test_c19_truncated_file(db_path, proc):
    """C19: a file cut in half: exit 1, one line, doctor fails, nothing written."""
    seed(db_path, n=150, body="lorem ipsum " * 300)
    shutil.rmtree(db_path.parent / "backups")
    with open(db_path, "r+b") as handle:
        handle.truncate(db_path.stat().st_size // 2)
    before = sha(db_path)
    result = proc("add", "x")
    assert result.returncode == 1
    one_clean_line(result.stderr)
    assert proc("doctor").returncode == 1
    assert sha(db_path) == before


def test_c20_zero_byte_file_is_not_a_new_journal(db_path, proc):
    """C20: an empty file at the path is 'not a journal' (exit 1), stays empty; `init` makes it one."""
    db_path.parent.mkdir(parents=True)
    db_path.touch()
    for args in (("add", "x"), ("list",), ("doctor",)):
        result = proc(*args)
        assert result.returncode == 1, args
        assert "Traceback" not in result.stderr.decode()
    assert db_path.stat().st_size == 0
    assert proc("init").returncode == 0 and proc("add", "now it is").returncode == 0


def test_c21_disk_full_via_max_page_count_keeps_committed_rows(db_path, clock):
    """C21(c): SQLITE_FULL mid-write: one clear error, earlier rows intact, integrity ok."""
    with Journal.open(db_path, create=True, clock=clock) as j:
        for i in range(5):
            j.write(EntryInput(f"kept {i}"))
        pages = j.conn.execute("PRAGMA page_count").fetchone()[0]
        j.conn.execute(f"PRAGMA max_page_count = {pages + 2}")
        with pytest.raises(StorageError, match="disk space") as info:
            j.write(EntryInput(f"{MARKER} " + "x" * 200_000))
        assert MARKER not in str(info.value)
        assert j.count() == 5
        j.conn.execute("PRAGMA max_page_count = 1073741823")
        j.write(EntryInput("after space was freed"))
    assert count(db_path) == 6 and healthy(db_path)


@pytest.mark.skipif(not PRLIMIT, reason="prlimit not installed")
def test_c21_disk_full_via_prlimit_fsize(db_path, proc):
    """C21(a): `prlimit --fsize` on `journal add`: exit 1, one line, committed rows intact."""
    seed(db_path, n=5)
    limit = db_path.stat().st_size + 64 * 1024
    body = f"{MARKER} " + "y" * 2_000_000
    result = proc("add", input=body, prefix=[PRLIMIT, f"--fsize={limit}"])
    assert result.returncode == 1, result.stderr
    line = one_clean_line(result.stderr)
    assert MARKER not in line and ("disk" in line.lower() or "space" in line.lower())
    assert count(db_path) == 5 and healthy(db_path)
    assert proc("add", "fine again").returncode == 0
