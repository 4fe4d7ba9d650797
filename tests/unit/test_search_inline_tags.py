"""Tags typed in an entry's text (`#confidence`, `@mentoring`) become its tags when it is written
or edited through the entries service (so the CLI, the TUI and drafts all get them); the text
stays as typed; `[tags] symbols` chooses the marks ("" turns it off)."""

from __future__ import annotations

import pytest

from journal import config
from journal.domain.model import EntryChanges
from journal.services import EntryInput
from journal.services.entries import with_inline_tags


def test_write_keeps_the_typed_tags_and_adds_the_inline_ones(journal):
    text = "Felt #Confidence in the demo, thanks to @mentoring. `#not-code` # heading"
    entry = journal.entries.write(EntryInput(text, tags=["work"], title="Demo #day"))
    assert entry.tags == ("work", "day", "confidence", "mentoring")
    assert entry.body == text and entry.title == "Demo #day"
    assert [e.id for e in journal.entries.list(journal.entries.filter(tags=("confidence",)))] == [entry.id]


def test_edit_adds_the_tags_of_new_text_and_keeps_those_the_text_still_has(journal):
    entry = journal.entries.write(EntryInput("plain words", tags=["a"]))
    edited, changed = journal.entries.edit(entry.id, EntryChanges(body="now with #grit"))
    assert changed and edited.tags == ("a", "grit")
    cleared, _ = journal.entries.edit(entry.id, EntryChanges(tags=[]))
    assert cleared.tags == ("grit",)  # a tag typed in the text stays while the text has it
    starred, _ = journal.entries.edit(entry.id, EntryChanges(starred=True))
    assert starred.tags == ("grit",)


def test_a_whole_edit_as_the_tui_saves_it(journal):
    entry = journal.entries.write(EntryInput("first"))
    edited, _ = journal.entries.edit(entry.id, EntryChanges.whole(EntryInput("second @pairing", tags=["x"])))
    assert edited.tags == ("x", "pairing")


@pytest.mark.parametrize(("symbols", "tags"), [("+", ("plus",)), ("", ()), ("#", ("hash",))])
def test_the_marks_come_from_the_config(journal, symbols, tags):
    config.save_setting("tags", "symbols", symbols)
    entry = journal.entries.write(EntryInput("#hash @at +plus"))
    assert entry.tags == tags
    assert journal.entries.inline_tags("#hash @at +plus") == tags


def test_a_wrong_setting_falls_back_to_the_default_and_doctor_names_it():
    found = config.check_settings({"tags": {"symbols": "ab"}})
    assert found.values["tags.symbols"] == "#@"
    assert found.problems == ['[tags] symbols = \'ab\' is not a few marks such as "#@" or "" (\'#@\' is used)']
    assert config.check_settings({"tags": {"symbols": ""}}).problems == []


def test_the_function_an_import_calls():
    assert with_inline_tags(["Work"], None, "a #Note and @me", "#@") == ("work", "note", "me")
    assert with_inline_tags((), "title #t", "body", "") == ()
