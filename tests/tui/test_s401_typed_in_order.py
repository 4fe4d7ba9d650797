"""S401, S402: keys typed in one burst reach compose in the order typed, format characters kept.

The real app in a terminal of its own: a burst of text, editing keys and format characters
(a zero-width joiner and non-joiner: Unicode's Cf) written at once, as a fast typist, an input
method or an emoji picker sends them. Before the fix a key that was not text overtook the
text held before it ("one two" ZWJ "three" saved as "threeone two"), and Textual's fields
dropped the format characters.
"""

from __future__ import annotations

import pytest

from tests.tui.test_signals import typed_and_saved

BURST = "abcd\x7fxy\x1b[D\x1b[Dz\x1b[F one two\u200dthree\u200cx"
"""abcd, backspace, xy, left, left, z, end, then words with a joiner and a non-joiner."""
TYPED = "abczxy one two\u200dthree\u200cx"


@pytest.mark.catalogue("S401", "S402")
def test_a_burst_of_keys_lands_in_the_order_typed(db_path, clock):
    assert typed_and_saved(db_path, clock, BURST.encode(), b"three") == [(None, TYPED)]


@pytest.mark.catalogue("S527")
def test_a_title_tab_and_text_typed_at_speed_go_to_their_fields(db_path, clock):
    """Helper review: n, then "Check-in with Dana⇥We reviewed the outline together." in one
    burst made one title with a tab in it (52 keys: read as a paste). A run with a tab or an
    enter in it is a paste only from PASTE_RUN_ACROSS_FIELDS keys on."""
    typed = b"Check-in with Dana\tWe reviewed the outline together."
    saved = typed_and_saved(db_path, clock, typed, b"together.", in_title=True)
    assert saved == [("Check-in with Dana", "We reviewed the outline together.")]


@pytest.mark.catalogue("S535")
def test_line_feeds_typed_as_keys_are_newlines(db_path, clock):
    """A paste arriving as keys (no bracketed paste) ends in a short run: its line feeds came as
    ctrl+j, which no text field takes, and the last lines of a 256 kB paste ran together (found
    by the K86 paste test). Each goes in as a newline."""
    typed = b"line one\nline two\nline three"
    assert typed_and_saved(db_path, clock, typed, b"three") == [(None, "line one\nline two\nline three")]
