"""A Korean word of two syllables finds the words it starts (S503): Korean joins particles to
its words (회의에서: at the meeting)."""

from __future__ import annotations

import pytest

from journal.domain.model import EntryFilter
from journal.services import EntryInput


@pytest.mark.catalogue("S503")
@pytest.mark.parametrize("word", ["회의", "대한", "발표", "대한민국", "한민국"])
def test_a_two_syllable_korean_word_finds_the_words_it_starts(journal, word):
    journal.entries.write(EntryInput(body="오늘 대한민국 회의에서 발표했다", lens="insight"))
    journal.entries.write(EntryInput(body="Nothing Korean here", lens="insight"))
    assert [e.body for e in journal.entries.search(word, EntryFilter())] == ["오늘 대한민국 회의에서 발표했다"]


@pytest.mark.catalogue("S503")
def test_one_syllable_and_two_latin_letters_still_find_whole_words_only(journal):
    journal.entries.write(EntryInput(body="오늘 회의에서 Dana", lens="insight"))
    assert journal.entries.search("회", EntryFilter()) == []
    assert journal.entries.search("Da", EntryFilter()) == []
