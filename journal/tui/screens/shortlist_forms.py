"""The small forms of choosing a mentor (ShortlistsScreen, ShortlistScreen): a name or title,
a criterion (new or edited), a candidate's scores, notes of a conversation, the choice itself
(focus, start, check-in rhythm); and the notes read back.

Each form saves itself through `journal.shortlists` (errors stay in the form, one line), posts
`JournalChanged` and dismisses with what it saved, or None when left.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, RadioSet, Static, TextArea

from journal.domain.errors import JournalError
from journal.domain.dates import cadence_of
from journal.domain.practice import MAX_SCORE, MAX_WEIGHT, MIN_WEIGHT, Candidate, Criterion, Ranked, Shortlist
from journal.domain.text import plural
from journal.services import Journal
from journal.tui.messages import JournalChanged
from journal.tui.screens.base import FormModal, JournalModal
from journal.tui.widgets.day_echo import DayEcho
from journal.tui.widgets.rows import block_text, safe
from journal.tui.widgets.toggles import Choice
from journal.tui.widgets.text_input import TextInput
from journal.tui.widgets.choices import Choices

ERROR = "bold #ff8787"
KEYS = "  ctrl+s saves · esc cancels"


def _no_blink(modal: Screen[Any]) -> None:
    """Stable snapshots: no blinking cursors when headless."""
    if modal.app.is_headless:
        for field in modal.query(Input).results():
            field.cursor_blink = False
        for area in modal.query(TextArea).results():
            area.cursor_blink = False


class LineModal(FormModal[str | None]):
    """One line to type (a shortlist's title, a candidate's name). `save` does the writing and
    returns what to dismiss with; a JournalError it raises stays in the form."""
    FORM_NAME = "a line of a shortlist"

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="shortlist-line.cancel"),
        Binding("ctrl+s", "save", "Save", priority=True, id="shortlist-line.save"),
    ]

    def __init__(self, heading: str, placeholder: str, save: Callable[[str], str], *, value: str = "",
                 button: str = "Save", id: str | None = None) -> None:
        super().__init__(id=id)
        self.heading, self.placeholder, self.save, self.value, self.button = heading, placeholder, save, value, button

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="shortlist-line-box", classes="shortlist-box"):
            yield Static(Text.assemble((self.heading, "bold"), (KEYS, "dim")))
            yield TextInput(value=self.value, placeholder=self.placeholder, id="shortlist-line")
            yield Static(id="shortlist-line-error", classes="shortlist-error")
            with Horizontal(classes="modal-buttons"):
                yield Button(self.button, id="shortlist-line-save", variant="primary")
                yield Button("Cancel", id="shortlist-line-cancel")

    def on_mount(self) -> None:
        _no_blink(self)
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "shortlist-line-save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        try:
            result = self.save(self.query_one(Input).value)
        except JournalError as problem:
            self.query_one("#shortlist-line-error", Static).update(Text(str(problem), style=ERROR))
            return
        self.app.post_message(JournalChanged())
        self.dismiss(result)



def rename_form(journal: Journal, shortlist: Shortlist) -> LineModal:
    """The shortlist's title to change; dismisses with the line to show."""
    shortlist_id = shortlist.id

    def save(title: str) -> str:
        return f"Renamed the shortlist “{safe(journal.shortlists.rename(shortlist_id, title).title)}”."

    return LineModal("Rename the shortlist", "What the mentor is for, e.g. Leadership mentor", save,
                     value=shortlist.title, button="Rename", id="shortlist-rename")


