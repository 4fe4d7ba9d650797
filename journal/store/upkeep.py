"""Looking after the journal file: health checks, rotating backups, restore.

Everything here that only *looks* (the doctor checks) opens the file read-only, and
when no `-wal` file exists, `immutable=1` as well, so a damaged journal is never written
to, not even a WAL checkpoint. Checks that SQLite only runs on a writable connection
(FTS5's 'integrity-check') run on an in-memory copy made through the backup API.

Restore replaces the file atomically (temp file next to it, fsync, `os.replace`) and only
after proving that no other connection has the journal open: switching the current file
from WAL to rollback-journal mode needs exclusive access, so if `PRAGMA journal_mode=DELETE`
does not succeed another window still has it and restore refuses. That switch also makes
SQLite itself checkpoint and delete the `-wal`/`-shm` files, so no stale WAL can be
replayed into the restored file. The exclusive lock is held until the rename is done.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import stat
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from glob import escape as glob_escape
from pathlib import Path
from urllib.parse import quote

from journal import config
from journal.domain.errors import StorageError
from journal.process import holder_alive
from journal.store import migrations
from journal.store.db import backup_to, storage_error

STAMP = "%Y%m%dT%H%M%SZ"
SIDE_FILES = ("-wal", "-shm")


# ------------------------------------------------------------------ reports
@dataclass
class Check:
    """One line of the doctor's report. `status` is ok, warn, fail or info."""

    name: str
    status: str
    detail: str

    @property
    def problem(self) -> bool:
        return self.status in ("warn", "fail")


def open_for_inspection(path: Path) -> sqlite3.Connection:
    """A read-only connection that cannot write anything (immutable when there is no WAL)."""
    immutable = "" if Path(f"{path}-wal").exists() else "&immutable=1"
    conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro{immutable}", uri=True, isolation_level=None,
                           timeout=2.0)
    conn.execute("PRAGMA trusted_schema=OFF")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn


def integrity(conn: sqlite3.Connection, *, full: bool = False) -> Check:
    pragma = "integrity_check" if full else "quick_check"
    try:
        rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}(20)")]
    except sqlite3.Error as exc:
        return Check(pragma, "fail", f"{exc}. Restore a backup with `journal restore FILE`.")
    if rows == ["ok"]:
        return Check(pragma, "ok", "ok")
    return Check(pragma, "fail",
                 f"{len(rows)} problem(s), first: {rows[0]}. Restore a backup with `journal restore FILE`.")


def foreign_keys(conn: sqlite3.Connection) -> Check:
    try:
        rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.Error as exc:
        return Check("foreign_key_check", "fail", str(exc))
    if not rows:
        return Check("foreign_key_check", "ok", "ok")
    tables = sorted({r[0] for r in rows})
    return Check("foreign_key_check", "fail", f"{len(rows)} broken link(s) in {', '.join(tables)}")


def fts(conn: sqlite3.Connection) -> Check:
    """The search index: FTS5's own integrity-check (on a memory copy) and row counts."""
    try:
        entries = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        indexed = conn.execute("SELECT count(*) FROM entries_fts_docsize").fetchone()[0]
    except sqlite3.Error as exc:
        return Check("search index", "fail", f"cannot read it ({exc})")
    try:
        copy = sqlite3.connect(":memory:", isolation_level=None)
        try:
            conn.backup(copy)
            copy.execute("INSERT INTO entries_fts(entries_fts) VALUES('integrity-check')")
        finally:
            copy.close()
    except sqlite3.Error as exc:
        return Check("search index", "fail", f"integrity-check failed ({exc}); {entries} entries, {indexed} indexed")
    if entries != indexed:
        return Check("search index", "fail", f"{entries} entries but {indexed} indexed")
    return Check("search index", "ok", f"ok ({indexed} entries indexed)")


def tags(conn: sqlite3.Connection) -> Check:
    """`entry_tags` (what tag filters read) against `entries.tags` (the source of truth)."""
    try:
        drift = migrations.tag_drift(conn)
    except sqlite3.Error as exc:
        return Check("tags", "fail", f"cannot compare the tag index ({exc})")
    if drift:
        return Check("tags", "fail", f"the tag index disagrees with the entries in {drift} place(s) (an outside "
                     "edit?): `journal doctor --fix-tags` rebuilds it from the entries")
    return Check("tags", "ok", "the tag index matches the entries")


