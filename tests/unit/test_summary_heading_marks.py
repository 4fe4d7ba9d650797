"""The list line drops a heading's marks only, never a '#' that begins a word (S510)."""

from __future__ import annotations

import pytest

from journal.domain.text import summary


@pytest.mark.catalogue("S510")
@pytest.mark.parametrize(("body", "shown"), [
    ("#1 priority today", "#1 priority today"),
    ("#confidence grew", "#confidence grew"),
    ("#Heading without a space", "#Heading without a space"),
    ("## Plan for the week\nmore", "Plan for the week"),
    ("#\nThe first words", "The first words"),
])
def test_only_heading_marks_go(body, shown):
    assert summary(None, body) == shown
