"""Importing again what was imported before, and files that hold one entry twice (S315, S316)."""

from __future__ import annotations

import json
import plistlib
import shutil
from pathlib import Path

import pytest

from tests.cli.expect import ok

DAYONE = Path(__file__).parent / "fixtures" / "dayone"
JRNL = """[2026-01-05 09:00:00 AM] First day
Went to the meetup.

[2026-01-06 10:00:00 AM] Second day
Spoke for two minutes.
"""


@pytest.mark.catalogue("S315")
def test_a_change_made_here_is_not_a_reason_for_drafts_at_the_next_import(run, journal, tmp_path):
    path = tmp_path / "journal.txt"
    path.write_text(JRNL, encoding="utf-8")
    ok(run("import", path))
    first, second = sorted(journal.entries.list(), key=lambda e: e.day)
    ok(run("edit", first.short_id, "-l", "insight"))
    ok(run("edit", second.short_id, "--star"))  # a star of one's own: jrnl's file says none, as it did
    ok(run("delete", second.short_id))
    again = run("import", path)
    ok(again)
    assert "0 new, 0 updated, 2 already present" in again.stdout and "kept" not in again.stdout
    assert journal.drafts.list() == []
    assert journal.entries.get(first.id).lens.value == "insight"


@pytest.mark.catalogue("S315")
def test_a_day_one_entry_changed_there_comes_in_and_one_changed_on_both_sides_keeps_both(run, journal, clock,
                                                                                       tmp_path):
    from datetime import timedelta

    def day_one(first: str, second: str) -> Path:  # no modifiedDate: the entry's own stamp stays
        path = tmp_path / "Journal.json"
        path.write_text(json.dumps({"metadata": {}, "entries": [
            {"uuid": "A1", "creationDate": "2026-01-05T09:00:00Z", "timeZone": "UTC", "text": first},
            {"uuid": "B2", "creationDate": "2026-01-06T10:00:00Z", "timeZone": "UTC", "text": second}]}),
            encoding="utf-8")
        return path

    ok(run("import", day_one("Went to the meetup.", "Spoke for two minutes.")))
    mine = {e.source_id: e for e in journal.entries.list()}
    clock.set(clock.now() + timedelta(minutes=5))
    ok(run("edit", mine["B2"].short_id, "--title", "Retold"))  # changed here too
    clock.set(clock.now() + timedelta(minutes=5))
    path = day_one("Went to the meetup with Sam.", "Spoke for three minutes.")
    again = run("import", path)
    ok(again)
    assert "0 new, 1 updated, 1 kept" in again.stdout
    came = journal.entries.get(mine["A1"].id)
    assert came.body == "Went to the meetup with Sam." and came.updated_at == clock.now()
    assert journal.entries.get(mine["B2"].id).title == "Retold"  # the newer, here
    [draft] = journal.drafts.list()
    assert draft.entry_id == mine["B2"].id and "three minutes" in draft.body
    ok(run("import", path))
    assert len(journal.drafts.list()) == 1  # the same file again: nothing new


@pytest.mark.catalogue("S315")
def test_a_day_one_classic_entry_changed_there_is_updated(run, journal, tmp_path):
    folder = tmp_path / "Journal.dayone"
    shutil.copytree(DAYONE / "Journal.dayone", folder)
    ok(run("import", folder))
    entry_file = folder / "entries" / "C1CLASSIC.doentry"
    plist = plistlib.loads(entry_file.read_bytes())
    plist["Entry Text"] += "\n\nAdded later in Day One."
    entry_file.write_bytes(plistlib.dumps(plist))
    again = run("import", folder)
    ok(again)
    assert "0 new, 1 updated, 1 already present" in again.stdout and "kept (newer here)" not in again.stdout
    assert "Added later in Day One." in {e.source_id: e for e in journal.entries.list()}["C1CLASSIC"].body
    assert journal.drafts.list() == []


@pytest.mark.catalogue("S316")
@pytest.mark.parametrize("padding", [0, 2_000_000], ids=["small", "streamed"])
def test_a_file_holding_one_id_twice_is_refused(run, journal, tmp_path, padding):
    ok(run("add", "one", "--star"))
    ok(run("add", "two"))
    out = tmp_path / "out.json"
    ok(run("export", "-o", out))
    data = json.loads(out.read_text("utf-8"))
    data["entries"][1]["id"] = data["entries"][0]["id"]
    data["entries"][0]["body"] += " " * padding  # a big file is read as a stream
    out.write_text(json.dumps(data), encoding="utf-8")
    other = tmp_path / "other.db"
    ok(run("init", other, db=False))
    result = run("--db", str(other), "import", out, db=False)
    assert result.exit_code == 65
    assert f"entries[1].id: the id {data['entries'][0]['id'][:8]}… is there twice" in result.stderr
    assert "Nothing was imported" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.catalogue("S317")
