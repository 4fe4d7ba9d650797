"""S377: a bracketed paste holding an ESC (text copied with its colour codes) is kept whole.

Textual's parser read the ESC inside the paste as the start of a key sequence: what followed
it was typed as keys before the paste and outside it (an enter moving on, letters in the title),
the paste itself cut at the ESC. `PasteGuard` makes such an ESC the symbol ␛ before the parser
sees it. Checked on the parser at every way the input can be cut into reads, and in the real
app in a terminal of its own.
"""

from __future__ import annotations

import pytest
from textual import events

from journal.tui.paste_driver import PasteKeepingParser
from tests.tui.test_signals import typed_and_saved

PASTE = "\x1b[200~one\x1btwo\rthree \x1b[31mred\x1b[0m\x1b[201~"
KEPT = "one␛two\rthree ␛[31mred␛[0m"


def _events(reads: list[str]) -> list[tuple[str, str]]:
    parser = PasteKeepingParser()
    found = [event for data in reads if data for event in parser.feed(data)] + list(parser.feed(""))
    return [(type(event).__name__, event.text if isinstance(event, events.Paste) else event.key)
            for event in found]


@pytest.mark.catalogue("S377")
def test_an_esc_inside_a_paste_stays_in_the_paste_however_the_input_is_read():
    data = "x" + PASTE + "y\x1b[200~\x1b\x1b[201~\x1b"
    want = [("Key", "x"), ("Paste", KEPT), ("Key", "y"), ("Paste", "␛"), ("Key", "escape")]
    assert _events([data]) == want
    for cut in range(1, len(data)):
        for second in range(cut, len(data)):
            assert _events([data[:cut], data[cut:second], data[second:]]) == want, (cut, second)


@pytest.mark.catalogue("S377")
def test_a_paste_with_colour_codes_lands_whole_in_compose(db_path, clock):
    assert typed_and_saved(db_path, clock, PASTE.encode(), b"red") == [(None, "one␛two\nthree ␛[31mred␛[0m")]
