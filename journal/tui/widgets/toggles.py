"""Check boxes and radio buttons whose state reads in characters, not only in colour.

Textual draws every toggle as `▐X▌` (a radio `▐●▌`) and tells on from off by colour alone;
under NO_COLOR, a monochrome theme or a screen reader's text they look the same. These
draw `[x]`/`[ ]` and `(•)`/`( )` (a selection list's options `[x]`/`[ ]`), still styled as
Textual styles them (catalogue N107).
"""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, SelectionList


def _marks(on: str, off: str) -> type:
    class Marked:
        @property
        def _button(self) -> Content:  # Textual's private hook for the button part (pinned by a test)
            style = self.get_visual_style("toggle--button")  # type: ignore[attr-defined]
            return Content.assemble((on if self.value else off, style))  # type: ignore[attr-defined]

    return Marked


class Tick(_marks("[x]", "[ ]"), Checkbox):  # type: ignore[misc]
    """A check box that shows `[x]` when ticked and `[ ]` when not."""


class Choice(_marks("(•)", "( )"), RadioButton):  # type: ignore[misc]
    """A radio button that shows `(•)` when chosen and `( )` when not."""


class TickList(SelectionList[str]):
    """A selection list whose options show `[x]`/`[ ]` (Textual draws `▐X▌` for both)."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        index = self.scroll_offset.y + y
        if len(segments) < 4 or index >= self.option_count:
            return strip
        ticked = self.get_option_at_index(index).value in self.selected
        style = segments[1].style
        marks = [Segment(mark, style) for mark in ("[", "x" if ticked else " ", "]")]
        return Strip(marks + segments[3:], strip.cell_length)
