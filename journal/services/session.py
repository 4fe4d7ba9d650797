"""An open journal: its connection, its file, its clock, and the lookups every use case shares.

Front ends never hold a Session themselves; they get a `Journal` (services/__init__), whose
use-case services each keep a reference to the one Session of that journal.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

from journal import config
from journal.store import engine, in_use
from journal.clock import Clock
from journal.domain.dates import Span, When, parse_ahead, parse_day, parse_span, parse_target, parse_when, reading_note
from journal.domain.errors import JournalError, NotFound, StorageError
from journal.domain.model import ID_CHARACTERS, Entry, Goal, GoalRef, Mentorship
from journal.domain.text import for_terminal
from journal.store import entries as entry_rows
from journal.store import goals as goal_rows
from journal.store import mentorships as mentorship_rows
from journal.store.db import WrongKey, check_writable, locate, open_journal, write_tx
from journal.store.db import connect as connect_file

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/ARCHITECTURE.md, start-up)
if TYPE_CHECKING:
    import sqlite3


def new_id() -> str:
    """A fresh row id: a random (version 4) UUID in its usual text form, as `str(uuid.uuid4())`
    makes it, without importing `uuid` (with the `platform` it imports, ~1.5 ms of every `add`;
    issue 20). Tests replace this for stable snapshots."""
    raw = bytearray(os.urandom(16))
    raw[6] = raw[6] & 0x0F | 0x40  # version 4
    raw[8] = raw[8] & 0x3F | 0x80  # the RFC 4122 variant
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _let_go(real: Path, held: int | None, fresh: bool) -> None:
    """An open that failed: its lock let go, and the holders folder it made beside a file that is
    no journal removed (S558)."""
    in_use.release(held)
    if fresh:
        in_use.tidy(real)


class Session:
    """One open journal file and the clock its dates are relative to."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Clock) -> None:
        self.conn = conn
        self.path = path
        self.clock = clock
        self._backup_checked_until: datetime | None = None
        """Until when no daily backup can be due (the newest is recent, or one was just started):
        a process open for days (the TUI) looks again after that, not once for its life (S342)."""
        self.reading = False
        """A session that only reads (`reader`: another thread's), never writes."""
        self._held: int | None = None
        """The descriptor of this process's share of the journal's open lock (store/in_use.py)."""
        self.notices: list[str] = []
        """What a write that was saved found wrong after its commit (its daily backup found the
        journal damaged, or a backup holding writes it lost: S380), or kept beside it (the version a
        draft replaced, as a draft: S502): the front end says them."""
        zone = clock.tzinfo

        def local_day(stamp: str | None) -> str | None:
            """SQL `local_day(stamp)`: the day a stored UTC moment fell on in the clock's zone."""
            try:
                return datetime.fromisoformat(stamp or "").astimezone(zone).date().isoformat()
            except ValueError:
                return None

        conn.create_function("local_day", 1, local_day, deterministic=True)  # store/goals: the day written (S249)

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *, clock: Clock | None = None,
             create: bool | None = None, ask: Callable[[str], str | None] | None = None,
             key: engine.Key | None = None) -> Session:
        """Open the journal at `path` (or $JOURNAL_DB, or the default, created on first run).

        `path` is resolved once to the real file (a symlinked file or folder): everything kept
        beside the journal (backups, lock files, the editor's scratch file) goes beside that.
        An encrypted journal is unlocked first (services/unlocking.py; `ask` is the front
        end's question for its passphrase); a new journal made with `key` is encrypted.
        """
        chosen, is_default = config.db_path(path)
        make = is_default if create is None else create
        real = locate(chosen, create=make)
        unlocked = key is None and engine.is_encrypted(real)
        if unlocked:
            from journal.services.unlocking import unlock

            unlock(real, ask, trusted=True)  # the open below is the trial open of a key the kernel kept
        elif key is not None:
            engine.remember(key)  # its backups, and its sync files, use it too
        fresh = in_use.made_here(real)
        held = in_use.hold(real)  # a restore never replaces the file under this process (S508)
        try:
            try:
                conn = open_journal(real, create=make, key=key)
            except WrongKey:
                if not unlocked:
                    raise
                # a remembered key gone stale in the kernel's cache (the passphrase changed since):
                # dropped, and the key looked for again, checked this time (S538)
                from journal.services.unlocking import distrust

                distrust(real)
                unlock(real, ask)
                conn = open_journal(real, create=make, key=key)
        except engine.Locked as locked:  # a file whose salt is not the journal's (a foreign copy)
            _let_go(real, held, fresh)
            raise StorageError(f"{locked.path} is encrypted with a key this journal does not know.") from None
        except BaseException:
            _let_go(real, held, fresh)
            raise
        session = cls(conn, real, clock or Clock())
        session._held = held
        return session

    @property
    def read_only(self) -> str | None:
        """Why nothing can be written to this journal (a read-only mount, file or folder), or None."""
        reason: str | None = getattr(self.conn, "read_only", None)
        return reason

    def check_writable(self, note: str = "") -> None:
        """Refuse, in one line ending with `note`, when nothing can be written here."""
        check_writable(self.conn, note)

    def sync_folder(self) -> str | None:
        """The folder this journal syncs with when none is given: the one it synced with last,
        else config.toml's `[sync] folder`, which only the default journal takes (and writes): a
        second journal's bare `journal sync` went into the first one's folder, the two journals
        merged there (S511). Found without the sync code (every command asks)."""
        from journal.store.db import sync_folder

        kept = config.settings().text("sync.folder")
        return sync_folder(self.conn) or (kept if kept and config.is_default_journal(self.path) else None)

    def close(self) -> None:
        self.conn.close()
        in_use.release(self._held)
        self._held = None

    def reader(self) -> Session:
        """This journal on a connection of its own that only reads, for another thread (sqlite3
        connections belong to the thread that made them): same file, key and clock. A journal
        that cannot be written may be an older schema upgraded in memory: it is opened that way again."""
        if self.read_only:
            conn = open_journal(self.path)
        else:
            conn = connect_file(self.path, read_only=True, key=engine.key_of(self.conn))
        reader = Session(conn, self.path, self.clock)
        reader.reading = True
        return reader

    def interrupt(self) -> None:
        """Stop the query running on this connection, from any thread (it fails with the engine's
        error); nothing happens when none runs or the connection is closed."""
        try:
            self.conn.interrupt()
        except engine.Error:
            pass

    # ----------------------------------------------------------------- time
    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        return self.clock.today()

    def when(self, text: str) -> When:
        """A typed date and time ('yesterday 18:00'), resolved against today; a numeric date with
        two readings in the order config.date_order says, a moment with an offset moved into
        the clock's zone (its `note` says so)."""
        return parse_when(text, self.today(), order=config.date_order, zone=self.clock.tzinfo)

    def day(self, text: str) -> date:
        """A typed day ('next friday'), resolved against today."""
        return parse_day(text, self.today(), order=config.date_order, zone=self.clock.tzinfo)

    def ahead(self, text: str) -> date:
        """A typed day a plan names ('friday': the next one), resolved against today
        (domain.dates.parse_ahead)."""
        return parse_ahead(text, self.today(), order=config.date_order, zone=self.clock.tzinfo)

    def span(self, text: str) -> Span:
        """The days a typed filter date takes: a period ('june 2013', 'last week') whole, any
        other date its one day (domain.dates.parse_span)."""
        return parse_span(text, self.today(), order=config.date_order, zone=self.clock.tzinfo)

    def date_note(self, text: str, *, ahead: bool) -> str | None:
        """How a typed day that could surprise was read (domain.dates.reading_note), or None."""
        return reading_note(text, self.today(), ahead=ahead, order=config.date_order, zone=self.clock.tzinfo)

    def target_day(self, text: str, kept: date | None = None) -> date:
        """A typed target date ('end of march': the next one), today or later unless it is `kept`
        (the date the goal already has): domain.dates.parse_target."""
        return parse_target(text, self.today(), kept, order=config.date_order, zone=self.clock.tzinfo)

    @staticmethod
    def new_id() -> str:
        return new_id()

    # --------------------------------------------------------------- writing
    def write(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """One BEGIN IMMEDIATE transaction on the journal."""
        return write_tx(self.conn)

    @contextlib.contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, then (the first of a process, once a day) the daily backup,
        after the commit and off the user's path (store/daily_backup.py)."""
        check_writable(self.conn)  # a read-only journal gets no copy either
        keep = self._backup_due()
        with write_tx(self.conn) as conn:
            yield conn
        if keep is not None:
            self._start_backup(keep)

    def _backup_checked(self) -> bool:
        """No daily backup can be due yet (a read-only journal gets none)."""
        until = self._backup_checked_until
        return bool(self.read_only) or (until is not None and self.now() < until)

    def _backup_due(self) -> int | None:
        """`[backup] keep` when the daily backup is due, else None: looked at by a process's first
        write, and again once the newest backup has stopped being recent (S342).

        The hot path is one listdir when a recent backup exists. Config: `[backup] daily`
        (default true) and `keep` (default 7). A journal its last backup found damaged is
        refused here, before anything is written, and a new check of it starts.
        """
        if self._backup_checked():
            return None
        from journal.store import backups

        now = self.now()
        names = backups.listing(self.path)
        if backups.damage_marker(self.path).name in names and self._refuse_if_damaged(names):
            return None  # checked again here and found sound
        if (newest := backups.recent_backup(self.path, now, names=names)) is not None:
            self._backup_checked_until = newest + backups.DAILY
            return None
        daily, keep, _ = backups.backup_settings(config.read_config())
        if not daily:
            self._backup_checked_until = now + backups.DAILY
            return None
        return keep

    def _refuse_if_damaged(self, names: list[str]) -> bool:
        """Refuse the write when the last daily backup found this journal damaged (a new check
        starts: here for a small journal, which lets the write through if sound: True)."""
        from journal.store import backups, daily_backup

        found = daily_backup.damage_found(self.path, names)
        if found is not None:  # every write is refused (and starts a check) until it is cleared
            keep = backups.backup_settings(config.read_config())[1]
            try:
                if daily_backup.start(self.conn, self.path, self.now(), keep, check=True) is not None:
                    return True
            except (OSError, engine.Error, StorageError):  # Damaged included: refused below
                pass
            raise StorageError(daily_backup.damaged_message(self.path, found))
        return False

    def _start_backup(self, keep: int) -> None:
        """After a commit: the daily backup, here (a small journal) or in a detached child.
        The write is saved whatever happens to its backup; damage found is recorded for the
        next write and for doctor, and said in `notices`, as is a backup holding changes the
        journal lacks; any other failure shows in doctor's backup age."""
        from journal.store import backups, daily_backup

        self._backup_checked_until = self.now() + backups.DAILY
        try:
            made = daily_backup.start(self.conn, self.path, self.now(), keep)
        except daily_backup.Damaged:
            self.notices.append(f"Saved, but the daily backup found the journal {self.path} damaged and kept no "
                                "copy: run `journal doctor` and restore a backup (further writes are refused).")
            return
        except Exception:  # the write has committed: nothing may say it failed
            return
        if made is not None and made.lost:  # told by the backup just made here (a large journal's child: doctor)
            self.notices.append("The journal has lost writes one of its backups holds (a copy made without its "
                                "-wal?); that backup is kept. `journal doctor` says how to bring them back.")

    def auto_backup(self) -> Path | None:
        """The daily backup now, in this process, before a large write (an import): when due,
        it is made here (waiting for one being made elsewhere), and a damaged journal is
        refused before anything is written. Returns the backup made, if any."""
        if self._backup_checked():
            return None
        keep = self._backup_due()
        if keep is None:
            return None
        from journal.store import backups, daily_backup

        self._backup_checked_until = self.now() + backups.DAILY

        try:
            with backups.exclusive(self.path):
                made = daily_backup.make(self.path, self.now(), keep, self.conn)
                return made.path if made is not None else None
        except daily_backup.Damaged as exc:
            raise StorageError(str(exc)) from None

    # ------------------------------------------------------------ references
    def entry(self, ref: str) -> Entry:
        """The entry an id or id prefix names (trashed entries included).

        A reference that cannot be an id at all (`zzzz`, a word) matches nothing, and the
        message says where ids come from and how to find an entry by its words; only a
        short one that could be an id is asked to be longer (entry_rows.resolve).
        """
        wanted = ref.strip().lower()
        if wanted and not set(wanted) <= ID_CHARACTERS:
            import shlex

            shown = for_terminal(ref.strip(), single_line=True)[:40]
            raise NotFound(f"No entry matches '{shown}': it is not an entry id (the codes `journal list` shows, "
                           f"0-9 and a-f). `journal search {shlex.quote(shown)}` finds entries by their words.")
        return entry_rows.get(self.conn, entry_rows.resolve(self.conn, ref))

    def goal(self, ref: str) -> Goal:
        """The goal an id prefix or a title prefix names."""
        return goal_rows.get(self.conn, goal_rows.resolve(self.conn, ref))

    def goal_of(self, ref: str, command: str) -> Goal:
        """The goal `ref` names, for a command that takes a goal or `--mentorship M`: when no goal
        matches and a mentorship does, the line says to give it as `--mentorship` (S467)."""
        try:
            return self.goal(ref)
        except NotFound as missing:
            try:
                self.mentorship_id(ref)
            except JournalError:
                raise missing from None
            import shlex

            raise NotFound(f"No goal matches '{ref}', but a mentorship does: "
                           f"`journal {command} --mentorship {shlex.quote(ref)}`.") from None

    def mentorship(self, ref: str) -> Mentorship:
        """The mentorship an id prefix or a mentor's name prefix names."""
        return mentorship_rows.get(self.conn, mentorship_rows.resolve(self.conn, ref))

    def mentorship_id(self, ref: str) -> str:
        return mentorship_rows.resolve(self.conn, ref)

    def goal_id(self, ref: str) -> str:
        return goal_rows.resolve(self.conn, ref)

    def goal_refs(self, refs: list[str] | tuple[str, ...]) -> tuple[GoalRef, ...]:
        """Goals named by id or title, each once, as an entry links them."""
        found: list[GoalRef] = []
        for ref in refs:
            goal = goal_rows.get(self.conn, goal_rows.resolve(self.conn, ref))
            if goal.id not in {g.id for g in found}:
                found.append(GoalRef(goal.id, goal.title))
        return tuple(found)
