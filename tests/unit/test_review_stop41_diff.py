"""This stop's own changes, reviewed: a synced entry kept as the import keeps it, titles of
other invisible characters, a goal still open in an ended mentorship paused, a sync folder
that is not there, the chart's week unit."""

from __future__ import annotations

import pytest

from journal.domain.errors import BadValue
from journal.domain.text import clean_title
from journal.io import sync_files
from tests.reliability.test_sync import devices  # noqa: F401  (a fixture)
from tests.unit.test_review_stop41_sync import STRANGER, _first_records, _other_id


@pytest.mark.catalogue("S444")
def test_a_synced_entry_is_applied_as_an_import_keeps_it(devices):  # noqa: F811
    laptop, desktop = devices("laptop"), devices("desktop")
    laptop.write("the laptop's words")
    laptop.sync()
    (record,) = _first_records(laptop)
    crafted = {**record["row"], "id": _other_id(record["row"]["id"]).upper(), "body": "crafted",
               "tags": ["Hello World", "#x", "fine"], "lens": "hindsight", "revisit_on": "2026-12-24"}
    sync_files.write(laptop.folder, STRANGER, 1, [{**record, "row": crafted}], None)
    desktop.sync()
    [entry] = [e for e in desktop.journal.entries.list() if e.body == "crafted"]
    assert entry.id == crafted["id"].lower()
    assert desktop.journal.entries.get(entry.short_id).body == "crafted"  # it can be named
    assert entry.tags == ("hello-world", "x", "fine") and entry.revisit_on is None  # as an import keeps them


@pytest.mark.catalogue("S418")
@pytest.mark.parametrize("title", ["\u034f", "\ufe0f", "\u17b4\u17b5", "\U000e0100"])
def test_more_characters_that_draw_nothing_are_no_title(title):
    assert clean_title(title) is None
    assert clean_title("a\ufe0f") == "a\ufe0f"


@pytest.mark.catalogue("S416")
def test_an_open_goal_of_an_ended_mentorship_may_pause_and_is_told_the_way_out_only_when_closed(journal):
    journal.mentorships.add("Sam")
    goal = journal.goals.add("Writing", mentorship="Sam")
    journal.mentorships.close("Sam", goals={goal.id: "achieved"})
    # open in the ended mentorship, as a sync may leave it (S422)
    journal.session.conn.execute("UPDATE goals SET status = 'active' WHERE id = ?", (goal.id,))
    assert journal.goals.set_status(goal.id, "paused").status.value == "paused"
    journal.goals.close(goal.id, "achieved")
    with pytest.raises(BadValue, match="has ended"):
        journal.goals.set_status(goal.id, "active")


@pytest.mark.catalogue("S423")
def test_status_of_a_folder_not_there_keeps_its_devices(devices, tmp_path):  # noqa: F811
    laptop, desktop = devices("laptop"), devices("desktop")
    laptop.write("one")
    laptop.sync()
    desktop.sync()
    moved = tmp_path / "away"
    laptop.folder.rename(moved)
    found = desktop.journal.sync.status()
    assert [d for d, _, _ in found.devices] and not found.earlier
    moved.rename(laptop.folder)
