"""A large import's entries are indexed for search after its commit (store/search_index.py, m014):
the import leaves a backlog, triggers keep indexed entries in step and leave waiting ones alone,
the indexer fills the rest a chunk per transaction, a search never answers short of an entry."""

from __future__ import annotations

import json

import pytest

from journal.domain.errors import StillIndexing, StorageError
from journal.domain.model import EntryChanges
from journal.services import EntryInput, Journal
from journal.services import doctor as run_doctor
from journal.store import search_index
from journal.store.db import write_tx
from tests.conftest import wait_until_indexed


def _file(tmp_path, count: int, word: str = "quetzalcoatl"):
    entries = [{"id": f"{i:032x}", "lens": "hindsight", "title": None, "body": f"Entry {i} about {word}.",
                "day": "2026-10-01", "time": "09:00", "tags": [], "goals": [],
                "created_at": "2026-10-01T07:00:00Z", "updated_at": "2026-10-01T07:00:00Z"}
               for i in range(count)]
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"format": "threefold-journal", "version": 1, "entries": entries}), encoding="utf-8")
    return path


def _whole(conn) -> None:
    """FTS5's own check of both indexes against the entries, and their row counts."""
    entries = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    for name in ("entries_fts", "entries_trigram"):
        conn.execute(f"INSERT INTO {name}({name}, rank) VALUES ('integrity-check', 1)")
        assert conn.execute(f"SELECT count(*) FROM {name}_docsize").fetchone()[0] == entries


@pytest.fixture
def no_background(monkeypatch):
    """The import's background indexer is not started: each test says who indexes."""
    started: list[object] = []
    monkeypatch.setattr(search_index, "start", lambda db, key: started.append(db))
    monkeypatch.setattr("journal.store.transfer.BULK_MIN_ENTRIES", 5)
    return started


def test_a_large_import_leaves_its_entries_to_the_indexer(journal, tmp_path, no_background):
    journal.entries.write(EntryInput("Written before the import, about quetzalcoatl too."))
    journal.transfer.import_file(_file(tmp_path, 12))
    assert no_background == [journal.session.path]  # set off after the commit
    assert journal.entries.unindexed() == 12
    hits = journal.conn.execute("SELECT count(*) FROM entries_fts WHERE entries_fts MATCH 'quetzalcoatl'")
    assert hits.fetchone()[0] == 1  # the indexes hold what was there before, nothing half-done
    _whole_up_to_backlog = journal.conn.execute("SELECT after FROM search_backlog").fetchone()[0]
    assert _whole_up_to_backlog == 1


def test_a_dry_run_leaves_no_backlog_and_starts_nothing(journal, tmp_path, no_background):
    journal.transfer.import_file(_file(tmp_path, 12), dry_run=True)
    assert journal.entries.unindexed() == 0 and no_background == []


@pytest.mark.catalogue("S447")
def test_a_search_indexes_what_waits_first_and_misses_nothing(journal, tmp_path, no_background):
    journal.transfer.import_file(_file(tmp_path, 12))
    assert len(journal.entries.search("quetzalcoatl")) == 12
    assert len(journal.entries.search("etzalc")) == 12  # the trigrams too
    assert journal.entries.unindexed() == 0
    assert journal.conn.execute("SELECT count(*) FROM search_backlog").fetchone()[0] == 0
    _whole(journal.conn)


@pytest.mark.catalogue("S447")
def test_a_search_that_only_reads_says_it_is_indexing_and_starts_the_indexer(journal, tmp_path, no_background):
    journal.transfer.import_file(_file(tmp_path, 12))
    no_background.clear()
    reader = journal.session.reader()
    try:
        from journal.services.entries import Entries

        with pytest.raises(StillIndexing, match="Indexing 12 imported entries for search"):
            Entries(reader).search("quetzalcoatl")
        assert no_background == [journal.session.path]
        search_index.index_all(journal.conn)
        assert len(Entries(reader).search("quetzalcoatl")) == 12
    finally:
        reader.close()