def test_a_bracketed_date_alone_on_a_line_stays_text_as_jrnl_reads_it(run, journal, tmp_path):
    path = tmp_path / "journal.txt"
    path.write_text("[2024-01-05 10:00:00 AM] A\nbody\n[2024-01-03 10:00:00 AM]\nstill A\n\n"
                    "[2024-01-06 09:00:00 AM] \nuntitled, as jrnl writes it\n", encoding="utf-8")
    ok(run("import", path))
    first, second = sorted(journal.entries.list(), key=lambda e: e.day)
    assert first.title == "A" and first.body == "body\n[2024-01-03 10:00:00 AM]\nstill A"
    assert second.day.isoformat() == "2024-01-06" and second.body.startswith("untitled")


@pytest.mark.catalogue("S318")
@pytest.mark.parametrize("damage", ["truncated", "bad page"])
def test_a_damaged_journal_copy_is_named_as_the_file_not_this_journal(run, tmp_path, damage):
    for n in range(60):
        ok(run("add", f"entry {n} " + "words " * 400))
    copy = tmp_path / "copy.db"
    ok(run("backup", copy))
    data = bytearray(copy.read_bytes())
    if damage == "truncated":
        data = data[:5000]
    else:  # garbage over pages in the middle of the entries
        middle = len(data) // 2 // 4096 * 4096
        data[middle:middle + 3 * 4096] = b"\xa5" * (3 * 4096)
    copy.write_bytes(bytes(data))
    result = run("import", copy)
    assert result.exit_code == 65, result.stderr
    assert f"Import failed: {copy}: is a damaged journal database" in result.stderr
    assert "restore a backup" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    ok(run("list", "-n", "1"))  # this journal is fine


@pytest.mark.catalogue("S319")
@pytest.mark.parametrize(("content", "asked", "said"), [
    ('{"tags": {}, "entries": [{"date": "2026-01-05", "time": "09:00", "title": "A", "body": "b", "tags": [],'
     ' "starred": false}]}', "dayone", "is a jrnl JSON export, not a Day One export: import it with --from jrnl"),
    ('{"metadata": {}, "entries": [{"uuid": "A1", "creationDate": "2026-01-05T09:00:00Z", "text": "b"}]}',
     "jrnl", "is a Day One export, not a jrnl JSON export: import it with --from dayone"),
    ("[2026-01-05 09:00:00 AM] A\nbody\n", "json",
     "is a jrnl journal (text), not a Threefold JSON export: import it with --from jrnl"),
    ("[2026-01-05 09:00:00 AM] A\nbody\n", "dayone", "is a jrnl journal (text), not a Day One export"),
], ids=["jrnl-as-dayone", "dayone-as-jrnl", "text-as-json", "text-as-dayone"])
def test_a_file_of_another_format_than_from_says_is_named_with_the_from_to_use(run, journal, tmp_path, content,
                                                                                 asked, said):
    path = tmp_path / "file.json"
    path.write_text(content, encoding="utf-8")
    for extra in ((), ("--skip-bad",)):
        result = run("import", path, "--from", asked, *extra)
        assert result.exit_code == 65 and said in result.stderr and "Nothing was imported" in result.stderr
    assert journal.entries.list() == []
    ok(run("import", path))  # auto reads it


@pytest.mark.catalogue("S320")
def test_each_rejected_entry_is_named_by_its_place_never_its_text(run, journal, tmp_path):
    ok(run("add", "a good one"))
    out = tmp_path / "out.json"
    ok(run("export", "-o", out))
    data = json.loads(out.read_text("utf-8"))
    good = data["entries"][0]
    data["entries"] = [{**good, "id": "0c2f9a0e-1111-4111-8111-111111111111", "body": "   "}, good,
                       {**good, "id": "0c2f9a0e-2222-4222-8222-222222222222", "title": "secret " * 40}]
    out.write_text(json.dumps(data), encoding="utf-8")
    other = tmp_path / "other.db"
    ok(run("init", other, db=False))
    result = run("--db", str(other), "import", out, db=False)
    ok(result)
    assert "1 new, 0 updated, 0 already present, 0 repaired, 2 rejected" in result.stdout
    assert "rejected: entries[0]: Nothing to save: the entry text is empty" in result.stdout
    assert "rejected: entries[2]: Title too long (279 characters, limit 200)" in result.stdout
    assert "secret" not in result.stdout + result.stderr

    text = tmp_path / "journal.txt"
    text.write_text("[2026-01-05 09:00:00 AM] \n\n[2026-01-06 10:00:00 AM] Fine\nwords\n", encoding="utf-8")
    said = run("import", text)
    ok(said)
    assert "rejected: the entry of 2026-01-05 09:00: Nothing to save" in said.stdout


