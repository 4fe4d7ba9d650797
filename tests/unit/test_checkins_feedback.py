"""Issue 17, doing the work: check-in ratings and feedback fields checked per kind, a feedback
follow-up that becomes due like a foresight revisit and is answered like one, the rule for an
edit that changes the kind, drafts that keep the details, and goal-audit templates."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from journal.domain.errors import BadValue
from journal.domain.model import Draft, EntryChanges, EntryInput, Kind, Lens
from journal.domain.entry_details import ratings_words
from journal.services.entries import details_line
from journal.services.reflection import follow_up_title
from journal.store import reflection as reflection_rows

RATED = {"goals": 4, "relationship": 3, "process": 5, "time": 2}


def _feedback(journal, *, follow_up="Pause after each slide", on="in 2 weeks", lens="hindsight", **more):
    details = {"from": "Dana", "asked": "Was the pace right?", "follow_up": follow_up}
    return journal.entries.write(EntryInput("Too fast in the middle.", lens=lens, kind="feedback",
                                            details=details, revisit=on, **more))


# ------------------------------------------------------------------ details per kind
def test_a_check_in_keeps_its_ratings_in_area_order_typed_as_text_or_prefixes(journal):
    entry = journal.entries.write(EntryInput("Steady week.", kind="check-in",
                                             details={"time": "2", "rel": 3, "goals": "4", "process": 5}))
    assert entry.details == RATED  # stored as canonical JSON; shown in the areas' order (below)
    assert journal.entries.get(entry.id).details == RATED  # stored and read back as numbers
    assert ratings_words(entry.details) == ("goals: good (4) · relationship: mixed (3) · "
                                            "learning process: going well (5) · meeting time: struggling (2)")
    assert details_line(entry).startswith("Check-in: goals: good (4) · relationship: mixed (3)")


@pytest.mark.parametrize(("details", "words"), [
    ({"goals": 6}, "Rate 'goals' from 1 (off track) to 5 (going well)"),
    ({"goals": 0}, "Rate 'goals' from 1"),
    ({"goals": "good"}, "Rate 'goals' from 1"),
    ({"mood": 3}, "unknown check-in area 'mood': use one of goals, relationship, process, time"),
    ({"from": "Dana"}, "unknown check-in area 'from'"),
])
def test_bad_ratings_are_one_line_naming_what_to_give(journal, details, words):
    with pytest.raises(BadValue) as caught:
        journal.entries.write(EntryInput("x", kind="check-in", details=details))
    assert words in str(caught.value) and "\n" not in str(caught.value)
    assert journal.entries.count() == 0


def test_feedback_keeps_from_asked_and_follow_up_with_spaces_folded_and_empty_ones_dropped(journal):
    entry = journal.entries.write(EntryInput("It was clear.", kind="feedback",
                                             details={"follow_up": " Slow  down\n", "from": "Dana", "asked": ""}))
    assert entry.details == {"from": "Dana", "follow_up": "Slow down"}
    with pytest.raises(BadValue, match="unknown feedback field 'goals'"):
        journal.entries.write(EntryInput("x", kind="feedback", details={"goals": 4}))
    with pytest.raises(BadValue, match="too long"):
        journal.entries.write(EntryInput("x", kind="feedback", details={"asked": "why " * 600}))


@pytest.mark.parametrize(("details", "kind", "advice"), [
    ({"goals": 4}, "note", "Area ratings belong to check-in entries (this entry's kind is note): choose the "
                           "check-in kind (--kind check-in"),
    ({"from": "Dana"}, "meeting", "belong to feedback entries (this entry's kind is meeting): choose the feedback "
                                  "kind (--kind feedback"),
    ({"goals": 4}, "goal-audit", "this entry's kind is goal audit"),
])
def test_details_on_another_kind_are_refused_naming_the_kind_to_choose(journal, details, kind, advice):
    with pytest.raises(BadValue) as caught:
        journal.entries.write(EntryInput("x", kind=kind, details=details))
    assert advice in str(caught.value)


def test_details_never_quote_the_entry_text_in_an_error(journal):
    secret = "my salary is 91k"
    with pytest.raises(BadValue) as caught:
        journal.entries.write(EntryInput(secret, kind="note", details={"asked": secret}))
    assert secret not in str(caught.value)


# ------------------------------------------------------------------ follow-up dates
def test_a_feedback_follow_up_takes_a_date_today_or_later(journal):
    entry = _feedback(journal, on="in 2 weeks")
    assert (entry.lens, entry.revisit_on) == (Lens.HINDSIGHT, date(2026, 12, 7))
    assert details_line(entry) == ("Feedback from Dana — asked: Was the pace right? — will try: Pause after each "
                                   "slide by 2026-12-07")
    assert _feedback(journal, on="today").revisit_on == date(2026, 11, 23)
    assert _feedback(journal, on="friday").revisit_on == date(2026, 11, 27)  # the next one: it looks ahead
    with pytest.raises(BadValue) as caught:
        _feedback(journal, on="2026-11-20")
    assert "in the past; a follow-up date is ahead of today" in str(caught.value)
    with pytest.raises(BadValue, match="Invalid follow-up date 'someday'"):
        _feedback(journal, on="someday")


def test_a_follow_up_date_needs_a_follow_up_and_other_kinds_still_have_none(journal):
    with pytest.raises(BadValue, match="A follow-up date needs a follow-up: say what you will try"):
        _feedback(journal, follow_up="")
    with pytest.raises(BadValue, match="Only foresight entries can have a revisit date"):
        journal.entries.write(EntryInput("x", kind="check-in", revisit="tomorrow"))
    with pytest.raises(BadValue, match="Only foresight entries can have a revisit date"):
        journal.entries.write(EntryInput("x", kind="note", revisit="tomorrow"))


def test_a_foresight_feedback_entry_keeps_its_date_as_its_revisit_and_is_due_once(journal, clock):
    entry = _feedback(journal, lens="foresight", on="2026-11-01", when="2026-10-30")  # a foresight: a past day too
    assert entry.revisit_on == date(2026, 11, 1)
    due = [(d.kind, d.ref) for d in journal.reflection.due() if d.ref == entry.id]
    assert due == [("follow-up", entry.id)]  # a follow-up, not a second foresight item


# ------------------------------------------------------------------ due and answering
def test_due_lists_a_follow_up_once_its_day_has_come_and_drops_it_once_answered(journal, clock):
    entry = _feedback(journal, on="in 2 weeks")
    assert [d for d in journal.reflection.due() if d.kind == "follow-up"] == []
    clock.set(datetime(2026, 12, 8, 9, 0, tzinfo=clock.tzinfo))
    [item] = [d for d in journal.reflection.due() if d.kind == "follow-up"]
    assert (item.ref, item.since, item.days) == (entry.id, date(2026, 12, 7), 1)
    assert item.title == "Try: Pause after each slide — feedback from Dana"
    answer = journal.entries.write(EntryInput("I paused; it helped.", lens="hindsight", answers=entry.short_id))
    assert answer.answers == entry.id
    assert journal.entries.links(entry).answered_by == answer
    assert journal.entries.links(answer).answers == entry
    assert [d for d in journal.reflection.due() if d.kind == "follow-up"] == []
    journal.entries.delete(answer.id)  # an answer in the trash answers nothing
    assert [d.ref for d in journal.reflection.due() if d.kind == "follow-up"] == [entry.id]


def test_follow_up_titles_without_a_name_and_long_ones_cut():
    assert follow_up_title(None, "Ask two people") == "Try: Ask two people — from feedback"
    assert follow_up_title("Dana", "x" * 80) == f"Try: {'x' * 59}… — feedback from Dana"


def test_only_foresight_and_follow_ups_can_be_answered_and_only_by_hindsight(journal):
    plain = journal.entries.write(EntryInput("Feedback without a follow-up.", kind="feedback", details={"from": "Li"}))
    with pytest.raises(BadValue, match="only foresight \\(or a feedback entry's follow-up\\) can be answered"):
        journal.entries.write(EntryInput("x", lens="hindsight", answers=plain.id))
    entry = _feedback(journal)
    with pytest.raises(BadValue, match="is a hindsight entry: choose the hindsight lens"):
        journal.entries.write(EntryInput("x", lens="insight", answers=entry.id))


def test_the_due_list_is_one_query_per_kind_of_item(journal, clock):
    for n in range(6):
        _feedback(journal, on="today", follow_up=f"Try {n}")
        journal.entries.write(EntryInput(f"Plan {n}", lens="foresight", revisit="2026-11-01", when="2026-10-30"))
    statements: list[str] = []
    journal.session.conn.set_trace_callback(statements.append)
    try:
        due = journal.reflection.due()
    finally:
        journal.session.conn.set_trace_callback(None)
    assert sum(d.kind == "follow-up" for d in due) == 6 and sum(d.kind == "foresight" for d in due) == 6
    entry_reads = [s for s in statements if "FROM entries" in s]
    assert len(entry_reads) < 8, entry_reads  # not one per due row


def test_the_store_lists_follow_ups_in_day_order(journal, clock):
    later = _feedback(journal, on="in 3 days", follow_up="Second")
    sooner = _feedback(journal, on="tomorrow", follow_up="First")
    rows = reflection_rows.open_follow_ups(journal.session.conn, date(2026, 12, 31))
    assert [(r[0], r[2]) for r in rows] == [(sooner.id, "First"), (later.id, "Second")]


# ------------------------------------------------------------------ edits and kind changes
def test_an_edit_checks_details_for_the_kind_and_replaces_them_whole(journal):
    entry = journal.entries.write(EntryInput("Week 3.", kind="check-in", details=RATED))
    edited, changed = journal.entries.edit(entry.id, EntryChanges(details={"goals": 5}))
    assert changed and edited.details == {"goals": 5}
    with pytest.raises(BadValue, match="Rate 'time'"):
        journal.entries.edit(entry.id, EntryChanges(details={"time": 9}))
    assert journal.entries.get(entry.id).details == {"goals": 5}
    same, changed = journal.entries.edit(entry.id, EntryChanges(details={"goals": "5"}))
    assert not changed and same.updated_at == edited.updated_at


def test_changing_the_kind_away_drops_the_details_that_no_longer_fit(journal):
    entry = journal.entries.write(EntryInput("Week 3.", kind="check-in", details=RATED))
    note, changed = journal.entries.edit(entry.id, EntryChanges(kind="note"))
    assert changed and (note.kind, note.details) == (Kind.NOTE, {})
    feedback = _feedback(journal)
    check_in, _ = journal.entries.edit(feedback.id, EntryChanges(kind="check-in"))
    assert (check_in.details, check_in.revisit_on) == ({}, None)  # the follow-up and its date go together
    # Given with the change, details that do not fit the new kind are refused, not dropped.
    other = journal.entries.write(EntryInput("Week 4.", kind="check-in", details=RATED))
    with pytest.raises(BadValue, match="Area ratings belong to check-in entries"):
        journal.entries.edit(other.id, EntryChanges(kind="note", details=RATED))
    assert journal.entries.get(other.id).details == RATED


def test_an_edit_keeps_a_passed_follow_up_date_but_a_new_one_looks_ahead(journal, clock):
    entry = _feedback(journal, on="tomorrow")
    clock.set(datetime(2026, 12, 1, 9, 0, tzinfo=clock.tzinfo))
    kept, _ = journal.entries.edit(entry.id, EntryChanges(revisit="2026-11-24", title="Dana's notes"))
    assert kept.revisit_on == date(2026, 11, 24) and kept.title == "Dana's notes"
    with pytest.raises(BadValue, match="a follow-up date is ahead of today"):
        journal.entries.edit(entry.id, EntryChanges(revisit="2026-11-25"))
    moved, _ = journal.entries.edit(entry.id, EntryChanges(revisit="in 1 week"))
    assert moved.revisit_on == date(2026, 12, 8)


def test_clearing_the_follow_up_clears_its_date(journal):
    entry = _feedback(journal)
    edited, _ = journal.entries.edit(entry.id, EntryChanges(details={"from": "Dana"}))
    assert (edited.details, edited.revisit_on) == ({"from": "Dana"}, None)
    with pytest.raises(BadValue, match="A follow-up date needs a follow-up"):
        journal.entries.edit(entry.id, EntryChanges(details={"from": "Dana"}, revisit="in 3 days"))


def test_a_whole_draft_saved_over_a_feedback_entry_changes_nothing_it_did_not_touch(journal):
    from journal.domain.model import draft_of

    entry = _feedback(journal)
    same, changed = journal.entries.edit(entry.id, EntryChanges.whole(draft_of(entry)))
    assert not changed and same.details == entry.details and same.revisit_on == entry.revisit_on


# ------------------------------------------------------------------ drafts
def test_drafts_keep_ratings_and_feedback_fields(journal):
    draft_id = journal.drafts.save(Draft(body="half a check-in", kind=Kind.CHECK_IN, details={"goals": 4, "time": 2}))
    kept = journal.drafts.get(draft_id)
    assert kept is not None and kept.details == {"goals": 4, "time": 2} and kept.kind == Kind.CHECK_IN
    other = journal.drafts.save(Draft(body="what Dana said", kind=Kind.FEEDBACK, revisit="in 2 weeks",
                                      details={"from": "Dana", "follow_up": "Pause"}))
    kept = journal.drafts.get(other)
    assert kept is not None and (kept.details, kept.revisit) == ({"from": "Dana", "follow_up": "Pause"}, "2026-12-07")
    entry = journal.entries.write(kept)
    assert entry.details == {"from": "Dana", "follow_up": "Pause"} and entry.revisit_on == date(2026, 12, 7)
    assert journal.drafts.get(other) is None  # saved in the same transaction


# ------------------------------------------------------------------ goal audits
def test_the_goal_audit_template_makes_a_goal_audit_entry(journal):
    title, _lens, kind = journal.reflection.template_fields("goal-audit")
    assert (title, kind) == ("Goal audit", Kind.GOAL_AUDIT)
    assert journal.reflection.template("goal-audit").startswith("## Knowing what you know now")


def test_the_check_in_template_asks_the_four_areas_in_the_enabling_phase(journal):
    prompts = journal.reflection.library().sets["check-in"]
    assert {p.phase.value if p.phase else None for p in prompts} == {"enabling"}
    text = " ".join(p.text.lower() for p in prompts)
    for words in ("goals", "progress", "mentor", "pace", "meeting", "time"):
        assert words in text, words


def test_feedback_and_goal_audit_prompts_carry_their_phase(journal):
    library = journal.reflection.library()
    for name in ("feedback", "goal-audit"):
        assert all(p.phase is not None and p.phase.value == "enabling" for p in library.sets[name]), name

