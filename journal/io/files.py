"""Writing an export file safely (docs/RELIABILITY.md, "Exports and other files the user asked for").

A regular-file target is written to a temp file in the same folder (O_EXCL|O_NOFOLLOW,
0600), fsynced, then renamed over the target: a reader never sees half a file, and a
failure leaves nothing behind; the temp stays locked (flock) until the rename, so the
next export to that target removes it only if its writer was killed. A symlink at the
target is refused (never written through). An existing non-regular target (a device such
as /dev/stdout or /dev/full, a pipe) is written in place. Errors are one line; exit 1.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
from collections.abc import Callable, Iterator
from glob import escape as glob_escape
from pathlib import Path

from journal.domain.errors import JournalError
from journal.domain.text import for_terminal
from journal.process import locked, lock_nowait

CHUNK = 1 << 16


class ExportFailed(JournalError):
    exit_code = 1


def _remove_stale_temps(target: Path) -> None:
    """Delete temp files an export to the same target left when its process was killed.

    A writer keeps its temp file locked until the rename (`_open_temp`), so a temp whose
    lock can be taken has no writer any more; a live export's temp is never touched,
    whatever became of pids. (`<pid>-` is how earlier versions named their temps.)
    """
    name = re.compile(rf"\.{re.escape(target.name)}\.(?:\d+-)?[0-9a-f]{{12}}\.tmp")
    for tmp in target.parent.glob(f".{glob_escape(target.name)}.*.tmp"):
        if name.fullmatch(tmp.name):
            locked(tmp, remove_if_free=True)


def _open_temp(target: Path) -> tuple[Path, int]:
    """Create `.<target>.<random>.tmp` beside the target, locked (flock) until it is renamed.

    Another export's cleanup that opened the new file before we locked it may delete it:
    then make another. A file system without locks: written unlocked (cleanups there
    cannot lock it either, so they leave it alone).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    for _ in range(8):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        fd = os.open(tmp, flags, 0o600)
        if lock_nowait(fd) is not False and os.fstat(fd).st_nlink:
            return tmp, fd
        os.close(fd)
    raise OSError(errno.EAGAIN, os.strerror(errno.EAGAIN))


def why(exc: OSError) -> str:
    """A few words on why a file could not be written (for one-line errors)."""
    return {
        errno.ENOSPC: "no space left on the device",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "read-only file system",
        errno.ENOENT: "the folder does not exist",
        errno.ENOTDIR: "a part of the path is not a folder",
        errno.EISDIR: "it is a folder",
        errno.EEXIST: "a file appeared there while writing",
    }.get(exc.errno or 0, exc.strerror or type(exc).__name__)


class Buffered:
    """Collect text pieces and write them as UTF-8 in 64 KB chunks."""

    def __init__(self, sink: Callable[[bytes], object]) -> None:
        self.sink, self.size = sink, 0
        self.parts: list[str] = []

    def __call__(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        if self.size >= CHUNK:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.sink("".join(self.parts).encode("utf-8"))
            self.parts, self.size = [], 0

    def raw(self, data: bytes) -> None:
        """Write bytes as they are (a PDF), after any text written before."""
        self.flush()
        self.sink(data)


@contextlib.contextmanager
def export_file(target: Path) -> Iterator[Buffered]:
    """Yield a writer; on success the file appears whole at `target`, 0600."""
    shown = for_terminal(str(target), single_line=True)
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise ExportFailed(f"Cannot write {shown}: {why(exc)}. Nothing was exported.") from None
    if info is not None and stat.S_ISLNK(info.st_mode):
        raise ExportFailed(f"{shown} is a symbolic link; refusing to write through it. "
                           "Remove the link or choose another file.")
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise ExportFailed(f"{shown} is a folder; give a file name with -o.")
    if info is not None and not stat.S_ISREG(info.st_mode):
        yield from _in_place(target, shown)
        return
    _remove_stale_temps(target)
    tmp: Path | None = None
    fd = -1
    try:
        tmp, fd = _open_temp(target)
        writer = Buffered(lambda data: _write_all(fd, data))
        yield writer
        writer.flush()
        os.fsync(fd)
        os.replace(tmp, target)  # still locked: another export's cleanup cannot take it first
        os.close(fd)
        fd = -1
    except OSError as exc:
        raise ExportFailed(f"Cannot write {shown}: {why(exc)}. Nothing was exported.") from None
    finally:
        with contextlib.suppress(OSError):
            if tmp is not None and tmp.exists():
                tmp.unlink()
        if fd >= 0:
            os.close(fd)


def _in_place(target: Path, shown: str) -> Iterator[Buffered]:
    fd = -1
    try:
        fd = os.open(target, os.O_WRONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
        writer = Buffered(lambda data: _write_all(fd, data))
        yield writer
        writer.flush()
    except OSError as exc:
        raise ExportFailed(f"Cannot write {shown}: {why(exc)}. The export is incomplete.") from None
    finally:
        if fd >= 0:
            os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
