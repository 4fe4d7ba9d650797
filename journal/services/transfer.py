"""Export the whole journal (json, markdown, html) and import other files (ours, jrnl, Day One)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from journal.store import engine
from journal.domain.errors import BadValue
from journal.services.session import Session

if TYPE_CHECKING:
    from journal.domain.entry_fields import Row
    from journal.io.common import ImportReport



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
        from journal.store import transfer
        from journal.domain.dates import utc_text

        conn = self.session.conn
        stamp = utc_text(self.session.now())
        left_out = 0 if include_private else transfer.count_left_out(conn)
        if fmt == "json":
            written = own_json.write_json(
                write, stamp, transfer.mentorships(conn), transfer.goals(conn),
                transfer.iter_entries(conn, include_private=include_private))
        elif fmt in ("markdown", "html"):
            render = documents.write_markdown if fmt == "markdown" else documents.write_html
            goals = transfer.goals(conn)
            written = render(write, stamp, transfer.iter_entries(conn, include_private=include_private, by_day=True),
                             goals, {g["id"]: g["title"] for g in goals})
        else:
            raise BadValue(f"Unknown export format '{fmt}': use json, markdown or html.")
        return written, left_out

    def export_to_file(self, fmt: str, target: str | Path, *, include_private: bool = False,
                       encrypt_to: tuple[str, ...] = ()) -> tuple[int, int]:
        """Export into a file, 0600, atomically (a half-written export never exists).

        With `encrypt_to` (age recipients: `age1…` keys or `ssh-ed25519`/`ssh-rsa` public
        keys) the file is an ASCII-armoured age file that only those recipients can open
        (`age -d -i KEY`); the plain text exists only in memory.
        """
        from journal.io.files import export_file
        from journal.services.outputs import refuse_own_files

        refuse_own_files(self.session.path, Path(target))
        if not encrypt_to:
            with export_file(Path(target).expanduser()) as write:
                return self.export(fmt, write, include_private=include_private)
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
    def import_file(self, path: str | os.PathLike[str], source: str = "auto", *,
                    dry_run: bool = False) -> ImportReport:
        """Import one export file (ours, jrnl, Day One) in one transaction; returns an ImportReport.

        Known rows are updated in place (by id, or by source id for other apps), never
        replaced. With `dry_run` everything runs and is rolled back.
        """
        from journal.domain.errors import MalformedInput
        from journal.io.common import ImportReport, fail
        from journal.io.importers import read_batch
        from journal.store import transfer

        s = self.session
        file = Path(path)
        batch = read_batch(file, source, s.clock.zone)
        if not dry_run:
            s.auto_backup()  # an import may be the day's first and largest write
        report = ImportReport(str(file), batch.source, repaired=batch.repaired, rejected=batch.rejected,
                              media=batch.media, notes=list(batch.notes), dry_run=dry_run)
        try:
            with s.write() as conn, contextlib.ExitStack() as bulk:
                transfer.defer_foreign_keys(conn)
                for row in batch.mentorships:
                    report.mentorships[transfer.upsert_mentorship(conn, row)] += 1
                mentorship_ids = transfer.existing_ids(conn, "mentorships")
                for i, row in enumerate(batch.goals):
                    if row["mentorship_id"] and row["mentorship_id"] not in mentorship_ids:
                        raise fail(file, f"goals[{i}].mentorship_id", "no such mentorship in the file or journal")
                    report.goals[transfer.upsert_goal(conn, row)] += 1
                goal_ids = transfer.existing_ids(conn, "goals")
                pending: list[Row] = []
                bulk_on = False
                # The entries may be a generator (a streamed file): rows are written in
                # chunks; from the first full chunk on, the FTS triggers are off and the
                # index is rebuilt once at the end, inside this transaction.
                for i, row in enumerate(batch.all_entries()):
                    if row["source"] in ("jrnl", "dayone") and batch.source != "json":
                        report.count(transfer.upsert_external(conn, row | {"id": s.new_id()}))
                        continue
                    if any(g not in goal_ids for g in row["goals"]):
                        raise fail(file, f"entries[{i}].goals", "links to a goal not in the file or journal")
                    if row["mentorship_id"] and row["mentorship_id"] not in mentorship_ids:
                        raise fail(file, f"entries[{i}].mentorship_id", "no such mentorship in the file or journal")
                    pending.append(row)
                    if len(pending) >= transfer.BULK_MIN_ENTRIES:
                        if not bulk_on:
                            bulk.enter_context(transfer.bulk_search_rebuild(conn))
                            bulk_on = True
                        for outcome in transfer.upsert_entries(conn, pending):
                            report.count(outcome)
                        pending = []
                for outcome in transfer.upsert_entries(conn, pending):
                    report.count(outcome)
                report.repaired, report.rejected = batch.repaired, batch.rejected
                report.notes = list(batch.notes)
                if transfer.dangling_links(conn):
                    raise fail(file, "entries", "an `answers` link points to an entry not in the file or journal")
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        except engine.IntegrityError:
            raise MalformedInput(f"Import failed: {file.name}: a value breaks the journal's rules "
                                 "(duplicate id or source id, or an invalid field). Nothing was imported.") from None
        return report


def age_recipients(texts: tuple[str, ...]) -> list[object]:
    """Age recipients from their text (one line each when wrong); pyrage is imported here only."""
    try:
        import pyrage
    except ImportError:
        raise BadValue("Encrypted exports need the pyrage package (age): `pip install pyrage` "
                       "(or `pip install 'threefold[age]'`). Nothing was exported.") from None
    found: list[object] = []
    for text in texts:
        text = text.strip()
        try:
            if text.startswith("age1"):
                found.append(pyrage.x25519.Recipient.from_str(text))
            elif text.startswith(("ssh-ed25519 ", "ssh-rsa ")):
                found.append(pyrage.ssh.Recipient.from_str(text))
            else:
                raise ValueError
        except (ValueError, pyrage.RecipientError):
            raise BadValue(f"--encrypt-to {text[:20]!r}… is not an age recipient (age1…) or an ssh-ed25519/ssh-rsa "
                           "public key. Nothing was exported.") from None
    return found