@pytest.mark.catalogue("S446")
def test_changes_to_waiting_and_indexed_entries_keep_the_indexes_whole(journal, no_background):
    old = journal.entries.write(EntryInput("An older entry about walruses."))
    gone = journal.entries.write(EntryInput("An older entry about pelicans."))
    with write_tx(journal.conn) as conn:
        search_index.defer(conn)
    waiting = journal.entries.write(EntryInput("A waiting entry about narwhals."))
    dropped = journal.entries.write(EntryInput("A waiting entry about axolotls."))
    assert journal.entries.unindexed() == 2
    journal.entries.edit(old.id, EntryChanges(body="An older entry about manatees."))  # indexed: kept in step
    journal.entries.edit(waiting.id, EntryChanges(body="A waiting entry about okapis."))  # left to the indexer
    for entry in (gone, dropped):
        journal.entries.delete(entry.id)
    journal.entries.purge()  # rebuilds both indexes from every entry: the backlog goes too
    assert journal.entries.unindexed() == 0
    _whole(journal.conn)
    with write_tx(journal.conn) as conn:
        search_index.defer(conn)
    later = journal.entries.write(EntryInput("Later, about capybaras."))
    journal.entries.edit(later.id, EntryChanges(body="Later, about quokkas."))
    journal.entries.edit(old.id, EntryChanges(body="An older entry about dugongs."))
    journal.entries.delete(waiting.id)
    search_index.index_all(journal.conn)
    _whole(journal.conn)
    found = {word: [e.id for e in journal.entries.search(word)]
             for word in ("dugongs", "manatees", "quokkas", "capybaras", "okapis", "walruses")}
    assert found == {"dugongs": [old.id], "manatees": [], "quokkas": [later.id], "capybaras": [],
                     "okapis": [], "walruses": []}


def test_the_indexer_goes_a_chunk_at_a_time_and_a_failed_chunk_changes_nothing(journal, tmp_path, no_background,
                                                                               monkeypatch):
    journal.transfer.import_file(_file(tmp_path, 12))
    assert search_index.index_some(journal.conn, 5) == 7
    assert journal.conn.execute("SELECT count(*) FROM entries_fts_docsize").fetchone()[0] == 5
    with monkeypatch.context() as patch, pytest.raises(StorageError):
        patch.setattr("journal.store.search.present", lambda conn: ["entries_fts", "no_such_index"])
        search_index.index_some(journal.conn, 5)
    assert journal.entries.unindexed() == 7  # rolled back whole
    assert journal.conn.execute("SELECT count(*) FROM entries_fts_docsize").fetchone()[0] == 5
    assert search_index.index_some(journal.conn, 5) == 2
    assert search_index.index_some(journal.conn, 5) == 0
    _whole(journal.conn)


def test_doctor_checks_the_indexes_with_what_waits_and_says_how_many(journal, tmp_path, no_background):
    journal.transfer.import_file(_file(tmp_path, 12))
    line = next(c for c in run_doctor(journal.session.path)[1] if c.name == "search index")
    assert line.status == "info" and "12 entries of an import still being indexed" in line.detail
    assert journal.entries.unindexed() == 12  # checked on a copy: the journal is left as it was
    search_index.index_all(journal.conn)
    line = next(c for c in run_doctor(journal.session.path)[1] if c.name == "search index")
    assert (line.status, line.detail) == ("ok", "ok (12 entries indexed)")


def test_the_background_indexer_fills_the_indexes_after_the_import(journal, tmp_path, monkeypatch):
    monkeypatch.setattr("journal.store.transfer.BULK_MIN_ENTRIES", 5)
    journal.transfer.import_file(_file(tmp_path, 30))
    wait_until_indexed(journal.session.path)
    assert journal.entries.unindexed() == 0
    _whole(journal.conn)
    hits = journal.conn.execute("SELECT count(*) FROM entries_fts WHERE entries_fts MATCH 'quetzalcoatl'")
    assert hits.fetchone()[0] == 30


def test_the_background_indexer_opens_an_encrypted_journal_with_its_key(tmp_path, clock, monkeypatch):
    from journal.store import engine

    monkeypatch.setattr("journal.store.transfer.BULK_MIN_ENTRIES", 5)
    key = engine.Key.new("correct horse battery")
    with Journal.open(tmp_path / "secret.db", clock=clock, create=True, key=key) as journal:
        journal.transfer.import_file(_file(tmp_path, 30))
        wait_until_indexed(journal.session.path)
        assert journal.entries.unindexed() == 0
        _whole(journal.conn)
