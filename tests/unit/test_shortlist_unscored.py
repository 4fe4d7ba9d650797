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


@pytest.mark.catalogue("S516")
def test_a_candidate_not_scored_yet_comes_last_and_takes_no_place(journal):
    """Helper review: `shortlist show` read 1st, 2nd, —, 4th: the unscored candidate sat in the
    middle (among those with a must-have not known yet, before those missing one) and counted
    for the places after it."""
    shortlist = journal.shortlists.new("Mentor")
    journal.shortlists.add_criterion(shortlist.id, "Leads teams", must=True)
    journal.shortlists.add_criterion(shortlist.id, "Coached leads", weight=3)
    for name in ("Sam", "Jordan", "Dr. Long Name", "Alex"):
        journal.shortlists.add_candidate(shortlist.id, name)
    for name, must, want in (("Sam", "yes", "5"), ("Jordan", "yes", "3")):
        journal.shortlists.score(shortlist.id, name, "Leads teams", must)
        journal.shortlists.score(shortlist.id, name, "Coached leads", want)
    journal.shortlists.score(shortlist.id, "Alex", "Leads teams", "no")  # misses the must-have: after the unknown
    journal.shortlists.score(shortlist.id, "Alex", "Coached leads", "4")
    ranked = rank(journal.shortlists.get(shortlist.id))
    assert [(r.candidate.name, r.place_words) for r in ranked] == [
        ("Sam", "1st"), ("Jordan", "2nd"), ("Alex", "3rd"), ("Dr. Long Name", "—")]
