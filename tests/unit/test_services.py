from datetime import date, datetime

import pytest

from journal.store import engine
from journal.domain.errors import Ambiguous, BadValue, NotFound
from journal.domain.model import Draft, GoalStatus, Lens
from journal.services import EntryChanges, EntryInput, Journal


def reopen(path):
    """A second, independent connection: what was acknowledged must be on disk."""
    return engine.driver.connect(path)


def test_write_resolves_everything_and_persists(journal, db_path):
    journal.goals.add("Public speaking")
    entry = journal.entries.write(EntryInput("First day with my mentor", lens="in", goals=["pub"],
                                     tags=["Mentoring"], when="yesterday"))
    assert (entry.lens, entry.day, entry.time) == (Lens.INSIGHT, date(2026, 11, 22), None)
    assert entry.tags == ("mentoring",) and [g.title for g in entry.goals] == ["Public speaking"]
    assert entry.tz == "Europe/Berlin" and len(entry.short_id) == 6
    raw = reopen(db_path)
    assert raw.execute("SELECT body, lens, day FROM entries").fetchall() == \
        [("First day with my mentor", "insight", "2026-11-22")]
    assert raw.execute("SELECT tag FROM entry_tags").fetchall() == [("mentoring",)]


def test_default_date_is_now_in_the_local_zone(journal):
    entry = journal.entries.write(EntryInput("now"))
    assert (entry.day, entry.time) == (date(2026, 11, 23), "09:30")


def test_unknown_goal_fails_and_writes_nothing(journal):
    with pytest.raises(NotFound, match="goal add"):
        journal.entries.write(EntryInput("text", goals=["Nope"]))
    assert journal.entries.count() == 0


def test_only_foresight_may_be_dated_in_the_future(journal):
    with pytest.raises(BadValue, match="foresight"):
        journal.entries.write(EntryInput("later", lens="h", when="tomorrow"))
    assert journal.entries.write(EntryInput("later", lens="f", when="tomorrow")).day == date(2026, 11, 24)


def test_revisit_and_answers_link_foresight_and_hindsight(journal):
    plan = journal.entries.write(EntryInput("I expect the talk to go well", lens="f", revisit="in 2 weeks"))
    assert plan.revisit_on == date(2026, 12, 7)
    with pytest.raises(BadValue):
        journal.entries.write(EntryInput("x", lens="i", revisit="tomorrow"))
    answer = journal.entries.write(EntryInput("It went fine", lens="h", answers=plan.short_id))
    assert answer.answers == plan.id
    with pytest.raises(BadValue, match="not a foresight"):
        journal.entries.write(EntryInput("x", lens="h", answers=answer.id))


def test_entry_inherits_the_goals_mentorship(journal):
    m = journal.mentorships.add("Ada Lovelace", focus="analysis")
    journal.goals.add("Engines", mentorship="ada")
    entry = journal.entries.write(EntryInput("notes", goals=["eng"]))
    assert entry.mentorship == m.id


def test_edit_changes_fields_and_a_no_op_edit_changes_nothing(journal):
    entry = journal.entries.write(EntryInput("draft text", tags=["a"]))
    same, changed = journal.entries.edit(entry.id, EntryChanges(tags=["a"]))
    assert not changed and same.updated_at == entry.updated_at
    edited, changed = journal.entries.edit(entry.short_id,
                                           EntryChanges(body="better text", lens="insight", starred=True))
    assert changed and edited.body == "better text" and edited.lens is Lens.INSIGHT and edited.starred
    assert journal.entries.search("better")[0].id == entry.id
    assert journal.entries.search("draft") == []


def test_trash_restore_and_purge(journal, db_path):
    entry = journal.entries.write(EntryInput("secret-marker-xyz"))
    journal.entries.delete(entry.short_id)
    assert journal.entries.list() == [] and [e.id for e in journal.entries.trash()] == [entry.id]
    assert journal.entries.search("secret") == []
    journal.entries.restore(entry.short_id)
    assert [e.id for e in journal.entries.list()] == [entry.id]
    journal.entries.delete(entry.id)
    assert journal.entries.purge().removed == 1
    assert journal.entries.trash() == []
    for suffix in ("", "-wal"):
        f = db_path.with_name(db_path.name + suffix)
        if f.exists():
            assert b"secret-marker-xyz" not in f.read_bytes()


def test_filters(journal):
    journal.goals.add("Running")
    journal.entries.write(EntryInput("one", lens="h", when="2026-11-01", tags=["x"]))
    journal.entries.write(EntryInput("two", lens="i", when="2026-11-10", goals=["run"], starred=True))
    journal.entries.write(EntryInput("three", lens="f", when="2026-11-20", tags=["x", "y"]))
    def bodies(**kw):
        return [e.body for e in journal.entries.list(journal.entries.filter(**kw))]
    assert bodies() == ["three", "two", "one"]
    assert bodies(lens="h") == ["one"]
    assert bodies(tags=("x",)) == ["three", "one"]
    assert bodies(tags=("x", "y")) == ["three"]
    assert bodies(goals=("run",)) == ["two"]
    assert bodies(starred=True) == ["two"]
    assert bodies(date_from="2026-11-05", date_to="2026-11-15") == ["two"]
    assert bodies(on="2026-11-20") == ["three"]
    assert [e.body for e in journal.entries.search("t*", journal.entries.filter(lens="f"))] == []
    assert [e.body for e in journal.entries.search("thr", prefix_last=True)] == ["three"]


