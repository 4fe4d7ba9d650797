"""Opening the journal file and writing to it: the one recipe every process uses.

Rules (docs/RELIABILITY.md, "Storage rules"): WAL with synchronous=FULL, foreign keys on, secure_delete,
a 10 s busy timeout, `mode=rw` URIs so a typo never creates an empty journal, files 0600
in a 0700 folder, and every write inside `write_tx()` which starts `BEGIN IMMEDIATE`.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from journal.domain.errors import StorageError
from journal.store import migrations

BUSY_TIMEOUT_S = 10.0
COUNT_CHANGE = "UPDATE meta SET value = value + 1 WHERE key = 'changes'"
"""Run by every write transaction; doctor compares the count with the newest backup's."""


def busy_timeout() -> float:
    """Seconds to wait for another writer: 10, or $JOURNAL_BUSY_TIMEOUT (tests, slow disks)."""
    try:
        value = float(os.environ.get("JOURNAL_BUSY_TIMEOUT", BUSY_TIMEOUT_S))
    except ValueError:
        return BUSY_TIMEOUT_S
    return value if 0 <= value <= 600 else BUSY_TIMEOUT_S


class JournalMissing(StorageError):
    pass


class NotAJournal(StorageError):
    pass


class JournalBusy(StorageError):
    pass


def _uri(path: Path, mode: str) -> str:
    return f"file:{quote(str(path))}?mode={mode}"


def create_file(path: Path) -> None:
    """Create an empty journal file 0600 in a 0700 folder (no-op if it exists)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600))
    except FileExistsError:
        pass


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection with the journal's pragmas; the file must already exist."""
    if not path.exists():
        raise JournalMissing(f"No journal at {path}. Run `journal init {path}` to create one.")
    if path.is_dir():
        raise NotAJournal(f"{path} is a folder, not a journal file. Pass the .db file with --db.")
    if path.stat().st_size == 0 and read_only:
        raise NotAJournal(f"{path} is empty, not a journal. Run `journal init {path}` to make it one.")
    try:
        conn = sqlite3.connect(
            _uri(path, "ro" if read_only else "rw"),
            uri=True,
            timeout=busy_timeout(),
            isolation_level=None,
        )
        if not read_only:
            try:
                conn.execute("PRAGMA journal_mode=WAL")
            except sqlite3.OperationalError as exc:
                # A read-only file not yet in WAL mode (a restored backup) can still be read;
                # the first write then fails with the read-only message.
                if "readonly" not in str(exc) and not (exc.sqlite_errorname or "").startswith("SQLITE_READONLY"):
                    raise
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA secure_delete=ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        name, text = getattr(exc, "sqlite_errorname", "") or "", str(exc)
        if name.startswith("SQLITE_IOERR") or name == "SQLITE_FULL" or "disk I/O" in text or "disk is full" in text:
            # Opening a WAL journal creates its -wal and -shm files: on a full disk even reading fails.
            raise StorageError(f"Cannot open the journal {path}: its disk looks full (SQLite needs a little "
                               "room beside it for the -wal and -shm files). Free some space and try again; "
                               "nothing was changed.") from None
        raise storage_error(exc, path) from None
    return conn


def open_journal(path: Path, *, create: bool = False) -> sqlite3.Connection:
    """Open (and with `create`, first make) a journal, bringing its schema up to date.

    Raises a StorageError with one line of advice for every way this can fail:
    missing file, not a database, a database that is not a journal, a journal from a
    newer version, a read-only or full disk, a damaged file.
    """
    os.umask(0o077)
    if create:
        create_file(path)
    elif path.exists() and path.is_file() and path.stat().st_size == 0:
        raise NotAJournal(f"{path} is empty, not a journal. Run `journal init {path}` to make it one.")
    conn = connect(path)
    try:
        migrations.bring_up_to_date(conn, path, is_new=create)
    except sqlite3.Error as exc:
        conn.close()
        raise storage_error(exc, path) from None
    except BaseException:
        conn.close()
        raise
    return conn


