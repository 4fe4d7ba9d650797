"""Opening the journal file and writing to it: the one recipe every process uses.

Rules (docs/RELIABILITY.md, "Storage rules"): WAL with synchronous=FULL, foreign keys on, secure_delete,
a 10 s busy timeout, `mode=rw` URIs so a typo never creates an empty journal, files 0600
in a 0700 folder, and every write inside `write_tx()` which starts `BEGIN IMMEDIATE`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from journal.store import engine
from journal.domain.errors import StorageError
from journal.store import migrations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/ARCHITECTURE.md, start-up)
if TYPE_CHECKING:
    import sqlite3

BUSY_TIMEOUT_S = 10.0
COUNT_CHANGE = "UPDATE meta SET value = value + 1 WHERE key = 'changes'"
"""Run by every write transaction; doctor compares the count with the newest backup's."""


def sync_folder(conn: sqlite3.Connection) -> str | None:
    """The folder this journal synced with last (its sync state), read without the sync code;
    None before its first sync (or in a read-only journal not upgraded to m009)."""
    try:
        row = conn.execute("SELECT value FROM sync_state WHERE key = 'folder'").fetchone()
    except engine.OperationalError:
        return None
    return row[0] if row else None


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


class JournalDamaged(StorageError):
    pass


class JournalBusy(StorageError):
    pass


class WrongKey(StorageError):
    """An encrypted journal the key given does not open (a wrong passphrase)."""


class JournalReadOnly(StorageError):
    """The journal can be read but nothing can be written where it is (catalogue K87)."""


class JournalConnection(engine.Connection):  # type: ignore[misc]  # the engine's class: sqlcipher3 or sqlite3
    """A connection to a journal that knows whether it may write, and why not, and its key."""

    path: Path | None = None
    key: engine.Key | None = None
    """The key it was opened with (an encrypted journal), for the copies made from it."""
    read_only: str | None = None
    """Why nothing can be written ('is on a read-only file system'), or None when writes may work."""
    wrote: bool = False
    """A write transaction committed on it: its statistics are looked at when it closes."""

    def close(self) -> None:
        if self.wrote and not self.in_transaction:  # never inside a transaction left open by a failure
            self.wrote = False
            keep_statistics(self)
        super().close()


ANALYSIS_LIMIT = 400
"""Rows ANALYZE reads per index when `PRAGMA optimize` decides to run it (SQLite's advice: 100-1000),
so a refresh stays in the tens of milliseconds at 100,000 entries."""


def keep_statistics(conn: sqlite3.Connection) -> None:
    """Keep the query planner's statistics (sqlite_stat1) fresh, as SQLite advises for short-lived
    connections: `PRAGMA optimize` as a connection that wrote closes. Almost always a no-op
    (~0.1 ms); it runs a limited ANALYZE of a table only when that table has no statistics yet or
    has grown or shrunk about tenfold since (35-190 ms once at 100,000 entries, after the commit).

    Never in the way: it waits for no other writer (a busy journal keeps its statistics until the
    next close) and a failure is ignored, since statistics only guide plans and the hot queries
    are written to keep their plans with any statistics (tests/unit/test_query_plans.py).
    """
    try:
        conn.execute("PRAGMA busy_timeout=0")
        conn.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        conn.execute("PRAGMA optimize")
    except engine.Error:
        pass


def _uri(path: Path, mode: str) -> str:
    return f"file:{quote(os.fsencode(path))}?mode={mode}"  # the path's own bytes, even if not UTF-8


_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"))


