"""Faults found from the outside in stop 33 (below the command line): each test names its catalogue case."""

from __future__ import annotations

import pytest

from journal.io.user_markdown import user_markdown


def _after(text: str) -> list[str]:
    """The top-level block types markdown-it reads from `text` followed by a heading of ours."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(f"{text}\n\n## Next entry\n")
    return [t.type for t in tokens if t.level == 0]


@pytest.mark.catalogue("S227")
@pytest.mark.parametrize("text", ["Code start\n```python\nx = 1", "~~~~\nstill code\n~~~", "<!-- a thought",
                                  "<pre>\npreformatted", "  ```\nindented fence", "Before\n\n<script>\nx"])
def test_a_text_that_leaves_a_block_open_is_fenced_and_the_next_heading_stays_a_heading(text):
    assert "heading_open" not in _after(text)  # as written, it would take the next heading in
    shown = user_markdown(text)
    assert shown.startswith("```") and text in shown
    assert _after(shown)[-1] == "heading_close"


@pytest.mark.catalogue("S227")
@pytest.mark.parametrize("text", ["```\nclosed\n```", "~~~\nclosed\n~~~", "A [link](https://x.org) and `code`",
                                  "> ```\n> quoted fence", "- list\n  ```\n  fence in a list item",
                                  "Tilde ~ and a < b"])
def test_a_text_that_closes_what_it_opens_passes_through(text):
    assert user_markdown(text) == text
