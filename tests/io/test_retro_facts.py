"""The retrospective's facts, as a mentor would check them (catalogue P119-P122, P125).

One fixture goal closed through the real closure conversation: milestones hit, late and
missed, a change of mentorship, starred entries, a foresight answered, private entries. The
numbers count what the mentee wrote; the closure answers are apart; first and last entry are
journal entries; every text meant for people (Markdown, HTML, the JSON's display strings)
names things in words, never by id or event key; each entry is quoted once.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from journal.domain.timeline import KIND_ORDER
from journal.io.retro_chart import chart_words
from journal.io.retrospective import render_html, render_json, render_markdown
from journal.services import EntryInput
from tests.io.conftest import close_speaking_goal, speaking_goal

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
EVENT_KEYS = tuple(kind for kind in KIND_ORDER if "-" in kind)
FIELD_KEYS = ("time_bound", "success_criteria", "mentorship_id", "review_every", "revisit_on")
MACHINE_FIELDS = {"id", "kind", "state", "status", "lens", "outcome", "area", "tz", "format", "changed_fields",
                  "insight_from", "old", "new"}
"""JSON fields that hold values for programs (ids, enums); every other string is for people."""

WRITTEN = {
    "nerves": ("2026-10-01", "foresight", "I expect the nerves to be worst just before I start speaking."),
    "first": ("2026-10-03", "hindsight", "Spoke in the planning meeting; my voice shook but people listened."),
    "stories": ("2026-10-05", "insight", "Stories land better than numbers: they remember the customer story."),
    "doubt": ("2026-10-06", "insight", "PRIVATE-DOUBT about whether my manager wants me to present at all."),
    "met": ("2026-10-08", "hindsight", "Met Dana, who suggested cutting the talk down to three clear points."),
    "dry": ("2026-10-16", "hindsight", "The dry run took seventeen minutes, and I rushed exactly as feared."),
    "record": ("2026-10-22", "foresight", "Recording myself will let me hear my pace before the real talk."),
    "talk": ("2026-11-12", "hindsight", "Gave the talk in eleven minutes and took three questions from the team."),
}


@pytest.fixture
def closed(journal):
    """The goal, closed through the closure conversation; returns (journal, goal id, entry ids by name)."""
    g = speaking_goal(journal)
    ids = {}
    for name, (day, lens, body) in WRITTEN.items():
        ids[name] = journal.entries.write(EntryInput(
            body=body, lens=lens, when=day, goals=[g.id], starred=name in ("first", "stories", "talk"),
            private=name == "doubt", kind="meeting" if name == "met" else "note",
            mentorship="Dana" if name == "met" else None,
            answers=ids["nerves"] if name == "dry" else None)).id
    answers, prompts = close_speaking_goal(journal, g.id)
    return journal, g.id, ids, answers, prompts


def _html_text(page: str) -> str:
    class Text(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.skip = False

        def handle_starttag(self, tag, attrs):
            self.skip = tag in ("style", "title") or self.skip

        def handle_endtag(self, tag):
            if tag in ("style", "title"):
                self.skip = False

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    parser = Text()
    parser.feed(page)
    return " ".join(parser.parts)


def _display_strings(value, field=""):
    """Every string of the JSON meant for people (ids and enum-like fields skipped)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in MACHINE_FIELDS or key.endswith("_id") or key == "short_id":
                continue
            yield from _display_strings(inner, key)
    elif isinstance(value, list):
        for inner in value:
            yield from _display_strings(inner, field)
    elif isinstance(value, str):
        yield value