def fix_tags(path: Path) -> Check:
    """Rebuild `entry_tags` from `entries.tags` in one write transaction."""
    from journal.store.db import connect, write_tx

    conn = connect(path)
    try:
        with write_tx(conn):
            mended = migrations.rebuild_tag_index(conn)
    finally:
        conn.close()
    return Check("tags", "ok", f"rebuilt the tag index ({mended} place(s) mended)" if mended else "nothing to mend")


def schema(conn: sqlite3.Connection) -> Check:
    try:
        applied = migrations.applied_names(conn)
    except sqlite3.Error as exc:
        return Check("schema", "fail", f"cannot read the migrations table ({exc})")
    if applied is None:
        return Check("schema", "fail", "no migrations table: this is not a journal")
    unknown = [n for n in applied if n not in migrations.KNOWN]
    if unknown:
        return Check("schema", "fail", f"written by a newer Threefold ({unknown[-1]}); upgrade the app")
    pending = [n for n in migrations.KNOWN if n not in applied]
    if pending:
        return Check("schema", "info", f"{len(applied)} applied, {len(pending)} pending (applied on next write)")
    return Check("schema", "ok", f"up to date ({applied[-1] if applied else 'empty'})")


def dead_pid_drafts(conn: sqlite3.Connection) -> Check:
    """Drafts held by a window still open, and drafts left by a closed session.

    A draft is held while the lock its row names (`holder`, journal/process.py) is locked;
    the kernel frees it when that process ends, so no pid is trusted (a pid is reused).
    Only looks: a free lock's file is left for the app to tidy. Drafts from before m006
    have no holder and count as left.
    """
    try:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(drafts)")}
        rows = conn.execute(f"SELECT {'holder' if 'holder' in columns else 'NULL'} FROM drafts").fetchall()
        journal = next((Path(file) for _, name, file in conn.execute("PRAGMA database_list")
                        if name == "main" and file), None)
    except sqlite3.Error as exc:
        return Check("drafts", "fail", f"cannot read drafts ({exc})")
    if not rows:
        return Check("drafts", "ok", "none")
    held = sum(1 for (token,) in rows if journal is not None and holder_alive(journal, token, tidy=False))
    return Check("drafts", "info",
                 f"{len(rows)} draft(s): {held} open in a window, {len(rows) - held} left by a closed session "
                 "(the app offers to recover them)")


def permission_targets(path: Path) -> list[tuple[Path, int]]:
    """Every file and folder that holds journal text, with the mode it should have."""
    targets = [(path.parent, 0o700), (path, 0o600)]
    targets += [(Path(f"{path}{s}"), 0o600) for s in SIDE_FILES]
    folder = backups_dir(path)
    if folder.is_dir():
        targets.append((folder, 0o700))
        targets += [(p, 0o600) for p in sorted(folder.iterdir()) if p.is_file()]
    return [(p, mode) for p, mode in targets if p.exists()]


def permissions(path: Path, *, fix: bool = False) -> list[Check]:
    checks = []
    uid = os.geteuid()
    for target, wanted in permission_targets(path):
        info = os.lstat(target)
        mode = stat.S_IMODE(info.st_mode)
        label = f"mode {target}"
        if info.st_uid != uid:
            checks.append(Check(label, "warn", f"owned by uid {info.st_uid}, not you (uid {uid})"))
        if mode & 0o077:
            if fix:
                os.chmod(target, wanted)
                checks.append(Check(label, "ok", f"was {mode:04o}, now {wanted:04o}"))
            else:
                checks.append(Check(label, "warn",
                                    f"{mode:04o}: others can read it. Run `journal doctor --fix-perms`."))
        else:
            checks.append(Check(label, "ok", f"{mode:04o}"))
    return checks


# ------------------------------------------------------------------ backups
def backups_dir(db: Path) -> Path:
    return db.parent / "backups"


def _pattern(db: Path) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(db.stem)}-(\d{{8}}T\d{{6}}Z)(?:-(\d+))?\.db$")


def backups(db: Path) -> list[tuple[datetime, Path]]:
    """This journal's rotating backups, oldest first (one listdir, no stat)."""
    try:
        names = os.listdir(backups_dir(db))
    except (FileNotFoundError, NotADirectoryError):
        return []
    pattern = _pattern(db)
    found = []
    for name in names:
        match = pattern.match(name)
        if match:
            stamp = datetime.strptime(match.group(1), STAMP).replace(tzinfo=UTC)
            found.append((stamp, int(match.group(2) or 1), backups_dir(db) / name))
    return [(stamp, path) for stamp, _, path in sorted(found)]


