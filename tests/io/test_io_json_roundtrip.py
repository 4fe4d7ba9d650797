"""Our own JSON export: lossless round trip, idempotent import, updates keep links, files."""

from __future__ import annotations

import json
import os
import stat
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.services import EntryInput, Journal

MARKUP = ["[/bold]", "[@click=app.quit]x[/]", "<script>alert(1)</script>", "\x1b]0;PWNED\x07", "a\x00b",
          "👨‍👩‍👧‍👦 🏳️‍🌈 👍🏽", "שלום \u202eevil", "line\nline2\n\n# heading", '"quotes" \\ back']
bodies = st.one_of(st.sampled_from(MARKUP), st.text(min_size=1, max_size=60)).filter(lambda s: s.strip())
titles = st.one_of(st.none(), st.sampled_from(MARKUP[:3] + ["Title ✓"]), st.text(max_size=20))
tags = st.lists(st.sampled_from(["work", "Émoji-👍", "#mentoring", "a b", "x"]), max_size=3)
entry_specs = st.lists(
    st.fixed_dictionaries({
        "body": bodies, "title": titles, "tags": tags, "lens": st.sampled_from(["h", "in", "f"]),
        "starred": st.booleans(), "private": st.booleans(), "goal": st.booleans(),
        "kind": st.sampled_from(["note", "meeting", "check-in"]),
        "when": st.sampled_from([None, "2026-01-02", "yesterday"]),
        "revisit": st.booleans(), "trash": st.booleans(),
    }),
    max_size=8,
)


def build(journal: Journal, specs, goal_names) -> None:
    m = journal.mentorships.add("Ada <b>", focus="speaking [/bold]", check_in_every=14)
    goals = [journal.goals.add(name, mentorship=m.id, measurable="talks\x00", by="2027-01-01") for name in goal_names]
    if goals:
        journal.goals.add_milestone(goals[0].id, "first talk", due="2026-12-01")
        journal.goals.edit(goals[0].id, specific="Give 3 talks")
        journal.goals.close(goals[-1].id, "achieved", note="done 🎉")
    previous_foresight = None
    for spec in specs:
        lens = spec["lens"]
        data = EntryInput(
            spec["body"], lens=lens, title=spec["title"], tags=spec["tags"], starred=spec["starred"],
            private=spec["private"], kind=spec["kind"], when=spec["when"],
            goals=[goals[0].id] if goals and spec["goal"] else [],
            revisit="2027-02-01" if lens == "f" and spec["revisit"] else None,
            answers=previous_foresight if lens == "h" and previous_foresight else None,
        )
        try:
            entry = journal.entries.write(data)
        except Exception:  # titles over the limit etc. are the writer's business, not export's
            continue
        if lens == "f":
            previous_foresight = entry.id
        if spec["trash"]:
            journal.entries.delete(entry.id)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=entry_specs,
       goal_names=st.lists(st.sampled_from(["Speak", "Write <i>", "Run 5k / week"]), unique=True, max_size=3))
@pytest.mark.catalogue("G62")
def test_export_import_export_is_byte_identical(tmp_path, clock, exported, specs, goal_names):
    base = tmp_path / uuid.uuid4().hex
    with Journal.open(base / "a.db", clock=clock, create=True) as first:
        build(first, specs, goal_names)
        text = exported(first)
    (base / "export.json").write_text(text, encoding="utf-8")
    with Journal.open(base / "b.db", clock=clock, create=True) as second:
        report = second.transfer.import_file(base / "export.json")
        assert report.rejected == 0 and report.updated == 0 and report.present == 0
        assert exported(second) == text
        again = second.transfer.import_file(base / "export.json")
        assert (again.new, again.updated) == (0, 0) and again.present == report.new
        assert exported(second) == text


def test_export_shape_is_versioned_and_complete(journal, exported):
    goal = journal.goals.add("Speak")
    journal.entries.write(EntryInput("body", title="T", tags=["x"], goals=["Speak"], starred=True))
    data = json.loads(exported(journal))
    assert (data["format"], data["version"], data["exported_at"]) == ("threefold-journal", 1, "2026-11-23T08:30:00Z")
    assert list(data) == ["format", "version", "exported_at", "mentorships", "goals", "practice", "entries"]
    entry = data["entries"][0]
    assert list(entry) == ["id", "day", "time", "tz", "created_at", "updated_at", "lens", "kind", "title", "body",
                           "tags", "goals", "starred", "private", "mentorship_id", "revisit_on", "answers",
                           "deleted_at", "source", "source_id", "details"]
    assert entry["goals"] == [goal.id] and entry["tags"] == ["x"] and entry["starred"] is True
    assert data["goals"][0]["history"][0]["kind"] == "created" and data["goals"][0]["milestones"] == []


