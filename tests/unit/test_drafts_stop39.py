"""A draft keeps the days its typed dates meant when it was written (catalogue S361)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from journal.domain.model import Draft, Lens


@pytest.mark.catalogue("S361")
def test_a_draft_taken_up_days_later_keeps_the_day_it_was_written_about(journal, clock):
    kept = journal.drafts.save(Draft(body="The talk ran late.", lens=Lens.HINDSIGHT, when="yesterday 18:00"))
    plan = journal.drafts.save(Draft(body="Ask for the slides.", lens=Lens.FORESIGHT, revisit="in 2 weeks"))
    now = journal.drafts.save(Draft(body="Written now, left till later.", lens=Lens.HINDSIGHT))
    typing = journal.drafts.save(Draft(body="Half a date.", lens=Lens.HINDSIGHT, when="yester"))
    assert journal.drafts.get(typing).when == "yester"  # not a date yet: as typed
    clock.set(clock.now() + timedelta(days=3))
    for draft_id in (kept, plan, now):
        journal.drafts.let_go(draft_id)
    entry, _ = journal.drafts.save_as_entry(kept)
    assert (entry.day, entry.time) == (date(2026, 11, 22), "18:00")  # the fixed clock's yesterday
    entry, _ = journal.drafts.save_as_entry(plan)
    assert entry.revisit_on == date(2026, 12, 7)
    entry, _ = journal.drafts.save_as_entry(now)  # "now" was when it was written
    assert (entry.day, entry.time) == (date(2026, 11, 23), "09:30")
