"""Screens that are dismissed once, and only while they are the screen in front (catalogue K86).

Textual's `Screen.dismiss` runs the result callback and then pops whatever screen is on
top. A key queued for a screen can reach it after another screen went over it (a recovery
offer, the palette) or after it was already dismissed: the callback then ran twice (the
screen's future set twice: InvalidStateError) and the wrong screen was popped. Every screen
of the app that dismisses itself derives from one of these two.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from rich.text import Text
from textual import events
from textual.app import ScreenStackError, UnknownModeError
from textual.await_complete import AwaitComplete
from textual.css.query import NoMatches
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Static

Result = TypeVar("Result")
W = TypeVar("W", bound=Widget)


async def _nothing() -> None:
    return None


def _fresh(screen: Screen[Result], event: events.ScreenResume) -> None:
    """A screen's first resume follows its mount, which has just styled every widget of it:
    Textual's own handler (which runs after this one) styles them all again unless told not
    to (a fifth of opening the search screen, issue 20). Later resumes are left as they are."""
    if not getattr(screen, "_resumed", False):
        screen._resumed = True  # type: ignore[attr-defined]
        event.refresh_styles = False


def _may_dismiss(screen: Screen[Result]) -> bool:
    if getattr(screen, "_dismissed", False) or not screen.is_attached or screen.app.screen is not screen:
        return False
    screen._dismissed = True  # type: ignore[attr-defined]
    return True


def _sized(screen: Screen[Any]) -> None:
    """Give a screen opened in a running app its size class (-narrow, -medium, -wide:
    JournalApp.HORIZONTAL_BREAKPOINTS, Textual's rule: the widest whose width is reached) before
    its widgets are styled. Textual gives it on the screen's first Resize, and the class
    changing then styles every widget of the screen a second time (a quarter of opening
    compose, issue 20); found already there, it changes nothing. A screen made before the app
    runs (or before its first screen is up) is left to Textual: the terminal's size is not
    known yet. Home is made in the app's on_mount, so it has its class too."""
    try:
        app = screen.app
    except RuntimeError:  # Textual's NoActiveAppError: built outside a running app (a test)
        return
    if not app.is_running or not app.screen_stack:
        return
    breakpoints = screen.HORIZONTAL_BREAKPOINTS or app.HORIZONTAL_BREAKPOINTS or []
    width = app.size.width
    reached = [name for at, name in sorted(breakpoints, reverse=True) if width >= at]
    if reached:
        screen.add_class(reached[0], update=False)


class JournalScreen(Screen[Result]):
    """A full screen of the app that can be dismissed with a result."""

    def __init__(self, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name, id, classes)
        _sized(self)

    def is_open(self) -> bool:
        """Still on the app's stack of an app that is not quitting: a screen closed (or an app
        quit) by keys that came before its mount has nothing left to set up (catalogue K86)."""
        if self.app.return_code is not None:  # exit() was called: widgets are being taken down
            return False
        try:
            return self in self.app.screen_stack
        except (ScreenStackError, UnknownModeError):
            return False

    def dismiss(self, result: Result | None = None) -> AwaitComplete:
        return super().dismiss(result) if _may_dismiss(self) else AwaitComplete(_nothing())

    def part(self, kind: type[W]) -> W | None:
        """The screen's widget of this type, or None while it is not there: `check_action` is
        asked whenever the footer refreshes, and a refresh can land after closing has removed
        the widgets (escape just after the shortlists screen opened ended the app, K86)."""
        try:
            return self.query_one(kind)
        except NoMatches:
            return None

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        _fresh(self, event)


class JournalModal(ModalScreen[Result]):
    """A question or a small form over another screen."""

    def __init__(self, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name, id, classes)
        _sized(self)

    def dismiss(self, result: Result | None = None) -> AwaitComplete:
        return super().dismiss(result) if _may_dismiss(self) else AwaitComplete(_nothing())

    def on_mount(self) -> None:
        """Its own footer, with its own keys (after the subclass's mount: Textual calls each
        class's handler), as tall as the footer of the screen below: without it, that footer
        showed through, offering keys that do nothing here or something else (S235). A question
        whose answers are its buttons (ChoiceModal) has an empty one."""
        from journal.tui.widgets.footer import KeysFooter

        if self.query(KeysFooter):
            return
        stack = self.app.screen_stack
        below = [footer.outer_size.height for footer in stack[-2].query(KeysFooter)] if len(stack) > 1 else []
        self.mount(KeysFooter(covers=max(below, default=1)))


def lost_letter(screen: Screen[Any], event: events.Key) -> str | None:
    """The character of a printable key no field of a form took: typed while a choice, a check
    box, a list or a button had focus (after a tab meant as an indent), it went nowhere, without
    a word (S501). None for any other key (space picks a choice; a text field takes its keys)."""
    from textual.widgets import Input, TextArea

    character = event.character
    if not event.is_printable or not character or character == " ":
        return None
    focused = screen.focused
    return None if focused is None or isinstance(focused, Input | TextArea) else character


class TypedOnAChoice:
    """A form's answer to a letter typed on a control that takes no text: said once (a subclass
    with a text to give it to, compose, puts it there)."""

    _said_choice = False

    def on_key(self, event: events.Key) -> None:
        character = lost_letter(self, event)  # type: ignore[arg-type]  # mixed into a Screen
        if character is None:
            return
        event.stop()
        event.prevent_default()
        self.typed_on_a_choice(character)

    def typed_on_a_choice(self, character: str) -> None:
        if not self._said_choice:
            self._said_choice = True
            self.notify(  # type: ignore[attr-defined]  # a Screen's
                "Letters typed here go nowhere: this is a choice, not a text field. "
                "Tab and shift+tab move between the fields.", severity="warning", markup=False)


class FormScreen(TypedOnAChoice, JournalScreen[Result]):
    """A screen that holds typed text (compose, the closure conversation, the goal and
    mentorship forms): every printable key goes to its fields, never to a one-key binding of
    the screen or the app, whichever control has focus (the rule lives in
    `JournalApp._check_bindings`, catalogue N106), and a letter typed on a control that takes
    none is not lost without a word (`TypedOnAChoice`). It leaves only through its own keys."""

    def changed(self) -> bool:
        """Whether the form holds typed changes that are not saved."""
        return False

    def ready_text_areas(self) -> None:
        """Each text area with its cursor at the end of the text it was given: adding is the
        usual edit, and a cursor at the start put what was typed before the words already
        there (S177; compose and the closure place theirs themselves). Not blinking in a
        headless run (stable snapshots)."""
        from textual.widgets import TextArea

        for area in self.query(TextArea).results():
            area.move_cursor(area.document.end)
            if self.app.is_headless:
                area.cursor_blink = False

    def action_save(self) -> object:
        """Save the form (a form that has changes to lose defines it)."""
        return None

    def show_error(self, message: str, field: str | None = None) -> None:
        _show_error(self, message, field)

    def changed_elsewhere(self, opened: object, now: object, typed: Iterable[str], attributes: Mapping[str, str],
                          words: Mapping[str, str], what: str) -> bool:
        """Whether a field typed here (`typed`: the form's names) was changed by another window
        since the form opened: `opened` and `now` are the record then and as it is now, read
        through `attributes` (form name -> attribute), each named by `words`. Said in the form,
        which keeps the typed text; the caller then takes `now` as what it opened, so saving
        again puts the text in place, the other staying in `what`'s history (S348, S350: the
        goal and mentorship forms wrote over it without a word)."""
        kept = [name for name in typed if name in attributes
                and getattr(now, attributes[name]) != getattr(opened, attributes[name])]
        if not kept:
            return False
        named = " and ".join(f"'{words.get(attributes[name], attributes[name])}'" for name in kept)
        self.show_error(f"{named} changed elsewhere while this form was open (the {what}'s history has the other "
                        "text). Save again to put yours in its place, or leave without saving.")
        return True

    QUIT_CHOICES = [("save", "Save"), ("discard", "Discard"), ("cancel", "Cancel")]
    """What ctrl+q asks while the form holds typed changes (`JournalApp._quit_from_forms`)."""
    KEEPS_DRAFT = False
    """True: the app's DraftKeeper follows this form (compose, the closure conversation)."""
    FORM_NAME = "a form"
    """What the form is, in the title of the draft its text becomes when the app is stopped (S360)."""

    def quit_with(self, choice: str) -> bool:
        """Act on the answer to QUIT_CHOICES; True: the app may end."""
        if choice == "save":
            return bool(self.action_save())
        return choice == "discard"

    def leave_asking(self, confirm_id: str, result: Result | None = None, *,
                     question: str = "You have unsaved changes.") -> None:
        """Back, dismissed with `result`; with typed changes, ask Save / Discard / Cancel first
        (Save keeps the form open when the save is refused)."""
        _leave_asking(self, confirm_id, result, question)


def _leave_asking(form: FormScreen[Any] | FormModal[Any], confirm_id: str, result: Any, question: str) -> None:
    from journal.tui.screens.modals import ChoiceModal

    if not form.changed():
        form.dismiss(result)
        return

    def answer(choice: str | None) -> None:
        if choice == "save":
            form.action_save()
        elif choice == "discard":
            form.dismiss(result)

    form.app.push_screen(ChoiceModal(question, list(FormScreen.QUIT_CHOICES), id=confirm_id), answer)


def _show_error(form: Screen[Any], message: str, field: str | None) -> None:
    """Why a form was not saved, on the line above its fields (`.form-error`, shown only then),
    with `field` focused: under a long form's last field it sat below the fold at 80x24, and
    ctrl+s seemed to do nothing (S279)."""
    line = form.query_one(".form-error", Static)
    line.update(Text(message, style="bold #ff8787"))
    line.add_class("-shown")
    if field is not None:
        form.query_one(field).focus()


class FormModal(TypedOnAChoice, JournalModal[Result]):
    """A small form over another screen (a milestone, a conversation's notes): as `FormScreen`.
    What was typed in it is never dropped unasked (S206): once a field differs from what it
    showed when it opened, escape and ctrl+q ask Save / Discard / Cancel (its Cancel button is
    the one way to drop it at once)."""

    QUIT_CHOICES = FormScreen.QUIT_CHOICES
    KEEPS_DRAFT = False
    FORM_NAME = "a form"
    ASKS = True
    """False: what is typed is no writing of the person's (a file name, a date): never asked about."""
    _opened_with: tuple[object, ...] | None = None

    def on_mount(self) -> None:
        """After the form's own on_mount (Textual calls the base class's last): what it shows."""
        self._opened_with = self._fields()

    def _fields(self) -> tuple[object, ...]:
        """What the form holds: its fields' text, and which choice each radio set has (a must-have
        scored yes, a criterion made a must-have: S265)."""
        from textual.widgets import Input, RadioSet, TextArea

        return (tuple(field.value for field in self.query(Input).results(Input))
                + tuple(area.text for area in self.query(TextArea).results(TextArea))
                + tuple(choice.pressed_index for choice in self.query(RadioSet).results(RadioSet)))

    def show_error(self, message: str, field: str | None = None) -> None:
        _show_error(self, message, field)

    def changed(self) -> bool:
        return self.ASKS and self._opened_with is not None and self.is_attached and self._fields() != self._opened_with

    def action_save(self) -> object:
        """Save the form (each form defines it; it dismisses the form when the save is done)."""
        return None

    def quit_with(self, choice: str) -> bool:
        """Act on the answer to QUIT_CHOICES; True: the app may end (Save: once it has saved)."""
        if choice == "save":
            self.action_save()
            return bool(getattr(self, "_dismissed", False))  # set once it dismisses (`_may_dismiss`)
        return choice == "discard"

    def action_cancel(self) -> None:
        self.leave_asking(f"{type(self).__name__.lower()}-leave")

    def leave_asking(self, confirm_id: str, result: Result | None = None, *,
                     question: str = "You have unsaved changes.") -> None:
        _leave_asking(self, confirm_id, result, question)


def typed_texts(form: FormScreen[Any] | FormModal[Any]) -> dict[str, str]:
    """The text fields of `form` that hold something, in the order shown, each by the label
    right above it (`.field-label`), else its placeholder: what a draft of the form keeps (S360).
    A label names the one field under it: the field after that without a label of its own (a
    note's day) was kept as "What was said (2)" (S392)."""
    from textual.widgets import Input, TextArea

    texts: dict[str, str] = {}
    label = ""
    for widget in form.query("*").results():
        if isinstance(widget, Static) and widget.has_class("field-label"):
            label = str(widget.content).strip().rstrip(":")
        elif isinstance(widget, Input | TextArea):
            text = widget.value if isinstance(widget, Input) else widget.text
            name, label = label or str(widget.placeholder) or "Text", ""
            if text.strip():
                key, n = name, 2
                while key in texts:
                    key, n = f"{name} ({n})", n + 1
                texts[key] = text
    return texts
