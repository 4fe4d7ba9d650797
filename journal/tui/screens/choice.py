"""ChoiceModal: a small question with a few answers (confirm delete, quit, recover...)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ChoiceModal(ModalScreen[str]):
    """Dismisses with the id of the chosen answer, or "cancel" on escape."""

    DEFAULT_CSS = """
    ChoiceModal { align: center middle; }
    ChoiceModal > Vertical {
        width: 64; height: auto; padding: 1 2;
        border: thick $accent; background: $surface;
    }
    ChoiceModal .choice-question { margin-bottom: 1; }
    ChoiceModal Horizontal { height: auto; align: center middle; }
    ChoiceModal Button { margin: 0 1; min-width: 10; }
    """

    def __init__(self, question: Text | str, choices: list[tuple[str, str]], *, id: str | None = None) -> None:
        """`choices` are (answer id, label); a label's first letter is its key."""
        super().__init__(id=id)
        self.question = question if isinstance(question, Text) else Text(question)
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, classes="choice-question")
            with Horizontal():
                for answer, label in self.choices:
                    yield Button(Text(label), id=f"choice-{answer}", variant="primary" if answer == self.choices[0][0] else "default")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("choice-"))

    def on_key(self, event) -> None:
        if event.key == "escape":
            event.stop()
            self.dismiss("cancel")
            return
        for answer, label in self.choices:
            if event.key == label[0].lower():
                event.stop()
                self.dismiss(answer)
                return
