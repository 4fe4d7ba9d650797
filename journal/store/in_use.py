"""Who has the journal open, so that a restore never replaces the file under one of them.

Every process that opens the journal holds a shared `flock` on `.<journal name>.holders/open.lock`
beside it until it closes it (`hold`); a restore, which puts another file in the journal's place,
first takes that lock exclusively without waiting (`alone`) and keeps it until the new file is in
place. A command that opened the journal before the restore makes it refuse; one that starts
during it waits for it, then opens the restored file. Without it, a writer waiting on the old
file's lock went on into the replaced file after the rename, and its write-ahead log, found by
name, sat beside the new one: a saved entry lost, then the journal damaged (S508).

A folder where no lock can be made (read-only) or a file system without locks goes on without.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

from journal.domain.errors import StorageError

WAIT = 10.0
"""Seconds an opening waits for a restore under way (a restore of a large journal takes seconds)."""


def _lock_file(journal: Path) -> int | None:
    from journal import process

    try:
        folder = process.holders_dir(journal)
        folder.mkdir(mode=0o700, exist_ok=True)
        return os.open(folder / "open.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    except OSError:
        return None


def hold(journal: Path) -> int | None:
    """A descriptor holding the shared lock while the journal is open (None: no lock here);
    waits up to WAIT seconds for a restore under way."""
    fd = _lock_file(journal)
    if fd is None:
        return None
    deadline = time.monotonic() + WAIT
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() > deadline:
                os.close(fd)
                raise StorageError(f"The journal {journal} is being restored from a backup. Try again in a "
                                   "moment.") from None
            time.sleep(0.05)
        except OSError:  # no locks on this file system
            return fd


def made_here(journal: Path) -> bool:
    """Whether opening `journal` now will make its holders folder (there is none yet)."""
    from journal import process

    return not process.holders_dir(journal).exists()


def tidy(journal: Path) -> None:
    """Remove the holders folder `hold` made beside a file that turned out to be no journal (it
    said "nothing was changed", and left a folder beside another app's file: S558), unless
    someone holds it now."""
    from journal import process

    folder = process.holders_dir(journal)
    process.locked(folder / "open.lock", remove_if_free=True)
    with contextlib.suppress(OSError):
        folder.rmdir()  # not empty: another process's files are in it


def release(fd: int | None) -> None:
    if fd is not None:
        with contextlib.suppress(OSError):
            os.close(fd)


@contextlib.contextmanager
def alone(journal: Path) -> Iterator[None]:
    """The lock taken exclusively for as long as inside: StorageError at once when another
    process has the journal open."""
    fd = _lock_file(journal)
    try:
        if fd is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StorageError(f"The journal {journal} is open in another window or command. Close it (or let "
                                   "the command finish) and run restore again; nothing was changed.") from None
            except OSError:
                pass
        yield
    finally:
        release(fd)
