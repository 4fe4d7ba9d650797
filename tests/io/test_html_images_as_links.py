"""No HTML page we write fetches anything: an image in the user's Markdown becomes a link to it
(S487), in the export, the retrospective and the agreement page."""

from __future__ import annotations

import re

import pytest

from journal.services import EntryInput

IMAGE = "![my slide](http://tracker.example/pixel.png)"


@pytest.mark.catalogue("S487")
def test_an_image_is_a_link_on_every_page(journal):
    m = journal.mentorships.add("Dana", since="2026-10-01")
    journal.agreements.set_parts(m.id, {"ground_rules": f"Slides first: {IMAGE}"})
    goal = journal.goals.add("Speaking", mentorship=m.id)
    journal.entries.write(EntryInput(body=f"The talk went well.\n\n{IMAGE}", lens="hindsight", when="2026-11-01",
                                     goals=[goal.id]))
    parts: list[str] = []
    journal.transfer.export("html", parts.append)
    pages = {"export": "".join(parts),
             "retrospective": journal.closure.render(journal.closure.retrospective(goal.id), "html"),
             "agreement": journal.agreements.export(m.id, "html")}
    for name, page in pages.items():
        assert not re.search(r"<img\b", page, re.I), name
        assert '<a href="http://tracker.example/pixel.png">image: my slide</a>' in page, name
