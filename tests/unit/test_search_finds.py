"""Forgiving search (issue 19) through the entries service: prefixes, stemmed forms, substrings,
phrases, OR/NOT/-, ranking, emoji; the indexes following every write; m011 on an existing
journal; doctor's check of both indexes."""

from __future__ import annotations

import pytest

from journal.domain.model import EntryChanges
from journal.services import EntryInput, Journal
from journal.services import doctor as run_doctor
from journal.store import migrations
from tests.conftest import migrations_up_to

TEXTS = {  # name: (text, title, day), oldest first
    "nervous": ("I was nervous before the talk with Anna.", None, "2026-11-01"),
    "talked": ("We talked to Anna about the roadmap.", None, "2026-11-02"),
    "cheap": ("Talk is cheap; shipping is not.", None, "2026-11-03"),
    "heads": ("Talking heads in the weekly sync.", None, "2026-11-04"),
    "generally": ("Generally fine, a quiet week.", None, "2026-11-05"),
    "cafe": ("Wrote at the Café near the station.", None, "2026-11-06"),
    "coding": ("Late night coding 👩\u200d💻 again, then a party 🎉.", None, "2026-11-07"),
    "titled": ("A long day.", "Roadmap", "2026-11-08"),
}


@pytest.fixture
def filled(journal):
    ids = {name: journal.entries.write(EntryInput(text, title=title, when=day)).id
           for name, (text, title, day) in TEXTS.items()}
    return journal, ids


def names(journal: Journal, ids: dict[str, str], query: str, **kw) -> list[str]:
    by_id = {v: k for k, v in ids.items()}
    return [by_id[e.id] for e in journal.entries.search(query, **kw)]


def test_a_word_finds_the_words_it_starts(filled):
    journal, ids = filled
    assert names(journal, ids, "nerv") == ["nervous"]
    assert names(journal, ids, "NERV") == ["nervous"]
    assert names(journal, ids, "road") == ["titled", "talked"]


def test_a_word_finds_its_other_forms(filled):
    journal, ids = filled
    assert set(names(journal, ids, "talking")) == {"nervous", "talked", "cheap", "heads"}
    assert set(names(journal, ids, "talks")) == {"nervous", "talked", "cheap", "heads"}


def test_three_letters_or_more_are_found_inside_words(filled):
    journal, ids = filled
    assert names(journal, ids, "erv") == ["nervous"]
    assert names(journal, ids, "ervou") == ["nervous"]  # longer: its trigrams, checked against the text
    assert names(journal, ids, "genera") == ["generally"]  # a prefix the stemmer cut shorter
    assert names(journal, ids, "oadm") == ["titled", "talked"]
    assert names(journal, ids, "vrez") == []
    assert names(journal, ids, "nt") == []  # two letters: whole words only


def test_diacritics_and_case_do_not_matter_for_words(filled):
    journal, ids = filled
    assert names(journal, ids, "cafe") == names(journal, ids, "CAFÉ") == ["cafe"]


def test_quoted_words_are_a_phrase(filled):
    journal, ids = filled
    assert names(journal, ids, '"talked to Anna"') == ["talked"]
    assert names(journal, ids, '"talk with anna"') == ["nervous"]
    assert names(journal, ids, '"Anna talked"') == []


def test_or_not_and_dash(filled):
    journal, ids = filled
    assert set(names(journal, ids, "nervous OR generally")) == {"nervous", "generally"}
    assert set(names(journal, ids, "talk -cheap")) == {"nervous", "talked", "heads"}
    assert set(names(journal, ids, "talk NOT cheap")) == {"nervous", "talked", "heads"}
    assert set(names(journal, ids, 'talk -"talking heads"')) == {"nervous", "talked", "cheap"}
    assert set(names(journal, ids, "anna talk OR quiet")) == {"nervous", "talked", "generally"}
    assert set(names(journal, ids, "-talk")) == {"generally", "cafe", "coding", "titled"}


def test_a_word_left_out_only_by_its_own_forms(filled):
    journal, ids = filled
    assert names(journal, ids, "weekly -eads") == ["heads"]  # "eads" is in "heads" but is no form of it
    assert names(journal, ids, "weekly -hea") == []  # a prefix is
    assert names(journal, ids, "weekly -heads") == []


def test_best_match_first_then_newest(filled):
    journal, ids = filled
    # the title weighs most, then more of the word in a short text
    three = journal.entries.write(EntryInput("Roadmap roadmap roadmap.", when="2026-11-09")).id
    assert names(journal, {**ids, "three": three}, "roadmap") == ["titled", "three", "talked"]
    assert names(journal, {**ids, "three": three}, "roadmap", newest=True) == ["three", "titled", "talked"]


