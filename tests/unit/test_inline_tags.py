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


@pytest.mark.catalogue("S541")
@pytest.mark.parametrize(("text", "tags"), [
    ("Fix:\n\n```python\n#TODO remove\nx = 1  # noqa\n```\nafter #done", ("done",)),
    ("```c\n#include <stdio.h>\n#define X 1\n```\n    #indented code", ()),
    ("~~~\n#tildefence\n~~~", ()),
    ("inline ``#nor` this`` and #yes", ("yes",)),
    ("```\nnever closed #x", ()),
    ("\t#tab-indented\n\n    #four-spaces", ()),
    ("- item #one\n\n    still the item #two\n\nafter\n\n    #code", ("one", "two")),
    ("para #a\n    #lazy continuation", ("a", "lazy")),
    ("a ` lone #tick", ("tick",)),
    ("`a\n\n#b` c", ("b",)),  # a code span ends with its paragraph
    ("#top\n\n   #three-spaces", ("top", "three-spaces")),
    ("```js `x`\n#not-a-fence", ("not-a-fence",)),  # a backtick fence's info has no backtick
])
def test_code_is_no_place_for_tags(text, tags):
    assert inline_tags(text) == tags


def test_the_symbols_are_configurable():
    assert inline_tags("#hash @at +plus", "+") == ("plus",)
    assert inline_tags("#hash @at", "") == ()
