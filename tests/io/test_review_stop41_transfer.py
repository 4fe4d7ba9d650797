"""Review stop 41, imports and exports: twins met through our own export are reported as what
happened to them; an unchanged jrnl or zone-less Day One file is "already present" in any zone;
a zip of our own (or jrnl's) JSON is read as what it is, and --skip-bad never imports nothing
with success; an id twice among goals, mentorships or practice is refused; wording."""

from __future__ import annotations

import pytest

import json
import re
import zipfile
from contextlib import contextmanager
from datetime import timedelta

from journal.cli import state
from journal.clock import FixedClock
from journal.services import Journal
from tests.cli.expect import fails, ok

JRNL = ("[2025-03-30 10:30:00 AM] First entry @work\nBody line one #idea\nsecond line\n\n"
        "[2025-10-26 09:30:00 AM] Second one*\nStar body\n\n")


@contextmanager
def opened(path, clock):
    with Journal.open(path, clock=clock) as journal:
        yield journal


def counts(stdout: str) -> dict[str, int]:
    """The first report line's numbers by their words."""
    line = stdout.splitlines()[0]
    found = {word: int(n) for n, word in re.findall(r"(\d+) (new|updated|kept|already present)", line)}
    return {"new": 0, "updated": 0, "kept": 0, "already present": 0} | found


def two_journals_of_one_jrnl_file(run, make_db, tmp_path):
    source = tmp_path / "j.txt"
    source.write_text(JRNL, encoding="utf-8")
    other = make_db("tb.db")
    ok(run("import", source))
    ok(run("import", source, db=other))
    return other


# ------------------------------------------------------------------ 1: twins through our own export


@pytest.mark.catalogue("S425")
def test_twins_replaced_by_the_files_newer_words_are_counted_and_their_drafts_said(run, make_db, clock, tmp_path,
                                                                                     db_path):
    other = two_journals_of_one_jrnl_file(run, make_db, tmp_path)
    with opened(db_path, clock) as journal:
        first = next(e for e in journal.entries.list() if e.title == "First entry @work")
    clock.set(clock.now() + timedelta(minutes=5))
    ok(run("edit", first.short_id, "--text", "Edited on device A"))
    ok(run("export", "-o", tmp_path / "ta.json"))
    report = ok(run("import", tmp_path / "ta.json", db=other)).stdout
    with opened(other, clock) as journal:
        [here] = [e for e in journal.entries.list() if e.title == "First entry @work"]
        [draft] = journal.drafts.list()
    assert here.body == "Edited on device A" and "Body line one" in draft.body
    said = counts(report)
    assert said["updated"] >= 1 and said["updated"] + said["already present"] == 2, report
    assert "replaced: 1 entry" in report and "kept as drafts" in report


@pytest.mark.catalogue("S425")
def test_a_twin_newer_here_is_counted_kept_and_the_files_words_are_a_draft(run, make_db, clock, tmp_path, db_path):
    other = two_journals_of_one_jrnl_file(run, make_db, tmp_path)
    with opened(db_path, clock) as journal:
        first = next(e for e in journal.entries.list() if e.title == "First entry @work")
    with opened(other, clock) as journal:
        mine = next(e for e in journal.entries.list() if e.title == "First entry @work")
    clock.set(clock.now() + timedelta(minutes=5))
    ok(run("edit", first.short_id, "--text", "Edited on device A"))
    ok(run("export", "-o", tmp_path / "ta.json"))
    clock.set(clock.now() + timedelta(minutes=5))
    ok(run("edit", mine.short_id, "--text", "Edited on device B, later", db=other))
    report = ok(run("import", tmp_path / "ta.json", db=other)).stdout
    with opened(other, clock) as journal:
        [here] = [e for e in journal.entries.list() if e.title == "First entry @work"]
        [draft] = journal.drafts.list()
    assert here.body == "Edited on device B, later" and draft.body == "Edited on device A"
    assert counts(report)["kept"] == 1 and "the file's versions are kept as drafts" in report, report
    again = ok(run("import", tmp_path / "ta.json", db=other)).stdout
    with opened(other, clock) as journal:
        assert len(journal.drafts.list()) == 1  # the same file again: the same draft, not another
    assert counts(again)["new"] == 0


# ------------------------------------------------------------------ 2: another zone, the same file


def in_zone(monkeypatch, clock, zone: str) -> None:
    monkeypatch.setenv("TZ", zone)
    moved = FixedClock(clock.now(), zone=zone)
    monkeypatch.setattr(state, "make_clock", lambda: moved)


