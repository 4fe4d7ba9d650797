"""`journal drafts`: list, show, save and discard what the terminal UI checkpointed (catalogue D29)."""

from __future__ import annotations

import json
import subprocess
from journal.record import replace
import sys

import pytest

from journal.store import engine
from journal.domain.model import Draft, Lens
from journal.services import EntryInput
from tests.cli.expect import fails, ok

CORPUS = "[/bold] [@click=app.quit]x[/] \x1b]0;PWNED\x07 \x1b[2J"


HOLDER = """
import os, sys
from pathlib import Path
from journal.process import holder_token
print(holder_token(Path(sys.argv[1])), os.getpid(), flush=True)
sys.stdin.readline()
"""
"""Another process that takes its holder lock beside the journal and keeps it until stdin closes."""


def _held_by(db_path, draft_id: int, holder: tuple[str, int]) -> None:
    """Pretend another process wrote the draft (the service stamps our own holder and pid)."""
    with engine.driver.connect(db_path) as conn:
        conn.execute("UPDATE drafts SET holder = ?, pid = ? WHERE id = ?", (*holder, draft_id))
    conn.close()


def _holder(db_path) -> tuple[subprocess.Popen, tuple[str, int]]:
    other = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    token, pid = other.stdout.readline().split()
    return other, (token, int(pid))


@pytest.fixture
def live_holder(db_path):
    """A real process that stays alive for the test: another window holding a draft."""
    other, holder = _holder(db_path)
    yield holder
    other.kill()
    other.wait()


@pytest.fixture
def dead_holder(db_path):
    """A window killed with SIGKILL: its lock file stays behind, but nobody holds its lock."""
    other, holder = _holder(db_path)
    other.kill()
    other.wait()
    return holder


@pytest.mark.catalogue("D29")
def test_lists_drafts_with_number_time_lens_entry_and_words(run, journal):
    entry = journal.entries.write(EntryInput(body="the original", title="Old title"))
    new = journal.drafts.save(Draft(body="three little words\nand more", lens=Lens.INSIGHT, title="A title"))
    edit = journal.drafts.save(Draft(body="changed text", entry_id=entry.id))
    result = ok(run("drafts"))
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    by_id = {int(line.split()[0]): line for line in lines}
    assert "2026-11-23 09:30" in by_id[new] and "insight" in by_id[new] and "new entry" in by_id[new]
    assert "5 words" in by_id[new] and "A title" in by_id[new]
    assert f"edits {entry.id[:8]}" in by_id[edit] and "2 words" in by_id[edit] and "changed text" in by_id[edit]
    assert "another window" not in result.stdout


def test_no_drafts_says_so_on_stderr(run):
    result = ok(run("drafts"))
    assert result.stdout == "" and "No drafts" in result.stderr


@pytest.mark.catalogue("D29", "E43", "E44")
def test_markup_and_escapes_in_a_draft_are_neutralised(run, journal):
    draft_id = journal.drafts.save(Draft(body=f"line one {CORPUS}\nline two", title=f"t {CORPUS}"))
    listing = ok(run("drafts")).stdout
    assert "\x1b" not in listing and "\x07" not in listing
    assert "[/bold] [@click=app.quit]x[/]" in listing and "\\x1b]0;PWNED" in listing
    assert len(listing.splitlines()) == 1  # the title is one line, shortened
    shown = ok(run("drafts", "show", draft_id)).stdout
    assert "\x1b" not in shown and "\x07" not in shown
    assert "line one [/bold] [@click=app.quit]x[/] \\x1b]0;PWNED\\x07 \\x1b[2J\nline two" in shown


def test_show_prints_the_whole_text(run, journal):
    body = "\n".join(f"paragraph {n} " + "word " * 30 for n in range(50))
    draft_id = journal.drafts.save(Draft(body=body, lens=Lens.FORESIGHT, tags=("plans",), when="2026-11-30"))
    shown = ok(run("drafts", "show", draft_id)).stdout
    assert shown.endswith(f"\n\n{body}\n")
    assert "foresight" in shown and "#plans" in shown and "2026-11-30" in shown


@pytest.mark.catalogue("D29")
def test_save_makes_an_entry_and_drops_the_draft(run, journal):
    journal.goals.add("Public speaking")
    goal = journal.goals.summaries()[0].goal
    draft_id = journal.drafts.save(Draft(body="recovered words", lens=Lens.INSIGHT, title="Found again",
                                        tags=("kept",), goals=(goal.id,), when="yesterday"))
    result = ok(run("drafts", "save", draft_id))
    assert f"draft {draft_id}" in result.stderr and "recovered" not in result.stderr
    [entry] = run.json("list")
    assert (entry["body"], entry["lens"], entry["title"], entry["tags"], entry["day"]) == (
        "recovered words", "insight", "Found again", ["kept"], "2026-11-22")
    assert [g["title"] for g in entry["goals"]] == ["Public speaking"]
    assert journal.drafts.list() == []


@pytest.mark.catalogue("D29")
def test_save_applies_an_edit_draft_to_its_entry(run, journal):
    entry = journal.entries.write(EntryInput(body="before", starred=True, tags=["a"]))
    draft_id = journal.drafts.save(Draft(body="after", entry_id=entry.id, tags=("a", "b"),
                                        when=entry.day.isoformat()))
    ok(run("drafts", "save", draft_id))
    [shown] = run.json("list")
    assert (shown["id"], shown["body"], shown["tags"], shown["starred"]) == (entry.id, "after", ["a", "b"], True)
    assert journal.drafts.list() == []


def test_save_as_new_leaves_the_edited_entry_alone(run, journal):
    entry = journal.entries.write(EntryInput(body="the original"))
    draft_id = journal.drafts.save(Draft(body="a different take", entry_id=entry.id))
    ok(run("drafts", "save", draft_id, "--as-new"))
    assert sorted(e["body"] for e in run.json("list")) == ["a different take", "the original"]
    assert journal.drafts.list() == []


def test_discard_deletes_only_the_draft(run, journal):
    entry = journal.entries.write(EntryInput(body="stays"))
    draft_id = journal.drafts.save(Draft(body="let go", entry_id=entry.id))
    other = journal.drafts.save(Draft(body="keep me"))
    result = ok(run("drafts", "discard", draft_id))
    assert "let go" not in result.stderr
    assert [d.id for d in journal.drafts.list()] == [other]
    assert run.json("show", entry.id)["body"] == "stays"


@pytest.mark.catalogue("D29")
def test_a_draft_open_in_another_window_is_listed_and_left_alone(run, journal, db_path, live_holder, dead_holder):
    held = journal.drafts.save(Draft(body="being typed elsewhere"))
    orphan = journal.drafts.save(Draft(body="left by a closed window"))
    _held_by(db_path, held, live_holder)
    _held_by(db_path, orphan, dead_holder)
    lines = {int(line.split()[0]): line for line in ok(run("drafts")).stdout.splitlines()}
    assert "open in another window" in lines[held]
    assert "another window" not in lines[orphan]
    assert "open in another window" in ok(run("drafts", "show", held)).stdout
    for verb in ("save", "discard"):
        line = fails(run("drafts", verb, held), 1, "another window", str(held))
        assert "typed elsewhere" not in line
    assert journal.drafts.get(held).body == "being typed elsewhere"
    assert run.json("list") == []
    ok(run("drafts", "save", orphan))
    assert [e["body"] for e in run.json("list")] == ["left by a closed window"]


@pytest.mark.parametrize("args", [["show", "99"], ["save", "99"], ["discard", "99"]])
def test_unknown_draft_is_one_line_exit_2(run, args):
    fails(run("drafts", *args), 2, "No draft 99", "journal drafts")


@pytest.mark.parametrize("args", [["show", "abc"], ["save"], ["discard", "1.5"]])
def test_bad_draft_number_is_a_usage_error(run, args):
    fails(run("drafts", *args), 2, "--help")


def test_empty_draft_is_not_saved(run, journal):
    draft_id = journal.drafts.save(Draft(body="   ", title=""))
    fails(run("drafts", "save", draft_id), 2, "nothing to save", f"journal drafts discard {draft_id}")
    assert [d.id for d in journal.drafts.list()] == [draft_id]


@pytest.mark.catalogue("S551")
def test_an_edit_whose_text_was_all_erased_is_shown_and_not_saved(run, journal):
    entry = journal.entries.write(EntryInput(body="words that stay"))
    draft_id = journal.drafts.save(Draft(body="\u200b\n ", entry_id=entry.id, lens=entry.lens))
    shown = ok(run("drafts", "show", draft_id)).stdout
    assert f"Edits:    {entry.id}" in shown and "Differs:  text (from the entry now)" in shown
    fails(run("drafts", "save", draft_id), 2, "has no text", "the entry it edits is unchanged",
          f"journal drafts discard {draft_id}")
    assert journal.entries.get(entry.id).body == "words that stay"
    assert [d.id for d in journal.drafts.list()] == [draft_id]


PROBE = """
import json, sys
from journal.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in {"textual", "rich"})), file=sys.stderr)
"""


def test_drafts_command_does_not_load_textual_or_rich(tmp_path, journal):
    journal.drafts.save(Draft(body="a draft"))
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "JOURNAL_DB": str(journal.path)}
    for args in (["drafts"], ["drafts", "show", "1"]):
        result = subprocess.run([sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True)
        assert json.loads(result.stderr.strip().splitlines()[-1]) == [], args


@pytest.mark.catalogue("S475")
def test_show_and_save_say_what_the_draft_changes_on_its_entry(run, journal):
    from journal.domain.model import EntryChanges, draft_of

    entry = journal.entries.write(EntryInput(body="same words"))
    draft_id = journal.drafts.save(replace(draft_of(entry), starred=True, private=True))
    journal.entries.edit(entry.id, EntryChanges(title="Title from the other device"))
    shown = ok(run("drafts", "show", str(draft_id))).stdout
    assert "Marked:   starred, private" in shown
    assert "Differs:  title, star, private (from the entry now)" in shown
    said = ok(run("drafts", "save", str(draft_id))).stderr
    assert said.rstrip().endswith("it changed: title, star, private."), said
    same = journal.drafts.save(draft_of(journal.entries.get(entry.id)))
    assert "Differs:  nothing: the entry says all this already" in ok(run("drafts", "show", str(same))).stdout
