"""Refusals, standings and targets that name the right thing (catalogue S328, S329, S344, S345, S346, S347)."""

from __future__ import annotations

import pytest

from tests.cli.expect import ok


@pytest.mark.catalogue("S328")
def test_a_mentor_name_too_long_is_called_a_name_not_a_title(run):
    long_name = "Ada " * 60
    said = run("mentorship", "add", long_name)
    assert said.exit_code == 2
    assert "The mentor's name is too long (239 characters, limit 200)" in said.stderr
    assert "Title" not in said.stderr
    ok(run("mentorship", "add", "Ada"))
    said = run("mentorship", "edit", "Ada", "--mentor", long_name)
    assert said.exit_code == 2 and "The mentor's name is too long" in said.stderr
    assert "Title too long" in run("add", "body", "--title", "t" * 201).stderr  # an entry's title is a title


@pytest.mark.catalogue("S329")
def test_a_shortlist_without_must_haves_does_not_say_every_must_have_is_met(run):
    ok(run("shortlist", "new", "Lead"))
    ok(run("shortlist", "criterion", "add", "Lead", "Patience"))  # a want, weight 1
    ok(run("shortlist", "candidate", "add", "Lead", "Bo"))
    shown = run("shortlist", "show", "Lead")
    ok(shown)
    assert "meets every must-have" not in shown.stdout
    assert "no must-haves set" in shown.stdout
    ok(run("shortlist", "criterion", "add", "Lead", "Time", "--must"))
    ok(run("shortlist", "score", "Lead", "Bo", "--score", "Time=yes"))
    assert "meets every must-have" in run("shortlist", "show", "Lead").stdout


@pytest.mark.catalogue("S344")
def test_an_open_goal_says_its_target_day_has_passed(run):
    ok(run("goal", "add", "Speak up", "--by", "2026-11-23"))
    assert "by 2026-11-23 (today)" in run("goal", "list").stdout
    ok(run("goal", "edit", "Speak up", "--by", "2026-12-01"))
    run.clock.set(run.clock.now().replace(day=28, month=12))
    assert "by 2026-12-01 (passed 27 days ago)" in run("goal", "list").stdout
    assert "Target:     2026-12-01 (passed 27 days ago)" in run("goal", "show", "Speak up").stdout
    ok(run("goal", "close", "Speak up", "--status", "achieved"))
    assert "passed" not in run("goal", "list", "--all").stdout


@pytest.mark.catalogue("S345")
def test_a_goal_title_written_another_unicode_way_is_the_same_title(run):
    ok(run("goal", "add", "Caf\u00e9 French"))
    said = run("goal", "add", "Cafe\u0301 French")
    assert said.exit_code == 2 and "already exists" in said.stderr


@pytest.mark.catalogue("S346")
def test_a_closed_mentorships_agreement_says_which_goals_left_it(run, tmp_path):
    ok(run("mentorship", "add", "Bo", "--since", "2026-11-01"))
    ok(run("goal", "add", "Speak up", "--mentorship", "Bo"))
    ok(run("goal", "add", "Write", "--mentorship", "Bo"))
    ok(run("mentorship", "close", "Bo", "--goal", "Speak up=keep", "--goal", "Write=achieved"))
    shown = run("agreement", "show", "Bo").stdout
    assert "when the mentorship ended: carried on alone" in shown and shown.count("when the mentorship ended") == 1
    goals = {g["title"]: g["left"] for g in run.json("agreement", "show", "Bo")["goals"]}
    assert goals == {"Speak up": "carried on alone", "Write": None}
    ok(run("agreement", "export", "Bo", "-o", str(tmp_path / "plan.md")))
    assert "When the mentorship ended: carried on alone" in (tmp_path / "plan.md").read_text()


@pytest.mark.catalogue("S347")
def test_an_entry_written_to_a_closure_prompt_is_a_closure_answer(run):
    ok(run("goal", "add", "Speak up"))
    ok(run("add", "--prompt", "closure-learned", "-g", "Speak up", "--", "That preparing beats talent."))
    ok(run("add", "--prompt", "daily-hindsight-01", "--", "A quiet day."))
    ok(run("add", "--prompt", "closure-set-out", "--kind", "note", "--", "Set out to speak."))
    kinds = sorted((e["body"], e["kind"]) for e in run.json("list"))
    assert kinds == [("A quiet day.", "note"), ("Set out to speak.", "note"),
                     ("That preparing beats talent.", "closure")]
    assert "1 closure answer" in run("retro", "Speak up").stdout


@pytest.mark.catalogue("S347")
def test_details_typed_still_decide_the_kind_over_a_prompts_set(run):
    ok(run("add", "--prompt", "check-in-02", "--from", "Sam", "--asked", "how", "--", "It went well."))
    ok(run("add", "--prompt", "feedback-02", "--rate", "goals=4", "--", "On track."))
    ok(run("add", "--prompt", "check-in-01", "--", "Still the right goals."))
    assert sorted(e["kind"] for e in run.json("list")) == ["check-in", "check-in", "feedback"]


@pytest.mark.catalogue("S345")
def test_a_goal_is_found_by_its_title_written_another_unicode_way(run):
    ok(run("goal", "add", "Caf\u00e9 French"))
    ok(run("add", "-g", "cafe\u0301 french", "--", "Ordered in French."))
    assert [g["title"] for g in run.json("list")[0]["goals"]] == ["Caf\u00e9 French"]
