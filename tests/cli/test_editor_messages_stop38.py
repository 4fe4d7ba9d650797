"""What an edit in $EDITOR and a purge say (catalogue S339, S341)."""

from __future__ import annotations

import sys

import pytest

from tests.cli.expect import fails, ok

EDITOR = "import sys\n{action}\nsys.exit({code})\n"


def _editor(tmp_path, monkeypatch, action: str, code: int = 0) -> None:
    script = tmp_path / "editor.py"
    script.write_text(EDITOR.format(action=action, code=code))
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    monkeypatch.setattr("journal.cli.editor.stdin_is_terminal", lambda: True)


@pytest.mark.catalogue("S339")
def test_an_emptied_text_is_said_not_called_no_change(run, tmp_path, monkeypatch):
    ok(run("add", "words to keep"))
    [entry] = run.json("list")
    _editor(tmp_path, monkeypatch, "open(sys.argv[1], 'w').close()")
    said = ok(run("edit", entry["short_id"]))
    assert f"An empty text is not saved: entry {entry['short_id']} is unchanged" in said.stderr
    assert "No changes" not in said.stderr
    assert run.json("list")[0]["body"] == "words to keep"


@pytest.mark.catalogue("S339")
def test_a_failed_edit_keeps_its_text_named_for_its_entry(run, tmp_path, monkeypatch, db_path):
    ok(run("add", "words"))
    [entry] = run.json("list")
    short = entry["short_id"]
    _editor(tmp_path, monkeypatch, "open(sys.argv[1], 'a').write(' and more')", code=3)
    line = fails(run("edit", short), 1, f"(`journal edit {short} < FILE` applies it)")
    [kept] = db_path.parent.glob(".journal-edit-*.md")
    assert kept.name.startswith(f".journal-edit-{short}-")
    assert f"`journal edit {short} < FILE`" in run("doctor").stdout and "journal add < FILE" not in line
    monkeypatch.setattr("journal.cli.editor.stdin_is_terminal", lambda: False)  # `< FILE`
    ok(run("edit", short, input=kept.read_text()))  # as both say: the edit applied, no second entry
    assert [e["body"] for e in run.json("list")] == ["words and more"]


@pytest.mark.catalogue("S341")
def test_purge_names_the_draft_that_keeps_text_of_a_purged_entry(run, journal):
    from journal.domain.model import Draft

    ok(run("add", "regretted words"))
    [entry] = run.json("list")
    journal.drafts.save(Draft(body="regretted words, edited", entry_id=entry["id"]))
    ok(run("delete", entry["short_id"]))
    said = ok(run("purge", "--yes"))
    assert "Deleted 1 entry for good" in said.stderr
    assert "The unsaved text of an edit of it is still kept as 1 draft (1): `journal drafts discard 1`" in said.stderr


@pytest.mark.catalogue("S339")
def test_doctor_gives_each_kept_file_its_own_way_to_save_it(run, tmp_path, monkeypatch, db_path):
    ok(run("add", "precious entry text"))
    [entry] = run.json("list")
    _editor(tmp_path, monkeypatch, "open(sys.argv[1], 'a').write('a brand new entry text')", code=3)
    fails(run("add"), 1, "kept in")
    fails(run("edit", entry["short_id"]), 1, "kept in")
    added = next(p for p in db_path.parent.glob(".journal-edit-*.md") if entry["short_id"] not in p.name)
    edited = next(p for p in db_path.parent.glob(".journal-edit-*.md") if entry["short_id"] in p.name)
    said = run("doctor").stdout
    assert f"{added} (`journal add < FILE` saves it)" in said
    assert f"{edited} (`journal edit {entry['short_id']} < FILE` saves it)" in said
