"""A mentorship's retrospective holds the relationship (issue 17, part 5): focus, the agreement's
parts, meetings and check-ins kept, each area's trend in words, how it evolved, and every goal
it had with what closing decided. Markdown, HTML and JSON show it, user text escaped."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

import pytest

from journal.domain.model import Entry, Goal, GoalEvent, GoalStatus, Kind, Lens, Mentorship, MentorshipStatus
from journal.domain.retrospective import build_retrospective
from journal.io.retrospective import render_html, render_json, render_markdown
from journal.services import EntryInput

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
SNAKE_KEY = re.compile(r"\b[a-z]+_[a-z_]+\b")
KEBAB_KEYS = ("goal-decision", "goal-created", "goal-edit", "goal-status", "follow-up-due", "mentorship-closure",
              "ground-rules", "check-in-every")
EVENT_KINDS = re.compile(r"^(created|status|edit|chosen|goal)$")
MARKUP_NAME = "Sam [x](javascript:alert(1)) <b>"


# ------------------------------------------------------------------ pure
def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def entry(n: int, day: date, kind: Kind, details: dict | None = None, private: bool = False) -> Entry:
    return Entry(id=f"e{n:07d}-0000-4000-8000-000000000000", day=day, lens=Lens.INSIGHT, body=f"body {n}",
                 kind=kind, mentorship="m1", details=details or {}, private=private, short_id=f"e{n:05d}",
                 created_at=datetime(2026, day.month, day.day, 8, tzinfo=UTC))


def test_the_relationship_from_plain_data():
    kept, moved = Goal("g1", "Speaking", mentorship=None), Goal("g2", "Writing", mentorship="m2")
    done = Goal("g3", "Rust", status=GoalStatus.ACHIEVED, mentorship="m1")
    m = Mentorship(
        id="m1", mentor="Ada", focus="Talks", started_on=date(2026, 9, 1), status=MentorshipStatus.CLOSED,
        closed_on=date(2026, 11, 20), agreements="Be on time.",
        parts={"confidentiality": "Between us.", "ground_rules": "One question each time."},
        history=[
            GoalEvent(at(1), "created"),
            GoalEvent(at(2), "edit", "ground_rules", None, "One question each time."),
            GoalEvent(at(3), "edit", "check_in_every", "14", "7"),
            GoalEvent(at(20), "goal", "g1", "Speaking", "carried on alone"),
            GoalEvent(at(20), "goal", "g2", "Writing", "moved to the mentorship with Sam"),
            GoalEvent(at(20), "goal", "g9", "Gone since", "closed as abandoned"),
            GoalEvent(at(20), "status", "status", "active", "closed"),
        ],
    )
    entries = [
        entry(1, date(2026, 10, 1), Kind.CHECK_IN, {"goals": 2, "relationship": 4}),
        entry(2, date(2026, 10, 15), Kind.MEETING),
        entry(3, date(2026, 11, 1), Kind.CHECK_IN, {"goals": 4, "relationship": 4, "time": 1}),
        entry(4, date(2026, 11, 5), Kind.CHECK_IN, {"goals": 5}, private=True),
    ]
    retro = build_retrospective(m, [kept, moved, done], entries, today=date(2026, 11, 23), tz="Europe/Berlin")
    r = retro.relationship
    assert r is not None and (r.mentor, r.status, r.closed_on) == ("Ada", "closed", date(2026, 11, 20))
    assert [(p.heading, p.text) for p in r.agreement] == [("Ground rules", "One question each time."),
                                                          ("Confidentiality", "Between us.")]  # the fixed order
    assert r.other_agreements == "Be on time."
    assert (r.meetings, r.check_ins) == (1, 2)  # the private check-in is left out with its entry
    goals_trend = r.trends[0]
    assert (goals_trend.area, goals_trend.spark, goals_trend.summary) == ("goals", "▃▆", "good (4), rising ↑ from 2")
    assert [(x.day, x.value) for x in goals_trend.ratings] == [(date(2026, 10, 1), 2), (date(2026, 11, 1), 4)]
    assert r.trends[2].summary == "not rated yet" and r.trends[3].summary == "off track (1)"
    assert [e.text for e in r.evolution] == [
        "Mentorship added to the journal", "Ground rules changed — One question each time.",
        "Check-in rhythm changed — every 14 days → every 7 days", "Speaking: carried on alone",
        "Writing: moved to the mentorship with Sam", "Gone since: closed as abandoned", "Mentorship closed",
    ]
    assert [(g.title, g.outcome, g.decision) for g in r.goals] == [
        ("Speaking", "active", "carried on alone"), ("Writing", "active", "moved to the mentorship with Sam"),
        ("Rust", "achieved", None)]
    assert build_retrospective(kept, [], [], today=date(2026, 11, 23)).relationship is None  # a goal's has none


# ------------------------------------------------------------------ through the journal
@pytest.fixture
def closed(journal):
    """Ada, with an agreement, check-ins, a meeting, three goals, closed with a decision for two."""
    m = journal.mentorships.add("Ada <i>Love</i>", focus="Speaking *up*", since="2026-09-01",
                                agreements="Be on time.")
    journal.mentorships.add(MARKUP_NAME)
    journal.agreements.set_parts(m.id, {"ground_rules": "# One question\neach time [b]really[/b]",
                                        "boundaries": "No <script>alert(1)</script> at work."})
    for title in ("Speaking", "Writing", "Rust"):
        journal.goals.add(title, mentorship=m.id)
    journal.goals.close("Rust", "achieved")
    for day, ratings in (("2026-10-01", {"goals": 3, "relationship": 4}), ("2026-11-01", {"goals": 5})):
        journal.entries.write(EntryInput(body="check", kind="check-in", mentorship=m.id, when=day, details=ratings))
    journal.entries.write(EntryInput(body="met", kind="meeting", mentorship=m.id, when="2026-10-15"))
    journal.entries.write(EntryInput(body="a page a day", goals=["Writing"], when="2026-10-20"))
    prompts = journal.closure.prompts(mentorship=True)
    journal.closure.close([EntryInput(body="Thank you.", lens="insight", title=prompts[7].text),
                           EntryInput(body="We wanted talks.", lens="hindsight", title=prompts[0].text)],
                          mentorship=m.id, goals={"Speaking": "keep", "Writing": "move:Sam"})
    # after the close, the goals go on elsewhere: not part of this relationship's story
    journal.entries.write(EntryInput(body="later, with Sam", lens="foresight", goals=["Writing"], when="2026-12-01"))
    return journal.closure.retrospective(mentorship=m.id)


def section(markdown: str) -> str:
    start = markdown.index("## 2. The relationship")
    return markdown[start:markdown.index("\n## 3. ", start)]


def test_the_relationship_section_comes_first_and_the_others_follow_in_order(closed):
    markdown = render_markdown(closed)
    assert [line for line in markdown.splitlines() if line.startswith("## ")] == [
        "## 1. Summary", "## 2. The relationship", "## 3. The goals", "## 4. Hindsight — the journey traced",
        "## 5. Insight", "## 6. Foresight", "## 7. Numbers", "## 8. The closure conversation"]
    text = section(markdown)
    for said in ("- **Meetings kept:** 1", "- **Check-ins kept:** 2", "### The agreement", "**Ground rules**",
                 "**Boundaries**", "**Other agreements**", "### Check-in trends",
                 "| Goals still relevant, progress measurable | ▄█ | going well (5), rising ↑ from 3 |",
                 "| The relationship | ▆ | good (4) |", "### How the relationship evolved", "Mentorship closed",
                 "Speaking: carried on alone", "### Its goals and how they ended",
                 "✓ Rust — achieved", "◇ Speaking — still open; when the mentorship closed: carried on alone"):
        assert said in text, said


def test_its_goals_include_those_closing_decided_about_with_their_entries_until_then(closed):
    assert [g.title for g in closed.goals] == ["Rust", "Speaking", "Writing"]  # by creation, then title
    assert [(g.title, g.decision) for g in closed.relationship.goals] == [
        ("Rust", None), ("Speaking", "carried on alone"), ("Writing", f"moved to the mentorship with {MARKUP_NAME}")]
    bodies = [e.title for e in closed.hindsight.events if e.kind == "entry"]
    assert "a page a day" in bodies and "later, with Sam" not in bodies
    # the closure answers in the order of the mentorship's own questions
    assert [a.quote.body for a in closed.closure] == ["We wanted talks.", "Thank you."]


def test_no_ids_or_keys_in_the_relationships_words(closed):
    markdown, page = render_markdown(closed), render_html(closed)
    html_section = page[page.index("2. The relationship"):page.index("3. The goals")]
    for text in (section(markdown), html_section):
        assert not UUID.search(text)
        assert not SNAKE_KEY.search(re.sub(r"<[^>]+>", " ", text)), SNAKE_KEY.search(text)
        for key in KEBAB_KEYS:
            assert key not in text, key
    for event in closed.relationship.evolution:
        assert not EVENT_KINDS.match(event.text) and not UUID.search(event.text)


def test_user_text_is_escaped_as_elsewhere(closed):
    text = section(render_markdown(closed))
    assert "moved to the mentorship with Sam \\[x\\](javascript:alert(1)) \\<b\\>" in text  # one line: escaped
    assert "> # One question" in text and "> each time [b]really[/b]" in text  # a part: quoted Markdown
    page = render_html(closed)
    html_section = page[page.index("2. The relationship"):page.index("3. The goals")]
    assert "<script>" not in html_section and "&lt;script&gt;alert(1)&lt;/script&gt;" in html_section
    assert "Sam [x](javascript:alert(1)) &lt;b&gt;" in html_section and 'href="javascript' not in page
    assert '<p class="bh">One question</p>' in html_section  # a part's heading, kept below the page's


def test_json_carries_the_relationship(closed):
    data = json.loads(render_json(closed))
    r = data["relationship"]
    assert (r["mentor"], r["status"], r["meetings"], r["check_ins"]) == ("Ada <i>Love</i>", "closed", 1, 2)
    assert [p["heading"] for p in r["agreement"]] == ["Ground rules", "Boundaries"]
    assert r["trends"][0]["ratings"] == [{"day": "2026-10-01", "value": 3}, {"day": "2026-11-01", "value": 5}]
    assert [g["decision"] for g in r["goals"]] == [None, "carried on alone",
                                                   f"moved to the mentorship with {MARKUP_NAME}"]
    assert r["evolution"][-1] == {"day": "2026-11-23", "text": "Mentorship closed"}


def test_a_goal_moved_in_is_no_decision_of_the_mentorship_it_came_to(journal, closed):
    sam = journal.closure.retrospective(mentorship="Sam").relationship
    assert [(g.title, g.decision) for g in sam.goals] == [("Writing", None)]
    assert [e.text for e in sam.evolution][-1] == "Writing: moved here from the mentorship with Ada <i>Love</i>"


def test_a_goals_retrospective_has_no_relationship(journal):
    g = journal.goals.add("Solo goal")
    retro = journal.closure.retrospective(g.id)
    markdown = render_markdown(retro)
    assert [line for line in markdown.splitlines() if line.startswith("## ")][:3] == [
        "## 1. Summary", "## 2. The goal", "## 3. Hindsight — the journey traced"]
    assert json.loads(render_json(retro))["relationship"] is None
