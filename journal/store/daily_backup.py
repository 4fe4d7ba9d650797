"""The daily backup: made after the day's first write has committed, never inside it.

`Session.writing()` looks once per process whether a backup is due (one listdir of
`backups/`, services/session.py) and, after its commit, calls `start`:

- a journal smaller than `INLINE_BYTES` (with its -wal) is copied there and then (a few
  milliseconds: the copy and its check cost about 4 ms a MB);
- a larger one is copied by a detached child process (store/detached.py: its own session,
  the key through a pipe), so the command returns at once. The TUI, a long process, starts the
  same child: one code path, a backup that outlives the window, nothing on the UI thread.

Crash safety:

- One at a time: the backup lock (`backups.exclusive`, an flock in the journal's holders
  folder) is taken by the parent before the child starts and inherited by it, so it is held
  from the moment `start` returns until the child ends, however it ends (a kill -9 frees it).
  A second first-write meanwhile finds it held and starts nothing; `backups.wait` blocks on it.
- The copy is `db.backup_to`: a `<name>.db.tmp` file, one consistent snapshot, integrity
  check, fsync, then the rename, which is the commit; rotation only after it, and never of
  a backup holding writes the journal lost (`backups.ahead_of`). A killed child leaves only
  the temp file (never counted as a backup: `backups.backups` matches `.db`), and the next
  daily backup removes it under the lock.
- The journal is only read, through a connection of the child's own, which is closed as soon
  as the pages are copied.

Damage: the copy failing its integrity check (or SQLite saying the file is malformed) means
the journal is damaged. No copy is kept; `<stem>.damaged` in `backups/` records it (the file's
device and inode, and when), and every later write is refused in one line until the journal
is replaced (a restore: another inode) or a backup succeeds (each refusal starts a new check,
so a false alarm clears itself). `journal doctor` says it in one line (`doctor_check`).
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from journal import process
from journal.domain.errors import StorageError
from journal.store import backups, engine
from journal.store.db import backup_to, connect, open_for_inspection

if TYPE_CHECKING:
    import sqlite3

    from journal.store.upkeep import Check

INLINE_BYTES = 1 << 20
"""A journal (with its -wal) under this size is backed up in the writing process: cheaper than starting one."""


class Damaged(StorageError):
    """The copy of the journal failed its integrity check: the journal is damaged."""


def damaged_message(db: Path, when: str | None = None) -> str:
    found = f" (its daily backup found it{' at ' + when if when else ''})" if when is not None else ""
    return (f"The journal {db} is damaged{found}; nothing was written. "
            "Run `journal doctor` and restore a backup.")


# ------------------------------------------------------------------ damage
marker = backups.damage_marker


def _identity(db: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(db)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def damage_found(db: Path, names: list[str] | None = None) -> str | None:
    """When the last backup found this very file damaged (text: its time), else None.

    `names` is a listing of the backups folder already made (the hot path reads nothing
    more when the marker is not in it). A marker about another file (the journal was
    restored, so it is a new file) is removed; one that cannot be read counts. None when the
    backups folder is not one (a file of that name) or cannot be read (doctor's backups line
    says so): no marker can be there, or none be known.
    """
    if names is not None and marker(db).name not in names:
        return None
    try:
        text = marker(db).read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, UnicodeDecodeError):
        return None if backups.unreadable(db) else ""
    parts = text.split()
    try:
        named = (int(parts[0]), int(parts[1]))
    except (IndexError, ValueError):
        return ""
    if named != _identity(db):
        marker(db).unlink(missing_ok=True)
        return None
    return parts[2].replace("T", " ")[:16] if len(parts) > 2 else ""


def _record_damage(db: Path, now: datetime) -> None:
    identity = _identity(db)
    if identity is None:
        return
    try:
        fd = os.open(marker(db), os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        try:
            os.write(fd, f"{identity[0]} {identity[1]} {now.isoformat(timespec='seconds')}\n".encode())
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass


def _is_damage(exc: BaseException) -> bool:
    if isinstance(exc, Damaged):
        return True
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    return (name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text
            or (isinstance(exc, StorageError) and (" is damaged" in text or "integrity check" in text)))


# ----------------------------------------------------------------- the copy
class Made(NamedTuple):
    """A daily backup made, and the backups it found holding writes the journal lost (kept)."""

    path: Path
    lost: list[backups.Ahead]


def make(db: Path, now: datetime, keep: int, conn: sqlite3.Connection | None = None, *,
         check: bool = False) -> Made | None:
    """The daily backup, by whoever holds the backup lock: leftovers of killed backups
    removed, the copy (from `conn`, else a read-only connection of its own), rotation.

    Nothing when a backup of the last day exists already (another process made it), unless
    `check` (a check asked for after damage was found). Raises `Damaged` (recorded first)
    when the journal is damaged; any other failure (full disk, read-only folder) makes no
    backup and raises nothing: doctor reports the age of the newest one.
    """
    names = backups.listing(db)
    for left in backups.leftovers(db, names):
        left.unlink(missing_ok=True)
    if not check and backups.has_recent_backup(db, now, names=names):
        return None
    target = backups.backup_name(db, now)
    try:
        source = conn if conn is not None else connect(db, read_only=True)
        made = backup_to(source, target, close_source=conn is None)
    except (engine.Error, StorageError, OSError) as exc:
        if _is_damage(exc):
            _record_damage(db, now)
            raise Damaged(damaged_message(db)) from None
        return None
    marker(db).unlink(missing_ok=True)
    lost = lost_writes(db, made)
    backups.rotate(db, keep, made, ahead=lost)
    return Made(made, lost)


def lost_writes(db: Path, made: Path) -> list[backups.Ahead]:
    """The backups holding writes the journal lost, told from the copy just made of it."""
    try:
        copy = open_for_inspection(made)
    except (engine.Error, engine.Locked):
        return []
    try:
        return backups.ahead_of(db, copy)
    except engine.Error:
        return []
    finally:
        copy.close()


def start(conn: sqlite3.Connection, db: Path, now: datetime, keep: int, *, check: bool = False) -> Made | None:
    """Make the daily backup after a commit: here when the journal is small (returns the
    backup), else in a detached child (returns None at once). Nothing when one is being made
    already. Raises `Damaged` only from a copy made here."""
    fd = backups.open_lock(db)
    taken = process.lock_nowait(fd) if fd is not None else None
    try:
        if taken is False:
            return None  # one is being made: it holds the lock
        if _size(db) < INLINE_BYTES:
            return make(db, now, keep, conn, check=check)
        _spawn(db, now, keep, fd if taken else None, engine.key_of(conn), check=check)
        return None
    finally:
        if fd is not None:
            os.close(fd)  # the child holds the lock through its own descriptor


def _size(db: Path) -> int:
    total = 0
    for path in (db, Path(f"{db}-wal")):
        try:
            total += path.stat().st_size
        except OSError:
            pass
    return total


def _spawn(db: Path, now: datetime, keep: int, lock_fd: int | None, key: engine.Key | None, *,
           check: bool) -> None:
    """Start the child (store/detached.py), the backup lock handed over as its descriptor 3."""
    from journal.store import detached

    detached.spawn("daily_backup", [str(db), now.isoformat(), str(keep), "check" if check else "due"], key, lock_fd)


def child(args: list[str]) -> None:
    """The detached child: read the key, hold the lock, make the backup, exit."""
    from journal.store import detached

    detached.child_start()
    db, now, keep, check = Path(args[0]), datetime.fromisoformat(args[1]), int(args[2]), args[3] == "check"
    if process.lock_nowait(detached.LOCK_FD) is False:  # where flock is per process (NFS) it is taken here
        return
    try:
        make(db, now, keep, check=check)
    except Damaged:
        pass  # recorded: the next write and doctor say it


# ------------------------------------------------------------------ doctor
def doctor_check(db: Path) -> Check | None:
    """One line for `journal doctor`: the journal found damaged by its daily backup (fail),
    or a daily backup being made right now (info); None otherwise."""
    from journal.store.upkeep import Check

    found = damage_found(db)
    if found is not None:
        return Check("daily backup", "fail", f"the daily backup{' of ' + found if found else ''} found the journal "
                     "damaged and kept no copy; writes are refused until it is restored (`journal restore FILE` "
                     "with the newest backup: the backups line names it)")
    if backups.busy(db):
        return Check("daily backup", "info", "being made now, in the background")
    return None
