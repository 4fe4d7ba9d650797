"""B. Concurrency and C. storage faults (docs/RELIABILITY.md, catalogue B and C), through the real CLI."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from journal.store import engine
from journal.domain.errors import StorageError
from journal.services import EntryInput, Journal

from .conftest import ITERATIONS, MARKER, count, healthy, one_clean_line, sha

ROOT = os.geteuid() == 0
SETPRIV = shutil.which("setpriv")
PRLIMIT = shutil.which("prlimit")


def seed(db_path: Path, n: int = 3, body: str = "seed entry") -> None:
    with Journal.open(db_path, create=True) as j:
        for i in range(n):
            j.entries.write(EntryInput(f"{body} {i}"))


HOLDER = """
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(30)
"""


@pytest.mark.catalogue("B12")
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


@pytest.mark.catalogue("C15")
@pytest.mark.skipif(ROOT, reason="root ignores file modes; see the setpriv variant")
def test_c15_read_only_file(db_path, proc):
    """C15: db file 0444: reads work, a write says read-only, exit 1."""
    seed(db_path)
    db_path.chmod(0o444)
    assert proc("list").returncode == 0
    result = proc("add", "x")
    assert result.returncode == 1 and "read-only" in one_clean_line(result.stderr)


@pytest.mark.catalogue("C16")
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


@pytest.mark.catalogue("C15")
@pytest.mark.skipif(not _nobody_can_run_python(), reason="needs root + setpriv and a venv readable by nobody")
def test_c15_read_only_file_as_nobody(db_path, proc):
    """C15 as uid 65534 on a copy in a 0777 folder: reads work, `add` says read-only, exit 1."""
    seed(db_path)
    folder = _as_nobody_dir()
    try:
        db = folder / "journal.db"
        with Journal.open(db_path) as j:
            j.upkeep.backup(db)
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


@pytest.mark.catalogue("C16")
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
            j.upkeep.backup(db)
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


@pytest.mark.catalogue("C17")
def test_c17_wrong_path_creates_nothing(tmp_path, proc):
    """C17: a typo in --db: 'No journal at', exit 1, no file or folder created."""
    typo = tmp_path / "nowhere" / "jornal.db"
    for args in (("add", "hello"), ("list",), ("backup",), ("doctor",)):
        result = proc("--db", typo, *args)
        assert result.returncode == 1, args
        assert "No journal at" in result.stderr.decode() or "no journal at" in result.stdout.decode(), args
        assert "Traceback" not in result.stderr.decode()
    assert not typo.exists() and not typo.parent.exists()


@pytest.mark.catalogue("C18")
@pytest.mark.parametrize("content", [b"2025-01-01 09:00 A jrnl entry\nhello\n", os.urandom(8192)],
                         ids=["jrnl-text", "random-bytes"])
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
    """Garbage over the middle one of the pages that hold entry text (so `search` reads it,
    whatever the schema's layout of the other pages)."""
    data = db.read_bytes()
    pages = [n for n in range(len(data) // 4096) if b"lorem ipsum lorem" in data[n * 4096:(n + 1) * 4096]]
    with open(db, "r+b") as handle:
        handle.seek(pages[len(pages) // 2] * 4096)
        handle.write(os.urandom(4096))


@pytest.mark.catalogue("C19")
def test_c19_overwritten_page_is_reported_and_not_written(db_path, proc):
    """C19: a page of garbage in the middle: reads that hit it exit 1 with advice to run doctor.
    The day's first write (it does not touch that page) is saved, and its daily backup, made after
    the commit, finds the damage: no copy is kept, and from then on every write exits 1 in one line
    pointing to doctor, the file unmodified; doctor fails quick_check and says what the backup found."""
    from journal.store import backups

    seed(db_path, n=150, body="lorem ipsum " * 300)
    shutil.rmtree(db_path.parent / "backups")  # no backup today: the next write is followed by one
    _damage(db_path)
    result = proc("search", "lorem")
    assert result.returncode == 1 and "doctor" in one_clean_line(result.stderr)
    assert proc("add", "the day's first write").returncode == 0
    backups.wait(db_path)  # the daily backup (here or in its own process) has ended
    assert backups.backups(db_path) == []  # a damaged journal's copy is never kept
    before = sha(db_path)
    for _ in range(2):
        result = proc("add", f"{MARKER} into a damaged file")
        assert result.returncode == 1, result.stderr
        line = one_clean_line(result.stderr)
        assert "damaged" in line and "doctor" in line and MARKER not in line
        backups.wait(db_path)  # each refusal checks again (a false alarm would clear itself)
    doctor = proc("doctor")
    assert doctor.returncode == 1 and b"FAIL  quick_check" in doctor.stdout
    assert b"FAIL  daily backup: the daily backup of " in doctor.stdout
    assert b"found the journal damaged" in doctor.stdout
    assert sha(db_path) == before
    assert not Path(f"{db_path}-wal").exists() or Path(f"{db_path}-wal").stat().st_size == 0


@pytest.mark.catalogue("C19")
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


@pytest.mark.catalogue("C20")
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


@pytest.mark.catalogue("C21")
def test_c21_disk_full_via_max_page_count_keeps_committed_rows(db_path, clock):
    """C21(c): SQLITE_FULL mid-write: one clear error, earlier rows intact, integrity ok."""
    with Journal.open(db_path, create=True, clock=clock) as j:
        for i in range(5):
            j.entries.write(EntryInput(f"kept {i}"))
        pages = j.conn.execute("PRAGMA page_count").fetchone()[0]
        j.conn.execute(f"PRAGMA max_page_count = {pages + 2}")
        with pytest.raises(StorageError, match="disk space") as info:
            j.entries.write(EntryInput(f"{MARKER} " + "x" * 200_000))
        assert MARKER not in str(info.value)
        assert j.entries.count() == 5
        j.conn.execute("PRAGMA max_page_count = 1073741823")
        j.entries.write(EntryInput("after space was freed"))
    assert count(db_path) == 6 and healthy(db_path)


@pytest.mark.catalogue("C21")
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


CHILDREN = Path(__file__).with_name("children")


@pytest.mark.catalogue("B14")
def test_b14_long_reader_does_not_block_writers_and_the_wal_checkpoints_after(db_path, proc):
    """B14: a reader holds a read transaction (as the TUI would) while N `journal add` processes
    write (N=50; 1,000 with JOURNAL_RELIABILITY_ITERATIONS): every add succeeds, the reader keeps
    its snapshot and the WAL cannot be folded in past it; once the reader ends a PASSIVE checkpoint
    completes (busy=0, every frame checkpointed) and its next transaction sees every row.
    (The TUI's own refresh: tests/tui/test_tui_app.py::test_refreshes_when_another_process_writes.)"""
    n = 1000 if ITERATIONS else 50
    seed(db_path, n=5)
    reader = engine.driver.connect(f"file:{db_path}?mode=rw", uri=True, isolation_level=None)  # a TUI-like connection
    try:
        reader.execute("BEGIN")
        assert reader.execute("SELECT count(*) FROM entries").fetchone()[0] == 5

        def add(i: int) -> subprocess.CompletedProcess:
            return proc("add", f"written while a reader waits {i}", "-l", "insight")

        with ThreadPoolExecutor(max_workers=2) as pool:  # two writers at a time, as well
            results = list(pool.map(add, range(n)))
        failed = [(r.returncode, r.stderr) for r in results if r.returncode != 0]
        assert not failed, failed[:3]
        assert reader.execute("SELECT count(*) FROM entries").fetchone()[0] == 5  # its snapshot
        other = engine.driver.connect(db_path, isolation_level=None)
        try:
            busy, frames, done = other.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            assert busy == 0 and frames > 0 and done < frames, (busy, frames, done)  # held back by the reader
        finally:
            other.close()
        reader.execute("COMMIT")

        busy, frames, done = reader.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        assert (busy, done) == (0, frames), (busy, frames, done)
        reader.execute("BEGIN")
        assert reader.execute("SELECT count(*) FROM entries").fetchone()[0] == 5 + n
        assert reader.execute("SELECT count(*) FROM entries WHERE body LIKE 'written while a reader waits %'"
                              ).fetchone()[0] == n
        reader.execute("COMMIT")
    finally:
        reader.close()
    assert healthy(db_path)


def _unshare_works() -> bool:
    unshare = shutil.which("unshare")
    return bool(unshare) and subprocess.run([unshare, "-rm", "true"], capture_output=True).returncode == 0


@pytest.mark.catalogue("C21")
@pytest.mark.skipif(not _unshare_works(), reason="`unshare -rm` is not allowed here (user namespaces off)")
def test_c21_disk_full_on_a_1m_tmpfs(tmp_path, proc):
    """C21(b): a journal on a 1 MB tmpfs (private mount namespace): `journal add` until the disk
    is full fails with exit 1 and one clean line without the entry text; the earlier rows are
    intact (integrity ok); `journal export -o` and `journal backup` onto the full disk fail the
    same way and leave no file behind."""
    mount, out = tmp_path / "full", tmp_path / "out"
    mount.mkdir()
    out.mkdir()
    env = {**proc.env, "JOURNAL_DB": str(mount / "journal" / "journal.db"), "MARKER": MARKER,
           "XDG_DATA_HOME": str(mount / "data")}
    driver = subprocess.run(["unshare", "-rm", sys.executable, str(CHILDREN / "full_tmpfs.py"), str(mount),
                             str(out), "30000"], env=env, capture_output=True, timeout=300)
    assert driver.returncode == 0, driver.stderr.decode()
    report = json.loads(driver.stdout)
    if "skip" in report:
        pytest.skip(report["skip"])
    assert report["init"]["rc"] == 0, report["init"]
    *saved, failed = report["adds"]
    assert saved and all(a["rc"] == 0 for a in saved)
    assert failed["rc"] == 1, failed
    line = one_clean_line(failed["stderr"])
    assert MARKER not in line and ("disk" in line.lower() or "space" in line.lower()), line

    for stage in ("after-add", "end"):
        copy = out / stage / "journal.db"
        assert healthy(copy) and count(copy) == len(saved), stage
        conn = engine.driver.connect(copy)
        try:
            bodies = sorted(r[0][len(MARKER) + 1:].split(" x")[0] for r in conn.execute("SELECT body FROM entries"))
        finally:
            conn.close()
        assert bodies == sorted(f"entry {i}" for i in range(len(saved)))

    for step, listing, name in (("export", "after_export", "out.json"), ("backup_file", "after_backup_file", "copy.db"),
                                ("backup_default", "after_backup_default", None)):
        result = report[step]
        assert result["rc"] == 1, (step, result)
        line = one_clean_line(result["stderr"])
        assert MARKER not in line and ("space" in line or "full" in line), (step, line)
        assert set(report[listing]) == set(report["after_add"]), (step, report[listing])  # no new file, not even a temp
        if name:
            assert name not in report[listing]

    opened = report["open_when_full"]  # what starting the TUI or any command meets on a full disk
    assert opened["rc"] == 1, opened
    line = one_clean_line(opened["stderr"])
    assert "Cannot open the journal" in line and "full" in line and "nothing was changed" in line, line


@pytest.mark.catalogue("C21")
def test_c21_backup_onto_dev_full_is_refused_in_one_line(db_path, proc, tmp_path):
    """C21(d): `journal backup /dev/full`: exit 1, one clean line, the device is left a device and
    the journal untouched. (`journal export -o /dev/full` is tests/io/test_io_json_roundtrip.py::
    test_export_failures_are_one_line_exit_1_and_leave_nothing.) As root, /dev is writable and a
    regression would replace the machine's /dev/full, so root uses a twin node (char 1,7) in tmp_path."""
    seed(db_path)
    target = Path("/dev/full")
    if ROOT:
        target = tmp_path / "full"
        try:
            os.mknod(target, stat.S_IFCHR | 0o666, os.makedev(1, 7))
        except OSError as exc:
            pytest.skip(f"cannot make a /dev/full twin here: {exc}")
    before = sha(db_path)
    result = proc("backup", target)
    assert result.returncode == 1, result.stderr
    line = one_clean_line(result.stderr)
    assert "not a regular file" in line
    assert stat.S_ISCHR(os.lstat(target).st_mode)
    assert not [p for p in target.parent.iterdir() if p.name.startswith("full.tmp")]
    assert sha(db_path) == before and count(db_path) == 3 and healthy(db_path)
    exported = proc("export", "-o", target)  # the same device takes an export, which fails on write
    assert exported.returncode == 1 and "no space left" in one_clean_line(exported.stderr)


@pytest.mark.catalogue("C21")
def test_c21_backup_that_cannot_be_created_is_one_line_not_an_internal_error(db_path, proc, tmp_path):
    """C21, the OSError side of `journal backup FILE` (was exit 70 "internal error"): a target whose
    folder cannot exist (a part of the path is a file) is exit 1 with one clean line."""
    seed(db_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file")
    result = proc("backup", blocker / "copy.db")
    assert result.returncode == 1, result.stderr
    line = one_clean_line(result.stderr)
    assert line.startswith("journal: Cannot write the backup") and "not a folder" in line, line
    assert blocker.read_text() == "a file" and count(db_path) == 3
