"""The small modal questions screens share: a choice of answers, a pick from a list, a
milestone's title and date, the day a milestone was done, a goal's status. Each is a typed ModalScreen: what it
dismisses with is its result."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from time import monotonic

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Key
from textual.screen import Screen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from journal.domain.errors import JournalError
from journal.domain.model import GoalStatus, Milestone
from journal.services import Journal
from journal.tui.messages import JournalChanged
from journal.tui.widgets.day_echo import DayEcho
from journal.tui.widgets.rows import safe
from journal.tui.screens.base import FormModal, JournalModal
from journal.tui.widgets.text_input import TextInput
from journal.tui.widgets.listing import Listing


def write_asking(screen: Screen, journal: Journal, target: str, write: Callable[[], None], *, id: str) -> None:
    """`write()` now, or once asked "Replace it?" when `target` names a file that is there: a
    second export to the name offered (or a file of the user's typed by mistake) replaced it
    unasked (S283). The command line's `-o` replaces, as such options do. A link or one of the
    journal's own files is never asked about: the writer refuses it in one line."""
    from journal.services.outputs import refuse_own_files

    path = Path(target).expanduser()
    try:
        refuse_own_files(journal.session.path, path)
        asking = path.is_file() and not path.is_symlink()
    except JournalError:
        asking = False
    if not asking:
        write()
        return
    question = Text.assemble(("A file is there already: ", "bold"), safe(str(path)), "\nReplace it?")

    def answer(choice: str | None) -> None:
        if choice == "replace":
            write()

    screen.app.push_screen(ChoiceModal(question, [("replace", "Replace"), ("cancel", "Cancel")], id=id), answer)


class ChoiceModal(JournalModal[str]):
    """Dismisses with the id of the chosen answer, or "cancel" on escape."""

    DEFAULT_CSS = """
    ChoiceModal { align: center middle; }
    ChoiceModal > Vertical {
        width: 64; height: auto; padding: 1 2;
        border: thick $accent; background: $surface;
    }
    ChoiceModal .choice-question { margin-bottom: 1; }
    ChoiceModal Horizontal { height: auto; align: center middle; }
    ChoiceModal Button { margin: 0 1; min-width: 10; }
    """

    TYPED_AHEAD = 0.6
    """Seconds after the question shows in which a letter, enter or space answers nothing: keys
    typed on after an escape pressed by reflex, or typed as the app starts, were meant for the
    text, not for the question (a `d` chose Discard: S174). Escape still cancels at once."""
    ASKED_AGAIN = {"discard": "Throw away what you typed, for good?  y: throw it away · any other key: back"}
    """Answers that lose typed text: their letter asks again, and only `y` then gives them (a
    `dd` typed on by a vim user's habit, a second after an escape, threw a draft away: S248).
    Their button, pressed or clicked, is deliberate: it answers at once. The question asked again
    takes no key in its own first TYPED_AHEAD either (the `y` of "body" confirmed it: S505)."""

    def __init__(self, question: Text | str, choices: list[tuple[str, str]], *, id: str | None = None) -> None:
        """`choices` are (answer id, label); a label's first letter is its key."""
        super().__init__(id=id)
        self.question = question if isinstance(question, Text) else Text(question)
        self.choices = choices
        self._shown_at = monotonic()
        self._asking: str | None = None
        """The answer asked about again (ASKED_AGAIN), until the next key read after TYPED_AHEAD."""
        self._asked_at = 0.0

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, classes="choice-question")
            with Horizontal():
                for answer, label in self.choices:
                    first = answer == self.choices[0][0]
                    yield Button(Text(label), id=f"choice-{answer}", variant="primary" if first else "default")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("choice-"))

    def on_mount(self) -> None:
        self._shown_at = monotonic()

    def on_key(self, event: Key) -> None:
        if event.key == "escape" and self._asking is None:
            event.stop()
            self.dismiss("cancel")
            return
        if event.key in ("left", "right") and self._asking is None:  # along the row of answers (S514)
            event.stop()
            event.prevent_default()
            (self.focus_previous if event.key == "left" else self.focus_next)()
            return
        # `event.time`: when the key came in from the terminal, however late a busy app takes it
        if event.time - self._shown_at < self.TYPED_AHEAD and (event.is_printable or event.key in ("enter", "space")):
            event.stop()  # typed before the question could be read: no answer, and never the button's
            event.prevent_default()
            return
        if self._asking is not None:
            event.stop()
            event.prevent_default()
            if event.time - self._asked_at < self.TYPED_AHEAD and (event.is_printable or event.key in ("enter",)):
                return  # typed on before the question asked again could be read ("nobody": d, then y: S505)
            answer, self._asking = self._asking, None
            if event.key == "y":
                self.dismiss(answer)
            else:
                self.query_one(".choice-question", Static).update(self.question)
            return
        for answer, label in self.choices:
            if event.key == label[0].lower():
                event.stop()
                if answer in self.ASKED_AGAIN:
                    self._asking, self._asked_at = answer, event.time
                    again = self.question.copy()
                    again.append("\n\n")
                    again.append(self.ASKED_AGAIN[answer], style="bold #ff8787")
                    self.query_one(".choice-question", Static).update(again)
                    return
                self.dismiss(answer)
                return


