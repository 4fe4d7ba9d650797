"""Compose's tag and goal fields complete from the journal (→ takes the completion), a goal's
name links that goal instead of making a second one, and #tags typed in the text are shown as
they are found and saved with the entry (issue 19)."""

from __future__ import annotations

from textual.widgets import Input, SelectionList, Static

from journal.services import EntryInput
from journal.tui.screens.compose import ComposeScreen, draft_from_entry
from journal.tui.screens.home import HomeScreen

SIZE = (120, 40)


async def _type_into(pilot, selector: str, text: str) -> None:
    pilot.app.screen.query_one(selector).focus()
    await pilot.pause()
    await pilot.press(*text)
    await pilot.pause()


async def test_the_tag_field_completes_the_last_tag_from_the_journal(seeded, app_for):
    seeded.entries.write(EntryInput("again", tags=["reading"]))  # reading: the most used tag
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ComposeScreen)
        await _type_into(pilot, "#tags", "Wo")
        field = app.screen.query_one("#tags", Input)
        assert field._suggestion == "work"
        await pilot.press("right")
        await pilot.press(*", re")
        await pilot.pause()
        assert field._suggestion == "work, reading"
        await pilot.press("right")
        await pilot.press(*", wo")  # a tag already in the list is not offered again
        await pilot.pause()
        assert field._suggestion == ""
        assert field.value == "work, reading, wo"


async def test_a_goal_name_completes_and_links_the_goal_it_names(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        goals = app.screen.query_one("#goals", SelectionList)
        assert goals.selected == []
        await _type_into(pilot, "#new-goal", "lea")
        field = app.screen.query_one("#new-goal", Input)
        assert field._suggestion == "Learn Rust"
        await pilot.press("right", "enter")
        await pilot.pause()
        rust = next(s.goal for s in seeded.goals.summaries() if s.goal.title == "Learn Rust")
        assert goals.selected == [rust.id] and field.value == ""
        await _type_into(pilot, "#new-goal", "public SPEAKING")  # typed in full, any case: the same goal
        await pilot.press("enter")
        await pilot.pause()
        assert len(goals.selected) == 2
        assert len(seeded.goals.summaries()) == 2  # no goal was made twice


async def test_tags_typed_in_the_text_are_shown_and_saved(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        echo = app.screen.query_one("#text-tags", Static)
        assert not echo.display
        await _type_into(pilot, "#body", "Kept my #grit with @mentoring")
        assert echo.display and "from the text: grit, mentoring" in str(echo.render())
        await _type_into(pilot, "#tags", "work")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    entry = seeded.entries.list(limit=1)[0]
    assert entry.body == "Kept my #grit with @mentoring"
    assert entry.tags == ("work", "grit", "mentoring")


async def test_editing_an_entry_shows_its_text_tags_and_keeps_them(seeded, app_for):
    entry = seeded.entries.write(EntryInput("An old note about #patience"))
    assert entry.tags == ("patience",)
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ComposeScreen(seeded, app.keeper, draft_from_entry(seeded.entries.get(entry.id))))
        await pilot.pause()
        echo = app.screen.query_one("#text-tags", Static)
        assert echo.display and "patience" in str(echo.render())
        await _type_into(pilot, "#body", " and #calm")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert seeded.entries.get(entry.id).tags == ("patience", "calm")
