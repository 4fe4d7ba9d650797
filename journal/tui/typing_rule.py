"""When a printable key is text, not a command (catalogue N106).

One-key bindings (`t` Timeline, `g` Goals, `n` New…) are for screens one reads. A key that
a person types as text must never reach them: not while a text field has focus, not while
a form control (a check box, a radio set, a selection list, a drop-down) has focus, and not
anywhere on a form that holds typed text, whatever has focus there (a button, after a
failed save). The app asks `is_typing` before it looks for a binding (JournalApp).
"""

from __future__ import annotations

from textual.keys import key_to_character
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, RadioButton, RadioSet, Select, SelectionList, Switch, TextArea

from journal.tui.screens.base import FormModal, FormScreen

TEXT_FIELDS = (Input, TextArea)
FORM_CONTROLS = (Checkbox, RadioButton, RadioSet, Select, SelectionList, Switch)


def typed_text(key: str) -> bool:
    """`key` is one printable character (a letter, a digit, a sign, space), no ctrl or alt."""
    character = key_to_character(key)
    return character is not None and character.isprintable()


def is_typing(screen: Screen[object], focused: Widget | None) -> bool:
    """Printable keys are text on `screen` with `focused` having focus."""
    if isinstance(screen, FormScreen | FormModal):
        return True
    for node in _self_and_ancestors(focused):
        if isinstance(node, TEXT_FIELDS + FORM_CONTROLS):
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