class PickModal(JournalModal[str]):
    """Pick one item from a list; dismisses with its id, or "" on escape."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    DEFAULT_CSS = """
    PickModal { align: center middle; }
    PickModal > Vertical { width: 64; height: auto; max-height: 80%; padding: 1 2;
                           border: thick $accent; background: $surface; }
    PickModal OptionList { height: auto; max-height: 16; }
    """

    def __init__(self, question: str, items: list[tuple[str, Text]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.question, self.items = question, items

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.question, style="bold"))
            yield Listing(*(Option(label, id=ref) for ref, label in self.items), id="pick-list")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id or "")

    def action_cancel(self) -> None:
        self.dismiss("")


class MilestoneModal(FormModal[str | None]):
    """Asks a milestone's title and optional due date (resolved live, as the save reads it) and
    adds it to goal `goal_id`, or with `milestone` corrects that one (S539); a refusal stays here,
    in words, with what was typed. Dismisses with the milestone's id, or None."""
    FORM_NAME = "a milestone"

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="milestone.cancel")]

    def __init__(self, journal: Journal, goal_id: str, milestone: Milestone | None = None) -> None:
        super().__init__()
        self.journal = journal
        self.goal_id = goal_id
        self.milestone = milestone

    def compose(self) -> ComposeResult:
        m = self.milestone
        with Vertical(id="milestone-box"):
            yield Static(Text("Edit milestone" if m else "New milestone", style="bold"))
            yield TextInput(m.title if m else "", placeholder="What will be done, e.g. First talk at the meetup",
                            id="milestone-title")
            yield TextInput(m.due_on.isoformat() if m and m.due_on else "",
                            placeholder="Due (optional): 2026-12-15, next friday, in 3 weeks", id="milestone-due")
            yield DayEcho("no due date", id="milestone-echo")
            yield Static(id="milestone-error", classes="form-error")  # no room taken until it has something to say
            with Horizontal(classes="modal-buttons"):
                yield Button("Save" if m else "Add", id="milestone-add", variant="primary")
                yield Button("Cancel", id="milestone-cancel")

    def on_mount(self) -> None:
        self._echo()  # an edited milestone's due day, in words

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "milestone-due":
            self._echo()

    def _echo(self) -> bool:
        text = self.query_one("#milestone-due", Input).value
        # a plan's day, as `Goals.add_milestone` reads it: "friday" is the next one
        return self.query_one("#milestone-echo", DayEcho).show(text, self.journal.ahead, self.journal.today())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "milestone-title":
            self.query_one("#milestone-due", Input).focus()
        else:
            self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "milestone-add":
            self.action_save()
        else:
            self.dismiss(None)

    def _error(self, message: str, field: str) -> bool:
        self.show_error(message, field)
        return False

    def action_save(self) -> bool:
        """Add the milestone (Add, enter, and Save in the unsaved-changes question); True once saved."""
        title = self.query_one("#milestone-title", Input).value
        if not title.strip():
            return self._error("A milestone needs a title.", "#milestone-title")
        if not self._echo():
            return self._error("The due date is not a date I understand (see above).", "#milestone-due")
        due = self.query_one("#milestone-due", Input).value.strip()
        goals = self.journal.goals
        try:
            if self.milestone is None:
                saved = goals.add_milestone(self.goal_id, title, due or None)
            else:
                saved, _ = goals.edit_milestone(self.goal_id, self.milestone.id, title=title, due=due or None,
                                                no_due=not due)
        except JournalError as problem:
            return self._error(str(problem), "#milestone-title")
        self.app.post_message(JournalChanged())
        self.dismiss(saved.id)
        return True


