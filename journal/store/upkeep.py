"""The doctor's checks: integrity, links, indexes, schema, drafts, permissions, backups, config.

Everything here only *looks*: it opens the file read-only, and when no `-wal` file exists,
`immutable=1` as well, so a damaged journal is never written to, not even a WAL
checkpoint. Checks that SQLite only runs on a writable connection (FTS5's
'integrity-check') run on an in-memory copy made through the backup API. The two repairs
doctor offers (`--fix-perms`, `--fix-tags`) are the only writes, and only when asked.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sqlite3
import stat
from journal.record import record
from datetime import datetime, timedelta
from glob import escape as glob_escape
from pathlib import Path

from journal import config
from journal.domain.text import plural
from journal.store import engine
from journal.process import holder_alive, holders_dir
from journal.store import migrations, search
from journal.store.crypt import TEMP_SUFFIX as CONVERT_SUFFIX
from journal.store.db import read_only_reason
from journal.store.backups import SIDE_FILES, ahead_of, backups, backups_dir, change_count, managed_copies, unreadable


@record
class Check:
    """One line of the doctor's report. `status` is ok, warn, fail or info."""

    name: str
    status: str
    detail: str

    @property
    def problem(self) -> bool:
        return self.status in ("warn", "fail")


def integrity(conn: sqlite3.Connection, *, full: bool = False) -> Check:
    pragma = "integrity_check" if full else "quick_check"
    try:
        rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}(20)")]
    except engine.Error as exc:
        return Check(pragma, "fail", f"{exc}. Restore a backup with `journal restore FILE`.")
    if rows == ["ok"]:
        return Check(pragma, "ok", "ok")
    # SQLite may give several problems in one row, a line each (S187: "1 problem(s)" then 20 lines)
    # ...and heads them with the database's name ("*** in database main ***"), no problem itself (S398)
    problems = [line for row in rows for line in str(row).splitlines()
                if line.strip() and not line.startswith("*** in database")]
    problems = problems or ["(not named by SQLite)"]
    count = f"{len(problems)} or more" if len(problems) >= 20 else str(len(problems))
    return Check(pragma, "fail",
                 f"{count} problem(s), first: {problems[0]}. Restore a backup with `journal restore FILE`.")


def foreign_keys(conn: sqlite3.Connection) -> Check:
    try:
        rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    except engine.Error as exc:
        return Check("foreign_key_check", "fail", str(exc))
    if not rows:
        return Check("foreign_key_check", "ok", "ok")
    tables = sorted({r[0] for r in rows})
    return Check("foreign_key_check", "fail", f"{len(rows)} broken link(s) in {', '.join(tables)}")


def fts(conn: sqlite3.Connection) -> Check:
    """The search indexes (words, and since m011 trigrams): FTS5's own integrity-check of each
    and their row counts against the entries, on a memory copy. Entries a large import left for
    the indexer (store/search_index.py) are indexed in the copy first: the check is of the
    indexes as they will be, and the line says how many are still waiting."""
    from journal.store import search_index

    try:
        names = search.present(conn)
        entries = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        waiting = search_index.left(conn)
    except engine.Error as exc:
        return Check("search index", "fail", f"cannot read it ({exc})")
    counts: dict[str, int] = {}
    try:
        copy = engine.connect(":memory:", None, key=engine.key_of(conn), isolation_level=None)
        try:
            conn.backup(copy)
            search_index.index_all(copy)
            for name in names:
                counts[name] = copy.execute(f"SELECT count(*) FROM {name}_docsize").fetchone()[0]
                copy.execute(f"INSERT INTO {name}({name}) VALUES('integrity-check')")
        finally:
            copy.close()
    except engine.Error as exc:
        indexed = min(counts.values(), default=0)
        return Check("search index", "fail", f"integrity-check failed ({exc}); {entries} entries, {indexed} indexed")
    for name, count in counts.items():
        if count != entries:
            what = "" if name == "entries_fts" else " for substrings"
            return Check("search index", "fail", f"{plural(entries, 'entry', 'entries')} but {count} indexed{what}")
    if waiting:
        return Check("search index", "info", f"{plural(waiting, 'entry', 'entries')} of an import still being "
                     "indexed in the background (`journal search` finishes it); the rest ok")
    return Check("search index", "ok", f"ok ({plural(entries, 'entry', 'entries')} indexed)")


