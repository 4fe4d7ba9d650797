"""Issue 17, doing the work, from the command line: check-ins rating the four focus areas,
feedback with a follow-up that `journal due` lists, answering it, editing details, and
`journal goal audit`. Bad input: one line, exit code 2. Fixed today: Mon 2026-11-23."""

from __future__ import annotations

import sys

import pytest

from journal.domain.model import Kind
from tests.cli.expect import fails, ok

RATE = ("--rate", "goals=4", "--rate", "rel=3", "--rate", "process=5", "--rate", "time=2")
FEEDBACK = ("--from", "Dana", "--asked", "Was the pace right?", "--follow-up", "Pause after each slide")


def _only(run, *filters):
    [entry] = run.json("list", *filters)
    return entry


RATED_WORDS = ("goals: good (4) · relationship: mixed (3) · "
               "learning process: going well (5) · meeting time: struggling (2)")

# ------------------------------------------------------------------ check-ins
def test_a_check_in_rates_the_four_areas_and_list_and_show_say_them_in_words(run):
    result = ok(run("add", "Steady week.", "--kind", "check-in", *RATE))
    assert "(insight, check-in)" in result.stderr
    entry = _only(run)
    assert entry["kind"] == "check-in"
    assert entry["details"] == {"goals": 4, "process": 5, "relationship": 3, "time": 2}
    line = ok(run("list")).stdout
    assert f"[check-in: {RATED_WORDS}]" in line
    shown = ok(run("show", entry["short_id"])).stdout
    assert f"Check-in: {RATED_WORDS}" in shown
    assert "goals: good (4)" in ok(run("show", entry["short_id"], "--format", "markdown")).stdout


@pytest.mark.catalogue("S537")
def test_a_check_in_feedback_or_closure_is_written_in_insight_unless_a_lens_is_given(run):
    """As the terminal UI writes them (its `k` and feedback keys, a check-in template)."""
    for kind, lens in (("check-in", "insight"), ("feedback", "insight"), ("closure", "insight"),
                       ("meeting", "hindsight"), ("note", "hindsight"), ("goal-audit", "hindsight")):
        said = ok(run("add", "Where things stand.", "--kind", kind)).stderr
        assert ("(hindsight)" if kind == "note" else f"({lens}, {Kind(kind).words})") in said
    assert "(insight, check-in)" in ok(run("add", "Rated.", "--rate", "goals=4")).stderr
    assert "(insight, feedback)" in ok(run("add", "Heard.", *FEEDBACK)).stderr
    assert "(foresight, check-in)" in ok(run("add", "Next.", "--kind", "ch", "-l", "f")).stderr
    fails(run("add", "Kept out.", "--kind", "chat"), 2, "unknown kind 'chat'")
    assert len(run.json("list", "-n", "50")) == 9


def test_ratings_alone_make_a_check_in(run):
    ok(run("add", "Quick one.", "--rate", "goals=5"))
    assert _only(run)["kind"] == "check-in"


def test_a_check_in_from_the_template_takes_ratings_too(run, tmp_path, monkeypatch):
    script = tmp_path / "editor.py"
    script.write_text("import sys\np = sys.argv[-1]\nt = open(p).read().split('\\n')\nt[1] = 'Yes.'\n"
                      "open(p, 'w').write('\\n'.join(t))\n")
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    monkeypatch.setattr("journal.cli.editor.stdin_is_terminal", lambda: True)
    ok(run("add", "--template", "check-in", "--rate", "relationship=4"))
    entry = _only(run)
    assert (entry["kind"], entry["details"]) == ("check-in", {"relationship": 4})


def test_edit_changes_one_rating_keeps_the_others_and_area_equals_nothing_removes_one(run):
    ok(run("add", "Week 3.", *RATE))
    short = _only(run)["short_id"]
    ok(run("edit", short, "--rate", "goals=5", "--rate", "time="))
    assert _only(run)["details"] == {"goals": 5, "process": 5, "relationship": 3}


def test_changing_the_kind_away_drops_the_ratings_and_says_so(run):
    ok(run("add", "Week 3.", *RATE))
    short = _only(run)["short_id"]
    result = ok(run("edit", short, "--kind", "note"))
    assert "Its ratings went with the old kind (a note entry does not keep them)." in result.stderr
    entry = _only(run)
    assert (entry["kind"], entry["details"]) == ("note", {})


