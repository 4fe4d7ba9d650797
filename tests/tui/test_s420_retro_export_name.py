"""S420: the retrospective's export in the app wrote HTML into a file named `pat.md` (the format
chosen stayed HTML), while `journal retro -o pat.md` writes Markdown: the name's extension chooses
the format, as on the command line."""

from __future__ import annotations

import pytest
from textual.widgets import Select

from tests.tui.test_tui_retrospective import SIZE, closed_goal, export, open_review

pytestmark = pytest.mark.catalogue("S420")


@pytest.mark.parametrize(("name", "fmt", "starts"), [("pat.md", "markdown", "# "), ("pat.json", "json", "{"),
                                                      ("pat.HTML", "html", "<!DOCTYPE html>")])
async def test_the_file_name_chooses_the_format(journal, app_for, tmp_path, name, fmt, starts):
    goal = closed_goal(journal)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_review(app, pilot, goal)
        if fmt == "html":
            screen.query_one("#retro-format", Select).value = "json"
            await pilot.pause()
        await export(pilot, screen, tmp_path / name)
        assert screen.query_one("#retro-format", Select).value == fmt
    assert (tmp_path / name).read_text("utf-8").startswith(starts)


async def test_a_name_without_a_known_extension_keeps_the_format_chosen(journal, app_for, tmp_path):
    goal = closed_goal(journal)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = await open_review(app, pilot, goal)
        screen.query_one("#retro-format", Select).value = "markdown"
        await pilot.pause()
        await export(pilot, screen, tmp_path / "notes.txt")
        assert screen.query_one("#retro-format", Select).value == "markdown"
    assert (tmp_path / "notes.txt").read_text("utf-8").startswith("# ")
