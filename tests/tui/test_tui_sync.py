"""Sync in the terminal UI: with a sync folder configured the app syncs in a thread at start
(what another device wrote shows up, a conflict's draft is offered), and what was written in
the app goes out when it quits."""

from __future__ import annotations

from datetime import timedelta

import pytest

from journal import config
from journal.clock import FixedClock
from journal.domain.model import EntryChanges, EntryInput
from journal.services import Journal
from journal.tui import app as tui_app
from journal.tui.screens.modals import ChoiceModal
from journal.tui.widgets.entry_list import EntryList
from tests.conftest import NOW

SIZE = (120, 40)


def other_device(tmp_path, folder):
    clock = FixedClock(NOW + timedelta(minutes=5), zone="Europe/Berlin")
    return Journal.open(tmp_path / "desktop" / "journal.db", clock=clock, create=True)


async def settle(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    app._poll()
    await pilot.pause()


@pytest.mark.catalogue("M98")
async def test_the_app_syncs_at_start_and_offers_a_conflict_draft(journal, app_for, tmp_path):
    folder = tmp_path / "Sync"
    entry = journal.entries.write(EntryInput(body="Written here first"))
    journal.sync.run(folder)  # remembered in config.toml as [sync] folder
    desktop = other_device(tmp_path, folder)
    desktop.sync.run(folder)
    desktop.entries.edit(entry.id, EntryChanges(body="The desktop's version"))
    desktop.entries.write(EntryInput(body="Only on the desktop"))
    desktop.sync.run(folder)
    journal.entries.edit(entry.id, EntryChanges(body="This laptop's version, not synced yet"))
    assert config.settings().text("sync.folder") == str(folder)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        if isinstance(app.screen, ChoiceModal):  # the conflict's draft, offered
            assert app.screen.id == "recover-draft"
            await pilot.press("l")  # later
            await pilot.pause()
        shown = {e.body for e in app.screen.query_one(EntryList).entries.values()}
        assert "Only on the desktop" in shown  # the home list took what the sync brought
    versions = {journal.entries.get(entry.id).body} | {d.body for d in journal.drafts.list()}
    assert versions == {"The desktop's version", "This laptop's version, not synced yet"}
    desktop.close()


def test_what_was_written_in_the_app_goes_out_at_quit(db_path, tmp_path, monkeypatch, clock):
    folder = tmp_path / "Sync"
    with Journal.open(db_path, clock=clock, create=True) as journal:
        journal.sync.run(folder)

    def quits_after_writing(self, *args, **kwargs):
        self.journal.entries.write(EntryInput(body="written in the app"))
        return None

    monkeypatch.setattr(tui_app.JournalApp, "run", quits_after_writing)
    assert tui_app.run(db_path) == 0
    desktop = other_device(tmp_path, folder)
    desktop.sync.run(folder)
    assert [e.body for e in desktop.entries.list()] == ["written in the app"]
    desktop.close()


@pytest.mark.catalogue("S298")
async def test_the_app_says_what_a_sync_skipped_for_good_and_a_new_device_id(journal, app_for, tmp_path, monkeypatch):
    """The app's syncs said only conflicts and entries back from the trash: a file skipped for good
    and a journal taking its own device id (a copy syncs too) went unsaid."""
    from journal.services import sync as sync_service

    folder = tmp_path / "Sync"
    journal.entries.write(EntryInput(body="Written here"))
    journal.sync.run(folder)
    stranger = folder / "0123456789abcdef"
    stranger.mkdir()
    (stranger / "0000000001.jsonl").write_text("not a change file at all\n" * 3)
    real = sync_service.Sync.run

    def run(self, *args, **kwargs):
        report = real(self, *args, **kwargs)
        report.alerts.append("Another copy of this journal syncs as device 1111 too: this journal syncs as "
                             "device 2222 from now on (its files hold the whole journal).")
        return report

    monkeypatch.setattr(sync_service.Sync, "run", run)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        said = [n.message for n in app._notifications]
    assert any("1 change file(s) cannot be applied here" in m and "0000000001.jsonl" in m for m in said), said
    assert any("Another copy of this journal" in m for m in said), said
