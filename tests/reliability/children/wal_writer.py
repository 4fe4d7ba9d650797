"""Child for catalogue A6: save entries through the facade with WAL autocheckpoint off.

    python wal_writer.py JOURNAL

Opens the journal the normal way (Journal.open -> open_journal), then sets
`PRAGMA wal_autocheckpoint=0` on that connection, so every committed entry stays in the
-wal file until the parent SIGKILLs this process. Prints each entry number after its commit.
"""

from __future__ import annotations

import sys

from journal.services import EntryInput, Journal

journal = Journal.open(sys.argv[1])
journal.conn.execute("PRAGMA wal_autocheckpoint=0")
for i in range(100000):
    journal.entries.write(EntryInput(f"wal entry {i} " + "w" * 2000, lens="h", when="2026-01-01"))
    print(i, flush=True)
