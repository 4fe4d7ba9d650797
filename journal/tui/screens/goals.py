"""GoalsScreen: every goal with status, mentor, lens balance, last activity and next milestone."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from journal.tui.screens.base import JournalScreen
from journal.services import Journal
from journal.tui.messages import JournalChanged
from journal.tui.widgets.goal_view import goal_cells
from journal.tui.widgets.footer import KeysFooter
from journal.domain.text import plural

COLUMNS = ("Status", "Goal", "Mentor", "Entries", "Last", "Next milestone")
"""Status first: no long title pushes it off the screen. How long a goal has been quiet is in
its Last column ("quiet 12d"): a column of its own after the next milestone was off the screen
at 120 columns, and at 100."""
WIDTHS = {"Goal": 28, "Mentor": 12, "Next milestone": 17}
"""The free-text columns' widths (their cells end in an ellipsis), so that every column fits
at 100 and status, goal, mentor, entries and last at 80; the others fit their contents."""
NEXT_BESIDE = 82
"""What the other columns take, with the spaces either side of each cell (the next milestone's
too): the next milestone gets the rest of a wider screen, up to 36 (its words cut at 120 with a
quarter of the row empty: S375), 2 columns left at 120 for the table's scroll bar."""


def next_width(screen_width: int) -> int:
    return max(WIDTHS["Next milestone"], min(36, screen_width - NEXT_BESIDE))


class GoalsScreen(JournalScreen[None]):
    """A table of goals; enter opens the goal, n creates one."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="goals.back"),
        Binding("n", "new_goal", "New goal", id="goals.new"),
        Binding("t", "timeline", "Timeline", id="goals.timeline"),
        Binding("j", "cursor_down", "Down", show=False, id="goals.down"),
        Binding("k", "cursor_up", "Up", show=False, id="goals.up"),
    ]

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal
        self._next_width: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="goals-status")
        yield DataTable(id="goals-table", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        if not self.is_open():
            return
        self.title = "Goals"
        self._columns()
        self.query_one(DataTable).focus()

    def _columns(self) -> None:
        """The table's columns for this screen's width (again when it changes), then its rows
        (the highlighted goal stays highlighted)."""
        table = self.query_one(DataTable)
        keep = self.current_id if table.row_count else None
        self._next_width = next_width(self.app.size.width)
        table.clear(columns=True)
        for label in COLUMNS:
            width = self._next_width if label == "Next milestone" else WIDTHS.get(label)
            table.add_column(Text(label, style="bold"), key=label, width=width)
        self.reload(select=keep)

    def on_resize(self) -> None:
        if self.is_open() and next_width(self.app.size.width) != self._next_width:
            self._columns()

    @on(JournalChanged)
    def _journal_changed(self) -> None:
        self.reload()

    def reload(self, select: str | None = None) -> None:
        """Read the goals again (after an edit, a status change, or another process's write).

        The cursor stays on its goal (by id; on its neighbour if that goal is gone) and the
        scroll offset is kept; `select` puts the cursor on that goal instead."""
        journal = self.journal
        table = self.query_one(DataTable)
        keep = select or self.current_id
        order = [key.value for key in table.rows if key.value is not None]
        at = order.index(keep) if keep in order else None
        neighbours = order[at + 1:] + order[:at][::-1] if at is not None else []
        scroll_y = table.scroll_y
        table.clear()
        mentors = {m.id: m.mentor for m in journal.mentorships.list()}
        today, zone = journal.today(), journal.clock.tzinfo
        summaries = journal.goals.summaries()
        summaries.sort(key=lambda s: (s.goal.status.closed, s.goal.status.value != "active"))
        for item in summaries:
            if not item.goal.milestones:  # the summary leaves milestones out; the goal has them
                item.goal.milestones = journal.goals.get(item.goal.id).milestones
            cells = goal_cells(item, mentors.get(item.goal.mentorship or ""), today, zone)
            table.add_row(*cells, key=item.goal.id)
        status = Text()
        if summaries:
            open_ = sum(1 for s in summaries if not s.goal.status.closed)
            status.append(f"{plural(len(summaries), 'goal')}, {open_} open", style="dim")
            status.append("  enter open · n new · t timeline · m mentorships", style="dim")
        else:
            status.append("No goals yet: press n to name your first learning goal.", style="dim")
        self.query_one("#goals-status", Static).update(status)
        for goal_id in ([keep] if keep else []) + neighbours:
            if goal_id in table.rows:  # a deleted goal's cursor goes to its neighbour
                table.move_cursor(row=table.get_row_index(goal_id), scroll=False)
                break
        if table.row_count:
            table.scroll_to(y=scroll_y, animate=False, force=True)
            table.call_after_refresh(table.move_cursor, row=table.cursor_row)  # in view, if it is not

    @property
    def current_id(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        try:
            return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:
            return None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.open_goal(event.row_key.value)

    def open_goal(self, goal_id: str) -> None:
        from journal.tui.screens.goal_detail import GoalScreen

        self.app.push_screen(GoalScreen(self.journal, goal_id), lambda _: self.reload())

    def action_new_goal(self) -> None:
        from journal.tui.screens.goal_form import GoalFormScreen

        def done(goal_id: str | None) -> None:
            self.reload(select=goal_id)
            if goal_id:
                self.open_goal(goal_id)

        self.app.push_screen(GoalFormScreen(self.journal), done)

    def action_timeline(self) -> None:
        """The highlighted goal's timeline."""
        from journal.tui.screens.timeline import TimelineScreen

        if (goal_id := self.current_id) is not None:
            self.app.push_screen(TimelineScreen(self.journal, goal=goal_id))

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()
