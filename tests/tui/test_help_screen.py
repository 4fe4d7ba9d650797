"""The help screen: keys grouped per screen, the key column as wide as its longest key."""

from __future__ import annotations

from rich.cells import cell_len
from textual.geometry import Region
from textual.widgets import Static

from journal.tui.screens.help import KEY_PADDING, SECTIONS, HelpScreen

SIZE = (100, 40)


async def _help_lines(app, pilot) -> list[str]:
    await pilot.press("question_mark")
    await pilot.pause()
    assert isinstance(app.screen, HelpScreen)
    table = app.screen.query_one(Static)
    region = Region(0, 0, table.size.width, table.size.height)
    return [strip.text.rstrip() for strip in table.render_lines(region)]


async def test_the_key_column_is_no_wider_than_its_longest_key(seeded, app_for):
    longest = max(cell_len(text) for name, rows in SECTIONS.items() for text in (name, *(k for k, _ in rows)))
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        lines = await _help_lines(app, pilot)
    starts = set()
    for rows in SECTIONS.values():
        for key, does in rows:
            line = next(line for line in lines if line.startswith(key + " ") and does[:12] in line)
            starts.add(cell_len(line[: line.index(does[:12])]))
    assert starts == {longest + KEY_PADDING}, starts


async def test_keys_are_grouped_under_each_screen_once_in_order(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        lines = await _help_lines(app, pilot)
    headings = [line for line in lines if line in SECTIONS]
    assert headings == list(SECTIONS)
    assert headings[:3] == ["Anywhere", "Home", "Entry"]
    home = lines.index("Home")
    assert lines[home + 1].startswith("n ") and "New entry" in lines[home + 1]
