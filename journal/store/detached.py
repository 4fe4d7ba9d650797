"""A detached child process of this very package, for work that must not hold up the command
that set it off: the daily backup of a large journal (store/daily_backup.py), the search index
of a large import (store/search_index.py).

The child is `python -P -c` importing `child` from the given module of the `journal` package
this process runs (so a checkout and an installed copy never mix). It runs in its own session
(a Ctrl-C or a closed terminal never reaches it), its output goes to /dev/null, and its standard
input is a pipe that carries an encrypted journal's key as one hex line (never argv or the
environment, which other users can read). A lock the parent took for it can be handed over as
descriptor 3 (`LOCK_FD`): the kernel then holds it for the child until it ends, however it ends.
A thread reaps the child, so a long process (the TUI) keeps no zombie.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from journal.store import engine

LOCK_FD = 3
"""Where a child finds the lock its parent took for it."""
_CODE = "import sys; sys.path.insert(0, sys.argv[1]); from journal.store.{} import child; child(sys.argv[2:])"


def spawn(module: str, args: list[str], key: engine.Key | None, lock_fd: int | None = None) -> None:
    """Start `journal.store.<module>.child(args)` detached; `key` goes through its standard input."""
    root = str(Path(__file__).resolve().parents[2])  # the folder this `journal` package is in
    argv = [sys.executable, "-P", "-c", _CODE.format(module), root, *args]
    extra: int | None = None
    if lock_fd == LOCK_FD:  # dup2 onto itself would leave it close-on-exec
        lock_fd = extra = os.dup(lock_fd)
    read, write = os.pipe()
    try:
        actions: list[tuple[object, ...]] = [(os.POSIX_SPAWN_DUP2, read, 0),
                                             (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                                             (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)]
        if lock_fd is not None:
            actions.append((os.POSIX_SPAWN_DUP2, lock_fd, LOCK_FD))
        try:
            pid = os.posix_spawn(sys.executable, argv, os.environ, file_actions=actions, setsid=True)
        except NotImplementedError:  # no setsid in this platform's posix_spawn
            pid = os.posix_spawn(sys.executable, argv, os.environ, file_actions=actions, setpgroup=0)
    finally:
        os.close(read)
        if extra is not None:
            os.close(extra)
    try:
        os.write(write, (key.hex() if key is not None else "").encode() + b"\n")
    except OSError:
        pass  # the child is gone already: what it was to do is left for the next time
    finally:
        os.close(write)
    threading.Thread(target=_reap, args=(pid,), name=f"{module}-reaper", daemon=True).start()


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def child_start() -> None:
    """In the child, first: out of the way of unmounts, and the key (if any) read and remembered."""
    os.chdir("/")
    line = sys.stdin.readline().strip()
    sys.stdin.close()
    if line:
        engine.remember(engine.Key.from_hex(line))
