"""Preparing (the vision, its gaps, a gap made a starter goal, the learning profile) and passing
it on (the summary built from the journal): services/preparing.py and services/passing_on.py."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from journal.domain.errors import BadValue, NotFound
from journal.domain.model import Entry, EntryInput, Kind, Lens
from journal.services import Journal
from journal.services.passing_on import HANDFUL, answer_to, excerpt, markdown
from journal.services.preparing import style_names
from journal.store import entries as entry_rows
from journal.store import practice as practice_rows

CARRY = "What will you carry forward into your next goal or relationship?"
ADVICE = "What would you tell someone about to start on the same goal?"


# ----------------------------------------------------------------- the vision and its gaps
def test_an_empty_journal_has_an_empty_vision_and_profile(journal):
    vision, profile = journal.preparing.vision(), journal.preparing.profile()
    assert (vision.future, vision.present, vision.gaps) == ("", "", [])
    assert profile.empty and profile.styles == []


def test_set_vision_changes_only_what_is_given(journal):
    journal.preparing.set_vision(future="Lead a small team\r\n\nthat ships calmly  ", present="Senior developer")
    vision = journal.preparing.set_vision(present="Senior developer, first time leading")
    assert vision.future == "Lead a small team\n\nthat ships calmly"
    assert vision.present == "Senior developer, first time leading"
    assert vision.updated_at == journal.clock.now()
    with pytest.raises(BadValue, match="--future"):
        journal.preparing.set_vision()
    with pytest.raises(BadValue, match="too long"):
        journal.preparing.set_vision(future="x" * 20_001)
    assert journal.preparing.vision().future == "Lead a small team\n\nthat ships calmly"


def test_gaps_are_added_numbered_reworded_and_refused_when_empty_or_twice(journal):
    first = journal.preparing.add_gap("  Giving   feedback to peers ")
    journal.preparing.add_gap("Running a meeting")
    assert first.text == "Giving feedback to peers"
    assert [g.text for g in journal.preparing.vision().gaps] == ["Giving feedback to peers", "Running a meeting"]
    with pytest.raises(BadValue, match="already listed as gap 1"):
        journal.preparing.add_gap("giving FEEDBACK to peers")
    with pytest.raises(BadValue, match="empty"):
        journal.preparing.add_gap("   ")
    assert journal.preparing.edit_gap("2", "Running a meeting that ends on time").id != first.id
    assert journal.preparing.edit_gap("Giv", "Giving honest feedback").id == first.id  # the start of its words
    assert journal.preparing.edit_gap(first.id, "Giving honest feedback to peers").text.endswith("peers")
    with pytest.raises(BadValue, match="already listed as gap 1"):
        journal.preparing.edit_gap("2", "Giving honest feedback to peers")


def test_a_gap_number_is_always_a_number(journal):
    with pytest.raises(NotFound, match="No gap 1: there are no gaps yet"):
        journal.preparing.find_gap("1")
    for text in ("a", "b", "c"):
        journal.preparing.add_gap(f"gap {text}")
    with pytest.raises(NotFound, match="No gap 9: there are gaps 1 to 3"):
        journal.preparing.edit_gap("9", "never")  # never an id that happens to start with 9
    with pytest.raises(BadValue, match="number"):
        journal.preparing.remove_gap(" ")
    assert [g.text for g in journal.preparing.vision().gaps] == ["gap a", "gap b", "gap c"]


def test_a_gap_becomes_a_starter_goal_and_keeps_the_link(journal):
    journal.preparing.add_gap("Giving feedback to peers")
    gap = journal.preparing.add_gap("Running a meeting")
    goal = journal.preparing.gap_to_goal("2")
    assert goal.title == "Running a meeting" and goal.status.value == "active"
    assert [e.kind for e in goal.history] == ["created"]
    assert (goal.specific, goal.time_bound) == ("", None)  # a starter: the statement is left to fill in
    linked = journal.preparing.gap_of(goal.id)
    assert linked is not None and linked.id == gap.id and linked.goal_id == goal.id
    journal.preparing.edit_gap("2", "Running meetings that end on time")
    assert journal.preparing.gap_of(goal.id).text == "Running meetings that end on time"  # the link stays
    assert journal.goals.get(goal.id).title == "Running a meeting"  # the goal keeps its own title
    assert journal.preparing.gap_of("no-such-goal") is None
    _, events = journal.timeline.build(goal.id)
    assert [e.detail for e in events if e.kind == "goal-created"] == [
        "goal created from the gap “Running meetings that end on time” in your vision"]
    with pytest.raises(BadValue, match=f"already the goal {goal.short_id}"):
        journal.preparing.gap_to_goal("2")


def test_a_starter_goal_takes_another_title_when_the_gaps_is_taken(journal):
    journal.goals.add("Public speaking")
    journal.preparing.add_gap("public speaking")
    with pytest.raises(BadValue, match="--title"):
        journal.preparing.gap_to_goal("1")
    assert journal.preparing.vision().gaps[0].goal_id is None
    goal = journal.preparing.gap_to_goal("1", title="Speak at the meetup")
    assert goal.title == "Speak at the meetup" and journal.preparing.gap_of(goal.id) is not None
    journal.preparing.add_gap("Another")
    with pytest.raises(BadValue, match="needs a title"):
        journal.preparing.gap_to_goal("2", title="  ")


def test_the_goal_and_the_link_are_one_transaction(journal, monkeypatch):
    """The vision's save failing after the goal's insert leaves neither: no goal without its link."""
    journal.preparing.add_gap("Giving feedback")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(practice_rows, "save", broken)
    with pytest.raises(OSError):
        journal.preparing.gap_to_goal("1")
    monkeypatch.undo()
    assert journal.goals.summaries() == []
    assert journal.preparing.vision().gaps[0].goal_id is None
    goal = journal.preparing.gap_to_goal("1")
    assert journal.preparing.vision().gaps[0].goal_id == goal.id


def test_a_gap_that_became_a_goal_is_removed_only_keeping_the_goal(journal):
    journal.preparing.add_gap("Giving feedback")
    journal.preparing.add_gap("Running a meeting")
    goal = journal.preparing.gap_to_goal("1")
    with pytest.raises(BadValue, match="keeps the goal: `journal gap remove 1 --keep-goal`") as refused:
        journal.preparing.remove_gap("1")
    assert "\n" not in str(refused.value) and "Giving" not in str(refused.value)  # one line, no text quoted
    assert len(journal.preparing.vision().gaps) == 2
    removed = journal.preparing.remove_gap("1", keep_goal=True)
    assert removed.goal_id == goal.id
    assert [g.text for g in journal.preparing.vision().gaps] == ["Running a meeting"]
    assert journal.goals.get(goal.id).title == "Giving feedback"  # the goal stays
    assert journal.preparing.gap_of(goal.id) is None
    journal.preparing.remove_gap("1")  # a gap that is no goal goes without asking
    assert journal.preparing.vision().gaps == []


def test_changes_build_on_what_another_window_saved(journal, db_path, clock):
    """Each change reads the vision inside its transaction: a gap added elsewhere is kept."""
    journal.preparing.set_vision(future="Lead")
    with Journal.open(db_path, clock=clock) as other:
        other.preparing.add_gap("From the other window")
    journal.preparing.add_gap("From here")
    assert [g.text for g in journal.preparing.vision().gaps] == ["From the other window", "From here"]


def test_a_vision_with_a_linked_gap_survives_export_and_import(tmp_path, clock):
    with Journal.open(tmp_path / "a.db", clock=clock, create=True) as first:
        first.preparing.set_vision(future="Lead", present="Not yet")
        first.preparing.add_gap("Giving feedback")
        goal = first.preparing.gap_to_goal("1")
        first.preparing.set_profile(styles=["data", "walking it through"], needs="candour")
        parts: list[str] = []
        first.transfer.export("json", parts.append, include_private=True)
    (tmp_path / "export.json").write_text("".join(parts))
    with Journal.open(tmp_path / "b.db", clock=clock, create=True) as second:
        second.transfer.import_file(tmp_path / "export.json")
        assert second.preparing.gap_of(goal.id).text == "Giving feedback"
        assert second.preparing.profile().styles == ["data", "walking it through"]
        again: list[str] = []
        second.transfer.export("json", again.append, include_private=True)
    assert "".join(again) == "".join(parts)


# ----------------------------------------------------------------- the learning profile
def test_styles_are_presets_by_name_or_the_persons_own_words():
    assert style_names(["Big-Picture", "trial_and_error, data", "  sketching  it out ", "DATA"]) == [
        "big picture", "trial and error", "data", "sketching it out"]
    assert style_names([]) == []
    with pytest.raises(BadValue, match="too long"):
        style_names(["x" * 201])


def test_set_profile_changes_what_is_given_and_clears_styles_on_an_empty_list(journal):
    profile = journal.preparing.set_profile(styles=["practical", "my own way"], strengths="Patient",
                                            needs="Honest feedback\nwithin a week")
    assert profile.styles == ["practical", "my own way"] and profile.needs == "Honest feedback\nwithin a week"
    profile = journal.preparing.set_profile(challenges="Saying no")
    assert (profile.styles, profile.strengths, profile.challenges) == (["practical", "my own way"], "Patient",
                                                                       "Saying no")
    assert journal.preparing.set_profile(styles=[]).styles == []
    with pytest.raises(BadValue, match="--style"):
        journal.preparing.set_profile()
    assert not journal.preparing.profile().empty


# ----------------------------------------------------------------- passing it on
def _entry(journal: Journal, day: str, body: str, **fields) -> Entry:
    """An entry written as the store keeps it (kind, details and answers as given)."""
    s = journal.session
    entry = Entry(id=s.new_id(), day=date.fromisoformat(day), lens=fields.pop("lens", Lens.HINDSIGHT), body=body,
                  time="10:00", tz="Europe/Berlin", created_at=s.now(), updated_at=s.now(), **fields)
    with s.write() as conn:
        entry_rows.insert(conn, entry)
    return journal.entries.get(entry.id)


@pytest.fixture
def mentored(journal):
    """Two mentorships (one closed), an achieved goal, check-ins, feedback loops, closure answers."""
    ada = journal.mentorships.add("Ada", since="2026-01-05")
    grace = journal.mentorships.add("Grace", since="2026-06-01")
    journal.mentorships.close(grace.short_id)
    goal = journal.goals.add("Public speaking")
    journal.goals.close(goal.id, "achieved")
    _entry(journal, "2026-03-01", "Slowing down helps more than more slides.", lens=Lens.INSIGHT, mentorship=ada.id)
    _entry(journal, "2026-03-08", "The demo went well.", starred=True, title="Team demo")
    _entry(journal, "2026-03-09", "Nobody heard it.", lens=Lens.INSIGHT)  # no mentorship, not starred
    _entry(journal, "2026-03-10", "A secret turning point.", starred=True, private=True)
    _entry(journal, "2026-03-11", "My own reflection.", starred=True, kind=Kind.PASSING_ON)
    for n in range(2):
        _entry(journal, f"2026-04-0{n + 1}", f"Check-in {n}", kind=Kind.CHECK_IN, mentorship=ada.id)
    starred = _entry(journal, "2026-04-10", "Be concrete: one example, one ask.", kind=Kind.FEEDBACK, starred=True,
                     details={"from": "Ada", "asked": "Are my reviews too soft?", "follow_up": "One change per review"})
    answered = _entry(journal, "2026-04-12", "Slides had too much text.", kind=Kind.FEEDBACK,
                      details={"from": "Lin", "follow_up": "Three words a slide"})
    _entry(journal, "2026-04-20", "Three words a slide worked.", answers=answered.id)
    _entry(journal, "2026-04-14", "Meh.", kind=Kind.FEEDBACK, details={"from": "Sam"})  # neither: left out
    _entry(journal, "2026-05-01", "Ask for feedback early.", kind=Kind.CLOSURE, title=CARRY, lens=Lens.FORESIGHT)
    _entry(journal, "2026-05-01", "Unrelated answer.", kind=Kind.CLOSURE, title="What did you set out to do?")
    _entry(journal, "2026-05-02", f"## {ADVICE}\n\nStart with the smallest talk.\n\n## {CARRY}\n\n",
           kind=Kind.CLOSURE, title="Closure conversation")
    return {"ada": ada, "starred": starred, "answered": answered}


def test_the_summary_quotes_only_the_journal(journal, mentored):
    summary = journal.passing_on.summary()
    helped = [(q.day.isoformat(), q.text) for q in summary.helped.quotes]
    assert helped == [("2026-03-08", "The demo went well."),
                      ("2026-03-01", "Slowing down helps more than more slides.")]  # newest first
    assert summary.helped.quotes[1].mentor == "Ada" and summary.helped.quotes[0].starred
    feedback = summary.feedback.quotes
    assert [q.entry_id for q in feedback] == [mentored["answered"].id, mentored["starred"].id]
    assert feedback[0].answered and not feedback[1].answered
    assert feedback[1].details == {"from": "Ada", "asked": "Are my reviews too soft?",
                                   "follow_up": "One change per review"}
    differently = [(q.question, q.text) for q in summary.differently.quotes]
    assert differently == [(ADVICE, "Start with the smallest talk."), (CARRY, "Ask for feedback early.")]
    assert summary.counts.to_data() == {"mentorships": 2, "mentorships_closed": 1, "goals_achieved": 1,
                                        "check_ins": 2, "feedback_loops": 3, "loops_closed": 1, "reflections": 1}


def test_private_entries_are_left_out_unless_asked(journal, mentored):
    hidden = journal.passing_on.summary()
    assert "A secret turning point." not in json.dumps(hidden.to_data())
    shown = journal.passing_on.summary(include_private=True)
    assert shown.helped.quotes[0].text == "A secret turning point." and shown.include_private


@pytest.mark.catalogue("S280")
def test_a_private_entry_quoted_when_asked_says_private_in_every_form(journal, mentored):
    import click

    from journal.cli.preparing import _quote_lines

    shown = journal.passing_on.summary(include_private=True)
    secret = shown.helped.quotes[0]
    assert secret.private and not any(q.private for q in shown.helped.quotes[1:])
    assert secret.to_data()["private"] is True
    line = next(x for x in markdown(shown).splitlines() if "A secret turning point." in x)
    assert "_private_" in line
    assert click.unstyle(_quote_lines(secret)[0]).startswith("  2026-03-10 · private ★")
    from journal.tui.screens.passing_on import quote_head

    assert "private  ★" in quote_head(secret).plain


def test_a_handful_is_shown_and_the_rest_counted(journal):
    for n in range(HANDFUL + 3):
        _entry(journal, (date(2026, 1, 1) + timedelta(days=n)).isoformat(), f"turning point {n}", starred=True)
    summary = journal.passing_on.summary()
    assert len(summary.helped.quotes) == HANDFUL and summary.helped.more == 3
    assert summary.helped.quotes[0].text == f"turning point {HANDFUL + 2}"


def test_an_empty_journal_says_how_each_part_fills(journal):
    summary = journal.passing_on.summary()
    assert summary.empty
    page = markdown(summary)
    assert "star the entries" in page and "follow-up you answered" in page and "carry forward" in page
    assert "- 0 mentorships" in page


def test_the_markdown_and_json_carry_the_quotes_without_letting_text_change_the_page(journal, mentored):
    _entry(journal, "2026-06-01", "# not a heading\n[link](x) *bold*", starred=True, title="**Loud** title")
    summary = journal.passing_on.summary()
    page = markdown(summary)
    assert "\\*\\*Loud\\*\\* title" in page and "\\# not a heading" not in page  # headings dropped, text escaped
    assert page.count("\n# ") == 0 and "## What helped me most" in page
    data = json.loads(json.dumps(summary.to_data()))
    assert data["feedback"]["quotes"][1]["from"] == "Ada" and data["feedback"]["quotes"][0]["answered"] is True
    assert data["differently"]["quotes"][0]["question"] == ADVICE
    assert data["counts"]["feedback_loops"] == 3


def test_excerpts_and_template_answers():
    assert excerpt("## Heading\n\nsome   words\n") == "Heading some words"
    long = "word " * 100
    cut = excerpt(long, 40)
    assert len(cut) <= 40 and cut.endswith("…") and not cut.endswith(" …")
    body = f"## {CARRY}\n\nKeep notes.\n### detail\nmore\n## {ADVICE}\n"
    assert answer_to(body, CARRY) == "Keep notes.\n### detail\nmore"
    assert answer_to(body, ADVICE) == ""


def test_a_reflection_from_the_passing_on_set_is_a_passing_on_entry(journal):
    title, _, kind = journal.reflection.template_fields("passing-on")
    assert (title, kind) == ("Passing it on", Kind.PASSING_ON)
    assert journal.reflection.template_fields("preparing")[::2] == ("Preparing for a mentor", Kind.PREPARING)
    questions = journal.reflection.library().sets["preparing"]
    assert all(p.phase is not None and p.phase.value == "preparing" and p.lens for p in questions)
    words = " ".join(p.text for p in questions)
    for topic in ("worked", "gone better", "contribute", "need from a mentor", "gap"):
        assert topic in words, topic
    assert all(p.phase and p.phase.value == "closing" for p in journal.reflection.library().sets["passing-on"])
    entry = journal.entries.write(EntryInput(body=journal.reflection.template("passing-on") + "ready", kind=kind,
                                             title=title))
    assert entry.kind == Kind.PASSING_ON
    assert journal.passing_on.summary().counts.reflections == 1


def test_an_entry_changed_meanwhile_does_not_break_the_summary(journal, mentored):
    """A feedback entry moved to the trash is neither quoted nor counted."""
    journal.entries.delete(mentored["starred"].id)
    summary = journal.passing_on.summary()
    assert mentored["starred"].id not in {q.entry_id for s in summary.sections for q in s.quotes}
    assert summary.counts.feedback_loops == 2
    assert summary.today == date(2026, 11, 23)  # the journal's clock


def test_carry_forward_answers_of_any_closure_set_count(journal, tmp_path):
    """A whole mentorship's closure set (any set named `…-closure`, the person's own too) adds
    its carry-forward question to what I'd do differently; other sets' questions do not."""
    folder = tmp_path / "config" / "journal" / "prompts"
    folder.mkdir(parents=True)
    (folder / "team.toml").write_text(
        'set = "team-closure"\n[[prompt]]\nid = "team-closure-carry"\ntext = "What goes with you to the next team?"\n'
        '[[prompt]]\nid = "team-closure-party"\ntext = "Where is the party?"\n', encoding="utf-8")
    (folder / "other.toml").write_text('set = "musings"\n[[prompt]]\nid = "musings-carry"\ntext = "What to carry?"\n',
                                       encoding="utf-8")
    _entry(journal, "2026-05-01", "Pairing on Fridays.", kind=Kind.CLOSURE,
           title="What goes with you to the next team?")
    _entry(journal, "2026-05-01", "At Ada's.", kind=Kind.CLOSURE, title="Where is the party?")
    _entry(journal, "2026-05-01", "A bag.", kind=Kind.CLOSURE, title="What to carry?")
    assert journal.reflection.library().problems == []
    quotes = journal.passing_on.summary().differently.quotes
    assert [(q.question, q.text) for q in quotes] == [("What goes with you to the next team?", "Pairing on Fridays.")]
