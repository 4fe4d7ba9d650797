"""ComposeScreen: write a new entry or edit one, with its draft checkpointed as you type."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from journal.record import replace
from datetime import date

from rich.text import Text
from textual import events
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import (
    Button, Checkbox, Header, Input, RadioButton, RadioSet, Select, SelectionList, Static, TextArea,
)

from journal.domain.errors import EditConflict, JournalError
from journal.domain.entry_fields import entry_version
from journal.domain.model import Draft, Entry, EntryChanges, Kind, Lens, MentorshipStatus, draft_of
from journal.domain.text import control_pictures, for_terminal, plural, summary
from journal.tui import large_text
from journal.services import Journal
from journal.services.entries import follow_up, revisit_dropped
from journal.tui.draft_keeper import DraftKeeper
from journal.tui.external_editor import edit_externally
from journal.tui.messages import EntrySaved, JournalChanged
from journal.tui.screens.goal_form import create_goal
from journal.tui.screens.modals import ChoiceModal, PickModal
from journal.tui.widgets.day_echo import day_with_distance
from journal.tui.widgets.entry_details import EntryDetails
from journal.tui.widgets.rows import LENS_STYLE, block_text, safe
from journal.tui.widgets.suggest import SuggestFromList, TagSuggester
from journal.tui.widgets.toggles import Choice, Tick, TickList
from journal.tui.screens.base import FormScreen
from journal.tui.widgets.footer import KeysFooter
from journal.tui.widgets.text_input import TextInput
from journal.tui.widgets.choices import Choices

DEBOUNCE_SECONDS = 1.0
"""Checkpoint the draft this long after the first change since the last checkpoint."""
WARNING = "bold #ffaf5f"
"""A date echo that parses but will not do what was meant (a future day on hindsight, a past revisit)."""
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


KINDS = (Kind.NOTE, Kind.MEETING, Kind.CHECK_IN, Kind.FEEDBACK)
"""The kinds compose offers (closure entries come from the closure conversation; editing one keeps it)."""


def template_draft(journal: Journal, set_name: str) -> Draft:
    """A new entry written from the prompt set `set_name` (open it with `template=True`): its
    questions as headings, the set's title, and its lens and kind where the set makes them
    obvious; a check-in with one active mentorship belongs to it. BadValue: no such set."""
    body = journal.reflection.template(set_name)
    title, lens, kind = journal.reflection.template_fields(set_name)
    mentorship = None
    if kind == Kind.CHECK_IN:
        active = [m.id for m in journal.mentorships.list() if m.status == MentorshipStatus.ACTIVE]
        mentorship = active[0] if len(active) == 1 else None
    return Draft(body=body, title=title, lens=lens or (kind or Kind.NOTE).lens, kind=kind, mentorship=mentorship)


def template_picker(journal: Journal, question: str) -> PickModal:
    """A PickModal of the prompt sets an entry can be written from (dismissed with a set name)."""
    library = journal.reflection.library()
    items = [(name, Text.assemble(safe(library.titles.get(name, name)),
                                  (f"  {name} · {len(library.sets[name])} questions", "dim")))
             for name in journal.reflection.template_sets()]
    return PickModal(question, items, id="pick-template")


def first_answer(text: str, after: int = 0) -> tuple[int, int] | None:
    """Where the answer to the first `## ` heading at or after line `after` starts: the line
    below it (None: no such heading)."""
    for row, line in enumerate(text.split("\n")[after:], after):
        if line.startswith("## "):
            return row + 1, 0
    return None


class ComposeScreen(FormScreen[str | None]):
    """The form; the app holds the live `Draft` so signals and crashes can save it."""
    KEEPS_DRAFT = True  # the app's DraftKeeper follows it

    AUTO_FOCUS = "#body"
    """Keys that arrive before `_start_focus` runs land in the text, never in a given title."""
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="compose.save"),
        Binding("escape", "leave", "Back", id="compose.leave"),
        Binding("f5", "lens('hindsight')", "◀ Hind", priority=True, id="compose.hindsight"),
        Binding("f6", "lens('insight')", "◆ Ins", priority=True, id="compose.insight"),
        Binding("f7", "lens('foresight')", "▶ Fore", priority=True, id="compose.foresight"),
        Binding("ctrl+t", "insert_prompt", "Prompt", priority=True, id="compose.prompt"),
        Binding("ctrl+e", "external_editor", "$EDITOR", priority=True, id="compose.editor"),
        Binding("f8", "insert_template", "Template", priority=True, id="compose.template"),
        # Most terminals cannot send ctrl+digit; where they can (kitty protocol) it works too.
        Binding("ctrl+1", "lens('hindsight')", show=False, priority=True),
        Binding("ctrl+2", "lens('insight')", show=False, priority=True),
        Binding("ctrl+3", "lens('foresight')", show=False, priority=True),
        Binding("tab", "tab_on", show=False),
    ]

    def __init__(self, journal: Journal, keeper: DraftKeeper, draft: Draft, *, answers: Entry | None = None,
                 template: bool = False) -> None:
        """`answers`: a foresight entry this new (hindsight) entry answers; it is quoted above.
        `template`: the body is a prompt set's questions (`template_draft`): the cursor starts
        in the first answer, and saving it with nothing written under them is refused."""
        super().__init__()
        self.journal = journal
        self.keeper = keeper
        self.answers = answers
        if answers is not None:
            draft = replace(draft, answers=answers.id)
        # Unset flags read as what the form shows (a new entry: not starred, a note; empty
        # mentorship or revisit: the default), so an untouched form is not a change.
        new = draft.entry_id is None
        draft = replace(draft, kind=draft.kind or Kind.NOTE, starred=bool(draft.starred),
                        private=bool(draft.private),
                        mentorship=(draft.mentorship or None) if new else draft.mentorship,
                        revisit=(draft.revisit or None) if new else draft.revisit)
        self._templates: list[str] = [draft.body] if template else []
        # Control characters (from an import or stdin) are shown as symbols, never sent raw
        # to the terminal; the entry keeps its original bytes unless it is edited and saved.
        body, self._pictured = control_pictures(draft.body)
        self.initial = replace(draft, body=body)
        self._debounce: Timer | None = None
        self._ready = False
        self._began: dict[str, date | None] = {}
        """Each mentorship's first day, by id (an entry's day before it is said)."""
        self._tabbed_to: Widget | None = None
        """Where a tab from the text went (letters typed there go on in the text: S501)."""
        self._said_carried = False

    # ----------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        draft = self.initial
        goals = self.journal.goals.summaries()
        yield Header()
        with Horizontal(id="compose-main"):
            with Vertical(id="compose-editor"):
                if self.answers is not None:
                    yield Static(self._quote(self.answers), id="answers-quote")
                # select_on_focus off: keys typed while the screen opens never replace a given title
                yield TextInput(draft.title, placeholder="Title (optional)", id="title", compact=True,
                                select_on_focus=False)
                language = "markdown" if _has_tree_sitter() else None
                # A huge body would freeze the editor for many seconds (D31): never load it.
                self._too_large = large_text.too_large_to_edit(draft.body)
                yield TextArea("" if self._too_large else draft.body, language=language, id="body",
                               soft_wrap=True, show_line_numbers=False)
                yield Static(id="prompt")
            with VerticalScroll(id="compose-side"):
                with Choices(id="lens", compact=True):
                    for lens in Lens:
                        yield Choice(Text(f"{lens.symbol} {lens.value}", style=LENS_STYLE[lens]),
                                     value=lens == draft.lens, id=f"lens-{lens.value}")
                yield Static(Text("When", style="bold"), classes="field-label")
                yield TextInput(draft.when, placeholder="now (or: yesterday 18:00, last friday…)", id="when",
                                compact=True)
                yield Static(id="when-echo")
                with Vertical(id="revisit-box"):  # foresight only: shown while the lens is foresight
                    yield Static(Text("Revisit (foresight)", style="bold"), classes="field-label")
                    yield TextInput(draft.revisit or "", placeholder="look back on (in 3 weeks, 2026-12-15…)",
                                    id="revisit", compact=True)
                    yield Static(id="revisit-echo")
                yield Static(Text("Tags", style="bold"), classes="field-label")
                yield TextInput(", ".join(draft.tags), placeholder="comma, separated", id="tags", compact=True,
                                suggester=TagSuggester(self.journal.entries.tag_names()))
                text_tags = Static(id="text-tags")  # the #tags typed in the text, shown once there are some
                text_tags.display = False
                yield text_tags
                yield Static(Text("Goals", style="bold"), classes="field-label")
                shown = [s.goal for s in goals if not s.goal.status.closed or s.goal.id in draft.goals]
                self._goal_mentorship = {s.goal.id: s.goal.mentorship for s in goals}
                self._goal_names = {g.id: Text(safe(g.title)) for g in shown}
                options = [(self._goal_names[g.id], g.id, g.id in draft.goals) for g in shown]
                goal_list = TickList(*options, id="goals", compact=True)
                # No goal to tick: no empty list to tab into and type at (shown again by "+ new goal").
                goal_list.display = bool(options)
                yield goal_list
                self._all_goals = [s.goal for s in goals]  # a closed goal too may be linked again by name
                yield TextInput(placeholder="+ new goal, enter", id="new-goal", compact=True,
                                suggester=SuggestFromList([g.title for g in self._all_goals], case_sensitive=False))
                yield Static(Text("Kind", style="bold"), classes="field-label")
                self._kinds = list(KINDS) if draft.kind in KINDS else [*KINDS, draft.kind or Kind.NOTE]
                yield Select([(Text(k.value), k.value) for k in self._kinds], value=(draft.kind or Kind.NOTE).value,
                             allow_blank=False, id="kind", compact=True)
                # A check-in's ratings, a feedback entry's fields: shown for those kinds only.
                yield EntryDetails(draft.details, draft.revisit, self.journal.today(), editing=bool(draft.entry_id),
                                   id="entry-details")
                self._mentors = self._mentorship_options(draft.mentorship)
                heading = Static(Text("Mentorship", style="bold"), classes="field-label", id="mentorship-label")
                choice = Select([(name, ref) for ref, name in self._mentors.items()],
                                value=draft.mentorship if draft.mentorship in self._mentors else Select.NULL,
                                prompt="none" if draft.entry_id else "the goal's (default)", id="mentorship",
                                compact=True)
                heading.display = choice.display = bool(self._mentors)  # no mentorship to choose: no field
                yield heading
                yield choice
                with Horizontal(id="flags"):
                    yield Tick("★ Star", bool(draft.starred), id="starred", compact=True)
                    yield Tick("Private", bool(draft.private), id="private", compact=True)
                yield Static(id="form-state")
                yield Button("Save  (ctrl+s)", id="save", variant="primary", compact=True)
        yield KeysFooter()

    @staticmethod
    def _quote(target: Entry) -> Text:
        """The entry being answered, above the text: a foresight entry, or a feedback follow-up."""
        tried = follow_up(target)
        if tried is not None:
            giver = target.details.get("from")
            quote = Text(f"◀ Feedback{' from ' + safe(giver) if giver else ''} ({target.day.isoformat()}); "
                         "you said you would try:\n", style=LENS_STYLE[Lens.HINDSIGHT])
            quote.append(for_terminal(tried, single_line=True), style="italic")
            return quote
        quote = Text(f"{Lens.FORESIGHT.symbol} You expected ({target.day.isoformat()}):\n",
                     style=LENS_STYLE[Lens.FORESIGHT])
        if target.title:
            quote.append(for_terminal(target.title, single_line=True) + "\n", style="bold")
        quote.append(block_text(target.body.strip()), style="italic")
        return quote

    def _mentorship_options(self, current: str | None) -> dict[str, Text]:
        """Active mentorships by id, and the one the draft names even if closed (or not found)."""
        found = {m.id: m for m in self.journal.mentorships.list()}
        if current and current not in found:
            try:
                chosen = self.journal.mentorships.get(current)
                found[chosen.id] = chosen
            except JournalError:
                pass
        self._began = {m.id: m.started_on for m in found.values()}
        options: dict[str, Text] = {}
        for m in found.values():
            if m.status == MentorshipStatus.ACTIVE or m.id == current:
                label = safe(m.mentor) + (f" — {safe(m.focus)}" if m.focus else "")
                options[m.id] = Text(label + (" (closed)" if m.status != MentorshipStatus.ACTIVE else ""))
        if current and current not in options:  # a name or prefix no mentorship has: shown, and refused on save
            options[current] = Text(f"{safe(current)} (not found)")
        return options

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
        self.keeper.hold(replace(self.initial), dirty=False, kept=self.initial.id is not None)
        self.keeper.follow(self._read_state)
        self._show_prompt()
        self._show_when()
        self._show_details()
        self._show_revisit()
        self._show_state()
        self._show_text_tags()
        self.query_one("#compose-side").can_focus = False  # tab goes field to field, not to the panel
        self._start_focus()
        self._tell_pictured(self._pictured)
        self._ready = True

    def _tell_pictured(self, count: int) -> None:
        if count:
            self.notify(f"{count} control character(s) are shown as symbols such as ␛; saving keeps them that way.",
                        title="Control characters", markup=False)

    def _start_focus(self) -> None:
        """Where a person expects to start: the title of an empty new entry; the first answer of a
        template; otherwise the text, with the cursor at its end (appending is the usual edit)."""
        area = self.query_one("#body", TextArea)
        start = first_answer(area.text) if self._templates else None
        if start is not None:
            area.move_cursor(start)
            area.focus()
        elif not area.text.strip() and not self.initial.title.strip():
            # At once (focus() waits a turn): Textual's auto focus gave the text the focus first,
            # and its scroll to the text (the stacked, narrow form) is left out once it has moved.
            self.set_focus(self.query_one("#title", Input))
        else:
            area.move_cursor(area.document.end)
            area.focus()

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
            kind=self._kind(), mentorship=self._mentorship(), revisit=self._revisit(lens, self._kind()),
            details=self.query_one(EntryDetails).details(self._kind()), id=draft.id if draft else self.initial.id,
        )

    def _kind(self) -> Kind:
        value = self.query_one("#kind", Select).value
        return Kind(value) if isinstance(value, str) else self.initial.kind or Kind.NOTE

    def _mentorship(self) -> str | None:
        """The chosen mentorship's id. None chosen: a new entry takes the service's default (its
        goal's); an edit that had one removes it ("")."""
        value = self.query_one("#mentorship", Select).value
        if isinstance(value, str):
            return value
        return "" if self.initial.entry_id and self.initial.mentorship is not None else None

    def _revisit(self, lens: Lens, kind: Kind) -> str | None:
        """The revisit date as typed, for foresight only (kept in the field while another lens is
        chosen, not saved with it); for a feedback entry of another lens, its follow-up date.
        Emptied in an edit that had one: "" removes it."""
        if lens == Lens.FORESIGHT:
            value = self.query_one("#revisit", Input).value.strip()
        elif kind == Kind.FEEDBACK:
            value = self.query_one(EntryDetails).follow_up_on()
        else:
            return None
        if value:
            return value
        return "" if self.initial.entry_id and self.initial.revisit is not None else None

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
        self._show_text_tags()
        self._changed()

    def _show_text_tags(self) -> None:
        """The tags the text holds as typed (#confidence, @mentoring): saved with the entry."""
        echo = self.query_one("#text-tags", Static)
        text = self.query_one("#body", TextArea).text
        found = self.journal.entries.inline_tags(text) if len(text) < 200_000 else ()
        echo.display = bool(found)
        echo.update(Text("from the text: " + ", ".join(safe(t) for t in found), style="dim"))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "when":
            self._show_when()
            self._show_state()
        if event.input.id == "revisit":
            self._show_revisit()
            self._show_state()
        if event.input.id != "new-goal":
            self._changed()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self._show_prompt()
        self._show_when()
        self._show_details()
        self._show_revisit()
        self._show_state()
        self._changed()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "kind":
            self._show_details()
            self._show_revisit()
        self._show_state()
        self._changed()

    def on_entry_details_changed(self, event: EntryDetails.Changed) -> None:
        self._show_state()
        self._changed()

    def _show_details(self) -> None:
        """A check-in's ratings or a feedback entry's fields, for those kinds only (a foresight
        feedback entry's follow-up date is its revisit date: its own field goes)."""
        foresight = self._lens() == Lens.FORESIGHT
        if foresight and self.focused is not None and self.focused.id == "follow-up-on":
            self.query_one("#body", TextArea).focus()  # F7 in that field: it goes, as the revisit field does
        self.query_one(EntryDetails).show_kind(self._kind(), foresight=foresight)

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
        text.append(f" {self._kind().value}")
        if self.answers is not None:
            text.append(", answering “")
            text.append(safe(summary(self.answers.title, self.answers.body, 40)) or "(empty)", style="italic")
            text.append("”")
        for name in chosen:
            text.append(", ⚑ ")
            text.append_text(name)
        mentor = self._mentor_shown()
        if mentor:
            text.append(f", with {mentor[1]}")
            began = self._began.get(mentor[0])
            day = self._day()
            if began and day and day < began:  # allowed, for back-filling; said before it is saved (S484)
                text.append(f", a day before it began ({began:%a %d %b %Y})", style=WARNING)
        kind = self._kind()
        revisit = self._revisit(lens, kind) if lens == Lens.FORESIGHT else None
        if revisit:
            revisit_day = self._revisit_day(revisit)
            text.append(f", revisit {revisit_day.strftime('%a %d %b %Y')}" if isinstance(revisit_day, date) else
                        ", revisit: not a date yet")
        elif lens != Lens.FORESIGHT and kind != Kind.FEEDBACK and self.query_one("#revisit", Input).value.strip():
            text.append(", no revisit date (foresight only)", style=WARNING)  # S230: said before it goes
        if details := self.query_one(EntryDetails).state(kind):
            text.append(f", {details}")
        if self.query_one("#starred", Checkbox).value:
            text.append(", ★ starred")
        if self.query_one("#private", Checkbox).value:
            text.append(", private")
        self.query_one("#form-state", Static).update(text)

    def _mentor_shown(self) -> tuple[str, str] | None:
        """The mentorship the entry will belong to: its id and who, in words ("Ada (the goal's)"
        for the default)."""
        chosen = self._mentorship()
        if chosen:
            label = self._mentors.get(chosen)
            return chosen, label.plain if label is not None else safe(chosen)
        if chosen is None and not self.initial.entry_id:
            mentors = self.journal.mentorships.mentors()
            for goal in self.query_one("#goals", SelectionList).selected:
                owner = self._goal_mentorship.get(goal)
                if owner in mentors:
                    return owner, f"{safe(mentors[owner])} (the goal's)"
        return None

    def _day(self) -> date | None:
        """The day the entry is about as typed (today when empty); None while it is no date."""
        value = self.query_one("#when", Input).value.strip()
        if not value:
            return self.journal.today()
        try:
            return self.journal.when(value).day
        except JournalError:
            return None

    def _revisit_day(self, text: str) -> date | JournalError:
        try:
            return self.journal.ahead(text)  # as the save reads it (S326)
        except JournalError as error:
            return error

    def _show_revisit(self) -> None:
        """Show the revisit field only while the lens is foresight, with the day it resolves to (a
        foresight feedback entry's follow-up date is this one too)."""
        foresight = self._lens() == Lens.FORESIGHT
        box = self.query_one("#revisit-box")
        field = self.query_one("#revisit", Input)
        if not foresight and field.has_focus:
            self.query_one("#body", TextArea).focus()
        box.display = foresight
        value = field.value.strip()
        echo = self.query_one("#revisit-echo", Static)
        if not value:
            echo.update(Text("→ none: not listed as due", style="dim"))
            return
        day = self._revisit_day(value)
        if isinstance(day, JournalError):
            echo.update(Text(safe(str(day).split(". Accepted")[0]), style="bold red"))
            return
        today = self.journal.today()
        shown = f"→ {day_with_distance(day, today)}"
        if day < today:
            echo.update(Text(f"{shown} is in the past: a revisit date looks ahead", style=WARNING))
            return
        echo.update(Text(shown, style="green"))

    def _show_when(self) -> None:
        """The day and time the entry is about, and a warning at once for a future day on a lens
        other than foresight (the save refuses it)."""
        value = self.query_one("#when", Input).value.strip()
        echo = self.query_one("#when-echo", Static)
        if not value:
            echo.update(Text("→ now", style="dim"))
            return
        try:
            when = self.journal.when(value)
        except JournalError as error:
            echo.update(Text(safe(str(error).split(". Accepted")[0]), style="bold red"))
            return
        today = self.journal.today()
        shown = day_with_distance(when.day, today, when.time)
        if when.day > today and self._lens() != Lens.FORESIGHT:
            echo.update(Text(f"→ {shown} — a future day is for foresight: F7 switches the lens", style=WARNING))
            return
        echo.update(Text(f"→ {shown}" + (f" — {when.note}" if when.note else ""), style="green"))

    # ----------------------------------------------------------- actions
    def action_lens(self, name: str) -> None:
        self.query_one(f"#lens-{name}", RadioButton).value = True

    def action_insert_prompt(self) -> None:
        prompt = self._prompt_text()
        if prompt:
            area = self.query_one("#body", TextArea)
            area.insert(f"{prompt}\n\n")
            area.focus()

    def action_insert_template(self) -> None:
        """Pick a prompt set; its questions fill an empty text or go after the text there is."""
        if not self.journal.reflection.template_sets():
            self.notify("The prompt library has no sets (see `journal paths` for your prompt folder).",
                        severity="warning", markup=False)
            return
        self.app.push_screen(template_picker(self.journal, "Insert the questions of which prompt set?"),
                             lambda name: self.insert_template(name) if name else None)

    def insert_template(self, set_name: str) -> None:
        """Put the set's questions in the text as headings, cursor in the first answer. Into an
        empty text they also bring the set's title, lens and kind (where the form still has the
        defaults); after existing text they are only text."""
        try:
            template = self.journal.reflection.template(set_name)
            title, lens, kind = self.journal.reflection.template_fields(set_name)
        except JournalError as error:
            self.notify(str(error), title="Template", severity="error", markup=False)
            return
        area = self.query_one("#body", TextArea)
        before = area.text
        if before.strip():
            gap = "" if before.endswith("\n\n") else "\n" if before.endswith("\n") else "\n\n"
            area.insert(gap + template, area.document.end)
            start = first_answer(area.text, (before + gap).count("\n"))
        else:
            area.load_text(template)
            start = first_answer(template)
            if not self.query_one("#title", Input).value.strip():
                self.query_one("#title", Input).value = title
            if kind is not None and self._kind() == Kind.NOTE:
                select = self.query_one("#kind", Select)
                if kind not in self._kinds:  # closure: offered once the closure set brings it
                    self._kinds.append(kind)
                    select.set_options([(Text(k.value), k.value) for k in self._kinds])
                select.value = kind.value
            if lens is not None:
                self.action_lens(lens.value)
        self._templates.append(template)
        if start is not None:
            area.move_cursor(start)
        area.focus()
        self._changed()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            event.stop()
            self.action_save()

    def paste_lines(self, field: Input, lines: list[str]) -> bool:
        """A paste of several lines into the title (the app's `_pasted`): the first line is the
        title, the rest goes into the text at its cursor, which takes the focus."""
        if field.id != "title":
            return False
        if field.selection.is_empty:
            field.insert_text_at_cursor(lines[0])
        else:
            field.replace(lines[0], *field.selection)
        area = self.query_one("#body", TextArea)
        area.insert("\n".join(lines[1:]))
        area.focus()
        self.notify("The title took the first line; the lines after it went into the text.", markup=False)
        return True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "new-goal":
            event.stop()
            self._create_goal(event.input)
        elif event.input.id == "title":  # enter after the title: on to the text
            event.stop()
            self.query_one("#body", TextArea).focus()

    def _create_goal(self, field: Input) -> None:
        typed = " ".join(field.value.split()).casefold()  # a goal's name (completed or typed) links that goal
        goal = next((g for g in self._all_goals if g.title.casefold() == typed), None) if typed else None
        goal = goal or create_goal(self, self.journal, field.value)
        if goal is None:
            return
        field.value = ""
        goals = self.query_one("#goals", SelectionList)
        if goal.id in self._goal_names:
            goals.select(goal.id)
        else:
            self._goal_names[goal.id] = Text(safe(goal.title))
            goals.add_option((self._goal_names[goal.id], goal.id, True))
        goals.display = True
        self._show_state()
        self._changed()

    def action_tab_on(self) -> None:
        """Tab: to the next field, as on every screen; from the text, remembering where it went."""
        area = self.query_one("#body", TextArea)
        from_text = self.focused is area
        self.focus_next()
        self._tabbed_to = self.focused if from_text else None

    def on_key(self, event: events.Key) -> None:
        """A key typed on the field a tab from the text went to (the lens: the tab was meant as an
        indent) goes on in the text, where the cursor was, and the focus with it; so do the keys
        typed on behind it, on their way to that field before the focus moved (a word typed at
        speed, its spaces too: the text took none of them, or they would not be here). Any other
        choice's letters are said to go nowhere (`TypedOnAChoice`, S501)."""
        character = event.character
        body = self.query_one("#body", TextArea)
        if self._tabbed_to is None or not event.is_printable or not character or self.focused not in (
                self._tabbed_to, body) or (character == " " and self.focused is self._tabbed_to):
            return  # a space on the field itself picks its choice
        event.stop()
        event.prevent_default()
        self.set_focus(body)  # at once: the keys behind this one go to the text (focus() waits its turn)
        body.insert(character)
        if not self._said_carried:
            self._said_carried = True
            self.notify("Typing went on in the text: tab moves to the fields beside it (shift+tab comes back).",
                        markup=False)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """A field other than the text, reached otherwise than by that tab, takes no letters for it."""
        if event.widget is not self._tabbed_to and event.widget is not self.query_one("#body", TextArea):
            self._tabbed_to = None

    def commands(self) -> Iterator[SystemCommand]:
        """The palette's entries while writing."""
        yield SystemCommand("Save entry", "Save (ctrl+s)", self.action_save)
        for lens in Lens:
            yield SystemCommand(f"Lens: {lens.value}", lens.question, lambda name=lens.value: self.action_lens(name))
        yield SystemCommand("Insert prompt", "Insert the prompt of the day (ctrl+t)", self.action_insert_prompt)
        yield SystemCommand("Insert template…", "A prompt set's questions as headings, to answer under each (F8)",
                            self.action_insert_template)
        yield SystemCommand("External editor", "Edit in $VISUAL/$EDITOR (ctrl+e)", self.action_external_editor)

    def action_save(self) -> bool:
        """Write or edit the entry (and drop its draft in the same transaction)."""
        draft = self.read_form()
        if self._templates and self.journal.reflection.untouched(draft.body, "".join(self._templates)):
            self.notify("Nothing is written under the questions yet, so there is nothing to save.",
                        title="Not saved", severity="warning", markup=False)
            return False
        self.keeper.hold(draft, dirty=not _same(draft, self.initial))
        journal = self.journal
        # A template's questions left unanswered are left out of the entry (the draft keeps them
        # until the save succeeds).
        body, unanswered = (journal.reflection.drop_unanswered(draft.body, "".join(self._templates))
                            if self._templates else (draft.body, 0))
        saving = replace(draft, body=body)
        before = None  # the entry as stored, to say what the edit took with it (S230)
        if draft.entry_id:
            with contextlib.suppress(JournalError):  # gone: the edit below says so
                before = journal.entries.get(draft.entry_id)
        if before is not None and draft.lost_to and entry_version(before) == draft.lost_to:
            self._ask_replace(before, saving)  # this version lost to that one: saving it over it is asked (S253)
            return False
        try:
            if draft.entry_id:
                entry, _ = journal.entries.edit(draft.entry_id, EntryChanges.whole(
                    saving, draft_id=draft.id, expected_version=self.initial.base))
            else:
                entry = journal.entries.write(saving)
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
        said = [f"Saved. {plural(unanswered, 'unanswered question')} left out." if unanswered else "Saved."]
        if before is not None:
            said.append(revisit_dropped(before.lens, before.revisit_on, entry) or "")
        began = self._began.get(entry.mentorship or "")
        if began and entry.day < began:  # as `journal add` says it (S482, S484)
            said.append(f"Its day is before the mentorship began ({began:%a %d %b %Y}).")
        self.app.clear_notifications()  # a refusal shown before ("Not saved") is over now (S548)
        self.notify(" ".join(filter(None, said)), markup=False)
        self.dismiss(entry.id)
        return True

    def _ask_replace(self, other: Entry, mine: Draft) -> None:
        """This draft lost to a change made elsewhere (`Draft.lost_to`), and the entry is still
        that version: replace it (its change goes), save this as a new entry, or go on editing.
        The question names what differs, and quotes the entry's title or text where they do: it
        quoted the text alone, unchanged when the other change was a title (S526)."""
        changed = other.updated_at.astimezone(self.journal.clock.tzinfo) if other.updated_at else None
        differs = self.journal.drafts.differences(mine) or []
        question = Text("The entry was changed after this version of yours was kept", style="bold")
        question.append(f" ({changed:%a %d %b %H:%M})" if changed else "")
        what = f"its {', '.join(differs)}" if differs else "nothing but when it was saved"
        question.append(f": entry {other.short_id} differs from yours in {what}")
        if "title" in differs:
            question.append(f"; its title is now “{safe(other.title or '')}”")
        if "text" in differs:
            question.append(f"; it reads “{safe(summary(None, other.body, 80))}”")
        question.append(". Saving yours over it throws that change away.")

        def answer(choice: str | None) -> None:
            if choice == "replace":
                self.initial = replace(self.initial, lost_to=None)
                self.action_save()
            elif choice == "new":
                self.initial = replace(self.initial, entry_id=None, base=None, lost_to=None)
                self.action_save()

        self.app.push_screen(ChoiceModal(question, [("replace", "Replace it"), ("new", "New entry instead"),
                                                    ("cancel", "Cancel")], id="replace-confirm"), answer)

    def _conflicted(self, conflict: EditConflict) -> None:
        """The entry changed elsewhere (catalogue B13): the service kept this text as a draft in
        the same transaction, so close without checkpointing again and show the other version."""
        self._stop_timer()
        self.keeper.release()
        what = {"trashed": "was moved to the trash (x opens it to restore)", "deleted": "was deleted for good"}.get(
            conflict.reason, "was changed since this text was opened (in another window, on the command line, or by a "
                             "later save of a kept draft's entry)")
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
                    where = "e on the entry goes on with it" if self.keeper.draft and self.keeper.draft.entry_id \
                        else "ctrl+p › Open a saved draft… goes on with it"
                    self.app.notify(f"Kept as a draft: {where} (or `journal drafts`).", title="Draft kept",
                                    markup=False)
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
        self.keeper.let_go()  # a draft kept is free for `journal drafts` and other windows now (S259)
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
            shown, pictured = control_pictures(text)  # the editor drew it raw: an ESC reached the terminal (S175)
            area.load_text(shown)
            self._changed()
            self._tell_pictured(pictured)
