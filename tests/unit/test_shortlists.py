"""Choosing a mentor by criteria: the ranking rules (domain/practice.rank) and the service
(services/shortlists.py): the matrix, its refusals, and choosing in one transaction.

Fixed clock: Monday 23 November 2026, 09:30 in Berlin.
"""

from __future__ import annotations

from datetime import date

import pytest

from journal.domain.errors import BadValue, NotFound
from journal.domain.practice import Candidate, Criterion, Shortlist, ordinal, rank
from journal.store import mentorships as mentorship_rows


# ----------------------------------------------------------------- rank
def must(cid: str, name: str | None = None) -> Criterion:
    return Criterion(cid, name or cid, must=True)


def want(cid: str, weight: int, name: str | None = None) -> Criterion:
    return Criterion(cid, name or cid, weight=weight)


def matrix(criteria: list[Criterion], **candidates: dict[str, int]) -> Shortlist:
    return Shortlist("s", "Mentor", criteria=criteria,
                     candidates=[Candidate(name.lower(), name, dict(scores)) for name, scores in candidates.items()])


def order(shortlist: Shortlist) -> list[tuple[int, str, int]]:
    return [(r.place, r.candidate.name, r.score) for r in rank(shortlist)]


def test_a_candidate_missing_a_must_have_ranks_last_however_well_they_score_and_it_is_named():
    sl = matrix([must("field", "Works in my field"), want("talks", 5)],
                Ada={"field": 1, "talks": 1}, Alan={"field": 0, "talks": 5})
    ranked = rank(sl)
    assert [(r.candidate.name, r.score) for r in ranked] == [("Ada", 20), ("Alan", 100)]
    last = ranked[-1]
    assert [c.name for c in last.unmet] == ["Works in my field"] and not last.qualifies
    assert last.standing == "misses must-have 'Works in my field'"
    assert ranked[0].qualifies and ranked[0].standing == "meets every must-have"


def test_an_unscored_must_have_is_not_yet_known_between_met_and_missed():
    sl = matrix([must("field"), must("time"), want("talks", 3)],
                Ada={"field": 1, "time": 1, "talks": 0},
                Grace={"field": 1, "talks": 5},
                Alan={"field": 0, "time": 1, "talks": 5})
    ranked = rank(sl)
    assert [r.candidate.name for r in ranked] == ["Ada", "Grace", "Alan"]
    grace = ranked[1]
    assert not grace.qualifies and not grace.unmet and [c.id for c in grace.pending] == ["time"]
    assert grace.standing == "must-have not scored yet: 'time'"
    assert [c.id for c in grace.unscored] == ["time"]


def test_wants_count_by_weight_and_the_score_is_a_share_of_the_best():
    # best = (5 + 1) × 5 = 30; Ada 5×4 + 1×0 = 20 → 67%; Grace 5×2 + 1×5 = 15 → 50%
    sl = matrix([want("coached", 5), want("near", 1)],
                Grace={"coached": 2, "near": 5}, Ada={"coached": 4, "near": 0})
    ranked = rank(sl)
    assert [(r.candidate.name, r.points, r.best, r.score) for r in ranked] == [
        ("Ada", 20, 30, 67), ("Grace", 15, 30, 50)]


def test_the_percentage_rounds_half_up():
    sl = matrix([want("a", 4), want("b", 4)], Ada={"a": 1})  # 4 of 40 points
    assert rank(sl)[0].score == 10
    sl = matrix([want("a", 1), want("b", 1), want("c", 1), want("d", 1)], Ada={"a": 1})  # 1 of 20 = 5%
    assert rank(sl)[0].score == 5
    sl = matrix([want(f"w{i}", 1) for i in range(8)], Ada={"w0": 1})  # 1 of 40 = 2.5% → 3, not banker's 2
    assert rank(sl)[0].score == 3


