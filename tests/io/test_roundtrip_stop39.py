"""A history exported and imported keeps the order it was written in (catalogue S356)."""

from __future__ import annotations

import pytest

from journal.services import Journal
from tests.conftest import new_journal


@pytest.mark.catalogue("S356")
def test_a_history_of_one_second_keeps_its_order_through_export_and_import(journal, clock, tmp_path):
    journal.goals.add("Zed")  # the fixed clock: every change in the same second
    journal.goals.edit("Zed", title="Bee")
    journal.goals.edit("Bee", title="Cee")
    journal.mentorships.add("Sam", focus="Writing")
    journal.mentorships.edit("Sam", focus="Speaking")
    journal.mentorships.edit("Sam", focus="Again writing")
    exported = tmp_path / "all.json"
    journal.transfer.export_to_file("json", exported)
    other_path = tmp_path / "other.db"
    new_journal(other_path)
    other = Journal.open(other_path, clock=clock)
    try:
        other.transfer.import_file(exported)
        for one in (journal, other):
            titles = [(e.old, e.new) for e in one.goals.get("Cee").history if e.field == "title"]
            assert titles == [("Zed", "Bee"), ("Bee", "Cee")]
            focus = [(e.old, e.new) for e in one.mentorships.get("Sam").history if e.field == "focus"]
            assert focus == [("Writing", "Speaking"), ("Speaking", "Again writing")]
    finally:
        other.close()


@pytest.mark.catalogue("S362")
def test_the_retrospective_header_says_its_span_is_the_entries(journal):
    from journal.io.retrospective import render_markdown
    from journal.services import EntryInput

    m = journal.mentorships.add("Dana Reyes", since="2026-11-16")
    journal.entries.write(EntryInput("our last meeting", mentorship=m.id))
    journal.mentorships.close(m.id)
    text = render_markdown(journal.closure.retrospective(mentorship=m.id))
    assert "mentorship · entries 2026-11-23 – 2026-11-23 · mentor: Dana Reyes" in text


@pytest.mark.catalogue("S372")
def test_the_reading_exports_name_mentorships_and_milestones(journal):
    from journal.services import EntryInput

    m = journal.mentorships.add("Dana <b>Reyes</b>", focus="Speaking", since="2026-11-16")
    goal = journal.goals.add("Public speaking", mentorship=m.id)
    journal.goals.add_milestone(goal.id, "Outline", due="2026-12-01")
    journal.entries.write(EntryInput("our first meeting", mentorship=m.id))
    parts: list[str] = []
    journal.transfer.export("markdown", parts.append)
    text = "".join(parts)
    assert "## Mentorships\n\n- **Dana \\<b\\>Reyes\\</b\\>**: Speaking (active since 2026-11-16)" in text
    assert "  - Outline (due 2026-12-01)" in text
    assert "_mentorship with Dana \\<b\\>Reyes\\</b\\>_" in text
    parts.clear()
    journal.transfer.export("html", parts.append)
    page = "".join(parts)
    assert "<strong dir=\"auto\">Dana &lt;b&gt;Reyes&lt;/b&gt;</strong>" in page and "<b>Reyes" not in page
    assert "Outline (due 2026-12-01)" in page and "mentorship with Dana &lt;b&gt;Reyes&lt;/b&gt;" in page
