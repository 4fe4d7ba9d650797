"""A sync that takes in many entries at once (a device joining a journal's folder) leaves their
search indexing to the background indexer, as a large import does (store/search_index.py)."""

from __future__ import annotations

import pytest

from journal.store import search_index
from tests.reliability.test_sync import devices  # noqa: F401  (a fixture)


@pytest.mark.catalogue("S447")
def test_a_large_sync_is_searchable_in_full_once_indexed(devices, monkeypatch):  # noqa: F811
    started: list[object] = []
    monkeypatch.setattr(search_index, "start", lambda db, key: started.append(db))
    monkeypatch.setattr("journal.store.transfer.BULK_MIN_ENTRIES", 5)
    laptop, desktop = devices("laptop"), devices("desktop")
    for n in range(12):
        laptop.write(f"walrus number {n}")
    laptop.sync()
    report = desktop.sync()
    assert report.outcomes["new"] >= 12
    assert started == [desktop.journal.session.path]
    assert any("search: 12 entries are being indexed in the background" in line for line in report.lines())
    assert desktop.journal.entries.unindexed() == 12
    assert len(desktop.journal.entries.search("walrus")) == 12  # a search indexes what waits first
    conn = desktop.journal.session.conn
    for name in ("entries_fts", "entries_trigram"):
        conn.execute(f"INSERT INTO {name}({name}, rank) VALUES ('integrity-check', 1)")
    later = laptop.write("walrus number 12")
    laptop.sync()
    assert "search:" not in " ".join(desktop.sync().lines())  # a few entries: indexed as they come
    assert later.id in {e.id for e in desktop.journal.entries.search("walrus")}
