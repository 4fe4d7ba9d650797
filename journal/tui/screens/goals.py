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
NARROW_COLUMNS = ("Status", "Goal", "Mentor", "Entries")
"""Below `NARROW` columns each goal takes two lines: its next milestone under its title, the last
entry's day under its lens counts. In one line the next milestone was off the right edge at 80
(its overdue marker alone showed, the milestone's name not at all)."""
WIDTHS = {"Goal": 28, "Mentor": 12, "Next milestone": 17}
"""The free-text columns' widths (their cells end in an ellipsis), so that every column fits
at 100; the others fit their contents."""
NEXT_BESIDE = 82
"""What the other columns take, with the spaces either side of each cell (the next milestone's
too): the next milestone gets the rest of a wider screen, up to 36 (its words cut at 120 with a
quarter of the row empty: S375), 2 columns left at 120 for the table's scroll bar."""
NARROW = NEXT_BESIDE + WIDTHS["Next milestone"]
"""The fewest columns that show the goals in one line each."""


def next_width(screen_width: int) -> int:
    return max(WIDTHS["Next milestone"], min(36, screen_width - NEXT_BESIDE))


def layout(screen_width: int) -> tuple[str, int]:
    """What the columns depend on: the next milestone's width, or (two lines) the screen's."""
    return ("narrow", screen_width) if screen_width < NARROW else ("wide", next_width(screen_width))


def stacked(top: Text, under: Text, width: int | None = None) -> Text:
    """`top` over `under` in one cell, each line cut at `width` with an ellipsis."""
    lines = [top.copy(), under.copy()]
    if width is not None:
        for line in lines:
            line.truncate(width, overflow="ellipsis")
    return Text("\n", no_wrap=True, overflow="ellipsis").join(lines)


def narrow_cells(rows: list[list[Text]], screen_width: int) -> list[list[Text]]:
    """The goals' cells (`goal_cells`) in two lines, their goal column as wide as the screen
    leaves it (at least the one-line table's): status, title over the next milestone, mentor,
    lens counts over the last entry's day."""
    status = max((row[0].cell_len for row in rows), default=0)
    entries = max((max(row[3].cell_len, row[4].cell_len) for row in rows), default=0)
    spare = screen_width - 2 - 2 * len(NARROW_COLUMNS)  # the scroll bar, the spaces around each cell
    goal = max(WIDTHS["Goal"], spare - max(status, len("Status")) - WIDTHS["Mentor"] - max(entries, len("Entries")))
    return [[row[0], stacked(row[1], row[5], goal), row[2], stacked(row[3], row[4])] for row in rows]


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
        self._layout: tuple[str, int] | None = None

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
        self._layout = layout(self.app.size.width)
        table.clear(columns=True)
        narrow = self._layout[0] == "narrow"
        for label in NARROW_COLUMNS if narrow else COLUMNS:
            width = self._layout[1] if label == "Next milestone" else WIDTHS.get(label)
            table.add_column(Text(label, style="bold"), key=label, width=None if narrow and label == "Goal" else width)
        self.reload(select=keep)

    def on_resize(self) -> None:
        if not self.is_open() or (now := layout(self.app.size.width)) == self._layout:
            return
        if self._layout is not None and now[0] == self._layout[0] == "narrow":
            self._layout = now
            self.reload()  # the same columns, the goal's cut again
        else:
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
        rows = []
        for item in summaries:
            if not item.goal.milestones:  # the summary leaves milestones out; the goal has them
                item.goal.milestones = journal.goals.get(item.goal.id).milestones
            rows.append(goal_cells(item, mentors.get(item.goal.mentorship or ""), today, zone))
        narrow = self._layout is not None and self._layout[0] == "narrow"
        for item, cells in zip(summaries, narrow_cells(rows, self.app.size.width) if narrow else rows, strict=True):
            table.add_row(*cells, key=item.goal.id, height=2 if narrow else 1)
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