def check_path(path: Path, *, create: bool = False) -> None:
    """Refuse, without opening it, anything at `path` that is not a journal file (catalogue K91).

    Only stat() is used: a device is never written and a FIFO never opened (that would
    block). A missing file is fine when `create`; a dangling link, a link loop or a path
    through a file is never a place to make one.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        _refuse_blocked_ancestor(path)
        if create:
            return
        raise JournalMissing(f"No journal at {path}. {migrations.init_command(path)} to create one.") from None
    except NotADirectoryError:
        _refuse_blocked_ancestor(path)
        raise NotAJournal(f"A part of {path} is a file, not a folder. Check the path; nothing was created.") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotAJournal(f"{path} is a symbolic link loop (it never reaches a file). "
                              "Fix or remove the link; nothing was read or created.") from None
        raise StorageError(f"Cannot reach the journal {path}: {exc.strerror}. "
                           "Check the path and the permissions of its folders.") from None
    if stat.S_ISDIR(info.st_mode):
        raise NotAJournal(f"{path} is a folder, not a journal file. Pass the .db file with --db.")
    for test, kind in _KINDS:
        if test(info.st_mode):
            raise NotAJournal(f"{path} is {kind}, not a journal file; it was left alone. "
                              "Give the path of a journal file with --db (`journal paths` shows the default).")


def _refuse_blocked_ancestor(path: Path) -> None:
    """The first component of a missing `path` that is a dangling link or a file, as one line."""
    for part in [*reversed(path.parents), path]:
        if os.path.islink(part) and not os.path.exists(part):
            raise NotAJournal(f"{part} is a symbolic link to {os.readlink(part)}, which does not exist. "
                              "Fix or remove the link; nothing was read or created.")
        if part != path and os.path.exists(part) and not os.path.isdir(part):
            raise NotAJournal(f"{part} is a file, not a folder, so there is no journal at {path}. "
                              "Check the path; nothing was created.")


def locate(path: Path, *, create: bool = False) -> Path:
    """The journal's real location: `path` checked (`check_path`), then every symbolic link
    resolved, so backups, lock files, scratch files and permission checks sit beside the
    real file and never beside (or on) a link (catalogue K88)."""
    check_path(path, create=create)
    return Path(os.path.realpath(path))


def read_only_reason(path: Path, *, folder: bool = False) -> str | None:
    """Why nothing can be written to the journal at `path`, or None.

    A read-only mount, a file we may not write, or (with `folder`, asked only when SQLite
    could not open the file for writing) a folder where SQLite cannot make its -wal/-shm.
    """
    try:
        if os.statvfs(path).f_flag & os.ST_RDONLY:
            return "is on a read-only file system"
    except OSError:
        pass
    effective = os.access in os.supports_effective_ids
    if not os.access(path, os.W_OK, effective_ids=effective):
        return "is a file you cannot write to"
    if folder and not os.access(path.parent, os.W_OK | os.X_OK, effective_ids=effective):
        return "is in a folder you cannot write to"
    return None


def read_only_error(path: Path | None, reason: str, note: str = "") -> JournalReadOnly:
    where = f"{path} {reason}" if path else f"the journal {reason}"
    return JournalReadOnly(f"Journal is read-only: {where}; {note or 'nothing was saved.'} "
                           "Reading works; to write, make it writable or copy the journal's folder elsewhere.")


def check_writable(conn: sqlite3.Connection, note: str = "") -> None:
    """Raise JournalReadOnly (one line) when `conn` cannot write its journal; `note` says what
    became of the text (default: 'nothing was saved.')."""
    reason = getattr(conn, "read_only", None)
    if reason:
        raise read_only_error(getattr(conn, "path", None), reason, note)


def create_file(path: Path) -> None:
    """Create an empty journal file 0600 in a 0700 folder. One there already is left as it is,
    but for an empty one, about to become a journal: made 0600 first (`touch j.db`, then `journal
    init j.db`, made a journal others could read, S552)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600))
    except FileExistsError:
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            return  # what it is, the open after this says
        try:
            found = os.fstat(fd)
            if stat.S_ISREG(found.st_mode) and found.st_size == 0 and found.st_mode & 0o077:
                os.fchmod(fd, 0o600)
        except OSError:
            pass  # not ours to change: the journal works, and `journal doctor` names its mode
        finally:
            os.close(fd)


