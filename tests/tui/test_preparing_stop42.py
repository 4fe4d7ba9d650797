"""The Preparing screen's gap dialogs and heading (S450)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from journal.tui.screens.preparing import GapModal, StarterGoalModal
from journal.tui.screens.profile_form import ProfileFormScreen
from tests.tui.test_tui_preparing import open_preparing, settle


@pytest.mark.catalogue("S450")
async def test_editing_a_gap_adds_to_its_words(seeded, app_for):
    seeded.preparing.add_gap("Public speaking")
    app = app_for(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_preparing(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, GapModal)
        field = app.screen.query_one(Input)
        assert field.selection.is_empty and field.cursor_position == len("Public speaking")
        await pilot.press(*" to a room", "enter")
        await settle(pilot)
        assert seeded.preparing.vision().gaps[0].text == "Public speaking to a room"


@pytest.mark.catalogue("S450")
async def test_ctrl_s_saves_a_gap_as_enter_does(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_preparing(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, GapModal)
        await pilot.press("ctrl+s")  # nothing typed: refused in the dialog's one line, which stays
        await settle(pilot)
        assert isinstance(app.screen, GapModal)
        assert "empty" in str(app.screen.query_one(".line-error", Static).render())
        await pilot.press(*"Delegating", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, GapModal)
        assert [g.text for g in seeded.preparing.vision().gaps] == ["Delegating"]


@pytest.mark.catalogue("S450")
async def test_the_gaps_heading_reads_whole_at_80_columns(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_preparing(pilot)
        head = screen.query_one("#preparing-gaps-head", Static)
        lines = [strip.text.strip() for strip in head.render_lines(head.region.reset_offset)]
        assert " ".join(line for line in lines if line) == "Gaps (a add, e edit, d remove, g goal)"


# --- the same faults in the other Preparing dialogs (S451)

def screen_text(app) -> str:
    """What the terminal shows now (the screen in front), as text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


@pytest.mark.catalogue("S451")
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80", "120"])
async def test_the_gap_dialogs_example_reads_whole(seeded, app_for, size):
    app = app_for(seeded)
    async with app.run_test(size=size) as pilot:
        await open_preparing(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, GapModal)
        example = app.screen.query_one(Input).placeholder
        assert example.startswith("e.g. ") and example in screen_text(app)  # was cut at every width


@pytest.mark.catalogue("S451")
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80", "120"])
@pytest.mark.parametrize("key", ["", "v", "p"], ids=["preparing", "vision", "profile"])
async def test_the_preparing_screens_say_their_title_whole(seeded, app_for, size, key):
    app = app_for(seeded)
    async with app.run_test(size=size) as pilot:
        await open_preparing(pilot)
        if key:
            await pilot.press(key)
            await settle(pilot)
        screen = app.screen
        assert screen.title and screen.sub_title
        assert f"{screen.title} — {screen.sub_title}" in screen_text(app)  # the profile's was cut at 80 ('from a m…')


@pytest.mark.catalogue("S451")
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80", "120"])
async def test_the_profile_forms_own_ways_example_reads_whole(seeded, app_for, size):
    app = app_for(seeded)
    async with app.run_test(size=size) as pilot:
        await open_preparing(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ProfileFormScreen)
        example = app.screen.query_one("#profile-own", Input).placeholder
        assert "e.g. " in example and example in screen_text(app)  # '…talking it' without 'through' at 80


@pytest.mark.catalogue("S451")
async def test_coming_back_to_the_profiles_own_ways_adds_to_them(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_preparing(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ProfileFormScreen)
        own = app.screen.query_one("#profile-own", Input)
        await pilot.press("tab")  # from the list of ways to the field for one's own
        await settle(pilot)
        assert app.focused is own
        await pilot.press(*"sketching", "tab", "shift+tab")  # away to Strengths and back
        await settle(pilot)
        assert app.focused is own
        assert own.selection.is_empty and own.cursor_position == len("sketching")
        await pilot.press(*", drawing", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ProfileFormScreen)
        assert seeded.preparing.profile().styles[-2:] == ["sketching", "drawing"]


@pytest.mark.catalogue("S451")
async def test_ctrl_s_makes_the_starter_goal_as_its_button_does(seeded, app_for):
    seeded.preparing.add_gap("Public speaking")  # a goal has these words already (the seed's)
    app = app_for(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_preparing(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, StarterGoalModal)
        field = app.screen.query_one(Input)
        assert field.selection.is_empty and field.cursor_position == len("Public speaking")
        await pilot.press("ctrl+s")  # the taken title: refused in the dialog's one line
        await settle(pilot)
        assert isinstance(app.screen, StarterGoalModal)
        assert "type another one" in str(app.screen.query_one(".line-error", Static).render())
        await pilot.press(*" at meetups", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, StarterGoalModal)
        assert "Public speaking at meetups" in [s.goal.title for s in seeded.goals.summaries()]


@pytest.mark.catalogue("S543")
@pytest.mark.parametrize("down", ["j", "down"])
async def test_down_on_the_last_gap_stays_there_and_g_takes_that_gap(seeded, app_for, down):
    from textual.widgets import OptionList

    seeded.preparing.add_gap("Public speaking confidence")
    seeded.preparing.add_gap("Delegation")
    app = app_for(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_preparing(pilot)
        gaps = app.screen.query_one("#preparing-gaps", OptionList)
        gaps.focus()
        gaps.highlighted = 1
        await pilot.press(down, down)
        assert gaps.highlighted == 1  # the list ends here: no wrap to the first gap
        await pilot.press("up" if down == "down" else "k", "up" if down == "down" else "k")
        assert gaps.highlighted == 0
        await pilot.press("down" if down == "down" else "j")
        await pilot.press("g")
        await settle(pilot)
        titles = [s.goal.title for s in seeded.goals.summaries()]
        assert "Delegation" in titles and "Public speaking confidence" not in titles


@pytest.mark.catalogue("S543")
def test_every_list_of_the_tui_is_a_listing():
    """No screen builds Textual's OptionList itself (it wraps round at its ends)."""
    import re
    from pathlib import Path

    import journal.tui

    built = [f"{path.name}:{n}" for path in Path(journal.tui.__file__).parent.rglob("*.py")
             for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
             if re.search(r"(?<![\w.])OptionList\(|\(OptionList\):", line) and path.name != "listing.py"]
    assert built == []
