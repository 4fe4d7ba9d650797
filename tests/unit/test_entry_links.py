"""Entries.links / answered_by: what an entry's ids point to, named for a reader."""

from __future__ import annotations

from journal.services import EntryInput


def test_links_name_the_mentor_the_answer_and_the_entry_answered(journal):
    ada = journal.mentorships.add("Ada Mentor")
    plan = journal.entries.write(EntryInput("It will go well.", lens="foresight", mentorship=ada.id,
                                            revisit="in 1 week"))
    assert journal.entries.answered_by(plan.id) is None
    first = journal.entries.write(EntryInput("It went well.", lens="hindsight", answers=plan.id))
    journal.entries.write(EntryInput("Looking back again.", lens="hindsight", answers=plan.id))
    links = journal.entries.links(plan)
    assert (links.mentor, links.answers) == ("Ada Mentor", None)
    assert links.answered_by is not None and links.answered_by.id == first.id  # the first answer
    assert links.answered_by.short_id
    back = journal.entries.links(first)
    assert back.answers is not None and back.answers.id == plan.id and back.answered_by is None
    journal.entries.delete(first.id)  # an answer in the trash answers nothing
    assert journal.entries.answered_by(plan.id).body == "Looking back again."


def test_an_entry_without_links_has_none(journal):
    note = journal.entries.write(EntryInput("Just a note."))
    links = journal.entries.links(note)
    assert (links.mentor, links.answers, links.answered_by) == (None, None, None)
