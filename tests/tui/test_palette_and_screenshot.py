"""The palette lists each command once, and Screenshot saves where a person finds it, 0600."""

from __future__ import annotations

import pytest

import stat
from collections import Counter


async def test_palette_titles_are_unique_and_keys_is_ours(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        titles = Counter(c.title for c in app.get_system_commands(app.screen))
        assert [t for t, n in titles.items() if n > 1] == []
        keys = next(c for c in app.get_system_commands(app.screen) if c.title == "Keys")
        assert keys.callback == app.action_help


@pytest.mark.catalogue("N111")
async def test_screenshot_without_a_downloads_folder_lands_in_the_current_one(seeded, app_for, tmp_path,
                                                                           monkeypatch):
    home, here = tmp_path / "home", tmp_path / "here"
    home.mkdir()
    here.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_DOWNLOAD_DIR", raising=False)
    monkeypatch.chdir(here)
    app = app_for(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.action_save_screenshot()
        app.action_save_screenshot()  # a second one in the same second gets its own name
        await pilot.pause()
    saved = sorted(here.glob("threefold-*.svg"))
    assert len(saved) == 2
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in saved)
    assert "<svg" in saved[0].read_text()
    (home / "Downloads").mkdir()
    async with app_for(seeded).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pilot.app.action_save_screenshot()
    assert len(list((home / "Downloads").glob("threefold-*.svg"))) == 1
