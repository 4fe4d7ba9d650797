"""AgreementScreen: a mentorship's agreement (its parts, its goals, its history), and the
question an export asks (AgreementExportModal)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Header, Input, Markdown, RadioSet, Static

from journal.domain.agreement import OTHER_HEADING, Agreement, Said, day_words
from journal.domain.errors import JournalError
from journal.domain.practice import PART_KEYS
from journal.domain.text import for_terminal, plural
from journal.services import Journal
from journal.tui.messages import JournalChanged
from journal.tui.screens.base import FormModal, JournalScreen
from journal.tui.screens.closure import slug
from journal.tui.widgets.goal_view import status_label
from journal.tui.widgets.rows import block_text, safe, text_markdown
from journal.tui.widgets.toggles import Choice
from journal.tui.widgets.footer import KeysFooter
from journal.tui.screens.modals import write_asking
from journal.tui.widgets.text_input import TextInput
from journal.tui.widgets.choices import Choices

EXTENSIONS = {"html": ".html", "markdown": ".md"}
NOT_AGREED = "_Not agreed yet: press e to write it._"
NARROW = 80
"""Below this many columns the history starts hidden (journal.tcss stacks the panes there)."""


def history_text(events: list[Said]) -> Text:
    """The history list, newest first: when, what changed in words, and a glimpse of the new text."""
    text = Text()
    if not events:
        text.append("Nothing kept yet.", style="dim")
    for event in reversed(events):
        text.append(event.at.strftime("%d %b %Y %H:%M  "), style="dim")
        text.append(safe(event.title), style="bold" if event.agreement else "")
        if event.detail:
            text.append(f"\n    {safe(event.detail)}", style="dim")
        text.append("\n")
    return text


class AgreementScreen(JournalScreen[None]):
    """Shows mentorship `mentorship_id`'s agreement: its parts with their headings, its goals, and
    (h) its history; e edits the parts, x exports it to share, w opens the work plan."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="agreement.back"),
        Binding("e", "edit", "Edit", id="agreement.edit"),
        Binding("x", "export", "Export", tooltip="Write it as HTML or Markdown, to share", id="agreement.export"),
        Binding("h", "toggle_history", "History", id="agreement.history"),
        Binding("w", "work_plan", "Work plan", id="agreement.work-plan"),
    ]

    def __init__(self, journal: Journal, mentorship_id: str) -> None:
        super().__init__()
        self.journal = journal
        self.mentorship_id = mentorship_id
        self.agreement: Agreement | None = None
        self.history: list[Said] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="agreement-main"):
            with VerticalScroll(id="agreement-body"):
                yield Static(id="agreement-head")
                yield Static(id="agreement-goals")
                for key in (*PART_KEYS, "other"):
                    yield Static(id=f"agreement-heading-{key}", classes="agreement-heading")
                    yield Markdown(id=f"agreement-part-{key}", classes="agreement-part", open_links=False,
                                   parser_factory=text_markdown)
            with VerticalScroll(id="agreement-history-pane"):
                yield Static(Text("History (h hides it)", style="bold"), classes="goal-section",
                             id="agreement-history-title")
                yield Static(id="agreement-history")
        yield KeysFooter()

    def on_mount(self) -> None:
        if not self.is_open():
            return
        self.title = "Agreement"
        # Below 80 columns the history would halve the agreement: there it waits for h.
        self.query_one("#agreement-history-pane").display = self.app.size.width >= NARROW
        self.reload()
        self.query_one("#agreement-body").focus()

    @on(JournalChanged)
    def _journal_changed(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the agreement again (after the form, or another process's write); the scroll stays."""
        journal = self.journal
        try:
            a = journal.agreements.get(self.mentorship_id)
            self.history = journal.agreements.history(self.mentorship_id)
        except JournalError:
            self.agreement = None
            self.query_one("#agreement-head", Static).update(
                Text("This mentorship no longer exists. Press escape to go back.", style="bold"))
            self.refresh_bindings()
            return
        self.agreement = a
        self.sub_title = safe(a.mentor)
        self.refresh_bindings()
        self.query_one("#agreement-head", Static).update(self._head(a))
        self.query_one("#agreement-goals", Static).update(self._goals(a))
        for part in a.parts:
            self.query_one(f"#agreement-heading-{part.key}", Static).update(self._heading(part.heading, part.text))
            self.query_one(f"#agreement-part-{part.key}", Markdown).update(
                block_text(part.text) if part.text else NOT_AGREED)
        self.query_one("#agreement-heading-other", Static).update(self._heading(OTHER_HEADING, a.other))
        self.query_one("#agreement-part-other", Markdown).update(
            block_text(a.other) if a.other else "_Nothing else agreed yet._")
        self.query_one("#agreement-history", Static).update(history_text(self.history))

    @staticmethod
    def _heading(heading: str, text: str) -> Text:
        line = Text(heading, style="bold")
        line.append("  ✔ agreed" if text else "  ○ open", style="#87d787" if text else "dim")
        return line

    @staticmethod
    def _head(a: Agreement) -> Text:
        head = Text()
        head.append("☍ ", style="#ffaf5f")
        head.append(f"Agreement with {safe(a.mentor)}", style="bold")
        head.append(f"  {a.status.value}  id {a.short_id}", style="dim")
        for label, value in (("Focus:", safe(a.focus)), ("Since:", a.started_on and day_words(a.started_on)),
                             ("Closed:", a.closed_on and day_words(a.closed_on)), ("Check-ins:", a.cadence)):
            if value:
                head.append(f"\n{label:<14}", style="bold")
                head.append(str(value))
        agreed = len(a.agreed)
        head.append(f"\n{'Agreed:':<14}", style="bold")
        head.append(f"{agreed} of {len(a.parts)} parts")
        if a.changed_on:
            head.append(f", last changed {day_words(a.changed_on)}", style="dim")
        head.append("\ne edit · x export · h history · w work plan", style="dim")
        return head

    @staticmethod
    def _goals(a: Agreement) -> Text:
        text = Text()
        text.append("Goals", style="bold")
        if not a.goals:
            text.append("\nNo goals belong to this mentorship yet (g on the mentorship adds one).", style="dim")
        for goal in a.goals:
            text.append("\n⚑ ", style="#ffaf5f")
            text.append(safe(goal.title))
            text.append("  ")
            text.append_text(status_label(goal.status))
            if goal.target:
                text.append(f"  by {goal.target_words(a.today)}", style="dim")
            if goal.specific:
                text.append(f"\n    {safe(goal.summary)}", style="italic")
            if goal.milestones:
                text.append(f"\n    {goal.done} of {plural(goal.milestones, 'milestone')} done", style="dim")
            if goal.left:
                text.append(f"\n    {goal.left_when}: {safe(goal.left)}", style="dim")
        return text

    # ----------------------------------------------------------- actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Nothing but back when the mentorship is gone."""
        if action in ("edit", "export", "toggle_history", "work_plan"):
            return self.agreement is not None
        return True

    def action_edit(self) -> None:
        from journal.tui.screens.agreement_form import AgreementFormScreen

        if self.agreement is not None:
            self.app.push_screen(AgreementFormScreen(self.journal, self.mentorship_id), lambda _: self.reload())

    def action_toggle_history(self) -> None:
        pane = self.query_one("#agreement-history-pane")
        pane.display = not pane.display

    @property
    def history_shown(self) -> bool:
        return bool(self.query_one("#agreement-history-pane").display)

    def action_work_plan(self) -> None:
        from journal.tui.screens.work_plan import WorkPlanScreen

        if self.agreement is not None:
            self.app.push_screen(WorkPlanScreen(self.journal, self.mentorship_id))

    def action_export(self) -> None:
        """Ask the format and the file, write it, and say where."""
        a = self.agreement
        if a is None:
            return

        def written(path: str | None) -> None:
            if path:
                self.notify(f"Wrote {for_terminal(path, single_line=True)}", title="Agreement exported",
                            markup=False)

        self.app.push_screen(AgreementExportModal(self.journal, a), written)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        self.notify(for_terminal(event.href, single_line=True), title="Link (not opened)", markup=False)


class AgreementExportModal(FormModal[str | None]):
    """Asks the format and the file; writes the agreement with the project's safe writer (0600,
    atomic, never through a symlink). Dismisses with the path written, or None."""

    ASKS = False  # a file name / a day: nothing of the person's writing to lose

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="agreement-export.cancel")]

    def __init__(self, journal: Journal, agreement: Agreement) -> None:
        super().__init__()
        self.journal = journal
        self.agreement = agreement

    def compose(self) -> ComposeResult:
        a = self.agreement
        with Vertical(id="agreement-export-box"):
            yield Static(Text(f"Export the agreement with {safe(a.mentor)}", style="bold"))
            with Choices(id="agreement-export-format", compact=True):
                yield Choice("HTML page (to print or send)", value=True, id="format-html")
                yield Choice("Markdown", id="format-markdown")
            yield TextInput(value=self._default_path("html"), placeholder="File to write, e.g. ~/agreement.html",
                            id="agreement-export-path")
            yield Static(id="agreement-export-error")
            with Horizontal(classes="modal-buttons"):
                yield Button("Export", id="agreement-export-write", variant="primary")
                yield Button("Cancel", id="agreement-export-cancel")

    def on_mount(self) -> None:
        """The file name has the focus: enter exports at once (HTML, to the name shown); on the
        format, enter only chose the highlighted format and nothing was written. shift+tab: the format."""
        field = self.query_one(Input)
        if self.app.is_headless:
            field.cursor_blink = False
        field.focus()

    def _default_path(self, fmt: str) -> str:
        a = self.agreement
        return f"~/agreement-{slug(a.mentor)}-{slug(a.short_id)}{EXTENSIONS[fmt]}"

    @property
    def fmt(self) -> str:
        pressed = self.query_one(RadioSet).pressed_button
        return "markdown" if pressed is not None and pressed.id == "format-markdown" else "html"

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        field = self.query_one("#agreement-export-path", Input)
        stem, dot, ext = field.value.rpartition(".")
        if dot and "." + ext in EXTENSIONS.values():
            field.value = stem + EXTENSIONS[self.fmt]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._write()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "agreement-export-write":
            self._write()
        else:
            self.dismiss(None)

    def _write(self) -> None:
        raw = self.query_one("#agreement-export-path", Input).value.strip()
        error = self.query_one("#agreement-export-error", Static)
        if not raw:
            error.update(Text("Give a file to write to.", style="bold #ff8787"))
            return
        write_asking(self, self.journal, raw, lambda: self._write_to(raw), id="agreement-replace")

    def _write_to(self, raw: str) -> None:
        try:
            path = self.journal.agreements.write(self.agreement.mentorship_id, self.fmt, raw)
        except JournalError as problem:
            self.query_one("#agreement-export-error", Static).update(Text(str(problem), style="bold #ff8787"))
            return
        self.dismiss(str(path))