def tags(conn: sqlite3.Connection) -> Check:
    """`entry_tags` (what tag filters read) against `entries.tags` (the source of truth)."""
    try:
        drift = migrations.tag_drift(conn)
    except engine.Error as exc:
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
    except engine.Error as exc:
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


def dead_pid_drafts(conn: sqlite3.Connection, journal: Path) -> Check:
    """Drafts held by a window still open, and drafts left by a closed session.

    A draft is held while the lock its row names (`holder`, journal/process.py) is locked;
    the kernel frees it when that process ends, so no pid is trusted (a pid is reused).
    Only looks: a free lock's file is left for the app to tidy. Drafts from before m006
    have no holder and count as left.
    """
    try:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(drafts)")}
        rows = conn.execute(f"SELECT {'holder' if 'holder' in columns else 'NULL'} FROM drafts").fetchall()
    except engine.Error as exc:
        return Check("drafts", "fail", f"cannot read drafts ({exc})")
    if not rows:
        return Check("drafts", "ok", "none")
    held = sum(1 for (token,) in rows if holder_alive(journal, token, tidy=False))
    return Check("drafts", "info",
                 f"{len(rows)} draft(s): {held} open in a window, {len(rows) - held} left by a closed session "
                 "(the app offers to recover them)")


def permission_targets(path: Path) -> list[tuple[Path, int]]:
    """Every file and folder that holds journal text, with the mode it should have.

    `path` is the journal's real location (store/db.locate); a symlinked backups folder is
    followed to its target. Links met inside are listed too, and `permissions` leaves them be.
    """
    targets = [(path.parent, 0o700), (path, 0o600)]
    targets += [(Path(f"{path}{s}"), 0o600) for s in SIDE_FILES]
    # the copies it keeps beside itself (before a migration, aside by a restore) hold the whole
    # journal too, and the lock folder names its processes (S289)
    targets += [(p, 0o600) for p in managed_copies(path) if p.parent == path.parent]
    targets.append((holders_dir(path), 0o700))
    folder = Path(os.path.realpath(backups_dir(path)))
    if folder.is_dir():
        targets.append((folder, 0o700))
        with contextlib.suppress(OSError):  # a folder that cannot be listed: backup_report says so
            targets += [(p, 0o600) for p in sorted(folder.iterdir()) if p.is_file() or p.is_symlink()]
    return [(p, mode) for p, mode in targets if os.path.lexists(p)]


def link_report(given: Path, real: Path) -> Check | None:
    """Doctor's note when the journal is reached through a symbolic link (catalogue K88)."""
    if os.path.abspath(given) == str(real):
        return None
    return Check("link", "info", f"{given} leads through a symbolic link to {real}: permissions, backups "
                 "and lock files are checked and kept there; the link itself is left alone")


def writable(path: Path) -> Check | None:
    """A journal that can only be read here: WARN, never ok (catalogue K87)."""
    reason = read_only_reason(path, folder=True)
    if reason is None:
        return None
    return Check("writable", "warn", f"read-only: {path} {reason}. Reading works, but nothing can be saved "
                 "(no entry, draft or backup); make it writable, or copy the journal's folder elsewhere")


