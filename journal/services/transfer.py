"""Export the whole journal (json, markdown, html) and import other files (ours, jrnl, Day One)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from journal.store import engine
from journal.domain.dates import utc_text
from journal.domain.errors import BadValue, JournalError
from journal.services.session import Session

if TYPE_CHECKING:
    from journal.domain.entry_fields import Row
    from journal.io.common import Batch, ImportReport

Ask = Callable[[str], str | None]
"""The front end's question for a passphrase (services/unlocking.py)."""



class _DryRun(Exception):
    pass


class Transfer:
    """Moving a whole journal out of and into files."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # ---------------------------------------------------------------- export
    def export(self, fmt: str, write: Callable[[str], None], *, include_private: bool = False) -> tuple[int, int]:
        """Stream the whole journal as json, markdown or html through `write(str)`.

        Trash and drafts are never exported, private entries only when asked. Returns
        (entries written, private entries left out). `exported_at` comes from the clock.
        """
        from journal.io import documents, own_json
        from journal.store import practice as practice_rows, transfer
        from journal.domain.dates import utc_text

        conn = self.session.conn
        stamp = utc_text(self.session.now())
        left_out = 0 if include_private else transfer.count_left_out(conn)
        if fmt == "json":
            if transfer.sql_json_quote(conn, own_json.QUOTE_PROBE) == own_json.quote(own_json.QUOTE_PROBE):
                entries: Iterable[Row | str] = own_json.entry_texts(transfer.iter_entry_pieces(
                    conn, own_json.QUOTED_KINDS, include_private=include_private))
            else:  # an SQLite whose json_quote() writes some character otherwise: the dict path, slower
                entries = transfer.iter_entries(conn, include_private=include_private)
            written = own_json.write_json(
                write, stamp, transfer.mentorships(conn), transfer.goals(conn), practice_rows.records(conn), entries)
        elif fmt in ("markdown", "html"):
            render = documents.write_markdown if fmt == "markdown" else documents.write_html
            written = render(write, stamp, transfer.iter_entries(conn, include_private=include_private, by_day=True),
                             transfer.goals(conn), transfer.mentorships(conn), self.session.today(),
                             self.session.clock.tzinfo)
        else:
            raise BadValue(f"Unknown export format '{fmt}': use json, markdown or html.")
        return written, left_out

    def export_to_file(self, fmt: str, target: str | Path, *, include_private: bool = False,
                       encrypt_to: tuple[str, ...] = (), replace: bool = True) -> tuple[int, int]:
        """Export into a file, 0600, atomically (a half-written export never exists); over a file
        with something in it only with `replace` (outputs.refuse_existing).

        With `encrypt_to` (age recipients: `age1…` keys or `ssh-ed25519`/`ssh-rsa` public
        keys) the file is an ASCII-armoured age file that only those recipients can open
        (`age -d -i KEY`); the plain text exists only in memory.
        """
        from journal.io.files import export_file
        from journal.services.outputs import refuse_existing, refuse_own_files

        refuse_own_files(self.session.path, Path(target))
        if not replace:
            refuse_existing(Path(target))
        if not encrypt_to:
            with export_file(Path(target).expanduser()) as write:
                return self.export(fmt, write, include_private=include_private)
        from journal.io.age_files import recipients as age_recipients

        recipients = age_recipients(encrypt_to)
        parts: list[str] = []
        counts = self.export(fmt, parts.append, include_private=include_private)
        import pyrage

        sealed = pyrage.encrypt("".join(parts).encode("utf-8"), recipients, armored=True)
        with export_file(Path(target).expanduser()) as write:
            write(sealed.decode("ascii"))
        return counts

    def export_to_stream(self, fmt: str, stream: BinaryIO, *, include_private: bool = False) -> tuple[int, int]:
        """Export into an open binary stream (standard output), in 64 KB pieces."""
        from journal.io.files import Buffered

        def sink(data: bytes) -> None:
            stream.write(data)
            stream.flush()

        write = Buffered(sink)
        counts = self.export(fmt, write, include_private=include_private)
        write.flush()
        return counts

    # ---------------------------------------------------------------- import
    def import_file(self, path: str | os.PathLike[str], source: str = "auto", *, dry_run: bool = False,
                    ask: Ask | None = None, identities: tuple[str, ...] = (), skip_bad: bool = False) -> ImportReport:
        """Import one file in one transaction; returns an ImportReport.

        The file is an export (ours, jrnl, Day One, a Day One Classic `.doentry`), a folder (a
        jrnl folder journal, a Day One Classic journal), or a journal database (a backup or a
        copy, plain or encrypted: `ask` gets its passphrase when this journal's key does not
        open it); an export may be age-encrypted (opened with the age identities in the files
        `identities`, or a passphrase from `ask`). Known rows are updated in place (by id, or
        by source id for other apps), never replaced. With `skip_bad` a malformed entry of a
        jrnl or Day One file is left out (the report names its position) and the rest imports.
        With `dry_run` everything runs and is rolled back.
        """
        from journal.domain.errors import MalformedInput
        from journal.io.common import ImportReport, fail
        from journal.store import search_index, transfer

        s = self.session
        file = Path(path)
        batch = self._read(file, source, ask, identities, skip_bad)
        if not dry_run:
            s.auto_backup()  # an import may be the day's first and largest write
        shown_as = "journal database" if batch.from_database else batch.source
        report = ImportReport(str(file), shown_as, repaired=batch.repaired, repairs=set(batch.repairs),
                              rejected=batch.rejected,
                              media=batch.media, notes=list(batch.notes), dry_run=dry_run)
        try:
            with s.write() as conn:
                transfer.defer_foreign_keys(conn)
                for name, rows in (("mentorships", batch.mentorships), ("goals", batch.goals),
                                   ("practice", batch.practice)):
                    _each_id_once(file, name, rows)
                for row in batch.mentorships:
                    report.mentorships[transfer.upsert_mentorship(conn, row)] += 1
                mentorship_ids = transfer.existing_ids(conn, "mentorships")
                for i, row in enumerate(batch.goals):
                    if row["mentorship_id"] and row["mentorship_id"] not in mentorship_ids:
                        raise fail(file, f"goals[{i}].mentorship_id", "no such mentorship in the file or journal")
                    report.goals[transfer.upsert_goal(conn, row)] += 1
                for row in batch.practice:
                    report.practice[transfer.upsert_practice(conn, row)] += 1
                goal_ids = transfer.existing_ids(conn, "goals")
                pending: list[Row] = []
                bulk_on = False
                seen: set[str] = set()
                now = utc_text(s.now())
                # The entries may be a generator (a streamed file): rows are written in
                # chunks; from the first full chunk on, they wait for the search indexer,
                # set off after the commit (store/search_index.py).
                for i, row in enumerate(batch.all_entries()):
                    if row["source"] in ("jrnl", "dayone") and batch.source != "json":
                        report.count(transfer.upsert_external(conn, row | {"id": s.new_id()}, now))
                        continue
                    _once(file, f"entries[{i}]", row["id"], seen)
                    if any(g not in goal_ids for g in row["goals"]):
                        raise fail(file, f"entries[{i}].goals", "links to a goal not in the file or journal")
                    if row["mentorship_id"] and row["mentorship_id"] not in mentorship_ids:
                        raise fail(file, f"entries[{i}].mentorship_id", "no such mentorship in the file or journal")
                    pending.append(row)
                    if len(pending) >= transfer.BULK_MIN_ENTRIES:
                        if not bulk_on:
                            search_index.defer(conn)
                            bulk_on = True
                        for outcome in transfer.upsert_entries(conn, pending):
                            report.count(outcome)
                        pending = []
                for outcome in transfer.upsert_entries(conn, pending):
                    report.count(outcome)
                report.repaired, report.repairs, report.rejected = batch.repaired, set(batch.repairs), batch.rejected
                report.notes = list(batch.notes)
                if transfer.dangling_links(conn):
                    raise fail(file, "entries", "an `answers` link points to an entry not in the file or journal")
                if dry_run:
                    raise _DryRun
        except _DryRun:
            return report
        except engine.IntegrityError:
            raise MalformedInput(f"Import failed: {file.name}: a value breaks the journal's rules "
                                 "(duplicate id or source id, or an invalid field). Nothing was imported.") from None
        if bulk_on:  # the entries just committed wait for the search indexer: in the background
            report.indexing = search_index.left(s.conn)
            search_index.start(s.path, engine.key_of(s.conn))
        return report

    def _read(self, file: Path, source: str, ask: Ask | None, identities: tuple[str, ...],
              skip_bad: bool = False) -> Batch:
        from journal.io import age_files
        from journal.io.common import fail
        from journal.io.importers import read_batch

        if file.is_dir():
            return read_batch(file, source, self.session.clock.zone, skip_bad=skip_bad, order=_date_order)
        if file.exists() and not file.is_file():  # a pipe or a device: the sniff below would eat its start (S211)
            raise fail(file, "", "is not a regular file (a pipe or a device): save it to a file and import that")
        head = _head(file)
        archive = head.startswith((b"PK\x03\x04", b"PK\x05\x06"))  # a zip (Day One) is never a journal (S211)
        if source in ("auto", "journal") and not archive and (
                head.startswith(engine.PLAIN_HEADER) or engine.is_encrypted(file)):
            return self._journal_copy(file, ask)
        if source == "journal":
            raise fail(file, "", "is not a journal database (a backup or a copy of journal.db)")
        data = age_files.open_age(file, identities, ask) if age_files.is_age(head) else None
        if data is not None and data.startswith(engine.PLAIN_HEADER):
            raise fail(file, "", "holds a journal database: decrypt it with age to a private file and import that")
        return read_batch(file, source, self.session.clock.zone, data, skip_bad=skip_bad, order=_date_order)

    def _journal_copy(self, file: Path, ask: Ask | None) -> Batch:
        """Another journal file (a backup, a copy from another device), plain or encrypted, as a batch.

        It is never opened in place (opening may migrate it, or leave a WAL beside it): a copy
        in a private folder next to this journal is opened, exported into memory as our JSON
        (private entries included) and read back like an export. An encrypted copy stays
        encrypted on disk; its plain text exists only in memory.
        """
        import io
        import shutil

        from journal import process
        from journal.io import own_json
        from journal.io.common import fail
        from journal.store.db import JournalDamaged, NotAJournal

        if file.resolve() == self.session.path:
            raise fail(file, "", "is this journal itself")
        if engine.is_encrypted(file):
            from journal.services.unlocking import unlock

            unlock(file, ask, source=True)  # the key is known by its salt from now on: the copy opens with it
        with process.held_scratch(self.session.path.parent, process.IMPORT_SCRATCH) as scratch:
            copy = scratch / "journal.db"
            try:
                shutil.copyfile(file, copy)
                wal = Path(f"{file}-wal")
                if wal.exists():  # a live journal's last writes may still be there
                    shutil.copyfile(wal, Path(f"{copy}-wal"))
            except OSError as exc:
                raise fail(file, "", f"cannot be read ({exc.strerror})") from None
            os.chmod(copy, 0o600)
            damaged = fail(file, "", "is a damaged journal database (`journal --db FILE doctor` says where): import "
                                     "another backup or copy of it")  # about that file, never this journal (S318)
            try:
                other = Session.open(copy, create=False)
            except (engine.Error, NotAJournal):
                raise fail(file, "", "is not a readable journal database") from None
            except JournalDamaged:
                raise damaged from None
            except JournalError as refused:  # a newer version: its line, about the file named
                raise type(refused)(str(refused).replace(str(copy), str(file))) from None
            parts: list[str] = []
            try:
                Transfer(other).export("json", parts.append, include_private=True)
            except (engine.DatabaseError, JournalDamaged):  # a page found damaged on the way
                raise damaged from None
            finally:
                other.close()
            data = "".join(parts).encode("utf-8")
            del parts
            batch = own_json.stream(file, io.BytesIO(data))
            if batch is None:
                raise fail(file, "", "did not export as a journal")
            batch.from_database = True
            if engine.is_encrypted(file) and not engine.is_encrypted(self.session.path):
                batch.notes.append("It was encrypted; what it brings is now stored in this journal, which is not "
                                   "(`journal encrypt` encrypts it).")
            return batch


def _once(file: Path, where: str, row_id: str, seen: set[str]) -> None:
    """Refuse an id met before in the same file: the later row would silently replace the
    earlier (S316), or be reported "kept (newer here)" in a journal that had neither."""
    from journal.io.common import fail

    if row_id in seen:
        noun = where.split("[")[0].replace("practice", "documents")
        raise fail(file, f"{where}.id", f"the id {row_id[:8]}… is there twice: one of the two {noun} would be "
                   "lost; give each its own id (or remove the copy) and import again")
    seen.add(row_id)


def _each_id_once(file: Path, name: str, rows: list[Row]) -> None:
    seen: set[str] = set()
    for i, row in enumerate(rows):
        _once(file, f"{name}[{i}]", row["id"], seen)


def _date_order() -> tuple[str, str]:
    """The order of an undecided numeric date in a jrnl header: `[dates] order` ("dmy" or "mdy", why)."""
    from journal import config

    reading = getattr(config, "date_order", None)
    return reading() if reading is not None else ("dmy", "the default")


def _head(file: Path) -> bytes:
    """The first 64 bytes of a file (b"" when unreadable: the readers say why)."""
    try:
        with open(file, "rb") as handle:
            return handle.read(64)
    except OSError:
        return b""
