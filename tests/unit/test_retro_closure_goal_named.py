"""A mentorship's retrospective names the goal whose closing an answer was (S499)."""

from __future__ import annotations

import pytest

from journal.services import EntryInput


@pytest.mark.catalogue("S499")
def test_a_goals_closure_answer_names_its_goal_in_the_mentorships_story(journal):
    m = journal.mentorships.add("Dana", since="2026-09-01")
    goal = journal.goals.add("Public speaking", mentorship=m.id)
    journal.entries.write(EntryInput(body="Practised", lens="hindsight", goals=[goal.id], when="2026-10-01"))
    question = journal.closure.prompts()[0].text
    journal.closure.close([EntryInput(body="Talks at meetups", title=question, lens="hindsight")], goal=goal.id,
                          status="achieved")
    own = journal.closure.prompts(mentorship=True)[0].text
    journal.closure.close([EntryInput(body="We met every two weeks", title=own, lens="hindsight")],
                          mentorship=m.id, goals={})
    retro = journal.closure.retrospective(mentorship=m.id)
    assert [(a.prompt, a.goal) for a in retro.closure] == [(own, None), (question, "Public speaking")]
    text = journal.closure.render(retro, "markdown")
    assert f"### {question} — closing the goal Public speaking" in text
    assert f"### {own}\n" in text
    page = journal.closure.render(retro, "html")
    assert "closing the goal Public speaking" in page
