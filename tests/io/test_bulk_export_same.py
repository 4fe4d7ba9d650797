"""The fast JSON export writes the very bytes the earlier exporter wrote (issue 20).

fixtures/bulk/input.json holds entries with everything the writer must get right: C0, C1,
DEL and bidi controls, emoji, quotes and backslashes, shared creation stamps (ordered by
id), goals out of order, `answers` links to private entries, trashed entries, details of a
check-in and of feedback, a jrnl source id. expected-all.json and expected-public.json are
what the exporter before issue 20 wrote for that journal (with and without private entries);
the tests import the input and compare byte for byte.
"""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest

from journal.io import own_json
from journal.services import Journal

FIXTURES = Path(__file__).parent / "fixtures" / "bulk"


def _expected(name: str) -> str:
    return (FIXTURES / f"expected-{name}.json").read_text(encoding="utf-8")


@pytest.fixture
def filled(tmp_path, clock):
    with Journal.open(tmp_path / "j.db", clock=clock, create=True) as journal:
        report = journal.transfer.import_file(FIXTURES / "input.json")
        assert (report.new, report.rejected) == (36, 0)
        yield journal


@pytest.mark.parametrize("private", [True, False])
def test_export_is_byte_identical_to_the_earlier_exporter(filled, exported, private):
    assert exported(filled, include_private=private) == _expected("all" if private else "public")


def test_export_counts_are_unchanged(filled):
    parts: list[str] = []
    written, left_out = filled.transfer.export("json", parts.append)
    assert (written, left_out) == (_expected("public").count('\n{"id": "0000'), 7)


def test_export_file_is_the_same_bytes_and_private(filled, tmp_path):
    target = tmp_path / "out.json"
    filled.transfer.export_to_file("json", target, include_private=True)
    assert target.read_bytes() == _expected("all").encode("utf-8")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


def test_export_stream_is_the_same_bytes(filled):
    sink = io.BytesIO()
    filled.transfer.export_to_stream("json", sink, include_private=True)
    assert sink.getvalue() == _expected("all").encode("utf-8")


def test_streamed_import_gives_the_same_journal(tmp_path, clock, exported, monkeypatch):
    """The big-file path (json_stream + bulk writes) leaves the journal the whole-file path does."""
    monkeypatch.setattr(own_json, "STREAM_MIN_BYTES", 0)
    monkeypatch.setattr("journal.store.transfer.BULK_MIN_ENTRIES", 5)
    with Journal.open(tmp_path / "s.db", clock=clock, create=True) as journal:
        report = journal.transfer.import_file(FIXTURES / "input.json")
        assert (report.new, report.rejected, report.updated) == (36, 0, 0)
        assert exported(journal) == _expected("all")
        again = journal.transfer.import_file(FIXTURES / "input.json")
        assert (again.new, again.updated, again.present) == (0, 0, 36)
        assert exported(journal) == _expected("all")


def test_export_pulls_entries_one_at_a_time(filled, monkeypatch):
    """The exporter pulls entries from a cursor as it writes; it never holds them all."""
    from journal.store import transfer

    pulled: list[object] = []
    original = transfer.iter_entry_pieces

    def spy(*args, **kw):
        for item in original(*args, **kw):
            pulled.append(item)
            yield item

    monkeypatch.setattr(transfer, "iter_entry_pieces", spy)
    seen_at_write: list[int] = []
    written, _ = filled.transfer.export("json", lambda piece: seen_at_write.append(len(pulled)),
                                        include_private=True)
    assert len(pulled) == written == 33
    assert sorted(set(seen_at_write)) == list(range(written + 1))


def test_an_sqlite_that_quotes_otherwise_gets_the_dict_path(filled, exported, monkeypatch):
    """json_quote() is checked against Python's JSON on characters where they could differ;
    on a mismatch the export takes the slower dict path and writes the same bytes."""
    from journal.store import transfer

    monkeypatch.setattr(transfer, "sql_json_quote", lambda conn, text: "different")
    monkeypatch.setattr(transfer, "iter_entry_pieces", None)  # must not be used
    assert exported(filled) == _expected("all")


def test_json_quote_writes_every_character_as_python_does(filled):
    """Every code point (surrogates aside), in blocks: SQLite's json_quote() == json.dumps."""
    from journal.store import transfer

    conn = filled.session.conn
    points = [cp for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF]
    for start in range(0, len(points), 20000):
        text = "".join(map(chr, points[start:start + 20000]))
        assert transfer.sql_json_quote(conn, text) == own_json.quote(text)
    assert transfer.sql_json_quote(conn, own_json.QUOTE_PROBE) == own_json.quote(own_json.QUOTE_PROBE)


def test_bulk_import_leaves_complete_indexes_once_indexed(tmp_path, clock, monkeypatch):
    """The bulk path leaves the entries to the search indexer (store/search_index.py); once it
    has run, both indexes are whole (FTS5's own check) and find what the file holds."""
    from journal.store import search_index

    monkeypatch.setattr(own_json, "STREAM_MIN_BYTES", 0)
    monkeypatch.setattr("journal.store.transfer.BULK_MIN_ENTRIES", 5)
    monkeypatch.setattr(search_index, "start", lambda db, key: None)
    with Journal.open(tmp_path / "b.db", clock=clock, create=True) as journal:
        journal.transfer.import_file(FIXTURES / "input.json")
        conn = journal.session.conn
        assert search_index.left(conn) > 0
        search_index.index_all(conn)
        for name in ("entries_fts", "entries_trigram"):
            conn.execute(f"INSERT INTO {name}({name}, rank) VALUES ('integrity-check', 1)")
        import json

        written = json.loads((FIXTURES / "input.json").read_text(encoding="utf-8"))["entries"]
        expected = {e["id"] for e in written if "PWNED" in e["body"] and not e["deleted_at"]}
        assert len(expected) == 3
        assert {e.id for e in journal.entries.search("PWNED")} == expected  # words
        assert {e.id for e in journal.entries.search("WNE")} >= expected  # inside words: trigrams
