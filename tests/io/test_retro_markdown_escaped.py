"""The Markdown retrospective cannot be made to hold raw HTML or an unsafe link by anything a
user types (S486): the whole file, of a mentorship and of a goal, with markup in every field,
parsed as a Markdown viewer parses it."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from journal.services import EntryInput

MARKUP = "<script>alert(1)</script> [l](javascript:x) <b onclick=y>b</b>"
SAFE_ADDRESS = ("http://", "https://", "mailto:")


@pytest.fixture
def closed_with_markup(journal):
    m = journal.mentorships.add(f"Eve {MARKUP}", focus=f"Focus {MARKUP}", since="2026-09-01")
    journal.agreements.set_parts(m.id, {"ground_rules": f"Rules {MARKUP}", "confidentiality": MARKUP})
    goal = journal.goals.add(f"Goal {MARKUP}", specific=f"Spec {MARKUP}", measurable=MARKUP, by="2026-12-31",
                             criteria=MARKUP, mentorship=m.id)
    journal.goals.add_milestone(goal.id, f"Step {MARKUP}", due="2026-10-01")
    journal.goals.edit(goal.id, specific=f"Spec again {MARKUP}")
    foresight = journal.entries.write(EntryInput(body=f"Expect {MARKUP}", lens="foresight", when="2026-09-10",
                                                 goals=[goal.id], title=f"T {MARKUP}", tags=["plan"],
                                                 revisit="2026-10-10"))
    journal.entries.write(EntryInput(body=f"Happened {MARKUP}", lens="hindsight", when="2026-10-12", goals=[goal.id],
                                     answers=foresight.id, title=MARKUP, starred=True))
    journal.entries.write(EntryInput(body=f"Check {MARKUP}", lens="hindsight", when="2026-10-01", kind="check-in",
                                     mentorship=m.id, details={"goals": 4, "relationship": 3}))
    journal.entries.write(EntryInput(body=f"Heard {MARKUP}", lens="insight", when="2026-10-05", kind="feedback",
                                     mentorship=m.id, details={"from": MARKUP, "asked": MARKUP, "follow_up": MARKUP}))
    journal.goals.close(goal.id, "achieved", note=f"Note {MARKUP}")
    journal.mentorships.close(m.id, on="2026-11-20")
    return journal, goal, m


def _unsafe_tokens(text: str) -> list[str]:
    found = []

    def walk(tokens):
        for token in tokens:
            if token.type in ("html_block", "html_inline"):
                found.append(f"{token.type}: {token.content!r}")
            address = token.attrGet("href") or token.attrGet("src")
            if address and not str(address).startswith(SAFE_ADDRESS):
                found.append(f"{token.type}: {address!r}")
            walk(token.children or [])

    walk(MarkdownIt("commonmark").parse(text))
    return found


@pytest.mark.catalogue("S486")
def test_no_field_a_user_types_becomes_markup_in_the_markdown_retrospective(closed_with_markup):
    journal, goal, m = closed_with_markup
    for retro in (journal.closure.retrospective(mentorship=m.id), journal.closure.retrospective(goal.id)):
        text = journal.closure.render(retro, "markdown")
        assert _unsafe_tokens(text) == [], text


@pytest.mark.catalogue("S486")
def test_the_focus_and_closure_note_lines_are_escaped(closed_with_markup):
    journal, _, m = closed_with_markup
    text = journal.closure.render(journal.closure.retrospective(mentorship=m.id), "markdown")
    focus = [line for line in text.splitlines() if line.startswith("Focus: ")]
    assert focus == ["Focus: Focus \\<script\\>alert(1)\\</script\\> \\[l\\](javascript:x) \\<b onclick=y\\>b\\</b\\>"]
    [note] = [line for line in text.splitlines() if line.startswith("Closure note: ")]
    assert "<script>" not in note and "Note \\<script\\>" in note