def test_private_left_out_unless_asked_and_trash_never(run, journal):
    journal.entries.write(EntryInput("public"))
    journal.entries.write(EntryInput("secret diary", private=True))
    gone = journal.entries.write(EntryInput("trashed"))
    journal.entries.delete(gone.id)
    result = run("export")
    assert result.exit_code == 0
    assert "secret diary" not in result.stdout and "trashed" not in result.stdout
    assert "1 private entry was left out" in result.stderr
    with_private = run("export", "--include-private")
    assert "secret diary" in with_private.stdout and "trashed" not in with_private.stdout
    assert "left out" not in with_private.stderr


@pytest.mark.catalogue("F49")
def test_reimport_after_edit_updates_and_keeps_goal_links(run, journal, tmp_path, exported):
    journal.goals.add("Speak")
    entry = journal.entries.write(EntryInput("first version", goals=["Speak"], tags=["a"]))
    path = tmp_path / "e.json"
    path.write_text(exported(journal), encoding="utf-8")
    data = json.loads(path.read_text())
    data["entries"][0]["body"] = "second version"
    data["entries"][0]["updated_at"] = "2030-01-01T00:00:00Z"  # edited after what the journal holds (K80)
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("import", path)
    assert result.exit_code == 0, result.stderr
    assert "0 new, 1 updated, 0 already present" in result.stdout
    after = journal.entries.get(entry.id)
    assert after.body == "second version" and [g.title for g in after.goals] == ["Speak"]
    assert run.rows() == 1 and run.rows(table="entry_goals") == 1
    assert "second version" not in result.stdout + result.stderr


def test_dry_run_writes_nothing(run, journal, tmp_path, exported, make_db):
    journal.entries.write(EntryInput("hello"))
    path = tmp_path / "e.json"
    path.write_text(exported(journal), encoding="utf-8")
    other = make_db("other.db")
    result = run("import", path, "--dry-run", db=other)
    assert result.exit_code == 0 and "Would import" in result.stdout and "1 new" in result.stdout
    assert "Dry run: nothing was written." in result.stdout
    assert run.rows(db=other) == 0


@pytest.mark.catalogue("G60", "I69")
def test_export_file_is_0600_under_umask_022_and_atomic(run, journal, tmp_path):
    journal.entries.write(EntryInput("hello"))
    old = os.umask(0o022)
    try:
        target = tmp_path / "out.json"
        result = run("export", "-o", target)
        assert result.exit_code == 0, result.stderr
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        target.chmod(0o644)
        assert run("export", "-o", target, "--format", "html", "--replace").exit_code == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    finally:
        os.umask(old)


@pytest.mark.catalogue("G57")
def test_symlink_at_target_is_refused(run, journal, tmp_path):
    journal.entries.write(EntryInput("hello"))
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "out.json"
    link.symlink_to(victim)
    result = run("export", "-o", link)
    assert result.exit_code == 1 and "symbolic link" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert victim.read_text() == "keep me" and link.is_symlink()


@pytest.mark.parametrize("where", ["missing/out.json", "/dev/full"])
@pytest.mark.catalogue("G61", "C21")
def test_export_failures_are_one_line_exit_1_and_leave_nothing(run, journal, tmp_path, where):
    journal.entries.write(EntryInput("hello " * 20000))
    target = tmp_path / where if not where.startswith("/") else where
    result = run("export", "-o", target)
    assert result.exit_code == 1, result.output
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("journal: Cannot write")
    assert not (tmp_path / "missing").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores permission bits")
@pytest.mark.catalogue("G61")
def test_export_into_read_only_folder_fails_cleanly(run, journal, tmp_path):
    journal.entries.write(EntryInput("hello"))
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = run("export", "-o", folder / "out.json")
        assert result.exit_code == 1 and "permission denied" in result.stderr
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)
