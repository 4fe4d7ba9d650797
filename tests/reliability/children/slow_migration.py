"""Child for catalogue A3: open a journal through the real path with one extra, slow migration.

    python slow_migration.py JOURNAL STEPS {hold|exit}

Appends a test-only migration (`m900_crash_test_rewrite`) to journal.store.migrations.STEPS,
then calls open_journal(), which backs the file up and applies it inside one BEGIN IMMEDIATE.
The step rewrites every entry row (a new column) and writes STEPS x 64 KB, printing
"started" and then each step number, so the parent can SIGKILL it at a chosen point.
After the commit it prints "done"; with `hold` it then waits to be killed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from journal.store import migrations

NAME = "m900_crash_test_rewrite"


def m900_crash_test_rewrite(db) -> None:
    steps = int(sys.argv[2])
    conn = db.conn
    conn.execute("ALTER TABLE entries ADD COLUMN crash_note TEXT")
    conn.execute("CREATE TABLE crash_pad (id INTEGER PRIMARY KEY, pad BLOB NOT NULL)")
    print("started", flush=True)
    for step in range(steps):
        conn.execute("UPDATE entries SET crash_note = ? WHERE seq % 10 = ?", (f"step {step}", step % 10))
        conn.execute("INSERT INTO crash_pad (pad) VALUES (randomblob(65536))")
        print(step, flush=True)
        time.sleep(0.002)


m900_crash_test_rewrite.__name__ = NAME
migrations.STEPS = (*migrations.STEPS, m900_crash_test_rewrite)
migrations.KNOWN = tuple(step.__name__ for step in migrations.STEPS)

from journal.store.db import open_journal  # noqa: E402 - after the extra step is registered

conn = open_journal(Path(sys.argv[1]))
print("done", flush=True)
if sys.argv[3] == "hold":
    time.sleep(120)
conn.close()