@pytest.mark.catalogue("S321")
def test_a_title_ending_in_a_star_is_starred_as_jrnl_reads_it(run, journal, tmp_path):
    text = tmp_path / "journal.txt"
    text.write_text("[2026-01-05 09:00:00 AM] Important!*\nwords\n\n[2026-01-06 09:00:00 AM] Plain *\nmore\n",
                    encoding="utf-8")
    ok(run("import", text))
    same = tmp_path / "journal.json"  # what `jrnl --export json` says of the same journal
    same.write_text(json.dumps({"tags": {}, "entries": [
        {"date": "2026-01-05", "time": "09:00", "title": "Important!", "body": "words", "tags": [], "starred": True},
        {"date": "2026-01-06", "time": "09:00", "title": "Plain", "body": "more", "tags": [], "starred": True}]}),
        encoding="utf-8")
    again = run("import", same)
    ok(again)
    assert "0 new, 0 updated, 2 already present" in again.stdout
    assert sorted((e.title, e.starred) for e in journal.entries.list()) == [("Important!", True), ("Plain", True)]


@pytest.mark.catalogue("S322")
def test_an_escaped_hash_is_text_not_a_tag(run, journal, tmp_path):
    path = tmp_path / "Journal.json"
    path.write_text(json.dumps({"metadata": {}, "entries": [
        {"uuid": "H1", "creationDate": "2026-01-05T09:00:00Z", "timeZone": "UTC",
         "text": "\\#notatag is text, #real is a tag"}]}), encoding="utf-8")
    ok(run("import", path))
    [entry] = journal.entries.list()
    assert entry.tags == ("real",) and entry.body.startswith("#notatag is text")
    ok(run("add", "an escaped \\#literal and a #tag"))
    newest = journal.entries.list()[0]
    assert newest.tags == ("tag",)


