"""A page of a ranked search read from the best scores only (issue 20, store/search.select_top)
gives exactly the page the whole ranking gives, and falls back to it when it cannot be sure;
m012's prefix index answers prefixes. No timings: the answers and the statements are the claim."""

from __future__ import annotations

import pytest

from journal.services import EntryInput
from journal.store import entries as entry_rows
from journal.store import migrations
from tests.conftest import migrations_up_to
from journal.store import search as search_sql

WORDS = ("mentor", "feedback", "roadmap", "nervous", "talk", "plan", "week", "theory")


@pytest.fixture
def many(journal):
    """Sixty entries: 'the' in nearly all of them, other words in some, a few titles, and
    identical twins whose scores tie."""
    for i in range(60):
        words = [WORDS[(i * k) % len(WORDS)] for k in (1, 3, 5)][: 1 + i % 3]
        text = f"{'The ' if i % 7 else ''}{' '.join(words)} day {i} with " + "the " * (i % 4)
        title = WORDS[i % len(WORDS)].title() if i % 11 == 0 else None
        tags = ("writing",) if i % 5 == 0 else ()
        journal.entries.write(EntryInput(text, title=title, tags=tags, when=f"2026-{1 + i % 10:02d}-{1 + i % 27:02d}"))
    for _ in range(3):
        journal.entries.write(EntryInput("Twin: the mentor and the plan", when="2026-11-20"))
    return journal


def whole_ranking(journal, query: str, limit: int | None, prefix_last: bool = False, **filters) -> list[str]:
    """The page as `select` alone makes it: every match (from `rank_floor` on) scored and sorted."""
    found = search_sql.plan(query, prefix_last)
    clauses, params = entry_rows._where(journal.entries.filter(**filters))
    sql, values = search_sql.select(found, entry_rows._SELECT, clauses, params, entry_rows._NEWEST_FIRST,
                                    limit=limit, floor=search_sql.rank_floor(journal.conn, found))
    return [row[0] for row in journal.conn.execute(sql, values)]


def statements(journal, run) -> list[str]:
    seen: list[str] = []
    journal.conn.set_trace_callback(seen.append)
    try:
        run()
    finally:
        journal.conn.set_trace_callback(None)
    return [s for s in seen if not s.startswith("--")]  # not FTS5's own statements


QUERIES = ["the", "mentor", "mentor feedback", "the plan", '"the mentor"', "thé", "men", "theo",
           "mentor OR roadmap", "twin", "day", "nervous talk week"]


@pytest.mark.catalogue("R141")
@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("limit", [1, 3, 10, 40])
def test_a_page_is_the_whole_rankings_page(many, query, limit):
    got = [e.id for e in many.entries.search(query, limit=limit)]
    assert got == whole_ranking(many, query, limit)


@pytest.mark.parametrize("query", ["the", "mentor", "plan week"])
def test_a_page_with_filters_is_the_whole_rankings_page(many, query):
    got = [e.id for e in many.entries.search(query, many.entries.filter(tags=("writing",)), limit=5)]
    assert got == whole_ranking(many, query, 5, tags=("writing",))


@pytest.mark.catalogue("R141")
def test_a_common_word_is_read_from_the_best_scores(many):
    seen = statements(many, lambda: many.entries.search("the", limit=10))
    searches = [s for s in seen if "entries_fts" in s]
    assert len(searches) == 2 and "OFFSET" in searches[0]  # how many hold it (fewer than RANKED_AT_MOST here)
    assert "WITH pool" in searches[1] and "rowid >=" not in searches[1]  # answered by the pool, all scored


@pytest.mark.parametrize(("query", "probed"), [("the", False), ("mentor", False), ('"the mentor"', False),
                                               ("theo", False), ("the plan", False), ("mentor OR roadmap", True),
                                               ("twin🎉", True)])
def test_the_pool_of_one_word_or_phrase_is_not_checked_again(many, query, probed):
    """The rows of the pool match the ranking's own MATCH: for words and phrases all required
    that is the whole search, so no row is looked up again (issue 20: a prefix's words were merged
    once per row; "the and" took 276 ms at 100,000 entries, S576); OR and a symbol inside a
    word still check each row."""
    if query == "twin🎉":
        many.entries.write(EntryInput("Twin🎉 the party", when="2026-11-21"))
    seen = statements(many, lambda: many.entries.search(query, limit=3))
    [pool] = [s for s in seen if s.startswith("WITH pool")]
    assert ("rowid = e.seq" in pool) is probed
    assert [e.id for e in many.entries.search(query, limit=3)] == whole_ranking(many, query, 3)


