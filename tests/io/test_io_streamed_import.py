"""Big imports: our JSON is read as a stream (flat memory) and written in bulk with the
FTS index rebuilt once; a failure rolls everything back, triggers included."""

from __future__ import annotations

import json
import tracemalloc

import pytest

from journal.store import engine
from journal.io import own_json
from journal.services import EntryInput, Journal

from tests.io.test_io_malformed_and_html import MALFORMED


def _export(path, n, *, broken_at=None):
    lines = []
    for i in range(n):
        entry = {"id": f"e{i:06d}", "day": "2026-01-01", "time": None, "tz": "UTC",
                 "created_at": "2026-01-01T10:00:00Z", "updated_at": "2026-01-01T10:00:00Z",
                 "lens": "insight", "kind": "note", "title": f"title {i}",
                 "body": f"body number {i} " + "lorem ipsum dolor sit amet " * 8, "tags": ["t"], "goals": [],
                 "starred": False, "private": False, "mentorship_id": None, "revisit_on": None,
                 "answers": None, "deleted_at": None, "source": None, "source_id": None}
        if i == broken_at:
            entry["day"] = "2026-02-30"
        lines.append(json.dumps(entry))
    path.write_text('{"format": "threefold-journal", "version": 1, "exported_at": "2026-11-23T08:30:00Z",\n'
                    '"mentorships": [\n],\n"goals": [\n],\n"entries": [\n' + ",\n".join(lines) + "\n]}\n",
                    encoding="utf-8")


@pytest.mark.catalogue("F53")
def test_streamed_import_of_20000_entries_keeps_memory_flat(tmp_path, clock):
    path = tmp_path / "big.json"
    _export(path, 20000)
    size = path.stat().st_size
    with Journal.open(tmp_path / "j.db", clock=clock, create=True) as journal:
        tracemalloc.start()
        try:
            report = journal.transfer.import_file(path)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert report.new == 20000
        assert peak < size, (peak, size)  # whole-file reading held over 3x the file size
        assert [e.id for e in journal.entries.search("number 19999")] == ["e019999"]
        again = journal.transfer.import_file(path)
        assert (again.new, again.updated, again.present) == (0, 0, 20000)


def _triggers(db):
    conn = engine.driver.connect(db)
    try:
        return sorted(r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'entries'"))
    finally:
        conn.close()


@pytest.mark.catalogue("F46")
def test_failed_bulk_import_leaves_no_rows_and_working_search(run, tmp_path, journal):
    before = _triggers(run.db_path)
    assert {"entries_ai", "entries_ad", "entries_au"} <= set(before)
    path = tmp_path / "bad.json"
    _export(path, 5000, broken_at=4990)
    result = run("import", path)
    assert result.exit_code == 65 and "entries[4990].day: not a date" in result.stderr, result.stderr
    assert run.rows() == 0 and _triggers(run.db_path) == before
    written = journal.entries.write(EntryInput("a zebracorn appears"))
    assert [e.id for e in journal.entries.search("zebracorn")] == [written.id]
    assert journal.entries.unindexed() == 0  # the backlog mark went with the rollback


@pytest.mark.parametrize("name", sorted(k for k in MALFORMED if k not in ("top level list", "deep nesting")))
def test_malformed_files_read_as_a_stream_fail_the_same_way(run, tmp_path, monkeypatch, name):
    monkeypatch.setattr(own_json, "STREAM_MIN_BYTES", 0)
    content, expected = MALFORMED[name]
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    result = run("import", path)
    assert result.exit_code == 65, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], lines[0]
    assert run.rows() == 0


def test_pretty_printed_export_streams_too(tmp_path, clock, monkeypatch, exported):
    monkeypatch.setattr(own_json, "STREAM_MIN_BYTES", 0)
    with Journal.open(tmp_path / "a.db", clock=clock, create=True) as first:
        first.goals.add("Speak")
        for i in range(3):
            first.entries.write(EntryInput(f"entry {i}", goals=["Speak"], tags=["x"]))
        text = exported(first)
    path = tmp_path / "pretty.json"
    path.write_text(json.dumps(json.loads(text), indent=4, ensure_ascii=False), encoding="utf-8")
    with Journal.open(tmp_path / "b.db", clock=clock, create=True) as second:
        report = second.transfer.import_file(path)
        assert (report.new, report.goals["new"]) == (3, 1)
        assert exported(second) == text
