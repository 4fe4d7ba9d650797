"""K80: importing an older export never undoes newer edits.

`add v1; export -o monday.json; edit --text v2; import monday.json` used to report "1 updated"
with v2 gone from everywhere; a file whose updated_at was from 2000 still overwrote. Now one
rule (domain/merge.newer) decides for entries, goals, milestones, mentorships (and so links,
stars and tags, which are part of an entry): the newer version wins, a tie keeps what is here,
and an entry's losing version from the file is kept as a draft; the report says so.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from tests.cli.expect import ok

pytestmark = pytest.mark.catalogue("K80")


def later(clock, hours: int = 1) -> None:
    clock.set(clock.now() + timedelta(hours=hours))


def test_an_older_export_does_not_undo_a_newer_edit(run, clock, tmp_path):
    ok(run("add", "v1 of my thought", "-t", "first"))
    [entry] = run.json("list")
    monday = tmp_path / "monday.json"
    ok(run("export", "-o", monday))
    later(clock)
    ok(run("edit", entry["id"], "--text", "v2, what I really meant", "--star", "-t", "second"))
    report = ok(run("import", monday)).stdout
    assert "0 updated" in report and "1 kept (newer here)" in report and "kept as drafts" in report
    [now] = run.json("list")
    assert (now["body"], now["starred"], now["tags"]) == ("v2, what I really meant", True, ["second"])
    drafts = json.loads(json.dumps([d for d in run("drafts").stdout.splitlines()]))
    assert len(drafts) == 1 and "v1 of my thought" in drafts[0] and f"edits {entry['id'][:8]}" in drafts[0]
    # importing the same file again keeps one draft, not two
    ok(run("import", monday))
    assert len(run("drafts").stdout.splitlines()) == 1
    # the draft applies knowingly over the newer version, and only over that version
    ok(run("drafts", "save", "1"))
    assert run.json("list")[0]["body"] == "v1 of my thought"


def test_a_file_stamped_in_2000_never_overwrites(run, tmp_path):
    ok(run("add", "what I wrote today"))
    exported = tmp_path / "all.json"
    ok(run("export", "-o", exported))
    data = json.loads(exported.read_text())
    data["entries"][0].update(body="an old copy", updated_at="2000-01-01T00:00:00Z")
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data))
    assert "1 kept (newer here)" in ok(run("import", old)).stdout
    assert run.json("list")[0]["body"] == "what I wrote today"


def test_a_newer_file_still_updates_links_stars_and_tags(run, clock, tmp_path):
    ok(run("goal", "add", "Speak"))
    ok(run("add", "plain entry"))
    exported = tmp_path / "mine.json"
    ok(run("export", "-o", exported))
    data = json.loads(exported.read_text())
    goal_id = data["goals"][0]["id"]
    data["entries"][0].update(starred=True, tags=["from-laptop"], goals=[goal_id], body="edited on the laptop",
                              updated_at="2030-01-01T00:00:00Z")
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(data))
    assert "1 updated" in ok(run("import", newer)).stdout
    [entry] = run.json("list")
    assert (entry["body"], entry["starred"], entry["tags"], [g["title"] for g in entry["goals"]]) == (
        "edited on the laptop", True, ["from-laptop"], ["Speak"])
    assert run("drafts").stdout == ""


def test_goals_milestones_and_mentorships_follow_the_same_rule(run, clock, tmp_path):
    ok(run("mentorship", "add", "Ada", "--focus", "talks"))
    ok(run("goal", "add", "Speak", "--specific", "one talk", "--mentorship", "ada"))
    ok(run("goal", "milestone", "speak", "Outline"))
    old = tmp_path / "old.json"
    ok(run("export", "-o", old))
    later(clock)
    ok(run("goal", "edit", "speak", "--specific", "three talks"))
    ok(run("goal", "done", "speak", "outline"))
    ok(run("mentorship", "meeting", "ada", "--next", "tomorrow"))
    report = ok(run("import", old)).stdout
    assert "goals: 0 new, 0 updated, 1 kept (newer here)" in report
    assert "mentorships: 0 new, 0 updated, 1 kept (newer here)" in report
    goal = run.json("goal", "show", "speak")
    assert goal["specific"] == "three talks" and goal["milestones"][0]["done_on"] is not None
    assert run.json("mentorship", "show", "ada")["next_meeting_on"] is not None
    # ... and a file newer than what is here updates them
    data = json.loads(old.read_text())
    data["goals"][0].update(specific="five talks", updated_at="2030-01-01T00:00:00Z")
    data["mentorships"][0].update(focus="teaching", updated_at="2030-01-01T00:00:00Z")
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(data))
    ok(run("import", newer))
    assert run.json("goal", "show", "speak")["specific"] == "five talks"
    assert run.json("mentorship", "show", "ada")["focus"] == "teaching"


def test_a_jrnl_entry_edited_here_is_not_overwritten_by_a_reimport(run, clock, tmp_path):
    jrnl = tmp_path / "journal.txt"
    jrnl.write_text("[2026-11-20 09:00:00 AM] A day\nThe original words.\n")
    ok(run("import", jrnl))
    [entry] = run.json("list")
    later(clock)
    ok(run("edit", entry["id"], "--text", "My better words."))
    report = ok(run("import", jrnl)).stdout
    assert "1 kept (newer here)" in report
    assert run.json("list")[0]["body"] == "My better words."


@pytest.mark.catalogue("S355")
def test_a_newer_edit_from_another_device_keeps_the_edit_made_here_as_a_draft(run, clock, tmp_path):
    """Two devices edit one entry; importing the other's (later) export put its words in place
    and the words typed here went without a trace."""
    ok(run("add", "original", "-d", "2026-11-02"))
    [entry] = run.json("list")
    ok(run("add", "never edited here", "-d", "2026-11-03"))
    later(clock)
    ok(run("edit", entry["id"], "--text", "My edit on this device"))
    exported = tmp_path / "other.json"
    ok(run("export", "-o", exported))
    data = json.loads(exported.read_text())
    for row in data["entries"]:  # the other device: each entry edited there later, from the original
        body = "original, edited there" if row["id"] == entry["id"] else "never edited here (and theirs)"
        row.update(body=body, updated_at="2026-11-23T12:00:00Z")
    exported.write_text(json.dumps(data))
    later(clock, 3)
    report = ok(run("import", exported)).stdout
    assert "2 updated" in report
    assert ("replaced: 1 entry edited here was changed later in the file: the file's versions are in place; "
            "the versions here are kept as drafts (`journal drafts`)") in report
    assert sorted(e["body"] for e in run.json("list")) == ["never edited here (and theirs)", "original, edited there"]
    [draft] = run("drafts").stdout.splitlines()
    assert "My edit on this device" in draft and f"edits {entry['id'][:8]}" in draft
    ok(run("import", exported))  # again: nothing more
    assert len(run("drafts").stdout.splitlines()) == 1


@pytest.mark.catalogue("S477")
def test_a_newer_file_never_makes_a_private_entry_public(run, clock, tmp_path):
    ok(run("add", "salary negotiation notes"))
    [entry] = run.json("list")
    exported = tmp_path / "other.json"
    ok(run("export", "-o", exported))  # the other device's copy, public there
    later(clock)
    ok(run("edit", entry["id"], "--private"))
    data = json.loads(exported.read_text())
    data["entries"][0].update(tags=["money"], updated_at="2030-01-01T00:00:00Z")  # edited there later
    exported.write_text(json.dumps(data))
    ok(run("import", exported))
    shown = run.json("show", entry["id"])
    assert shown["private"] is True and shown["tags"] == ["money"]  # its newer words, still private
    assert "salary" not in ok(run("export")).stdout
    ok(run("edit", entry["id"], "--public"))  # made public here: it is
    assert run.json("show", entry["id"])["private"] is False
