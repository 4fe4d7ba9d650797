"""Sync between devices through a folder another program syncs (Syncthing, Dropbox, a git
clone): this device writes out its changes as change files in its own subfolder and applies
every other device's files it has not applied yet. The live journal never goes into the
folder. The rules are in docs/ARCHITECTURE.md ("Sync"); the SQL in store/sync.py; the files
in io/sync_files.py.
"""

from __future__ import annotations

import os
import uuid
from collections import Counter
from collections.abc import Callable
from journal.record import field, record
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal import config
from journal.domain.dates import utc_text
from journal.domain.errors import BadValue, JournalError, StorageError
from journal.services.session import Session

if TYPE_CHECKING:
    import sqlite3

    from journal.io.sync_files import Listing


Ask = Callable[[str], str | None]
"""The front end's question for a passphrase."""


@record
class SyncReport:
    folder: Path
    device: str
    written: int = 0
    """Records this device wrote out (in one new change file, or none)."""
    files_applied: int = 0
    removed: int = 0
    """This device's own change files removed (every device had applied them)."""
    outcomes: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    """Other devices' change files skipped for good (another key, damaged, a plain device's), by
    the way on for each (io/sync_files.Unreadable.way): the sync is not whole until they are
    dealt with (`journal sync` exits 1 saying each way: S257, S296)."""
    refused: list[str] = field(default_factory=list)
    """The notes of the files counted in `skipped`, each naming its file (an automatic sync shows
    them: a stray in this device's own folder is tried once, and `journal sync` would not name it again)."""
    alerts: list[str] = field(default_factory=list)
    """Lines an automatic sync shows too (the notes are `journal sync`'s alone)."""

    def lines(self) -> list[str]:
        out = [f"Synced with {self.folder}: wrote {self.written} change(s), applied {self.files_applied} file(s) "
               f"from other devices"
               + (": " + ", ".join(f"{n} {what}" for what, n in sorted(self.outcomes.items()) if n) if
                  any(self.outcomes.values()) else "") + "."]
        if self.removed:
            out.append(f"Removed {self.removed} older change file(s) of this device: every device has applied them.")
        if self.outcomes["untrashed"]:
            out.append(f"{self.outcomes['untrashed']} entr(y/ies) moved to the trash here had been changed on another "
                       "device meanwhile: the newer version is back out of the trash (what it said when trashed here "
                       "is kept as a draft); `journal delete ID` trashes it again.")
        if self.outcomes["purged, edit kept"]:
            out.append(f"{self.outcomes['purged, edit kept']} entr(y/ies) changed here had been purged on another "
                       "device: the entry is gone, your version is kept as a draft of a new entry: `journal drafts` "
                       "(the terminal UI offers it).")
        if self.outcomes["conflict"]:
            out.append(f"{self.outcomes['conflict']} entry version(s) changed here lost to a newer change made on "
                       "another device before yours reached it; yours are kept as drafts: `journal drafts` (the "
                       "terminal UI offers them).")
        return out + self.alerts + self.notes

    def take(self, part: SyncReport) -> None:
        """Add what applying files reported (`Sync._apply`'s pass that committed)."""
        self.files_applied += part.files_applied
        self.outcomes.update(part.outcomes)
        self.skipped.update(part.skipped)
        self.refused += part.refused
        self.notes += part.notes
        self.alerts += part.alerts


@record
class SyncStatus:
    folder: Path | None
    device: str | None
    pending: int
    devices: list[tuple[str, int, str]]
    conflicts: int
    earlier: list[tuple[str, int, str]] = field(default_factory=list)
    """Devices this journal applied files of that have none in the folder: those of a folder it
    synced with before (or whose files were removed from this one); `devices` are the folder's."""
    behind: list[tuple[str, int, int]] = field(default_factory=list)
    """(device, this device's files it says it has applied, the last this device wrote) for each
    device in the folder that is behind: while it is, this device's older files stay there (S195)."""
    refused: str | None = None
    """Why a sync with the folder is refused as things are (a plain journal in a folder encrypted
    journals use, S246): said by `--status` too, which otherwise read as all well (S479)."""
    waiting: list[tuple[str, int]] = field(default_factory=list)
    """(device, its change files in the folder not applied here) for each other device with some:
    a sync applies them, or says why it cannot (another passphrase, damaged). Without it a device
    whose files this one cannot read was not in the status at all (S485)."""


