"""VisionFormScreen: where I want to be and where I am now (`Preparing.set_vision`)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Button, Header, Static, TextArea

from journal.domain.errors import EditConflict, JournalError
from journal.domain.text import control_pictures
from journal.services import Journal
from journal.tui.messages import JournalChanged
from journal.tui.screens.base import FormScreen
from journal.tui.widgets.footer import KeysFooter

FIELDS = (
    ("future", "Where I want to be", "Picture yourself at your best in a year or two: what are you doing?"),
    ("present", "Where I am now", "Honestly, today: what you can do, what you cannot yet, what holds you back."),
)


class VisionFormScreen(FormScreen[bool]):
    """Dismisses with True when saved, False when left without saving."""
    FORM_NAME = "your vision"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="vision-form.save"),
        Binding("escape", "leave", "Back", id="vision-form.back"),
    ]

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal
        self.vision = journal.preparing.vision()
        self.initial: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="vision-form-error", classes="form-error")  # above the fields: in view (S279)
        with VerticalScroll(id="vision-form"):
            for name, label, hint in FIELDS:
                yield Static(Text(label, style="bold"), classes="field-label")
                yield Static(Text(hint, style="dim italic"), classes="field-note")
                yield TextArea(control_pictures(getattr(self.vision, name))[0], soft_wrap=True, show_line_numbers=False,
                               id=f"vision-{name}", classes="vision-text")
            yield Button("Save vision  (ctrl+s)", id="vision-save", variant="primary")
        yield KeysFooter()

    def on_mount(self) -> None:
        if not self.is_open():
            return
        self.title = "Vision"
        self.sub_title = "where you want to be, where you are"
        self.ready_text_areas()
        self.initial = self.values()
        self.query_one("#vision-future", TextArea).focus()

    def values(self) -> dict[str, str]:
        return {name: self.query_one(f"#vision-{name}", TextArea).text for name, _, _ in FIELDS}

    def changed(self) -> bool:
        return bool(self.initial) and self.values() != self.initial

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "vision-save":
            self.action_save()

    def action_save(self) -> bool:
        """Save both parts; an error stays in the form. True when saved."""
        values = self.values()
        typed = {name: text for name, text in values.items() if text != self.initial.get(name)}
        try:
            if typed:  # only what was changed here: what another window changed meanwhile stays (S177)
                self.journal.preparing.set_vision(  # nor is a part changed there written over (S335)
                    typed.get("future"), typed.get("present"),
                    edited_from={name: getattr(self.vision, name) for name, _, _ in FIELDS})
        except EditConflict as conflict:  # saved what it could; the rest is a draft
            self.notify(str(conflict), title="Not all saved", severity="warning", timeout=12, markup=False)
        except JournalError as error:
            self.show_error(str(error))
            return False
        else:
            self.notify("Vision saved.", markup=False)
        self.initial = values
        self.app.post_message(JournalChanged())
        self.dismiss(True)
        return True

    def action_leave(self) -> None:
        """Back; with typed changes, ask Save / Discard / Cancel first."""
        self.leave_asking("vision-leave-confirm", False)