class DayModal(FormModal[str | None]):
    """A small form that asks one day, resolved live under its field, and saves itself (a
    refusal stays on it, in words); dismisses with the day saved (ISO), or None. A subclass
    composes `#{PART}-day` (Input), `#{PART}-echo` (DayEcho), `#{PART}-error` (Static) and the
    buttons `#{PART}-save` and a cancel, and writes in `save`."""

    ASKS = False  # a day: nothing of the person's writing to lose
    PART = ""
    AHEAD = False
    """True: the day is one a plan names ("friday": the next one), echoed as `save` reads it
    (`Journal.ahead`); False: a day that was (`Journal.day`)."""

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal

    def save(self, text: str) -> date | None:
        """Write what the day `text` (stripped; "" for the form's default) asks; the day written."""
        raise NotImplementedError

    def on_mount(self) -> None:
        field = self.query_one(f"#{self.PART}-day", Input)
        if self.app.is_headless:
            field.cursor_blink = False
        field.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._echo()

    def _echo(self) -> bool:
        text = self.query_one(f"#{self.PART}-day", Input).value
        resolve = self.journal.ahead if self.AHEAD else self.journal.day
        return self.query_one(f"#{self.PART}-echo", DayEcho).show(text, resolve, self.journal.today())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == f"{self.PART}-save":
            self._submit()
        else:
            self.dismiss(None)

    def _submit(self) -> None:
        error = self.query_one(f"#{self.PART}-error", Static)
        if not self._echo():
            error.update(Text("That is not a date I understand (see above).", style="bold #ff8787"))
            return
        try:
            day = self.save(self.query_one(f"#{self.PART}-day", Input).value.strip())
        except JournalError as problem:
            error.update(Text(str(problem), style="bold #ff8787"))
            return
        self.dismiss(day.isoformat() if day else None)


class DoneOnModal(DayModal):
    """Mark a milestone done: on the day typed, empty for today (a day to come is refused, the
    service's rule, S234)."""

    PART = "done-on"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="done-on.cancel")]

    def __init__(self, journal: Journal, goal_id: str, milestone_id: str, title: str) -> None:
        super().__init__(journal)
        self.goal_id, self.milestone_id, self.title = goal_id, milestone_id, title

    def compose(self) -> ComposeResult:
        today = self.journal.today()
        with Vertical(id="done-on-box"):
            yield Static(Text(f"Done: {safe(self.title)}", style="bold"))
            yield TextInput(placeholder="On: yesterday, last friday, 2026-11-20", id="done-on-day")
            yield DayEcho(f"empty: today, {today.strftime('%a %d %b %Y')}", id="done-on-echo")
            yield Static(id="done-on-error")
            with Horizontal(classes="modal-buttons"):
                yield Button("Done", id="done-on-save", variant="primary")
                yield Button("Cancel", id="done-on-cancel")

    def save(self, text: str) -> date | None:
        return self.journal.goals.milestone_done(self.goal_id, self.milestone_id, text or None)[0].done_on


class StatusModal(FormModal[str | None]):
    """Pick a goal status (active / paused / achieved / abandoned); escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="status.cancel")]

    def __init__(self, current: GoalStatus) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="status-box"):
            yield Static(Text(f"Change status (now {self.current.value})", style="bold"))
            yield Listing(*[Option(Text(s.value), id=s.value, disabled=s == self.current) for s in GoalStatus],
                             id="status-options")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        options.highlighted = next(i for i, s in enumerate(GoalStatus) if s != self.current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

