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
from journal.domain.model import Draft, GoalStatus, Kind
from journal.domain.practice import rank
from journal.services import EntryInput

from tests.tui.conftest import seed, until

Opener = Callable[[Any], Awaitable[None]]
"""Takes the Pilot; leaves the screen in front."""

EXEMPT = {
    "ChoiceModal": "a question: each answer's first letter is its key by design (Save, Keep, Discard…)",
    "UnlockScreen": "runs in the unlock app before the journal opens (tests/tui/test_unlock.py)",
    "JournalScreen": "base class", "JournalModal": "base class", "FormScreen": "base class", "FormModal": "base class",
    "_LineModal": "base class (of GapModal and StarterGoalModal)",
    "DayModal": "base class (of MeetingModal and DoneOnModal)",
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


def prepare(journal) -> None:
    """Once per journal (the key sweep opens every screen on one): a vision with three gaps, the
    first made a starter goal, a learning profile, a starred feedback entry and a closure answer."""
    p = journal.preparing
    if p.vision().gaps:
        return
    p.set_vision(future="Lead a small team that ships calmly", present="A senior developer who avoids hard talks")
    p.add_gap("Giving feedback to peers")
    p.add_gap("Running a meeting that ends on time")
    p.add_gap("Public speaking")  # a goal's title already: g asks for the starter goal's title
    p.gap_to_goal("1")
    p.set_profile(styles=["practical", "sketching it out"], strengths="Patient; explains well", challenges="Saying no",
                  needs="Honest feedback within a week")
    journal.entries.write(EntryInput(body="Be concrete: one example, one ask.", kind="feedback", lens="insight",
                                     title="On my review comments", starred=True, when="2026-11-20",
                                     details={"from": "Ada", "follow_up": "One change per review"}))
    journal.entries.write(EntryInput(body="Ask for feedback early.", kind="closure", lens="foresight",
                                     when="2026-11-21",
                                     title=journal.reflection.library().get("closure-carry-forward").text))


def _prepared(action: str, *keys: str) -> Opener:
    """`prepare` the journal, then the app's action and the keys a person presses."""
    async def opener(pilot) -> None:
        prepare(pilot.app.journal)
        await _action(action, *keys)(pilot)

    return opener


def agree(journal) -> None:
    """Once per journal: the furnished mentorship's ground rules and confidentiality agreed, and
    its goal given a milestone done late and one missed (the agreement and work plan screens)."""
    m = _mentorship(journal)
    if journal.agreements.get(m.id).agreed:
        return
    journal.agreements.set_parts(m.id, {"ground-rules": "- We start on time\n- Either of us may cancel a day ahead",
                                        "confidentiality": "What we say stays between us."})
    goal = _goal(journal)
    journal.goals.add_milestone(goal, "Outline the talk", due="2026-11-01")
    journal.goals.milestone_done(goal, "Outline the talk", on="2026-11-03")
    journal.goals.add_milestone(goal, "Dry run with a friend", due="2026-11-18")


def _agreed(make: Callable[[Any], Screen[Any]]) -> Opener:
    def made(app) -> Screen[Any]:
        agree(app.journal)
        return make(app)

    return _push(made)


def shortlisted(journal):
    """Once per journal: a shortlist with two must-haves and two weighted wants, three candidates
    scored (one missing a must-have, one not scored on one) and a conversation noted."""
    lists = journal.shortlists
    found = [sl for sl in lists.list() if sl.title == "Leadership mentor"]
    if found:
        return found[0]
    lists.new("Leadership mentor")
    lists.add_criterion("Leadership", "Works in my field", must=True)
    lists.add_criterion("Leadership", "Has time each month", must=True)
    lists.add_criterion("Leadership", "Has coached team leads", weight=5)
    lists.add_criterion("Leadership", "Lives nearby", weight=2)
    for name in ("Ada Byron", "Grace Hopper", "Alan Turing"):
        lists.add_candidate("Leadership", name)
    lists.score_many("Leadership", "Ada", [("1", "yes"), ("2", "yes"), ("3", "4"), ("4", "3")])
    lists.score_many("Leadership", "Grace", [("1", "yes"), ("3", "5"), ("4", "1")])
    lists.score_many("Leadership", "Alan", [("1", "no"), ("2", "yes"), ("3", "5"), ("4", "5")])
    lists.note("Leadership", "Ada", "Warm; asked what I want to be doing in two years.\n\nMonthly calls suit her.",
               on="2026-11-18")
    return lists.get("Leadership")


def _shortlisted(make: Callable[[Any, Any], Screen[Any]]) -> Opener:
    return _push(lambda app: make(app, shortlisted(app.journal)))


def _open_goals(*keys: str) -> Opener:
    """Before the furnished mentorship ends: its open goal, with another active mentorship (added
    once per journal) to move it to; `keys` pressed on the modal."""
    async def opener(pilot) -> None:
        from journal.tui.screens.open_goals import OpenGoalsModal

        journal = pilot.app.journal
        if not any(m.mentor == "Zoe Second" for m in journal.mentorships.list()):
            journal.mentorships.add("Zoe Second", focus="Writing")
        m = _mentorship(journal)
        others = [o for o in journal.mentorships.list() if o.id != m.id and o.status.value == "active"]
        pilot.app.push_screen(OpenGoalsModal(m, journal.mentorships.open_goals(m.id), others))
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await pilot.pause()

    return opener


def _retrospective(pilot_app: Any) -> Screen[Any]:
    from journal.tui.screens.retrospective import RetroScreen

    return RetroScreen(pilot_app.journal, goal=_goal(pilot_app.journal))


async def _reviewed(pilot) -> None:
    """The review of the furnished goal's retrospective, drawn (it draws once the screen is up)."""
    screen = _retrospective(pilot.app)
    pilot.app.push_screen(screen)
    for _ in range(50):
        await pilot.pause()
        if screen.retro is not None:
            break
    await pilot.pause()


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


def _composing(focus: str, **draft: Any) -> Opener:
    """Compose on a new entry of a kind with details (a check-in's ratings, a feedback entry's
    fields), `focus` focused so every size shows them."""
    async def opener(pilot) -> None:
        from journal.tui.screens.compose import ComposeScreen

        screen = ComposeScreen(pilot.app.journal, pilot.app.keeper, Draft(**draft))
        pilot.app.push_screen(screen)
        # The kind's fields mount with the screen, its own start (the text) takes the focus a turn
        # later and its footer is built after the first refresh, in the order of that focus: all
        # of it done first, so the focus moves once, from the same place, every run.
        await until(pilot, lambda: screen.focused is not None and screen.query("FooterKey")
                    and screen.query(focus) and screen.query_one(focus).size.area > 0)
        screen.query_one(focus).focus()
        await until(pilot, lambda: screen.focused is screen.query_one(focus))
        await pilot.pause()

    return opener


def tour() -> dict[str, Opener]:
    """Screen name → its opener, every screen of the app."""
    from journal.tui.screens.closure import ClosureScreen
    from journal.tui.screens.compose import ComposeScreen, draft_from_entry
    from journal.tui.screens.goal_detail import GoalScreen
    from journal.tui.screens.goal_form import GoalFormScreen
    from journal.tui.screens.mentorship_form import MentorshipFormScreen
    from journal.tui.screens.mentorships import MeetingModal, MentorshipScreen
    from journal.tui.screens.modals import DoneOnModal, MilestoneModal, PickModal, StatusModal
    from journal.tui.screens.agreement import AgreementExportModal, AgreementScreen
    from journal.tui.screens.agreement_form import AgreementFormScreen
    from journal.tui.screens.work_plan import WorkPlanScreen
    from journal.tui.screens.shortlist import ShortlistScreen
    from journal.tui.screens.shortlist_forms import (
        ChooseModal,
        CriterionModal,
        LineModal,
        NoteModal,
        NotesModal,
        ScoreModal,
    )
    from journal.tui.screens.shortlists import ShortlistsScreen

    def milestone_done(app):
        goal = app.journal.goals.get(_goal(app.journal))
        open_one = next(m for m in goal.milestones if m.done_on is None)
        return DoneOnModal(app.journal, goal.id, open_one.id, open_one.title)

    def closure_outcome(app, *, mentorship: bool = False):
        screen = (ClosureScreen(app.journal, app.keeper, mentorship=_mentorship(app.journal).id) if mentorship else
                  ClosureScreen(app.journal, app.keeper, goal=_goal(app.journal)))
        screen.step = len(screen.prompts)
        return screen

    return {
        "home": _home,
        "compose-new": _action("app.new_entry"),
        "compose-edit": _push(lambda app: ComposeScreen(
            app.journal, app.keeper, draft_from_entry(app.journal.entries.list()[0]))),
        "compose-check-in": _composing("#rating-relationship", body="Steady week.", kind=Kind.CHECK_IN,
                                       details={"goals": 4, "process": 5, "time": 2}),
        "compose-feedback": _composing("#feedback-from", body="The middle went too fast.", kind=Kind.FEEDBACK,
                                       revisit="in 2 weeks", details={"from": "Dana", "asked": "Was the pace right?",
                                                                      "follow_up": "Pause after each slide"}),
        "entry": _entry,
        "search": _action("app.search"),
        "trash": _action("app.trash"),
        "goals": _action("app.goals"),
        "goal": _push(lambda app: GoalScreen(app.journal, _goal(app.journal))),
        "goal-form-new": _push(lambda app: GoalFormScreen(app.journal)),
        "goal-form-edit": _push(lambda app: GoalFormScreen(app.journal, app.journal.goals.get(_goal(app.journal)))),
        "milestone": _push(lambda app: MilestoneModal(app.journal, _goal(app.journal))),
        "milestone-done": _push(milestone_done),
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
        "closure-outcome-mentorship": _push(lambda app: closure_outcome(app, mentorship=True)),
        "retrospective": _reviewed,
        "open-goals": _open_goals(),
        "open-goals-move": _open_goals("down", "down", "down", "enter"),
        "pick": _push(lambda app: PickModal("Pick one:", [("a", "first"), ("b", "second")])),
        "palette": _action("app.command_palette"),
        "preparing": _prepared("app.preparing"),
        "vision-form": _prepared("app.preparing", "v"),
        "profile-form": _prepared("app.preparing", "p"),
        "gap-modal": _prepared("app.preparing", "a"),
        "starter-goal": _prepared("app.preparing", "down", "down", "g"),  # gap 3's words are a goal's title
        "passing-on": _prepared("app.passing_on"),
        "agreement": _agreed(lambda app: AgreementScreen(app.journal, _mentorship(app.journal).id)),
        "agreement-form": _agreed(lambda app: AgreementFormScreen(app.journal, _mentorship(app.journal).id)),
        "agreement-export": _agreed(lambda app: AgreementExportModal(
            app.journal, app.journal.agreements.get(_mentorship(app.journal).id))),
        "work-plan": _agreed(lambda app: WorkPlanScreen(app.journal, _mentorship(app.journal).id)),
        "shortlists": _shortlisted(lambda app, sl: ShortlistsScreen(app.journal)),
        "shortlist": _shortlisted(lambda app, sl: ShortlistScreen(app.journal, sl.id)),
        "shortlist-line": _shortlisted(lambda app, sl: LineModal("New candidate", "A possible mentor's name",
                                                                  lambda text: text)),
        "shortlist-criterion": _shortlisted(lambda app, sl: CriterionModal(app.journal, sl)),
        "shortlist-criterion-edit": _shortlisted(lambda app, sl: CriterionModal(app.journal, sl, sl.criteria[0])),
        "shortlist-choose": _shortlisted(lambda app, sl: ChooseModal(app.journal, sl, rank(sl)[0])),
        "shortlist-score": _shortlisted(lambda app, sl: ScoreModal(app.journal, sl, sl.candidate("Grace"))),
        "shortlist-note": _shortlisted(lambda app, sl: NoteModal(app.journal, sl.id, sl.candidate("Ada"))),
        "shortlist-notes": _shortlisted(lambda app, sl: NotesModal(sl.candidate("Ada"))),
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