def test_search_treats_user_text_as_words_not_syntax(journal):
    journal.entries.write(EntryInput('He said "NEAR(a b)" AND OR -x'))
    assert len(journal.entries.search('"NEAR(a b)" AND')) == 1
    with pytest.raises(BadValue):
        journal.entries.search("   ")


def test_ambiguous_prefix_lists_candidates(journal):
    first = journal.entries.write(EntryInput("a"))
    # make ids collide on a 4-character prefix deterministically
    journal.conn.execute("UPDATE entries SET id = 'abcd' || substr(id, 5) WHERE id = ?", (first.id,))
    second = journal.entries.write(EntryInput("b"))
    journal.conn.execute("UPDATE entries SET id = 'abcd' || substr(id, 5) WHERE id = ?", (second.id,))
    with pytest.raises(Ambiguous, match="matches several"):
        journal.entries.get("abcd")


def test_goals_history_status_and_milestones(journal, clock):
    goal = journal.goals.add("Public speaking", specific="Give a talk", by="2027-03-01")
    updated, changed = journal.goals.edit("pub", specific="Give two talks", measurable="Feedback forms")
    assert changed == ["specific", "measurable"]
    assert [(h.kind, h.field, h.old, h.new) for h in updated.history] == [
        ("created", None, None, "Public speaking"),
        ("edit", "specific", "Give a talk", "Give two talks"),
        ("edit", "measurable", "", "Feedback forms"),
    ]
    journal.goals.add_milestone("pub", "First meetup talk", due="2026-12-15")
    done, _ = journal.goals.milestone_done("pub", "first")
    assert done.done_on == date(2026, 11, 23)
    paused = journal.goals.set_status(goal.id, "paused")
    assert paused.status is GoalStatus.PAUSED and paused.closed_at is None
    closed = journal.goals.close("pub", "achieved", note="Did it")
    assert closed.closed_at is not None and closed.closure_note == "Did it"
    with pytest.raises(BadValue):
        journal.goals.close("pub", "active")
    with pytest.raises(BadValue, match="already exists"):
        journal.goals.add("public SPEAKING")


def test_goal_summaries_count_lenses_and_quiet_days(journal, clock):
    clock.set(datetime(2026, 11, 1, 9, 0, tzinfo=clock.tzinfo))  # made before its entries (S354)
    journal.goals.add("Running")
    clock.set(datetime(2026, 11, 23, 9, 30, tzinfo=clock.tzinfo))
    journal.entries.write(EntryInput("a", lens="h", goals=["run"], when="2026-11-13"))
    journal.entries.write(EntryInput("b", lens="h", goals=["run"], when="2026-11-03"))
    [summary] = journal.goals.summaries()
    assert summary.lens_counts == {"hindsight": 2, "insight": 0, "foresight": 0}
    assert summary.last_entry == date(2026, 11, 13) and summary.quiet_days == 10


def test_mentorships(journal):
    journal.mentorships.add("Grace Hopper", since="2026-09-01", check_in_every=14)
    m = journal.mentorships.get("grace")
    assert m.started_on == date(2026, 9, 1) and m.check_in_every == 14
    closed = journal.mentorships.close("grace")
    assert closed.closed_on == date(2026, 11, 23)
    with pytest.raises(BadValue):
        journal.mentorships.add("  ")
    with pytest.raises(BadValue):
        journal.mentorships.add("X", check_in_every=0)


def test_saving_an_entry_deletes_its_draft_in_the_same_transaction(journal):
    draft_id = journal.drafts.save(Draft(body="half a thought", lens=Lens.INSIGHT))
    assert [d.body for d in journal.drafts.list()] == ["half a thought"]
    journal.entries.write(Draft(body="a whole thought", id=draft_id))
    assert journal.drafts.list() == []


@pytest.mark.catalogue("D27")
def test_a_failed_write_keeps_the_draft(journal):
    draft_id = journal.drafts.save(Draft(body="keep me"))
    with pytest.raises(BadValue):
        journal.entries.write(Draft(body="   ", id=draft_id))
    assert [d.body for d in journal.drafts.list()] == ["keep me"]


def test_default_journal_is_created_on_first_run(tmp_path, monkeypatch, clock):
    monkeypatch.delenv("JOURNAL_DB")
    j = Journal.open(clock=clock)
    assert j.path == tmp_path / "data" / "journal" / "journal.db" and j.path.exists()
    j.close()