def test_a_match_inside_a_word_comes_after_the_words_found(journal):
    alley = journal.entries.write(EntryInput("Walked down the alley.", when="2026-11-01")).id
    tall = journal.entries.write(EntryInput("A tall story.", when="2026-11-02")).id  # newer, but "all" is inside
    assert [e.id for e in journal.entries.search("all")] == [alley, tall]
    assert [e.id for e in journal.entries.search("all", newest=True)] == [tall, alley]


def test_emoji_and_zwj_sequences(filled):
    journal, ids = filled
    assert names(journal, ids, "👩\u200d💻") == ["coding"]
    assert names(journal, ids, "🎉") == ["coding"]
    assert names(journal, ids, "👩\u200d🔬") == []
    assert names(journal, ids, "party🎉") == ["coding"]
    assert names(journal, ids, "coding -🎉") == []


def test_filters_and_limits_apply_in_the_same_query(filled):
    journal, ids = filled
    assert names(journal, ids, "talk", flt=journal.entries.filter(date_from="2026-11-03")) in (
        ["cheap", "heads"], ["heads", "cheap"])
    assert len(names(journal, ids, "talk", limit=2)) == 2


def test_the_indexes_follow_edits_trash_and_purge(filled):
    journal, ids = filled
    journal.entries.edit(ids["generally"], EntryChanges(body="Mostly serene."))
    assert names(journal, ids, "genera") == [] and names(journal, ids, "eren") == ["generally"]
    journal.entries.edit(ids["cafe"], EntryChanges(title="Kaffeehaus"))
    assert names(journal, ids, "ffeeh") == ["cafe"]
    journal.entries.delete(ids["nervous"])
    assert names(journal, ids, "erv") == []
    journal.entries.restore(ids["nervous"])
    assert names(journal, ids, "erv") == ["nervous"]
    journal.entries.edit(ids["titled"], EntryChanges(starred=True))  # no text changed: the trigram rows stay
    assert names(journal, ids, "oadm") == ["titled", "talked"]
    journal.entries.delete(ids["nervous"])
    journal.entries.purge()
    conn = journal.conn
    entries = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    assert conn.execute("SELECT count(*) FROM entries_trigram_docsize").fetchone()[0] == entries
    assert conn.execute("SELECT count(*) FROM entries_fts_docsize").fetchone()[0] == entries


def test_feedback_fields_are_found_inside_words(journal):
    entry = journal.entries.write(EntryInput("It went fine.", kind="feedback", details={"from": "Dominique"}))
    assert [e.id for e in journal.entries.search("omini")] == [entry.id]


def test_m011_fills_both_indexes_of_a_journal_that_has_entries(db_path, clock, monkeypatch):
    every_step = migrations_up_to(monkeypatch, "m010_mentee_cycle")
    old = Journal.open(db_path, clock=clock, create=True)
    for text, title, day in TEXTS.values():
        old.entries.write(EntryInput(text, title=title, when=day))
    tables = {r[0] for r in old.conn.execute("SELECT name FROM sqlite_master")}
    assert "entries_trigram" not in tables
    old.close()
    every_step()
    journal = Journal.open(db_path, clock=clock)
    try:
        assert "m011_forgiving_search" in migrations.applied_names(journal.conn)
        count = len(TEXTS)
        assert journal.conn.execute("SELECT count(*) FROM entries_trigram_docsize").fetchone()[0] == count
        assert [e.body for e in journal.entries.search("erv")] == [TEXTS["nervous"][0]]
        assert len(journal.entries.search("talking")) == 4
        assert [e.body for e in journal.entries.search("👩\u200d💻")] == [TEXTS["coding"][0]]
        journal.entries.write(EntryInput("Afterwards: marmalade"))  # the new triggers follow writes
        assert len(journal.entries.search("rmala")) == 1
    finally:
        journal.close()
    assert list(db_path.parent.glob("journal.db.bak-m010_mentee_cycle-*"))  # backed up before the step


def test_doctor_checks_both_indexes(filled, db_path, clock):
    journal, _ = filled
    _, checks = run_doctor(db_path, clock=clock)
    [check] = [c for c in checks if c.name == "search index"]
    assert check.status == "ok" and f"{len(TEXTS)} entries indexed" in check.detail
    journal.conn.execute("DELETE FROM entries_trigram_docsize WHERE id = (SELECT max(id) FROM entries_trigram_docsize)")
    _, checks = run_doctor(db_path, clock=clock)
    [check] = [c for c in checks if c.name == "search index"]
    assert check.status == "fail" and "for substrings" in check.detail
