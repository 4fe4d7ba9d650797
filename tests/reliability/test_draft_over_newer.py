"""A draft an edit conflict kept, saved over the newer version it lost to, keeps that version as
a draft in turn (S502): neither window's words are lost."""

from __future__ import annotations

from journal.record import replace

import pytest

from journal.domain.entry_fields import entry_version
from journal.domain.errors import EditConflict
from journal.domain.model import Draft, EntryChanges, draft_of
from journal.services import EntryInput
from tests.cli.expect import ok


@pytest.mark.catalogue("S502")
def test_saving_a_lost_draft_over_the_newer_edit_keeps_that_edit(journal, run):
    entry = journal.entries.write(EntryInput(body="The first words", lens="insight"))
    seen = entry_version(entry)  # both windows opened the entry at this version
    journal.entries.edit(entry.id, EntryChanges(body="B's edit, saved first", expected_version=seen))
    with pytest.raises(EditConflict) as lost:
        journal.entries.edit(entry.id, EntryChanges(body="A's edit, saved second", expected_version=seen))
    kept = lost.value.draft_id
    result = ok(run("drafts", "save", str(kept)))
    assert "Applied draft" in result.stderr + result.stdout
    assert "The version it replaced is kept as draft" in result.stderr, result.stderr
    assert journal.entries.get(entry.id).body == "A's edit, saved second"
    [other] = [d for d in journal.drafts.list() if d.body == "B's edit, saved first"]
    assert other.entry_id == entry.id and other.lost_to is not None  # asks before it goes back over A's


@pytest.mark.catalogue("S502")
def test_a_draft_that_lost_to_nothing_keeps_no_copy(journal):
    entry = journal.entries.write(EntryInput(body="Words", lens="insight"))
    number = journal.drafts.save(replace(draft_of(entry, base=entry_version(entry)), body="Words, then more"))
    journal.drafts.save_as_entry(number)
    assert journal.entries.get(entry.id).body == "Words, then more" and journal.drafts.list() == []


@pytest.mark.catalogue("S506")
def test_one_draft_saved_by_several_processes_at_once_makes_one_entry(proc, db_path):
    import subprocess
    import sys

    from journal.services import Journal

    assert proc("init").returncode == 0
    with Journal.open(db_path) as journal:
        number = journal.drafts.save(Draft(body="One draft, saved from eight terminals"))
        journal.drafts.let_go(number)  # no window holds it: any process may save it
    runs = [subprocess.Popen([sys.executable, "-m", "journal", "drafts", "save", str(number)], env=proc.env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(8)]
    outcomes = [(run.wait(timeout=60), run.stderr.read().decode()) for run in runs]
    with Journal.open(db_path) as journal:
        assert [e.body for e in journal.entries.list()] == ["One draft, saved from eight terminals"]
    assert sum(code == 0 for code, _ in outcomes) == 1, outcomes
    assert all("Traceback" not in said for _, said in outcomes)


@pytest.mark.catalogue("S506")
def test_a_draft_gone_between_reading_and_writing_writes_nothing(journal):
    from journal.domain.errors import NotFound

    number = journal.drafts.save(Draft(body="Read by one, saved by another"))
    draft = journal.drafts.get(number)
    journal.drafts.discard(number)  # the other process's save, meanwhile
    with pytest.raises(NotFound, match="saved or discarded meanwhile"):
        journal.entries.write(replace(draft, entry_id=None), claim_draft=True)
    assert journal.entries.list() == []
