"""TextInput: Textual's Input, drawing each control character of its value as a symbol.

Textual's Input draws its value as it is: a mentor's name or a title holding ESC (from the
command line, an import or a sync) sent its escape sequence to the terminal when a form
showed it (the window title changed, the form turned red: S277). Here the value is drawn
with control characters as their pictures (␛, ␉, ␊) and the cursor counts those as one
cell each; the value itself is untouched, so a field nobody edits saves nothing new.
Every one-line field of the TUI is a TextInput.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Input

from journal.domain.text import line_pictures


class TextInput(Input):
    """An Input that never sends a control character of its value to the terminal."""

    @property
    def _value(self) -> Text:
        text = super()._value
        if not self.password and not self.value.isprintable():
            text.plain = line_pictures(self.value)  # as long as the value: styles stay where they were
        return text

    def _position_to_cell(self, position: int) -> int:
        if self.value.isprintable():
            return super()._position_to_cell(position)
        return cell_len(line_pictures(self.value[:position]))
