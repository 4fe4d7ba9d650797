import pytest

from journal.domain.errors import Ambiguous, BadValue, NotFound
from journal.domain.model import GoalStatus, Kind, Lens
from journal.domain.refs import pick, short_ids
from journal.domain.text import (
    clean_title, for_terminal, normalise_body, normalise_tags, repair_surrogates, summary,
)


@pytest.mark.parametrize(("typed", "lens"), [
    ("h", Lens.HINDSIGHT), ("in", Lens.INSIGHT), ("F", Lens.FORESIGHT), ("insight", Lens.INSIGHT),
])
def test_lens_accepts_prefixes(typed, lens):
    assert Lens.parse(typed) is lens


def test_unknown_lens_lists_the_allowed_values():
    with pytest.raises(BadValue, match="hindsight, insight, foresight"):
        Lens.parse("sideways")


def test_other_enums_parse_and_know_what_closed_means():
    assert Kind.parse("check") is Kind.CHECK_IN
    assert GoalStatus.parse("ach").closed and not GoalStatus.parse("p").closed


def test_tags_are_normalised():
    assert normalise_tags(["#Mentoring", "public speaking", "a,B", "mentoring", " "]) == (
        "mentoring", "public-speaking", "a", "b")
    assert normalise_tags(["👍🏽"]) == ("👍🏽",)


@pytest.mark.parametrize("bad", ["x" * 65, "a\x1bb", "#"])
def test_bad_tags_are_refused(bad):
    with pytest.raises(BadValue):
        normalise_tags([bad])


def test_body_rules():
    assert normalise_body("\ufeffline one\r\nline two\r\n\n") == "line one\nline two"
    with pytest.raises(BadValue, match="Nothing to save"):
        normalise_body("  \n\t ")
    with pytest.raises(BadValue, match="too large"):
        normalise_body("x" * (10 * 1024 * 1024 + 1))
    assert normalise_body("nul\x00byte") == "nul\x00byte"


@pytest.mark.catalogue("E38")
def test_lone_surrogates_become_replacement_characters():
    assert repair_surrogates("a\ud83db") == "a\ufffdb"


def test_titles_and_summaries():
    assert clean_title("  two\n words ") == "two words"
    assert clean_title("   ") is None
    assert summary(None, "\n# Heading\nmore") == "Heading"
    assert summary("T", "body") == "T"
    assert len(summary(None, "x" * 200, 20)) == 20


def test_for_terminal_neutralises_escapes_and_bidi():
    text = "a\x1b]0;PWNED\x07b\x1b[2J\x9bc\u202eevil\nnext\ttab"
    safe = for_terminal(text)
    assert "\x1b" not in safe and "\x9b" not in safe and "\x07" not in safe
    assert "\n" in safe and "\t" in safe
    one = for_terminal(text, single_line=True)
    assert "\n" not in one and "<U+202E>" in one


CANDIDATES = [("aaaa1111-x", "Public speaking"), ("aaaa2222-y", "Public writing"), ("bbbb3333-z", "Running")]


def test_pick_by_name_prefix_id_prefix_and_exact_name():
    assert pick("run", CANDIDATES, "goal", "") == "bbbb3333-z"
    assert pick("PUBLIC SPEAKING", CANDIDATES, "goal", "") == "aaaa1111-x"
    assert pick("aaaa2", CANDIDATES, "goal", "") == "aaaa2222-y"


def test_pick_ambiguity_lists_candidates_and_missing_names_the_hint():
    with pytest.raises(Ambiguous, match=r"Public speaking.*Public writing"):
        pick("public", CANDIDATES, "goal", "")
    with pytest.raises(NotFound, match="See the list"):
        pick("knitting", CANDIDATES, "goal", "See the list.")


def test_short_ids_are_unique_and_at_least_six():
    ids = ["abcdef12", "abcdef13", "zzzzzzzz9"]
    shorts = short_ids(ids)
    assert shorts == {"abcdef12": "abcdef12", "abcdef13": "abcdef13", "zzzzzzzz9": "zzzzzz"}


def test_printable_text_is_returned_as_it_is_because_nothing_in_it_is_neutralised():
    """for_terminal returns printable text untouched without looking further: no code point
    that str.isprintable() accepts is one it would change (controls, bidi, tab, line breaks)."""
    from journal.domain import text as text_module

    changed = [c for c in map(chr, range(0x110000)) if c.isprintable() and (
        text_module._CTRL.search(c) or text_module._BIDI.search(c) or c in "\r\n\t")]
    assert changed == []
    assert for_terminal("plain words, é 中 😀") == "plain words, é 中 😀"
    assert for_terminal("a\u202eb", single_line=True) == "a<U+202E>b"
