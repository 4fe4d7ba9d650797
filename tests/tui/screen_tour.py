"""Every screen of the app, and how to bring each one up from home on a furnished journal.

Shared by the key sweep (test_keys_stay.py) and the snapshots at every size
(test_tui_snapshots.py). A new screen class must be added here (or to EXEMPT, with why):
the key sweep fails on a screen class it never opened.
"""

from __future__ import annotations

import inspect
import pkgutil
from collections.abc import Awaitable, Callable
from importlib import import_module
from typing import Any

from textual.screen import Screen

import journal.tui.screens as screens_package
from journal.domain.model import Draft, GoalStatus
from journal.services import EntryInput

from tests.tui.conftest import seed

Opener = Callable[[Any], Awaitable[None]]
"""Takes the Pilot; leaves the screen in front."""

EXEMPT = {
    "ChoiceModal": "a question: each answer's first letter is its key by design (Save, Keep, Discard…)",
    "UnlockScreen": "runs in the unlock app before the journal opens (tests/tui/test_unlock.py)",
    "JournalScreen": "base class", "JournalModal": "base class", "FormScreen": "base class", "FormModal": "base class",
}
"""Screen classes the tour does not open, and why."""


def furnish(journal) -> None:
    """The TUI seed, plus a mentorship with agreements, a SMART goal in it with a target date and
    a milestone, a trashed entry and a saved draft (no recovery offer: it was offered before)."""
    seed(journal)
    mentorship = journal.mentorships.add("Ada Mentor", focus="Speaking at meetups", check_in_every=14,
                                         agreements="- Meet every other Tuesday\n- What we say stays between us")
    goal = journal.goals.summaries()[0].goal
    journal.goals.edit(goal.id, specific="Give a 5-minute talk at the meetup", measurable="3 talks",
                       by="2027-03-31", mentorship=mentorship.id)
    journal.goals.add_milestone(goal.id, "First lightning talk", due="2026-12-15")
    extra = journal.entries.write(EntryInput(body="A throwaway line.", when="2026-11-20"))
    journal.entries.delete(extra.id)
    journal.drafts.save(Draft(body="an earlier draft"))
    quiet(journal)


def quiet(journal) -> None:
    """No draft offer over home at the next start (a run before may have kept one)."""
    for draft in journal.drafts.unoffered():
        journal.drafts.mark_offered(draft.id)


def _goal(journal) -> str:
    return journal.goals.summaries()[0].goal.id


def _mentorship(journal):
    return journal.mentorships.list()[0]


def _push(make: Callable[[Any], Screen[Any]]) -> Opener:
    async def opener(pilot) -> None:
        pilot.app.push_screen(make(pilot.app))
        await pilot.pause()

    return opener


def _action(name: str, *then: str) -> Opener:
    async def opener(pilot) -> None:
        await pilot.app.run_action(name)
        await pilot.pause()
        if then:
            await pilot.press(*then)
            await pilot.pause()

    return opener


async def _home(pilot) -> None:
    await pilot.pause()


async def _entry(pilot) -> None:
    await pilot.press("enter")
    await pilot.pause()


def tour() -> dict[str, Opener]:
    """Screen name → its opener, every screen of the app."""
    from journal.tui.screens.closure import ClosureScreen
    from journal.tui.screens.compose import ComposeScreen, draft_from_entry
    from journal.tui.screens.goal_detail import GoalScreen
    from journal.tui.screens.goal_form import GoalFormScreen
    from journal.tui.screens.mentorship_form import MentorshipFormScreen
    from journal.tui.screens.mentorships import MeetingModal, MentorshipScreen
    from journal.tui.screens.modals import MilestoneModal, PickModal, StatusModal

    def closure_outcome(app):
        screen = ClosureScreen(app.journal, app.keeper, goal=_goal(app.journal))
        screen.step = len(screen.prompts)
        return screen

    return {
        "home": _home,
        "compose-new": _action("app.new_entry"),
        "compose-edit": _push(lambda app: ComposeScreen(
            app.journal, app.keeper, draft_from_entry(app.journal.entries.list()[0]))),
        "entry": _entry,
        "search": _action("app.search"),
        "trash": _action("app.trash"),
        "goals": _action("app.goals"),
        "goal": _push(lambda app: GoalScreen(app.journal, _goal(app.journal))),
        "goal-form-new": _push(lambda app: GoalFormScreen(app.journal)),
        "goal-form-edit": _push(lambda app: GoalFormScreen(app.journal, app.journal.goals.get(_goal(app.journal)))),
        "milestone": _push(lambda app: MilestoneModal(app.journal)),
        "goal-status": _push(lambda app: StatusModal(GoalStatus.ACTIVE)),
        "timeline": _action("app.timeline"),
        "mentorships": _action("app.mentorships"),
        "mentorship": _push(lambda app: MentorshipScreen(app.journal, _mentorship(app.journal).id)),
        "mentorship-form-new": _push(lambda app: MentorshipFormScreen(app.journal)),
        "mentorship-form-edit": _push(lambda app: MentorshipFormScreen(app.journal, _mentorship(app.journal))),
        "meeting": _push(lambda app: MeetingModal(app.journal, _mentorship(app.journal))),
        "due": _action("app.due"),
        "year": _action("app.heatmap"),
        "help": _action("app.help"),
        "closure-answers": _push(lambda app: ClosureScreen(app.journal, app.keeper, goal=_goal(app.journal))),
        "closure-outcome": _push(closure_outcome),
        "pick": _push(lambda app: PickModal("Pick one:", [("a", "first"), ("b", "second")])),
        "palette": _action("app.command_palette"),
    }


def screen_classes() -> set[str]:
    """The names of every Screen class defined in journal/tui/screens."""
    names = set()
    for module in pkgutil.iter_modules(screens_package.__path__):
        loaded = import_module(f"journal.tui.screens.{module.name}")
        for name, value in vars(loaded).items():
            if inspect.isclass(value) and issubclass(value, Screen) and value.__module__ == loaded.__name__:
                names.add(name)
    return names