def test_the_ranking_compares_points_not_the_rounded_percentage():
    """Ten wants weighted 5 and one weighted 1 (best 255): 126 and 125 points both show 49%."""
    criteria = [want(f"w{i}", 5) for i in range(10)] + [want("one", 1)]
    five = {f"w{i}": 5 for i in range(5)}
    sl = matrix(criteria, Abe=five, Zed={**five, "one": 1})
    ranked = rank(sl)
    assert [(r.candidate.name, r.points, r.score, r.place) for r in ranked] == [
        ("Zed", 126, 49, 1), ("Abe", 125, 49, 2)]


def test_an_unscored_want_counts_as_nothing_and_is_listed():
    sl = matrix([want("a", 3), want("b", 3)], Ada={"a": 5})
    only = rank(sl)[0]
    assert (only.points, only.score, [c.id for c in only.unscored]) == (15, 50, ["b"])
    assert only.qualifies  # wants never hold a candidate back


def test_ties_share_a_place_and_are_listed_by_name():
    sl = matrix([want("a", 2)], grace={"a": 3}, Ada={"a": 3}, Carl={"a": 1}, bob={"a": 3})
    ranked = rank(sl)
    assert [(r.place, r.candidate.name, r.tied) for r in ranked] == [
        (1, "Ada", True), (1, "bob", True), (1, "grace", True), (4, "Carl", False)]
    assert ranked[0].place_words == "joint 1st" and ranked[3].place_words == "4th"


def test_without_wants_everyone_scores_nothing_and_the_must_haves_alone_order():
    sl = matrix([must("field")], Bea={"field": 1}, Ada={"field": 1}, Cy={"field": 0}, Dee={})
    ranked = rank(sl)
    assert [(r.place, r.candidate.name, r.score, r.best) for r in ranked] == [
        (1, "Ada", 0, 0), (1, "Bea", 0, 0), (3, "Cy", 0, 0), (4, "Dee", 0, 0)]  # Dee, not scored: last (S516)


def test_no_criteria_at_all_ties_everyone():
    sl = matrix([], Bea={}, Ada={})
    assert [(r.place, r.candidate.name, r.qualifies) for r in rank(sl)] == [(1, "Ada", True), (1, "Bea", True)]


def test_no_candidates_rank_to_nothing():
    assert rank(matrix([must("x"), want("y", 3)])) == []


def test_ordinals():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"]


def test_criteria_and_candidates_are_named_by_number_name_or_prefix():
    sl = matrix([must("f1", "Field"), want("t1", 3, "Time")], Ada={}, Adam={}, Grace={})
    assert sl.criterion("2").name == "Time" and sl.criterion("fie").name == "Field"
    assert sl.candidate("ada").name == "Ada"  # an exact name wins over a prefix
    assert sl.candidate("gr").name == "Grace"
    with pytest.raises(BadValue, match="Several candidates match 'Ad'"):
        sl.candidate("Ad")
    with pytest.raises(BadValue, match="No criterion matches '9'"):
        sl.criterion("9")
    with pytest.raises(BadValue, match="No candidate"):
        sl.candidate("²")  # a digit that is no number


# ----------------------------------------------------------------- the service
@pytest.fixture
def lists(journal):
    return journal.shortlists


def furnished(lists):
    """Two must-haves, two weighted wants, three candidates scored."""
    lists.new("Leadership mentor")
    lists.add_criterion("lead", "Works in my field", must=True)
    lists.add_criterion("lead", "Has time each month", must=True)
    lists.add_criterion("lead", "Has coached team leads", weight=5)
    lists.add_criterion("lead", "Lives nearby", weight=2)
    for name in ("Ada Lovelace", "Grace Hopper", "Alan Turing"):
        lists.add_candidate("lead", name)
    lists.score_many("lead", "Ada", [("1", "yes"), ("2", "yes"), ("3", "4"), ("4", "3")])
    lists.score_many("lead", "Grace", [("1", "yes"), ("2", "yes"), ("3", "5"), ("4", "1")])
    lists.score_many("lead", "Alan", [("1", "no"), ("2", "yes"), ("3", "5"), ("4", "5")])
    return lists.get("lead")