@pytest.mark.catalogue("S369")
def test_a_day_one_entry_edited_here_and_later_there_keeps_the_words_typed_here(run, journal, clock, tmp_path):
    from datetime import UTC, timedelta

    ok(run("import", _day_one(tmp_path, "Spoke for two minutes.", "2026-01-06T10:00:00Z")))
    [entry] = journal.entries.list()
    clock.set(clock.now() + timedelta(minutes=5))
    ok(run("edit", entry.short_id, "--text", "Spoke for two minutes. My notes, typed here."))
    later = (clock.now() + timedelta(minutes=5)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")  # after the edit
    clock.set(clock.now() + timedelta(minutes=10))
    again = ok(run("import", _day_one(tmp_path, "Spoke for three minutes.", later))).stdout
    assert "1 updated" in again and "replaced: 1 entry edited here" in again
    assert journal.entries.get(entry.id).body == "Spoke for three minutes."
    [draft] = journal.drafts.list()
    assert draft.entry_id == entry.id and "My notes, typed here." in draft.body
    # changed there only: updated, no draft
    ok(run("import", _day_one(tmp_path, "Spoke for four minutes.", "2027-01-01T00:00:00Z")))
    assert journal.entries.get(entry.id).body == "Spoke for four minutes." and len(journal.drafts.list()) == 1


@pytest.mark.catalogue("S369")
def test_the_upgrade_stamps_the_entries_imported_before_as_they_are(db_path, clock, monkeypatch):
    from journal.services import EntryInput, Journal
    from tests.conftest import migrations_up_to

    every_step = migrations_up_to(monkeypatch, "m012_prefix_index")
    old = Journal.open(db_path, clock=clock, create=True)
    imported = old.entries.write(EntryInput("from jrnl"))
    old.entries.write(EntryInput("written here"))
    with old.conn:
        old.conn.execute("UPDATE entries SET source = 'jrnl', source_id = 'k1' WHERE id = ?", (imported.id,))
    old.close()
    every_step()
    journal = Journal.open(db_path, clock=clock)
    try:
        stamps = journal.conn.execute("SELECT entry_id, updated_at FROM import_stamps").fetchall()
        assert stamps == [(imported.id, journal.entries.get(imported.id).updated_at.strftime("%Y-%m-%dT%H:%M:%SZ"))]
    finally:
        journal.close()


@pytest.mark.catalogue("S477")
def test_a_day_one_entry_made_private_here_stays_private_when_day_one_changed_it(run, journal, clock, tmp_path):
    """S477's sibling that already held (a re-import takes Day One's words, not its flags), kept so."""
    from datetime import timedelta

    ok(run("import", _day_one(tmp_path, "The salary talk.", "2026-01-06T10:00:00Z")))
    [entry] = journal.entries.list()
    clock.set(clock.now() + timedelta(minutes=5))
    ok(run("edit", entry.short_id, "--private"))
    ok(run("import", _day_one(tmp_path, "The salary talk, and what I asked for.", "2027-01-01T00:00:00Z")))
    kept = journal.entries.get(entry.id)
    assert kept.body == "The salary talk, and what I asked for." and kept.private
    assert "salary" not in ok(run("export")).stdout


@pytest.mark.catalogue("S513")
def test_an_older_day_one_export_never_replaces_what_a_newer_one_brought(run, journal, tmp_path):
    """Helper review: importing last week's export after this week's put the older words back
    and kept the newer nowhere. Day One says when each entry changed: the older file's words
    are kept as a draft, the newer stay; a newer export after that still comes in."""
    ok(run("import", _day_one(tmp_path, "new words", "2026-03-10T08:00:00Z")))
    [entry] = journal.entries.list()
    again = ok(run("import", _day_one(tmp_path, "old words", "2026-03-08T08:00:00Z"))).stdout
    assert "0 new, 0 updated, 1 kept (newer here)" in again
    assert journal.entries.get(entry.id).body == "new words"
    [draft] = journal.drafts.list()
    assert draft.entry_id == entry.id and draft.body == "old words"
    ok(run("import", _day_one(tmp_path, "newest words", "2026-03-12T08:00:00Z")))
    assert journal.entries.get(entry.id).body == "newest words"
    ok(run("import", _day_one(tmp_path, "new words", "2026-03-10T08:00:00Z")))  # last week's again
    assert journal.entries.get(entry.id).body == "newest words"


def _day_one(tmp_path: Path, text: str, modified: str) -> Path:
    """A Day One export of one entry (created 6 January 2026), last modified at `modified`."""
    path = tmp_path / "Journal.json"
    path.write_text(json.dumps({"metadata": {}, "entries": [
        {"uuid": "B2", "creationDate": "2026-01-06T10:00:00Z", "modifiedDate": modified, "timeZone": "UTC",
         "text": text}]}), encoding="utf-8")
    return path


@pytest.mark.catalogue("S549")
def test_a_day_one_entry_without_a_zone_imported_again_elsewhere_keeps_its_zone_and_the_note_says_so(
        run, journal, tmp_path, monkeypatch):
    export = {"metadata": {"version": "1.0"}, "entries": [
        {"uuid": "A1B2C3D4E5F60718293A4B5C6D7E8F90", "creationDate": "2026-01-05T01:00:00Z", "text": "Zone less"}]}
    path = tmp_path / "dayone.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    ok(run("import", path))
    [entry] = journal.entries.list()
    monkeypatch.setenv("TZ", "UTC")
    again = ok(run("import", path))
    assert "1 already present" in again.stdout
    assert "was used for any new here (one imported before keeps the zone it came in with)" in again.stdout
    assert journal.entries.get(entry.id).time == entry.time


@pytest.mark.catalogue("S550")
def test_a_jrnl_time_the_clocks_skipped_is_read_as_the_time_they_showed(run, journal, tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    path = tmp_path / "journal.txt"
    path.write_text("[2025-03-30 02:30:00 AM] The night the clocks changed\nStill awake.\n", encoding="utf-8")
    said = ok(run("import", path)).stdout
    assert "a time the clocks skipped (they went forward) was read as the time they showed" in said
    [entry] = journal.entries.list()
    assert (entry.day.isoformat(), entry.time) == ("2025-03-30", "03:30")
    assert "0 new, 0 updated, 1 already present" in ok(run("import", path)).stdout  # the same entry again