def connect(path: Path, *, read_only: bool = False, key: engine.Key | None = None) -> sqlite3.Connection:
    """A connection with the journal's pragmas; the file must already exist.

    A journal where nothing can be written (a read-only mount, file or folder) is opened
    for reading; its connection says why (`JournalConnection.read_only`) and every write
    is refused with one line (`check_writable`, catalogue K87).
    """
    check_path(path)
    if path.stat().st_size == 0 and read_only:
        raise NotAJournal(f"{path} is empty, not a journal. {migrations.init_command(path)} to make it one.")
    conn: JournalConnection | None = None
    try:
        conn = _connect(path, "ro" if read_only else "rw", key)
        reason = None if read_only else read_only_reason(path)
        if reason:
            conn.read_only = reason
        elif not read_only:
            try:
                conn.execute("PRAGMA journal_mode=WAL")
            except engine.OperationalError as exc:
                # A read-only file not yet in WAL mode (a restored backup) can still be read;
                # the first write then fails with the read-only message.
                if "readonly" not in str(exc) and not (exc.sqlite_errorname or "").startswith("SQLITE_READONLY"):
                    raise
        _settle(conn)
    except engine.Error as exc:
        if conn is not None:
            conn.close()
        name, text = getattr(exc, "sqlite_errorname", "") or "", str(exc)
        full = name == "SQLITE_FULL" or "disk is full" in text
        reason = None if read_only or full else read_only_reason(path, folder=True)
        if reason:  # SQLite could not make its -wal/-shm beside the file: open it for reading only
            return _connect_read_only(path, reason)
        if name.startswith("SQLITE_IOERR") or full or "disk I/O" in text:
            # Opening a WAL journal creates its -wal and -shm files: on a full disk even reading fails.
            raise StorageError(f"Cannot open the journal {path}: its disk looks full (SQLite needs a little "
                               "room beside it for the -wal and -shm files). Free some space and try again; "
                               "nothing was changed.") from None
        raise storage_error(exc, path) from None
    return conn


def _connect(path: Path, mode: str, key: engine.Key | None = None) -> JournalConnection:
    """A connection keyed before its first read (an encrypted journal's key: given, or known
    to this process; `engine.Locked` when neither)."""
    new = key is not None and path.stat().st_size == 0
    conn: JournalConnection = engine.connect(  # type: ignore[assignment]  # made by the factory
        _uri(path, mode), path, key=key, new=new, uri=True, timeout=busy_timeout(), isolation_level=None,
        factory=JournalConnection)
    conn.path = path
    conn.key = key if key is not None else engine.key_for(path)
    return conn


def _settle(conn: sqlite3.Connection) -> None:
    """The pragmas of every connection, then one read that fails now if the file cannot be read."""
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA secure_delete=ON")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()


def _connect_read_only(path: Path, reason: str) -> JournalConnection:
    """A WAL journal where SQLite cannot write its -shm (catalogue K87).

    `mode=ro` works when a readable -shm is already there. Otherwise, when no -wal holds
    changes, the file alone is the whole journal and `immutable=1` reads it without any
    -shm; a -wal with changes in it cannot be read that way, and that is said in one line.
    """
    wal = Path(f"{path}-wal")
    attempts = ["ro"]
    if not wal.exists() or wal.stat().st_size == 0:
        attempts.append("ro&immutable=1")
    failure: sqlite3.Error | None = None
    for mode in attempts:
        conn = _connect(path, mode)
        try:
            _settle(conn)
        except engine.Error as exc:
            conn.close()
            failure = exc
            continue
        conn.read_only = reason
        return conn
    assert failure is not None
    name = getattr(failure, "sqlite_errorname", "") or ""
    if name == "SQLITE_CANTOPEN" or "unable to open" in str(failure):
        raise JournalReadOnly(f"Journal is read-only: {path} {reason}, and its -wal file holds changes that "
                              "SQLite cannot read without writing beside it. Copy the journal's folder to a "
                              "writable place and open the copy; nothing was changed.")
    raise storage_error(failure, path)