def test_a_shortlist_is_built_scored_and_ranked(lists):
    sl = furnished(lists)
    assert [(c.name, c.must, c.weight) for c in sl.criteria] == [
        ("Works in my field", True, 3), ("Has time each month", True, 3), ("Has coached team leads", False, 5),
        ("Lives nearby", False, 2)]
    ranked = lists.ranking("lead")
    # best 35: Grace 25 + 2 = 27 → 77%, Ada 20 + 6 = 26 → 74%, Alan (misses a must-have) 35 → 100%
    assert [(r.place, r.candidate.name, r.score) for r in ranked] == [
        (1, "Grace Hopper", 77), (2, "Ada Lovelace", 74), (3, "Alan Turing", 100)]
    assert [c.name for c in ranked[2].unmet] == ["Works in my field"]


@pytest.mark.catalogue("S540")
def test_a_candidate_is_renamed_keeping_scores_and_notes(lists):
    furnished(lists)
    lists.note("lead", "Ada", "First call: asked about her team.")
    before = lists.get("lead").candidate("Ada")
    renamed, was = lists.rename_candidate("lead", "Ada", "  Ada King  ")
    assert (renamed.name, was, renamed.id) == ("Ada King", "Ada Lovelace", before.id)
    after = lists.get("lead").candidate("Ada King")
    assert (after.scores, after.conversations) == (before.scores, before.conversations)
    assert lists.rename_candidate("lead", "Ada King", "Ada King") == (after, "Ada King")  # nothing to change
    with pytest.raises(BadValue, match="already candidate"):
        lists.rename_candidate("lead", "Ada King", "grace hopper")
    with pytest.raises(BadValue):
        lists.rename_candidate("lead", "Ada King", "   ")


def test_new_refuses_an_empty_or_twin_title(lists):
    lists.new("Leadership mentor")
    with pytest.raises(BadValue, match="already exists"):
        lists.new("leadership MENTOR")
    with pytest.raises(BadValue, match="empty"):
        lists.new("   ")


def test_get_without_a_ref_takes_the_only_one_or_the_only_open_one(lists):
    with pytest.raises(NotFound, match="shortlist new"):
        lists.get()
    first = lists.new("First")
    assert lists.get().id == first.id
    lists.new("Second")
    with pytest.raises(BadValue, match="There are 2 shortlists"):
        lists.get()
    lists.add_candidate("First", "Ada")
    lists.choose("First", "Ada")
    assert lists.get().title == "Second"  # the only one not decided yet


def test_criteria_refusals(lists):
    lists.new("Mentor")
    with pytest.raises(BadValue, match="no weight"):
        lists.add_criterion("Mentor", "Field", must=True, weight=4)
    with pytest.raises(BadValue, match="weight is 1"):
        lists.add_criterion("Mentor", "Field", weight=6)
    lists.add_criterion("Mentor", "Field", must=True)
    with pytest.raises(BadValue, match="already criterion 1"):
        lists.add_criterion("Mentor", "field")
    with pytest.raises(BadValue, match="must-have: met or not"):
        lists.edit_criterion("Mentor", "Field", weight=2)


def test_changing_a_criterion_between_must_have_and_want_takes_its_scores_back(lists):
    furnished(lists)
    change = lists.edit_criterion("lead", "Lives nearby", must=True)
    assert (change.changed, change.cleared, change.criterion.must) == (["must"], 3, True)
    ranked = lists.ranking("lead")
    assert all("Lives nearby" in [c.name for c in r.pending] for r in ranked if not r.unmet)
    change = lists.edit_criterion("lead", "Lives nearby", name="Lives close by", must=False, weight=4)
    assert (change.changed, change.cleared, change.criterion.weight) == (["name", "must", "weight"], 0, 4)
    assert lists.edit_criterion("lead", "Lives close by", weight=4).changed == []


def test_removing_a_criterion_removes_its_scores(lists):
    furnished(lists)
    lists.remove_criterion("lead", "Works in my field")
    ranked = lists.ranking("lead")
    assert [r.candidate.name for r in ranked] == ["Alan Turing", "Grace Hopper", "Ada Lovelace"]
    assert all(len(r.candidate.scores) == 3 for r in ranked)