# ------------------------------------------------------------------ feedback and follow-ups
def test_feedback_with_a_follow_up_date_is_due_then_and_answered_like_foresight(run, clock):
    result = ok(run("add", "Too fast in the middle.", *FEEDBACK, "--follow-up-on", "in 2 weeks"))
    assert "Follow-up due on Mon 2026-12-07" in result.stderr
    entry = _only(run)
    assert entry["kind"] == "feedback" and entry["revisit_on"] == "2026-12-07"
    assert entry["details"] == {"from": "Dana", "asked": "Was the pace right?", "follow_up": "Pause after each slide"}
    assert "[feedback from Dana — will try: Pause after each slide by 2026-12-07]" in ok(run("list")).stdout
    shown = ok(run("show", entry["short_id"])).stdout
    assert ("Feedback: from Dana — asked: Was the pace right? — will try: Pause after each slide by 2026-12-07"
            in shown)
    assert "Revisit" not in shown
    assert "Nothing is due" in ok(run("due")).stderr

    from datetime import datetime

    clock.set(datetime(2026, 12, 8, 9, 0, tzinfo=clock.tzinfo))
    due = ok(run("due")).stdout
    assert ("Follow up: Try: Pause after each slide — feedback from Dana (due since 2026-12-07)  → how did it go? "
            f"journal add -l h --answers {entry['id'][:8]}") in due
    [item] = run.json("due")
    assert (item["kind"], item["id"], item["days"]) == ("follow-up", entry["id"], 1)
    ok(run("add", "I paused; it helped.", "-l", "h", "--answers", entry["short_id"]))
    assert run.json("due") == []


def test_feedback_edits_change_a_field_and_an_empty_value_removes_it(run):
    ok(run("add", "Notes.", *FEEDBACK, "--follow-up-on", "tomorrow"))
    short = _only(run, "--kind", "feedback")["short_id"]
    ok(run("edit", short, "--asked", "", "--from", "Dana K."))
    entry = _only(run)
    assert entry["details"] == {"from": "Dana K.", "follow_up": "Pause after each slide"}
    ok(run("edit", short, "--follow-up-on", "in 3 weeks"))
    assert _only(run)["revisit_on"] == "2026-12-14"
    ok(run("edit", short, "--follow-up", ""))  # no follow-up: its date goes with it
    entry = _only(run)
    assert entry["details"] == {"from": "Dana K."} and entry["revisit_on"] is None


def test_json_carries_the_details(run):
    ok(run("add", "Notes.", "--from", "Li"))
    [entry] = run.json("list", "--kind", "feedback")
    assert entry["details"] == {"from": "Li"}
    assert run.json("show", entry["short_id"])["details"] == {"from": "Li"}


# ------------------------------------------------------------------ bad input: one line, exit 2
def test_bad_input_is_one_line_with_exit_code_2(run):
    fails(run("add", "x", "--rate", "goals=7"), 2, "Rate 'goals' from 1 (off track) to 5 (going well)")
    fails(run("add", "x", "--rate", "mood=3"), 2, "unknown check-in area 'mood'", "goals, relationship")
    fails(run("add", "x", "--rate", "goals"), 2, "AREA=1..5")
    fails(run("add", "x", "--kind", "note", "--rate", "goals=3"), 2, "choose the check-in kind (--kind check-in")
    fails(run("add", "x", "--kind", "meeting", "--from", "Dana"), 2, "choose the feedback kind (--kind feedback")
    fails(run("add", "x", "--from", "Dana", "--rate", "goals=3"), 2, "write them as two entries")
    fails(run("add", "x", "--follow-up-on", "tomorrow"), 2, "--follow-up-on is for feedback entries")
    fails(run("add", "x", "--from", "Dana", "--follow-up-on", "tomorrow"), 2,
          "A follow-up date needs a follow-up", "--follow-up")
    fails(run("add", "x", *FEEDBACK, "--follow-up-on", "2026-11-01"), 2, "a follow-up date is ahead of today")
    fails(run("add", "x", *FEEDBACK, "--follow-up-on", "someday"), 2, "Invalid follow-up date 'someday'")
    fails(run("add", "x", *FEEDBACK, "--follow-up-on", "tomorrow", "--revisit", "tomorrow"), 2, "not both")
    fails(run("add", "x", "--kind", "check-in", "--revisit", "tomorrow"), 2, "Only foresight entries")
    assert run.json("list") == []


