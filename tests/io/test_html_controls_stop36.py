"""HTML pages never carry a raw control character of the user's text (catalogue S297)."""

from __future__ import annotations

import re

import pytest

from journal.services import EntryInput

RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
TITLE = "Title \x1b[31mred\x1b[0m"
BODY = "A body \x1b]0;pwned\x07 with \x9b2J in it\n\nand a second paragraph"


@pytest.mark.catalogue("S297")
def test_html_pages_show_control_characters_as_symbols(journal, exported):
    """The journal's HTML export, a retrospective and an agreement as HTML kept an ESC, BEL or C1
    byte of a title or text as it was (an HTML parse error; the page's text then differs from
    browser to browser): each shows as its symbol (ESC as ␛), as the TUI's editor does."""
    goal = journal.goals.add("Goal \x1b[2J cleared")
    journal.entries.write(EntryInput(BODY, title=TITLE, goals=[goal.id]))
    journal.mentorships.add("Kim")
    journal.agreements.set_part("Kim", "ground-rules", "On time \x1b[5m blinking")
    retro = journal.closure.retrospective(goal.id)
    pages = {"export": exported(journal, "html"),
             "retrospective": journal.closure.render(retro, "html"),
             "agreement": journal.agreements.export("Kim", "html")}
    for name, page in pages.items():
        assert not RAW.search(page), (name, RAW.findall(page))
        assert "␛" in page, name
    assert "Title ␛[31mred␛[0m" in pages["export"] and "␛[2J cleared" in pages["retrospective"]
