"""MentorshipFormScreen: start a mentorship (`Mentorships.add`) or edit one (`Mentorships.edit`)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Button, Header, Input, Static, TextArea

from journal.domain.dates import cadence_of
from journal.domain.errors import JournalError
from journal.domain.text import control_pictures
from journal.domain.model import Mentorship, MentorshipStatus
from journal.services import Journal
from journal.tui.messages import JournalChanged
from journal.tui.screens.base import FormScreen
from journal.tui.screens.compose import _has_tree_sitter
from journal.tui.widgets.day_echo import DayEcho
from journal.tui.widgets.rows import safe
from journal.tui.widgets.footer import KeysFooter
from journal.tui.widgets.text_input import TextInput

INPUTS = (
    ("mentor", "Mentor", "e.g. Ada Lovelace"),
    ("focus", "Focus: what is the mentorship about?", "e.g. Public speaking and conference talks"),
    ("since", "Started", "e.g. 2026-09-01, last monday, today"),
    ("every", "Check in every N days", "e.g. 14 (empty: no check-in rhythm)"),
)

CHANGED = {"started_on": "start", "check_in_every": "check-in rhythm"}
"""How a changed field is named (the others by their own name)."""
ATTRIBUTES = {"mentor": "mentor", "focus": "focus", "since": "started_on", "every": "check_in_every",
              "agreements": "agreements"}
"""The form's fields and the mentorship's attributes they edit."""


class MentorshipFormScreen(FormScreen[str | None]):
    """Dismisses with the saved mentorship's id, or None when left without saving."""
    FORM_NAME = "a mentorship"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="mentorship-form.save"),
        Binding("escape", "leave", "Back", id="mentorship-form.back"),
    ]

    def __init__(self, journal: Journal, mentorship: Mentorship | None = None) -> None:
        super().__init__()
        self.journal = journal
        self.mentorship = mentorship
        self.closed = mentorship is not None and mentorship.status == MentorshipStatus.CLOSED
        self.initial: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="mentorship-form-error", classes="form-error")  # above the fields: in view (S279)
        with VerticalScroll(id="mentorship-form"):
            for name, label, placeholder in INPUTS:
                yield Static(Text(label, style="bold"), classes="field-label")
                yield TextInput(value=self._initial(name), placeholder=placeholder, id=f"mentorship-{name}",
                                disabled=name == "every" and self.closed)
                if name == "since":
                    empty = "unchanged" if self.mentorship else "today"
                    yield DayEcho(empty, id="mentorship-since-echo")
                if name == "every" and self.closed:
                    yield Static(Text("Closed: no more check-ins.", style="dim"), classes="field-note")
            yield Static(Text("Agreements (Markdown)", style="bold"), classes="field-label")
            yield TextArea(control_pictures(self._initial("agreements"))[0],
                           language="markdown" if _has_tree_sitter() else None,
                           soft_wrap=True, show_line_numbers=False, id="mentorship-agreements-input")
            yield Button("Save mentorship  (ctrl+s)", id="mentorship-save", variant="primary")
        yield KeysFooter()

    def _initial(self, name: str) -> str:
        m = self.mentorship
        if m is None:
            return ""
        if name == "since":
            return m.started_on.isoformat() if m.started_on else ""
        if name == "every":
            return str(m.check_in_every) if m.check_in_every else ""
        return str(getattr(m, name) or "")

    def on_mount(self) -> None:
        if not self.is_open():
            return
        self.title = "Edit mentorship" if self.mentorship else "New mentorship"
        if self.mentorship is not None:
            self.sub_title = safe(self.mentorship.mentor)
        self.ready_text_areas()
        if self.app.is_headless:  # stable snapshots: no blinking cursors
            for field in self.query(Input).results():
                field.cursor_blink = False
        self.initial = self.values()
        self._echo()
        self.query_one("#mentorship-mentor", Input).focus()

    # ----------------------------------------------------------- the fields
    def values(self) -> dict[str, str]:
        """What the fields hold now."""
        found = {name: self.query_one(f"#mentorship-{name}", Input).value for name, _, _ in INPUTS}
        found["agreements"] = self.query_one("#mentorship-agreements-input", TextArea).text
        return found

    def changed(self) -> bool:
        """Anything typed since the form opened."""
        return bool(self.initial) and self.values() != self.initial

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "mentorship-since":
            self._echo()

    def _echo(self) -> bool:
        """Show what the start day resolves to; False when it does not parse."""
        text = self.query_one("#mentorship-since", Input).value
        return self.query_one("#mentorship-since-echo", DayEcho).show(text, self.journal.day, self.journal.today())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "mentorship-save":
            self.action_save()

    def _error(self, message: str, field: str | None = None) -> None:
        self.show_error(message, field)

    # ----------------------------------------------------------- saving and leaving
    def action_save(self) -> bool:
        """Validate and save; errors stay in the form. True when saved."""
        values = self.values()
        if not values["mentor"].strip():
            self._error("A mentorship needs the mentor's name.", "#mentorship-mentor")
            return False
        if not self._echo():
            self._error("The start is not a date I understand (see above).", "#mentorship-since")
            return False
        try:
            every = cadence_of(values["every"])
        except ValueError as problem:
            self._error(f"Check in every: {problem}", "#mentorship-every")
            return False
        since = values["since"].strip()
        journal = self.journal
        try:
            if self.mentorship is None:
                m = journal.mentorships.add(values["mentor"], focus=values["focus"], since=since or None,
                                            check_in_every=every, agreements=values["agreements"])
                self.notify(f"Started a mentorship with {safe(m.mentor)}.", markup=False)
            else:
                # Only what was changed here: what another window changed meanwhile stays (S177).
                typed = {name for name, value in values.items() if value != self.initial.get(name)}
                now = journal.mentorships.get(self.mentorship.id)  # as another window may have changed it (S350)
                if self.changed_elsewhere(self.mentorship, now, typed, ATTRIBUTES, CHANGED, "mentorship"):
                    self.mentorship = now  # a second save goes over what it says now
                    return False
                m, changed = journal.mentorships.edit(
                    self.mentorship.id, mentor=values["mentor"] if "mentor" in typed else None,
                    focus=values["focus"] if "focus" in typed else None, since=since if "since" in typed else None,
                    check_in_every=every or 0 if "every" in typed and not self.closed else None,
                    agreements=values["agreements"] if "agreements" in typed else None)
                said = ", ".join(CHANGED.get(name, name) for name in changed)
                self.notify(f"Changed: {said}." if changed else "Nothing changed.", markup=False)
        except JournalError as error:
            self._error(str(error))
            return False
        self.initial = self.values()
        self.app.post_message(JournalChanged())
        self.dismiss(m.id)
        return True

    def action_leave(self) -> None:
        """Back; with typed changes, ask Save / Discard / Cancel first."""
        self.leave_asking("mentorship-leave-confirm")