@contextlib.contextmanager
def write_tx(conn: sqlite3.Connection, retries: int = 2) -> Iterator[sqlite3.Connection]:
    """One write transaction: BEGIN IMMEDIATE (retried while busy), commit, or roll back."""
    for attempt in range(retries):
        try:
            conn.execute("BEGIN IMMEDIATE")
            break
        except sqlite3.OperationalError as exc:
            if _is_busy(exc) and attempt < retries - 1:
                time.sleep(0.05 * 2**attempt)
                continue
            raise storage_error(exc) from None
    try:
        yield conn
        conn.execute(COUNT_CHANGE)
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error) and not isinstance(exc, sqlite3.IntegrityError):
            raise storage_error(exc) from None
        raise


def _is_busy(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(exc)


def storage_error(exc: sqlite3.Error, path: Path | None = None) -> StorageError:
    """Translate a sqlite3 error into one line a person can act on."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    where = f" {path}" if path else ""
    text = str(exc)
    if _is_busy(exc):
        return JournalBusy("Journal is busy (open in another window?). Try again in a moment.")
    if name.startswith("SQLITE_READONLY") or "readonly" in text:
        return StorageError(f"Journal is read-only:{where or ' check the file permissions'}. "
                            "Check the file and folder permissions.")
    if name == "SQLITE_FULL" or "disk is full" in text:
        return StorageError("Not enough disk space to save. Free some space and try again; nothing was written.")
    if name == "SQLITE_NOTADB" or "not a database" in text:
        return NotAJournal(f"{path or 'The file'} is not a journal database. "
                           "If it is a jrnl text file, use `journal import`.")
    if name.startswith("SQLITE_CORRUPT") or "malformed" in text:
        return StorageError(f"The journal{where} is damaged. Run `journal doctor` and restore a backup.")
    if name == "SQLITE_CANTOPEN" or "unable to open" in text:
        return JournalMissing(f"Cannot open the journal{where}. Check the path, or run `journal init`.")
    if name.startswith("SQLITE_IOERR") or "disk I/O error" in text:
        return StorageError("Disk error while saving (is the disk full?). Nothing was written; try again.")
    return StorageError(f"Journal storage error ({name or type(exc).__name__}). Run `journal doctor`.")


def backup_to(conn: sqlite3.Connection, target: Path) -> Path:
    """Copy the live journal to `target` through the SQLite backup API, 0600, atomically."""
    if target.exists() and not target.is_symlink() and not target.is_file():
        # A device (/dev/full), pipe or socket: the temp-and-rename would replace the node itself.
        raise StorageError(f"Cannot back up to {target}: it is not a regular file. "
                           "Give a file or folder name; nothing was written.")
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    _remove_with_side_files(tmp)  # left by a backup that was killed
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600))
    try:
        dest = sqlite3.connect(tmp)
        try:
            conn.backup(dest)
            # The copy inherits WAL mode from the journal's header; a backup is one self-contained file.
            dest.execute("PRAGMA journal_mode=DELETE")
            ok = dest.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            dest.close()
        if not ok:
            raise StorageError(f"The backup at {target} failed its integrity check; the journal is unchanged.")
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)  # make the rename itself durable
        finally:
            os.close(folder)
    except BaseException:
        _remove_with_side_files(tmp)
        raise
    return target


def _remove_with_side_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def data_version(conn: sqlite3.Connection) -> int:
    """A number that changes whenever another connection commits (for refreshing views)."""
    version: int = conn.execute("PRAGMA data_version").fetchone()[0]
    return version


def open_for_inspection(path: Path) -> sqlite3.Connection:
    """A read-only connection that cannot write anything (immutable when there is no WAL)."""
    immutable = "" if Path(f"{path}-wal").exists() else "&immutable=1"
    conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro{immutable}", uri=True, isolation_level=None,
                           timeout=2.0)
    conn.execute("PRAGMA trusted_schema=OFF")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn
