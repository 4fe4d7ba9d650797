"""B13: the TUI and the CLI edit the same entry: no lost update.

An edit that took time (the CLI's $EDITOR, the TUI's compose screen) passes the
`entry_version` it started from; when the entry changed meanwhile, nothing is
overwritten, the edit is kept as a draft in the same transaction, and the person is told.
"""

from __future__ import annotations

import random
import re
import sys

import pytest
from textual.widgets import TextArea

from journal.store import engine
from journal.domain.errors import EditConflict
from journal.domain.entry_fields import entry_version
from journal.domain.model import Draft
from journal.services import EntryChanges, EntryInput, Journal
from journal.tui.screens.compose import ComposeScreen
from tests.tui.conftest import seed

from .conftest import ITERATIONS, MARKER, healthy, one_clean_line

ROUNDS = ITERATIONS or 20
"""Interleavings in the randomised test: a few by default, many when asked."""


@pytest.fixture
def other(db_path, clock, journal):
    """A second connection to the same file: the other window (CLI or TUI)."""
    second = Journal.open(db_path, clock=clock)
    yield second
    second.close()


def _state(journal: Journal) -> list[tuple]:
    """Every entry as stored (trash included), to show that nothing else changed."""
    return sorted(
        (e.id, entry_version(e)) for e in journal.entries.list() + journal.entries.trash()
    )


def _drafts(db_path) -> list[tuple]:
    conn = engine.driver.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT id, entry_id, body, input ->> 'title' FROM drafts ORDER BY id").fetchall()
    finally:
        conn.close()


@pytest.mark.catalogue("B13")
def test_stale_edit_is_kept_as_a_draft_and_the_other_version_wins(journal, other, db_path):
    entry = journal.entries.write(EntryInput(body="first version", title="Morning"))
    bystander = journal.entries.write(EntryInput(body="another entry"))
    seen = journal.entries.get(entry.id)  # A opens its editor here
    version = entry_version(seen)

    other.entries.edit(entry.id, EntryChanges(body="written by the other window"))  # B saves meanwhile
    # The fixed clock makes both stamps equal: only the fingerprint can tell the change.
    assert other.entries.get(entry.id).updated_at == seen.updated_at
    before = _state(journal)

    with pytest.raises(EditConflict) as caught:
        journal.entries.edit(entry.id, EntryChanges(body=f"{MARKER} written in A", title="Mine",
                                            expected_version=version))

    error = caught.value
    assert error.exit_code == 1 and error.reason == "changed" and error.entry_id == entry.id
    assert MARKER not in str(error) and "\n" not in str(error)
    assert f"`journal drafts show {error.draft_id}`" in str(error) and entry.short_id in str(error)
    assert journal.entries.get(entry.id).body == "written by the other window"
    assert _state(journal) == before  # nothing else changed, the bystander included
    assert journal.entries.get(bystander.id).body == "another entry"
    draft = journal.drafts.get(error.draft_id)
    assert (draft.entry_id, draft.body, draft.title) == (entry.id, f"{MARKER} written in A", "Mine")
    assert draft.pid is None  # no window holds it: `journal drafts save` and the UI can take it up now
    assert len(journal.drafts.list()) == 1
    assert healthy(db_path)


@pytest.mark.catalogue("B13")
def test_fresh_edit_goes_through_and_leaves_no_draft(journal, other):
    entry = journal.entries.write(EntryInput(body="first version"))
    version = entry_version(journal.entries.get(entry.id))
    other.entries.edit(entry.id, EntryChanges(starred=True))
    version_after = entry_version(journal.entries.get(entry.id))
    assert version_after != version

    edited, changed = journal.entries.edit(entry.id,
                                           EntryChanges(body="second version", expected_version=version_after))

    assert changed and edited.body == "second version" and edited.starred
    assert journal.drafts.list() == []
    # The same edit again from a stale start is no conflict: the entry already says it.
    same, changed = journal.entries.edit(entry.id, EntryChanges(body="second version", expected_version=version))
    assert not changed and same.body == "second version" and journal.drafts.list() == []


@pytest.mark.catalogue("B13")
def test_conflict_reuses_the_compose_draft_instead_of_adding_one(journal, other):
    entry = journal.entries.write(EntryInput(body="first version"))
    version = entry_version(journal.entries.get(entry.id))
    draft_id = journal.drafts.save(Draft(body="half typed", entry_id=entry.id))  # the debounced checkpoint
    other.entries.edit(entry.id, EntryChanges(body="from the CLI"))

    with pytest.raises(EditConflict) as caught:
        journal.entries.edit(entry.id, EntryChanges(body="fully typed", draft_id=draft_id, expected_version=version))

    assert caught.value.draft_id == draft_id
    assert [(d.id, d.body) for d in journal.drafts.list()] == [(draft_id, "fully typed")]
    assert journal.entries.get(entry.id).body == "from the CLI"


@pytest.mark.catalogue("B13")
def test_entry_trashed_meanwhile_is_a_conflict(journal, other):
    entry = journal.entries.write(EntryInput(body="first version"))
    version = entry_version(journal.entries.get(entry.id))
    other.entries.delete(entry.id)
    before = _state(journal)

    with pytest.raises(EditConflict) as caught:
        journal.entries.edit(entry.id, EntryChanges(body=f"{MARKER} typed", expected_version=version))

    assert caught.value.reason == "trashed" and "trash" in str(caught.value) and MARKER not in str(caught.value)
    assert _state(journal) == before
    trashed = journal.entries.get(entry.id)
    assert trashed.deleted_at is not None and trashed.body == "first version"
    assert journal.drafts.get(caught.value.draft_id).body == f"{MARKER} typed"


@pytest.mark.catalogue("B13")
def test_entry_purged_meanwhile_keeps_the_text_as_a_new_draft(journal, other, db_path):
    entry = journal.entries.write(EntryInput(body="first version"))
    version = entry_version(journal.entries.get(entry.id))
    other.entries.delete(entry.id)
    other.entries.purge()

    with pytest.raises(EditConflict) as caught:
        journal.entries.edit(entry.id, EntryChanges(body=f"{MARKER} typed", lens="insight", expected_version=version))

    assert caught.value.reason == "deleted" and MARKER not in str(caught.value)
    draft = journal.drafts.get(caught.value.draft_id)
    assert (draft.entry_id, draft.body, draft.lens.value) == (None, f"{MARKER} typed", "insight")
    assert journal.entries.count() == 0 and healthy(db_path)


@pytest.mark.catalogue("B13")
def test_option_edits_apply_on_top_of_a_change_made_meanwhile(journal, other):
    """`journal edit ID --title ...` needs no compare-and-swap: it changes only what it names."""
    entry = journal.entries.write(EntryInput(body="first version"))
    journal.entries.get(entry.id)  # read, then the other window writes
    other.entries.edit(entry.id, EntryChanges(body="from the TUI", tags=["tui"]))

    edited, changed = journal.entries.edit(entry.id, EntryChanges(title="New title", starred=True))

    assert changed and (edited.body, edited.tags, edited.title, edited.starred) == (
        "from the TUI", ("tui",), "New title", True)


@pytest.mark.catalogue("B13")
def test_no_text_is_lost_over_random_interleavings(journal, other):
    """Both windows read, then save in a random order: the first save wins, the second is a draft.

    Each round starts from a fresh read, so a winner is legitimately superseded by the next
    round; what must never happen is a save from a stale read overwriting the entry.
    """
    rng = random.Random(13)
    entry = journal.entries.write(EntryInput(body="start"))
    windows = [journal, other]
    losers = []
    for round_ in range(ROUNDS):
        seen = [entry_version(w.entries.get(entry.id)) for w in windows]
        first, second = rng.sample(range(2), 2)
        windows[first].entries.edit(entry.id, EntryChanges(body=f"round {round_} won", expected_version=seen[first]))
        with pytest.raises(EditConflict):
            windows[second].entries.edit(entry.id,
                                         EntryChanges(body=f"round {round_} lost", expected_version=seen[second]))
        losers.append(f"round {round_} lost")
        assert windows[second].entries.get(entry.id).body == f"round {round_} won"
    assert sorted(d.body for d in journal.drafts.list()) == sorted(losers)
    assert all(d.entry_id == entry.id for d in journal.drafts.list())


# ----------------------------------------------------------------------------- the CLI

EDITOR = """#!{python}
import subprocess, sys
path = sys.argv[-1]
# While "editing", the other window (a second process) saves its own version.
other = subprocess.run([{python!r}, "-m", "journal", "edit", {entry!r}, "--text", "saved by the other window"],
                       capture_output=True)
assert other.returncode == 0, other.stderr
with open(path, "w", encoding="utf-8") as handle:
    handle.write({text!r})
"""


def _editor(tmp_path, entry_id: str, text: str) -> str:
    script = tmp_path / "slow_editor.py"
    script.write_text(EDITOR.format(python=sys.executable, entry=entry_id, text=text))
    script.chmod(0o755)
    return str(script)


def _first_id(proc) -> str:
    return proc("list", "--format", "json").stdout.decode().split('"id": "', 1)[1][:36]


@pytest.mark.catalogue("B13")
def test_cli_editor_edit_loses_nothing_to_an_edit_made_meanwhile(proc, tmp_path, db_path):
    assert proc("init").returncode == 0
    assert proc("add", "the original text").returncode == 0
    entry_id = _first_id(proc)

    result = proc("edit", entry_id[:8], env={"EDITOR": _editor(tmp_path, entry_id, f"{MARKER} from my editor")},
                  at_a_terminal=True)

    assert result.returncode == 1, result.stderr
    line = one_clean_line(result.stderr)
    assert MARKER not in line and "draft" in line and entry_id[:6] in line, line
    assert result.stdout == b""
    conn = engine.driver.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        assert conn.execute("SELECT body FROM entries").fetchall() == [("saved by the other window",)]
    finally:
        conn.close()
    assert [(d[1], d[2]) for d in _drafts(db_path)] == [(entry_id, f"{MARKER} from my editor")]
    assert not list(db_path.parent.glob(".journal-edit-*"))  # the text is in the draft: no scratch file left
    assert healthy(db_path)
    # The next step the message names works: the draft becomes the entry's text.
    number = re.search(r"`journal drafts save (\d+)`", line)[1]
    assert proc("drafts", "save", number).returncode == 0
    assert f"{MARKER} from my editor" in proc("show", entry_id[:8]).stdout.decode()
    # the version it went over is kept as a draft in turn (S502)
    assert [(d[1], d[2]) for d in _drafts(db_path)] == [(entry_id, "saved by the other window")]


@pytest.mark.catalogue("B13")
def test_cli_editor_edit_without_a_race_still_saves(proc, tmp_path, db_path):
    assert proc("init").returncode == 0
    assert proc("add", "the original text").returncode == 0
    entry_id = _first_id(proc)
    script = tmp_path / "editor.sh"
    script.write_text(f'#!/bin/sh\nprintf "%s" "{MARKER} edited" > "$1"\n')
    script.chmod(0o755)

    result = proc("edit", entry_id[:8], env={"EDITOR": str(script)}, at_a_terminal=True)

    assert result.returncode == 0, result.stderr
    assert f"{MARKER} edited" in proc("show", entry_id[:8]).stdout.decode()
    assert _drafts(db_path) == []


# ----------------------------------------------------------------------------- the TUI

SIZE = (100, 32)


async def _open_compose_on_first_entry(app, pilot):
    await pilot.pause()
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, ComposeScreen)
    return app.screen.initial.entry_id


async def _type(app, pilot) -> str:
    """Type at the end of the body: the marker as a paste would, then a real key press."""
    area = app.screen.query_one("#body", TextArea)
    area.move_cursor(area.document.end)
    area.insert(f" {MARKER}")
    await pilot.press("!")
    return f" {MARKER}!"


@pytest.mark.catalogue("B13")
@pytest.mark.parametrize("checkpointed", [False, True], ids=["no-draft-yet", "after-checkpoint"])
async def test_tui_save_after_a_cli_edit_keeps_both(journal, other, app_for, db_path, checkpointed):
    seed(journal)
    app = app_for(journal)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        entry_id = await _open_compose_on_first_entry(app, pilot)
        original = journal.entries.get(entry_id)
        other.entries.edit(entry_id, EntryChanges(body="changed on the command line", tags=["cli"]))  # the CLI
        typed = await _type(app, pilot)
        if checkpointed:
            app.keeper.checkpoint()  # what the debounce timer does a second after typing
        await pilot.press("ctrl+s")
        await pilot.pause()

        assert not isinstance(app.screen, ComposeScreen)  # closed: the list shows the other version
        note = list(app._notifications)[-1]
        assert "edit conflict" in note.title and MARKER not in note.message
        assert "kept as draft" in note.message and "Open a saved draft" in note.message
        assert app.keeper.draft is None and not app.keeper.dirty
    stored = journal.entries.get(entry_id)
    assert (stored.body, stored.tags) == ("changed on the command line", ("cli",))
    drafts = journal.drafts.list()  # after quitting: the unmount checkpoint added nothing
    assert [(d.entry_id, d.body) for d in drafts] == [(entry_id, original.body + typed)]
    assert journal.entries.count() == 5


@pytest.mark.catalogue("B13")
@pytest.mark.parametrize("gone", ["trashed", "purged"])
async def test_tui_save_after_the_entry_went_away_keeps_the_text(journal, other, app_for, gone):
    seed(journal)
    app = app_for(journal)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        entry_id = await _open_compose_on_first_entry(app, pilot)
        original = journal.entries.get(entry_id)
        typed = await _type(app, pilot)
        app.keeper.checkpoint()  # the compose draft exists (and is linked to the entry) ...
        other.entries.delete(entry_id)  # ... when the CLI trashes the entry, and maybe purges it
        if gone == "purged":
            other.entries.purge()
        app.keeper.checkpoint()  # the debounce may fire once more: it must neither crash nor lose the text
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ComposeScreen)
        note = list(app._notifications)[-1]
        assert "edit conflict" in note.title and ("trash" if gone == "trashed" else "deleted for good") in note.message
    linked = entry_id if gone == "trashed" else None
    assert [(d.entry_id, d.body) for d in journal.drafts.list()] == [(linked, original.body + typed)]
    if gone == "trashed":
        stored = journal.entries.get(entry_id)
        assert stored.body == original.body and stored.deleted_at is not None


@pytest.mark.catalogue("B13")
def test_a_kept_draft_remembers_the_version_it_started_from(journal, other, run):
    """A draft stored mid-edit (before a crash, or by a conflict) keeps its starting version:
    applying it later refuses to overwrite a change made since, and says so; the same command
    run again then knowingly applies it over the version it was shown."""
    entry = journal.entries.write(EntryInput("version one"))
    draft_id = journal.drafts.save(Draft(body=f"{MARKER} my edit", entry_id=entry.id,
                                        base=entry_version(journal.entries.get(entry.id))))
    assert journal.drafts.get(draft_id).base == entry_version(journal.entries.get(entry.id))
    other.entries.edit(entry.id, EntryChanges(body="changed meanwhile"))
    first = run("drafts", "save", draft_id)
    assert first.exit_code == 1 and MARKER not in first.stderr
    assert f"draft {draft_id}" in one_clean_line(first.stderr)
    assert journal.entries.get(entry.id).body == "changed meanwhile"
    assert journal.drafts.get(draft_id).base == entry_version(journal.entries.get(entry.id))
    second = run("drafts", "save", draft_id)
    assert second.exit_code == 0, second.stderr
    assert journal.entries.get(entry.id).body == f"{MARKER} my edit"
    assert [d.body for d in journal.drafts.list()] == ["changed meanwhile"]  # kept in turn (S502)
