"""The unlock step of an encrypted journal: a wrong passphrase, the right one, leaving it,
and how it looks (Pilot and SVG snapshots; the process forgets every key first)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from journal.services import Journal, privacy
from journal.store import engine
from journal.tui import app as tui_app
from journal.tui.screens.home import HomeScreen
from journal.tui.screens.unlock import NOT_UNLOCKED, UnlockApp, UnlockScreen

from tests.tui.conftest import until

pytestmark = pytest.mark.skipif(not engine.ENCRYPTION, reason="sqlcipher3 is not installed")

RIGHT = "correct horse"
WRONG = "battery staple"
SHOWN = Path("/home/ada/.local/share/threefold/journal.db")
"""The path snapshots show (the real one is under tmp_path, which changes every run)."""


@pytest.fixture
def encrypted(db_path):
    """An encrypted journal whose key this process does not know."""
    privacy.create_encrypted(db_path, RIGHT)
    engine.forget_all()
    return Path(db_path)


@pytest.fixture
def opener(encrypted, clock):
    def open_journal(ask):
        return Journal.open(encrypted, clock=clock, ask=ask)

    return open_journal


async def submit(pilot, passphrase: str) -> None:
    """Type a passphrase, press enter, and wait for the attempt to be answered."""
    await pilot.press(*passphrase, "enter")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def status(app) -> str:
    return str(app.screen.query_one("#unlock-status", Static).render())


async def test_wrong_passphrase_says_so_and_keeps_the_screen(encrypted, opener):
    app = UnlockApp(encrypted, opener)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen)
        field = app.screen.query_one(Input)
        assert field.password and app.focused is field
        assert str(encrypted) in str(app.screen.query_one("#unlock-path", Static).render())
        await submit(pilot, WRONG)
        assert isinstance(app.screen, UnlockScreen)  # still asking: no lockout
        assert "does not open" in status(app)
        assert WRONG not in status(app)
        assert field.value == "" and not field.disabled and app.focused is field
        await submit(pilot, WRONG)  # again: the same answer, still here
        assert "does not open" in status(app) and isinstance(app.screen, UnlockScreen)
        assert app.return_code is None
    assert engine.key_for(encrypted) is None  # nothing unlocked


async def test_right_passphrase_opens_the_journal_and_the_app_says_encrypted(encrypted, opener, clock):
    app = UnlockApp(encrypted, opener)
    async with app.run_test(size=(120, 40)) as pilot:
        await submit(pilot, WRONG)
        await submit(pilot, RIGHT)
    journal = app.return_value
    assert isinstance(journal, Journal) and app.return_code == 0
    journal_app = tui_app.make_app(journal=journal, clock=clock)
    try:
        async with journal_app.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: journal_app.sub_title)  # said after the first paint
            assert isinstance(journal_app.screen, HomeScreen)
            assert journal_app.sub_title == "encrypted (SQLCipher)"
            assert journal.entries.list() == []
    finally:
        journal.close()


async def test_plain_journal_says_nothing_about_encryption(journal, app_for):
    app = app_for(journal)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.sub_title == ""


async def test_unlocking_shows_progress_and_the_screen_stays_alive(encrypted, opener):
    release = threading.Event()

    def slow(ask):
        release.wait(10)
        return opener(ask)

    app = UnlockApp(encrypted, slow)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*RIGHT, "enter")
        await pilot.pause()
        field = app.screen.query_one(Input)
        assert status(app) == "Unlocking…"
        assert field.disabled and field.value == ""
        await pilot.press("x", "enter")  # the app still answers keys; nothing is tried twice
        await pilot.pause()
        assert status(app) == "Unlocking…" and app.return_code is None
        release.set()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    assert isinstance(app.return_value, Journal)
    app.return_value.close()


@pytest.mark.parametrize("key", ["escape", "ctrl+q"])
async def test_leaving_exits_1(encrypted, opener, key):
    app = UnlockApp(encrypted, opener)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"half typed", key)
        await pilot.pause()
    assert app.return_code == 1 and app.return_value is None
    assert engine.key_for(encrypted) is None


def _headless(monkeypatch, app_class, pilot_script):
    """Make `app_class.run()` (as `run()` calls it) run headless with `pilot_script`."""
    original = app_class.run

    def run(self, **kwargs):
        return original(self, headless=True, size=(80, 24), auto_pilot=pilot_script)

    monkeypatch.setattr(app_class, "run", run)


def test_run_when_left_says_not_unlocked_and_returns_1(encrypted, monkeypatch, capsys):
    async def leave(pilot):
        await pilot.pause()
        await pilot.press("escape")

    _headless(monkeypatch, UnlockApp, leave)
    monkeypatch.setattr(tui_app.JournalApp, "run", lambda self, **kw: pytest.fail("the journal app ran"))
    assert tui_app.run(encrypted) == 1
    assert capsys.readouterr().err == NOT_UNLOCKED + "\n"


def test_run_unlocks_then_opens_the_app(encrypted, monkeypatch):
    seen: dict[str, object] = {}

    async def unlock(pilot):
        await submit(pilot, WRONG)
        seen["error"] = status(pilot.app)
        await submit(pilot, RIGHT)

    async def look(pilot):
        await until(pilot, lambda: pilot.app.sub_title)  # said after the first paint
        seen["screen"] = type(pilot.app.screen).__name__
        seen["sub_title"] = pilot.app.sub_title
        await pilot.press("q")

    _headless(monkeypatch, UnlockApp, unlock)
    _headless(monkeypatch, tui_app.JournalApp, look)
    assert tui_app.run(encrypted) == 0
    assert "does not open" in str(seen["error"])
    assert seen["screen"] == "HomeScreen" and seen["sub_title"] == "encrypted (SQLCipher)"


def test_run_with_a_known_key_skips_the_unlock_step(encrypted, monkeypatch):
    async def look(pilot):
        await pilot.pause()
        await pilot.press("q")

    Journal.open(encrypted, ask=lambda _prompt: RIGHT).close()  # this process knows the key now
    monkeypatch.setattr(UnlockApp, "run", lambda self, **kw: pytest.fail("asked again"))
    _headless(monkeypatch, tui_app.JournalApp, look)
    assert tui_app.run(encrypted) == 0


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_snapshot_unlock_after_a_wrong_passphrase(snap_compare, encrypted, opener, size):
    def shown(ask):  # the real error, with a path that does not change from run to run
        try:
            return opener(ask)
        except Exception as error:
            raise type(error)(str(error).replace(str(encrypted), str(SHOWN))) from None

    async def run_before(pilot):
        await submit(pilot, WRONG)
        await pilot.press(*"correct h")  # a half-typed passphrase shows as dots

    assert snap_compare(UnlockApp(SHOWN, shown), terminal_size=size, run_before=run_before)