@pytest.mark.catalogue("R141")
@pytest.mark.parametrize("query", ["the", "mentor", '"the mentor"', "the -roadmap"])
@pytest.mark.parametrize("limit", [3, 10, None])
def test_a_word_in_more_than_ranked_at_most_entries_ranks_the_ones_written_last(many, monkeypatch, query, limit):
    """Past RANKED_AT_MOST entries holding the one word ranked, bm25 scores the ones written
    last; older matches follow, newest first. The page read from the pool is still the whole
    ranking's, and the cap is what it says."""
    found = search_sql.plan(query)
    holding = [seq for (seq,) in many.conn.execute(
        "SELECT rowid FROM entries_fts WHERE entries_fts MATCH ? ORDER BY rowid DESC", [found.rank])]
    cap = len(holding) // 2
    monkeypatch.setattr(search_sql, "RANKED_AT_MOST", cap)
    floor = search_sql.rank_floor(many.conn, found)
    assert cap >= 2 and floor == holding[cap - 1]  # the last of the `cap` written last of those holding it
    got = many.entries.search(query, limit=limit)
    assert [e.id for e in got] == whole_ranking(many, query, limit)
    every = many.entries.search(query)
    seqs = dict(many.conn.execute("SELECT id, seq FROM entries"))
    ranked = [e for e in every if seqs[e.id] >= floor]
    older = [e for e in every if seqs[e.id] < floor]
    assert every == ranked + older  # scored ones first, then the rest
    assert [(e.day, e.time) for e in older] == sorted(((e.day, e.time) for e in older), reverse=True)
    scores = dict(many.conn.execute(
        f"SELECT rowid, bm25(entries_fts, {', '.join(map(str, search_sql.WEIGHTS))}) FROM entries_fts "
        "WHERE entries_fts MATCH ?", [found.rank]))
    in_rank = [scores[seqs[e.id]] for e in ranked if seqs[e.id] in scores]
    assert in_rank == sorted(in_rank)


