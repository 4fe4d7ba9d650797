"""Sync faults found from the outside at stop 39 (catalogue S359)."""

from __future__ import annotations

import pytest

from tests.reliability.test_sync import devices  # noqa: F401  (a fixture)


@pytest.mark.catalogue("S359")
def test_a_device_that_only_took_a_losing_edit_keeps_no_draft_of_it(devices):  # noqa: F811
    writer, older, newer, watcher = devices("writer"), devices("older"), devices("newer"), devices("watcher")
    entry = writer.write("the first words")
    writer.sync()
    for device in (older, newer, watcher):
        device.sync()
    older.edit(entry.id, "the older edit, made on one device")
    older.sync()
    watcher.sync()  # takes the older edit
    for device in (newer, watcher):
        device.later(60)
    newer.edit(entry.id, "the newer edit, made without seeing it")
    newer.sync()
    report = watcher.sync()  # the newer edit replaces the older one here: nothing of its own is lost
    assert report.outcomes["conflict"] == 0 and report.outcomes["updated"] == 1
    assert not any("lost" in line for line in report.lines())
    assert watcher.drafts() == []
    assert list(watcher.bodies().values()) == ["the newer edit, made without seeing it"]
    older.sync()  # the device that made the losing edit keeps it
    assert older.drafts() == ["the older edit, made on one device"]
    assert newer.drafts() == []


@pytest.mark.catalogue("S370")
def test_an_item_removed_on_one_device_stays_removed_when_the_other_changed_the_document(devices):  # noqa: F811
    one, other = devices("one"), devices("other")
    shortlist = one.journal.shortlists.new("Find a mentor")
    one.journal.shortlists.add_candidate(shortlist.id, "Alice")
    one.journal.shortlists.add_candidate(shortlist.id, "Bob")
    one.journal.shortlists.add_criterion(shortlist.id, "Listens", weight=3)
    one.journal.preparing.add_gap("Public speaking")
    one.journal.preparing.add_gap("Delegation")
    one.sync()
    other.sync()
    other.later(5)
    other.journal.shortlists.add_criterion(shortlist.id, "Has time", weight=4)  # changes there...
    other.journal.preparing.set_vision(present="Junior, leading standups")
    other.sync()
    one.later(10)
    one.journal.shortlists.remove_candidate(shortlist.id, "Alice")  # ...while these go here, unseen
    one.journal.preparing.remove_gap("1")
    one.sync()
    other.sync()
    one.sync()
    for device in (one, other):
        found = device.journal.shortlists.get(shortlist.id)
        assert [c.name for c in found.candidates] == ["Bob"]
        assert sorted(c.name for c in found.criteria) == ["Has time", "Listens"]  # the other's addition came in
        assert [g.text for g in device.journal.preparing.vision().gaps] == ["Delegation"]


@pytest.mark.catalogue("S371")
def test_milestones_of_one_second_are_listed_alike_on_every_device(devices):  # noqa: F811
    one, other = devices("one"), devices("other")
    goal = one.journal.goals.add("Public speaking")
    for title in ("Zeta rehearsal", "Alpha outline", "Mid dry run"):  # one second: the fixed clock
        one.journal.goals.add_milestone(goal.id, title)
    one.sync()
    other.sync()
    for device in (one, other):
        assert [m.title for m in device.journal.goals.get(goal.id).milestones] == [
            "Alpha outline", "Mid dry run", "Zeta rehearsal"]


@pytest.mark.catalogue("S369")
def test_a_day_one_entry_edited_on_a_device_it_reached_by_sync_keeps_its_words(devices, tmp_path):  # noqa: F811
    """The device that imported the file has the entry's import stamp; another one that got the
    entry by sync has none, and a re-import there put Day One's newer words over its own edit."""
    import json

    def day_one(text: str, modified: str):
        path = tmp_path / "Journal.json"
        path.write_text(json.dumps({"metadata": {}, "entries": [
            {"uuid": "B2", "creationDate": "2026-01-06T10:00:00Z", "modifiedDate": modified, "timeZone": "UTC",
             "text": text}]}), encoding="utf-8")
        return path

    importer, other, watcher = devices("importer"), devices("other"), devices("watcher")
    importer.journal.transfer.import_file(day_one("Spoke for two minutes.", "2026-01-06T10:00:00Z"))
    importer.sync()
    other.sync()
    watcher.sync()
    [entry] = other.journal.entries.list()
    other.edit(entry.id, "Spoke for two minutes. My notes, typed on the other device.")
    report = other.journal.transfer.import_file(day_one("Spoke for three minutes.", "2027-01-01T00:00:00Z"))
    assert report.replaced == 1
    assert other.bodies() == {entry.id: "Spoke for three minutes."}
    assert other.drafts() == ["Spoke for two minutes. My notes, typed on the other device."]
    untouched = watcher.journal.transfer.import_file(day_one("Spoke for three minutes.", "2027-01-01T00:00:00Z"))
    assert (untouched.updated, untouched.replaced, watcher.drafts()) == (1, 0, [])  # not edited there: no draft


