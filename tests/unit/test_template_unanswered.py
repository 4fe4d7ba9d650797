"""Reflection.drop_unanswered: a template's questions with nothing written under them are left
out of the entry (the TUI's save and `journal add --template` both use it)."""

from __future__ import annotations

from journal.services.reflection import Reflection

TEMPLATE = "## First?\n\n## Second?\n\n## Third?\n\n"
drop = Reflection.drop_unanswered


def test_questions_with_only_blank_lines_under_them_go():
    text = "## First?\nYes.\n## Second?\n\n   \n## Third?\nNo.\n\n"
    assert drop(text, TEMPLATE) == ("## First?\nYes.\n## Third?\nNo.\n\n", 1)


def test_the_last_question_left_empty_goes_up_to_the_end():
    assert drop("## First?\nYes.\n\n## Second?\n\n## Third?\n\n", TEMPLATE) == ("## First?\nYes.\n", 2)
    assert drop("## First?\nYes.\n## Third?", TEMPLATE) == ("## First?\nYes.", 1)


def test_an_answer_may_hold_sub_headings_and_own_headings_stay():
    text = "Before.\n\n## My own heading\n\n## First?\n### Detail\n\n## Second?\n\n# Notes\nmore"
    assert drop(text, TEMPLATE) == ("Before.\n\n## My own heading\n\n## First?\n### Detail\n\n# Notes\nmore", 1)


def test_nothing_to_drop_keeps_the_text_as_it_is():
    text = "## First?\na\n\n## Second?\nb\n\n## Third?\nc\n"
    assert drop(text, TEMPLATE) == (text, 0)
    assert drop("## First?\n\n", "") == ("## First?\n\n", 0)  # no template: no question to drop
