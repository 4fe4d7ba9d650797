"""PreparingScreen: the vision (where I want to be, where I am), its gaps (each may become a
starter goal, in one keystroke), the learning profile, and reflecting on past mentors.
GapModal and StarterGoalModal ask a gap's words and a starter goal's title."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from journal.domain.errors import BadValue, JournalError
from journal.domain.model import Goal, GoalStatus
from journal.domain.practice import Gap, Vision
from journal.services import Journal
from journal.tui.messages import ComposeRequested, GoalCreated, JournalChanged
from journal.tui.screens.compose import template_draft
from journal.tui.screens.base import FormModal, JournalScreen
from journal.tui.screens.modals import ChoiceModal
from journal.tui.widgets.goal_view import STATUS_SYMBOL
from journal.tui.widgets.keep_place import Place, place_of, restore
from journal.tui.widgets.profile_view import EMPTY_HERE, profile_text
from journal.tui.widgets.rows import safe
from journal.tui.widgets.footer import KeysFooter
from journal.tui.widgets.text_input import TextInput
from journal.tui.widgets.listing import Listing

TEMPLATE_SET = "preparing"
"""The prompt set a reflection on past mentors is written from (an entry of kind preparing)."""


def vision_text(vision: Vision) -> Text:
    """Where I want to be and where I am, each under its heading ('—' when not written yet)."""
    text = Text()
    text.append("Vision", style="bold underline")
    text.append("  (v edits)\n", style="dim")
    for heading, value in (("Where I want to be", vision.future), ("Where I am now", vision.present)):
        text.append(f"{heading}\n", style="bold")
        if value:  # not indented: a wrapped line would start at the edge anyway
            for line in value.split("\n"):
                text.append(f"{safe(line)}\n")
        else:
            text.append("— press v to write it\n", style="dim")
    text.rstrip()
    return text


def gap_row(number: int, gap: Gap, goal: Goal | None) -> Text:
    """`1. Give feedback to peers` and, once it became a goal, `→ goal: <title>` under it."""
    row = Text()
    row.append(f"{number:>2}. ", style="dim")
    row.append(safe(gap.text))
    if goal is not None:
        row.append("\n    → goal: ", style="#5fafff")
        row.append(safe(goal.title), style="bold #5fafff")
        if goal.status != GoalStatus.ACTIVE:
            row.append(f"  {STATUS_SYMBOL[goal.status]} {goal.status.value}", style="dim")
    elif gap.goal_id:
        row.append("\n    → goal no longer here (g makes a new one)", style="dim")
    return row


class PreparingScreen(JournalScreen[None]):
    """The vision, the gaps (a add, e edit, d remove, g starter goal, enter opens its goal), the
    learning profile (p), the vision's form (v) and a reflection on past mentors (r)."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="preparing.back"),
        Binding("a", "add_gap", "Add gap", id="preparing.add"),
        Binding("e", "edit_gap", "Edit", id="preparing.edit"),
        Binding("d", "remove_gap", "Remove", id="preparing.remove"),
        Binding("g", "gap_goal", "→ Goal", id="preparing.goal"),
        Binding("v", "edit_vision", "Vision", id="preparing.vision"),
        Binding("p", "edit_profile", "Profile", id="preparing.profile"),
        Binding("r", "reflect", "Reflect", id="preparing.reflect"),
    ]

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal
        self.vision = Vision()
        self.goals: dict[str, Goal] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="preparing-main"):
            with VerticalScroll(id="preparing-left"):
                yield Static(id="preparing-vision")
                yield Static(id="preparing-profile")
            with Vertical(id="preparing-right"):
                yield Static(Text("Gaps (a add, e edit, d remove, g goal)", style="bold"),  # whole at 80 (S450)
                             classes="goal-section", id="preparing-gaps-head")
                yield Listing(id="preparing-gaps")
                yield Static(Text("r: reflect on past mentors: what worked, what could have gone better, "
                                  "how you contributed", style="dim"), id="preparing-hint")
        yield KeysFooter()

    def on_mount(self) -> None:
        if not self.is_open():
            return
        self.title = "Preparing"
        self.sub_title = "vision, gaps, learning profile"
        self.reload()
        self.query_one("#preparing-gaps", OptionList).focus()

    @on(JournalChanged)
    def _journal_changed(self) -> None:
        self.reload()

    def reload(self, select: str | None = None) -> None:
        """Read the vision, the gaps' goals and the profile again, keeping the highlighted gap
        (by id; its neighbour when it is gone) and the scroll; `select` highlights that gap."""
        journal = self.journal
        self.vision = journal.preparing.vision()
        self.goals = {}
        for gap in self.vision.gaps:
            if gap.goal_id:
                try:
                    self.goals[gap.goal_id] = journal.goals.get(gap.goal_id)
                except JournalError:
                    pass  # gone (another device): shown as such
        self.query_one("#preparing-vision", Static).update(vision_text(self.vision))
        self.query_one("#preparing-profile", Static).update(
            profile_text(journal.preparing.profile(), title="Learning profile  (p edits)", empty=EMPTY_HERE))
        gaps = self.query_one("#preparing-gaps", OptionList)
        place = place_of(gaps)
        if select is not None:
            place = Place(select, None, place.scroll_y)
        gaps.clear_options()
        gaps.add_options([Option(gap_row(n, g, self.goals.get(g.goal_id or "")), id=g.id)
                          for n, g in enumerate(self.vision.gaps, 1)])
        if not self.vision.gaps:
            gaps.add_option(Option(Text("No gaps yet: press a to name what stands between where you are "
                                        "and where you want to be.", style="dim"), disabled=True))
        restore(gaps, place)

    # ----------------------------------------------------------- the highlighted gap
    @property
    def current(self) -> Gap | None:
        gaps = self.query_one("#preparing-gaps", OptionList)
        if gaps.highlighted is None or not self.vision.gaps:
            return None
        option_id = gaps.get_option_at_index(gaps.highlighted).id
        return next((g for g in self.vision.gaps if g.id == option_id), None)

    def _number(self, gap: Gap) -> int:
        return next(n for n, g in enumerate(self.vision.gaps, 1) if g.id == gap.id)

    def _failed(self, error: JournalError) -> None:
        self.notify(str(error), severity="error", markup=False)
        self.reload()

    # ----------------------------------------------------------- actions
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter: a gap that became a goal opens the goal; any other gap is reworded."""
        event.stop()
        gap = self.current
        if gap is None:
            return
        if gap.goal_id and gap.goal_id in self.goals:
            from journal.tui.screens.goal_detail import GoalScreen

            self.app.push_screen(GoalScreen(self.journal, gap.goal_id), lambda _: self.reload())
        else:
            self.action_edit_gap()

    def action_add_gap(self) -> None:
        self.app.push_screen(GapModal(self.journal), self._gap_saved)

    def action_edit_gap(self) -> None:
        if (gap := self.current) is not None:
            self.app.push_screen(GapModal(self.journal, gap, self._number(gap)), self._gap_saved)

    def _gap_saved(self, gap_id: str | None) -> None:
        if gap_id:
            self.reload(select=gap_id)
            self.app.post_message(JournalChanged())

    def action_remove_gap(self) -> None:
        """Ask, then remove the gap; one that became a goal is removed only keeping the goal."""
        gap = self.current
        if gap is None:
            return
        number = self._number(gap)
        linked = self.goals.get(gap.goal_id or "")
        if linked is not None:
            question = Text(f"Gap {number} became the goal ")
            question.append(safe(linked.title), style="bold")
            question.append(". Remove the gap and keep the goal?")
            choices = [("keep", "Keep the goal, remove the gap"), ("cancel", "Cancel")]
        else:
            question = Text(f"Remove gap {number}?\n\n")
            question.append(safe(gap.text), style="italic")
            choices = [("remove", "Remove"), ("cancel", "Cancel")]

        def answer(choice: str | None) -> None:
            if choice not in ("keep", "remove"):
                return
            try:
                self.journal.preparing.remove_gap(gap.id, keep_goal=choice == "keep")
            except JournalError as error:
                self._failed(error)
                return
            self.notify(f"Removed gap {number}." + (" Its goal stays." if linked else ""), markup=False)
            self.reload()
            self.app.post_message(JournalChanged())

        self.app.push_screen(ChoiceModal(question, choices, id="remove-gap"), answer)

    def action_gap_goal(self) -> None:
        """One keystroke: the highlighted gap becomes a starter goal titled by it (linked). A
        title already taken asks for another; a gap that is a goal already says which."""
        gap = self.current
        if gap is None:
            return
        if gap.goal_id and gap.goal_id in self.goals:
            self.notify(f"Gap {self._number(gap)} is already a goal: enter opens it.", markup=False)
            return
        taken = {g.goal.title.casefold() for g in self.journal.goals.summaries()}
        if gap.text.casefold() in taken:
            self.app.push_screen(StarterGoalModal(self.journal, gap, self._number(gap)), self._goal_made)
            return
        try:
            goal = self.journal.preparing.gap_to_goal(gap.id)
        except JournalError as error:
            self._failed(error)
            return
        self._goal_made(goal.id)

    def _goal_made(self, goal_id: str | None) -> None:
        if not goal_id:
            return
        goal = self.journal.goals.get(goal_id)
        self.notify(f"Starter goal made: {safe(goal.title)}. Enter opens it to fill in its SMART statement.",
                    markup=False)
        self.app.post_message(GoalCreated(goal))
        gap = self.journal.preparing.gap_of(goal_id)
        self.reload(select=gap.id if gap else None)

    def action_edit_vision(self) -> None:
        from journal.tui.screens.vision_form import VisionFormScreen

        self.app.push_screen(VisionFormScreen(self.journal), lambda _: self.reload())

    def action_edit_profile(self) -> None:
        from journal.tui.screens.profile_form import ProfileFormScreen

        self.app.push_screen(ProfileFormScreen(self.journal), lambda _: self.reload())

    def action_reflect(self) -> None:
        """A reflection on past mentors: the preparing questions as headings, the cursor in the
        first answer (an entry of kind preparing)."""
        try:
            draft = template_draft(self.journal, TEMPLATE_SET)
        except JournalError as error:  # the set is gone (replaced by a broken one of the person's own)
            self.notify(str(error), severity="warning", markup=False)
            return
        self.post_message(ComposeRequested(draft, template=True))


class _LineModal(FormModal[str | None]):
    """One line of text over the Preparing screen; saves itself (errors stay here) and
    dismisses with the id of what it saved, or None."""
    FORM_NAME = "a line of your preparing"

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="line-modal.cancel"),
                Binding("ctrl+s", "save", "Save", priority=True, id="line-modal.save")]  # as every form (S450)

    heading = ""
    placeholder = ""
    button = "Save"

    def __init__(self, journal: Journal, initial: str = "") -> None:
        super().__init__()
        self.journal = journal
        self.initial = initial

    def compose(self) -> ComposeResult:
        with Vertical(classes="line-box"):
            yield Static(Text(self.heading, style="bold"))
            # the cursor after the words, none selected: a key typed adds to them (S450)
            yield TextInput(self.initial, placeholder=self.placeholder, classes="line-input", select_on_focus=False)
            yield Static(classes="line-error")
            with Horizontal(classes="modal-buttons"):
                yield Button(self.button, classes="line-save", variant="primary")
                yield Button("Cancel", classes="line-cancel")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        if self.app.is_headless:
            field.cursor_blink = False
        field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.has_class("line-save"):
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> bool:
        """What the modal's button does (enter, and Save in the unsaved-changes question): save,
        or say why not and stay; True once saved."""
        try:
            saved = self.save(self.query_one(Input).value)
        except JournalError as error:
            self.query_one(".line-error", Static).update(Text(str(error), style="bold #ff8787"))
            self.query_one(Input).focus()
            return False
        self.dismiss(saved)
        return True

    def save(self, text: str) -> str:
        raise NotImplementedError



class GapModal(_LineModal):
    """A new gap, or a gap's new words."""

    placeholder = "e.g. Giving feedback without softening it away"  # whole in the 64-column box

    def __init__(self, journal: Journal, gap: Gap | None = None, number: int | None = None) -> None:
        super().__init__(journal, gap.text if gap else "")
        self.gap = gap
        self.heading = f"Gap {number}: new words" if gap is not None else \
            "A gap between where you are and where you want to be"
        self.button = "Save" if gap is not None else "Add"

    def save(self, text: str) -> str:
        if self.gap is None:
            return self.journal.preparing.add_gap(text).id
        return self.journal.preparing.edit_gap(self.gap.id, text).id


class StarterGoalModal(_LineModal):
    """The starter goal's title, when the gap's words are already a goal's title."""

    button = "Make the goal"

    def __init__(self, journal: Journal, gap: Gap, number: int) -> None:
        super().__init__(journal, gap.text)
        self.gap = gap
        self.heading = f"A goal with gap {number}'s words exists: name the starter goal"

    def save(self, text: str) -> str:
        # said here in the form's words: the service's way on is a command line's (S282)
        title = " ".join(text.split())
        if not title:
            raise BadValue("Type a title for the starter goal.")
        if any(s.goal.title.casefold() == title.casefold() for s in self.journal.goals.summaries()):
            raise BadValue("A goal has that title already: type another one for the starter goal.")
        return self.journal.preparing.gap_to_goal(self.gap.id, title=title).id
