"""DueScreen: everything `Journal.due()` lists; enter acts on the highlighted item, `a` answers it."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Static

from journal.tui.screens.base import JournalScreen
from journal.domain.reflection import Due, first_of_each
from journal.services import Journal
from journal.tui.messages import AnswerRequested, DueItemChosen, JournalChanged
from journal.tui.widgets.due_panel import DuePanel
from journal.tui.widgets.footer import KeysFooter

ANSWERED = ("foresight", "follow-up")
"""Due items a hindsight entry answers: a foresight entry to revisit, a feedback follow-up."""
FIRST_OF_EACH = 10
"""Items of each kind listed before the rest of any kind (`first_of_each_kind`)."""
ROWS = 50
"""Items laid out at first, and more, ROWS at a time, as the cursor or the scroll nears the end of
those (each row is laid out when added: a big journal has thousands of foresight entries due)."""


def first_of_each_kind(items: list[Due], each: int = FIRST_OF_EACH) -> list[Due]:
    """`items` with the first `each` of every kind first, in their order, then the rest: 3,910
    foresight entries to revisit at 100,000 entries came before a check-in due, 85 End presses
    down (S573); `journal due` shows as many of each kind first too."""
    first = first_of_each(items, each)
    taken = {id(item) for item in first}
    return first + [item for item in items if id(item) not in taken]


class DueScreen(JournalScreen[None]):
    """Foresight to revisit, follow-ups, reviews, targets and milestones, check-ins and quiet goals;
    enter answers, writes or opens the goal."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="due.back"),
        Binding("a", "answer", "Answer", tooltip="Answer a foresight entry or a follow-up", id="due.answer"),
    ]

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal
        self._was_shown = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("What's due  ", style="bold").append(
            "enter: answer a foresight or a follow-up (◀ what happened?), write, or open the goal",
            style="dim"), id="due-help")
        yield DuePanel(id="due-list", page=ROWS)
        yield KeysFooter()

    def on_mount(self) -> None:
        if not self.is_open():
            return
        self.title = "What's due"
        self.reload()
        self.query_one(DuePanel).focus()

    def on_screen_resume(self) -> None:
        """Back from a goal opened here (a milestone ticked, a target moved: S330), read it again
        (the first resume follows the mount, which has just read it)."""
        if self._was_shown:
            self.reload()
        self._was_shown = True

    @on(JournalChanged)
    def reload(self) -> None:
        """Ask the journal again (after an answer was saved, or another process wrote); the
        highlight stays on its item, and focus stays where it is."""
        self.query_one(DuePanel).show(first_of_each_kind(self.journal.reflection.due()))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`a` is offered while something in the list can be answered."""
        if action == "answer":
            panel = self.part(DuePanel)
            return panel is not None and any(item.kind in ANSWERED for item in panel.items)
        return True

    def on_due_panel_chosen(self, event: DuePanel.Chosen) -> None:
        self.post_message(DueItemChosen(event.item))

    def action_answer(self) -> None:
        """Answer the highlighted foresight entry or follow-up (a hindsight entry that quotes it)."""
        panel = self.query_one(DuePanel)
        item = (panel.item_of(panel.get_option_at_index(panel.highlighted).id)
                if panel.highlighted is not None else None)
        if item is None:
            return
        if item.kind not in ANSWERED:
            self.notify("Only a foresight entry or a follow-up is answered; enter writes about this one.",
                        markup=False)
            return
        self.post_message(AnswerRequested(item.ref))
