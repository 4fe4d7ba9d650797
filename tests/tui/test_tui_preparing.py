"""The Preparing screen (vision, gaps → starter goals, learning profile, reflecting on past
mentors) and the Passing it on screen, driven by keys as a person would."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList, Select, Static, TextArea

from journal.domain.model import EntryInput
from journal.services import Journal
from journal.tui.screens.compose import ComposeScreen
from journal.tui.screens.goal_detail import GoalScreen
from journal.tui.screens.help import SECTIONS
from journal.tui.screens.modals import ChoiceModal
from journal.tui.screens.passing_on import PassingOnScreen
from journal.tui.screens.preparing import GapModal, PreparingScreen, StarterGoalModal
from journal.tui.screens.profile_form import ProfileFormScreen
from journal.tui.screens.vision_form import VisionFormScreen
from journal.tui.widgets.toggles import TickList

SIZE = (120, 40)


async def settle(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def screen_text(screen) -> str:
    parts = [str(w.render()) for w in screen.query(Static)]
    for options in screen.query(OptionList):
        parts += [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    return "\n".join(parts)


async def open_preparing(pilot) -> PreparingScreen:
    await pilot.press("v")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PreparingScreen)
    return pilot.app.screen


async def add_gap(pilot, text: str) -> None:
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(pilot.app.screen, GapModal)
    await pilot.press(*text, "enter")
    await settle(pilot)


async def test_a_new_user_prepares_vision_gaps_a_starter_goal_and_the_profile(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_preparing(pilot)
        assert "press v to write it" in screen_text(screen) and "No gaps yet" in screen_text(screen)
        # the vision: v, the two parts, ctrl+s
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, VisionFormScreen)
        await pilot.press(*"Lead a small team", "tab", *"Senior developer", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        vision = seeded.preparing.vision()
        assert (vision.future, vision.present) == ("Lead a small team", "Senior developer")
        assert "Lead a small team" in screen_text(screen)
        # two gaps
        await add_gap(pilot, "Giving feedback to peers")
        await add_gap(pilot, "Running a meeting")
        assert [g.text for g in seeded.preparing.vision().gaps] == ["Giving feedback to peers", "Running a meeting"]
        gaps = screen.query_one("#preparing-gaps", OptionList)
        assert gaps.highlighted == 1  # the gap just added
        # g: the highlighted gap becomes a starter goal, in one keystroke, and the link shows
        await pilot.press("up", "g")
        await settle(pilot)
        [gap, _] = seeded.preparing.vision().gaps
        goal = seeded.goals.get(gap.goal_id)
        assert goal.title == "Giving feedback to peers"
        assert "→ goal: Giving feedback to peers" in str(gaps.get_option_at_index(0).prompt)
        assert "→ goal" not in str(gaps.get_option_at_index(1).prompt)
        # enter on the linked gap opens the goal, which says where it came from
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
        assert "from the gap: Giving feedback to peers" in str(app.screen.query_one("#goal-statement", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        # the profile: tick a style, add one's own, say what one needs
        await pilot.press("p")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ProfileFormScreen)
        assert form.focused is form.query_one("#profile-styles", TickList)
        await pilot.press("down", "down", "space", "tab", *"sketching it out", "tab", *"Patient")
        form.query_one("#profile-needs", TextArea).insert("Honest feedback")
        await pilot.press("ctrl+s")
        await settle(pilot)
        profile = seeded.preparing.profile()
        assert profile.styles == ["practical", "sketching it out"]
        assert (profile.strengths, profile.needs) == ("Patient", "Honest feedback")
        text = screen_text(screen)
        assert "practical — I learn by applying things to real work." in text and "sketching it out (my own)" in text


async def test_r_writes_a_reflection_on_past_mentors_from_the_preparing_questions(seeded, app_for):
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await open_preparing(pilot)
        await pilot.press("r")
        await settle(pilot)
        compose = app.screen
        assert isinstance(compose, ComposeScreen)
        assert compose.query_one("#kind", Select).value == "preparing"
        assert compose.query_one("#title", Input).value == "Preparing for a mentor"
        body = compose.query_one("#body", TextArea)
        assert "## Think of a mentor, teacher or senior colleague you had" in body.text
        assert body.cursor_location == (1, 0)  # in the first answer
        await pilot.press(*"A clear plan.", "ctrl+s")
        await settle(pilot)
        [entry] = seeded.entries.list(seeded.entries.filter(kind="preparing"))
        assert entry.title == "Preparing for a mentor" and "A clear plan." in entry.body


async def test_removing_gaps_asks_and_keeps_a_gaps_goal(seeded, app_for):
    seeded.preparing.add_gap("Giving feedback")
    seeded.preparing.add_gap("Running a meeting")
    goal = seeded.preparing.gap_to_goal("1")
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await open_preparing(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceModal)
        assert "became the goal" in str(app.screen.question)
        await pilot.press("c")  # cancel
        await settle(pilot)
        assert len(seeded.preparing.vision().gaps) == 2
        await pilot.press("d", "k")  # keep the goal, remove the gap
        await settle(pilot)
        assert [g.text for g in seeded.preparing.vision().gaps] == ["Running a meeting"]
        assert seeded.goals.get(goal.id).title == "Giving feedback"
        await pilot.press("d", "r")  # a gap that is no goal: remove
        await settle(pilot)
        assert seeded.preparing.vision().gaps == []
        assert "No gaps yet" in screen_text(app.screen)


@pytest.mark.catalogue("S282")
async def test_editing_a_gap_and_a_starter_goal_whose_title_is_taken(seeded, app_for):
    seeded.preparing.add_gap("Public speaking")  # the seed has a goal called that
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await open_preparing(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, StarterGoalModal)
        field = app.screen.query_one(Input)
        assert field.value == "Public speaking"
        await pilot.press("enter")  # the title taken: said in the form's words, no command line (S282)
        await settle(pilot)
        said = str(app.screen.query_one(".line-error", Static).render())
        assert "type another one" in said and "journal" not in said
        field.value = " "
        await pilot.press("enter")
        await settle(pilot)
        said = str(app.screen.query_one(".line-error", Static).render())
        assert said == "Type a title for the starter goal."
        field.value = ""
        await pilot.press(*"Speak at the meetup", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PreparingScreen)
        gap = seeded.preparing.vision().gaps[0]
        assert seeded.goals.get(gap.goal_id).title == "Speak at the meetup"
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, GapModal)
        app.screen.query_one(Input).value = ""
        await pilot.press("enter")  # empty: refused in the modal, which stays
        await settle(pilot)
        assert isinstance(app.screen, GapModal)
        assert "empty" in str(app.screen.query_one(".line-error", Static).render())
        await pilot.press(*"Speaking to a room", "enter")
        await settle(pilot)
        assert seeded.preparing.vision().gaps[0].text == "Speaking to a room"
        assert seeded.preparing.vision().gaps[0].goal_id == gap.goal_id  # the link stays


async def test_a_gap_added_elsewhere_shows_and_the_highlight_stays(seeded, app_for, db_path, clock):
    seeded.preparing.add_gap("First")
    seeded.preparing.add_gap("Second")
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_preparing(pilot)
        await pilot.press("down")
        gaps = screen.query_one("#preparing-gaps", OptionList)
        assert gaps.highlighted == 1
        with Journal.open(db_path, clock=clock) as other:
            other.preparing.edit_gap("1", "First, reworded elsewhere")
            other.preparing.add_gap("Third")
        app.refresh_views()
        await settle(pilot)
        assert gaps.option_count == 3 and gaps.highlighted == 1
        assert "First, reworded elsewhere" in str(gaps.get_option_at_index(0).prompt)


async def test_passing_it_on_shows_the_summary_and_n_writes_the_reflection(seeded, app_for):
    m = seeded.mentorships.add("Ada")
    seeded.entries.write(EntryInput(body="Be concrete.", kind="feedback", starred=True, title="On my reviews",
                                    when="2026-11-20"))
    seeded.entries.write(EntryInput(body="Ask early.", kind="check-in", mentorship=m.id))
    seeded.entries.write(EntryInput(body="Private turning point.", starred=True, private=True))
    app = app_for(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert {"Preparing: vision, gaps, learning profile", "Passing it on"} <= {
            c.title for c in app.get_system_commands(app.screen)}
        await app.run_action("passing_on")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PassingOnScreen)
        text = screen_text(screen)
        assert "What helped me most" in text and "Slowing down helps more than more slides." in text  # the seed's star
        assert "The feedback I valued" in text and "On my reviews" in text
        assert "1 mentorship" in text and "1 check-in" in text and "1 feedback loop" in text
        assert "Private turning point." not in text
        await pilot.press("i")
        await settle(pilot)
        assert "Private turning point." in screen_text(screen)
        await pilot.press("n")
        await settle(pilot)
        compose = app.screen
        assert isinstance(compose, ComposeScreen)
        assert compose.query_one("#kind", Select).value == "passing-on"
        assert "## Looking back over your journal, what helped you most" in compose.query_one("#body", TextArea).text
        await pilot.press(*"Starring turning points.", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PassingOnScreen)
        [entry] = seeded.entries.list(seeded.entries.filter(kind="passing-on"))
        assert entry.title == "Passing it on"
        assert "Passing-on reflections written: 1" in screen_text(app.screen)


def test_the_help_lists_the_new_screens_keys():
    assert ("v", "Preparing: vision, gaps, learning profile (ctrl+p \"Passing it on\" for the last step)") in \
        SECTIONS["Anywhere"]
    assert [key for key, _ in SECTIONS["Preparing"]] == ["a / e / d", "g", "enter", "v", "p", "r"]
    assert [key for key, _ in SECTIONS["Passing it on"]] == ["n", "i"]
