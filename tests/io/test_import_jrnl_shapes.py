"""Importing jrnl journals in every shape people keep them (issue 19, Imports).

The fixtures under fixtures/jrnl46/ were made with the real jrnl 4.6 (a separate venv, its
own HOME): plain.txt (timeformat '%F %r', tags typed with # and @), dotted.txt (timeformat
'%d.%m.%Y %H:%M'), folder/ (a folder journal), encrypted-v3.txt (`encrypt: true`),
encrypted-v2.txt (a jrnl 2 token made with jrnl's own v2 key derivation) and the
`--export json` of each journal (*-export.json), which say what jrnl itself reads.
partial-headers.txt was written by hand in jrnl's format, with headers only jrnl's loose
reading accepts; partial-headers-export.json is what jrnl 4.6 made of it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from journal.domain.text import normalise_tags

JRNL = Path(__file__).parent / "fixtures" / "jrnl46"


def one_line(result) -> str:
    text = result.stderr
    assert "Traceback" not in text, text
    assert result.exception is None or isinstance(result.exception, SystemExit), text
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    return lines[0]


def jrnl_export(name: str) -> list[dict]:
    return json.loads((JRNL / name).read_text(encoding="utf-8"))["entries"]


def by_moment(journal) -> dict[tuple[str, str | None], object]:
    return {(e.day.isoformat(), e.time): e for e in journal.entries.list()}


@pytest.mark.catalogue("Q132")
def test_tags_typed_with_hash_and_at_become_tags_as_jrnl_reads_them(run, journal):
    result = run("import", JRNL / "plain.txt")
    assert result.exit_code == 0, result.stderr
    assert "(jrnl): 4 new" in result.stdout
    got = by_moment(journal)
    for entry in jrnl_export("plain-export.json"):  # jrnl's own reading of the same journal
        mine = got[(entry["date"], entry["time"])]
        assert set(mine.tags) == set(normalise_tags([t.lstrip("@#") for t in entry["tags"]])), entry["date"]
    assert set(got[("2025-12-31", "19:47")].tags) == {"mentor", "speaking", "confidence"}
    assert set(got[("2026-01-03", "21:10")].tags) == {"feedback", "anna"}
    assert got[("2026-01-02", "08:05")].starred
    again = run("import", JRNL / "plain-export.json")  # the JSON export holds the same entries
    assert "0 new, 0 updated, 4 already present" in again.stdout, again.stdout


@pytest.mark.catalogue("Q132")
def test_the_tag_list_of_a_jrnl_json_export_and_its_typed_tags_both_count(run, journal, tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"tags": {"@x": 1}, "entries": [
        {"date": "2026-01-05", "time": "10:00", "title": "A day.", "body": "Then #growth came, and `#code` not.",
         "tags": ["@x"], "starred": False}]}), encoding="utf-8")
    assert run("import", path).exit_code == 0
    (entry,) = journal.entries.list()
    assert set(entry.tags) == {"x", "growth"}


@pytest.mark.catalogue("Q133")
def test_headers_jrnl_reads_loosely_are_imported_as_jrnl_does(run, journal, monkeypatch):
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")  # month first, as jrnl's loose reading of 03/04/2019
    result = run("import", JRNL / "partial-headers.txt")
    assert result.exit_code == 0, result.stderr
    assert "(jrnl): 5 new" in result.stdout
    got = by_moment(journal)
    assert got[("2019-07-01", "14:23")].title == "Partial date header."  # [2019-07 14:23], as jrnl: the 1st
    partial = got[("2019-07-01", "14:23")]
    assert partial.body == "Its body [1] with a footnote.\n[1] the footnote line"  # [1] is no header (jrnl)
    assert "[See the notes] not a date" in got[("2019-07-03", "22:00")].body  # neither is text in brackets
    assert ("2019-07-02", "09:05") in got and ("2019-03-04", "10:00") in got
    assert "month first (the locale en_US.UTF-8" in result.stdout
    for entry in jrnl_export("partial-headers-export.json"):
        assert (entry["date"], entry["time"]) in got
    same = run("import", JRNL / "partial-headers-export.json")
    assert "0 new, 0 updated, 5 already present" in same.stdout, same.stdout


@pytest.mark.catalogue("Q133")
def test_a_header_that_cannot_be_read_is_refused_by_its_line_never_folded(run, journal, tmp_path):
    path = tmp_path / "journal.txt"
    path.write_text("[2026-01-01 09:00:00 AM] First.\nSecret words one.\n\n"
                    "[2026-13-45 10:00] Second.\nSecret words two.\n\n"
                    "[2026-01-03 09:00:00 AM] Third.\nSecret words three.\n", encoding="utf-8")
    refused = run("import", path)
    assert refused.exit_code == 65
    line = one_line(refused)
    assert "line 4" in line and "--skip-bad" in line and "Nothing was imported" in line
    assert "Secret" not in line and "Second" not in line
    assert run.rows() == 0
    skipped = run("import", path, "--skip-bad")
    assert skipped.exit_code == 0, skipped.stderr
    assert "2 new" in skipped.stdout and "skipped (--skip-bad): line 4: time out of range" not in skipped.stdout
    assert "skipped (--skip-bad): line 4" in skipped.stdout and "Secret" not in skipped.stdout
    bodies = [e.body for e in journal.entries.list()]
    assert sorted(bodies) == ["Secret words one.", "Secret words three."]  # nothing folded into the first


@pytest.mark.catalogue("Q133")
def test_a_header_without_a_year_is_refused_by_its_line(run, tmp_path):
    path = tmp_path / "journal.txt"
    path.write_text("[2026-01-01 09:00] First.\n\n[July 3 10:00] No year.\n", encoding="utf-8")
    refused = run("import", path)
    assert refused.exit_code == 65 and "line 3: a date header without a year" in one_line(refused)


@pytest.mark.catalogue("Q134")
def test_a_dotted_journal_is_read_day_first_as_its_own_dates_show(run, journal):
    result = run("import", JRNL / "dotted.txt")
    assert result.exit_code == 0, result.stderr
    assert "3 new" in result.stdout and "day first: line 1 can only be read that way" in result.stdout
    assert set(by_moment(journal)) == {("2025-12-25", "19:47"), ("2026-03-04", "08:15"), ("2026-11-13", "22:00")}
    assert set(by_moment(journal)) == {(e["date"], e["time"]) for e in jrnl_export("dotted-export.json")}
    assert "3 already present" in run("import", JRNL / "dotted-export.json").stdout


@pytest.mark.catalogue("Q134")
@pytest.mark.parametrize(("locale", "day"), [("de_DE.UTF-8", "2026-04-03"), ("en_US.UTF-8", "2026-03-04")])
def test_slashed_dates_no_date_decides_follow_the_date_order_and_say_so(run, journal, tmp_path, monkeypatch,
                                                                        locale, day):
    monkeypatch.setenv("LC_ALL", locale)
    path = tmp_path / "journal.txt"
    path.write_text("[03/04/2026 19:00] Slashed.\n[05/06/2026 08:00] Another.\n", encoding="utf-8")
    result = run("import", path)
    assert result.exit_code == 0, result.stderr
    assert day in {e.day.isoformat() for e in journal.entries.list()}
    assert "no date in the file shows the order" in result.stdout and locale in result.stdout


@pytest.mark.catalogue("Q134")
def test_numeric_dates_in_both_orders_in_one_file_are_refused_by_line(run, tmp_path):
    path = tmp_path / "journal.txt"
    path.write_text("[25/12/2025 19:00] Day first.\n[12/31/2025 08:00] Month first.\n", encoding="utf-8")
    result = run("import", path)
    assert result.exit_code == 65 and "line 2: its date is in the other order" in one_line(result)


@pytest.mark.catalogue("Q135")
@pytest.mark.parametrize(("name", "says"), [
    ("empty.txt", "is empty: there is nothing in it to import"),
    ("encrypted-v3.txt", "is an encrypted jrnl journal: decrypt it with jrnl first (`jrnl --export json"),
    ("encrypted-v2.txt", "is an encrypted jrnl journal: decrypt it with jrnl first (`jrnl --export json"),
])
def test_files_that_are_no_export_say_what_they_are_and_what_to_do(run, name, says):
    result = run("import", JRNL / name)
    assert result.exit_code == 65
    line = one_line(result)
    assert says in line and "invalid JSON" not in line
    assert run.rows() == 0


@pytest.mark.catalogue("Q135")
@pytest.mark.parametrize(("content", "says"), [
    (b"\x93\x1f\x00\xa7" * 64, "is not text (binary data): if it is an encrypted jrnl journal, decrypt it"),
    (b"Dear diary,\nno header here.\n", "is neither JSON nor a jrnl journal"),
    (b"   \n\n", "is empty"),
])
def test_binary_and_plain_text_are_said_as_what_they_are(run, tmp_path, content, says):
    path = tmp_path / "thing.txt"
    path.write_bytes(content)
    result = run("import", path)
    assert result.exit_code == 65
    line = one_line(result)
    assert says in line and "invalid JSON" not in line and "Dear" not in line


@pytest.mark.catalogue("Q136")
def test_a_jrnl_folder_journal_imports_its_day_files(run, journal):
    result = run("import", JRNL / "folder")
    assert result.exit_code == 0, result.stderr
    assert "(jrnl): 3 new" in result.stdout and "a jrnl folder journal: 2 day files read" in result.stdout
    got = by_moment(journal)
    assert set(got) == {(e["date"], e["time"]) for e in jrnl_export("folder-export.json")}
    assert set(got[("2026-02-01", "09:00")].tags) == {"alpha"} and got[("2026-02-14", "12:00")].starred
    assert "0 new, 0 updated, 3 already present" in run("import", JRNL / "folder-export.json").stdout
    assert "3 already present" in run("import", JRNL / "folder", "--from", "jrnl").stdout


@pytest.mark.catalogue("Q136")
def test_a_day_files_path_gives_its_day_and_strays_are_left_alone(run, journal, tmp_path):
    folder = tmp_path / "jr"
    shutil.copytree(JRNL / "folder", folder)
    (folder / "2026" / "02" / "notes.txt").write_text("not a day file", encoding="utf-8")
    (folder / "2026" / "02" / "31.txt").write_text("[2026-02-28 09:00] Not a real day.\n", encoding="utf-8")
    (folder / "2026" / "03").mkdir()
    (folder / "2026" / "03" / "02.txt").write_text("[09:30] Time only.\n", encoding="utf-8")  # timeformat %H:%M
    result = run("import", folder)
    assert result.exit_code == 0, result.stderr
    assert "4 new" in result.stdout
    assert ("2026-03-02", "09:30") in by_moment(journal)


@pytest.mark.catalogue("Q136")
def test_a_folder_with_no_journal_in_it_is_refused_in_one_line(run, tmp_path):
    (tmp_path / "stuff").mkdir()
    (tmp_path / "stuff" / "a.txt").write_text("x", encoding="utf-8")
    result = run("import", tmp_path / "stuff")
    assert result.exit_code == 65
    assert "no jrnl day files (YYYY/MM/DD.txt) and no Day One Classic entries" in one_line(result)
    refused = run("import", tmp_path / "stuff", "--from", "json")
    assert refused.exit_code == 65 and "is a folder" in one_line(refused)


@pytest.mark.catalogue("Q139")
def test_a_bad_entry_in_a_jrnl_json_export_is_named_and_skip_bad_imports_the_rest(run, journal, tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"tags": {}, "entries": [
        {"date": "2026-01-05", "time": "10:00", "title": "Fine.", "body": "", "tags": [], "starred": False},
        {"date": "2026-01-06", "time": "25:00", "title": "Private words.", "body": "", "tags": []},
        {"date": "2026-01-07", "time": "10:00", "title": "Fine too.", "body": "", "tags": []}]}), encoding="utf-8")
    refused = run("import", path)
    assert refused.exit_code == 65
    line = one_line(refused)
    assert "entries[1].time: not a time (HH:MM); --skip-bad imports the other entries" in line
    assert "Private" not in line
    done = run("import", path, "--skip-bad")
    assert done.exit_code == 0 and "2 new" in done.stdout
    assert "skipped (--skip-bad): entries[1].time: not a time (HH:MM)" in done.stdout
