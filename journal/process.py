"""Whether another process is still at work: told by a lock it holds, never by its pid.

A pid is reused once its process has gone, so "a process with that id exists" may point
at any unrelated program. Instead, a process that must be seen at work holds an exclusive
`flock` on a file of its own. The kernel drops that lock when the process ends, however it
ends (exit, crash, SIGKILL), so a lock never outlives its holder; anyone can ask whether
the holder is still there by trying to take the same lock without waiting (`locked`).

Two users, below the services:

- drafts (store/drafts.py, services/drafts.py): a process that checkpoints drafts holds
  `.<journal name>.holders/<token>.lock` beside the journal (folder 0700, file 0600) until
  it exits, and each draft row names that token (`holder_token`, `holder_alive`);
- exports (io/files.py): the writer locks its own temp file while it writes it.
"""

from __future__ import annotations

import _thread
import atexit
import contextlib
import fcntl
import os
import re
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

TOKEN = re.compile(r"[0-9a-f]{32}")
"""What a holder token looks like (anything else in a draft row names no lock file)."""

_guard = _thread.allocate_lock()  # threading.Lock without importing threading (~0.8 ms a command)
_token = os.urandom(16).hex()
_held: dict[str, tuple[int, Path]] = {}
"""Holders folder (real path) -> (open descriptor that holds the lock, the lock file)."""


