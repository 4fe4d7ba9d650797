"""Section S of the fault catalogue: what a review of import, export and sync found (stop 30).

Each test starts from the steps that lost or refused something before the fix."""

from __future__ import annotations

import json

import pytest

from journal.services import Journal
from tests.cli.expect import ok
from tests.conftest import new_journal


def _export(run, path):
    ok(run("export", "-o", path))
    return json.loads(path.read_text())


def _write(path, data):
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.catalogue("S144")
def test_the_kept_version_of_a_check_in_or_feedback_keeps_its_fields(run, db_path, tmp_path):
    ok(run("mentorship", "add", "Dana"))
    ok(run("add", "Check-in", "--rate", "goals=4", "--mentorship", "Dana"))
    ok(run("add", "Feedback", "--from", "Sam", "--asked", "the talk", "--follow-up", "slower"))
    data = _export(run, tmp_path / "mine.json")
    # the file's versions were made elsewhere, but earlier than the ones here: they lose
    details = {"check-in": {"goals": 1, "time": 2},
               "feedback": {"from": "Sam", "asked": "the talk", "follow_up": "pause more"}}
    for entry in data["entries"]:
        entry.update(details=details[entry["kind"]], updated_at="2000-01-01T00:00:00Z")
    report = ok(run("import", _write(tmp_path / "other.json", data))).stdout
    assert "2 kept (newer here)" in report
    journal = Journal.open(db_path)
    try:
        drafts = {str(d.kind): d for d in journal.drafts.list()}
    finally:
        journal.close()
    assert {kind: d.details for kind, d in drafts.items()} == details
    # saved over the entry, the draft's fields are the entry's
    ok(run("drafts", "save", str(drafts["check-in"].id)))
    [check_in] = [e for e in run.json("list") if e["kind"] == "check-in"]
    assert check_in["details"] == {"goals": 1, "time": 2}


@pytest.mark.catalogue("S145")
@pytest.mark.parametrize("where", ["details", "parts", "practice"])
def test_a_lone_surrogate_anywhere_in_an_import_is_repaired_not_a_crash(run, tmp_path, where):
    ok(run("mentorship", "add", "Dana"))
    ok(run("agreement", "set", "dana", "ground-rules", "We meet on Mondays"))
    ok(run("add", "Feedback", "--from", "Sam", "--asked", "the talk", "--follow-up", "slower"))
    ok(run("vision", "set", "--future", "Lead a team"))
    data = _export(run, tmp_path / "mine.json")
    bad = "Sam \udc80"
    if where == "details":
        data["entries"][0]["details"]["from"] = bad
    elif where == "parts":
        data["mentorships"][0]["parts"]["ground_rules"] = bad
    else:
        data["practice"][0]["data"]["future"] = bad
    text = json.dumps(data)  # ASCII: the surrogate as \udc80, as a broken writer leaves it
    assert "\\udc80" in text
    other = tmp_path / "other.json"
    other.write_text(text, encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    new_journal(fresh)
    result = ok(run("--db", fresh, "import", other, db=False))
    assert "repaired" in result.stdout
    after = (tmp_path / "after.json")
    ok(run("--db", fresh, "export", "-o", after, db=False))
    assert "Sam \ufffd" in after.read_text(encoding="utf-8")