@pytest.mark.catalogue("S370")
def test_a_candidate_removed_while_chosen_or_written_about_elsewhere_stays(devices):  # noqa: F811
    """A removal wins over a concurrent change of the list, not over a choice or a note typed
    about that candidate meanwhile on the other device: those went with it, for good."""
    remover, chooser = devices("remover"), devices("chooser")
    chosen = remover.journal.shortlists.new("Find a mentor")
    noted = remover.journal.shortlists.new("A second opinion")
    for shortlist in (chosen, noted):
        remover.journal.shortlists.add_candidate(shortlist.id, "Ana")
        remover.journal.shortlists.add_candidate(shortlist.id, "Bo")
    remover.sync()
    chooser.sync()
    remover.later(5)
    remover.journal.shortlists.remove_candidate(chosen.id, "Ana")
    remover.journal.shortlists.remove_candidate(noted.id, "Ana")
    remover.sync()
    chooser.later(60)  # later, without having seen the removals
    chooser.journal.shortlists.choose(chosen.id, "Ana", force=True)
    chooser.journal.shortlists.note(noted.id, chooser.journal.shortlists.get(noted.id).candidate("Ana").id,
                                    "Long call: she offered weekly reviews.")
    chooser.sync()
    remover.sync()
    chooser.sync()
    for device in (remover, chooser):
        found = device.journal.shortlists.get(chosen.id)
        assert sorted(c.name for c in found.candidates) == ["Ana", "Bo"] and found.chosen_candidate.name == "Ana"
        ana = device.journal.shortlists.get(noted.id).candidate("Ana")
        assert [n.text for n in ana.conversations] == ["Long call: she offered weekly reviews."]


@pytest.mark.catalogue("S474")
@pytest.mark.parametrize("private_is_newer", [False, True], ids=["tags-win", "private-wins"])
def test_a_sync_conflict_never_makes_a_private_entry_public(devices, private_is_newer):  # noqa: F811
    from journal.domain.model import EntryChanges

    laptop, phone = devices("laptop"), devices("phone")
    entry = laptop.write("salary negotiation notes")
    laptop.sync()
    phone.sync()
    laptop.later(120 if private_is_newer else 60)  # the later edit wins whole
    phone.later(60 if private_is_newer else 120)
    laptop.journal.entries.edit(entry.id, EntryChanges(private=True))  # made without seeing each other
    phone.journal.entries.edit(entry.id, EntryChanges(tags=["money"]))
    for _ in range(2):
        laptop.sync()
        phone.sync()
    for device in (laptop, phone):
        assert device.journal.entries.get(entry.id).private, f"{device.path.parent.name}: the entry became public"
        parts: list[str] = []
        device.journal.transfer.export("json", parts.append)
        assert "salary" not in "".join(parts)
    assert laptop.export() == phone.export()  # alike on both
    assert not laptop.journal.sync.status().pending and not phone.journal.sync.status().pending
    phone.later(5)
    phone.journal.entries.edit(entry.id, EntryChanges(private=False))  # made public on top of it: it is
    phone.sync()
    laptop.sync()
    assert not laptop.journal.entries.get(entry.id).private


@pytest.mark.catalogue("S476")
def test_a_sealed_file_that_is_no_age_file_is_not_still_arriving(devices):  # noqa: F811
    laptop, stranger = _synced_beside_garbage(devices)
    (stranger / "0000000002.jsonl.age").write_bytes(b"age-encryption")  # the start of one: it may still come
    notes = "\n".join(laptop.sync().notes)
    assert "0000000001.jsonl.age is not a sealed change file (damaged, or not Threefold's)" in notes, notes
    assert "0000000002.jsonl.age is incomplete (still arriving?)" in notes


@pytest.mark.catalogue("S477")
def test_twins_that_meet_by_sync_stay_private_if_either_was(devices, tmp_path):  # noqa: F811
    """The same jrnl file imported on two devices: its entries are twins that become one when they
    meet (S146), the newer words winning whole, so the private mark of the other was gone."""
    from journal.domain.model import EntryChanges

    jrnl = tmp_path / "journal.txt"
    jrnl.write_text("[2026-11-20 09:00:00 AM] A day\nThe salary talk.\n")
    laptop, phone = devices("laptop"), devices("phone")
    for device in (laptop, phone):
        device.journal.transfer.import_file(jrnl)
    [mine] = phone.journal.entries.list()
    phone.later(60)
    phone.journal.entries.edit(mine.id, EntryChanges(private=True))
    [theirs] = laptop.journal.entries.list()
    laptop.later(120)  # the newer words: they win
    laptop.journal.entries.edit(theirs.id, EntryChanges(body="The salary talk, and what I asked for."))
    for _ in range(2):
        laptop.sync()
        phone.sync()
    for device in (laptop, phone):
        [entry] = device.journal.entries.list()
        assert entry.body == "The salary talk, and what I asked for." and entry.private
    assert laptop.export() == phone.export()


@pytest.mark.catalogue("S480")
def test_the_sync_after_a_write_says_when_files_cannot_be_applied(devices):  # noqa: F811
    laptop, _ = _synced_beside_garbage(devices)  # its file is never applied: damaged
    laptop.write("a second entry")  # the folder is remembered: every write syncs after it
    lines = laptop.journal.sync.after_writing()
    assert lines == ["1 change file(s) cannot be applied here (`journal sync --status` shows the devices waiting):",
                     "abcdef0123456789/0000000001.jsonl.age is not a sealed change file (damaged, or not Threefold's): "
                     "skipped, never applied."]
    assert laptop.journal.sync.after_writing() == []  # nothing pending: no sync, nothing said


def _synced_beside_garbage(devices):  # noqa: F811
    """An encrypted device that has synced, and in its folder another device's first sealed
    change file that is garbage (no age file at all): (the device, that device's folder)."""
    laptop = devices("laptop", passphrase="one passphrase")
    laptop.write("the real entry")
    laptop.sync()
    stranger = laptop.folder / "abcdef0123456789"
    stranger.mkdir()
    (stranger / "0000000001.jsonl.age").write_bytes(b"garbage\n")
    return laptop, stranger
