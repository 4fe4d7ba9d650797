"""AgreementFormScreen: a mentorship's agreement, one text area per part (`Agreements.set_parts`)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Button, Header, Static, TextArea

from journal.domain.agreement import OTHER, OTHER_ABOUT, OTHER_HEADING, Agreement, heading_of
from journal.domain.errors import EditConflict, JournalError
from journal.domain.text import control_pictures
from journal.services import Journal
from journal.tui.messages import JournalChanged
from journal.tui.screens.base import FormScreen
from journal.tui.screens.compose import _has_tree_sitter
from journal.tui.widgets.rows import safe
from journal.tui.widgets.footer import KeysFooter


class AgreementFormScreen(FormScreen[list[str] | None]):
    """Edit every part of the agreement at once; ctrl+s saves them in one transaction (each
    changed part kept in the mentorship's history), escape with changes asks first. Dismisses
    with the keys of the parts that changed, or None when left without saving."""
    FORM_NAME = "an agreement"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="agreement-form.save"),
        Binding("escape", "leave", "Back", id="agreement-form.back"),
    ]

    def __init__(self, journal: Journal, mentorship_id: str) -> None:
        super().__init__()
        self.journal = journal
        self.mentorship_id = mentorship_id
        self.agreement: Agreement = journal.agreements.get(mentorship_id)
        self.initial: dict[str, str] = {}

    def _fields(self) -> list[tuple[str, str, str, str]]:
        """(key, heading, what it covers, text) of every part, then the other agreements."""
        a = self.agreement
        return [(p.key, p.heading, p.about, p.text) for p in a.parts] + [(OTHER, OTHER_HEADING, OTHER_ABOUT, a.other)]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="agreement-form-error", classes="form-error")  # above the fields: in view (S279)
        language = "markdown" if _has_tree_sitter() else None
        with VerticalScroll(id="agreement-form"):
            yield Static(Text("Each part in your own words (Markdown). Leave one empty to remove it; every change "
                              "is kept in the mentorship's history.", style="dim"), classes="field-note")
            for key, heading, about, text in self._fields():
                label = Text(heading, style="bold")
                label.append(f"  {about}", style="dim")
                yield Static(label, classes="field-label")
                shown, _ = control_pictures(text)
                yield TextArea(shown, language=language, soft_wrap=True, show_line_numbers=False,
                               id=f"agreement-input-{key}", classes="agreement-input")
            yield Button("Save the agreement  (ctrl+s)", id="agreement-save", variant="primary")
        yield KeysFooter()

    def on_mount(self) -> None:
        if not self.is_open():
            return
        self.title = "Edit the agreement"
        self.sub_title = safe(self.agreement.mentor)
        self.ready_text_areas()
        self.initial = self.values()
        self.query_one(f"#agreement-input-{self._fields()[0][0]}", TextArea).focus()

    def values(self) -> dict[str, str]:
        """What the text areas hold now, by part key (`other` for the other agreements)."""
        return {key: self.query_one(f"#agreement-input-{key}", TextArea).text for key, *_ in self._fields()}

    def changed(self) -> bool:
        """Anything typed since the form opened."""
        return bool(self.initial) and self.values() != self.initial

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "agreement-save":
            self.action_save()

    def action_save(self) -> bool:
        """Save every changed part in one transaction; errors stay in the form. True when saved."""
        values = self.values()
        wanted = {key: text for key, text in values.items() if text != self.initial.get(key)}
        read = {key: text for key, *_, text in self._fields()}  # as the form opened (or last warned)
        try:
            changed = self.journal.agreements.set_parts(self.mentorship_id, wanted, edited_from=read) if wanted else []
        except EditConflict as conflict:  # a part typed in was changed elsewhere meanwhile (S349)
            self.agreement = self.journal.agreements.get(self.mentorship_id)  # ctrl+s again writes over it
            self.show_error(f"{conflict} Save again to put yours in its place, or leave without saving.")
            return False
        except JournalError as error:
            self.show_error(str(error))
            return False
        said = ", ".join(heading_of(key) for key in changed)
        self.notify(f"Changed: {said}." if changed else "Nothing changed.", markup=False)
        self.initial = values
        if changed:
            self.app.post_message(JournalChanged())
        self.dismiss(changed)
        return True

    def action_leave(self) -> None:
        """Back; with typed changes, ask Save / Discard / Cancel first."""
        self.leave_asking("agreement-leave-confirm", question="You have unsaved changes to the agreement.")
