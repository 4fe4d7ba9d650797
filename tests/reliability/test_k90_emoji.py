"""K90: `journal search 🎉` finds the entries that hold 🎉.

FTS5's unicode61 tokenizer treats emoji and other symbols as separators, so they never
reach the index: a search for 🎉 found nothing, and "party 🎉" ignored the 🎉. Now a query
word the index cannot hold (emoji, ZWJ, skin-tone, flag and keycap sequences, other
symbol-only words) is matched literally in the title, body and tags, in the same query as
the indexed words and the filters, newest first (`store/entries.split_query`).
"""

from __future__ import annotations

import pytest

from journal.services import EntryInput

pytestmark = pytest.mark.catalogue("K90")

ENTRIES = [  # oldest first
    ("party time 🎉 with the team", "2026-11-01", "hindsight", ["celebration"]),
    ("coding late 👩\u200d💻 again", "2026-11-02", "insight", ["🚀"]),
    ("pride 🏳\ufe0f\u200d🌈, thumbs 👍🏽, flag 🇩🇪, love ❤, keycap 1\ufe0f\u20e3", "2026-11-03", "hindsight", []),
    ("costs 5€ → too much", "2026-11-04", "foresight", []),
    ("party again 🎉🎉 and cake", "2026-11-05", "insight", ["party🎈"]),
    ("a plain party, no emoji", "2026-11-06", "hindsight", []),
]


@pytest.fixture
def filled(journal):
    ids = [journal.entries.write(EntryInput(body, lens=lens, when=day, tags=tags)).id
           for body, day, lens, tags in ENTRIES]
    return journal, ids


def found(journal, text, **kw):
    return [e.body for e in journal.entries.search(text, **kw)]


def test_emoji_and_symbol_words_find_their_entries_newest_first(filled):
    journal, _ = filled
    assert found(journal, "🎉") == [ENTRIES[4][0], ENTRIES[0][0]]
    for word in ("👩\u200d💻", "👍🏽", "🇩🇪", "🏳\ufe0f\u200d🌈", "1\ufe0f\u20e3"):
        assert found(journal, word) == [ENTRIES[2][0] if word != "👩\u200d💻" else ENTRIES[1][0]], word
    assert found(journal, "€") == found(journal, "→") == [ENTRIES[3][0]]


def test_variation_selectors_do_not_matter(filled):
    journal, _ = filled
    assert found(journal, "❤\ufe0f") == found(journal, "❤") == [ENTRIES[2][0]]
    assert found(journal, "🏳\u200d🌈") == []  # the flag without its selector is not a substring: known limit


def test_a_sequence_is_not_found_by_a_different_one(filled):
    journal, _ = filled
    assert found(journal, "👩\u200d🔬") == []  # woman scientist: same first code point, other sequence
    assert found(journal, "🇫🇷") == []


def test_emoji_combine_with_words_and_filters(filled):
    journal, _ = filled
    assert found(journal, "party 🎉") == [ENTRIES[4][0], ENTRIES[0][0]]
    assert found(journal, "cake 🎉") == [ENTRIES[4][0]]
    assert found(journal, "emoji 🎉") == []
    assert found(journal, "party🎉") == [ENTRIES[4][0], ENTRIES[0][0]]  # letters indexed, 🎉 literal
    assert found(journal, "🎉", flt=journal.entries.filter(lens="hindsight")) == [ENTRIES[0][0]]
    assert found(journal, "🎉", flt=journal.entries.filter(date_from="2026-11-03")) == [ENTRIES[4][0]]
    assert found(journal, "🎉 🎉") == [ENTRIES[4][0], ENTRIES[0][0]]
    assert found(journal, "🎉", limit=1) == [ENTRIES[4][0]]
    assert found(journal, "party 🎉", prefix_last=True) == [ENTRIES[4][0], ENTRIES[0][0]]  # the TUI's search
    assert found(journal, "🎉 part", prefix_last=True) == [ENTRIES[4][0], ENTRIES[0][0]]


def test_trashed_entries_stay_out(filled):
    journal, ids = filled
    journal.entries.delete(ids[4])
    assert found(journal, "🎉") == [ENTRIES[0][0]]


def test_emoji_tags_are_found_by_search_and_by_tag(filled, run):
    journal, _ = filled
    assert found(journal, "🚀") == [ENTRIES[1][0]]
    assert found(journal, "🎈") == [ENTRIES[4][0]]
    result = run("search", "🚀")
    assert result.exit_code == 0 and "coding late" in result.stdout
    assert [e["body"] for e in run.json("list", "--tag", "🚀")] == [ENTRIES[1][0]]
    assert [e["body"] for e in run.json("search", "🎉", "--tag", "party🎈")] == [ENTRIES[4][0]]


def test_the_cli_finds_an_emoji_and_says_nothing_found_for_an_absent_one(filled, run):
    result = run("search", "🎉")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and "party again" in lines[0] and "party time" in lines[1]
    missing = run("search", "🦄")
    assert missing.exit_code == 0 and "Nothing found" in missing.stderr + missing.stdout
