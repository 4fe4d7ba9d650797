"""A. Crash and durability (RELIABILITY.md 5.A)."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from journal.services import EntryChanges, EntryInput, Journal
from journal.store.db import connect, write_tx

from .conftest import count, healthy

WRITER = textwrap.dedent("""
    import sys
    from journal.services import Journal, EntryInput
    j = Journal.open(sys.argv[1])
    for i in range(100000):
        j.write(EntryInput(f"crash entry {i}", lens="h", when="2026-01-01"))
        print(i, flush=True)
""")

TRIALS = int(os.environ.get("JOURNAL_RELIABILITY_TRIALS", "5"))


@pytest.mark.parametrize("seed", range(TRIALS))
def test_a1_kill_9_during_single_saves_loses_no_acked_entry(db_path, seed):
    """A1: SIGKILL a writer at a random ack; integrity ok, rows == acked or acked+1, contiguous."""
    Journal.open(db_path, create=True).close()
    stop_after = random.Random(seed).randint(3, 80)
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(db_path)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    acked = 0
    for line in child.stdout:
        acked = int(line) + 1
        if acked >= stop_after:
            os.kill(child.pid, signal.SIGKILL)
            break
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL, child.stderr.read()
    assert healthy(db_path)
    rows = count(db_path)
    assert rows in (acked, acked + 1), (rows, acked)
    conn = connect(db_path)
    bodies = {r[0] for r in conn.execute("SELECT body FROM entries")}
    assert {f"crash entry {i}" for i in range(acked)} <= bodies
    conn.close()
    with Journal.open(db_path) as j:  # the next start opens cleanly and can write
        j.write(EntryInput("after the crash"))
    assert count(db_path) == rows + 1


def test_a8_uncommitted_write_is_never_reported_as_saved(db_path):
    """A8: a connection dropped without COMMIT keeps nothing; every API write is there after reopen."""
    j = Journal.open(db_path, create=True)
    saved = j.write(EntryInput("committed one"))
    j.conn.execute("BEGIN IMMEDIATE")
    j.conn.execute("UPDATE entries SET body = 'never committed' WHERE id = ?", (saved.id,))
    j.conn.close()  # dropped mid-transaction
    with Journal.open(db_path) as again:
        assert again.entry(saved.id).body == "committed one"
        edited, changed = again.edit(saved.id, EntryChanges(body="edited"))
        assert changed
    with Journal.open(db_path) as third:
        assert third.entry(saved.id).body == "edited"


def test_a9_failed_write_does_not_leave_a_phantom_transaction(db_path):
    """A9: a CHECK violation, then a good write on the same connection, then reopen: the good one persisted."""
    j = Journal.open(db_path, create=True)
    with pytest.raises(sqlite3.IntegrityError):
        with write_tx(j.conn):
            j.conn.execute("INSERT INTO entries (id, day, tz, created_at, updated_at, lens, body) "
                           "VALUES ('bad', '2026-02-30', 'UTC', 'x', 'x', 'insight', 'b')")
    assert not j.conn.in_transaction
    kept = j.write(EntryInput("after the failure"))
    j.conn.close()  # no explicit commit anywhere
    with Journal.open(db_path) as again:
        assert again.entry(kept.id).body == "after the failure"
        assert again.count() == 1


def test_a10_delete_really_deletes_and_an_unchanged_edit_is_a_no_op(db_path, clock):
    """A10: delete/purge survive reopen; an edit with no change does not touch updated_at."""
    j = Journal.open(db_path, create=True, clock=clock)
    keep = j.write(EntryInput("keep me"))
    gone = j.write(EntryInput("delete me"))
    j.delete(gone.id)
    before = j.entry(keep.id)
    same, changed = j.edit(keep.id, EntryChanges(body="keep me"))
    assert not changed and same.updated_at == before.updated_at
    j.close()
    with Journal.open(db_path, clock=clock) as again:
        assert [e.id for e in again.entries()] == [keep.id]
        assert [e.id for e in again.trash()] == [gone.id]
        assert again.purge() == 1
    with Journal.open(db_path, clock=clock) as third:
        assert third.trash() == [] and third.count() == 1
        assert third.entry(keep.id).updated_at == before.updated_at