@pytest.mark.catalogue("S426")
def test_an_unchanged_jrnl_file_is_already_present_in_another_zone(run, clock, tmp_path, db_path, monkeypatch):
    source = tmp_path / "j.txt"
    source.write_text(JRNL, encoding="utf-8")
    ok(run("import", source))
    with opened(db_path, clock) as journal:
        before = {e.id: e for e in journal.entries.list()}
    first = next(e for e in before.values() if e.title == "First entry @work")
    clock.set(clock.now() + timedelta(minutes=5))
    ok(run("edit", first.short_id, "-l", "insight", "--star"))
    in_zone(monkeypatch, clock, "America/New_York")
    again = ok(run("import", source)).stdout
    assert "0 new, 0 updated, 2 already present" in again and "kept" not in again, again
    with opened(db_path, clock) as journal:
        assert journal.drafts.list() == []
        after = {e.id: e for e in journal.entries.list()}
    for entry_id, entry in before.items():
        assert (after[entry_id].tz, after[entry_id].created_at, after[entry_id].day, after[entry_id].time) == (
            "Europe/Berlin", entry.created_at, entry.day, entry.time)


@pytest.mark.catalogue("S426")
def test_a_jrnl_entry_changed_there_leaves_the_unchanged_one_in_its_own_zone(run, clock, tmp_path, db_path,
                                                                               monkeypatch):
    source = tmp_path / "j.txt"
    source.write_text(JRNL, encoding="utf-8")
    ok(run("import", source))
    with opened(db_path, clock) as journal:
        first = next(e for e in journal.entries.list() if e.title == "First entry @work")
    in_zone(monkeypatch, clock, "America/New_York")
    source.write_text(JRNL.replace("Star body", "Star body, longer"), encoding="utf-8")
    again = ok(run("import", source)).stdout  # (a jrnl entry is known by its words: a changed one is new)
    assert "1 new, 0 updated, 1 already present" in again, again
    with opened(db_path, clock) as journal:
        now = journal.entries.get(first.id)
        assert journal.drafts.list() == []
    assert now.tz == "Europe/Berlin" and now.created_at == first.created_at and now.updated_at == first.updated_at


@pytest.mark.catalogue("S426")
def test_an_unchanged_day_one_file_without_zones_is_already_present_in_another_zone(run, clock, tmp_path, db_path,
                                                                                   monkeypatch):
    path = tmp_path / "Journal.json"

    def day_one(text: str) -> None:
        path.write_text(json.dumps({"metadata": {}, "entries": [
            {"uuid": "A1", "creationDate": "2026-01-05T09:00:00Z", "text": text},
            {"uuid": "B2", "creationDate": "2026-01-06T23:30:00Z", "text": "Late one", "isAllDay": True}]}),
            encoding="utf-8")

    day_one("Went to the meetup.")
    ok(run("import", path))
    with opened(db_path, clock) as journal:
        before = {e.source_id: e for e in journal.entries.list()}
    in_zone(monkeypatch, clock, "America/New_York")
    again = ok(run("import", path)).stdout
    assert "0 new, 0 updated, 2 already present" in again, again
    day_one("Went to the meetup with Sam.")
    changed = ok(run("import", path)).stdout
    assert "0 new, 1 updated, 1 already present" in changed, changed
    with opened(db_path, clock) as journal:
        after = {e.source_id: e for e in journal.entries.list()}
        assert journal.drafts.list() == []
    for key, entry in before.items():
        assert (after[key].tz, after[key].day, after[key].time, after[key].created_at) == (
            "Europe/Berlin", entry.day, entry.time, entry.created_at)
    assert after["A1"].body == "Went to the meetup with Sam."


# ------------------------------------------------------------------ 3: zips of other JSON, --skip-bad


def zipped(tmp_path, name: str, member: str, data: bytes):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(member, data)
    return path


@pytest.mark.catalogue("S427")
def test_a_zip_of_our_own_export_is_imported_as_our_export(run, make_db, journal, tmp_path):
    from journal.domain.model import EntryInput

    journal.entries.write(EntryInput("Kept in a zip.", lens="insight"))
    journal.goals.add("Speak up")
    ok(run("export", "-o", tmp_path / "e1.json"))
    archive = zipped(tmp_path, "own.zip", "e1.json", (tmp_path / "e1.json").read_bytes())
    other = make_db("other.db")
    fails(run("import", archive, "--from", "dayone", db=other), 65, "is a Threefold JSON export", "--from json")
    report = ok(run("import", archive, "--skip-bad", db=other)).stdout
    assert "(json): 1 new" in report and "goals: 1 new" in report, report
    assert run.rows(other) == 1
    assert "1 already present" in ok(run("import", archive, "--from", "json", db=other)).stdout
    with zipfile.ZipFile(tmp_path / "two.zip", "w") as two:
        two.writestr("e1.json", (tmp_path / "e1.json").read_bytes())
        two.writestr("Journal.json", json.dumps({"metadata": {}, "entries": []}))
    fails(run("import", tmp_path / "two.zip", db=other), 65, "e1.json is a Threefold JSON export",
          "import the export on its own")


