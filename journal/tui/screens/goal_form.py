"""GoalFormScreen: create a goal (`add_goal`) or edit its statement (`edit_goal`)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Button, Header, Input, Select, Static

from textual.widget import Widget

from journal.domain.dates import cadence_of
from journal.domain.errors import JournalError
from journal.domain.model import Goal, MentorshipStatus
from journal.domain.timeline import FIELD_WORDS
from journal.services import Journal
from journal.tui.messages import GoalCreated, JournalChanged
from journal.tui.widgets.day_echo import DayEcho
from journal.tui.widgets.rows import safe
from journal.tui.screens.base import FormScreen
from journal.tui.widgets.footer import KeysFooter
from journal.tui.widgets.text_input import TextInput

GOAL_FIELDS = {"title": "title", "specific": "specific", "measurable": "measurable", "achievable": "achievable",
               "relevant": "relevant", "by": "time_bound", "criteria": "success_criteria",
               "review_every": "review_every", "mentorship": "mentorship"}
"""The form's fields and the goal's attributes they edit."""
FIELDS = (
    ("title", "Title", "e.g. Public speaking"),
    ("specific", "Specific: what exactly will you do?", "e.g. Give a 5-minute talk at the local meetup"),
    ("measurable", "Measurable: what number shows progress?", "e.g. 3 talks, feedback score 4 of 5"),
    ("achievable", "Achievable: why is it within reach?", "e.g. One evening a week to practise"),
    ("relevant", "Relevant: why does it matter to you?", "e.g. Needed for the team lead role"),
    ("by", "Target date", "e.g. 2027-03-31, in 12 weeks, end of march"),
    ("criteria", "Success criteria: how will you know it is done?", "e.g. Gave the talk; two people asked questions"),
    ("review_every", "Review every (days)", "e.g. 14: what's due (u) asks for a review then; empty: no reviews"),
)


def create_goal(sender: Widget, journal: Journal, title: str) -> Goal | None:
    """A new goal named `title`, announced with GoalCreated; a bad title is shown, never raised."""
    try:
        goal = journal.goals.add(title)
    except JournalError as error:
        sender.notify(str(error), severity="error", markup=False)
        return None
    sender.app.post_message(GoalCreated(goal))
    return goal


NO_MENTORSHIP = ""
"""The mentorship field's value for "none"."""


