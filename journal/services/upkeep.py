"""Looking after the journal file: backups, the doctor's report, restoring a backup.

`doctor`, `verify_backup` and `restore_backup` work on a path, without an open journal:
they must run on a file that cannot be opened, and restore must hold no connection.
"""

from __future__ import annotations

import contextlib
import os
from journal.record import record
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from journal import config
from journal.services.unlocking import Ask, unlock
from journal.store import engine
from journal.clock import Clock
from journal.domain.dates import parse_stamp
from journal.domain.errors import BadValue, JournalError, StorageError
from journal.domain.text import for_terminal
from journal.services.session import Session
from journal.store.backups import managed_copies
from journal.store.db import JournalMissing, backup_to, data_version, locate, open_for_inspection, storage_error

if TYPE_CHECKING:
    from journal.store.upkeep import Check


class Upkeep:
    """Backups of one open journal."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def backup(self, target: str | os.PathLike[str] | None = None, *, replace: bool = False) -> Path:
        """Copy the journal through SQLite's backup API to `target` (a file, or a folder to put
        it in, named as in the backups folder; default: the backups folder, where the daily
        backups rotate). Checked, 0600, atomic; one clear line on failure. A file already there
        is replaced only with `replace` (it may be anything: another journal, a thesis), and
        the folder must exist (S207)."""
        from journal.io.files import why
        from journal.services.outputs import refuse_own_files

        from journal.store import backups

        journal = self.session.path
        path = Path(target).expanduser() if target else None
        shown = str(path or backups.backups_dir(journal))
        if path is not None and str(target).endswith(os.sep) and not path.is_dir():  # a folder meant (S396)
            raise StorageError(f"There is no folder {shown}: make it first (`mkdir -p {shown}`), or name a file. "
                               "The journal is unchanged.")
        try:
            if path is not None and path.is_dir():
                path = backups.backup_name(journal, self.session.now(), folder=path)
            if path is not None:
                refuse_own_files(journal, path, allow_backups=True)
                _refuse_to_clobber(path, replace)
                if os.path.realpath(path.parent) != os.path.realpath(backups.backups_dir(journal)):
                    return backup_to(self.session.conn, path)
            with backups.exclusive(journal):  # after a daily backup being made (its name may be ours)
                return backup_to(self.session.conn, path or backups.backup_name(journal, self.session.now()))
        except OSError as exc:
            # mkdir of the backup's folder says EEXIST when a part of the path is a file
            reason = "a part of the path is a file, not a folder" if isinstance(exc, FileExistsError) else why(exc)
            raise StorageError(f"Cannot write the backup {shown}: {reason}. The journal is unchanged.") from None
        except engine.Error as exc:
            name = getattr(exc, "sqlite_errorname", "") or ""
            if name == "SQLITE_FULL" or "disk is full" in str(exc):
                raise StorageError(f"Cannot write the backup {shown}: no space left on the device. "
                                   "The journal is unchanged.") from None
            raise

    def data_version(self) -> int:
        """Changes whenever another connection commits (for refreshing views)."""
        return data_version(self.session.conn)


def backups_folder(db: Path) -> Path:
    """Where the backups of the journal at `db` are: beside its real file (`journal paths`, S400)."""
    from journal.store.backups import backups_dir

    return backups_dir(Path(os.path.realpath(db)))


def doctor(path: str | os.PathLike[str] | None = None, *, clock: Clock | None = None,
           full: bool = False, fix_perms: bool = False, fix_tags: bool = False,
           ask: Ask | None = None) -> tuple[Path, list[Check]]:
    """Health report of the journal at `path`: (path, [Check]).

    Read-only, unless asked to mend permissions (`fix_perms`) or the tag index (`fix_tags`).
    An encrypted journal is unlocked first (`ask`: the front end's passphrase question);
    it is checked like any other once unlocked.
    """
    from journal.store import sync as sync_rows
    from journal.store import upkeep

    given, _ = config.db_path(path)
    clock = clock or Clock()
    try:
        chosen = locate(given)  # a device, pipe, socket or broken link is named, never opened (K91)
    except JournalMissing:
        return given, [upkeep.Check("file", "fail", f"no journal at {given}. Run `journal init`.")]
    except StorageError as exc:
        return given, [upkeep.Check("file", "fail", str(exc))]
    if chosen.stat().st_size == 0:
        return chosen, [upkeep.Check("file", "fail", f"{given} is empty, not a journal")]
    if engine.is_encrypted(chosen):
        try:
            unlock(chosen, ask)
        except JournalError as exc:
            return chosen, [upkeep.Check("encryption", "fail", str(exc))]
    # Everything below looks at the real file and folder, never at a link on the way (K88).
    read_only = upkeep.writable(chosen)
    checks: list[Check | None] = [upkeep.link_report(given, chosen), read_only,
                                  *upkeep.permissions(chosen, fix=fix_perms), _encryption(chosen)]
    if fix_tags:
        try:
            checks.append(upkeep.fix_tags(chosen))
        except StorageError as exc:
            checks.append(upkeep.Check("tags", "fail", str(exc)))
    try:
        conn = open_for_inspection(chosen)
    except engine.Error as exc:
        problem = str(storage_error(exc, chosen))
        name = getattr(exc, "sqlite_errorname", "") or ""
        if read_only and name == "SQLITE_CANTOPEN":
            problem = ("cannot be read where it is: its -wal file holds changes that SQLite cannot read without "
                       "writing beside it. Copy the journal's folder to a writable place and run doctor there")
        elif name.startswith("SQLITE_CORRUPT"):
            problem = (f"damaged: SQLite cannot read {chosen}. Restore a backup with `journal restore FILE` "
                       "(the backups line names the newest)")
        checks.insert(0, upkeep.Check("file", "fail", problem))
        checks += [upkeep.backup_report(chosen, clock.now())]
        return chosen, [check for check in checks if check is not None]
    try:
        integrity, schema = upkeep.integrity(conn, full=full), upkeep.schema(conn)
        found: list[Check | None] = [integrity, schema]
        if integrity.status == "ok" and schema.status in ("ok", "info"):
            found += [upkeep.foreign_keys(conn), upkeep.fts(conn), upkeep.tags(conn),
                      upkeep.dead_pid_drafts(conn, chosen), upkeep.against_backups(conn, chosen),
                      upkeep.unfinished_purge(conn), sync_rows.ended_mentorship_check(conn)]
    finally:
        conn.close()
    found += checks
    from journal.store import daily_backup

    daily = daily_backup.doctor_check(chosen)  # found damaged, or being made now (its temp file is no leftover)
    making = daily is not None and daily.status == "info"
    found += [upkeep.backup_report(chosen, clock.now()), daily, None if making else upkeep.leftovers(chosen),
              upkeep.editor_leftovers(chosen, _runtime_folder()), *upkeep.config_report()]
    return chosen, [check for check in found if check is not None]


def _runtime_folder() -> Path | None:
    """$XDG_RUNTIME_DIR, where an encrypted journal's $EDITOR text is written (services/privacy)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    return Path(runtime) if os.path.isabs(runtime) else None


def _encryption(path: Path) -> Check:
    """Whether the journal is encrypted, whether config wants it to be, and whether the copies
    it keeps follow it."""
    from journal.services.privacy import plain_copies_in_backups, require_encryption_problem, status
    from journal.store import crypt
    from journal.store import upkeep

    problem = require_encryption_problem(path)
    if problem:
        return upkeep.Check("encryption", "fail", problem)
    if engine.is_encrypted(path):
        plain = crypt.copies_to_convert(path, True)
        if plain:
            copies = "1 kept copy is" if len(plain) == 1 else f"{len(plain)} kept copies are"
            return upkeep.Check("encryption", "fail", f"{copies} not encrypted (a conversion was interrupted): "
                                "the next command encrypts them")
        strangers = [p for p in managed_copies(path) if engine.key_for(p) is None]
        if strangers:
            return upkeep.Check("encryption", "warn", f"{len(strangers)} backup(s) open only with an earlier "
                                "passphrase (a passphrase change was interrupted); restore asks for it")
        if note := plain_copies_in_backups(path):
            return upkeep.Check("encryption", "warn", note)
    return upkeep.Check("encryption", "ok", status(path))


def verify_backup(source: str | os.PathLike[str], ask: Ask | None = None) -> int:
    """Check that `source` is a sound journal this version can read; returns its entry count.
    An encrypted backup of another journal is unlocked with its own passphrase (`ask`)."""
    from journal.store import restore as restoring

    backup = Path(source).expanduser()
    if engine.is_encrypted(backup) and backup.is_file():
        unlock(backup, ask)
    return restoring.verify_backup(backup)


@record(frozen=True)
class RestoreChoice:
    """What `journal restore FILE` asks about: the backup's and the journal's entries, the last
    change of each (local time) and how many entries of the journal the backup lacks or holds in
    an older version (they live on only in the journal's .pre-restore copy)."""

    backup_entries: int
    backup_last: datetime | None
    journal_entries: int | None
    """None: there is no journal there yet (or it cannot be read: restore mends that)."""
    journal_last: datetime | None
    newer: int
    drafts: int = 0
    """The journal's drafts the backup does not hold (unsaved text, S343)."""
    records: int = 0
    """Its goals, milestones, mentorships, vision, profile or shortlists made or changed since."""


def restore_choice(source: str | os.PathLike[str], path: str | os.PathLike[str] | None = None, *,
                   clock: Clock | None = None, ask: Ask | None = None) -> RestoreChoice:
    """The backup checked (`verify_backup`) and set beside the journal it would replace."""
    from journal.store import restore as restoring

    backup = Path(source).expanduser()
    count = verify_backup(backup, ask)
    zone = (clock or Clock()).tzinfo
    _, last = restoring.changes(backup)
    chosen = config.db_path(path)[0]
    entries: int | None = None
    last_here: str | None = None
    newer = drafts = records = 0
    try:
        real = locate(chosen)
    except StorageError:  # no journal there (or a path restore refuses: it says so)
        real = None
    if real is not None:
        if engine.is_encrypted(real):
            unlock(real, ask)  # restore_backup needs it next all the same
        with contextlib.suppress(engine.Error, StorageError):  # unreadable: the backup mends it
            entries, last_here = restoring.changes(real)
            newer, drafts, records = restoring.left_behind(real, backup)
    return RestoreChoice(count, _local(last, zone), entries, _local(last_here, zone), newer, drafts, records)


def _local(stamp: str | None, zone: tzinfo) -> datetime | None:
    moment = parse_stamp(stamp)
    return moment.astimezone(zone) if moment else None


def restore_backup(source: str | os.PathLike[str], path: str | os.PathLike[str] | None = None, *,
                   clock: Clock | None = None, ask: Ask | None = None) -> tuple[Path, Path | None, int, str | None]:
    """Replace the journal with a verified backup: (journal path, where the old one was kept,
    entries, a line on what its passphrase and kept copies became or None).

    An encrypted journal or backup is unlocked first (`ask`); the restored file keeps the
    backup's own state, except that a plain backup never replaces an encrypted journal, nor any
    journal where encryption is required: refused, with the way to do it (S161)."""
    from journal.store import restore as restoring

    # The real file is replaced, never a link to it, and the temp file sits beside it (K88); a
    # device, pipe or socket at the path is refused untouched (K91).
    chosen = locate(config.db_path(path)[0], create=True)
    encrypted = engine.is_encrypted(chosen)
    if encrypted:
        unlock(chosen, ask)
    backup = Path(source).expanduser()
    count = verify_backup(backup, ask)
    from journal.services.privacy import required

    if (encrypted or required(chosen)) and not engine.is_encrypted(backup):
        raise BadValue(f"{backup} is a plain backup and would make the journal unencrypted; nothing was changed. "
                       f"Encrypt a copy of it first (`journal --db COPY encrypt`) and restore that copy.")
    if backup.resolve() == chosen.resolve():
        raise BadValue("That is the journal itself, not a backup of it.")
    current = engine.key_for(chosen) if encrypted else None
    kept = restoring.restore(backup, chosen, (clock or Clock()).now())
    return chosen, kept, count, _follow_restored(chosen, current)


def _follow_restored(journal: Path, current: engine.Key | None) -> str | None:
    """After a restore (S181), what the journal's passphrase and kept copies became, as one line
    (None: nothing changed there). A backup taken under an earlier passphrase is re-keyed to the
    journal's current one (the passphrase chosen last stays the one that opens it, as its kept
    copies do); an encrypted backup over a plain journal makes it encrypted, and its kept copies
    (plain so far) are encrypted at once, never left in plain text beside it."""
    from journal.store import crypt

    if not engine.is_encrypted(journal):
        return None
    restored = engine.key_for(journal)  # known by its salt since the backup was checked
    if current is not None:
        if restored is None or restored.hex() == current.hex():
            return None
        crypt.rekey(journal, restored, current, "run `journal restore` again")
        return "The backup was under an earlier passphrase; the restored journal opens with the current one."
    crypt.finish_conversion(journal)
    left = crypt.copies_to_convert(journal, True)
    from journal.services.privacy import plain_editor_text

    return ("The journal is now encrypted, as the backup was: commands ask for its passphrase; "
            + ("its kept copies were encrypted too." if not left else
               f"{len(left)} kept copy(ies) could not be encrypted yet (the next command tries again).")
            + (f" {note}" if (note := plain_editor_text(journal)) else ""))


def _refuse_to_clobber(path: Path, replace: bool) -> None:
    """A backup's own file name: never over a file unasked, never into a folder not there."""
    shown = for_terminal(str(path), single_line=True)
    if (path.is_symlink() or path.is_file()) and not replace:  # a device is refused as one (backup_to)
        raise BadValue(f"{shown} already exists; nothing was written. Give a new name or a folder, "
                       "or add --replace to overwrite it.")
    if not os.path.lexists(path.parent):  # one that is a file is said by the write (C21)
        raise BadValue(f"Cannot back up to {shown}: the folder {for_terminal(str(path.parent), single_line=True)} "
                       "does not exist. Create it first; nothing was written.")
