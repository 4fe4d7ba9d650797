"""Reflection.template: a prompt set as an entry's body (questions as headings, answers below)."""

from __future__ import annotations

import pytest

from journal.domain.errors import BadValue
from journal.domain.model import Kind, Lens


def test_a_template_is_each_question_as_a_heading_with_an_empty_answer_line(journal):
    questions = [p.text for p in journal.reflection.library().sets["check-in"]]
    body = journal.reflection.template("check-in")
    assert body == "".join(f"## {q}\n\n" for q in questions)
    lines = body.split("\n")
    assert lines[0] == f"## {questions[0]}" and lines[1] == "" and lines[2] == f"## {questions[1]}"
    assert journal.reflection.template(" Check-In ") == body  # as typed


def test_an_unknown_set_names_the_sets_there_are(journal):
    with pytest.raises(BadValue) as raised:
        journal.reflection.template("weekly-nonsense")
    message = str(raised.value)
    assert "weekly-nonsense" in message and "check-in" in message and "closure" in message


def test_the_sets_include_the_users_own(journal, tmp_path):
    folder = tmp_path / "config" / "journal" / "prompts"
    folder.mkdir(parents=True)
    (folder / "weekly.toml").write_text(
        'set = "weekly-review"\ntitle = "Weekly review"\n\n'
        '[[prompt]]\nid = "weekly-review-01"\ntext = "What moved this week?"\nlens = "hindsight"\n\n'
        '[[prompt]]\nid = "weekly-review-02"\ntext = "What got stuck?"\nlens = "hindsight"\n')
    sets = journal.reflection.template_sets()
    assert "weekly-review" in sets and "check-in" in sets and "closure" in sets
    assert journal.reflection.template("weekly-review") == "## What moved this week?\n\n## What got stuck?\n\n"
    assert journal.reflection.template_fields("weekly-review") == ("Weekly review", Lens.HINDSIGHT, None)


def test_lens_and_kind_come_from_the_set_only_when_obvious(journal):
    title, lens, kind = journal.reflection.template_fields("check-in")
    assert (title, lens, kind) == ("Weekly check-in", None, Kind.CHECK_IN)  # mixed lenses: the default
    assert journal.reflection.template_fields("closure")[2] == Kind.CLOSURE
    assert journal.reflection.template_fields("feedback")[2] == Kind.FEEDBACK
    assert journal.reflection.template_fields("daily")[1:] == (None, None)


def test_untouched_means_only_the_templates_headings(journal):
    template = journal.reflection.template("closure")
    untouched = journal.reflection.untouched
    assert untouched(template, template)
    assert untouched(template.replace("\n\n", "\n", 2) + "\n\n  \n", template)  # blank lines moved, a heading left
    assert untouched("", template)
    assert not untouched(template.replace("\n\n", "\nIt went well.\n\n", 1), template)
    assert not untouched("## A heading of my own\n", template)
