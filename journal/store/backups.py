"""Rotating backups beside the journal, the change count that spots a lost -wal, and
scrubbing purged entries out of the backups.

Backups live in `<journal folder>/backups/<name>-<UTC stamp>.db`, one self-contained file
each, made through the SQLite backup API (store/db.backup_to). Whatever writes or rewrites
them (the daily backup, `journal backup` into that folder, a purge's scrub) holds the backup
lock, `.<journal name>.holders/backup.lock` (`exclusive`), so two never run at once; the
daily backup itself (made after the day's first write, off the user's path) is
store/daily_backup.py.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator, Sequence
from journal.record import record
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from journal.store import engine
from journal.store.db import open_for_inspection

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/ARCHITECTURE.md, start-up)
if TYPE_CHECKING:
    import sqlite3

STAMP = "%Y%m%dT%H%M%SZ"
SIDE_FILES = ("-wal", "-shm")


def backups_dir(db: Path) -> Path:
    return db.parent / "backups"


def prefix(db: Path) -> str:
    """What the names of a journal's backups start with: the stem of a `.db` journal
    (journal.db: `journal-<stamp>.db`), else its whole name (j.sqlite: `j.sqlite-<stamp>.db`;
    j: `j.-<stamp>.db`). By the stem alone, j.db and j.sqlite in one folder shared their
    backups: each rotated the other's away, and doctor offered one's backup to the other (S378)."""
    if db.suffix == ".db":
        return db.stem
    return db.name if db.suffix else f"{db.name}."


def _names(db: Path) -> str:
    """A regex alternation of the prefixes a journal's backups have: `prefix`, and for a journal
    not ending in `.db` with no `.db` journal of its stem beside it, the stem its backups were
    named by before S378 (they were orphaned: never rotated, and a purge left its text in them)."""
    found = [prefix(db)]
    if db.suffix != ".db" and db.stem not in found and not (db.parent / f"{db.stem}.db").exists():
        found.append(db.stem)
    return "|".join(re.escape(name) for name in found)


def _pattern(db: Path) -> re.Pattern[str]:
    return re.compile(rf"^(?:{_names(db)})-([0-9]{{8}}T[0-9]{{6}}Z)(?:-([0-9]+))?\.db$")  # ASCII digits: S531


def is_backup_name(db: Path, name: str) -> bool:
    """Whether `name` has the shape of one of this journal's rotating backups."""
    return _pattern(db).match(name) is not None


def names_in(folder: Path) -> list[str]:
    """The names in `folder` (one listdir; none when there is no folder, or one that cannot be
    read: a command never waits on the copies beside its journal, and doctor says why)."""
    try:
        return os.listdir(folder)
    except OSError:
        return []


def listing(db: Path) -> list[str]:
    """The names in the backups folder (`names_in`; `unreadable` says why there are none)."""
    return names_in(backups_dir(db))


def unreadable(db: Path) -> str | None:
    """Why the backups folder that is there cannot be listed (its mode, its owner), or None."""
    try:
        os.listdir(backups_dir(db))
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    return None


def _stamp_time(s: str) -> datetime:
    """The UTC time of a STAMP the pattern matched (`20261129T114903Z`), read without strptime
    (importing `_strptime` with `locale` and `calendar` cost ~1 ms of every `add`; issue 20)."""
    return datetime(int(s[0:4]), int(s[4:6]), int(s[6:8]), int(s[9:11]), int(s[11:13]), int(s[13:15]), tzinfo=UTC)


def backups(db: Path, names: list[str] | None = None) -> list[tuple[datetime, Path]]:
    """This journal's rotating backups, oldest first (one listdir, no stat; `names`: a listing
    already made). A temp file (`<name>.db.tmp`) is never one."""
    if names is None:
        names = listing(db)
    pattern = _pattern(db)
    found = []
    for name in names:
        match = pattern.match(name)
        if match:
            try:
                stamp = _stamp_time(match.group(1))
            except ValueError:  # no such moment (month 13, 24:00): a file of the backups' shape we never made (S530)
                continue
            found.append((stamp, int(match.group(2) or 1), backups_dir(db) / name))
    return [(stamp, path) for stamp, _, path in sorted(found)]


def backup_name(db: Path, now: datetime, folder: Path | None = None) -> Path:
    """`<folder>/<journal name>-<UTC stamp>.db` (folder: the backups folder), numbered past any
    file of that name already there."""
    folder = backups_dir(db) if folder is None else folder
    base = f"{prefix(db)}-{now.astimezone(UTC).strftime(STAMP)}"
    target = folder / f"{base}.db"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{base}-{n}.db"
    return target


DAILY = timedelta(days=1)
"""How long a backup counts as recent: the daily backup is due once the newest is older."""


def recent_backup(db: Path, now: datetime, names: list[str] | None = None) -> datetime | None:
    """The stamp of the newest backup of the last day (a stamp in the future, from a clock that
    went back, does not count), or None."""
    return max((stamp for stamp, _ in backups(db, names) if timedelta(0) <= now - stamp < DAILY), default=None)


