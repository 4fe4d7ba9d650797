"""The Markdown and HTML exports list a goal's milestones by due day and say how each went, as
`journal goal show` does (S493)."""

from __future__ import annotations

from datetime import datetime

import pytest


@pytest.mark.catalogue("S493")
def test_milestones_by_due_day_with_missed_and_late(journal, clock):
    clock.set(datetime(2026, 1, 5, 9, 0))
    blog = journal.goals.add("Write a blog", by="2026-06-30")
    for title, due in (("Third post", "2026-05-01"), ("First post", "2026-03-01"), ("Second post", "2026-04-01"),
                       ("Someday", None)):
        journal.goals.add_milestone(blog.id, title, due=due)
    clock.set(datetime(2026, 5, 25, 9, 0))
    journal.goals.milestone_done(blog.id, "First post", on="2026-03-04")
    journal.goals.close(blog.id, "abandoned")
    talk = journal.goals.add("Give a talk", by="2026-12-31")
    journal.goals.add_milestone(talk.id, "Rehearse", due="2026-12-01")
    expected = ["First post (done 2026-03-04, 3 days late)", "Second post (due 2026-04-01, missed)",
                "Third post (due 2026-05-01, missed)", "Someday (not done, goal abandoned)",
                "Rehearse (due 2026-12-01)"]
    for fmt in ("markdown", "html"):
        parts: list[str] = []
        journal.transfer.export(fmt, parts.append)
        page = "".join(parts).replace("<li dir=\"auto\">", "\n- ").replace("</li>", "\n")
        shown = [line.strip()[2:] for line in page.splitlines() if line.strip().startswith("- ")
                 and "(" in line and "**" not in line and "<strong>" not in line]
        assert shown == expected, (fmt, shown)