def _set_mode(target: Path, wanted: int) -> int:
    """chmod `target` (never through a link) and return the mode it has afterwards."""
    try:
        fd = os.open(target, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except PermissionError:  # a file its owner may not read: chmod by name, once sure it is no link
        if stat.S_ISLNK(os.lstat(target).st_mode):
            raise OSError(errno.ELOOP, "it is a symbolic link") from None
        os.chmod(target, wanted)
        return stat.S_IMODE(os.lstat(target).st_mode)
    try:
        info = os.fstat(fd)
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
            raise OSError(errno.EINVAL, "not a regular file or folder")
        os.fchmod(fd, wanted)
        return stat.S_IMODE(os.fstat(fd).st_mode)
    finally:
        os.close(fd)


def permissions(path: Path, *, fix: bool = False) -> list[Check]:
    """The mode and owner of every target. `fix` reports only what really changed: a link is
    never changed (nor what it points to), and a chmod that fails or does not take is a WARN."""
    checks = []
    uid = os.geteuid()
    for target, wanted in permission_targets(path):
        info = os.lstat(target)
        label = f"mode {target}"
        if stat.S_ISLNK(info.st_mode):
            checks.append(Check(label, "info", "a symbolic link: left alone (its mode means nothing)"))
            continue
        mode = stat.S_IMODE(info.st_mode)
        if info.st_uid != uid:
            checks.append(Check(label, "warn", f"owned by uid {info.st_uid}, not you (uid {uid})"))
        if mode & 0o077:
            if fix:
                try:
                    now = _set_mode(target, wanted)
                except OSError as exc:
                    checks.append(Check(label, "warn", f"{mode:04o}: could not change it "
                                        f"({exc.strerror or exc}); others can read it"))
                    continue
                checks.append(Check(label, "ok", f"was {mode:04o}, now {now:04o}") if now == wanted else
                              Check(label, "warn", f"was {mode:04o}, still {now:04o} after chmod"))
            else:
                checks.append(Check(label, "warn",
                                    f"{mode:04o}: others can read it. Run `journal doctor --fix-perms`."))
        else:
            checks.append(Check(label, "ok", f"{mode:04o}"))
    return checks


def backup_report(db: Path, now: datetime) -> Check:
    if os.path.lexists(backups_dir(db)) and not backups_dir(db).is_dir():
        return Check("backups", "warn", f"{backups_dir(db)} is a file, not a folder: no backup can be made there. "
                     "Move it away; the next write makes the folder.")
    why_not = unreadable(db)
    if why_not is not None:
        return Check("backups", "warn", f"{backups_dir(db)} cannot be read ({why_not}): no backup can be made or "
                     "found there, while writes go on. Give it back to yourself (`chmod 700`, or `chown` after a "
                     "`sudo journal`).")
    found = backups(db)
    if not found:
        return Check("backups", "warn", f"none in {backups_dir(db)}. Run `journal backup`.")
    stamp, newest = found[-1]
    age = now - stamp
    hours = age.total_seconds() / 3600
    if hours < -1:  # a clock that was wrong then or is now, or a copy named by hand
        ahead = sum(1 for stamp, _ in found if stamp > now + timedelta(hours=1))
        return Check("backups", "warn", f"{len(found)} in {backups_dir(db)}, {ahead} dated in the future (newest "
                     f"{newest.name}): was the clock wrong? They count as the newest, so fewer of today's are kept; "
                     "once sure this clock is right, move them out of the folder.")
    text = f"{len(found)} in {backups_dir(db)}, newest {newest.name} ({max(hours, 0):.0f} h old)"
    return Check("backups", "warn" if age > timedelta(days=7) else "ok", text)


def against_backups(conn: sqlite3.Connection, db: Path) -> Check | None:
    """Catalogue C22: a journal that has lost writes one of its own backups holds.

    The usual cause is a copy of the file made without its `-wal` (a `cp` while the app
    was open), which holds none of the changes still waiting in the WAL. Every backup is
    asked (`backups.ahead_of`: its entries, its count of changes), not only the newest: the
    next daily backup copies the journal that lost them, and one write hid the loss (S379).
    """
    ours = change_count(conn)
    if ours is None or not backups(db):
        return None
    ahead = ahead_of(db, conn)
    if not ahead:
        return Check("changes", "ok", f"{ours} saved changes; no backup holds a write the journal lacks")
    most = max(ahead, key=lambda a: (a.entries, a.changes))
    name = most.path.name
    lost = (f"its backup {name} holds {plural(most.entries, 'entry', 'entries')} it does not have" if most.entries
            else f"it has {plural(most.changes, 'saved change')} fewer than its backup {name}")
    return Check("changes", "fail",
                 f"the journal lost writes: {lost}. It may be a copy made without its -wal file. Restore the "
                 f"backup with `journal restore {most.path}` (the current file is kept aside; `journal import` of it "
                 "brings back only the entries), and copy journals with `journal backup`, never cp.")


def config_report() -> list[Check]:
    """One WARN line per problem of config.toml (config.settings: unreadable, a value of the
    wrong type or out of range, an unknown table or key), else one ok line; nothing without a
    file. Commands use the defaults instead of what is wrong; doctor is where it shows."""
    try:
        path = config.config_file()
    except config.NoHome as exc:
        return [Check("config", "warn", f"{exc} Until then every setting has its default.")]
    if not os.path.lexists(path):
        return []
    problems = config.settings().problems
    if not problems:
        return [Check("config", "ok", str(path))]
    return [Check("config", "warn", problem if problem.startswith(str(path)) else f"{path}: {problem}")
            for problem in problems]


def unfinished_purge(conn: sqlite3.Connection) -> Check | None:
    """A purge that has not scrubbed every copy yet (it was killed, or a backup would not open)."""
    from journal.store.entries import pending_scrubs

    pending = pending_scrubs(conn)
    if not pending:
        return None
    count = sum(len(ids) for _, ids in pending)
    return Check("purge", "fail", f"a purge of {count} entr{'y' if count == 1 else 'ies'} has not scrubbed every "
                 "backup yet, so their text may still be in one: run `journal purge` to finish it")


def editor_files(folder: Path) -> list[Path]:
    """The $EDITOR hand-off's scratch files in `folder` (cli/editor.edit_text names them)."""
    return sorted(folder.glob(".journal-edit-*.md")) if folder.is_dir() else []


def editor_leftovers(db: Path, scratch: Path | None = None) -> Check | None:
    """Text typed in $EDITOR by an `add` or `edit` that was killed (or its terminal closed) before
    it saved: its scratch file stayed beside the journal (S290), or, for an encrypted journal, in
    the private tmpfs it is written to instead (`scratch`: lost at the next reboot, S338)."""
    found = editor_files(db.parent) + (editor_files(scratch) if scratch and scratch != db.parent else [])
    if not found:
        return None
    return Check("editor", "warn", f"{len(found)} file(s) of text typed in the editor that was never saved "
                 f"(a command stopped while the editor was open, or one open now): {editor_files_words(found)}, "
                 "then delete them.")


def editor_files_words(found: list[Path]) -> str:
    """The kept scratch files, each with how its text is saved: an edit's (named for its entry)
    with `journal edit ID < FILE`, which applies it; any other with `journal add < FILE` (S339:
    one hint for all of them sent an add's text over an entry)."""
    def one(path: Path) -> str:
        match = re.fullmatch(r"\.journal-edit-([0-9a-f]{6,})-\w+\.md", path.name)
        return f"{path} (`journal {f'edit {match[1]}' if match else 'add'} < FILE` saves it)"

    return "; ".join(one(p) for p in found[:3]) + (f"; and {len(found) - 3} more" if len(found) > 3 else "")


def leftovers(db: Path) -> Check | None:
    """Temp files of a backup or restore that was killed before its rename (never a backup)."""
    found = sorted(backups_dir(db).glob("*.tmp*")) if backups_dir(db).is_dir() else []
    found += sorted(db.parent.glob(f"{glob_escape(db.name)}.*.tmp*"))  # restore and pre-migration temps
    if not found:
        return None
    names = ", ".join(str(p) for p in found[:3]) + (" …" if len(found) > 3 else "")
    if any(p.name.endswith(CONVERT_SUFFIX) for p in found):  # an encrypt's, decrypt's or re-key's (S512)
        return Check("leftovers", "warn", f"{len(found)} unfinished file(s) from an interrupted encrypt, decrypt or "
                     f"passphrase change: {names}. They may hold the journal's text in plain and are not backups: "
                     "delete them (the next command that unlocks the journal does).")
    return Check("leftovers", "warn", f"{len(found)} unfinished file(s) from an interrupted backup or restore: "
                 f"{names}. They are not backups; delete them.")