def has_recent_backup(db: Path, now: datetime, names: list[str] | None = None) -> bool:
    """A backup stamped in the last day."""
    return recent_backup(db, now, names) is not None


def damage_marker(db: Path) -> Path:
    """Where a daily backup that found the journal damaged says so (store/daily_backup.py)."""
    return backups_dir(db) / f"{prefix(db)}.damaged"


# ------------------------------------------------------------ the backup lock
def lock_file(db: Path) -> Path:
    """The lock held by whatever writes into the backups folder (in the journal's holders folder, process.py)."""
    from journal import process  # here: the hot path (is today's backup there?) needs no lock

    return process.holders_dir(db) / "backup.lock"


def open_lock(db: Path) -> int | None:
    """An open descriptor of the backup lock file (made 0600 in a 0700 folder), or None when it cannot be made."""
    try:
        lock_file(db).parent.mkdir(mode=0o700, exist_ok=True)
        return os.open(lock_file(db), os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    except OSError:
        return None


@contextlib.contextmanager
def exclusive(db: Path) -> Iterator[None]:
    """Hold the backup lock, waiting for a backup being made (a daily one in its own process)
    to finish. Where no lock can be taken (a read-only folder, a file system without locks)
    it goes ahead without, as before there was a lock."""
    import fcntl

    fd = open_lock(db)
    try:
        if fd is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError:
                pass
        yield
    finally:
        if fd is not None:
            os.close(fd)


def busy(db: Path) -> bool:
    """True while a backup is being made (the backup lock is held), by any process."""
    from journal import process

    return process.locked(lock_file(db))


def wait(db: Path) -> None:
    """Return once no backup is being made (the daily backup's child has ended, however it ended)."""
    with exclusive(db):
        pass


def leftovers(db: Path, names: list[str] | None = None) -> list[Path]:
    """Temp files of this journal's rotating backups that never got their rename (a backup
    killed mid-copy), with SQLite's side files: never backups, removed by the next daily one."""
    pattern = re.compile(rf"^(?:{_names(db)})-[0-9]{{8}}T[0-9]{{6}}Z(?:-[0-9]+)?\.db\.tmp(?:-wal|-shm|-journal)?$")
    return [backups_dir(db) / name for name in (listing(db) if names is None else names) if pattern.match(name)]


def rotate(db: Path, keep: int, made: Path | None = None, *, ahead: Sequence[Ahead] = ()) -> list[Path]:
    """Delete all but the newest `keep` rotating backups, by their stamps; returns what was
    removed. `made`, the backup just made, stays whatever its stamp: backups dated later
    (by a clock that was ahead) once made every new daily backup the oldest, removed at once.
    The backups `ahead` (`ahead_of`: holding writes the journal lost) stay too: a week of
    daily backups of a journal copied without its -wal rotated every copy that had them away (S379)."""
    others = [path for _, path in backups(db) if path != made]
    doomed = others[: max(len(others) - max(keep, 1) + (made is not None), 0)]
    kept = {a.path for a in ahead}
    doomed = [path for path in doomed if path not in kept]
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def compact(conn: sqlite3.Connection) -> None:
    """After a purge: rebuild the search index from the entries (its segments still hold the
    words of deleted entries; a merge ('optimize') no longer drops them with SQLite 3.53's FTS5),
    fold the WAL into the file and rewrite it, so no page keeps old text."""
    from journal.store import search  # here: every open imports this module, few purge

    search.rebuild(conn)  # both indexes: the words and the trigrams
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("VACUUM")


def managed_copies(db: Path) -> list[Path]:
    """Every copy of the journal it makes by itself: rotating backups, the backup taken before
    a migration (`<name>.bak-<step>-<stamp>`) and the journal kept aside by a restore."""
    found = [path for _, path in backups(db)]
    beside = names_in(db.parent)
    for kind, skipped in ((".bak-", ("-journal", *SIDE_FILES, ".tmp")), (".pre-restore-", ("-journal", *SIDE_FILES))):
        names = (name for name in beside if name.startswith(db.name + kind) and not name.endswith(skipped))
        found += sorted(p for p in (db.parent / name for name in names) if p.is_file())
    return found


def scrub_backups(db: Path, entry_ids: list[str]) -> tuple[int, list[Path]]:
    """Delete purged entries from the rotating backups too: purge means gone for good.

    Each backup is changed in one transaction (secure_delete, links cascade, the search
    index follows through its triggers), then vacuumed and left without -wal/-shm files.
    Returns (backups scrubbed, backups that could not be); a failure leaves that backup as it was.
    """
    with exclusive(db):  # a daily backup being made now is finished first, then scrubbed too
        return _scrub(db, entry_ids)


def _scrub(db: Path, entry_ids: list[str]) -> tuple[int, list[Path]]:
    scrubbed, failed = 0, []
    for path in managed_copies(db):
        try:
            # Opening read-write first rolls back a hot -journal left by a scrub that was killed
            # (it holds the old pages, purged text included); the scrub then starts over.
            conn = engine.connect(f"file:{quote(os.fsencode(path))}?mode=rw", path, uri=True, isolation_level=None,
                                  timeout=2.0)
            try:
                conn.execute("PRAGMA secure_delete=ON")
                conn.execute("PRAGMA foreign_keys=ON")
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("UPDATE drafts SET entry_id = NULL WHERE entry_id IN "
                             f"({', '.join('?' * len(entry_ids))})", entry_ids)
                conn.executemany("DELETE FROM entries WHERE id = ?", [(i,) for i in entry_ids])
                conn.execute("COMMIT")
                from journal.store import search

                search.rebuild(conn)
                conn.execute("VACUUM")
                conn.execute("PRAGMA journal_mode=DELETE")
                ok = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            finally:
                conn.close()
        except (engine.Error, engine.Locked):  # a copy under an earlier passphrase cannot be opened (S413)
            ok = False
        if ok:
            scrubbed += 1
        else:
            failed.append(path)
    return scrubbed, failed


def change_count(conn: sqlite3.Connection) -> int | None:
    """The journal's count of write transactions (None before migration m002)."""
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'changes'").fetchone()
    except engine.Error:
        return None
    return row[0] if row else None


@record(frozen=True)
class Ahead:
    """A rotating backup holding what the journal lost."""

    path: Path
    changes: int
    """How many more saved changes it holds than the journal (0 or less: not more)."""
    entries: int
    """Entries it holds that the journal has not (neither kept nor in the trash, nor purged)."""


def ahead_of(db: Path, journal: sqlite3.Connection) -> list[Ahead]:
    """The rotating backups of `db` holding writes `journal` (its connection, or a copy just
    made of it) lost, oldest first: more saved changes, or entries it has not (neither kept, in
    the trash, purged through sync, nor merged into their twin). A journal copied
    without its -wal loses both (C22); by the count alone, a week of writes caught it up and
    the backups that still had the entries were rotated away (S379). Backups made before the
    journal was last restored hold entries it was restored without on purpose: counted by
    their changes only (a restore raises the journal's count above theirs)."""
    ours = change_count(journal)
    if ours is None:
        return []
    have: set[object] = {row[0] for row in journal.execute("SELECT id FROM entries")}
    have.update(row[0] for row in _rows(journal, "SELECT entry_id FROM sync_purged"))
    # an entry imported from another app that met its twin here (the same jrnl or Day One entry
    # imported on two devices: store/transfer.twin_here) lives on under the other's id (S410)
    have.update(_rows(journal, "SELECT source, source_id FROM entries WHERE source IS NOT NULL"))
    restored = next((int(str(row[0])) for row in _rows(journal, "SELECT value FROM meta WHERE key = 'restored_at'")), 0)
    found = []
    for stamp, path, copy in _opened_backups(db):
        try:
            theirs = change_count(copy) or 0
            lacking = 0 if stamp.timestamp() < restored else \
                sum(1 for entry_id, *source in copy.execute("SELECT id, source, source_id FROM entries")
                    if entry_id not in have and (source[0] is None or tuple(source) not in have))
        except engine.Error:
            continue
        if theirs > ours or lacking:
            found.append(Ahead(path, theirs - ours, lacking))
    return found


def _opened_backups(db: Path) -> Iterator[tuple[datetime, Path, sqlite3.Connection]]:
    """Each rotating backup of `db`, oldest first, opened read-only and closed after its turn;
    one damaged, or under an earlier passphrase, is passed over."""
    for stamp, path in backups(db):
        try:
            copy = open_for_inspection(path)
        except (engine.Error, engine.Locked):
            continue
        try:
            yield stamp, path, copy
        finally:
            copy.close()


def _rows(conn: sqlite3.Connection, sql: str) -> list[tuple[object, ...]]:
    """The rows of `sql`, none when the journal predates its table."""
    try:
        return [tuple(row) for row in conn.execute(sql)]
    except engine.Error:
        return []


def raise_count_above_backups(restored: Path, db: Path, now: datetime) -> None:
    """After a restore the journal counts as newer than every backup, and the backups made
    before it are no longer asked for the entries it was restored without, so doctor stays quiet."""
    conn = engine.connect(f"file:{quote(os.fsencode(restored))}?mode=rw", restored, uri=True, isolation_level=None)
    try:
        ours = change_count(conn)
        if ours is None:
            return
        newest = max((change_count(copy) or 0 for _, _, copy in _opened_backups(db)), default=0)
        conn.execute("UPDATE meta SET value = ? WHERE key = 'changes'", (max(ours, newest) + 1,))
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('restored_at', ?)", (int(now.timestamp()) + 1,))
    finally:
        conn.close()


def backup_settings(data: dict[str, object] | None = None) -> tuple[bool, int, list[str]]:
    """`[backup] daily` and `keep` (config.KEYS: true/false, default true; 1 to 1000, default 7)
    from config data, or config.toml when none is given: (daily, keep, problems). A bad value
    falls back to its default; the problems are the `[backup]` lines of the config check."""
    from journal import config

    checked = config.settings() if data is None else config.check_settings(data)
    problems = [p for p in checked.problems if p.startswith("[backup]") or "[backup] " in p]
    return checked.flag("backup.daily"), checked.number("backup.keep"), problems
