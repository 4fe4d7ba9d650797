"""When a printable key is text, not a command (catalogue N106).

One-key bindings (`t` Timeline, `g` Goals, `n` New…) are for screens one reads. A key that
a person types as text must never reach them: not while a text field has focus, not while
a form control (a check box, a radio set, a selection list, a drop-down) has focus, and not
anywhere on a form that holds typed text, whatever has focus there (a button, after a
failed save). The app asks `is_typing` before it looks for a binding (JournalApp).
"""

from __future__ import annotations

import sys

from textual.keys import key_to_character
from textual.screen import Screen
from textual.widget import Widget

from journal.tui.screens.base import FormModal, FormScreen

TEXT_FIELDS = {"textual.widgets._input": "Input", "textual.widgets._text_area": "TextArea"}
FORM_CONTROLS = {
    "textual.widgets._checkbox": "Checkbox", "textual.widgets._radio_button": "RadioButton",
    "textual.widgets._radio_set": "RadioSet", "textual.widgets._select": "Select",
    "textual.widgets._selection_list": "SelectionList", "textual.widgets._switch": "Switch",
}
"""Where Textual defines each widget that takes printable keys (tests/tui/test_tui_startup.py
checks the names): looked up only once its module is loaded, since no such widget can exist
before. Importing them all up front cost the start of the app ~50 ms (TextArea alone)."""


def _loaded(kinds: dict[str, str]) -> tuple[type[Widget], ...]:
    """The widget classes of `kinds` (module: class name) whose module is loaded."""
    return tuple(getattr(sys.modules[module], name) for module, name in kinds.items() if module in sys.modules)


def typing_widgets() -> tuple[type[Widget], ...]:
    """The text fields and form controls whose module is loaded."""
    return _loaded(TEXT_FIELDS | FORM_CONTROLS)


def text_field_kinds() -> tuple[type[Widget], ...]:
    """The text fields (Input, TextArea) whose module is loaded."""
    return _loaded(TEXT_FIELDS)


def typed_text(key: str) -> bool:
    """`key` is one printable character (a letter, a digit, a sign, space), no ctrl or alt."""
    character = key_to_character(key)
    return character is not None and character.isprintable()


def is_typing(screen: Screen[object], focused: Widget | None) -> bool:
    """Printable keys are text on `screen` with `focused` having focus."""
    if isinstance(screen, FormScreen | FormModal):
        return True
    if focused is None:
        return False
    kinds = typing_widgets()
    for node in _self_and_ancestors(focused):
        if isinstance(node, kinds):
            return True
    return False


def _self_and_ancestors(widget: Widget | None) -> list[Widget]:
    """The focused widget and its parents up to the screen (a Select's list, an Input inside a
    composite widget)."""
    found: list[Widget] = []
    node = widget
    while isinstance(node, Widget) and not isinstance(node, Screen):
        found.append(node)
        node = node.parent  # type: ignore[assignment]
    return found
