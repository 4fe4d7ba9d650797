"""HomeScreen: the journal itself (entry list, preview, prompt, goals) or the first-run welcome."""

from __future__ import annotations

from collections.abc import Iterator

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, ContentSwitcher, Header, Input, OptionList, Static

from journal.tui.screens.base import JournalScreen
from journal.domain.model import Entry, Prompt
from journal.services import GoalSummary, Journal
from journal.tui.background import read_in_background
from journal.tui.messages import (
    DueItemChosen, EntryDeleteRequested, EntryEditRequested, EntryOpenRequested, JournalChanged, StarToggleRequested,
)
from journal.tui.widgets.entry_list import WINDOW_MOST, EntryList
from journal.tui.widgets.entry_preview import EntryPreview
from journal.tui.widgets.footer import KeysFooter
from journal.tui.widgets.due_panel import DuePanel
from journal.tui.widgets.goal_panel import GoalPanel
from journal.tui.widgets.rows import LENS_STYLE, safe
from journal.tui.widgets.text_input import TextInput

PAGE = 200
"""Entries loaded per page; the list asks for the next page near its end."""
FIRST_PAGE = 50
"""Entries of the first load: two screens full at 40 rows. Each row is laid out when it is
added, so the first paint waits for these only; the rest of the first PAGE follows right after
it, later pages as the list nears its end (issue 20)."""
DUE_ROWS = 20
"""Due items the side panel lists (it shows 8 lines at a time); the rest are on the due screen (u)."""

WELCOME = (
    "Threefold looks at your days through three lenses:\n\n"
    "  ◀ hindsight  What happened?\n"
    "  ◆ insight    What does it mean?\n"
    "  ▶ foresight  What comes next?\n\n"
    "Each entry uses one lens: the facts of a day, what you learned from them, what you expect or will try. "
    "Link entries to your learning goals and the journal shows, per goal, how balanced your reflection is and "
    "when a goal has gone quiet. Everything stays in one local file; nothing leaves this machine."
)
"""Lines a narrow terminal can wrap: no line breaks inside a paragraph."""