def test_an_answer_to_an_entry_without_a_follow_up_is_refused(run):
    ok(run("add", "Feedback, nothing to try.", "--from", "Li"))
    short = _only(run)["short_id"]
    fails(run("add", "x", "-l", "h", "--answers", short), 2, "only foresight (or a feedback entry's follow-up)")


def test_edit_errors_leave_the_entry_as_it_was(run):
    ok(run("add", "Week 3.", *RATE))
    short = _only(run)["short_id"]
    fails(run("edit", short, "--rate", "goals=0"), 2, "Rate 'goals'")
    fails(run("edit", short, "--follow-up-on", "tomorrow"), 2, "--follow-up-on is for feedback entries")
    assert _only(run)["details"]["goals"] == 4


# ------------------------------------------------------------------ goal audit
def test_goal_audit_from_piped_answers_makes_a_goal_audit_entry_on_the_goal(run):
    ok(run("goal", "add", "Public speaking"))
    answers = "## Knowing what you know now, would you still choose this goal today?\n\nYes.\n"
    result = ok(run("goal", "audit", "public", input=answers))
    assert "(hindsight, goal audit, goal: Public speaking)" in result.stderr
    entry = _only(run)
    assert (entry["kind"], entry["title"]) == ("goal-audit", "Goal audit: Public speaking")
    assert [g["title"] for g in entry["goals"]] == ["Public speaking"]
    assert entry["body"].startswith("## Knowing what you know now") and "Yes." in entry["body"]
    timeline = ok(run("timeline", "public")).stdout
    assert "Goal audit: Public speaking" in timeline
    assert "  Audits:     1, the last 2026-11-23" in ok(run("goal", "show", "public")).stdout
    shown = run.json("goal", "show", "public")
    assert (shown["audits"], shown["last_audit"]) == (1, "2026-11-23")


def test_goal_audit_in_the_editor_leaves_unanswered_questions_out(run, tmp_path, monkeypatch):
    ok(run("goal", "add", "Public speaking"))
    script = tmp_path / "editor.py"
    script.write_text("import sys\np = sys.argv[-1]\nt = open(p).read().split('\\n')\nt[3] = 'Weekly demos.'\n"
                      "open(p, 'w').write('\\n'.join(t))\n")
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    monkeypatch.setattr("journal.cli.editor.stdin_is_terminal", lambda: True)
    result = ok(run("goal", "audit", "public", "-l", "insight"))
    assert "9 unanswered questions left out." in result.stderr
    entry = _only(run)
    assert entry["lens"] == "insight"
    assert entry["body"] == "## What evidence of progress can you point to, with dates?\nWeekly demos."


def test_goal_audit_with_nothing_written_saves_nothing_and_an_unknown_goal_says_so(run):
    ok(run("goal", "add", "Public speaking"))
    assert "nothing saved" in ok(run("goal", "audit", "public", input="")).stderr
    fails(run("goal", "audit", "nonexistent", input="text"), 2)
    assert run.json("list") == []


@pytest.mark.catalogue("S482")
def test_the_saved_line_names_the_mentorship_and_a_day_before_it_began(run):
    ok(run("mentorship", "add", "Dana Reyes", "--since", "2026-09-01"))
    said = ok(run("add", "Check-in", "--kind", "check-in", "--mentorship", "Dana", "-d", "2026-10-01")).stderr
    assert "(insight, check-in, with Dana Reyes)" in said and "before the mentorship" not in said
    early = ok(run("add", "Notes from before", "--mentorship", "Dana", "-d", "2026-03-10")).stderr.splitlines()
    assert early[0].endswith("(hindsight, with Dana Reyes)")
    assert early[1].startswith("That day is before the mentorship with Dana Reyes began (") and "-d WHEN" in early[1]