@pytest.mark.catalogue("S427")
def test_a_zip_of_a_jrnl_json_export_is_imported_as_jrnl(run, tmp_path):
    data = json.dumps({"tags": {}, "entries": [{"date": "2026-01-05", "time": "09:00", "title": "Zipped",
                                                "body": "From jrnl.", "tags": [], "starred": False}]})
    report = ok(run("import", zipped(tmp_path, "jrnl.zip", "journal.json", data.encode()))).stdout
    assert "(jrnl): 1 new" in report, report
    assert run.rows() == 1


@pytest.mark.catalogue("S427")
def test_skip_bad_that_would_leave_out_every_entry_refuses_the_file(run, tmp_path):
    data = json.dumps({"metadata": {}, "entries": [{"text": "no uuid"}, {"text": "none either"}]})
    archive = zipped(tmp_path, "odd.zip", "Journal.json", data.encode())
    line = fails(run("import", archive, "--skip-bad"), 65, "entries[0].uuid")
    assert "none of its 2 entries" in line
    assert run.rows() == 0
    jrnl_json = tmp_path / "bad.json"
    jrnl_json.write_text(json.dumps({"tags": {}, "entries": [{"date": "someday"}]}), encoding="utf-8")
    fails(run("import", jrnl_json, "--skip-bad"), 65, "entries[0].date", "none of its 1 entry")
    mixed = tmp_path / "mixed.json"
    mixed.write_text(json.dumps({"tags": {}, "entries": [{"date": "someday"}, {"date": "2026-01-05", "time": "09:00",
                                                                                "title": "Fine", "body": "x"}]}),
                     encoding="utf-8")
    assert "1 new" in ok(run("import", mixed, "--skip-bad")).stdout


# ------------------------------------------------------------------ 4: an id twice


@pytest.mark.catalogue("S428")
def test_an_id_twice_among_goals_mentorships_or_practice_is_refused(run, make_db, journal, tmp_path):
    journal.mentorships.add("Dana", focus="Presenting")
    journal.goals.add("Speak up")
    ok(run("vision", "set", "--future", "Lead a team"))
    ok(run("export", "-o", tmp_path / "all.json"))
    document = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    for name in ("goals", "mentorships", "practice"):
        assert document[name], name
        twice = {**document, name: [document[name][0], {**document[name][0]}]}
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(twice), encoding="utf-8")
        other = make_db(f"{name}.db")
        fails(run("import", path, db=other), 65, f"{name}[1].id", "twice")
        assert run.rows(other, table=name) == 0


# ------------------------------------------------------------------ 6: wording


@pytest.mark.catalogue("S430")
def test_markdown_and_html_keep_the_capital_i_of_the_feedback_labels(journal, exported):
    from journal.domain.model import EntryInput

    journal.entries.write(EntryInput("Slow down.", kind="feedback", details={"asked": "q?", "follow_up": "x"}))
    for fmt in ("markdown", "html"):
        text = exported(journal, fmt)
        assert "what I asked: q?" in text and "what I will try: x" in text and "what i " not in text, fmt


@pytest.mark.catalogue("S430")
def test_a_latin_1_text_file_is_said_to_be_text_not_in_utf8(run, tmp_path):
    path = tmp_path / "l.txt"
    path.write_bytes(b"caf\xe9 [2024-01-01 10:00] x")
    line = fails(run("import", path), 65, "not UTF-8", "UTF-8")
    assert "binary" not in line


@pytest.mark.catalogue("S430")
def test_an_empty_zip_is_said_to_be_empty(run, tmp_path):
    path = tmp_path / "empty.zip"
    with zipfile.ZipFile(path, "w"):
        pass
    assert path.read_bytes().startswith(b"PK\x05\x06")
    line = fails(run("import", path), 65, "empty")
    assert "binary" not in line


@pytest.mark.catalogue("S445")
def test_jrnl_twins_from_a_journal_in_another_zone_are_already_present(run, make_db, clock, tmp_path, db_path,
                                                                      monkeypatch):
    source = tmp_path / "j.txt"
    source.write_text(JRNL, encoding="utf-8")
    there = make_db("there.db")
    in_zone(monkeypatch, clock, "America/New_York")
    ok(run("import", source, db=there))
    ok(run("export", "-o", tmp_path / "there.json", db=there))
    in_zone(monkeypatch, clock, "Europe/Berlin")
    ok(run("import", source))
    report = ok(run("import", tmp_path / "there.json")).stdout
    said = counts(report)  # "updated" only where the two took the one id of the pair (S146)
    assert said["new"] == 0 and said["updated"] + said["already present"] == 2, report
    assert "replaced" not in report and "kept" not in report, report
    with opened(db_path, clock) as journal:
        assert journal.drafts.list() == []
        assert {e.tz for e in journal.entries.list()} == {"Europe/Berlin"}
