"""Importing jrnl (JSON and both text time formats) and Day One (JSON, zip, time zones)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from journal.services import EntryChanges

FIXTURES = Path(__file__).parent / "fixtures"

JRNL_OLD_STYLE = """2025-12-31 19:47 New year plans. Talk to @mentor about @speaking.
Second paragraph.

2026-01-02 08:05 Short one *

"""


@pytest.mark.catalogue("F48")
def test_real_jrnl_exports_import_once_and_agree_with_each_other(run, journal):
    first = run("import", FIXTURES / "jrnl-real-export.json")
    assert first.exit_code == 0, first.stderr
    assert "(jrnl): 4 new, 0 updated, 0 already present" in first.stdout
    assert "jrnl has no lenses: imported entries are hindsight" in first.stdout
    again = run("import", FIXTURES / "jrnl-real-export.json")
    assert "0 new, 0 updated, 4 already present" in again.stdout
    text = run("import", FIXTURES / "jrnl-real-export.txt")  # same entries, '%F %r' text format
    assert text.exit_code == 0 and "0 new, 0 updated, 4 already present" in text.stdout
    assert run.rows() == 4
    entries = {e.day.isoformat(): e for e in journal.entries.list()}
    plans = entries["2025-12-31"]
    assert (plans.time, plans.title, plans.lens.value, plans.source) == \
        ("19:47", "New year plans.", "hindsight", "jrnl")
    assert set(plans.tags) == {"mentor", "speaking"}
    assert entries["2026-01-04"].starred and not plans.starred
    assert entries["2026-01-02"].body == "Short one" and entries["2026-01-02"].title is None
    assert "tag-two" in entries["2026-01-03"].tags and "👍🏽" in entries["2026-01-03"].title
    assert "New year" not in first.stdout + first.stderr


def test_jrnl_text_24h_format_and_starred(run, journal, tmp_path):
    path = tmp_path / "journal.txt"
    path.write_text(JRNL_OLD_STYLE, encoding="utf-8")
    result = run("import", path)
    assert result.exit_code == 0, result.stderr
    assert "2 new" in result.stdout
    got = sorted(journal.entries.list(), key=lambda e: e.day)
    assert (got[0].day.isoformat(), got[0].time, got[0].title) == \
        ("2025-12-31", "19:47", "New year plans. Talk to @mentor about @speaking.")
    assert got[0].body == "Second paragraph." and set(got[0].tags) == {"mentor", "speaking"}
    assert got[1].starred and got[1].body == "Short one"
    assert "0 new, 0 updated, 2 already present" in run("import", path).stdout


@pytest.mark.catalogue("E42", "F48")
def test_jrnl_text_with_crlf_counts_as_the_same_entries(run, tmp_path):
    path = tmp_path / "journal.txt"
    path.write_text(JRNL_OLD_STYLE, encoding="utf-8")
    assert run("import", path).exit_code == 0
    path.write_bytes(JRNL_OLD_STYLE.replace("\n", "\r\n").encode())
    assert "0 new, 0 updated, 2 already present" in run("import", path, "--from", "jrnl").stdout


def dayone_doc(**overrides):
    entries = [
        {"uuid": "A1", "creationDate": "2026-03-08T07:30:00Z", "modifiedDate": "2026-03-08T08:00:00Z",
         "timeZone": "America/Los_Angeles", "text": "# LA evening\nIt was late. ![](dayone-moment://PHOTO1)",
         "tags": ["Work Life"], "starred": True,
         "photos": [{"identifier": "PHOTO1", "md5": "abc", "type": "jpeg"}]},
        {"uuid": "A2", "creationDate": "2026-03-07T11:30:00Z", "timeZone": "Pacific/Kiritimati",
         "text": "UTC+14 near midnight", "tags": [], "starred": False},
        {"uuid": "A3", "creationDate": "2026-03-07T10:59:00Z", "timeZone": "Pacific/Tongatapu",
         "text": "UTC+13 before midnight"},
        {"uuid": "A4", "creationDate": "2026-03-07T11:01:00Z", "timeZone": "Pacific/Tongatapu",
         "text": "UTC+13 after midnight"},
    ]
    doc = {"metadata": {"version": "1.0"}, "entries": entries}
    doc.update(overrides)
    return doc


@pytest.mark.catalogue("F51", "F54")
def test_dayone_json_uses_the_entrys_own_time_zone(run, journal, tmp_path):
    path = tmp_path / "Journal.json"
    path.write_text(json.dumps(dayone_doc()), encoding="utf-8")
    result = run("import", path)
    assert result.exit_code == 0, result.stderr
    assert "(dayone): 4 new" in result.stdout and "media referenced, not imported: 1" in result.stdout
    by_source = {e.source_id: e for e in journal.entries.list()}
    assert (by_source["A1"].day.isoformat(), by_source["A1"].time, by_source["A1"].tz) == \
        ("2026-03-07", "23:30", "America/Los_Angeles")
    assert by_source["A1"].starred and by_source["A1"].tags == ("work-life",)
    assert "dayone-moment://PHOTO1" in by_source["A1"].body
    assert (by_source["A2"].day.isoformat(), by_source["A2"].time) == ("2026-03-08", "01:30")
    assert (by_source["A3"].day.isoformat(), by_source["A3"].time) == ("2026-03-07", "23:59")
    assert (by_source["A4"].day.isoformat(), by_source["A4"].time) == ("2026-03-08", "00:01")
    assert "0 new, 0 updated, 4 already present" in run("import", path).stdout
    assert run.rows() == 4


@pytest.mark.catalogue("F49")
def test_dayone_reimport_after_edit_updates_text_keeps_goal_links_and_local_tags(run, journal, tmp_path):
    path = tmp_path / "Journal.json"
    path.write_text(json.dumps(dayone_doc()), encoding="utf-8")
    assert run("import", path).exit_code == 0
    journal.goals.add("Speak")
    a1 = next(e for e in journal.entries.list() if e.source_id == "A1")
    journal.entries.edit(a1.id, EntryChanges(goals=["Speak"], tags=["work-life", "mine"], lens="insight"))
    doc = dayone_doc()
    doc["entries"][0]["text"] = "Edited in Day One"
    doc["entries"][0]["modifiedDate"] = "2026-11-24T10:00:00Z"  # Day One stamps an edit (newer than ours: K80)
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = run("import", path)
    assert "0 new, 1 updated, 3 already present" in result.stdout
    after = journal.entries.get(a1.id)
    assert after.body == "Edited in Day One" and [g.title for g in after.goals] == ["Speak"]
    assert set(after.tags) == {"work-life", "mine"} and after.lens.value == "insight"
    assert run.rows() == 4


def make_zip(path, members):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


@pytest.mark.catalogue("F54")
def test_dayone_zip_with_two_journals_and_media(run, journal, tmp_path):
    second = {"metadata": {}, "entries": [{"uuid": "B1", "creationDate": "2026-01-01T12:00:00Z",
                                           "timeZone": "Europe/Berlin", "text": "other journal"}]}
    path = tmp_path / "export.zip"
    make_zip(path, {"Journal.json": json.dumps(dayone_doc()), "Travel.json": json.dumps(second),
                    "photos/abc.jpeg": b"\xff\xd8 not really"})
    result = run("import", path)
    assert result.exit_code == 0, result.stderr
    assert "(dayone): 5 new" in result.stdout
    assert "5 already present" in run("import", path).stdout


@pytest.mark.catalogue("F52")
def test_zip_slip_members_are_ignored_and_nothing_is_written_outside(run, tmp_path):
    path = tmp_path / "evil.zip"
    evil = {"metadata": {}, "entries": [{"uuid": "E1", "creationDate": "2026-01-01T12:00:00Z", "text": "evil"}]}
    make_zip(path, {"../../evil.json": json.dumps(evil), "/abs/evil.json": json.dumps(evil),
                    "Journal.json": json.dumps(dayone_doc())})
    before = set(tmp_path.parent.rglob("*evil*"))
    result = run("import", path)
    assert result.exit_code == 0, result.stderr
    assert "4 new" in result.stdout and "2 archive members with unsafe names were ignored" in result.stdout
    assert set(tmp_path.parent.rglob("*evil*")) == before


@pytest.mark.catalogue("F53")
def test_zip_bomb_ratio_is_refused(run, tmp_path):
    path = tmp_path / "bomb.zip"
    make_zip(path, {"Journal.json": b'{"metadata": {}, "entries": []' + b" " * (3 * 1024 * 1024) + b"}"})
    result = run("import", path)
    assert result.exit_code == 65
    assert "compression ratio" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert run.rows() == 0


@pytest.mark.catalogue("E38", "F55")
def test_control_characters_and_crlf_from_other_apps_are_repaired_and_counted(run, journal, tmp_path):
    doc = {"metadata": {}, "entries": [
        {"uuid": "C1", "creationDate": "2026-01-01T12:00:00Z", "timeZone": "UTC", "text": "a\x1b]0;PWNED\x07b\r\nc"},
        {"uuid": "C2", "creationDate": "2026-01-01T12:00:00Z", "timeZone": "UTC", "text": "lone \ud83d surrogate"},
        {"uuid": "C3", "creationDate": "2026-01-01T12:00:00Z", "timeZone": "UTC", "text": "   "},
        {"uuid": "C4", "creationDate": "2026-01-01T12:00:00Z", "timeZone": "UTC", "text": "x" * (10 * 1024 * 1024 + 1)},
    ]}
    path = tmp_path / "Journal.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = run("import", path)
    assert result.exit_code == 0, result.stderr
    assert "2 new, 0 updated, 0 already present, 2 repaired, 2 rejected" in result.stdout
    bodies = {e.source_id: e.body for e in journal.entries.list()}
    assert bodies["C1"] == "a\ufffd]0;PWNED\ufffdb\nc" and bodies["C2"] == "lone \ufffd surrogate"
