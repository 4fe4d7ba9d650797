"""Faults found from the outside in stop 34 (services and storage): each test names its catalogue case."""

from __future__ import annotations

import pytest

from journal.domain.model import Draft


@pytest.mark.catalogue("S270")
def test_a_draft_number_is_never_given_twice(journal):
    first = journal.drafts.save(Draft(body="kept as draft 1"))
    journal.drafts.discard(first)
    second = journal.drafts.save(Draft(body="another text"))
    assert second != first
    journal.drafts.discard(second)
    third = journal.drafts.save(Draft(body="and another"))
    assert third not in (first, second)
    assert [d.body for d in journal.drafts.list()] == ["and another"]
