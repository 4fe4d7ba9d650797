"""A candidate not scored on anything yet has no place and no score (S497): it read 'joint 1st,
0%', as a candidate really scored 0 does."""

from __future__ import annotations

import pytest

from journal.domain.practice import rank


@pytest.mark.catalogue("S497")
def test_not_scored_yet_is_no_place_and_no_score(journal):
    shortlist = journal.shortlists.new("Mentor")
    journal.shortlists.add_criterion(shortlist.id, "Coached leads", weight=3)
    for name in ("Ada", "Bea", "Cy"):
        journal.shortlists.add_candidate(shortlist.id, name)
    journal.shortlists.score(shortlist.id, "Ada", "Coached leads", "0")
    ranked = {r.candidate.name: r for r in rank(journal.shortlists.get(shortlist.id))}
    assert (ranked["Ada"].place_words, ranked["Ada"].score_words, ranked["Ada"].summary) == ("1st", "0%", "1st, 0%")
    for name in ("Bea", "Cy"):
        assert (ranked[name].place_words, ranked[name].score_words, ranked[name].summary) == (
            "—", "—", "not scored yet")
