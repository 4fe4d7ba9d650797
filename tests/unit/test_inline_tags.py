"""Tags typed in an entry's text (`#confidence`, `@mentoring`): what counts as one and what does not."""

from __future__ import annotations

import pytest

from journal.domain.text import inline_tags


@pytest.mark.parametrize(("text", "tags"), [
    ("I felt #confidence today @mentoring.", ("confidence", "mentoring")),
    ("(#paren) and #tag-with-dash- and #Caps", ("paren", "tag-with-dash", "caps")),
    ("#1st try, #naïve hope", ("1st", "naïve")),
    ("#same and #Same", ("same",)),
    ("# A heading\n## Another", ()),
    ("write to a@b.org or see x.org/#top and &#39;", ()),
    ("`#not-in-code` but #outside", ("outside",)),
    ("a#b #_x ##double #🎉", ()),
])
def test_what_is_a_tag(text, tags):
    assert inline_tags(text) == tags


def test_the_symbols_are_configurable():
    assert inline_tags("#hash @at +plus", "+") == ("plus",)
    assert inline_tags("#hash @at", "") == ()