def open_journal(path: Path, *, create: bool = False, key: engine.Key | None = None) -> sqlite3.Connection:
    """Open (and with `create`, first make) a journal, bringing its schema up to date.

    Raises a StorageError with one line of advice for every way this can fail:
    missing file, not a database, a database that is not a journal, a journal from a
    newer version, a read-only or full disk, a damaged file; `engine.Locked` for an
    encrypted journal whose key this process does not know. A new journal made with `key`
    is encrypted from its first page.
    """
    os.umask(0o077)
    check_path(path, create=create)
    if create:
        create_file(path)
    elif path.stat().st_size == 0:
        raise NotAJournal(f"{path} is empty, not a journal. {migrations.init_command(path)} to make it one.")
    conn = connect(path, key=key)
    try:
        reason = getattr(conn, "read_only", None)
        if reason and _needs_upgrade(conn):
            conn = _upgraded_in_memory(conn, path, reason)
        migrations.bring_up_to_date(conn, path, is_new=create)
    except engine.Error as exc:
        conn.close()
        raise storage_error(exc, path) from None
    except BaseException:
        conn.close()
        raise
    return conn


def _needs_upgrade(conn: sqlite3.Connection) -> bool:
    """A journal of an older schema that this version knows how to bring up to date."""
    applied = migrations.applied_names(conn)
    if not applied or any(name not in migrations.KNOWN for name in applied):
        return False  # not a journal, or a newer one: bring_up_to_date says which
    return any(name not in applied for name in migrations.KNOWN)


def _upgraded_in_memory(conn: sqlite3.Connection, path: Path, reason: str) -> JournalConnection:
    """A read-only journal of an older schema, copied into memory and upgraded there (never on
    disk), so this version can read it; writes stay refused. The given connection is closed."""
    copy: JournalConnection = engine.connect(  # type: ignore[assignment]  # made by the factory
        ":memory:", None, key=engine.key_of(conn), isolation_level=None, factory=JournalConnection)
    try:
        conn.backup(copy)
        copy.execute("PRAGMA foreign_keys=ON")
        migrations._apply(copy)
    except BaseException:
        copy.close()
        raise
    finally:
        conn.close()
    copy.path, copy.read_only = path, reason
    return copy


@contextlib.contextmanager
def write_tx(conn: sqlite3.Connection, retries: int = 2) -> Iterator[sqlite3.Connection]:
    """One write transaction: BEGIN IMMEDIATE (retried while busy), commit, or roll back.

    A journal opened read-only (`JournalConnection.read_only`) is refused before anything starts.
    """
    check_writable(conn)
    for attempt in range(retries):
        try:
            conn.execute("BEGIN IMMEDIATE")
            break
        except engine.OperationalError as exc:
            if _is_busy(exc) and attempt < retries - 1:
                time.sleep(0.05 * 2**attempt)
                continue
            raise storage_error(exc) from None
    try:
        yield conn
        conn.execute(COUNT_CHANGE)
        conn.execute("COMMIT")
        if isinstance(conn, JournalConnection):
            conn.wrote = True
    except BaseException as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(exc, engine.Error) and not isinstance(exc, engine.IntegrityError):
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
        return JournalBusy("Journal is busy (open in another window?): nothing was written. Try again in a moment.")
    if name == "SQLITE_READONLY_DBMOVED":  # the file was replaced under this command (S509)
        return StorageError(f"The journal{where} was replaced while this command ran (by an encrypt, a decrypt "
                            "or a restore); nothing was written. Run the command again.")
    if name.startswith("SQLITE_READONLY") or "readonly" in text:
        return StorageError(f"Journal is read-only{':' + where if where else ''}. "
                            "Check the file and folder permissions.")
    if name == "SQLITE_FULL" or "disk is full" in text:
        return StorageError("Not enough disk space to save. Free some space and try again; nothing was written.")
    if (name == "SQLITE_NOTADB" or "not a database" in text) and path is not None and engine.is_encrypted(path):
        return WrongKey(f"The passphrase (or remembered key) does not open {path}; nothing was changed. "
                        "Try again, or `journal lock` to forget a remembered key.")
    if name == "SQLITE_NOTADB" or "not a database" in text:
        return NotAJournal(f"{path or 'The file'} is not a journal database. "
                           "If it is a jrnl text file, use `journal import`.")
    if name.startswith("SQLITE_CORRUPT") or "malformed" in text:
        return JournalDamaged(f"The journal{where} is damaged. Run `journal doctor` and restore a backup.")
    if name == "SQLITE_CANTOPEN" or "unable to open" in text:
        if path is not None and path.exists():  # it is there: `journal init` is not the next step
            return StorageError(f"Cannot open the journal {path}. Check the permissions of the file and its "
                                "folder (`journal doctor` lists them).")
        return JournalMissing(f"Cannot open the journal{where}. Check the path, or run `journal init`.")
    if name.startswith("SQLITE_IOERR") or "disk I/O error" in text:
        return StorageError("Disk error while saving (is the disk full?). Nothing was written; try again.")
    return StorageError(f"Journal storage error ({name or type(exc).__name__}). Run `journal doctor`.")


