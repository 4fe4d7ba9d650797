"""The user's Markdown in a Markdown file is judged without parsing it when nothing in it needs a
parse (S456): the answer must be the parse's own, for the tricky texts as for the plain ones."""

from __future__ import annotations

import pytest

from journal.io import user_markdown as um


def _parsed(text: str) -> str:
    """The judgement by a parse, as every text got it before the shortcut."""
    env: dict = {}
    tokens = um._parser().parse(f"{text}\n\n{um._AFTER}\n", env)
    return um._fenced(text) if env.get("references") or um._unsafe(tokens) or um._left_open(tokens) else text


TEXTS = [
    "plain words", "a `code span` and [brackets] alone", "see [the notes](https://example.org/a_(b)) today",
    "[mail me](mailto:me@example.org) or [a page](notes/next.md#top) or [top](#start) or [x]()",
    "![a picture](https://example.org/p.png \"title\")", "[a]( https://example.org )",
    "[bad](javascript:alert(1))", "[bad](JavaScript:alert(1))", "[bad]( \n javascript:alert(1))",
    "[bad](javascript&#58;alert(1))", "[bad](java\\script:alert(1))", "[bad](<javascript:alert(1)>)",
    "![bad](data:text/html;base64,PHNjcmlwdD4=)", "[ok](https://x.org)[bad](vbscript:x)",
    "[a](b)](javascript:x)", "`[not a link](javascript:x)` in code", "[a](java\nscript:x)",
    "[a][1]\n\n[1]: javascript:alert(1)", "[1]: https://example.org", "<script>alert(1)</script>",
    "a <b>bold</b> word", "<javascript:alert(1)>", "<https://example.org>", "a < b and c > d", "<!-- open",
    "```\nopen fence", "~~~\nopen fence", "- ```\n  in a list", "> ```\n> in a quote", "    indented code",
    "<?php", "<!DOCTYPE html>", "</div>", "[a](java%73cript:x)", "[a](//example.org/x)", "]( javascript:x",
]


@pytest.mark.catalogue("S456")
@pytest.mark.parametrize("text", TEXTS)
def test_the_shortcut_judges_every_text_as_the_parse_does(text):
    assert um.user_markdown(text) == _parsed(text)


@pytest.mark.catalogue("S456")
def test_ordinary_links_and_code_are_not_parsed(monkeypatch):
    def no_parse():
        raise AssertionError("parsed")

    monkeypatch.setattr(um, "_parser", no_parse)
    text = "Read [the post](https://example.org/post) and `git log`; [notes](notes.md), [me](mailto:a@b.c) [x]"
    assert um.user_markdown(text) == text


@pytest.mark.catalogue("S546")
@pytest.mark.parametrize(("text", "fenced"), [
    ("[^1]: see https://evil.example for more", True),
    ("words\n   [^note]: moved to the end", True),
    ("$$\nstart", True),
    ("end $$", True),
    ("$$$", True),
    ("My private thought[^1].", False),  # a reference alone: its definition is never let through
    ("$$x^2$$ and $5 for lunch", False),  # math that closes itself stays the user's own
    ("costs $3 and $4", False),
])
def test_footnote_definitions_and_unpaired_display_math_are_fenced(text, fenced):
    assert (um.user_markdown(text) == um._fenced(text)) is fenced
    if not fenced:
        assert um.user_markdown(text) == text