FILE_RECORDS = 2000
"""At most this many records in one change file."""
COMPACT_AFTER = 500
"""When this device has this many change files, it writes the whole journal anew (a snapshot)
and, once every other device has applied everything before it, removes its older files."""


class Sync:
    """`journal sync`: write out, then apply; `status` for `journal sync --status`."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def kept_folder(self) -> str | None:
        """The folder this journal syncs with when none is given (`Session.sync_folder`): the one
        it synced with last, else the default journal's in config.toml. The config's alone made a
        second journal's `journal sync DIR` redirect the first one's automatic syncs (S287), and
        a journal that had never synced take another's folder (S511)."""
        return self.session.sync_folder()

    def folder(self, given: str | os.PathLike[str] | None) -> Path:
        """The folder to sync with: the one given (remembered in config), else `kept_folder`."""
        if given is None:
            kept = self.kept_folder()
            if not kept:
                raise BadValue("No sync folder yet: `journal sync DIR` names the folder another program syncs "
                               "(it is remembered).")
            folder = Path(kept).expanduser()
        else:
            folder = Path(given).expanduser()
        folder = Path(os.path.abspath(folder))
        if any("\ud800" <= char <= "\udfff" for char in str(folder)):  # bytes of another encoding (S162)
            raise BadValue("That folder's name is not valid UTF-8, and config.toml, which remembers it, can only "
                           "hold UTF-8: choose a folder whose name is. Nothing was changed.")
        journal_folder = self.session.path.parent
        if folder == journal_folder or journal_folder.is_relative_to(folder) or folder.is_relative_to(
                journal_folder):
            raise BadValue(f"{folder} holds the journal itself (or is inside its folder): a synced copy of a live "
                           "database gets corrupted. Choose another folder; nothing was synced.")
        if folder.exists() and not folder.is_dir():
            raise BadValue(f"{folder} is not a folder; nothing was synced.")
        if (given is not None and config.settings().text("sync.folder") != str(folder)
                and config.is_default_journal(self.session.path)):  # the default journal's alone (S511)
            config.save_setting("sync", "folder", str(folder))
        return folder

    def run(self, given: str | os.PathLike[str] | None = None, ask: Ask | None = None) -> SyncReport:
        """Write out, apply, compact. `ask` gets the passphrase of an encrypted journal the first
        time it syncs with a folder (the files' key is derived from it and kept in the journal)."""
        from journal.store import sync as rows

        folder = self.folder(given)
        if given is None and not folder.exists():  # made again, it took the journal where no sync goes (S358)
            raise StorageError(f"The sync folder {folder} is not there (a drive not mounted, or the program that syncs "
                               "it moved or removed it?); nothing was synced. Once it is back, `journal sync`; "
                               "another folder: `journal sync DIR`.")
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise StorageError(f"Cannot make the sync folder {folder} ({exc.strerror}); nothing was synced.") from None
        s = self.session
        s.check_writable(" Nothing was synced.")
        sealer = self._sealer(folder, ask)
        with s.writing() as conn:  # a damaged journal is refused before anything goes out (S293)
            device = rows.get_state(conn, "device") or uuid.uuid4().hex[:16]
            moved = not rows.enable(conn, device) and rows.get_state(conn, "folder") != str(folder)
            if moved:  # a new folder gets the whole journal as a snapshot, not only what comes next
                rows.ask_for_snapshot(conn)
            rows.set_state(conn, "folder", str(folder))
        from journal.io import sync_files

        report = SyncReport(folder, device)
        # files in this device's folder past the last this journal wrote, before it writes again (S152)
        wrote = int(rows.get_state(s.conn, "file_seq") or 0)
        own = sync_files.own_files(folder, device)
        strays = [(n, path) for n, path in own if n > wrote]
        # a write of this journal's own that was stopped (killed) after its files were in the folder
        # and before its transaction committed: those files are its own, not a copy's (S256)
        interrupted = rows.get_state(s.conn, "writing") == "1"
        if not moved:  # (a folder moved to holds none of the files this journal wrote before)
            self._resend_if_gone(wrote, {n for n, _ in own}, report)
        self._write_out(folder, device, sealer, report, snapshot=rows.get_state(s.conn, "snapshot_next") == "1")
        if self._apply(folder, device, sealer, report, strays, interrupted):  # a copy syncs as this device too
            with s.write() as conn:
                device = uuid.uuid4().hex[:16]
                rows.new_device(conn, device)
            report.alerts.append(f"Another copy of this journal syncs as device {report.device} too: this journal "
                                 f"syncs as device {device} from now on (its files hold the whole journal).")
            report.device = device
            self._write_out(folder, device, sealer, report)
        elif rows.get_state(s.conn, "snapshot_asked") == "1":  # by what was applied (a purge: S191)
            with s.write() as conn:
                rows.ask_for_snapshot(conn)
                conn.execute("DELETE FROM sync_state WHERE key = 'snapshot_asked'")
            self._write_out(folder, device, sealer, report, snapshot=True)
        self._drop_unreadable(folder, device, report)
        self._compact(folder, device, sealer, report)
        return report

    def _drop_unreadable(self, folder: Path, device: str, report: SyncReport) -> None:
        """Once the snapshot sealed under the folder's salt is out, this device's files sealed
        under the salt it gave up (`_sealer`) go: no device opens them any more, and everything
        they held went out again."""
        from journal.io import sync_files
        from journal.store import sync as rows

        upto = rows.get_state(self.session.conn, "sealed_before")
        if upto is None or rows.get_state(self.session.conn, "snapshot_next") == "1":
            return
        old = [path for seq, path in sync_files.own_files(folder, device) if seq <= int(upto)]
        try:
            for path in old:
                path.unlink(missing_ok=True)
        except OSError:
            return  # the next sync tries again
        with self.session.write() as conn:
            conn.execute("DELETE FROM sync_state WHERE key = 'sealed_before'")
        if old:
            report.notes.append(f"Removed {len(old)} change file(s) of this device sealed under the folder's earlier "
                                "salt (two devices set the folder up at once): no device can read them, and "
                                "everything they held went out again under the folder's salt.")

    def _resend_if_gone(self, wrote: int, present: set[int], report: SyncReport) -> None:
        """Files this device wrote since its latest snapshot that are no longer in the folder (a
        cloud put back an older state of it, a file deleted): what they held would never reach
        the other devices, and nobody would know (S196). Everything goes out again, now."""
        from journal.store import sync as rows

        first = int(rows.get_state(self.session.conn, "snapshot_first") or 1)
        gone = [n for n in range(first, wrote + 1) if n not in present]
        if not gone:
            return
        with self.session.write() as conn:
            rows.ask_for_snapshot(conn)
        report.notes.append(f"{len(gone)} change file(s) this device wrote are gone from the folder (an older state of "
                            "it put back, or deleted): this device writes everything again.")

    def _plain_refused(self, folder: Path) -> str | None:
        """Why this plain journal may not sync with `folder`, or None: encrypted journals sync
        there, so its files would be plain text in their folder (a decrypted device's snapshot
        holds every entry, theirs too), and none of theirs can be read here anyway (S246)."""
        from journal.io import sync_files
        from journal.store import sync as rows

        if (folder / sync_files.FOLDER_SALT).exists():
            return (f"{folder} carries encrypted journals and this one is not encrypted: its entries would go there "
                    "as plain text. Encrypt it with their passphrase (`journal encrypt`), or, once no journal "
                    f"syncing there is encrypted, delete {sync_files.FOLDER_SALT} from it.")
        # their salt file not arrived yet (S295); the sealed files of devices known here may be left
        # from before every device was decrypted and the salt file deleted (S151): they go with
        # those devices' next snapshots
        if sealed := sync_files.sealed_devices(folder):
            conn = self.session.conn
            sealed -= {rows.get_state(conn, "device") or "", *(device for device, _, _ in rows.devices(conn))}
        if sealed:
            return (f"{folder} holds encrypted change files of device {min(sealed)}, and this journal is not "
                    "encrypted: its entries would go there as plain text. Encrypt it with that journal's "
                    "passphrase (`journal encrypt`), or sync into another folder.")
        return None

    def _sealer(self, folder: Path, ask: Ask | None) -> Any:
        """None for a plain journal; for an encrypted one, the files' key: derived once from the
        journal's passphrase and the folder's salt, then kept in the journal (encrypted with it)."""
        from journal.io import sync_files
        from journal.services import unlocking
        from journal.store import engine
        from journal.store import sync as rows

        path = self.session.path
        if not engine.is_encrypted(path):
            if refused := self._plain_refused(folder):
                raise StorageError(f"{refused} Nothing was synced.")
            return None
        try:
            salt = sync_files.folder_salt(folder)
            kept = rows.get_state(self.session.conn, "files_key:" + salt.hex())
            if kept is None:
                passphrase = unlocking.passphrase_from_environment()
                if passphrase is None and ask is not None:
                    passphrase = ask(f"Passphrase of {path} (once, to set up encrypted sync): ")
                if not passphrase:
                    raise StorageError("An encrypted journal's first sync with a folder needs its passphrase: run "
                                       "`journal sync` on a terminal (or with JOURNAL_PASSPHRASE_FILE). Nothing was "
                                       "synced.")
                journal_key = engine.key_for(path)
                if journal_key is None or engine.Key.derive(passphrase, journal_key.salt).raw != journal_key.raw:
                    raise StorageError("That is not this journal's passphrase; nothing was synced. Try again.")
                kept = engine.Key.derive(passphrase, salt).raw.hex()
                with self.session.write() as conn:
                    # Files this journal sealed under another salt (two devices set the folder
                    # up at once, and the cloud kept the other's salt file) are read by no device:
                    # everything goes out again under this one (S190).
                    again = rows.has_state_like(conn, "files_key:%")
                    rows.set_state(conn, "files_key:" + salt.hex(), kept)
                    if again:
                        rows.ask_for_snapshot(conn)
                        # and they go once it is out (`_drop_unreadable`): left, every other device
                        # said for each that it was sealed under another passphrase (stop 41)
                        rows.set_state(conn, "sealed_before", rows.get_state(conn, "file_seq") or "0")
            return sync_files.Sealer(bytes.fromhex(kept))
        except sync_files.Unreadable as problem:
            raise StorageError(f"Cannot sync: {problem}. Nothing was synced.") from None

    def _write_out(self, folder: Path, device: str, sealer: Any, report: SyncReport, *,
                   snapshot: bool = False) -> None:
        """Everything changed since the last sync, as change files of at most FILE_RECORDS records
        (a first sync of a big journal is many files: memory stays flat on both sides). With
        `snapshot` (the log holds every row), those files are this device's latest snapshot."""
        from journal.domain.merge import version_of
        from journal.io import sync_files
        from journal.store import sync as rows

        if rows.has_pending(self.session.conn):  # committed before any file is written, gone with the write
            with self.session.write() as conn:
                rows.set_state(conn, "writing", "1")
        with self.session.write() as conn:
            conn.execute("DELETE FROM sync_state WHERE key = 'writing'")
            upto, changed = rows.pending(conn)
            seq = int(rows.get_state(conn, "file_seq") or 0)
            first = sync_files.next_seq(folder, device, seq)
            for start in range(0, len(changed), FILE_RECORDS):
                records: list[dict[str, Any]] = []
                versions: list[tuple[str, str, str]] = []
                for kind, row_id in changed[start:start + FILE_RECORDS]:
                    record = rows.record_of(conn, kind, row_id)
                    if record is None:
                        at = utc_text(self.session.now())
                        if kind == "entry":  # purged here
                            rows.note_purged(conn, row_id, at)
                            records.append({"kind": "purge", "id": row_id, "at": at,
                                            "base": rows.base_of(conn, kind, row_id)})
                        elif kind == "practice":  # a shortlist deleted here (`of`: a Threefold before it ignores it)
                            records.append({"kind": "purge", "of": "practice", "id": row_id, "at": at,
                                            "base": rows.base_of(conn, kind, row_id)})
                        continue
                    records.append({"kind": kind, "base": rows.base_of(conn, kind, row_id), "row": record})
                    versions.append((kind, row_id, version_of(record)))
                if not records:
                    continue
                seq = sync_files.next_seq(folder, device, seq)
                try:
                    sync_files.write(folder, device, seq, records, sealer)
                except OSError as exc:
                    raise StorageError(f"Cannot write to the sync folder {folder} ({exc.strerror}); nothing was "
                                       "synced. Check the folder and try again.") from None
                for kind, row_id, version in versions:
                    rows.written(conn, kind, row_id, version)
                report.written += len(records)
            rows.written_out(conn, upto)
            rows.set_state(conn, "file_seq", str(seq))
            if snapshot:  # (an empty journal's snapshot is no file: every file before it can go)
                rows.set_state(conn, "snapshot_first", str(first))
                rows.set_state(conn, "snapshot_last", str(seq if seq < first else max(seq, first)))
                conn.execute("DELETE FROM sync_state WHERE key = 'snapshot_next'")

    def _apply(self, folder: Path, device: str, sealer: Any, report: SyncReport,
               strays: list[tuple[int, Path]], interrupted: bool = False) -> bool:
        """Apply every change file not applied yet: the other devices', and `strays`, the files
        in this device's own folder that this journal did not write (S152: it was restored from a
        backup, or a copy of it syncs too), and every conflict copy of a change file not applied
        yet (S294). True when a copy is alive and this journal must take an id of its own: such
        strays keep coming, or a conflict copy is in its own folder (two journals wrote one
        file as this device). `interrupted`: this journal's last write
        was stopped before it committed, and the strays are its own files: applied (their
        versions are the ones here), never taken for a copy's (S256).

        All of it is one transaction, first with no savepoint: a savepoint per file (so that one
        file that cannot be applied holds up no other, S193) made each write cost more the more
        the transaction held before it, ~1 ms an entry at 10,000 (SQLite's in-memory statement
        journal, S453). When a file fails, that pass is rolled back whole and done again with a
        savepoint per file."""
        from journal.io import sync_files
        from journal.store import engine
        from journal.store import search_index
        from journal.store import sync as rows

        found = sync_files.listing(folder, device)
        report.notes += found.notes
        for careful in (False, True):
            part = SyncReport(folder, device)
            try:
                with self.session.write() as conn:
                    done = self._apply_files(conn, found, device, sealer, strays, part, careful=careful)
            except _FileFailed:
                continue
            break
        report.take(part)
        for other, _seq, path, _conflict in done.waiting:
            report.notes.append(f"{other}/{path.name} links to a goal, mentorship or entry not synced here yet; "
                                "it waits for the next sync.")
        report.outcomes.pop("same", None)
        if done.deferred and (left := search_index.left(self.session.conn)):
            search_index.start(self.session.path, engine.key_of(self.session.conn))
            report.notes.append(f"search: {left:,} entries are being indexed in the background (a few seconds for "
                                "10,000); a search meanwhile finishes that first.")
        with self.session.write() as conn:
            taken = [n for n, _ in done.strays if rows.applied(conn, device, n)]
            if not taken or interrupted:
                return done.own_conflict
            seen = int(rows.get_state(conn, "copy_seen") or 0)
            rows.set_state(conn, "copy_seen", str(max(taken)))
        report.notes.append(f"{device}/: applied {len(taken)} file(s) of this device's own folder that this journal "
                            "did not write (it was restored from a backup, or a copy of it syncs too).")
        return done.own_conflict or bool(seen)  # the second time: a copy is still writing as this device

    def _apply_files(self, conn: sqlite3.Connection, found: Listing, device: str, sealer: Any,
                     strays: list[tuple[int, Path]],
                     report: SyncReport, *, careful: bool) -> _Applied:
        """`_apply`'s transaction. Not `careful`: a file that cannot be applied raises
        `_FileFailed` (the caller rolls back and comes again careful); `careful`: each file in a
        savepoint of its own, one that fails rolled back alone, said, and skipped."""
        from journal.io import sync_files
        from journal.store import engine
        from journal.store import search_index, transfer
        from journal.store import sync as rows

        done = _Applied()
        transfer.defer_foreign_keys(conn)
        left_open = {goal_id for goal_id, _ in rows.open_goals_in_ended(conn)}
        # (device, seq, path, the state key that records a conflict copy applied, by its name)
        todo: list[tuple[str, int, Path, str | None]] = [
            (d, n, p, None) for d, n, p in found.files if not rows.applied(conn, d, n)]
        done.strays = [(n, path) for n, path in strays if not rows.applied(conn, device, n)]
        todo += [(device, n, path, None) for n, path in done.strays]
        for d, n, p in found.conflicts:  # each looked at once, by its name
            if rows.get_state(conn, key := f"conflict_copy:{d}/{p.name}") is not None:
                continue
            if sync_files.duplicate(p, n):  # a cloud's own copy, byte for byte: nothing to apply
                rows.set_state(conn, key, "duplicate")
            else:
                todo.append((d, n, p, key))
        for attempt in range(2):  # a file that links to rows of a file not yet applied waits for it
            done.waiting = []
            for other, seq, path, conflict in todo:
                try:
                    change = sync_files.read(path, other, seq, sealer)
                except sync_files.Unreadable as problem:
                    if attempt == 0:
                        report.notes.append(f"{other}/{path.name} {problem}.")
                        if not problem.retry:
                            report.skipped[problem.way] += 1
                            report.refused.append(report.notes[-1])
                    continue
                missing = rows.missing_links(conn, change.records)
                if missing:
                    done.waiting.append((other, seq, path, conflict))
                    continue
                before = rows.last_log_seq(conn)
                outcomes: Counter[str] = Counter()
                if not done.deferred and \
                        sum(r["kind"] == "entry" for r in change.records) >= transfer.BULK_MIN_ENTRIES:
                    search_index.defer(conn)  # as a large import: indexed for search after the commit
                    done.deferred = True
                if careful:
                    conn.execute("SAVEPOINT change_file")
                try:
                    for record in _ordered(change.records):
                        if record["kind"] == "purge" and record.get("of") == "practice":
                            outcomes[rows.remove_practice(conn, record["id"], record.get("base"))] += 1
                        elif record["kind"] == "purge":
                            outcomes[rows.purge(conn, record["id"], record["at"], record.get("base"))] += 1
                        else:
                            outcomes[rows.apply(conn, record["kind"], record["row"], record.get("base"))] += 1
                except (engine.Error, JournalError, KeyError, TypeError, ValueError, AttributeError) as exc:
                    if not careful:
                        raise _FileFailed from exc
                    conn.execute("ROLLBACK TO change_file")
                    conn.execute("RELEASE change_file")
                    if attempt == 0:
                        report.notes.append(
                            f"{other}/{path.name} holds a record this version cannot apply "
                            f"({getattr(exc, 'sqlite_errorname', None) or type(exc).__name__}): skipped, the "
                            "other files applied.")
                        report.skipped[sync_files.UNKNOWN_RECORD] += 1
                        report.refused.append(report.notes[-1])
                    continue
                if careful:
                    conn.execute("RELEASE change_file")
                report.outcomes.update(outcomes)
                rows.forget_echo(conn, before)
                if conflict is None:
                    rows.mark_applied(conn, other, seq, utc_text(self.session.now()))
                else:
                    rows.set_state(conn, conflict, utc_text(self.session.now()))
                    report.notes.append(f"{other}/{path.name}: a conflict copy made by the sync engine (two "
                                        "copies of one journal wrote that file as one device): applied.")
                    done.own_conflict |= other == device
                report.files_applied += 1
            todo = done.waiting
            if not done.waiting:
                break
        for goal_id, line in rows.open_goals_in_ended(conn):  # met in a sync: said, with the way out
            (report.notes if goal_id in left_open else report.alerts).append(line[0].upper() + line[1:] + ".")
        return done

    def _compact(self, folder: Path, device: str, sealer: Any, report: SyncReport) -> None:
        """Say what this device has applied (its `applied.json`); write a snapshot (the whole
        journal anew) when its own files have piled up; remove its files from before the latest
        snapshot once every device in the folder has applied that snapshot (with all before it,
        or the snapshot in their place): a device that joins later starts from the snapshot."""
        from journal.io import sync_files
        from journal.store import sync as rows

        conn = self.session.conn
        said = {other: sync_files.read_acks(folder, other) for other in sync_files.other_devices(folder, device)}
        applied = {other: rows.applied_without_gap(conn, other, acks.snapshot if acks else None)
                   for other, acks in said.items()}
        first = int(rows.get_state(conn, "snapshot_first") or 0)
        last = int(rows.get_state(conn, "snapshot_last") or 0)
        try:
            sync_files.write_acks(folder, device, sync_files.Acks(applied, (first, last) if first else None))
        except OSError:
            return  # the next sync says it again
        own = sync_files.own_files(folder, device)
        if len([seq for seq, _ in own if seq > last]) >= COMPACT_AFTER:
            with self.session.write() as write:
                rows.log_everything(write)
            self._write_out(folder, device, sealer, SyncReport(folder, device), snapshot=True)
            return
        old = [path for seq, path in own if seq < first]
        if not old:
            return
        if any(acks is None or acks.applied.get(device, 0) < last for acks in said.values()):
            return  # a device has not applied the whole snapshot yet
        for path in old:
            path.unlink(missing_ok=True)
        report.removed = len(old)

    def automatic(self) -> bool:
        """Whether this journal syncs by itself: a folder is configured and this journal has
        synced before (another journal of the same person, opened with --db, stays out)."""
        from journal.store import engine
        from journal.store import sync as rows

        if not self.kept_folder():
            return False
        try:
            return rows.get_state(self.session.conn, "enabled") == "1"
        except engine.OperationalError:  # a read-only journal not upgraded to m009 on disk
            return False

    def after_writing(self) -> list[str]:
        """After a command: sync when a folder is configured and this journal has changes not
        written out yet (a command that changed nothing costs one lookup). Quiet when all is
        well; otherwise the lines to show. A sync that fails never fails the command."""
        from journal.domain.errors import JournalError
        from journal.store import sync as rows

        if not self.kept_folder() or not rows.has_pending(self.session.conn):
            return []
        try:
            report = self.run(None)  # never asks: a first encrypted sync is `journal sync`'s
        except JournalError as problem:
            return [f"Not synced: {problem}"]
        except Exception as problem:  # (a database error, a bug): the command's own change is saved
            return [f"Not synced ({type(problem).__name__}); your change is saved. `journal sync` says more."]
        lines = [line for line in report.lines()[1:] if line not in report.notes]  # `journal sync` shows those
        if report.skipped:  # never silent: that device's changes are not here (S480); each file named
            lines.append(f"{report.skipped.total()} change file(s) cannot be applied here (`journal sync --status` "
                         "shows the devices waiting):")  # here: a stray of this device's folder is tried once (S554)
            lines += report.refused
        return lines

    def status(self) -> SyncStatus:
        from journal.store import engine
        from journal.store import sync as rows

        from journal.io import sync_files

        conn = self.session.conn
        kept = self.kept_folder()
        conflicts = conn.execute("SELECT count(*) FROM drafts WHERE offered = 0").fetchone()[0]
        device = rows.get_state(conn, "device")
        found = SyncStatus(Path(kept) if kept else None, device, rows.pending_count(conn), [], conflicts)
        there = found.folder is not None and found.folder.is_dir()
        here = set(sync_files.other_devices(found.folder, device or "")) if there and found.folder else set()
        for seen in rows.devices(conn):  # a folder not there (unmounted, moved) tells nothing of its devices
            (found.devices if seen[0] in here or not there else found.earlier).append(seen)
        if there and found.folder is not None:
            done = rows.applied_files(conn)
            waiting = Counter(d for d, n, _ in sync_files.listing(found.folder, device or "").files
                              if (d, n) not in done)
            found.waiting = sorted(waiting.items())
        if there and found.folder is not None and not engine.is_encrypted(self.session.path):
            found.refused = self._plain_refused(found.folder)
        wrote = int(rows.get_state(conn, "file_seq") or 0)
        if found.folder is not None and device is not None and wrote:
            for other in sync_files.other_devices(found.folder, device):
                acks = sync_files.read_acks(found.folder, other)
                applied = acks.applied.get(device, 0) if acks is not None else 0
                if applied < wrote:
                    found.behind.append((other, applied, wrote))
        return found


class _FileFailed(Exception):
    """A change file could not be applied in a pass without savepoints: roll back, come again careful."""


@record
class _Applied:
    """What `Sync._apply_files` leaves to `_apply`."""

    waiting: list[tuple[str, int, Path, str | None]] = field(default_factory=list)
    """Files that link to rows not synced here yet."""
    strays: list[tuple[int, Path]] = field(default_factory=list)
    """This device's own files not written by this journal, not applied before."""
    own_conflict: bool = False
    deferred: bool = False
    """Indexing for search was left to the background (a large change file)."""


def _ordered(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Mentorships, then goals, practice documents, entries (each kind in the file's order), purges last."""
    order = {"mentorship": 0, "goal": 1, "practice": 2, "entry": 3, "purge": 4}
    return sorted(records, key=lambda record: order[record["kind"]])
