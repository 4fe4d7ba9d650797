"""A large export's entries parsed in a second process while this one writes them.

Importing our JSON export spends about as long checking each entry in Python (io/own_json.py:
parse_entry) as SQLite spends writing it; one after the other on one core. For a file of at
least PARALLEL_MIN_BYTES, on a machine with more than one core, a child process (`python -P -c`
importing this very package) reads the same open file from its start and sends the checked
rows, a chunk at a time, through a pipe; the importer writes them as they come. The rows are
the ones the importer would have made itself (the same code makes them); the child's counts of
repaired and rejected entries, its kinds of repair and its notes come last and are added to the batch.

The frames are `marshal` data: plain dicts, lists, strings and numbers, from our own child
through a pipe only the two processes hold (never read from a file or anyone else). A file
the child finds malformed is said with the same one line the importer would say; a child that
ends any other way (killed, out of memory) makes the import fail whole, nothing written.
"""

from __future__ import annotations

import marshal
import os
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, BinaryIO

from journal.domain.entry_fields import Row
from journal.domain.errors import MalformedInput, StorageError
from journal.io.common import Batch, shown

PARALLEL_MIN_BYTES = 16 << 20
"""From this size (some 10,000 entries) a second process parses: below, its start (~0.1 s) costs
more than it saves."""
CHUNK = 500
"""Rows per frame."""
_CODE = "import sys; sys.path.insert(0, sys.argv[1]); from journal.io.parse_process import child; child(sys.argv[2:])"
_LENGTH = struct.Struct(">I")


def worth_it(size: int) -> bool:
    """Whether a file this size is parsed in a second process (large, and a core to run it on)."""
    return size >= PARALLEL_MIN_BYTES and len(os.sched_getaffinity(0)) > 1


def entries(path: Path, handle: BinaryIO, batch: Batch) -> Iterator[Row]:
    """The rows of the file open as `handle` (its header already read into `batch`), parsed by a
    child process that reads the same open file from its start; `handle` is closed here."""
    root = str(Path(__file__).resolve().parents[2])
    fd = handle.fileno()
    try:
        process = subprocess.Popen([sys.executable, "-P", "-c", _CODE, root, str(fd), str(path), str(CHUNK)],
                                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                   pass_fds=(fd,), close_fds=True)
    finally:
        handle.close()
    assert process.stdout is not None
    try:
        while True:
            frame = _read_frame(process.stdout)
            if frame is None:
                raise StorageError(f"Import failed: {shown(path)}: the process reading it stopped before the end "
                                   "(out of memory?). Nothing was imported.")
            kind = frame[0]
            if kind == "rows":
                yield from frame[1]
            elif kind == "end":
                batch.repaired += frame[1]
                batch.rejected += frame[2]
                batch.notes.extend(frame[3])
                batch.repairs.update(frame[4])
                return
            else:  # "malformed": the importer's own line
                raise MalformedInput(frame[1])
    finally:
        if process.poll() is None:
            process.kill()
        process.stdout.close()
        process.wait()


def _read_frame(pipe: IO[bytes]) -> tuple | None:  # type: ignore[type-arg]  # marshal's plain values
    head = pipe.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    body = pipe.read(_LENGTH.unpack(head)[0])
    frame: tuple = marshal.loads(body)  # type: ignore[type-arg]
    return frame


def child(args: list[str]) -> None:
    """The parsing child: the open file `args[0]` (named `args[1]` in messages) from its start,
    `args[2]` rows a frame."""
    from journal.io import own_json

    out = sys.stdout.buffer

    def send(frame: tuple) -> None:  # type: ignore[type-arg]
        body = marshal.dumps(frame)
        out.write(_LENGTH.pack(len(body)) + body)

    path, size = Path(args[1]), int(args[2])
    with os.fdopen(int(args[0]), "rb") as handle:
        handle.seek(0)
        try:
            batch = own_json.stream(path, handle)
            assert batch is not None and batch.streamed is not None  # the parent read the same start
            repaired, rejected, noted = batch.repaired, batch.rejected, len(batch.notes)
            chunk: list[Row] = []
            for row in batch.streamed:
                chunk.append(row)
                if len(chunk) >= size:
                    send(("rows", chunk))
                    chunk = []
            send(("rows", chunk))
            send(("end", batch.repaired - repaired, batch.rejected - rejected, batch.notes[noted:],
                  sorted(batch.repairs)))
        except MalformedInput as malformed:
            send(("malformed", str(malformed)))
    out.flush()