class HomeScreen(JournalScreen[None]):
    """Lists entries newest first and previews the highlighted one."""

    BINDINGS = [
        Binding("n", "app.new_entry", "New", id="home.new"),
        Binding("e", "edit", "Edit", id="home.edit"),
        Binding("d", "delete", "Delete", id="home.delete"),
        Binding("s", "star", "Star", id="home.star"),
        Binding("slash", "app.search", "Search", key_display="/", id="home.search"),
        Binding("x", "app.trash", "Trash", id="home.trash"),
    ]

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal
        self._goal_names = Text()
        """The welcome view's line naming the active goals."""

    def compose(self) -> ComposeResult:
        yield Header()
        with ContentSwitcher(initial="journal-view", id="home-switcher"):
            with Horizontal(id="journal-view"):
                yield EntryList(id="entry-list")
                yield EntryPreview(id="preview")
                yield VerticalScroll(id="side")  # its panels come after the first paint (`_side_panels`)
            yield VerticalScroll(id="welcome-view")  # filled when the journal is empty (`_welcome`)
        yield KeysFooter()

    def _welcome(self) -> VerticalScroll:
        """The welcome view, its widgets made the first time it shows: a journal with entries
        never needs them, and each widget costs the first paint its styling (issue 20)."""
        view = self.query_one("#welcome-view", VerticalScroll)
        if not view.children:
            view.mount_all([
                Static(Text("Welcome to your journal", style="bold"), id="welcome-title"),
                Static(Text(WELCOME), id="welcome-text"),
                Button("Write your first entry  (n)", id="welcome-write", variant="primary"),
                Static(Text("…or name a learning goal:"), classes="welcome-hint"),
                Horizontal(TextInput(placeholder="e.g. Public speaking", id="welcome-goal"),
                           Button("Create goal", id="welcome-create-goal"), id="welcome-goal-row"),
                Static(self._goal_names, id="welcome-goals"),
            ])
        return view

    def on_mount(self) -> None:
        if not self.is_open():
            return
        self.query_one("#side").can_focus = False
        self.reload()  # the side panels fill in from workers; the list does not wait for them

    async def _side_panels(self) -> bool:
        """The side column's panels (prompt of the day, goals, what is due), mounted once the
        list has been painted: their styling and layout are no part of the first frame, which
        shows the column's empty box (issue 20). Each shows a quiet "…" until its worker has
        read it; the workers start once the panels are mounted (a result arriving before the
        mount was laid out at the size of the "…"). False when they are not there: the app is
        closing (quit or a signal right after the start), and the mount never happened."""
        side = self.query_one("#side", VerticalScroll)
        if side.children:
            return True
        prompt = Static(id="prompt-of-day")
        goals = GoalPanel(id="goal-panel")
        due = DuePanel(id="due-panel", limit=DUE_ROWS, more_hint=": u shows them all")
        await side.mount_all([prompt, goals, due])
        if not prompt.is_mounted:
            return False
        self._show_prompt(None, waiting=True)
        goals.waiting()
        due.waiting()
        return True

    # ----------------------------------------------------------- loading
    @on(JournalChanged)
    def _journal_changed(self, message: JournalChanged) -> None:
        self.reload(select=message.select)

    def reload(self, select: str | None = None) -> None:
        """Read the window shown again (after a save, a delete, or another process's write): as
        many entries as are loaded (at least FIRST_PAGE), from the same place in the journal."""
        entry_list = self.query_one(EntryList)
        limit = min(max(len(entry_list.entries), FIRST_PAGE), WINDOW_MOST)
        start = entry_list.start
        first = self.journal.entries.list(limit=limit, offset=start)
        if not first and start:  # the journal shrank past the window (a purge elsewhere): the newest
            start = 0
            first = self.journal.entries.list(limit=limit)
        switcher = self.query_one(ContentSwitcher)
        if not first:
            self._welcome()
        switcher.current = "journal-view" if first else "welcome-view"
        entry_list.show(first, start=start)
        entry_list.exhausted = len(first) < limit
        if not entry_list.exhausted and limit < PAGE:
            self.call_after_refresh(self._load_more, PAGE - limit)  # after the paint
        if select and not entry_list.select_entry(select) and start:  # written above the window: the newest
            self._to_newest()
            entry_list.select_entry(select)
        self._show_preview(entry_list.current)
        self.refresh_bindings()
        self.call_after_refresh(self.refresh_side)  # after the list is painted: their threads never delay it
        focused = self.focused  # keep the focus where it is (a field in use), unless its view was switched away
        if focused is None or not all(node.display for node in focused.ancestors_with_self if node is not self):
            if first:
                entry_list.focus()
            else:
                self.query_one("#welcome-write").focus()

    async def refresh_side(self) -> None:
        """The prompt of the day, the goal panel (whose goals the welcome view names too) and the
        due panel, each read in the background and shown when it arrives: a slow query there never
        keeps the list from painting or the keys from working. Until then a panel shows what it
        showed before (at the start, a quiet "…"); a newer load replaces one still running."""
        if not await self._side_panels():
            return
        self._load_prompt()
        self._load_goals()
        self._load_due()

    @work(exclusive=True, group="home-prompt", exit_on_error=False)
    async def _load_prompt(self) -> None:
        try:
            prompt = await read_in_background(self.journal, lambda j: j.reflection.prompt_of_the_day())
        except Exception:  # the prompt is a nicety: none rather than a crash
            prompt = None
        self._show_prompt(prompt)

    @work(exclusive=True, group="home-goals", exit_on_error=False)
    async def _load_goals(self) -> None:
        try:
            summaries = await read_in_background(self.journal, lambda j: j.goals.summaries())
        except Exception:  # a panel that cannot be read says so; the list stays
            self.query_one(GoalPanel).unreadable()
            return
        self._show_goals(summaries)

    @work(exclusive=True, group="home-due", exit_on_error=False)
    async def _load_due(self) -> None:
        try:
            due = await read_in_background(self.journal, lambda j: j.reflection.due(per_kind=DUE_ROWS))
        except Exception:
            self.query_one(DuePanel).unreadable()
            return
        panel = self.query_one(DuePanel)
        panel.show(due, due.total)  # the first DUE_ROWS of each kind hold the first DUE_ROWS of all
        panel.display = bool(due)  # no empty box on quiet days

    def _show_prompt(self, prompt: Prompt | None, *, waiting: bool = False) -> None:
        text = Text()
        text.append("Prompt of the day\n", style="bold")
        if waiting:
            text.append("…", style="dim")
        elif prompt is not None:
            if prompt.lens:
                text.append(f"{prompt.lens.symbol} ", style=LENS_STYLE[prompt.lens])
            text.append(safe(prompt.text))
        else:
            text.append("(no prompts found)", style="dim")
        self.query_one("#prompt-of-day", Static).update(text)

    def _show_goals(self, summaries: list[GoalSummary]) -> None:
        active = [s for s in summaries if not s.goal.status.closed]
        self.query_one(GoalPanel).show(active)
        names = Text()
        if active:
            names.append("Your goals: ", style="dim")
            names.append(", ".join(safe(s.goal.title) for s in active), style="italic")
        self._goal_names = names
        for shown in self.query("#welcome-goals").results(Static):  # when the welcome view is there
            shown.update(names)

    def on_entry_list_near_end(self, event: EntryList.NearEnd) -> None:
        self._load_more(PAGE)

    def _load_more(self, limit: int) -> None:
        """The next `limit` entries, after those loaded; past WINDOW_MOST, the newest loaded are let go."""
        entry_list = self.query_one(EntryList)
        if entry_list.exhausted:
            return
        page = self.journal.entries.list(limit=limit, offset=entry_list.start + len(entry_list.entries))
        entry_list.exhausted = len(page) < limit
        over = len(entry_list.entries) + len(page) - WINDOW_MOST
        at = entry_list.position()
        if at is not None:  # never the highlighted entry, nor the screen of rows above it (S579)
            over = min(over, at - PAGE // 4)
        if over <= 0:
            entry_list.show(page, append=True)
            return
        kept = [*entry_list.entries.values()][over:]
        entry_list.slide([*kept, *page], entry_list.start + over)

    @on(EntryList.NearStart)
    def _load_newer(self) -> None:
        """The PAGE entries before those loaded (let go on the way down); past WINDOW_MOST, the
        oldest loaded are let go."""
        entry_list = self.query_one(EntryList)
        start = entry_list.start
        if not start:
            return
        offset = max(0, start - PAGE)
        page = self.journal.entries.list(limit=start - offset, offset=offset)
        at = entry_list.position()
        keep = WINDOW_MOST - len(page) if at is None else max(WINDOW_MOST - len(page), at + PAGE // 4)  # (S579)
        kept = [*entry_list.entries.values()][:max(0, keep)]
        dropped = len(kept) < len(entry_list.entries)
        entry_list.slide([*page, *kept], offset)
        if dropped:
            entry_list.exhausted = False

    @on(EntryList.ToOldest)
    def _to_oldest(self) -> None:
        """End: the oldest PAGE entries, the last highlighted (older entries than those loaded
        were ~500 presses of End away at 100,000 entries)."""
        entry_list = self.query_one(EntryList)
        total = self.journal.entries.count()
        loaded = entry_list.start + len(entry_list.entries)
        if total - entry_list.start <= WINDOW_MOST:  # the rest fits beside what is loaded: read on to it
            self._load_more(max(1, total - loaded))
        else:
            start = max(0, total - PAGE)
            entry_list.show(self.journal.entries.list(limit=PAGE, offset=start), start=start)
        entry_list.exhausted = True
        entry_list.action_last()

    @on(EntryList.ToNewest)
    def _to_newest(self) -> None:
        """Home, the window moved on: the newest page again, the first entry highlighted."""
        entry_list = self.query_one(EntryList)
        entry_list.show(self.journal.entries.list(limit=PAGE), start=0)
        entry_list.exhausted = len(entry_list.entries) < PAGE
        entry_list.action_first()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_preview(self.query_one(EntryList).current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        entry = self.query_one(EntryList).current
        if entry is not None:
            self.post_message(EntryOpenRequested(entry.id))

    def on_due_panel_chosen(self, event: DuePanel.Chosen) -> None:
        self.post_message(DueItemChosen(event.item))

    def _show_preview(self, entry: Entry | None) -> None:
        self.query_one(EntryPreview).show(entry, self.journal.entries.links(entry) if entry is not None else None)

    @property
    def current(self) -> Entry | None:
        """The entry the cursor is on."""
        entries = self.part(EntryList)
        return entries.current if entries is not None else None

    # ----------------------------------------------------------- actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Edit, delete and star only with an entry to act on (the footer shows them only then)."""
        return not (action in ("edit", "delete", "star") and self.is_mounted and self.current is None)

    def action_edit(self) -> None:
        if (entry := self.current) is not None:
            self.post_message(EntryEditRequested(entry.id))

    def action_delete(self) -> None:
        if (entry := self.current) is not None:
            self.post_message(EntryDeleteRequested(entry))

    def action_star(self) -> None:
        if (entry := self.current) is not None:
            self.post_message(StarToggleRequested(entry))

    def commands(self) -> Iterator[SystemCommand]:
        """The palette's entries for the highlighted entry."""
        if (entry := self.current) is not None:
            yield SystemCommand("Open entry", "Read the highlighted entry (enter)",
                                lambda: self.post_message(EntryOpenRequested(entry.id)))
            yield SystemCommand("Edit entry", "Edit the highlighted entry (e)", self.action_edit)
            yield SystemCommand("Delete entry", "Move the highlighted entry to the trash (d)", self.action_delete)
            yield SystemCommand("Star / unstar entry", "Toggle the star (s)", self.action_star)

    # ----------------------------------------------------------- welcome
    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "welcome-write":
            self.call_later(self.run_action, "app.new_entry")
        elif event.button.id == "welcome-create-goal":
            self._create_goal()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "welcome-goal":
            self._create_goal()

    def _create_goal(self) -> None:
        from journal.tui.screens.goal_form import create_goal

        field = self.query_one("#welcome-goal", Input)
        goal = create_goal(self, self.journal, field.value)
        if goal is None:
            return
        field.value = ""
        self.notify(f"Goal created: {safe(goal.title)}", markup=False)