class GoalFormScreen(FormScreen[str | None]):
    """Dismisses with the saved goal's id, or None when left without saving."""
    FORM_NAME = "a goal"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="goal-form.save"),
        Binding("escape", "cancel", "Back", id="goal-form.back"),
    ]

    def __init__(self, journal: Journal, goal: Goal | None = None, mentorship: str | None = None) -> None:
        """`mentorship`: the mentorship (id) a new goal starts linked to (a goal's own link wins)."""
        super().__init__()
        self.journal = journal
        self.goal = goal
        self.mentorship = (goal.mentorship if goal is not None else mentorship) or NO_MENTORSHIP
        self.initial: dict[str, object] = {}
        """What the form held when it opened (`changed`)."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="goal-form-error", classes="form-error")  # above the fields: in view (S279)
        with VerticalScroll(id="goal-form"):
            for name, label, placeholder in FIELDS:
                yield Static(Text(label, style="bold"), classes="field-label")
                yield TextInput(value=self._initial(name), placeholder=placeholder, id=f"goal-{name}")
                if name == "by":
                    yield DayEcho("no target date (the SMART checklist will ask for one)", with_distance=True,
                                  id="goal-by-echo")
            yield Static(Text("Mentorship", style="bold"), classes="field-label")
            yield Select(self._mentorships(), value=self.mentorship, allow_blank=False, id="goal-mentorship")
            yield Button("Save goal  (ctrl+s)", id="goal-save", variant="primary")
        yield KeysFooter()

    def _mentorships(self) -> list[tuple[Text, str]]:
        """"none", the active mentorships, and the goal's own (or the preset) even when closed."""
        choices = [(Text("none", style="dim"), NO_MENTORSHIP)]
        for m in self.journal.mentorships.list():
            if m.status == MentorshipStatus.ACTIVE or m.id == self.mentorship:
                label = Text("☍ " + safe(m.mentor))
                if m.focus:
                    label.append(f" — {safe(m.focus)}", style="italic")
                if m.status != MentorshipStatus.ACTIVE:
                    label.append(f" ({m.status.value})", style="dim")
                choices.append((label, m.id))
        if self.mentorship not in {value for _, value in choices}:  # gone meanwhile
            self.mentorship = NO_MENTORSHIP
        return choices

    def _initial(self, name: str) -> str:
        goal = self.goal
        if goal is None:
            return ""
        if name == "by":
            return goal.time_bound.isoformat() if goal.time_bound else ""
        if name == "criteria":
            return goal.success_criteria
        if name == "review_every":
            return str(goal.review_every or "")
        return getattr(goal, name) or ""

    def on_mount(self) -> None:
        if not self.is_open():
            return
        self.title = "Edit goal" if self.goal else "New goal"
        if self.app.is_headless:  # stable snapshots: no blinking cursors
            for field in self.query(Input).results():
                field.cursor_blink = False
        self._echo()
        self.initial = self._state()
        self.query_one("#goal-title", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "goal-by":
            self._echo()

    def _echo(self) -> bool:
        """Show what the target date resolves to; False when it does not parse."""
        text = self.query_one("#goal-by", Input).value
        return self.query_one("#goal-by-echo", DayEcho).show(text, self.journal.day, self.journal.today())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "goal-save":
            self.action_save()

    def values(self) -> dict[str, str]:
        return {name: self.query_one(f"#goal-{name}", Input).value for name, _, _ in FIELDS}

    def _state(self) -> dict[str, object]:
        return {**self.values(), "mentorship": self.query_one("#goal-mentorship", Select).value}

    def changed(self) -> bool:
        """Anything typed or chosen since the form opened."""
        return bool(self.initial) and self._state() != self.initial

    def _error(self, message: str) -> None:
        self.show_error(message)

    def action_save(self) -> bool:
        """Validate and save; errors stay in the form. True when saved."""
        values = self.values()
        if not values["title"].strip():
            self._error("A goal needs a title.")
            self.query_one("#goal-title", Input).focus()
            return False
        if not self._echo():
            self._error("The target date is not a date I understand (see above).")
            self.query_one("#goal-by", Input).focus()
            return False
        typed_review = values.pop("review_every")
        try:
            review = cadence_of(typed_review)
        except ValueError as problem:
            self._error(f"Review every: {problem}")
            self.query_one("#goal-review_every", Input).focus()
            return False
        journal = self.journal
        chosen = self.query_one("#goal-mentorship", Select).value
        mentorship = chosen if isinstance(chosen, str) else NO_MENTORSHIP
        try:
            if self.goal is None:
                by = values.pop("by").strip() or None
                goal = journal.goals.add(values.pop("title"), by=by, specific=values["specific"],
                                         measurable=values["measurable"], achievable=values["achievable"],
                                         relevant=values["relevant"], criteria=values["criteria"],
                                         mentorship=mentorship or None, review_every=review)
                self.app.post_message(GoalCreated(goal))
            else:  # only what was changed here: what another window changed meanwhile stays (S177)
                edits: dict[str, str | int] = {name: value for name, value in values.items()
                                               if value != self.initial.get(name)}
                if typed_review != self.initial.get("review_every"):
                    edits["review_every"] = review or 0
                if chosen != self.initial.get("mentorship"):
                    edits["mentorship"] = mentorship
                now = journal.goals.get(self.goal.id)  # as another window may have changed it (S348)
                if self.changed_elsewhere(self.goal, now, edits, GOAL_FIELDS, FIELD_WORDS, "goal"):
                    self.goal = now  # a second save goes over what it says now
                    return False
                goal, changed = journal.goals.edit(self.goal.id, **edits)
                said = ", ".join(FIELD_WORDS.get(name, name.replace("_", " ")) for name in changed)
                self.notify(f"Changed: {said}." if changed else "Nothing changed.", markup=False)
                if changed:
                    self.app.post_message(JournalChanged())
        except JournalError as error:
            self._error(str(error))
            return False
        self.dismiss(goal.id)
        return True

    def action_cancel(self) -> None:
        """Back; with typed changes, ask Save / Discard / Cancel first (S165), as every form does."""
        self.leave_asking("goal-leave-confirm")
