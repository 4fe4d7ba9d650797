"""Restoring a backup over the journal.

Restore replaces the file atomically (temp file next to it, fsync, `os.replace`) and only
after proving that no other connection has the journal open: switching the current file
from WAL to rollback-journal mode needs exclusive access, so if `PRAGMA journal_mode=DELETE`
does not succeed another window still has it and restore refuses. That switch also makes
SQLite itself checkpoint and delete the `-wal`/`-shm` files, so no stale WAL can be
replayed into the restored file. The exclusive lock is held until the rename is done.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from journal.store import engine
from journal.domain.errors import StorageError
from journal.store import in_use, migrations
from journal.store.db import backup_to, fsync_path, open_for_inspection, remove_with_side_files, storage_error
from journal.store.backups import SIDE_FILES, STAMP, raise_count_above_backups, wait


def verify_backup(source: Path) -> int:
    """Check that `source` is a sound journal this version can read; returns its entry count."""
    if not source.is_file():
        raise StorageError(f"No backup at {source}. Check the path.")
    if source.stat().st_size == 0:
        raise StorageError(f"{source} is empty, not a journal backup. Nothing was changed.")
    try:
        conn = open_for_inspection(source)
    except engine.Error as exc:
        reason = getattr(exc, "sqlite_errorname", "") or exc
        raise StorageError(f"{source} is not a journal backup ({reason}). Nothing was changed.") from None
    try:
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise StorageError(f"The backup {source} is damaged (integrity_check failed). Nothing was changed.")
        applied = migrations.applied_names(conn)
        if not applied:
            raise StorageError(f"{source} is a SQLite file but not a journal backup. Nothing was changed.")
        unknown = [n for n in applied if n not in migrations.KNOWN]
        if unknown:
            raise StorageError(f"{source} was written by a newer Threefold ({unknown[-1]}). "
                               "Upgrade first; nothing was changed.")
        count: int = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        return count
    except engine.Error as exc:
        raise StorageError(f"The backup {source} is damaged ({exc}). Nothing was changed.") from None
    finally:
        conn.close()


def changes(path: Path) -> tuple[int, str | None]:
    """What the journal at `path` holds, read-only: its entries (the trash's too, as
    `verify_backup` counts them) and the newest change of one (ISO, UTC)."""
    conn = open_for_inspection(path)
    try:
        count, last = conn.execute("SELECT count(*), max(updated_at) FROM entries").fetchone()
        return count, last
    finally:
        conn.close()


RECORDS = ("goals", "milestones", "mentorships", "practice")
"""Tables of what is not an entry (goals, their milestones, mentorships, the vision, profile and
shortlists), compared by id and time of change."""


def left_behind(journal: Path, backup: Path) -> tuple[int, int, int]:
    """What of the journal a restore of `backup` would leave only in its .pre-restore copy:
    its entries the backup lacks or holds in an older version (by id: counted by time alone,
    entries imported with their own older times, or written in the backup's last second, were
    not: S395), its drafts the backup does not hold (unsaved text), and its goals, milestones,
    mentorships and practice documents made or changed since (S343)."""
    here, there = open_for_inspection(journal), open_for_inspection(backup)
    try:
        held = {tuple(row) for row in _rows(there, "SELECT entry_id, body FROM drafts")}
        drafts = sum(1 for row in here.execute("SELECT entry_id, body FROM drafts") if tuple(row) not in held)
        entries = _newer_here(here, there, "entries")
        return entries, drafts, sum(_newer_here(here, there, table) for table in RECORDS)
    finally:
        here.close()
        there.close()


def _newer_here(here: sqlite3.Connection, there: sqlite3.Connection, table: str) -> int:
    """Rows of `table` the backup lacks, or holds in an older version (by time of change; a
    backup made before rows had one: by id alone)."""
    sql = f"SELECT id, coalesce(updated_at, created_at) FROM {table}"
    theirs: dict[object, str | None] = {row[0]: str(row[1] or "") for row in _rows(there, sql)}
    if not theirs:  # a table empty there, or one from before rows had a time of change
        theirs = {row[0]: None for row in _rows(there, f"SELECT id FROM {table}")}
    count = 0
    for row_id, changed in here.execute(sql):
        held = theirs.get(row_id, "")
        count += row_id not in theirs or (held is not None and str(changed or "") > held)
    return count


def _rows(conn: sqlite3.Connection, sql: str) -> list[tuple[object, ...]]:
    """The rows of `sql`, none when the file predates that table or column."""
    try:
        return [tuple(row) for row in conn.execute(sql)]
    except engine.Error:
        return []


def restore(source: Path, db: Path, now: datetime) -> Path | None:
    """Replace the journal at `db` with the backup `source`; returns where the old one was kept.

    The caller must not hold a connection to `db`. Steps: verify the backup; copy it
    (backup API) to a temp file beside `db` and check it; keep the current journal as
    `<db>.pre-restore-<stamp>` (backup API; a raw copy if the current file is damaged);
    take exclusive access (journal_mode=DELETE, then BEGIN EXCLUSIVE), which fails if
    another window has the journal open; `os.replace` the temp over `db`; fsync the folder.
    """
    verify_backup(source)
    wait(db)  # a daily backup being made of the journal finishes first (it holds a read of the file)
    with in_use.alone(db):  # no process has it open, and none opens it until the new file is in place (S508)
        return _restore(source, db, now)


def _restore(source: Path, db: Path, now: datetime) -> Path | None:
    db.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = now.astimezone(UTC).strftime(STAMP)
    tmp = db.with_name(f"{db.name}.restore.tmp")
    kept: Path | None = None
    lock: sqlite3.Connection | None = None
    try:
        src = open_for_inspection(source)
        try:
            backup_to(src, tmp)
        finally:
            src.close()
        raise_count_above_backups(tmp, db, now)
        if db.exists() and db.stat().st_size > 0:
            kept = _unused(db.with_name(f"{db.name}.pre-restore-{stamp}"))
            lock = _exclusive(db)
            if lock is not None:
                # Under the exclusive lock in rollback-journal mode the file on disk is complete
                # and nobody can change it, so a byte copy is a consistent snapshot. (The backup
                # API cannot read from a connection that holds a write lock.)
                _take_exclusive(lock, db)
                _raw_copy(db, kept)
                _check_copy(kept)
            else:
                _raw_copy(db, kept)
                for side in SIDE_FILES:
                    Path(f"{db}{side}").unlink(missing_ok=True)
        os.replace(tmp, db)
        fsync_path(db.parent)
    except OSError as exc:  # a read-only or full folder: said of the journal's folder, not of a temp file
        remove_with_side_files(tmp)
        raise _cannot_write(db, exc) from None
    except BaseException:
        remove_with_side_files(tmp)
        raise
    finally:
        if lock is not None:
            if lock.in_transaction:
                lock.execute("ROLLBACK")
            lock.close()
    return kept


def _cannot_write(db: Path, exc: OSError) -> StorageError:
    """A restore that cannot write beside the journal (S188: the line named an internal temp file
    and did not say the journal was left as it was)."""
    return StorageError(f"Cannot restore into {db.parent}: {exc.strerror or type(exc).__name__}. "
                        f"The journal {db} is unchanged.")


def _exclusive(db: Path) -> sqlite3.Connection | None:
    """A read-write connection to the current journal, or None when it cannot be read (damaged)."""
    try:
        conn = engine.connect(f"file:{quote(os.fsencode(db))}?mode=rw", db, uri=True, isolation_level=None,
                              timeout=1.0)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            conn.close()
            return None
        return conn
    except engine.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_READONLY", "SQLITE_CANTOPEN")):
            raise storage_error(exc, db) from None
        return None


def _take_exclusive(conn: sqlite3.Connection, db: Path) -> None:
    """Switch to rollback-journal mode and lock the file: fails while any other connection is open."""
    try:
        mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        if mode == "delete":
            conn.execute("BEGIN EXCLUSIVE")
    except engine.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise storage_error(exc, db) from None
        mode = "busy"
    if mode != "delete":
        raise StorageError(
            f"The journal {db} is open in another window. Close it and run restore again; nothing was changed."
        )


def _check_copy(kept: Path) -> None:
    conn = open_for_inspection(kept)
    try:
        ok = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    if not ok:
        raise StorageError(f"The copy of the current journal at {kept} failed its check; nothing was changed.")


def _unused(path: Path) -> Path:
    """`path`, or `path-2`, `path-3`… when a restore in the same second kept a journal there (S150)."""
    found, n = path, 2
    while found.exists() or Path(f"{found}-wal").exists():
        found, n = path.with_name(f"{path.name}-{n}"), n + 1
    return found


def _raw_copy(db: Path, kept: Path) -> None:
    """Keep a damaged journal byte-for-byte (with its WAL) before replacing it."""
    fd = os.open(kept, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "wb") as out, open(db, "rb") as src:
        shutil.copyfileobj(src, out)
        out.flush()
        os.fsync(out.fileno())
    wal = Path(f"{db}-wal")
    if wal.exists():
        fd = os.open(f"{kept}-wal", os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as out, open(wal, "rb") as src:
            shutil.copyfileobj(src, out)