@pytest.mark.catalogue("S576")
@pytest.mark.parametrize("query", ["the mentor", "the day", "day with the"])
@pytest.mark.parametrize("limit", [3, 10, None])
def test_words_all_required_rank_the_newest_of_the_entries_holding_them_all(many, monkeypatch, query, limit):
    """Several words all required are ranked by their AND: past RANKED_AT_MOST entries holding
    them all, those written last are scored (a word in any of them had every entry scored: "the
    and" took 340 ms at 100,000 entries); the page is the whole ranking's."""
    found = search_sql.plan(query)
    holding = [seq for (seq,) in many.conn.execute(
        "SELECT rowid FROM entries_fts WHERE entries_fts MATCH ? ORDER BY rowid DESC", [found.rank])]
    assert " AND " in found.rank and len(holding) >= 4
    monkeypatch.setattr(search_sql, "RANKED_AT_MOST", len(holding) // 2)
    assert search_sql.rank_floor(many.conn, found) == holding[len(holding) // 2 - 1]
    assert [e.id for e in many.entries.search(query, limit=limit)] == whole_ranking(many, query, limit)


@pytest.mark.parametrize("query", ["mentor OR plan", "pl"])
def test_or_or_a_short_prefix_alone_are_scored_whole(many, monkeypatch, query):
    """The cap is for one clause: with OR, the matches of one side may all be old (the entries
    holding either are no measure of them); a prefix under three letters alone would merge
    every word it starts to find its floor, slower than scoring them."""
    monkeypatch.setattr(search_sql, "RANKED_AT_MOST", 2)
    found = search_sql.plan(query, prefix_last=True)
    assert search_sql.rank_floor(many.conn, found) is None
    seen = statements(many, lambda: many.entries.search(query, limit=5, prefix_last=True))
    assert not any("rowid >=" in s for s in seen)


def test_ties_at_the_edge_of_the_pool_fall_back_to_the_whole_ranking(journal, monkeypatch):
    for i in range(8):  # eight identical entries: one score for all of them
        journal.entries.write(EntryInput("Same words every time", when=f"2026-11-{1 + i:02d}"))
    monkeypatch.setattr(search_sql, "TOP_POOL", 0)  # a pool of 3 × limit: the tie reaches past it
    seen = statements(journal, lambda: journal.entries.search("same", limit=2))
    assert [s for s in seen if "entries_fts" in s][-1].startswith("WITH ranked")  # fell back
    got = [e.id for e in journal.entries.search("same", limit=2)]
    assert got == whole_ranking(journal, "same", 2)
    assert [e.day.day for e in journal.entries.search("same", limit=2)] == [8, 7]  # newest first among ties


def test_a_search_that_leaves_words_out_takes_the_whole_ranking(many):
    seen = statements(many, lambda: many.entries.search("the -mentor", limit=5))
    assert not any("WITH pool" in s for s in seen)
    assert [e.id for e in many.entries.search("the -mentor", limit=5)] == whole_ranking(many, "the -mentor", 5)


@pytest.mark.catalogue("R141")
def test_the_word_index_keeps_three_letter_prefixes(journal):
    sql = journal.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'entries_fts'").fetchone()[0]
    assert "prefix='3'" in sql and "porter unicode61 remove_diacritics 2" in sql
    assert "m012_prefix_index" in migrations.applied_names(journal.conn)


def test_m012_keeps_what_an_older_journal_finds(db_path, clock, monkeypatch):
    from journal.services import Journal

    every_step = migrations_up_to(monkeypatch, "m011_forgiving_search")
    old = Journal.open(db_path, clock=clock, create=True)
    for text in ("Nervous before the talk", "Theory of change", "Talked it through"):
        old.entries.write(EntryInput(text))
    found_before = [[e.body for e in old.entries.search(q)] for q in ("the", "nerv", "talking", "eor")]
    old.close()
    every_step()
    journal = Journal.open(db_path, clock=clock)
    try:
        assert "m012_prefix_index" in migrations.applied_names(journal.conn)
        assert [[e.body for e in journal.entries.search(q)] for q in ("the", "nerv", "talking", "eor")] == found_before
        journal.entries.write(EntryInput("Then a theme emerged"))  # the triggers still feed the new table
        assert [e.body for e in journal.entries.search("them")] == ["Then a theme emerged"]
    finally:
        journal.close()


@pytest.mark.catalogue("R143")
@pytest.mark.parametrize("query", ["m", "me", "the m", "mentor pl", "pl OR we"])
def test_a_prefix_shorter_than_the_prefix_index_is_read_once(many, query, monkeypatch):
    """As typed into the TUI's search (the last word a prefix at any length): a prefix under
    three letters is never probed row by row by the word index (each probe merged every word it
    starts: 43 s for `m` at 100,000 entries): alone or beside OR it is read once; after other
    words it is checked on the rows they find (S576); the page is the whole ranking's. (Alone it
    is first looked for among the newest entries: tested below; not here.)"""
    monkeypatch.setattr(search_sql, "SCANNED_AT_MOST", 0)
    seen = statements(many, lambda: many.entries.search(query, limit=5, prefix_last=True))
    on_rows = query in ("the m", "mentor pl")
    assert any("WITH pool" in s for s in seen) is on_rows
    if on_rows:  # never asked of the word index
        assert not any(f'"{query.split()[-1]}"*' in s for s in seen)
    got = [e.id for e in many.entries.search(query, limit=5, prefix_last=True)]
    assert got == whole_ranking(many, query, 5, prefix_last=True) and got


@pytest.mark.catalogue("S576")
@pytest.mark.parametrize("prefix", ["m", "me", "é", "ca", "2", "ü", "x"])
def test_a_short_prefix_checked_on_the_rows_finds_what_the_word_index_finds(journal, prefix):
    """`starts_word` reads a row as the word index does: case and diacritics folded, `_` and
    punctuation between words, digits in words: the entries it finds after another word are
    those the index's own prefix query finds."""
    texts = ["Meeting the mentor", "the MENTOR_plan", "the café Écoute", "the émigré", "the über Ünterlagen",
             "the 2nd try, 20 min", "the x-ray and X", "the camel_case ca", "them Me", "the summer", "nothing here",
             "the co-mentor", "the «mé»", "the ça va"]
    for i, text in enumerate(texts):
        journal.entries.write(EntryInput(text, when=f"2026-10-{1 + i:02d}"))
    index = {seq for (seq,) in journal.conn.execute(
        "SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?", [f'"the"* AND "{prefix}"*'])}
    seqs = dict(journal.conn.execute("SELECT id, seq FROM entries"))
    found = {seqs[e.id] for e in journal.entries.search(f"the {prefix}", prefix_last=True)}
    assert found == index


def test_a_prefix_of_three_letters_is_still_read_from_the_best_scores(many):
    seen = statements(many, lambda: many.entries.search("the men", limit=5, prefix_last=True))
    assert any("WITH pool" in s for s in seen)


@pytest.mark.catalogue("S576")
@pytest.mark.parametrize("prefix", ["m", "th", "x"])
def test_a_short_word_typed_alone_lists_the_newest_entries_it_starts_a_word_of(many, monkeypatch, prefix):
    """The first keys typed: the newest entries with a word it starts, when the newest
    SCANNED_AT_MOST hold a page of them ("w" merged every word it starts: 0.9 s, 22 MB at 100,000
    entries); else the word index's answer, as before."""
    monkeypatch.setattr(search_sql, "SCANNED_AT_MOST", 30)
    holding = {seq for (seq,) in many.conn.execute("SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?",
                                                   [f'"{prefix}"*'])}
    newest = [(e.id, seq) for e, seq in ((e, dict(many.conn.execute("SELECT id, seq FROM entries"))[e.id])
                                         for e in many.entries.list(limit=30))]
    among = [entry_id for entry_id, seq in newest if seq in holding]
    assert (len(among) >= 5) is (prefix != "x")  # both ways are taken
    for limit in (3, 5):
        got = [e.id for e in many.entries.search(prefix, limit=limit, prefix_last=True)]
        if len(among) >= limit:
            assert got == among[:limit]  # newest first
        else:
            assert got == whole_ranking(many, prefix, limit, prefix_last=True)