def leaks(text: str) -> list[str]:
    """Ids and internal keys found in `text` meant for people."""
    found = UUID.findall(text)
    found += [key for key in EVENT_KEYS + FIELD_KEYS if re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", text)]
    return found


@pytest.mark.catalogue("P119")
def test_the_numbers_count_what_was_written_and_first_and_last_are_journal_entries(closed):
    journal, goal_id, ids, *_ = closed
    retro = journal.closure.retrospective(goal_id)
    n = retro.numbers
    assert (n.entries, n.closure_answers) == (7, 5)  # 8 written, 1 private left out; 5 answers apart
    assert n.per_lens == {"hindsight": 4, "insight": 1, "foresight": 2}
    assert (n.first_day.isoformat(), n.last_day.isoformat()) == ("2026-10-01", "2026-11-12")
    assert retro.hindsight.first.entry_id == ids["nerves"] and retro.hindsight.last.entry_id == ids["talk"]
    assert [q.entry_id for q in retro.hindsight.turning_points] == [ids["first"], ids["stories"], ids["talk"]]
    assert all(q.kind.value != "closure" for p in retro.insight.periods for q in p.quotes)
    assert all(q.kind.value != "closure" for q in retro.foresight.open)
    assert sum(sum(w.lens_counts.values()) for w in retro.hindsight.weeks) == n.entries  # the chart: as written
    markdown = render_markdown(retro)
    assert "- **Entries written:** 7" in markdown and "- **Closure answers (not counted above):** 5" in markdown
    assert "7 entries written over 7 weeks (5 with entries), and 5 closure answers" in markdown
    with_private = journal.closure.retrospective(goal_id, include_private=True)
    assert with_private.numbers.entries == 8


@pytest.mark.catalogue("P120")
def test_no_ids_event_keys_or_field_names_in_any_text_for_people(closed):
    journal, goal_id, *_ = closed
    for retro in (journal.closure.retrospective(goal_id, include_private=True),
                  journal.closure.retrospective(mentorship="Dana", include_private=True)):
        markdown, page = render_markdown(retro), render_html(retro)
        assert leaks(markdown) == [], retro.kind
        assert leaks(_html_text(page)) == [], retro.kind
        data = json.loads(render_json(retro))
        assert [s for s in _display_strings(data) if leaks(s)] == [], retro.kind
        assert UUID.fullmatch(data["subject_id"]) and data["goals"][0]["id"]  # ids stay, as id fields
    markdown = render_markdown(journal.closure.retrospective(goal_id))
    for said in ("milestone reached · Outline", "goal changed · Public speaking — mentor: Sam → Dana",
                 "status changed · Public speaking — status active → achieved", "quiet stretch · no entries until"):
        assert said in markdown, said


@pytest.mark.catalogue("P121")
def test_each_entry_is_quoted_once_and_later_places_point_back(closed):
    journal, goal_id, _, answers, _ = closed
    retro = journal.closure.retrospective(goal_id, include_private=True)
    markdown, page = render_markdown(retro), render_html(retro)
    quoted = [line for line in markdown.splitlines() if line.startswith("> ")]
    quotes = {body: 0 if name == "met" else 1 for name, (_, _, body) in WRITTEN.items()}  # a meeting: timeline only
    for body, times in (quotes | dict.fromkeys(answers, 1)).items():  # (the timeline names entries, quotes none)
        assert quoted.count(f"> {body}") == times, body
        assert page.count(f"<p>{body}</p>") == times, body
    # the starred insight is the summary's most important insight; Insight points back to it
    summary = markdown[markdown.index("## 1. Summary"):markdown.index("## 2. ")]
    assert "### The most important insight (starred)" in summary and WRITTEN["stories"][2] in summary
    assert "### Carried forward" in summary and answers[3] in summary
    assert "_↑ quoted above, under “The most important insight” · 2026-10-05" in markdown


@pytest.mark.catalogue("P122")
def test_closure_answers_saved_at_once_keep_the_conversations_order(closed):
    journal, goal_id, _, answers, prompts = closed
    retro = journal.closure.retrospective(goal_id)
    assert [a.quote.body for a in retro.closure] == answers
    assert [a.prompt for a in retro.closure] == [p.text for p in prompts]
    on_timeline = [e.title for e in retro.hindsight.events if e.kind == "entry" and e.day.isoformat() == "2026-11-23"]
    assert on_timeline == [p.text for p in prompts]


def test_the_summary_tells_the_story_from_the_data(closed):
    journal, goal_id, ids, answers, _ = closed
    retro = journal.closure.retrospective(goal_id)
    story = retro.summary
    assert story.statement == "Give a 10-minute talk to the team" and story.outcome == "achieved"
    assert story.outcome_on.isoformat() == "2026-11-23" and story.closing_note == "Gave the talk on 12 November"
    assert [(p.day.isoformat(), p.kind) for p in story.turning_points] == [
        ("2026-10-03", "starred"), ("2026-10-04", "milestone"), ("2026-10-05", "starred"),
        ("2026-10-16", "milestone"), ("2026-11-12", "starred"), ("2026-11-23", "status")]
    assert story.insight.entry_id == ids["stories"] and story.insight_from == "starred"
    assert [q.body for q in story.carried_forward] == [answers[3]]
    assert story.still_open == 1  # "record": no hindsight answers it; "nerves" was answered by the dry run
    markdown = render_markdown(retro)
    summary = markdown[markdown.index("## 1. Summary"):markdown.index("## 2. ")]
    for said in ("- **Goal:** Public speaking — Give a 10-minute talk to the team", "- **Mentor:** Dana",
                 "- **Outcome:** Achieved on 2026-11-23", "- **Closing note:** Gave the talk on 12 November",
                 "2026-10-16 ✓ Dry run (milestone reached)", "2026-11-23 ⚑ Public speaking: achieved",
                 "1 foresight entry still open (under Foresight)."):
        assert said in summary, said


def test_without_a_starred_insight_the_closure_answer_is_the_insight(journal):
    g = journal.goals.add("Writing")
    journal.entries.write(EntryInput(body="Short paragraphs read better.", lens="insight", when="2026-10-02",
                                     goals=[g.id]))
    prompts = journal.closure.prompts()
    journal.closure.close([EntryInput(body="I write to think.", lens="insight", title=prompts[2].text)],
                          goal=g.id, status="achieved")
    story = journal.closure.retrospective(g.id).summary
    assert story.insight.body == "I write to think." and story.insight_from == "closure"
    assert story.carried_forward == [] and story.turning_points[-1].text == "Writing: achieved"


@pytest.mark.catalogue("S465")
def test_a_mentorships_summary_counts_its_goals_outcomes_and_names_its_focus(closed):
    journal, *_ = closed
    journal.goals.add("Listening", mentorship="Dana")
    retro = journal.closure.retrospective(mentorship="Dana")
    assert retro.summary.statement == "Presenting with confidence"
    assert retro.summary.goal_outcomes == {"achieved": 1, "active": 1}
    markdown = render_markdown(retro)
    assert "- **Focus:** Presenting with confidence" in markdown
    assert "- **Goals:** 2 (1 achieved, 1 still open)" in markdown
    relationship = markdown[markdown.index("## 2. The relationship"):markdown.index("## 3. ")]
    assert "- **Focus:** Presenting with confidence" in relationship


@pytest.mark.catalogue("P125")
def test_label_value_tables_are_lists_in_markdown_and_private_quotes_are_marked(closed):
    journal, goal_id, *_ = closed
    markdown = render_markdown(journal.closure.retrospective(goal_id, include_private=True))
    assert "| | |" not in markdown and "|---|---|\n" not in markdown.replace("|---|---|---|", "")
    cite = next(line for line in markdown.splitlines() if line.startswith("> 2026-10-06"))
    assert "private" in cite.split(" · ")


@pytest.mark.catalogue("S272")
def test_the_chart_spans_what_it_draws_and_says_the_numbers_weeks(journal):
    g = speaking_goal(journal)  # milestones due up to 1 Nov, the target 20 Dec
    journal.entries.write(EntryInput(body="Spoke up", lens="hindsight", when="2026-10-01", goals=[g.id]))
    journal.entries.write(EntryInput(body="Next I present", lens="foresight", when="2026-10-20", goals=[g.id],
                                     revisit="2026-12-30"))
    retro = journal.closure.retrospective(g.id)
    weeks = retro.hindsight.weeks
    assert (weeks[0].label, weeks[-1].label) == ("2026-W40", "2026-W44")  # to the last milestone, not the revisit
    assert retro.numbers.span_weeks == 4
    assert "2 entries over 4 weeks" in chart_words(retro)
    markdown = render_markdown(retro)
    assert "over 4 weeks" in markdown and "2026-W53" not in markdown


@pytest.mark.catalogue("S465")
def test_one_goal_outcome_is_said_once(closed):
    journal, *_ = closed
    markdown = render_markdown(journal.closure.retrospective(mentorship="Dana"))
    assert "- **Goals:** 1 achieved" in markdown and "1: 1" not in markdown