def backup_to(conn: sqlite3.Connection, target: Path, *, close_source: bool = False) -> Path:
    """Copy the live journal to `target` through the SQLite backup API, 0600, atomically.

    The copy is one step (`backup_step(-1)`): one read transaction, so it is one consistent
    snapshot, and in WAL mode writers go on meanwhile (a stepped copy would start over at
    every write another connection commits, and might never end on a busy journal). A write
    that commits during the copy is in the journal, and in the next backup. With
    `close_source` the connection is closed as soon as the pages are copied, before the
    copy is checked (the daily backup's own connection: the journal is let go at once)."""
    if target.exists() and not target.is_symlink() and not target.is_file():
        # A device (/dev/full), pipe or socket: the temp-and-rename would replace the node itself.
        raise StorageError(f"Cannot back up to {target}: it is not a regular file. "
                           "Give a file or folder name; nothing was written.")
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    remove_with_side_files(tmp)  # left by a backup that was killed
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600))
    try:
        dest = engine.connect(_uri(tmp, "rw"), tmp, key=engine.key_of(conn), new=True,  # keeps the journal's key
                              uri=True)
        try:
            try:
                conn.backup(dest)
            finally:
                if close_source:
                    conn.close()
            # The copy inherits WAL mode from the journal's header; a backup is one self-contained file.
            dest.execute("PRAGMA journal_mode=DELETE")
            ok = dest.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            dest.close()
        if not ok:
            # the copy is the journal's pages: the journal itself is damaged, and no copy was kept (S398)
            raise StorageError("No backup was made: the copy of the journal failed its integrity check, so the "
                               "journal itself is damaged. Run `journal doctor` and restore a backup.")
        fsync_path(tmp)
        os.replace(tmp, target)
        fsync_path(target.parent)  # make the rename itself durable
    except BaseException:
        remove_with_side_files(tmp)
        raise
    return target


def fsync_path(path: Path) -> None:
    """Flush a file, or a folder's entries (a rename in it), to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_with_side_files(path: Path) -> None:
    """`path` and its side files, those that are there: on a read-only mount unlinking a file
    that is not there fails too (EROFS, not "missing"), before any message could say so (S291)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        side = Path(f"{path}{suffix}")
        if os.path.lexists(side):
            side.unlink(missing_ok=True)


def data_version(conn: sqlite3.Connection) -> int:
    """A number that changes whenever another connection commits (for refreshing views)."""
    version: int = conn.execute("PRAGMA data_version").fetchone()[0]
    return version


def open_for_inspection(path: Path) -> sqlite3.Connection:
    """A read-only connection that cannot write anything (immutable when there is no WAL)."""
    immutable = "" if Path(f"{path}-wal").exists() else "&immutable=1"
    conn: JournalConnection = engine.connect(  # type: ignore[assignment]  # made by the factory
        f"file:{quote(os.fsencode(path))}?mode=ro{immutable}", path, uri=True, isolation_level=None, timeout=2.0,
        factory=JournalConnection)
    conn.path, conn.key = path, engine.key_for(path)
    conn.execute("PRAGMA trusted_schema=OFF")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn
