"""A radio set whose highlight starts on the choice already made."""

from __future__ import annotations

from textual.widgets import RadioSet


class Choices(RadioSet):
    """Textual's RadioSet, highlighting its pressed button once mounted. The RadioSet's own
    mount highlights the first button whatever is pressed: on a form that shows a choice made
    before (a must-have scored "no", an entry's lens), the arrows then moved from a choice not
    made, and space pressed another than the one meant (S459)."""

    def on_mount(self) -> None:
        self.call_later(self._highlight_pressed)  # after RadioSet's own mount handler, which runs later

    def _highlight_pressed(self) -> None:
        if self.pressed_index >= 0:
            self._selected = self.pressed_index  # RadioSet's highlight (it has no public way to set it)
