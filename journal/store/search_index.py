"""The search indexes' backlog: a large import's entries are indexed after its commit.

Filling both search indexes (the words and the trigrams) took about half of importing 100,000
entries (~12 of ~24 s), all of it inside the import's one transaction, the write lock held
throughout. Now an import of many entries (`defer`, called by services/transfer.py) writes the
entries only and leaves a backlog: the single row of `search_backlog` (m014) says every entry whose
`seq` is above `after` is in neither index yet. Triggers keep indexed entries in step as before
and leave waiting ones alone (m014), so the indexes always hold exactly the entries up to `after`.

`index_some` indexes the next entries in order, a chunk per write transaction (BEGIN IMMEDIATE,
a fraction of a second at most: another writer waits no longer than that), raising `after`;
the row goes when nothing is left. A chunk killed halfway is rolled back whole: the backlog is
as it was. Who fills it:

- a detached child (`start`, store/detached.py) the import sets off after its commit: one at a
  time (its lock in the journal's holders folder), niced, pausing between chunks so a person's
  write is never kept waiting behind a run of them;
- a search on a connection that can write (`journal search`) indexes what is left first, so its
  answer is never short of an entry; a search that only reads (the TUI's) is refused with
  `StillIndexing` (how many are left), and starts the child if none is at work;
- `search.rebuild` (a purge, a restore) fills both indexes from every entry: no backlog after.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

from journal.store import engine

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/ARCHITECTURE.md, start-up)
if TYPE_CHECKING:
    import sqlite3

CHUNK = 2000
"""Entries indexed per transaction: ~0.4 s for both indexes at ~1.4 kB of text an entry (a writer
waits no longer; 1,000 a chunk took 4 % longer in all, 5,000 with a larger FTS5 hash 21 % less)."""
PAUSE_S = 0.15
"""The background indexer's rest between chunks: a writer waiting for the lock asks again every
0.1 s at most (SQLite's busy handler), so it gets the lock in between and never times out behind
a run of chunks."""


def _after(conn: sqlite3.Connection) -> int | None:
    """The backlog's `after`, or None when there is none (a file from before m014 has none)."""
    try:
        row = conn.execute("SELECT after FROM search_backlog").fetchone()
    except engine.OperationalError as exc:
        if "no such table" in str(exc):
            return None
        raise
    return None if row is None else int(row[0])


def left(conn: sqlite3.Connection) -> int:
    """How many entries wait to be indexed (0: none; one lookup in a table of at most one row)."""
    after = _after(conn)
    if after is None:
        return 0
    waiting: int = conn.execute("SELECT count(*) FROM entries WHERE seq > ?", (after,)).fetchone()[0]
    return waiting


def defer(conn: sqlite3.Connection) -> None:
    """Inside the caller's write transaction: the entries written from now on wait for the
    indexer (nothing changes when a backlog is there already)."""
    assert conn.in_transaction, "defer needs the caller's write transaction"
    conn.execute("INSERT OR IGNORE INTO search_backlog (id, after) SELECT 1, coalesce(max(seq), 0) FROM entries")


def clear(conn: sqlite3.Connection) -> None:
    """No backlog: the indexes were just filled from every entry (inside the caller's transaction)."""
    with contextlib.suppress(engine.OperationalError):  # a backup from before m014 has no backlog
        conn.execute("DELETE FROM search_backlog")


def index_some(conn: sqlite3.Connection, count: int = CHUNK) -> int:
    """Index the next `count` waiting entries in one write transaction; the entries still
    waiting after it (0: the backlog is gone)."""
    from journal.store import search
    from journal.store.db import write_tx

    if _after(conn) is None:
        return 0
    try:
        with write_tx(conn):
            after = _after(conn)
            if after is None:  # another indexer finished it meanwhile: this transaction changes nothing
                raise _Done
            upto = conn.execute("SELECT max(seq) FROM (SELECT seq FROM entries WHERE seq > ? ORDER BY seq LIMIT ?)",
                            (after, count)).fetchone()[0]
            if upto is not None:
                columns = ", ".join(search.SEARCHED)  # the columns both indexes hold
                for name in search.present(conn):
                    conn.execute(f"INSERT INTO {name} (rowid, {columns}) "
                                 f"SELECT seq, {columns} FROM entries WHERE seq > ? AND seq <= ?", (after, upto))
                conn.execute("UPDATE search_backlog SET after = ?", (upto,))
            waiting = left(conn)
            if not waiting:
                conn.execute("DELETE FROM search_backlog")
    except _Done:
        return 0
    return waiting


class _Done(Exception):
    """Raised inside index_some's transaction to roll it back: there was nothing left to do."""


def index_all(conn: sqlite3.Connection, pause: float = 0.0) -> None:
    """Index every waiting entry, a chunk per transaction (`pause` seconds between them)."""
    while index_some(conn):
        if pause:
            time.sleep(pause)


# ------------------------------------------------------------------ the background indexer
def lock_file(db: Path) -> Path:
    from journal import process

    return process.holders_dir(db) / "search-index.lock"


def busy(db: Path) -> bool:
    """True while an indexer is at work on this journal (its lock is held), in any process."""
    from journal import process

    return process.locked(lock_file(db))


def start(db: Path, key: engine.Key | None) -> None:
    """Set off the background indexer for `db` unless one is at work (store/detached.py)."""
    from journal.store import detached

    if not busy(db):
        detached.spawn("search_index", [str(db)], key)


def child(args: list[str]) -> None:
    """The detached indexer: the key, its lock (or leave: one is at work), every chunk, exit."""
    from journal import process
    from journal.store import detached
    from journal.store.db import connect

    detached.child_start()
    db = Path(args[0])
    lock = lock_file(db)
    lock.parent.mkdir(mode=0o700, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    if process.lock_nowait(fd) is False:  # one is at work (None: no locks here: go ahead)
        return
    with contextlib.suppress(OSError):
        os.nice(10)
    from journal.store import in_use

    held = in_use.hold(db)  # a writer as any other: never left writing into a file a restore replaced (S508)
    conn = connect(db)
    try:
        index_all(conn, PAUSE_S)
    finally:
        conn.close()
        in_use.release(held)