def test_scores_are_checked_by_kind_and_all_or_none_are_kept(lists):
    furnished(lists)
    with pytest.raises(BadValue, match="'Works in my field': A must-have is met or not"):
        lists.score("lead", "Ada", "Works in my field", "4")
    with pytest.raises(BadValue, match="'Lives nearby': Score a want from 0"):
        lists.score_many("lead", "Ada", [("3", "1"), ("4", "9")])
    ada = lists.get("lead").candidate("Ada")
    assert [ada.scores[c.id] for c in lists.get("lead").criteria] == [1, 1, 4, 3]  # the 1 was not kept either
    assert lists.score("lead", "Ada", "2", "no") == 0
    assert lists.score("lead", "Ada", "2", "-") is None
    assert "Has time each month" in [c.name for c in next(r for r in lists.ranking("lead")
                                                          if r.candidate.name == "Ada Lovelace").pending]


def test_a_twin_candidate_is_refused_and_removing_one_takes_their_notes(lists):
    furnished(lists)
    with pytest.raises(BadValue, match="already candidate 1"):
        lists.add_candidate("lead", "ada lovelace")
    lists.note("lead", "Alan", "Brilliant, but far away.")
    gone = lists.remove_candidate("lead", "Alan")
    assert gone.conversations[0].text == "Brilliant, but far away."
    assert [c.name for c in lists.get("lead").candidates] == ["Ada Lovelace", "Grace Hopper"]


def test_notes_are_dated_as_typed_and_kept_in_day_order(lists):
    furnished(lists)
    lists.note("lead", "Grace", "Second talk: clear about time.")
    lists.note("lead", "Grace", "First call: warm.\n\nAsked about my goals.", on="last friday")
    notes = lists.get("lead").candidate("Grace").conversations
    assert [(n.day, n.text) for n in notes] == [
        (date(2026, 11, 20), "First call: warm.\n\nAsked about my goals."),
        (date(2026, 11, 23), "Second talk: clear about time.")]
    with pytest.raises(BadValue, match="future"):
        lists.note("lead", "Grace", "Not yet", on="tomorrow")
    with pytest.raises(BadValue, match="empty"):
        lists.note("lead", "Grace", "  \n ")


def test_choosing_starts_a_mentorship_with_its_history_and_keeps_the_matrix_and_notes(lists, journal):
    furnished(lists)
    lists.note("lead", "Grace", "Warm; asked about my goals.", on="2026-11-18")
    m = lists.choose("lead", "Grace", check_in_every=14)
    assert (m.mentor, m.focus, m.started_on, m.check_in_every) == (
        "Grace Hopper", "Leadership mentor", date(2026, 11, 23), 14)
    assert [(h.kind, h.new) for h in m.history] == [
        ("created", None),
        ("chosen", "chosen from 3 candidates on the shortlist 'Leadership mentor' (ranked 1st, 77%)")]
    assert all(h.at == journal.clock.now() for h in m.history)
    sl = lists.of_mentorship(m.id)
    assert sl is not None and sl.decided and sl.chosen_candidate.name == "Grace Hopper"
    assert sl.candidate("Grace").conversations[0].text == "Warm; asked about my goals."
    assert [r.candidate.name for r in rank(sl)] == ["Grace Hopper", "Ada Lovelace", "Alan Turing"]
    assert lists.of_mentorship("no-such-id") is None


def test_choose_takes_focus_and_start_as_typed(lists):
    furnished(lists)
    m = lists.choose("lead", "Ada", focus="Leading a team of five", since="2026-11-01")
    assert (m.focus, m.started_on) == ("Leading a team of five", date(2026, 11, 1))
    assert "ranked 2nd, 74%" in m.history[-1].new


