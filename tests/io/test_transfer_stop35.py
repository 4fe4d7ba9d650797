"""Import and export faults found by an outside review at stop 35 (catalogue S274-)."""

from __future__ import annotations

import pytest

from journal.domain.text import normalise_body
from journal.services import EntryInput, Journal

AWKWARD = ["\ufeff\ufeffhello BOM", "\ufeff\r\n\ufeffx", "a\r\r\nb\r", "tail  \n\n", "\ufeff \ufeffy", "ok"]


@pytest.mark.catalogue("S274")
@pytest.mark.parametrize("body", AWKWARD)
def test_a_body_as_stored_is_stored_again_unchanged(body):
    """An import normalises the journal's own text again: the second pass finds nothing to do."""
    once = normalise_body(body)
    assert normalise_body(once) == once


@pytest.mark.catalogue("S274")
def test_text_piped_with_two_boms_round_trips_and_reimports_as_present(journal, exported, tmp_path, clock):
    entry = journal.entries.write(EntryInput("\ufeff\ufeffhello BOM"))
    assert entry.body == "hello BOM"
    (tmp_path / "all.json").write_text(exported(journal), encoding="utf-8")
    again = journal.transfer.import_file(tmp_path / "all.json")
    assert (again.new, again.kept, again.present, again.repaired) == (0, 0, 1, 0)
    assert journal.drafts.list() == []  # no version of the file's kept as a draft
    with Journal.open(tmp_path / "other.db", clock=clock, create=True) as other:
        report = other.transfer.import_file(tmp_path / "all.json")
        assert (report.new, report.repaired) == (1, 0)
        assert other.entries.get(entry.id).body == "hello BOM"