class CriterionModal(FormModal[str | None]):
    """A new criterion, or one edited (`criterion`): its name, must-have or want, and a want's
    weight (1–5). Changing an edited criterion between must-have and want takes back its scores:
    the form says how many before it is saved. Dismisses with the line to show, or None."""
    FORM_NAME = "a criterion"

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="criterion.cancel"),
        Binding("ctrl+s", "save", "Save", priority=True, id="criterion.save"),
    ]

    def __init__(self, journal: Journal, shortlist: Shortlist, criterion: Criterion | None = None) -> None:
        super().__init__()
        self.journal = journal
        self.shortlist = shortlist
        self.criterion = criterion

    def compose(self) -> ComposeResult:
        c = self.criterion
        with VerticalScroll(id="criterion-box", classes="shortlist-box"):
            yield Static(Text.assemble(("Edit criterion" if c else "New criterion", "bold"), (KEYS, "dim")))
            yield TextInput(value=c.name if c else "", placeholder="What a mentor has, e.g. Has led a team of ten",
                            id="criterion-name")
            with Choices(id="criterion-kind", compact=True):
                yield Choice("want (weighted)", value=c is None or not c.must, id="criterion-want")
                yield Choice("must-have (met or not)", value=c is not None and c.must, id="criterion-must")
            yield Static(id="criterion-weight-label")
            yield TextInput(value=str(c.weight) if c else "3", placeholder=f"{MIN_WEIGHT}-{MAX_WEIGHT}",
                            id="criterion-weight")
            yield Static(id="criterion-note")
            yield Static(id="criterion-error", classes="shortlist-error")
            with Horizontal(classes="modal-buttons"):
                yield Button("Save" if c else "Add", id="criterion-add", variant="primary")
                yield Button("Cancel", id="criterion-cancel")

    def on_mount(self) -> None:
        _no_blink(self)
        self._kind_shown()
        self.query_one("#criterion-name", Input).focus()

    @property
    def must(self) -> bool:
        pressed = self.query_one(RadioSet).pressed_button
        return pressed is not None and pressed.id == "criterion-must"

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self._kind_shown()

    def _kind_shown(self) -> None:
        """The weight field follows the kind; an edited criterion changing kind says what goes."""
        must = self.must
        weight = self.query_one("#criterion-weight", Input)
        weight.disabled = must
        weight.display = not must  # its rows go to the note, which left Save below an 80x24 screen (S523)
        label = ("A must-have is met or not: it has no weight." if must else
                 f"Weight: {MIN_WEIGHT} nice to have … {MAX_WEIGHT} very important")
        self.query_one("#criterion-weight-label", Static).update(Text(label, style="dim"))
        c, note = self.criterion, Text()
        if c is not None and must != c.must:
            scored = sum(1 for candidate in self.shortlist.candidates if c.id in candidate.scores)
            if scored:
                note = Text(f"Its {plural(scored, 'score')} will be taken back: a want's 0–5 says nothing about "
                            "a must-have, and the other way round.", style="#ffaf5f")
        self.query_one("#criterion-note", Static).update(note)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "criterion-name":
            self.focus_next()
        else:
            self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "criterion-add":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        name = self.query_one("#criterion-name", Input).value
        must = self.must
        # empty: no weight given (a new want weighs the service's default, an edited one keeps its own)
        weight = None if must else self.query_one("#criterion-weight", Input).value.strip() or None
        lists = self.journal.shortlists
        try:
            if self.criterion is None:
                added = lists.add_criterion(self.shortlist.id, name, must=must, weight=weight)
                said = f"Added the {added.kind} “{safe(added.name)}”."
            else:
                change = lists.edit_criterion(self.shortlist.id, self.criterion.id, name=name, must=must,
                                              weight=weight)
                said = change.said(f"“{safe(change.criterion.name)}”")
        except JournalError as problem:
            self.query_one("#criterion-error", Static).update(Text(str(problem), style=ERROR))
            return
        self.app.post_message(JournalChanged())
        self.dismiss(said)



