"""ProfileFormScreen: the learning profile (`Preparing.set_profile`): the ways of learning as
a list to tick (the offered ones and your own) plus a field for more of your own, strengths,
challenges, and what you need from a mentor."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Button, Header, Input, Static, TextArea

from journal.domain.errors import EditConflict, JournalError
from journal.domain.text import control_pictures
from journal.domain.practice import LEARNING_STYLES
from journal.services import Journal
from journal.tui.messages import JournalChanged
from journal.tui.screens.base import FormScreen
from journal.tui.widgets.rows import safe
from journal.tui.widgets.toggles import TickList
from journal.tui.widgets.footer import KeysFooter
from journal.tui.widgets.text_input import TextInput

TEXTS = (
    ("strengths", "Strengths", "What you do well, what others come to you for"),
    ("challenges", "Challenges", "What is hard for you, where you get stuck"),
    ("needs", "What I need from a mentor", "e.g. honest feedback within a week; someone who has led a team"),
)


State = tuple[tuple[str, ...], tuple[tuple[str, str], ...]]
"""The form's styles and texts, to compare with what it opened with."""


class ProfileFormScreen(FormScreen[bool]):
    """Dismisses with True when saved, False when left without saving."""
    FORM_NAME = "your learning profile"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="profile-form.save"),
        Binding("escape", "leave", "Back", id="profile-form.back"),
    ]

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal
        self.profile = journal.preparing.profile()
        presets = [name for name, _ in LEARNING_STYLES]
        self.offered = presets + [s for s in self.profile.styles if s not in presets]
        """Every style the list offers: the presets, then the person's own."""
        self.initial: State | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="profile-form-error", classes="form-error")  # above the fields: in view (S279)
        meanings = dict(LEARNING_STYLES)
        with VerticalScroll(id="profile-form"):
            yield Static(Text("How I learn best  (space ticks)", style="bold"), classes="field-label")
            options = []
            for name in self.offered:
                label = Text(safe(name))
                label.append(f" — {meanings[name]}" if name in meanings else " (my own)", style="dim")
                options.append((label, name, name in self.profile.styles))
            yield TickList(*options, id="profile-styles", compact=True)
            # whole at 80 columns; coming back to the field puts the cursor after what was typed
            yield TextInput(placeholder="Your own ways, commas between: e.g. sketching, talking it through",
                            id="profile-own", select_on_focus=False)
            for name, heading, placeholder in TEXTS:
                yield Static(Text(heading, style="bold"), classes="field-label")
                yield TextArea(control_pictures(getattr(self.profile, name))[0], soft_wrap=True,
                               show_line_numbers=False, placeholder=placeholder, id=f"profile-{name}",
                               classes="profile-text")
            yield Button("Save profile  (ctrl+s)", id="profile-save", variant="primary")
        yield KeysFooter()

    def on_mount(self) -> None:
        if not self.is_open():
            return
        self.title = "Learning profile"
        self.sub_title = "how you learn, what you need from a mentor"  # whole at 80 columns
        self.ready_text_areas()
        if self.app.is_headless:  # stable snapshots: no blinking cursors
            self.query_one("#profile-own", Input).cursor_blink = False
        self.initial = self._state()
        self.query_one("#profile-styles", TickList).focus()

    def chosen_styles(self) -> list[str]:
        """The ticked styles in the list's order, then the ones typed in the field."""
        ticked = set(self.query_one("#profile-styles", TickList).selected)
        own = [part for part in self.query_one("#profile-own", Input).value.split(",") if part.strip()]
        return [s for s in self.offered if s in ticked] + own

    def texts(self) -> dict[str, str]:
        return {name: self.query_one(f"#profile-{name}", TextArea).text for name, _, _ in TEXTS}

    def _state(self) -> State:
        return tuple(self.chosen_styles()), tuple(sorted(self.texts().items()))

    def changed(self) -> bool:
        return self.initial is not None and self._state() != self.initial

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "profile-save":
            self.action_save()

    def action_save(self) -> bool:
        """Save the profile; an error stays in the form. True when saved."""
        styles, texts = self._state()
        before_styles, before_texts = self.initial or ((), ())
        typed: dict[str, Any] = {name: text for name, text in texts if (name, text) not in before_texts}
        if styles != before_styles:
            typed["styles"] = list(styles)
        try:  # only what was changed here: what another window changed meanwhile stays (S177)
            if typed:  # nor is a text changed there written over (S335)
                self.journal.preparing.set_profile(
                    **typed, edited_from={name: getattr(self.profile, name) for name, _, _ in TEXTS})
        except EditConflict as conflict:  # saved what it could; the rest is a draft
            self.notify(str(conflict), title="Not all saved", severity="warning", timeout=12, markup=False)
        except JournalError as error:
            self.show_error(str(error))
            return False
        else:
            self.notify("Learning profile saved.", markup=False)
        self.initial = self._state()
        self.app.post_message(JournalChanged())
        self.dismiss(True)
        return True

    def action_leave(self) -> None:
        """Back; with typed changes, ask Save / Discard / Cancel first."""
        self.leave_asking("profile-leave-confirm", False)
