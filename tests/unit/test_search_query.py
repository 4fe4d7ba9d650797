"""The search grammar (store/search.py): what a typed query means, before any SQL runs."""

from __future__ import annotations

import re

import pytest

from journal.domain.errors import BadValue
from journal.store.search import AllOf, AnyOf, Not, Term, parse, plan


def words(query: AnyOf) -> list[list[object]]:
    """Each clause as its items: a Term's text (with * when a prefix, quotes when a phrase), '-x' for NOT."""
    def shown(item):
        if isinstance(item, Not):
            return "-" + shown(item.child)
        text = f'"{item.text}"' if item.phrase else item.text
        return text + ("*" if item.prefix else "")
    return [[shown(item) for item in clause.items] for clause in query.clauses]


@pytest.mark.parametrize(("typed", "meant"), [
    ("nerv", [["nerv*"]]),
    ("go to", [["go", "to"]]),  # 1-2 letters: whole words (their stems) only
    ("talking heads", [["talking*", "heads*"]]),
    ('"talked to" anna', [['"talked to"', "anna*"]]),
    ("walk OR run", [["walk*"], ["run*"]]),
    ("a b OR c", [["a", "b"], ["c"]]),
    ("talk -cheap", [["talk*", "-cheap*"]]),
    ("talk NOT cheap", [["talk*", "-cheap*"]]),
    ('talk -"too cheap"', [["talk*", '-"too cheap"']]),
    ("rain AND wind", [["rain*", "wind*"]]),
    ("or and not", [["or", "and*", "not*"]]),  # lower case: words
    ('"NEAR(a b)" AND', [['"NEAR(a b)"', "AND*"]]),  # an operator with nothing after it is a word
    ("OR rain", [["OR", "rain*"]]),
    ("rain OR", [["rain*", "OR"]]),
    ("NOT", [["NOT*"]]),
    ("- rain --x", [["-", "rain*", "--x"]]),  # a lone or doubled dash is no exclusion
    ('"unclosed phrase', [['"unclosed phrase"']]),
    ("t*", [["t*"]]),  # one letter: the word t (the * is no syntax)
    ("🎉 👩\u200d💻", [["🎉", "👩\u200d💻"]]),
])
def test_the_grammar(typed, meant):
    assert words(parse(typed)) == meant


def test_the_last_word_typed_is_a_prefix_at_any_length_when_searching_as_you_type():
    assert words(parse("go t", prefix_last=True)) == [["go", "t*"]]
    assert words(parse('go "t', prefix_last=True)) == [["go", '"t"']]  # a phrase: not below three letters
    assert words(parse('go "my men', prefix_last=True)) == [["go", '"my men"*']]  # an open one from three (S268)
    assert words(parse('go "my men"', prefix_last=True)) == [["go", '"my men"']]  # a closed one never


@pytest.mark.parametrize("typed", ["", "   ", "\x00\x01", '""', '" "'])
def test_nothing_to_search_for(typed):
    with pytest.raises(BadValue, match="Nothing to search for"):
        plan(typed)


def test_words_go_to_both_indexes_and_rank_by_the_word_index():
    found = plan("nerv")
    assert found.rows is not None and "entries_fts" in found.rows and "entries_trigram" in found.rows
    assert found.rank == '"nerv"*'


def test_a_three_letter_substring_is_answered_by_the_trigram_index_alone():
    found = plan("erv")
    assert found.cond is None  # exact: no check of the text needed
    longer = plan("nervous")
    assert longer.cond is not None and "instr(lower(e.body)" in longer.cond


def test_a_word_left_out_is_matched_by_its_forms_only_never_inside_another_word():
    found = plan("talk -work")
    assert found.rows is not None and "EXCEPT" in found.rows
    assert found.rank == '"talk"*'  # the excluded word is not ranked
    assert found.row_params.count('"work"*') == 1 and not any("wor" in str(p) and "AND" in str(p)
                                                               for p in found.row_params)


def test_only_exclusions_scan_the_rows_the_filters_leave():
    found = plan("-work")
    assert found.rows is None and found.cond is not None and found.cond.startswith("(NOT")
    assert found.rank is None


def test_short_symbols_are_scanned_long_ones_come_from_the_trigram_index():
    assert plan("🎉").rows is None
    zwj = plan("👩\u200d💻")
    assert zwj.rows is not None and "entries_trigram" in zwj.rows and zwj.rank is None


def test_user_text_never_becomes_fts5_syntax():
    """Every FTS5 string is quoted strings (quotes doubled), joined only by our own AND/OR."""
    found = plan('NEAR(a b) x" OR y* "c AND d"')
    quoted = r'"(?:[^"]|"")*"\*?'
    strings = [p for p in [*found.row_params, found.rank] if isinstance(p, str) and p.startswith('"')]
    assert strings
    for param in strings:
        assert re.fullmatch(rf"{quoted}(?: (?:AND|OR) {quoted})*", param), param


def test_terms_are_frozen_values():
    assert Term("a") == Term("a") and AllOf((Term("a"),)) == AllOf((Term("a"),))
