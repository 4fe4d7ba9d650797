"""OpenGoalsModal: before a mentorship closes, a decision for each of its open goals.

One row per open goal (active or paused): carry on alone (the goal leaves the mentorship),
achieved, abandoned, or move to another active mentorship (chosen in a drop-down under the
row). Nothing is written here: the modal dismisses with the decisions (goal id → `keep`,
`achieved`, `abandoned` or `move:<mentorship id>`, as `journal.closure.close(goals=…)` takes
them), or None when the person goes back.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, RadioSet, Select, Static

from journal.domain.model import Goal, GoalStatus, Mentorship
from journal.tui.screens.base import FormModal
from journal.tui.widgets.rows import safe
from journal.tui.widgets.toggles import Choice
from journal.tui.widgets.choices import Choices

CHOICES = (
    ("keep", "carry on alone"),
    ("achieved", "✓ achieved"),
    ("abandoned", "✗ abandoned"),
    ("move", "move to another mentorship"),
)
"""A decision's key (what the service takes) and how the row says it."""
ERROR_STYLE = "bold #ff8787"


class OpenGoalsModal(FormModal[dict[str, str] | None]):
    """`OpenGoalsModal(mentorship, goals, others)`: `goals` its open goals, `others` the other
    active mentorships a goal may move to."""
    FORM_NAME = "a goal's decision"

    BINDINGS = [
        Binding("escape", "cancel", "Back", id="open-goals.cancel"),
        Binding("ctrl+s", "decide", "Close the mentorship", priority=True, id="open-goals.decide"),
    ]

    def __init__(self, mentorship: Mentorship, goals: list[Goal], others: list[Mentorship]) -> None:
        super().__init__()
        self.mentorship = mentorship
        self.goals = goals
        self.others = others

    def compose(self) -> ComposeResult:
        count = len(self.goals)
        with VerticalScroll(id="open-goals-box"):
            head = Text("Before the mentorship with ", style="bold")
            head.append(safe(self.mentorship.mentor), style="bold #ffaf5f")
            head.append(" ends", style="bold")
            yield Static(head, id="open-goals-title")
            yield Static(Text(f"It has {'an open goal' if count == 1 else f'{count} open goals'}: say what "
                              "happens to each (carry on alone takes it out of the mentorship).", style="dim"),
                         id="open-goals-help")
            for row, goal in enumerate(self.goals):
                with Vertical(classes="open-goal"):
                    title = Text("⚑ ", style="#ffaf5f")
                    title.append(safe(goal.title), style="bold")
                    if goal.status == GoalStatus.PAUSED:
                        title.append("  (paused)", style="dim")
                    yield Static(title, classes="open-goal-title")
                    with Choices(id=f"open-goal-{row}", classes="open-goal-choice", compact=True):
                        for key, words in CHOICES:
                            alone = key == "move" and not self.others  # said on the choice the arrows skip (S522)
                            yield Choice(f"{words} (there is no other active one)" if alone else words,
                                         id=f"{key}-{row}", disabled=alone)
                    if self.others:
                        yield Select([(Text(safe(m.mentor)), m.id) for m in self.others], prompt="Move it to…",
                                     value=self.others[0].id if len(self.others) == 1 else Select.NULL,
                                     id=f"open-goal-target-{row}", classes="open-goal-target", compact=True)
            yield Static(id="open-goals-error")
            with Horizontal(classes="modal-buttons"):
                yield Button("Close the mentorship (ctrl+s)", id="open-goals-close", variant="primary")
                yield Button("Back (esc)", id="open-goals-back")

    def on_mount(self) -> None:
        for target in self.query(".open-goal-target").results(Select):
            target.display = False
        if self.goals:
            self.query_one("#open-goal-0", RadioSet).focus()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        """Choosing "move" shows where to; any other choice hides it."""
        event.stop()
        row = (event.radio_set.id or "").rpartition("-")[2]
        moving = bool(event.pressed.id and event.pressed.id.startswith("move-"))
        for target in self.query(f"#open-goal-target-{row}").results(Select):
            target.display = moving
            if moving:
                target.focus()
        self.query_one("#open-goals-error", Static).update("")

    def decisions(self) -> tuple[dict[str, str], str]:
        """The decisions taken so far, and what is still missing (one line, "" when nothing is)."""
        found: dict[str, str] = {}
        for row, goal in enumerate(self.goals):
            pressed = self.query_one(f"#open-goal-{row}", RadioSet).pressed_button
            key = (pressed.id or "").rpartition("-")[0] if pressed is not None else ""
            if not key:
                return found, f"Say what happens to '{safe(goal.title)}' first."
            if key == "move":
                target = self.query_one(f"#open-goal-target-{row}", Select).value
                if target == Select.NULL or not isinstance(target, str):
                    return found, f"Choose the mentorship '{safe(goal.title)}' moves to."
                found[goal.id] = f"move:{target}"
            else:
                found[goal.id] = key
        return found, ""

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "open-goals-close":
            self.action_decide()
        else:
            self.action_cancel()

    def action_decide(self) -> None:
        found, missing = self.decisions()
        if missing:
            self.query_one("#open-goals-error", Static).update(Text(missing, style=ERROR_STYLE))
            return
        self.dismiss(found)

