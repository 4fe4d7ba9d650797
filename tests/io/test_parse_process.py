"""A large export's entries parsed by a second process while the importer writes them
(io/parse_process.py): the same journal, counts and notes as one process, the same one line
for a malformed file, and a child that dies makes the import fail whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from journal.domain.errors import MalformedInput, StorageError
from journal.io import own_json, parse_process
from journal.services import Journal

FIXTURES = Path(__file__).parent / "fixtures" / "bulk"


@pytest.fixture
def two_processes(monkeypatch):
    """Every streamed file parsed by the child, however small."""
    monkeypatch.setattr(own_json, "STREAM_MIN_BYTES", 0)
    monkeypatch.setattr(parse_process, "worth_it", lambda size: True)
    monkeypatch.setattr(parse_process, "CHUNK", 4)  # several frames


def _one_process(monkeypatch):
    monkeypatch.setattr(parse_process, "worth_it", lambda size: False)


def _import(tmp_path, clock, name: str, file: Path):
    with Journal.open(tmp_path / name, clock=clock, create=True) as journal:
        report = journal.transfer.import_file(file)
        return report, _exported(journal)


def _exported(journal) -> str:
    parts: list[str] = []
    journal.transfer.export("json", parts.append, include_private=True)
    return "".join(parts)


def _file_with_repairs(tmp_path) -> Path:
    entry = {"lens": "hindsight", "title": None, "day": "2026-10-01", "time": "09:00", "tags": [], "goals": [],
             "created_at": "2026-10-01T07:00:00Z", "updated_at": "2026-10-01T07:00:00Z"}
    entries = [entry | {"id": f"{i:032x}", "body": f"Plain {i}"} for i in range(10)]
    entries[3]["body"] = "Windows\r\nline endings"  # repaired
    entries[6]["body"] = "   "  # rejected, named by its place
    entries[8]["created_at"] = "2026-10-01T09:00:00+02:00"  # another spelling of a moment: made UTC
    path = tmp_path / "repairs.json"
    path.write_text(json.dumps({"format": "threefold-journal", "version": 1, "entries": entries}), encoding="utf-8")
    return path


def test_the_child_gives_the_journal_one_process_gives(tmp_path, clock, two_processes, monkeypatch):
    for file in (FIXTURES / "input.json", _file_with_repairs(tmp_path)):
        report, both = _import(tmp_path, clock, f"two-{file.stem}.db", file)
        with monkeypatch.context() as patch:
            _one_process(patch)
            alone_report, alone = _import(tmp_path, clock, f"one-{file.stem}.db", file)
        assert both == alone
        assert (report.new, report.repaired, report.rejected, report.notes) == (
            alone_report.new, alone_report.repaired, alone_report.rejected, alone_report.notes)
    assert (report.new, report.repaired, report.rejected) == (9, 1, 1)
    assert report.notes and "entries[6]" in report.notes[-1]


def test_a_malformed_entry_is_said_as_one_process_says_it(tmp_path, clock, two_processes, monkeypatch):
    data = json.loads(_file_with_repairs(tmp_path).read_text(encoding="utf-8"))
    data["entries"][7]["time"] = "25:00"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with Journal.open(tmp_path / "j.db", clock=clock, create=True) as journal:
        with pytest.raises(MalformedInput) as two:
            journal.transfer.import_file(bad)
        with monkeypatch.context() as patch:
            _one_process(patch)
            with pytest.raises(MalformedInput) as one:
                journal.transfer.import_file(bad)
        assert str(two.value) == str(one.value) and "entries[7].time" in str(two.value)
        assert journal.entries.count() == 0


def test_a_child_that_dies_fails_the_import_whole(tmp_path, clock, two_processes, monkeypatch):
    monkeypatch.setattr(parse_process, "_CODE", "import sys; sys.stdout.buffer.write(b'\\x00')")
    with Journal.open(tmp_path / "j.db", clock=clock, create=True) as journal:
        with pytest.raises(StorageError, match="the process reading it stopped before the end"):
            journal.transfer.import_file(_file_with_repairs(tmp_path))
        assert journal.entries.count() == 0


def test_only_a_large_file_on_more_than_one_core_is_worth_a_second_process(monkeypatch):
    assert not parse_process.worth_it(parse_process.PARALLEL_MIN_BYTES - 1)
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0})
    assert not parse_process.worth_it(parse_process.PARALLEL_MIN_BYTES)
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0, 1})
    assert parse_process.worth_it(parse_process.PARALLEL_MIN_BYTES)