def lock_nowait(fd: int) -> bool | None:
    """Take an exclusive lock on `fd` without waiting: True taken, False someone else holds
    it, None when the file system cannot lock at all."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:
        return None
    return True


def _same_file(path: Path, fd: int) -> bool:
    try:
        here, ours = os.stat(path, follow_symlinks=False), os.fstat(fd)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (ours.st_dev, ours.st_ino)


def locked(path: Path, *, remove_if_free: bool = False) -> bool:
    """True when some open of `path` holds its lock right now (this process's own included).

    A free lock means its holder is gone: with `remove_if_free` the file is then deleted,
    while the lock is ours, so a holder never loses a file it still locks. A missing file,
    anything but a regular file, or a file system without locks: False, nothing deleted.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        got = lock_nowait(fd)
        if got is False:
            return True
        if got and remove_if_free and _same_file(path, fd):
            with contextlib.suppress(OSError):
                os.unlink(path)
        return False
    finally:
        os.close(fd)


# ------------------------------------------------------------------ holders
def holders_dir(journal: Path) -> Path:
    """Where the processes at work on `journal` keep their lock files."""
    return journal.with_name(f".{journal.name}.holders")


def own_token() -> str:
    """This process's holder token (a child made by fork gets its own)."""
    return _token


def holder_token(journal: Path) -> str | None:
    """This process's token, its lock file beside `journal` taken on first use and held till exit.

    None when no lock can be held there (a read-only folder, a file system without locks):
    the caller then records no holder, and its drafts count as free.
    """
    folder = holders_dir(journal)
    key = os.path.realpath(folder)
    with _guard:
        if key not in _held:
            fd = _take(folder)
            if fd is None:
                return None
            _held[key] = (fd, folder / f"{_token}.lock")
        return _token


def _take(folder: Path) -> int | None:
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return None
    _sweep(folder)
    path = folder / f"{_token}.lock"
    for _ in range(5):  # a sweeper that took the new file's lock before us deletes it: make it again
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        except OSError:
            return None
        got = lock_nowait(fd)
        if got and _same_file(path, fd):
            return fd
        os.close(fd)
        if got is None:
            return None
    return None


def _sweep(folder: Path) -> None:
    """Delete the lock files of holders that are gone (their drafts' rows already count as free)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        stem, _, suffix = name.partition(".")
        if suffix == "lock" and TOKEN.fullmatch(stem) and stem != _token:
            locked(folder / name, remove_if_free=True)


def holder_alive(journal: Path, token: str | None, *, tidy: bool = True) -> bool:
    """True when the process that `token` names still holds its lock beside `journal`.

    This process counts when it holds one. No token (a draft written before holders
    existed, or kept by a finished edit) or one that names no file: False. A free lock
    means the holder is gone; with `tidy` its file is deleted then.
    """
    if not token or not TOKEN.fullmatch(token):
        return False
    folder = holders_dir(journal)
    if token == _token:  # never probe our own lock: where flock is emulated by per-process locks
        with _guard:     # (NFS), closing the probe would let go of it
            return os.path.realpath(folder) in _held
    return locked(folder / f"{token}.lock", remove_if_free=tidy)


def _release_all() -> None:
    """At exit: delete our lock files (while still holding them), then let go."""
    with _guard:
        for fd, path in _held.values():
            with contextlib.suppress(OSError):
                if _same_file(path, fd):
                    os.unlink(path)
            with contextlib.suppress(OSError):
                os.close(fd)
        _held.clear()


def _after_fork_in_child() -> None:
    """A forked child is another process: a token of its own, none of the parent's locks.

    Closing the inherited descriptors (without unlocking: that would free the parent's
    lock too) leaves the parent's locks held by the parent alone.
    """
    global _guard, _token
    _guard = _thread.allocate_lock()
    _token = os.urandom(16).hex()
    for fd, _path in _held.values():
        with contextlib.suppress(OSError):
            os.close(fd)
    _held.clear()


atexit.register(_release_all)
os.register_at_fork(after_in_child=_after_fork_in_child)


# ------------------------------------------------------------------ ending
def _in_main_thread() -> bool:
    """Whether this is the main thread, without importing threading: a process that has not
    imported it has started no thread through it."""
    threading = sys.modules.get("threading")
    return threading is None or threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def ends_cleanly() -> Iterator[None]:
    """While inside: being asked to stop (SIGTERM) or losing the terminal (SIGHUP) ends the
    process by SystemExit(128 + signal), so the `finally` blocks remove what they made (a
    plain-text scratch copy, a browser with the page): the default ending skips them (S163).
    Only where nobody handles those signals yet (a command; the TUI has its own handlers), in
    the main thread; the earlier handlers come back on leaving."""
    import signal

    signals = (signal.SIGTERM, signal.SIGHUP)
    if not _in_main_thread() or any(signal.getsignal(sig) is not signal.SIG_DFL for sig in signals):
        yield
        return

    def leave(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    before = {sig: signal.signal(sig, leave) for sig in signals}
    try:
        yield
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


IMPORT_SCRATCH = ".import-"
"""The prefix of the folder beside the journal where an import opens another journal's copy."""
SCRATCH_LOCK = "held"
"""In a scratch folder a process keeps beside the journal (an import's private copy): the file
it locks while the folder is in use (`held_scratch`); a folder whose lock is free is a killed
process's, removed by the next open (store/crypt.leftovers)."""


@contextlib.contextmanager
def held_scratch(parent: Path, prefix: str) -> Iterator[Path]:
    """A private folder (0700) in `parent`, locked as this process's while inside, then removed,
    also when the process is asked to stop (`ends_cleanly`)."""
    import shutil
    import tempfile

    making = Path(tempfile.mkdtemp(prefix=".making-", dir=parent))  # locked before it takes its name
    fd = os.open(making / SCRATCH_LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    folder = parent / f"{prefix}{making.name.removeprefix('.making-')}"
    try:
        lock_nowait(fd)
        os.rename(making, folder)
        with ends_cleanly():
            yield folder
    finally:
        os.close(fd)
        shutil.rmtree(making, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)


def sweep_scratch(parent: Path, prefix: str) -> None:
    """Remove the scratch folders (`held_scratch`) in `parent` whose process is gone (each is
    locked from before it has its name: one without a held lock has nobody at work in it)."""
    import shutil

    for folder in parent.glob(f"{prefix}*"):
        if folder.is_dir() and not locked(folder / SCRATCH_LOCK):
            shutil.rmtree(folder, ignore_errors=True)
