"""The rule for very large bodies in the TUI (catalogue D31), in one place.

Textual lays out text in proportion to its size, and a TextArea far worse than that on
long lines: a single 10 MB line took 46 s to open, and 1 MB took 2 s. So:

- the preview and the entry view render at most the first `VIEW_CHARS` characters of a
  body, with a note saying so and how to read or edit the whole of it;
- compose does not load a body of more than `EDIT_CHARS` characters, or with a line of
  more than `EDIT_LINE_CHARS`, into its editor: it says so and points to `journal edit`.

The text in the journal is never cut; only what the screen is given.
"""

from __future__ import annotations

VIEW_CHARS = 48 * 1024
"""The preview and the entry view show at most this many characters (~8,000 words; laying out
100,000 characters added 0.7 s to the home screen's first paint, this adds ~0.3 s)."""
EDIT_CHARS = 1_000_000
"""Compose refuses bodies longer than this (~1 MB; 0.8 s in a TextArea with short lines)."""
EDIT_LINE_CHARS = 100_000
"""...and bodies with a line longer than this (a 200,000-character line took 0.35 s)."""


def size_label(chars: int) -> str:
    """'9.5 MB', '120 KB': the size of a text, as a person reads it."""
    if chars >= 1024 * 1024:
        return f"{chars / (1024 * 1024):.1f} MB"
    return f"{max(1, round(chars / 1024))} KB"


def view_excerpt(body: str) -> tuple[str, bool]:
    """What the preview and the entry view show of `body`, and whether that is a cut."""
    if len(body) <= VIEW_CHARS:
        return body, False
    return body[:VIEW_CHARS], True


def too_large_to_edit(body: str) -> bool:
    """True when compose must not load `body` into its editor."""
    if len(body) > EDIT_CHARS:
        return True
    if len(body) <= EDIT_LINE_CHARS:
        return False
    return max(map(len, body.split("\n"))) > EDIT_LINE_CHARS
