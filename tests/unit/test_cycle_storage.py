"""The storage under the mentee's cycle (m010): the kinds, details, agreement parts, mentorship
history and practice documents survive an upgrade, export → import → export byte for byte,
refusals that name the field, and sync between two devices (histories merge as a union)."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from journal.domain import entry_fields
from journal.domain.errors import MalformedInput
from journal.domain.merge import version_of
from journal.domain.model import EntryInput, GoalEvent, Kind
from journal.domain.practice import Candidate, Conversation, Criterion, Gap, LearningProfile, Shortlist, Vision
from journal.services import Journal
from journal.store import engine
from journal.store import mentorships as mentorship_rows
from journal.store import practice as practice_rows
from journal.store.transfer import mentorship as mentorship_record

from tests.reliability.test_sync import Device, everyone_syncs

FIXTURE = Path(__file__).parent / "fixtures" / "journal-m001.db"


def _documents(journal: Journal, *, title: str = "Leadership mentor") -> None:
    """A vision with a gap, a profile and a shortlist, written as the store writes them."""
    s = journal.session
    vision = Vision(future="Lead a team of five", present="I lead nobody yet",
                    gaps=[Gap(id="gap-1", text="Giving hard feedback")])
    profile = LearningProfile(styles=["practical", "my own: walking"], strengths="curious", needs="candour")
    shortlist = Shortlist(
        id="short-1", title=title,
        criteria=[Criterion("c1", "Has led teams", must=True), Criterion("c2", "Time for me", weight=5)],
        candidates=[Candidate("k1", "Sam", scores={"c1": 1, "c2": 4},
                              conversations=[Conversation(date(2026, 11, 20), "Warm, asked good questions")])],
    )
    with s.write() as conn:
        practice_rows.save(conn, Vision.ID, Vision.KIND, vision.to_data(), s.now())
        practice_rows.save(conn, LearningProfile.ID, LearningProfile.KIND, profile.to_data(), s.now())
        practice_rows.save(conn, shortlist.id, Shortlist.KIND, shortlist.to_data(), s.now())


def _mentorship_with_parts(journal: Journal) -> str:
    m = journal.mentorships.add("Ada", focus="Speaking")
    s = journal.session
    m.parts = {"ground_rules": "We start on time.", "confidentiality": "What we say stays here."}
    with s.write() as conn:
        mentorship_rows.update(conn, m, s.now())
        mentorship_rows.add_event(conn, m.id, GoalEvent(at=s.now(), kind="edit", field="ground_rules",
                                                        old="", new="We start on time."))
    return m.id


def _cycle_entries(journal: Journal, mentorship: str) -> None:
    journal.session.conn.execute("PRAGMA foreign_keys=ON")
    with journal.session.write() as conn:
        for n, (kind, details) in enumerate((("check-in", {"goals": 4, "relationship": 3}),
                                             ("feedback", {"from": "Dana", "follow_up": "Ask one question first"}))):
            conn.execute("INSERT INTO entries (id, day, tz, created_at, updated_at, lens, kind, body, mentorship_id, "
                         "details) VALUES (?, '2026-11-22', 'UTC', '2026-11-22T10:00:00Z', '2026-11-22T10:00:00Z', "
                         "'insight', ?, 'text', ?, ?)", (f"0c0c0c0c-0000-4000-8000-00000000000{n}", kind,
                                                         mentorship, entry_fields.details_text(details)))
    journal.entries.write(EntryInput(body="An audit", kind="goal-audit"))


def _export(journal: Journal) -> str:
    parts: list[str] = []
    journal.transfer.export("json", parts.append, include_private=True)
    return "".join(parts)


def test_an_old_journal_upgrades_and_takes_the_new_kinds_and_details(tmp_path, clock):
    path = tmp_path / "old.db"
    shutil.copy(FIXTURE, path)
    with Journal.open(path, clock=clock) as journal:
        before = [e.id for e in journal.entries.list()]
        entry = journal.entries.write(EntryInput(body="Passing it on", kind="passing-on"))
        assert journal.entries.get(entry.id).kind == Kind.PASSING_ON
        conn = journal.session.conn
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        with pytest.raises(engine.IntegrityError):
            conn.execute("UPDATE entries SET kind = 'diary' WHERE id = ?", (entry.id,))
        with pytest.raises(engine.IntegrityError):
            conn.execute("UPDATE entries SET details = '[1]' WHERE id = ?", (entry.id,))
        assert set(before) < {e.id for e in journal.entries.list()}
        assert [e.id for e in journal.entries.search("passing")] == [entry.id]  # the search index still follows


def test_fingerprints_and_sync_versions_from_before_details_stay_valid(journal, monkeypatch):
    """Adding `details` to entries (and `parts` to mentorships) must not change what an entry
    without them looked like: drafts keep their base, synced rows their version."""
    entry = journal.entries.write(EntryInput(body="an ordinary entry"))
    now = entry_fields.entry_version(entry)
    monkeypatch.setattr(entry_fields, "ENTRY_FIELDS", tuple(f for f in entry_fields.ENTRY_FIELDS
                                                            if f.name != "details"))
    assert entry_fields.entry_version(entry) == now
    record = {"id": "x", "body": "b", "updated_at": "2026-11-23T08:30:00Z"}
    assert version_of({**record, "details": None}) == version_of(record)
    assert version_of({**record, "parts": {}}) == version_of(record)
    assert version_of({**record, "details": {"goals": 4}}) != version_of(record)


def test_everything_new_survives_export_import_export_byte_for_byte(tmp_path, clock):
    with Journal.open(tmp_path / "a.db", clock=clock, create=True) as first:
        _documents(first)
        _cycle_entries(first, _mentorship_with_parts(first))
        text = _export(first)
    data = json.loads(text)
    assert [p["kind"] for p in data["practice"]] == ["profile", "shortlist", "vision"]  # by creation, then id
    assert data["mentorships"][0]["parts"] == {"confidentiality": "What we say stays here.",
                                               "ground_rules": "We start on time."}
    assert [h["field"] for h in data["mentorships"][0]["history"] if h["kind"] == "edit"] == ["ground_rules"]
    assert {e["kind"]: e["details"] for e in data["entries"]}["check-in"] == {"goals": 4, "relationship": 3}
    (tmp_path / "export.json").write_text(text)
    with Journal.open(tmp_path / "b.db", clock=clock, create=True) as second:
        report = second.transfer.import_file(tmp_path / "export.json")
        assert report.practice["new"] == 3 and report.mentorships["new"] == 1
        assert _export(second) == text
        again = second.transfer.import_file(tmp_path / "export.json")
        assert again.practice["same"] == 3 and again.mentorships["same"] == 1
        assert _export(second) == text
        shortlist = practice_rows.shortlist(second.session.conn, "short-1")
        assert shortlist.candidates[0].conversations[0].text == "Warm, asked good questions"


@pytest.mark.parametrize(("where", "change", "said"), [
    ("practice", lambda d: d["practice"][1]["data"]["criteria"][1].update(weight=9), "practice[1].data: A want's"),
    ("practice", lambda d: d["practice"][0].update(kind="diary"), "practice[0].kind: must be one of"),
    ("mentorships", lambda d: d["mentorships"][0]["parts"].update(gossip="x"), "parts: unknown agreement part"),
    ("entries", lambda d: d["entries"][0]["details"].update(goals=7), "details: Rate 'goals' from 1"),
])
def test_a_bad_new_field_in_an_import_names_its_place_and_imports_nothing(tmp_path, clock, where, change, said):
    with Journal.open(tmp_path / "a.db", clock=clock, create=True) as first:
        _documents(first)
        _cycle_entries(first, _mentorship_with_parts(first))
        data = json.loads(_export(first))
    data["entries"].sort(key=lambda e: e["kind"] != "check-in")
    change(data)
    (tmp_path / "bad.json").write_text(json.dumps(data))
    with Journal.open(tmp_path / "b.db", clock=clock, create=True) as second:
        with pytest.raises(MalformedInput, match=re.escape(said)) as err:
            second.transfer.import_file(tmp_path / "bad.json")
        assert "\n" not in str(err.value) and "Nothing was imported" in str(err.value)
        assert second.entries.list() == [] and second.mentorships.list() == []


def test_documents_parts_and_histories_sync_and_histories_merge_as_a_union(tmp_path):
    folder = tmp_path / "synced"
    laptop, desktop = Device(tmp_path, "laptop", folder), Device(tmp_path, "desktop", folder)
    try:
        _documents(laptop.journal)
        mentorship = _mentorship_with_parts(laptop.journal)
        _cycle_entries(laptop.journal, mentorship)
        everyone_syncs(laptop, desktop)
        assert laptop.export() == desktop.export()

        # Both add a history event and the desktop changes the vision later: both events stay,
        # the later vision wins everywhere.
        for device, part in ((laptop, "boundaries"), (desktop, "meetings")):
            device.later(3)
            s = device.journal.session
            with s.write() as conn:
                mentorship_rows.add_event(conn, mentorship, GoalEvent(at=s.now(), kind="edit", field=part,
                                                                      old="", new=f"{part} agreed"))
        desktop.later(10)
        s = desktop.journal.session
        with s.write() as conn:
            practice_rows.save(conn, Vision.ID, Vision.KIND, Vision(future="Lead a team of eight").to_data(), s.now())
        everyone_syncs(laptop, desktop)
        for device in (laptop, desktop):
            history = mentorship_record(device.journal.session.conn, mentorship)["history"]
            fields = [h["field"] for h in history if h["kind"] == "edit"]
            assert sorted(fields) == ["boundaries", "ground_rules", "meetings"]
            assert practice_rows.vision(device.journal.session.conn).future == "Lead a team of eight"
        assert laptop.export() == desktop.export()
    finally:
        laptop.close()
        desktop.close()


def test_a_feedback_entrys_giver_question_and_follow_up_are_searched_but_not_its_keys(tmp_path, clock):
    with Journal.open(tmp_path / "a.db", clock=clock, create=True) as journal:
        _cycle_entries(journal, _mentorship_with_parts(journal))
        assert [e.kind for e in journal.entries.search("dana")] == [Kind.FEEDBACK]
        assert [e.kind for e in journal.entries.search("question first")] == [Kind.FEEDBACK]
        for key in ("from", "follow_up", "relationship", "goals"):
            assert journal.entries.search(key) == []