class ChooseModal(FormModal[str | None]):
    """Choosing a candidate: what the mentorship is about (the shortlist's title unless changed),
    the day it started (empty: today) and its check-in rhythm, as `journal shortlist choose`
    asks them. `force` chooses a candidate who misses a must-have (asked about before).
    Dismisses with the new mentorship's id, or None."""
    FORM_NAME = "choosing a mentor"

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="choose.cancel"),
        Binding("ctrl+s", "save", "Choose", priority=True, id="choose.save"),
    ]

    def __init__(self, journal: Journal, shortlist: Shortlist, ranked: Ranked, *, force: bool = False) -> None:
        super().__init__()
        self.journal = journal
        self.shortlist = shortlist
        self.ranked = ranked
        self.force = force

    def compose(self) -> ComposeResult:
        r, name = self.ranked, safe(self.ranked.candidate.name)
        about = Text(f"A mentorship with {name} starts; the shortlist is kept with it, decided. "
                     f"{r.summary[0].upper()}{r.summary[1:]}.")
        if self.force:
            about.append(" Chosen against a must-have: the mentorship's history will say so.", style="#ffaf5f")
        with VerticalScroll(id="choose-box", classes="shortlist-box"):
            yield Static(Text.assemble((f"Choose {name}", "bold"), ("  ctrl+s chooses · esc cancels", "dim")))
            yield Static(about, id="choose-about")
            yield Static(Text("Focus: what is the mentorship about?", style="bold"), classes="field-label")
            yield TextInput(value=self.shortlist.title, id="choose-focus")
            yield Static(Text("Started", style="bold"), classes="field-label")
            yield TextInput(placeholder="e.g. 2026-09-01, last monday, today", id="choose-since")
            yield DayEcho("empty: today", id="choose-since-echo")
            yield Static(Text("Check in every N days", style="bold"), classes="field-label")
            yield TextInput(placeholder="e.g. 14 (empty: no check-in rhythm)", id="choose-every")
            yield Static(id="choose-error", classes="shortlist-error")
            with Horizontal(classes="modal-buttons"):
                yield Button("Choose  (ctrl+s)", id="choose-save", variant="primary")
                yield Button("Not yet", id="choose-cancel")

    def on_mount(self) -> None:
        _no_blink(self)
        self._echo()
        self.query_one("#choose-focus", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "choose-since":
            self._echo()

    def _echo(self) -> bool:
        text = self.query_one("#choose-since", Input).value
        return self.query_one("#choose-since-echo", DayEcho).show(text, self.journal.day, self.journal.today())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "choose-every":
            self.action_save()
        else:
            self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "choose-save":
            self.action_save()
        else:
            self.dismiss(None)

    def _error(self, message: str, field: str) -> None:
        self.query_one("#choose-error", Static).update(Text(message, style=ERROR))
        self.query_one(field).focus()

    def action_save(self) -> None:
        if not self._echo():
            self._error("The start is not a date I understand (see above).", "#choose-since")
            return
        try:
            every = cadence_of(self.query_one("#choose-every", Input).value)
        except ValueError as problem:
            self._error(f"Check in every: {problem}", "#choose-every")
            return
        since = self.query_one("#choose-since", Input).value.strip()
        try:
            m = self.journal.shortlists.choose(self.shortlist.id, self.ranked.candidate.id,
                                               focus=self.query_one("#choose-focus", Input).value,
                                               since=since or None, check_in_every=every, force=self.force)
        except JournalError as problem:
            self.query_one("#choose-error", Static).update(Text(str(problem), style=ERROR))
            return
        self.app.post_message(JournalChanged(select=m.id))
        self.dismiss(m.id)


class ScoreModal(FormModal[bool | None]):
    """One candidate's scores, one field per criterion, filled with the scores kept: a
    must-have yes / no / not scored, a want 0–5 (empty: not scored). All are saved, or none."""
    FORM_NAME = "a score"

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="score.cancel"),
        Binding("ctrl+s", "save", "Save", priority=True, id="score.save"),
    ]

    def __init__(self, journal: Journal, shortlist: Shortlist, candidate: Candidate) -> None:
        super().__init__()
        self.journal = journal
        self.shortlist = shortlist
        self.candidate = candidate

    def compose(self) -> ComposeResult:
        sl, cand = self.shortlist, self.candidate
        with VerticalScroll(id="score-box", classes="shortlist-box"):
            yield Static(Text.assemble((f"Score {safe(cand.name)}", "bold"), (KEYS, "dim")))
            for number, c in enumerate(sl.criteria, 1):
                kept = cand.scores.get(c.id)
                kind = "must-have" if c.must else f"want ×{c.weight}, 0-{MAX_SCORE}"
                yield Static(Text.assemble((f"{number}. ", "bold"), safe(c.name), (f"  {kind}", "dim")),
                             classes="score-label")
                if c.must:
                    with Choices(id=f"score-{number}", compact=True, classes="score-must"):
                        yield Choice("✓ yes", value=kept == 1, id=f"score-{number}-yes")
                        yield Choice("✗ no", value=kept == 0, id=f"score-{number}-no")
                        yield Choice("? not scored", value=kept is None, id=f"score-{number}-none")
                else:
                    yield TextInput(value="" if kept is None else str(kept), id=f"score-{number}",
                                    placeholder=f"0 (not at all) to {MAX_SCORE} (fully); empty: not scored")
            if not sl.criteria:
                yield Static(Text("No criteria yet: add them with c first.", style="dim"))
            yield Static(id="score-error", classes="shortlist-error")
            with Horizontal(classes="modal-buttons"):
                yield Button("Save  (ctrl+s)", id="score-save", variant="primary")
                yield Button("Cancel", id="score-cancel")

    def on_mount(self) -> None:
        _no_blink(self)
        first = next(iter(self.query("#score-box Input, #score-box RadioSet").results()), None)
        (first or self.query_one("#score-cancel", Button)).focus()

    def values(self) -> list[tuple[str, str]]:
        """(criterion number, value as typed) for every criterion: '-' when not scored."""
        found = []
        for number, c in enumerate(self.shortlist.criteria, 1):
            if c.must:
                pressed = self.query_one(f"#score-{number}", RadioSet).pressed_button
                answer = (pressed.id or "").rsplit("-", 1)[-1] if pressed is not None else "none"
                found.append((c.id, {"yes": "yes", "no": "no"}.get(answer, "-")))
            else:
                found.append((c.id, self.query_one(f"#score-{number}", Input).value.strip() or "-"))
        return found

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "score-save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        if not self.shortlist.criteria:
            self.dismiss(None)
            return
        try:
            self.journal.shortlists.score_many(self.shortlist.id, self.candidate.id, self.values())
        except JournalError as problem:
            self.query_one("#score-error", Static).update(Text(str(problem), style=ERROR))
            return
        self.app.post_message(JournalChanged(select=self.candidate.id))
        self.dismiss(True)



