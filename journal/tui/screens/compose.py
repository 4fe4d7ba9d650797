"""ComposeScreen: write a new entry or edit one, with its draft checkpointed as you type."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import (
    Button, Checkbox, Footer, Header, Input, RadioButton, RadioSet, SelectionList, Static, TextArea,
)

from journal.domain.errors import EditConflict, JournalError
from journal.domain.entry_fields import entry_version
from journal.domain.model import Draft, Entry, EntryChanges, Lens, draft_of
from journal.domain.text import control_pictures, for_terminal
from journal.tui import large_text
from journal.services import Journal
from journal.tui.draft_keeper import DraftKeeper
from journal.tui.external_editor import edit_externally
from journal.tui.messages import EntrySaved, JournalChanged
from journal.tui.screens.goal_form import create_goal
from journal.tui.screens.modals import ChoiceModal
from journal.tui.widgets.rows import LENS_STYLE, safe
from journal.tui.screens.base import JournalScreen

DEBOUNCE_SECONDS = 1.0
"""Checkpoint the draft this long after the first change since the last checkpoint."""


def _has_tree_sitter() -> bool:
    try:
        import tree_sitter  # noqa: F401
        import tree_sitter_markdown  # noqa: F401
    except ImportError:
        return False
    return True


def draft_from_entry(entry: Entry) -> Draft:
    """The compose state that edits `entry`."""
    return draft_of(entry, base=entry_version(entry))


def _same(a: Draft, b: Draft) -> bool:
    """Equal as far as the person typed (ids and stamps aside)."""
    return replace(a, id=None, updated_at=None, pid=None) == replace(b, id=None, updated_at=None, pid=None)


class ComposeScreen(JournalScreen[str | None]):
    """The form; the app holds the live `Draft` so signals and crashes can save it."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="compose.save"),
        Binding("escape", "leave", "Back", id="compose.leave"),
        Binding("f5", "lens('hindsight')", "◀ Hind", priority=True, id="compose.hindsight"),
        Binding("f6", "lens('insight')", "◆ Ins", priority=True, id="compose.insight"),
        Binding("f7", "lens('foresight')", "▶ Fore", priority=True, id="compose.foresight"),
        Binding("ctrl+t", "insert_prompt", "Prompt", priority=True, id="compose.prompt"),
        Binding("ctrl+e", "external_editor", "$EDITOR", priority=True, id="compose.editor"),
        # Most terminals cannot send ctrl+digit; where they can (kitty protocol) it works too.
        Binding("ctrl+1", "lens('hindsight')", show=False, priority=True),
        Binding("ctrl+2", "lens('insight')", show=False, priority=True),
        Binding("ctrl+3", "lens('foresight')", show=False, priority=True),
    ]

    def __init__(self, journal: Journal, keeper: DraftKeeper, draft: Draft, *, answers: Entry | None = None) -> None:
        """`answers`: a foresight entry this new (hindsight) entry answers; it is quoted above."""
        super().__init__()
        self.journal = journal
        self.keeper = keeper
        self.answers = answers
        if answers is not None:
            draft = replace(draft, answers=answers.id)
        # Control characters (from an import or stdin) are shown as symbols, never sent raw
        # to the terminal; the entry keeps its original bytes unless it is edited and saved.
        body, self._pictured = control_pictures(draft.body)
        self.initial = replace(draft, body=body)
        self._debounce: Timer | None = None
        self._ready = False

    # ----------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        draft = self.initial
        goals = self.journal.goals.summaries()
        yield Header()
        with Horizontal(id="compose-main"):
            with Vertical(id="compose-editor"):
                if self.answers is not None:
                    quote = Text(f"{Lens.FORESIGHT.symbol} You expected ({self.answers.day.isoformat()}):\n",
                                 style=LENS_STYLE[Lens.FORESIGHT])
                    if self.answers.title:
                        quote.append(for_terminal(self.answers.title, single_line=True) + "\n", style="bold")
                    quote.append(for_terminal(self.answers.body.strip()), style="italic")
                    yield Static(quote, id="answers-quote")
                yield Input(draft.title, placeholder="Title (optional)", id="title", compact=True)
                language = "markdown" if _has_tree_sitter() else None
                # A huge body would freeze the editor for many seconds (D31): never load it.
                self._too_large = large_text.too_large_to_edit(draft.body)
                yield TextArea("" if self._too_large else draft.body, language=language, id="body",
                               soft_wrap=True, show_line_numbers=False)
                yield Static(id="prompt")
            with VerticalScroll(id="compose-side"):
                with RadioSet(id="lens", compact=True):
                    for lens in Lens:
                        yield RadioButton(Text(f"{lens.symbol} {lens.value}", style=LENS_STYLE[lens]),
                                          value=lens == draft.lens, id=f"lens-{lens.value}")
                yield Static(Text("When", style="bold"), classes="field-label")
                yield Input(draft.when, placeholder="now (or: yesterday 18:00, last friday…)", id="when", compact=True)
                yield Static(id="when-echo")
                yield Static(Text("Tags", style="bold"), classes="field-label")
                yield Input(", ".join(draft.tags), placeholder="comma, separated", id="tags", compact=True)
                yield Static(Text("Goals", style="bold"), classes="field-label")
                shown = [s.goal for s in goals if not s.goal.status.closed or s.goal.id in draft.goals]
                self._goal_names = {g.id: Text(safe(g.title)) for g in shown}
                options = [(self._goal_names[g.id], g.id, g.id in draft.goals) for g in shown]
                yield SelectionList(*options, id="goals", compact=True)
                yield Input(placeholder="+ new goal, enter", id="new-goal", compact=True)
                with Horizontal(id="flags"):
                    yield Checkbox("★ Star", bool(draft.starred), id="starred", compact=True)
                    yield Checkbox("Private", bool(draft.private), id="private", compact=True)
                yield Static(id="form-state")
                yield Button("Save  (ctrl+s)", id="save", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        if not self.is_open():
            return
        if self._too_large:
            self._refuse_large()
            return
        self.title = "Edit entry" if self.initial.entry_id else "New entry"
        if self.app.is_headless:  # stable snapshots: no blinking cursors
            for area in self.query(TextArea).results():
                area.cursor_blink = False
            for field in self.query(Input).results():
                field.cursor_blink = False
        self.keeper.hold(replace(self.initial), dirty=False)
        self.keeper.follow(self._read_state)
        self._show_prompt()
        self._show_when()
        self._show_state()
        self.query_one("#compose-side").can_focus = False  # tab goes field to field, not to the panel
        self.query_one("#body", TextArea).focus()
        if self._pictured:
            self.notify(f"{self._pictured} control character(s) are shown as symbols such as ␛; "
                        "saving keeps them that way.", title="Control characters", markup=False)
        self._ready = True

    def _refuse_large(self) -> None:
        """Too large for the editor (see large_text): say where it can be edited, and go back."""
        size = large_text.size_label(len(self.initial.body))
        number = self.initial.id
        if number is not None:  # a saved draft (recovered, or opened from the palette)
            what = "This draft"
            advice = (f"It stays saved as draft {number}: `journal drafts show {number}` prints it, "
                      f"`journal drafts save {number}` saves it.")
        elif self.initial.entry_id:
            what = "This entry"
            advice = f"Edit it with `journal edit {self.initial.entry_id[:8]}` in $EDITOR; it is unchanged."
        else:
            what, advice = "This text", "Nothing was changed."
        self.notify(f"{what} is too large to edit here ({size}). {advice}", title="Not opened",
                    severity="warning", markup=False, timeout=15)
        self.dismiss(None)

    # ----------------------------------------------------------- state
    def read_form(self) -> Draft:
        """The draft as the widgets hold it now."""
        lens_set = self.query_one("#lens", RadioSet)
        pressed = lens_set.pressed_button
        lens = Lens(pressed.id.removeprefix("lens-")) if pressed and pressed.id else self.initial.lens
        tags = tuple(t.strip() for t in self.query_one("#tags", Input).value.split(",") if t.strip())
        draft = self.keeper.last
        return replace(
            self.initial, body=self.query_one("#body", TextArea).text, lens=lens,
            title=self.query_one("#title", Input).value, tags=tags,
            goals=tuple(self.query_one("#goals", SelectionList).selected),
            when=self.query_one("#when", Input).value.strip(),
            starred=self.query_one("#starred", Checkbox).value, private=self.query_one("#private", Checkbox).value,
            id=draft.id if draft else self.initial.id,
        )

    def _read_state(self) -> tuple[Draft | None, bool]:
        """What the keeper reads when it wants the draft: the form, and whether it changed."""
        draft = self.read_form()
        return draft, not _same(draft, self.initial)

    def _changed(self) -> None:
        """Tell the keeper the form changed; checkpoint a second after the first unsaved change.

        Nothing here grows with the text (K86): a keystroke neither copies the body nor
        restarts the timer, so typing without a pause is checkpointed every second too.
        """
        if not self._ready:
            return
        self.keeper.touch()
        if self._debounce is None:
            self._debounce = self.set_timer(DEBOUNCE_SECONDS, self._checkpoint)

    def _checkpoint(self) -> None:
        self._debounce = None
        self.keeper.checkpoint()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._changed()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "when":
            self._show_when()
        if event.input.id != "new-goal":
            self._changed()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self._show_prompt()
        self._show_state()
        self._changed()

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        self._show_state()
        self._changed()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self._show_state()
        self._changed()

    # ----------------------------------------------------------- helpers shown live
    def _lens(self) -> Lens:
        pressed = self.query_one("#lens", RadioSet).pressed_button
        return Lens(pressed.id.removeprefix("lens-")) if pressed and pressed.id else self.initial.lens

    def _prompt_text(self) -> str | None:
        prompt = self.journal.reflection.prompt_of_the_day(self._lens())
        return prompt.text if prompt else None

    def _show_prompt(self) -> None:
        lens = self._lens()
        text = Text()
        text.append(f"{lens.symbol} {lens.question} ", style=LENS_STYLE[lens])
        prompt = self._prompt_text()
        if prompt:
            text.append(safe(prompt), style="italic")
            text.append("  (ctrl+t inserts it)", style="dim")
        self.query_one("#prompt", Static).update(text)

    def _show_state(self) -> None:
        """The choices in words, so they read without colour (NO_COLOR) too."""
        chosen = [self._goal_names.get(g, Text("?")) for g in self.query_one("#goals", SelectionList).selected]
        lens = self._lens()
        text = Text("Saving as ", style="dim")
        text.append(f"{lens.symbol} {lens.value}", style=LENS_STYLE[lens])
        for name in chosen:
            text.append(", ⚑ ")
            text.append_text(name)
        if self.query_one("#starred", Checkbox).value:
            text.append(", ★ starred")
        if self.query_one("#private", Checkbox).value:
            text.append(", private")
        self.query_one("#form-state", Static).update(text)

    def _show_when(self) -> None:
        value = self.query_one("#when", Input).value.strip()
        echo = self.query_one("#when-echo", Static)
        if not value:
            echo.update(Text("→ now", style="dim"))
            return
        try:
            echo.update(Text(f"→ {self.journal.when(value).describe()}", style="green"))
        except JournalError as error:
            echo.update(Text(safe(str(error).split(". Accepted")[0]), style="bold red"))

    # ----------------------------------------------------------- actions
    def action_lens(self, name: str) -> None:
        self.query_one(f"#lens-{name}", RadioButton).value = True

    def action_insert_prompt(self) -> None:
        prompt = self._prompt_text()
        if prompt:
            area = self.query_one("#body", TextArea)
            area.insert(f"{prompt}\n\n")
            area.focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            event.stop()
            self.action_save()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "new-goal":
            event.stop()
            self._create_goal(event.input)

    def _create_goal(self, field: Input) -> None:
        goal = create_goal(self, self.journal, field.value)
        if goal is None:
            return
        field.value = ""
        goals = self.query_one("#goals", SelectionList)
        self._goal_names[goal.id] = Text(safe(goal.title))
        goals.add_option((self._goal_names[goal.id], goal.id, True))
        self._show_state()
        self._changed()

    def commands(self) -> Iterator[SystemCommand]:
        """The palette's entries while writing."""
        yield SystemCommand("Save entry", "Save (ctrl+s)", self.action_save)
        for lens in Lens:
            yield SystemCommand(f"Lens: {lens.value}", lens.question, lambda name=lens.value: self.action_lens(name))
        yield SystemCommand("Insert prompt", "Insert the prompt of the day (ctrl+t)", self.action_insert_prompt)
        yield SystemCommand("External editor", "Edit in $VISUAL/$EDITOR (ctrl+e)", self.action_external_editor)

    def action_save(self) -> bool:
        """Write or edit the entry (and drop its draft in the same transaction)."""
        draft = self.read_form()
        self.keeper.hold(draft)
        journal = self.journal
        try:
            if draft.entry_id:
                entry, _ = journal.entries.edit(draft.entry_id, EntryChanges.whole(
                    draft, draft_id=draft.id, expected_version=self.initial.base))
            else:
                entry = journal.entries.write(draft)
        except EditConflict as conflict:
            self._conflicted(conflict)
            return False
        except JournalError as error:
            self.keeper.checkpoint()  # the text is kept as a draft whatever went wrong with the save
            self.notify(str(error), title="Not saved", severity="error", markup=False)
            return False
        self._stop_timer()
        self.keeper.release()
        self.app.post_message(EntrySaved(entry))
        self.notify("Saved.")
        self.dismiss(entry.id)
        return True

    def _conflicted(self, conflict: EditConflict) -> None:
        """The entry changed elsewhere (catalogue B13): the service kept this text as a draft in
        the same transaction, so close without checkpointing again and show the other version."""
        self._stop_timer()
        self.keeper.release()
        what = {"trashed": "was moved to the trash (x opens it to restore)", "deleted": "was deleted for good"}.get(
            conflict.reason, "was changed elsewhere (another window or the command line)")
        self.notify(
            f"This entry {what} while you were editing it, so it was not overwritten. Your version is "
            f"kept as draft {conflict.draft_id}: ctrl+p › Open a saved draft… continues it.",
            title="Not saved: edit conflict", severity="warning", timeout=30, markup=False,
        )
        self.dismiss(None)
        self.app.post_message(JournalChanged(select=conflict.entry_id if conflict.reason == "changed" else None))

    def _stop_timer(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None

    def action_leave(self) -> None:
        """Back to the list; with unsaved changes, ask first."""
        if not self.keeper.dirty:
            self._close()
            return

        def answer(choice: str | None) -> None:
            if choice == "save":
                self.action_save()
            elif choice == "keep":
                if self.keeper.checkpoint():  # not kept (read-only, disk full): the text stays on screen
                    self._close()
            elif choice == "discard":
                self.discard()
                self._close()

        self.app.push_screen(
            ChoiceModal("You have unsaved changes.", [("save", "Save"), ("keep", "Keep draft"),
                                                      ("discard", "Discard"), ("cancel", "Cancel")],
                        id="leave-confirm"),
            answer,
        )

    def discard(self) -> None:
        """Forget the typed text and its checkpoint."""
        self._stop_timer()
        self.keeper.discard()

    def _close(self) -> None:
        self._stop_timer()
        self.keeper.release()
        self.dismiss(None)

    def action_external_editor(self) -> None:
        """Hand the text to $VISUAL/$EDITOR and take it back (see external_editor)."""
        self.keeper.checkpoint()  # whatever happens in the editor, what was typed is in the journal
        area = self.query_one("#body", TextArea)
        try:
            folder = self.journal.scratch_folder()
        except JournalError as error:  # an encrypted journal and no private tmpfs: say so, keep writing here
            self.notify(str(error), title="External editor", severity="warning", markup=False)
            return
        text = edit_externally(self, area.text, folder)
        if text is not None:
            area.load_text(text)
            self._changed()
