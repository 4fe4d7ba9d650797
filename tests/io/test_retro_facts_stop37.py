"""Retrospective facts a mentor would check, found at stop 37 (catalogue S311-)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from journal.io.retrospective import render_json, render_markdown
from journal.services import EntryInput

SET_OUT = "What did you set out to do when this began?"
LEARNED = "What did you learn, about the subject and about yourself?"
CARRY = "What will you carry forward into your next goal or relationship?"


def _answered(template: str, answers: dict[str, str]) -> str:
    """The closure template with `answers` typed under their questions (the rest left empty)."""
    lines = []
    for line in template.split("\n"):
        lines.append(line)
        question = line.removeprefix("## ")
        if question in answers:
            lines.append(answers[question])
    return "\n".join(lines)


@pytest.mark.catalogue("S311")
def test_a_closure_written_from_the_template_is_an_answer_per_question(journal):
    """`journal add --template closure` saves one entry, a heading per question: the retrospective
    took it as one hindsight answer, so the summary's insight and carried forward never came from it."""
    goal = journal.goals.add("Public speaking")
    journal.entries.write(EntryInput("a first talk", goals=[goal.id]))
    journal.entries.write(EntryInput("record the next one", lens="foresight", goals=[goal.id]))
    body = "Looking back on it all.\n\n" + _answered(journal.reflection.template("closure"), {
        SET_OUT: "To speak at the meetup.",
        LEARNED: "Preparation beats nerves.\n\n## My own heading\nand more under it",
        CARRY: "A talk every month.",
    })
    journal.entries.write(EntryInput(body, kind="closure", title="Closure conversation", goals=[goal.id]))

    retro = journal.closure.retrospective(goal.id)
    said = [(a.prompt, a.quote.lens.value, a.quote.body) for a in retro.closure]
    assert said == [
        (SET_OUT, "hindsight", "To speak at the meetup."),
        (LEARNED, "insight", "Preparation beats nerves.\n\n## My own heading\nand more under it"),
        (CARRY, "foresight", "A talk every month."),
        (None, "hindsight", "Looking back on it all."),  # words above the questions, under the entry's title
    ]
    assert retro.numbers.closure_answers == 4 and retro.numbers.entries == 2
    assert retro.summary.insight_from == "closure" and retro.summary.insight.body.startswith("Preparation")
    assert [q.body for q in retro.foresight.carry_forward] == ["A talk every month."]  # not the open foresight
    assert sum(1 for e in retro.hindsight.events if e.entry_id == retro.closure[0].quote.entry_id) == 1

    data = json.loads(render_json(retro))
    assert [c["prompt"] for c in data["closure"]] == [SET_OUT, LEARNED, CARRY, None]
    text = render_markdown(retro)
    assert "A talk every month." in text and "To speak at the meetup." in text
    closing = text.split("The closure conversation", 1)[1]
    assert closing.count("quoted above") == 2  # the insight and the carry-forward, quoted in the summary


def test_a_conversation_answer_and_a_closure_without_questions_stay_whole(journal):
    """An entry of the conversation (titled by its question) and a closure entry of free text are
    one answer each, their text untouched, a `## ` heading of one's own included."""
    goal = journal.goals.add("Public speaking")
    journal.entries.write(EntryInput("## Done\nIt went well", kind="closure", lens="insight", title=LEARNED,
                                     goals=[goal.id]))
    journal.entries.write(EntryInput("## A heading\nfree words", kind="closure", goals=[goal.id]))
    retro = journal.closure.retrospective(goal.id)
    assert sorted(a.quote.body for a in retro.closure) == ["## A heading\nfree words", "## Done\nIt went well"]
    assert retro.numbers.closure_answers == 2


@pytest.mark.catalogue("S312")
def test_a_goal_let_go_at_closing_takes_its_plans_off_the_mentorships_timeline(journal, clock):
    """`journal timeline --mentorship M` of a closed mentorship ran to the target of a goal it let
    go (carried on alone), with its milestone due later and a sparkline of empty weeks."""
    today = clock.now().date()
    m = journal.mentorships.add("Ada", since=(today - timedelta(days=60)).isoformat())
    journal.goals.add("Speak", mentorship=m.id, by=(today + timedelta(days=200)).isoformat())
    journal.goals.add("Write", mentorship=m.id)
    journal.goals.add_milestone("Speak", "Conference", (today + timedelta(days=90)).isoformat())
    journal.goals.add_milestone("Speak", "Outline", (today - timedelta(days=5)).isoformat())
    journal.entries.write(EntryInput("first talk", goals=["Speak"], when=(today - timedelta(days=50)).isoformat()))
    journal.mentorships.close("Ada", goals={"Speak": "keep", "Write": "achieved"})

    _, events = journal.timeline.build(mentorship=m.id)
    assert max(e.day for e in events) == today
    assert not [e for e in events if e.kind in ("milestone-due", "goal-target")]
    assert [e.title for e in events if e.kind == "milestone-missed"] == ["Outline"]  # its day passed with Ada
    assert all(w.start <= today for w in journal.timeline.outline(mentorship=m.id).weeks)
    retro = journal.closure.retrospective(mentorship=m.id)
    assert max(e.day for e in retro.hindsight.events) == today
    assert [m.title for m in retro.goals[0].milestones] == ["Outline", "Conference"]  # the plan it left with
    _, own = journal.timeline.build("Speak")  # the goal's own timeline keeps its plans
    assert {e.kind for e in own} >= {"milestone-due", "goal-target"}