def backup_name(db: Path, now: datetime) -> Path:
    folder = backups_dir(db)
    base = f"{db.stem}-{now.astimezone(UTC).strftime(STAMP)}"
    target = folder / f"{base}.db"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{base}-{n}.db"
    return target


def has_recent_backup(db: Path, now: datetime, within: timedelta = timedelta(days=1)) -> bool:
    """A backup stamped in the last day (a stamp in the future, from a clock that went back, does not count)."""
    return any(timedelta(0) <= now - stamp < within for stamp, _ in backups(db))


def rotate(db: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` rotating backups; returns what was removed."""
    found = backups(db)
    doomed = [p for _, p in found[: max(len(found) - max(keep, 1), 0)]]
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def compact(conn: sqlite3.Connection) -> None:
    """After a purge: fold the WAL into the file and rewrite it, so no free page keeps old text."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("VACUUM")


def scrub_backups(db: Path, entry_ids: list[str]) -> tuple[int, list[Path]]:
    """Delete purged entries from the rotating backups too: purge means gone for good.

    Each backup is changed in one transaction (secure_delete, links cascade, the search
    index follows through its triggers), then vacuumed and left without -wal/-shm files.
    Returns (backups scrubbed, backups that could not be); a failure leaves that backup as it was.
    """
    scrubbed, failed = 0, []
    for _, path in backups(db):
        try:
            conn = sqlite3.connect(f"file:{quote(str(path))}?mode=rw", uri=True, isolation_level=None, timeout=2.0)
            try:
                conn.execute("PRAGMA secure_delete=ON")
                conn.execute("PRAGMA foreign_keys=ON")
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany("DELETE FROM entries WHERE id = ?", [(i,) for i in entry_ids])
                conn.execute("COMMIT")
                conn.execute("VACUUM")
                conn.execute("PRAGMA journal_mode=DELETE")
                ok = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            finally:
                conn.close()
        except sqlite3.Error:
            ok = False
        if ok:
            scrubbed += 1
        else:
            failed.append(path)
    return scrubbed, failed


def backup_report(db: Path, now: datetime) -> Check:
    found = backups(db)
    if not found:
        return Check("backups", "warn", f"none in {backups_dir(db)}. Run `journal backup`.")
    stamp, newest = found[-1]
    age = now - stamp
    hours = age.total_seconds() / 3600
    text = f"{len(found)} in {backups_dir(db)}, newest {newest.name} ({hours:.0f} h old)"
    return Check("backups", "warn" if age > timedelta(days=7) else "ok", text)


def change_count(conn: sqlite3.Connection) -> int | None:
    """The journal's count of write transactions (None before migration m002)."""
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'changes'").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def against_newest_backup(conn: sqlite3.Connection, db: Path) -> Check | None:
    """Catalogue C22: a journal with fewer changes than its own newest backup lost writes.

    The usual cause is a copy of the file made without its `-wal` (a `cp` while the app
    was open), which holds none of the changes still waiting in the WAL.
    """
    found = backups(db)
    ours = change_count(conn)
    if not found or ours is None:
        return None
    newest = found[-1][1]
    try:
        copy = open_for_inspection(newest)
    except sqlite3.Error:
        return None
    try:
        theirs = change_count(copy)
    finally:
        copy.close()
    if theirs is None or ours >= theirs:
        backup_count = theirs if theirs is not None else "no count"
        return Check("changes", "ok", f"{ours} saved changes; the newest backup has {backup_count}")
    return Check("changes", "fail",
                 f"the journal has {theirs - ours} fewer saved changes than its backup {newest.name}: it may be "
                 f"a copy made without its -wal file. Restore the backup with `journal restore {newest}` "
                 "(the current file is kept aside), and copy journals with `journal backup`, never cp.")


def backup_settings(data: dict[str, object]) -> tuple[bool, int, list[str]]:
    """`[backup] daily` and `keep` from config data: (daily, keep, problems); bad values fall back."""
    backup = data.get("backup", {})
    if not isinstance(backup, dict):
        return True, 7, ["[backup] must be a table"]
    problems = []
    daily, keep = backup.get("daily", True), backup.get("keep", 7)
    if not isinstance(daily, bool):
        problems.append(f"[backup] daily = {daily!r} is not true or false (true is used)")
        daily = True
    if not isinstance(keep, int) or isinstance(keep, bool) or keep < 1:
        problems.append(f"[backup] keep = {keep!r} is not a whole number above 0 (7 is used)")
        keep = 7
    return daily, keep, problems


def config_report() -> Check | None:
    """A config.toml that cannot be read is ignored by every command; doctor is where it shows."""
    path = config.config_file()
    if not path.exists():
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Check("config", "warn", f"{path} cannot be read ({exc}); all its settings are ignored. "
                     "Fix or delete it.")
    problems = backup_settings(data)[2]
    if problems:
        return Check("config", "warn", f"{path}: " + "; ".join(problems))
    return Check("config", "ok", str(path))


def leftovers(db: Path) -> Check | None:
    """Temp files of a backup or restore that was killed before its rename (never a backup)."""
    found = sorted(backups_dir(db).glob("*.tmp*")) if backups_dir(db).is_dir() else []
    found += sorted(db.parent.glob(f"{glob_escape(db.name)}.*.tmp*"))  # restore and pre-migration temps
    if not found:
        return None
    names = ", ".join(str(p) for p in found[:3]) + (" …" if len(found) > 3 else "")
    return Check("leftovers", "warn", f"{len(found)} unfinished file(s) from an interrupted backup or restore: "
                 f"{names}. They are not backups; delete them.")


def raise_count_above_backups(restored: Path, db: Path) -> None:
    """After a restore the journal counts as newer than every backup, so doctor stays quiet."""
    conn = sqlite3.connect(f"file:{quote(str(restored))}?mode=rw", uri=True, isolation_level=None)
    try:
        ours = change_count(conn)
        if ours is None:
            return
        newest = 0
        for _, path in backups(db):
            try:
                copy = open_for_inspection(path)
            except sqlite3.Error:
                continue
            try:
                newest = max(newest, change_count(copy) or 0)
            finally:
                copy.close()
        conn.execute("UPDATE meta SET value = ? WHERE key = 'changes'", (max(ours, newest) + 1,))
    finally:
        conn.close()


# ------------------------------------------------------------------ restore
def verify_backup(source: Path) -> int:
    """Check that `source` is a sound journal this version can read; returns its entry count."""
    if not source.is_file():
        raise StorageError(f"No backup at {source}. Check the path.")
    if source.stat().st_size == 0:
        raise StorageError(f"{source} is empty, not a journal backup. Nothing was changed.")
    try:
        conn = open_for_inspection(source)
    except sqlite3.Error as exc:
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
    except sqlite3.Error as exc:
        raise StorageError(f"The backup {source} is damaged ({exc}). Nothing was changed.") from None
    finally:
        conn.close()


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def restore(source: Path, db: Path, now: datetime) -> Path | None:
    """Replace the journal at `db` with the backup `source`; returns where the old one was kept.

    The caller must not hold a connection to `db`. Steps: verify the backup; copy it
    (backup API) to a temp file beside `db` and check it; keep the current journal as
    `<db>.pre-restore-<stamp>` (backup API; a raw copy if the current file is damaged);
    take exclusive access (journal_mode=DELETE, then BEGIN EXCLUSIVE), which fails if
    another window has the journal open; `os.replace` the temp over `db`; fsync the folder.
    """
    verify_backup(source)
    db.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = now.astimezone(UTC).strftime(STAMP)
    tmp = db.with_name(f"{db.name}.restore.tmp")
    src = open_for_inspection(source)
    try:
        backup_to(src, tmp)
    finally:
        src.close()
    raise_count_above_backups(tmp, db)
    kept: Path | None = None
    lock: sqlite3.Connection | None = None
    try:
        if db.exists() and db.stat().st_size > 0:
            kept = db.with_name(f"{db.name}.pre-restore-{stamp}")
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
        _fsync_dir(db.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        if lock is not None:
            if lock.in_transaction:
                lock.execute("ROLLBACK")
            lock.close()
    return kept


def _exclusive(db: Path) -> sqlite3.Connection | None:
    """A read-write connection to the current journal, or None when it cannot be read (damaged)."""
    try:
        conn = sqlite3.connect(f"file:{quote(str(db))}?mode=rw", uri=True, isolation_level=None, timeout=1.0)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            conn.close()
            return None
        return conn
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_READONLY", "SQLITE_CANTOPEN")):
            raise storage_error(exc, db) from None
        return None


def _take_exclusive(conn: sqlite3.Connection, db: Path) -> None:
    """Switch to rollback-journal mode and lock the file: fails while any other connection is open."""
    try:
        mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        if mode == "delete":
            conn.execute("BEGIN EXCLUSIVE")
    except sqlite3.OperationalError as exc:
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