class NoteModal(FormModal[str | None]):
    """Notes of a conversation with a candidate: the day (echoed as it is typed; empty: today)
    and what was said. Dismisses with the day kept (ISO), or None."""
    FORM_NAME = "a conversation's notes"

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
        Binding("ctrl+s", "save", "Save", priority=True, id="note.save"),
    ]

    def __init__(self, journal: Journal, shortlist_id: str, candidate: Candidate) -> None:
        super().__init__()
        self.journal = journal
        self.shortlist_id = shortlist_id
        self.candidate = candidate
        self.heading = f"notes of a conversation with {candidate.name}"
        """The draft's title names the candidate, when the app is stopped with the notes typed (S392)."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="note-box", classes="shortlist-box"):
            yield Static(Text.assemble((f"A conversation with {safe(self.candidate.name)}", "bold"), (KEYS, "dim")))
            yield Static("What was said:", classes="field-label")  # the cursor starts here; tab: the day
            yield TextArea(soft_wrap=True, show_line_numbers=False, id="note-text")
            yield TextInput(placeholder="When: today, last friday, 2026-11-18", id="note-day")
            yield DayEcho("empty: today", id="note-echo")
            yield Static(id="note-error", classes="shortlist-error")
            with Horizontal(classes="modal-buttons"):
                yield Button("Save  (ctrl+s)", id="note-save", variant="primary")
                yield Button("Cancel", id="note-cancel")

    def on_mount(self) -> None:
        _no_blink(self)
        self.query_one("#note-text", TextArea).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._echo()

    def _echo(self) -> bool:
        text = self.query_one("#note-day", Input).value
        return self.query_one("#note-echo", DayEcho).show(text, self.journal.day, self.journal.today())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#note-text", TextArea).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "note-save":
            self.action_save()
        else:
            self.dismiss(None)

    def action_save(self) -> None:
        error = self.query_one("#note-error", Static)
        if not self._echo():
            error.update(Text("That is not a date I understand (see above).", style=ERROR))
            return
        day = self.query_one("#note-day", Input).value.strip()
        try:
            kept = self.journal.shortlists.note(self.shortlist_id, self.candidate.id,
                                                self.query_one("#note-text", TextArea).text, day or None)
        except JournalError as problem:
            error.update(Text(str(problem), style=ERROR))
            return
        self.app.post_message(JournalChanged(select=self.candidate.id))
        self.dismiss(kept.day.isoformat())



class NotesModal(JournalModal[None]):
    """The notes of the conversations with one candidate, oldest first (read only)."""

    BINDINGS = [Binding("escape,q,enter", "dismiss", "Close", id="notes.close")]

    def __init__(self, candidate: Candidate) -> None:
        super().__init__()
        self.candidate = candidate

    def compose(self) -> ComposeResult:
        cand = self.candidate
        with VerticalScroll(id="notes-box", classes="shortlist-box"):
            count = plural(len(cand.conversations), "conversation")
            yield Static(Text.assemble((f"Conversations with {safe(cand.name)}", "bold"), (f"  {count}", "dim")))
            for note in cand.conversations:
                yield Static(Text(note.day.strftime("%a %d %b %Y"), style="bold #87afaf"), classes="note-day")
                yield Static(Text(block_text(note.text)), classes="note-text")
            if not cand.conversations:
                yield Static(Text("No notes yet: n on the shortlist notes a conversation.", style="dim"))
            yield Static(Text("escape closes", style="dim"), classes="note-day")
