"""Catalogue S167: what a review of `journal search` found (stop 30): text inside a word in
another script than Latin was matched with its case (Cyrillic, Greek), and a query of more than
500 words ended in a false "storage error"."""

from __future__ import annotations

import pytest

from tests.cli.expect import fails, ok

pytestmark = pytest.mark.catalogue("S167")


def test_text_inside_a_word_is_found_in_any_case_in_any_script(run):
    ok(run("add", "Встреча с наставником"))  # noqa: RUF001 (Cyrillic, as meant)
    ok(run("add", "ПЕРВЫЙ НАСТАВНИК сказал"))
    ok(run("add", "Η ΣΥΝΑΝΤΗΣΗ πήγε καλά"))  # noqa: RUF001 (Greek, as meant)
    for query, found in (("ставник", 2), ("СТАВНИК", 2), ("ервый", 1), ("συναντ", 1), ("MENTOR", 0)):
        assert len(run.json("search", query)) == found, query


def test_too_many_words_is_one_line_not_a_storage_error(run):
    ok(run("add", "love and work"))
    assert len(run.json("search", *["love"] * 100)) == 1
    fails(run("search", *["love"] * 501), 2, "Too many words", "at most 100")
