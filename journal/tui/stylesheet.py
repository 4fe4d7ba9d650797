"""The one stylesheet, journal.tcss, read in two parts (issue 20).

Textual parses a stylesheet before the first frame, and the whole of journal.tcss (every
screen's rules) was the largest single cost between start and the first painted entry list
that was ours. So the app starts with the part above `MARK` (the variables, the home screen,
the footer) and adds the rest the first time a screen other than home is about to show
(`JournalApp._load_screen_css`, the hook Textual loads a screen's own CSS through). Nothing
below the mark may style a widget of the home screen: adding it then changes nothing already
on screen, so nothing is restyled (tests/tui/test_stylesheet_parts.py holds every rule to it).

The rest is given the start's variable definitions and the same line numbers as in the file,
so an error in it is reported at its place in journal.tcss.
"""

from __future__ import annotations

from pathlib import Path

from textual.css.stylesheet import Stylesheet

PATH = Path(__file__).with_name("journal.tcss")
MARK = "/* ========== after the first paint"
"""The line that starts the rest: what the first painted list does not need."""
REST = (str(PATH), "after the first paint")
"""Where the rest is said to be read from (Textual's `read_from`, in error messages)."""


def parts(text: str) -> tuple[str, str]:
    """The start of `text` and the rest: the rest begins with the start's variable definitions
    and is padded to keep the file's line numbers."""
    start, mark, rest = text.partition(MARK)
    if not mark:
        return text, ""
    lines = start.split("\n")
    variables = [line if line.startswith("$") else "" for line in lines[:-1]]
    return start, "\n".join(variables) + "\n" + mark + rest


def add_start(stylesheet: Stylesheet) -> None:
    """Give `stylesheet` the part of journal.tcss the home screen needs, as Textual reads a
    CSS_PATH (before the default CSS of widgets, so it wins ties as that file did)."""
    start, _ = parts(PATH.read_text("utf-8"))
    stylesheet.add_source(start, read_from=(str(PATH), ""))


def add_rest(stylesheet: Stylesheet) -> bool:
    """Give `stylesheet` the rest of journal.tcss, once; whether it was added now."""
    if stylesheet.has_source(*REST):
        return False
    _, rest = parts(PATH.read_text("utf-8"))
    stylesheet.add_source(rest, read_from=REST)
    return True