def test_choose_refuses_a_missing_must_have_by_name_unless_forced(lists, journal):
    furnished(lists)
    with pytest.raises(BadValue) as refused:
        lists.choose("lead", "Alan")
    message = str(refused.value)
    assert "Alan Turing misses the must-have 'Works in my field'" in message and "--anyway" in message
    assert "\n" not in message
    assert journal.mentorships.list() == [] and not lists.get("lead").decided
    m = lists.choose("lead", "Alan", force=True)
    assert m.history[-1].new == ("chosen from 3 candidates on the shortlist 'Leadership mentor' (ranked 3rd, 100%); "
                                 "chosen although it misses must-have 'Works in my field'")


def test_choose_refuses_an_unscored_must_have(lists):
    furnished(lists)
    lists.score("lead", "Ada", "2", "-")
    with pytest.raises(BadValue, match="Ada Lovelace is not scored yet on the must-have 'Has time each month'"):
        lists.choose("lead", "Ada")


def test_choose_refuses_bad_input_and_writes_nothing(lists, journal):
    furnished(lists)
    with pytest.raises(BadValue, match="future"):
        lists.choose("lead", "Grace", since="tomorrow")
    with pytest.raises(BadValue, match="--check-in-every"):
        lists.choose("lead", "Grace", check_in_every=0)
    with pytest.raises(BadValue, match="No candidate"):
        lists.choose("lead", "Nobody")
    assert journal.mentorships.list() == [] and not lists.get("lead").decided


def test_choosing_is_one_transaction(lists, journal, monkeypatch):
    """A failure after the mentorship row was written leaves no mentorship and no decision."""
    furnished(lists)

    def broken(conn, mentorship_id, event):
        if event.kind == "chosen":
            raise RuntimeError("disk gone")
        conn.execute("INSERT INTO mentorship_history (mentorship_id, at, kind, field, old, new) "
                     "VALUES (?, '2026-11-23T08:30:00Z', ?, NULL, NULL, ?)", (mentorship_id, event.kind, event.new))

    monkeypatch.setattr(mentorship_rows, "add_event", broken)
    with pytest.raises(RuntimeError):
        lists.choose("lead", "Grace")
    assert journal.mentorships.list() == []
    assert journal.session.conn.execute("SELECT count(*) FROM mentorship_history").fetchone()[0] == 0
    assert not lists.get("lead").decided


def test_a_decided_shortlist_keeps_its_matrix_but_takes_notes_and_a_new_title(lists):
    furnished(lists)
    m = lists.choose("lead", "Grace")
    for change in (lambda: lists.add_criterion("lead", "New"), lambda: lists.remove_criterion("lead", "1"),
                   lambda: lists.edit_criterion("lead", "1", name="x"), lambda: lists.add_candidate("lead", "Bo"),
                   lambda: lists.remove_candidate("lead", "Ada"), lambda: lists.score("lead", "Ada", "3", "5"),
                   lambda: lists.rename_candidate("lead", "Ada", "Ada L.")):
        with pytest.raises(BadValue, match=f"is decided: Grace Hopper was chosen \\(mentorship {m.short_id}\\)"):
            change()
    with pytest.raises(BadValue, match="is decided"):
        lists.choose("lead", "Ada")
    lists.note("lead", "Ada", "Thanked her; she suggested a book.")
    lists.rename("lead", "Leadership mentor 2026")
    sl = lists.get("Leadership")
    assert sl.title == "Leadership mentor 2026" and len(sl.candidate("Ada").conversations) == 1


def test_a_decided_shortlist_is_deleted_only_when_asked(lists, journal):
    furnished(lists)
    m = lists.choose("lead", "Grace")
    with pytest.raises(BadValue, match=r"record of why.*--anyway"):
        lists.delete("lead")
    lists.delete("lead", chosen_too=True)
    assert lists.list() == [] and lists.of_mentorship(m.id) is None
    assert [h.kind for h in journal.mentorships.get(m.id).history] == ["created", "chosen"]  # the record stays


def test_an_open_shortlist_is_deleted(lists):
    lists.new("Mentor")
    assert lists.delete("Mentor").title == "Mentor"
    with pytest.raises(NotFound):
        lists.get("Mentor")
