"""Encrypting, decrypting and re-keying a journal file in place, and the copies it keeps.

A conversion never edits the journal: under an exclusive lock (nobody else can read or
write it meanwhile) SQLCipher's `sqlcipher_export` writes the whole database into a temp
file beside it with the new key (or none); the copy is checked (integrity, the row count
of every table) and synced, then `os.replace` puts it in place and the folder is synced.
The lock is taken in rollback-journal mode (the journal in memory), so no `-wal` is left
to be replayed into the new file and no `-journal` for a kill to strand. A kill -9 at any
moment leaves the old file or the complete new one; a temp file left behind is removed by
the next command (`leftovers`), before anything else.

The copies the journal keeps (rotating backups, pre-migration and pre-restore copies)
follow it: converted one by one the same way, so an encrypted journal keeps no plain copy.
A new passphrase is a conversion too (a new key and salt), never `PRAGMA rekey` in place.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

from journal.domain.errors import StorageError
from journal.store import engine
from journal.store.backups import backups_dir, is_backup_name, listing, managed_copies, names_in
from journal.store.db import fsync_path, storage_error

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/ARCHITECTURE.md, start-up)
if TYPE_CHECKING:
    import sqlite3

TEMP_SUFFIX = ".convert.tmp"


def _uri(path: Path, mode: str = "rw") -> str:
    return f"file:{quote(os.fsencode(path))}?mode={mode}"


def _counts(conn: sqlite3.Connection, schema: str = "main") -> dict[str, int]:
    names = [r[0] for r in conn.execute(  # stored tables (a virtual table's rows are in its shadow tables)
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND rootpage > 0 AND name NOT LIKE 'sqlite_%'")]
    return {name: conn.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0] for name in names}


@contextlib.contextmanager
def _exclusive(path: Path, key: engine.Key | None, busy_note: str) -> Iterator[sqlite3.Connection]:
    """A connection holding the only lock on `path` (rollback journal in memory, exclusive locking).

    Leaving WAL mode rewrites the file's header: with the journal in memory a kill there leaves
    the header as it was or as it is now, never a hot `-journal` file, which no read-only open
    (the passphrase check) can get past with either passphrase."""
    conn = engine.connect(_uri(path), path, key=key, uri=True, isolation_level=None, timeout=1.0)
    try:
        try:
            mode = conn.execute("PRAGMA journal_mode=MEMORY").fetchone()[0]
            conn.execute("PRAGMA locking_mode=EXCLUSIVE")
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("COMMIT")  # the exclusive lock stays with the connection until it closes
        except engine.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise StorageError(f"The journal {path} is open in another window. Close it and {busy_note}; "
                                   "nothing was changed.") from None
            raise storage_error(exc, path) from None
        if mode != "memory":
            raise StorageError(f"The journal {path} is open in another window. Close it and {busy_note}; "
                               "nothing was changed.")
        yield conn
    finally:
        conn.close()


def _export(conn: sqlite3.Connection, tmp: Path, key: engine.Key | None) -> None:
    """The whole database of `conn` into the new file `tmp`, keyed with `key` (plain if None)."""
    _remove(tmp)
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600))
    secret = f"x'{key.hex()}'" if key is not None else ""
    conn.execute(f"ATTACH DATABASE ? AS converted KEY \"{secret}\"", (str(tmp),))
    try:
        conn.execute("SELECT sqlcipher_export('converted')")
        version = conn.execute("PRAGMA main.user_version").fetchone()[0]
        conn.execute(f"PRAGMA converted.user_version = {int(version)}")
        expected = _counts(conn, "main")
    finally:
        conn.execute("DETACH DATABASE converted")
    check = engine.connect(_uri(tmp, "ro"), tmp, key=key, uri=True, isolation_level=None)
    try:  # a connection of its own: the copy as the next open will see it
        ok = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        got = _counts(check)
    finally:
        check.close()
    if not ok or expected != got:
        raise StorageError(f"The converted copy of {tmp.name.removesuffix(TEMP_SUFFIX)} failed its check; "
                           "nothing was changed.")
    fsync_path(tmp)


def _remove(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def convert(path: Path, old: engine.Key | None, new: engine.Key | None, busy_note: str,
            before_swap: Callable[[], None] | None = None) -> None:
    """Rewrite the file at `path` (opened with `old`) keyed with `new` (None: plain), atomically.

    `before_swap` runs last before the swap, while the file is still locked and whole (the
    work a kill must never find half done *after* the swap: decrypt's copies go first)."""
    if not engine.ENCRYPTION:
        raise StorageError(engine.UNAVAILABLE)
    tmp = path.with_name(path.name + TEMP_SUFFIX)
    try:
        with _exclusive(path, old, busy_note) as conn:
            _export(conn, tmp, new)
            if before_swap is not None:
                before_swap()
            os.replace(tmp, path)
            fsync_path(path.parent)
    except engine.Error as exc:
        _remove(tmp)
        raise storage_error(exc, path) from None
    except BaseException:
        _remove(tmp)
        raise


def rekey(path: Path, old: engine.Key, new: engine.Key, busy_note: str) -> None:
    """Change the key of an encrypted file: a copy keyed with `new`, checked and swapped in
    atomically, as `convert` does. Never `PRAGMA rekey` in place: a kill while it writes the
    pages left a hot rollback journal, and a file that no read-only open (the passphrase
    check) reads with either passphrase until something rolls it back."""
    convert(path, old, new, busy_note)


def leftovers(db: Path) -> None:
    """Remove this journal's temp files of a conversion that was killed (the journal itself is
    whole): `<the journal or a copy it keeps>.convert.tmp` and its side files, beside it and in
    its backups folder; and the private copy of a journal being imported when its process was
    killed (S163: a plain copy beside an encrypted journal). Never another journal's or a
    person's own file that has the suffix in its name, nor a folder, nor the temp file of a
    conversion running now (S532). Runs on every open: two folder listings, nothing more
    unless a temp file is there (no glob: its patterns cost ~1 ms a command)."""
    beside = names_in(db.parent)
    found = [(db.parent, name) for name in beside if TEMP_SUFFIX in name]
    found += [(backups_dir(db), name) for name in listing(db) if TEMP_SUFFIX in name]
    for folder, name in found:
        source, _, side = name.partition(TEMP_SUFFIX)
        tmp = folder / name
        if (side in ("", "-journal", "-wal", "-shm") and _ours(db, folder, source) and tmp.is_file()
                and not tmp.is_symlink() and not _being_converted(folder / source)):
            tmp.unlink(missing_ok=True)
    if any(name.startswith(".import-") for name in beside):  # process.IMPORT_SCRATCH; the module only then
        from journal import process

        process.sweep_scratch(db.parent, process.IMPORT_SCRATCH)


def _ours(db: Path, folder: Path, source: str) -> bool:
    """Whether `source` in `folder` is the journal or a copy it keeps (managed_copies' names)."""
    if folder == db.parent:
        return source == db.name or source.startswith((f"{db.name}.bak-", f"{db.name}.pre-restore-"))
    return is_backup_name(db, source)


def _being_converted(source: Path) -> bool:
    """Whether a conversion holds `source` now: `convert` locks it exclusively for as long as its
    temp file is there, so a read finds it locked (a copy of another key, or none, fails later)."""
    try:
        conn = engine.driver.connect(_uri(source, "ro"), uri=True, timeout=0)
    except engine.Error:
        return False
    try:
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1")
    except engine.OperationalError as exc:
        return "locked" in str(exc) or "busy" in str(exc)
    except engine.Error:
        return False
    finally:
        conn.close()
    return False


def finish_conversion(db: Path) -> None:
    """After a conversion that was killed (run on every open): no temp file stays, and the
    copies the journal keeps follow its state (plain copies beside an encrypted journal are
    encrypted)."""
    leftovers(db)
    if engine.is_encrypted(db):
        key = engine.key_for(db)
        if key is not None and copies_to_convert(db, True):
            convert_copies(db, key)


def copies_to_convert(db: Path, encrypted: bool) -> list[Path]:
    """The copies the journal keeps that are not yet in its state (plain beside an encrypted
    journal, or encrypted beside a plain one)."""
    return [p for p in managed_copies(db) if p.stat().st_size > 0 and engine.is_encrypted(p) != encrypted]


def convert_copies(db: Path, key: engine.Key | None, old: engine.Key | None = None) -> list[Path]:
    """Bring every kept copy to the journal's state: encrypted with `key`, or plain when None
    (`old` opens encrypted copies). Returns the copies that could not be converted."""
    failed = []
    for copy in copies_to_convert(db, encrypted=key is not None):
        try:
            convert(copy, old if engine.is_encrypted(copy) else None, key, "try again")
        except (StorageError, engine.Locked, OSError):
            failed.append(copy)
    return failed


def rekey_copies(db: Path, old: engine.Key, new: engine.Key) -> list[Path]:
    """Re-key every encrypted copy the journal keeps; returns the ones that could not be."""
    failed = []
    for copy in managed_copies(db):
        if not engine.is_encrypted(copy):
            continue
        try:
            rekey(copy, old, new, "try again")
        except (StorageError, engine.Error, OSError):
            failed.append(copy)
    return failed
