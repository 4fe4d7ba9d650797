"""Importing Day One as people export it (issue 19, Imports): Markdown escapes, all-day
entries, place and weather, media, one bad entry, and Day One Classic's `.doentry` files.

fixtures/dayone/Journal.json was written by hand in Day One's export format: escapes
(D1ESCAPES), an all-day entry (D2ALLDAY), location and weather (D3PLACE), a photo and an
audio recording (D4MEDIA), a malformed date (D5BAD, entries[4]) and an entry after it.
fixtures/dayone/Journal.dayone/ is a Day One Classic journal: entries/*.doentry (XML property
lists written with plistlib in Classic's keys) and photos/C2CLASSIC.jpg.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

DAYONE = Path(__file__).parent / "fixtures" / "dayone"


def one_line(result) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def by_uuid(journal) -> dict[str, object]:
    return {e.source_id: e for e in journal.entries.list()}


@pytest.mark.catalogue("Q139")
def test_one_bad_entry_is_named_by_position_and_suggests_skip_bad(run):
    result = run("import", DAYONE / "Journal.json")
    assert result.exit_code == 65
    line = one_line(result)
    assert "entries[4].creationDate: not a date and time (ISO 8601); --skip-bad imports the other entries" in line
    assert "Nothing was imported" in line and "broken" not in line
    assert run.rows() == 0


@pytest.mark.catalogue("Q139")
def test_skip_bad_imports_the_rest_and_reports_each_skipped_entry(run, journal):
    result = run("import", DAYONE / "Journal.json", "--skip-bad")
    assert result.exit_code == 0, result.stderr
    assert "(dayone): 5 new" in result.stdout
    assert "skipped (--skip-bad): entries[4].creationDate: not a date and time (ISO 8601)" in result.stdout
    assert "D6LAST" in by_uuid(journal) and "D5BAD" not in by_uuid(journal)
    assert "broken" not in result.stdout  # never entry text in the report
    assert "0 new, 0 updated, 5 already present" in run("import", DAYONE / "Journal.json", "--skip-bad").stdout


@pytest.mark.catalogue("Q137")
def test_markdown_escapes_are_removed_outside_code(run, journal):
    assert run("import", DAYONE / "Journal.json", "--skip-bad").exit_code == 0
    entry = by_uuid(journal)["D1ESCAPES"]
    assert entry.body == "Talked to my mentor. Plan - step one (small)!\n\nA #confidence note. Code stays: `a\\.b`"
    assert set(entry.tags) == {"mentoring", "confidence"}  # Day One's tag and the one typed in the text


@pytest.mark.catalogue("Q137")
def test_an_all_day_entry_arrives_all_day_on_its_local_day(run, journal):
    assert run("import", DAYONE / "Journal.json", "--skip-bad").exit_code == 0
    entry = by_uuid(journal)["D2ALLDAY"]
    assert (entry.day.isoformat(), entry.time) == ("2026-03-06", None)  # 23:00 UTC is the 6th in Berlin
    shown = run("show", entry.id[:8])
    assert shown.exit_code == 0 and "00:00" not in shown.stdout


@pytest.mark.catalogue("Q138")
def test_place_and_weather_are_kept_as_the_last_lines_of_the_text(run, journal):
    result = run("import", DAYONE / "Journal.json", "--skip-bad")
    assert "place and weather kept as the last lines of the text of 1 entry" in result.stdout
    body = by_uuid(journal)["D3PLACE"].body
    assert body == ("Coffee before the talk.\n\nPlace: Café Kranzler, Berlin, Germany (52.5036, 13.3328)\n"
                    "Weather: 7 °C, Partly Cloudy")
    found = run("search", "Kranzler")
    assert found.exit_code == 0 and "Coffee" in found.stdout


@pytest.mark.catalogue("Q138")
def test_each_media_file_not_imported_is_named_with_its_entry_and_why(run, journal):
    result = run("import", DAYONE / "Journal.json", "--skip-bad")
    out = result.stdout
    assert "media referenced, not imported: 2" in out
    assert "Threefold keeps no attachments yet" in out
    assert ("not imported: entries[3]: photo photos/0cc175b9c0f1b6a831c399e269772661.jpeg "
            "(a Day One JSON file holds no media: the zip export has them)") in out
    assert "not imported: entries[3]: audio audios/92eb5ffee6ae2fec3ad71c777531578f.m4a" in out
    assert "dayone-moment://P4PHOTO" in by_uuid(journal)["D4MEDIA"].body  # the reference stays as written


@pytest.mark.catalogue("Q138")
def test_in_a_zip_the_report_says_which_media_files_are_in_the_archive(run, tmp_path):
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Journal.json", (DAYONE / "Journal.json").read_bytes())
        archive.writestr("photos/0cc175b9c0f1b6a831c399e269772661.jpeg", b"\xff\xd8 a photo")
    result = run("import", path, "--skip-bad")
    assert result.exit_code == 0, result.stderr
    assert "Journal.json: entries[3]: photo photos/0cc175b9c0f1b6a831c399e269772661.jpeg (in the archive, left " \
           "there)" in result.stdout
    assert "audio audios/92eb5ffee6ae2fec3ad71c777531578f.m4a (not in the archive)" in result.stdout
    assert "skipped (--skip-bad): Journal.json: entries[4].creationDate" in result.stdout
    assert result.stdout.count("Threefold keeps no attachments yet") == 1


@pytest.mark.catalogue("Q135")
def test_a_day_one_classic_journal_folder_and_a_single_doentry_import(run, journal):
    result = run("import", DAYONE / "Journal.dayone")
    assert result.exit_code == 0, result.stderr
    assert "(dayone): 2 new" in result.stdout and "a Day One Classic journal: 2 entries read" in result.stdout
    assert "not imported: entries/C2CLASSIC.doentry: photo photos/C2CLASSIC.jpg" in result.stdout
    first = by_uuid(journal)["C1CLASSIC"]
    assert (first.day.isoformat(), first.time, first.tz) == ("2014-05-03", "14:30", "America/New_York")
    assert first.starred and set(first.tags) == {"old-times", "mentoring"}
    assert first.body.endswith("Place: Bryant Park, New York, NY, United States (40.7536, -73.9832)\n"
                               "Weather: 21 °C, Sunny")
    single = run("import", DAYONE / "Journal.dayone" / "entries" / "C1CLASSIC.doentry")
    assert single.exit_code == 0 and "0 new, 0 updated, 1 already present" in single.stdout


@pytest.mark.catalogue("Q135", "Q139")
def test_a_broken_doentry_is_refused_by_name_or_skipped(run, journal, tmp_path):
    folder = tmp_path / "Journal.dayone"
    shutil.copytree(DAYONE / "Journal.dayone", folder)
    (folder / "entries" / "BROKEN.doentry").write_bytes(b"<?xml version=\"1.0\"?><plist><dict><key>Entry")
    refused = run("import", folder)
    assert refused.exit_code == 65
    assert "entries/BROKEN.doentry: not a readable Day One Classic entry" in one_line(refused)
    done = run("import", folder, "--skip-bad")
    assert done.exit_code == 0 and "2 new" in done.stdout
    assert "skipped (--skip-bad): entries/BROKEN.doentry: not a readable Day One Classic entry" in done.stdout


def test_place_and_weather_that_are_not_text_or_numbers_are_left_out(run, journal, tmp_path):
    path = tmp_path / "Journal.json"
    path.write_text(json.dumps({"metadata": {}, "entries": [
        {"uuid": "W1", "creationDate": "2026-01-01T12:00:00Z", "timeZone": "UTC", "text": "Odd metadata.",
         "location": {"placeName": ["not", "text"], "latitude": "north", "longitude": 1},
         "weather": {"temperatureCelsius": True, "conditionsDescription": "  Light   rain "}}]}), encoding="utf-8")
    assert run("import", path).exit_code == 0
    assert by_uuid(journal)["W1"].body == "Odd metadata.\n\nWeather: Light rain"
