"""WorkPlanScreen: a mentorship's goals' milestones and target dates across the relationship,
in one dated view with today marked; enter (or o) on a row opens its goal."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from journal.domain.agreement import PlanItem, WorkPlan, day_words
from journal.domain.errors import JournalError
from journal.services import Journal
from journal.tui.messages import JournalChanged
from journal.tui.screens.base import JournalScreen
from journal.tui.widgets.keep_place import Place, place_of, restore
from journal.tui.widgets.rows import safe
from journal.tui.widgets.footer import KeysFooter
from journal.tui.widgets.listing import Listing

DAY = "%a %d %b %Y"
MARKS = {
    "done": ("✔", "bold #87d787"), "done late": ("✔", "bold #87d787"), "achieved": ("✔", "bold #87d787"),
    "missed": ("✘", "bold #ff8787"), "due": ("◇", "bold #ffd75f"), "not done": ("–", "dim"),
    "abandoned": ("✘", "dim"), "no date": ("·", "dim"),
}
"""A row's mark and style by its status; the status is always said in words beside it."""


def plan_row(item: PlanItem) -> Text:
    """One row: the date, a mark, where it stands in words, the milestone (or target), and its goal;
    wrapped onto a second line where it is too long (at 80 columns a missed milestone's words cut
    its title away: S368)."""
    row = Text(overflow="fold")
    row.append(f"{item.day.strftime(DAY) if item.day else 'no date':<16}", style="dim")
    if item.kind == "today":
        row.append("▸ today ────────────────", style="bold #5fafff")
        return row
    if item.kind in ("start", "end"):
        row.append("☍ ", style="#ffaf5f")
        row.append(safe(item.what), style="italic")
        row.append(f"  {item.said}", style="dim")
        return row
    mark, style = MARKS.get(item.status, ("·", ""))
    if item.kind == "target" and item.status == "due":
        mark = "◎"
    row.append(f"{mark} ", style=style)
    row.append(f"{item.said}  ", style="bold #ff8787" if item.overdue else "dim")  # first: no title hides it (S225)
    row.append(safe(item.what), style="bold")
    row.append(f"  · {safe(item.goal)}")
    return row


class WorkPlanScreen(JournalScreen[None]):
    """The work plan of mentorship `mentorship_id`; the row of what comes next is highlighted."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="work-plan.back"),
        Binding("o", "open_goal", "Open goal", tooltip="Also enter", id="work-plan.open"),
    ]

    def __init__(self, journal: Journal, mentorship_id: str) -> None:
        super().__init__()
        self.journal = journal
        self.mentorship_id = mentorship_id
        self.plan: WorkPlan | None = None
        self.rows: dict[str, PlanItem] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="work-plan-head")
        yield Listing(id="work-plan-list")
        yield KeysFooter()

    def on_mount(self) -> None:
        if not self.is_open():
            return
        self.title = "Work plan"
        self.reload(first=True)
        self.query_one(OptionList).focus()

    @on(JournalChanged)
    def _journal_changed(self) -> None:
        self.reload()

    def reload(self, first: bool = False) -> None:
        """Read the plan again, keeping the highlighted row (on arrival: the next thing due)."""
        options = self.query_one(OptionList)
        try:
            plan = self.journal.agreements.work_plan(self.mentorship_id)
        except JournalError:
            self.plan = None
            options.clear_options()
            self.query_one("#work-plan-head", Static).update(
                Text("This mentorship no longer exists. Press escape to go back.", style="bold"))
            self.refresh_bindings()
            return
        self.plan = plan
        self.sub_title = safe(plan.mentor)
        place = place_of(options)
        self.rows = {}
        built = []
        ahead = None
        for items in (plan.items, plan.undated):
            if items and items is plan.undated:
                built.append(Option(Text("Without a date", style="bold"), disabled=True))
            for item in items:
                option_id = self._row_id(item) if item.goal_id else None
                if option_id is not None:
                    self.rows[option_id] = item
                    if ahead is None and item.day is not None and item.day >= plan.today:
                        ahead = option_id  # what comes next
                built.append(Option(plan_row(item), id=option_id, disabled=option_id is None))
        options.clear_options()
        options.add_options(built)
        if first and ahead is not None:
            place = Place(ahead, None, 0)
        restore(options, place, default=None if not self.rows else 0)
        self.query_one("#work-plan-head", Static).update(self._head(plan))
        self.refresh_bindings()

    def _row_id(self, item: PlanItem) -> str:
        """A row's id: its goal, kind and title (a second row alike gets a number)."""
        base = f"{item.goal_id}:{item.kind}:{item.what}"
        found, n = base, 1
        while found in self.rows:
            n += 1
            found = f"{base}:{n}"
        return found

    @staticmethod
    def _head(plan: WorkPlan) -> Text:
        head = Text()
        head.append(f"Work plan: mentorship with {safe(plan.mentor)}", style="bold")
        if plan.start and plan.end:
            head.append(f"\n{day_words(plan.start)} – {day_words(plan.end)} ({plan.end_words})", style="dim")
        head.append(f"\n{plan.tally}")
        if any(i.overdue for i in plan.work):  # the tally's "missed" already counts them (S241)
            head.append("  ⚠", style="bold #ff8787")
        if not plan.work:
            head.append("\nNo milestones or target dates yet: add them on a goal (a).", style="dim")
        else:
            head.append("\nenter (or o) opens the goal of the highlighted row", style="dim")
        return head

    @property
    def current(self) -> PlanItem | None:
        options = self.part(OptionList)
        if options is None or options.highlighted is None or not options.option_count:
            return None
        return self.rows.get(options.get_option_at_index(options.highlighted).id or "")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_goal" and self.is_mounted:
            return self.current is not None
        return True

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.refresh_bindings()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open_goal()

    def action_open_goal(self) -> None:
        """The goal of the highlighted row."""
        from journal.tui.screens.goal_detail import GoalScreen

        item = self.current
        if item is not None and item.goal_id:
            self.app.push_screen(GoalScreen(self.journal, item.goal_id))
