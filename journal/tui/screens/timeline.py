"""TimelineScreen: the whole journal, a goal's or a mentorship's timeline, zoomable."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, OptionList, Static

from journal.tui.screens.base import JournalScreen
from journal.domain.errors import JournalError
from journal.domain.model import Lens
from journal.domain.timeline import ZOOMS
from journal.services import Journal
from journal.tui.background import read_in_background
from journal.tui.messages import EntryOpenRequested, JournalChanged
from journal.tui.widgets.rows import LENS_STYLE, safe
from journal.tui.widgets.timeline_view import TimelineView, sparkline, timeline_rows
from journal.tui.widgets.footer import KeysFooter


class TimelineScreen(JournalScreen[None]):
    """Events from `Journal.timeline(goal, mentorship=...)`; zoom day / week / month."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="timeline.back"),
        Binding("1", "zoom('day')", "Day", id="timeline.day"),
        Binding("2", "zoom('week')", "Week", id="timeline.week"),
        Binding("3", "zoom('month')", "Month", id="timeline.month"),
        Binding("z", "zoom_cycle", "Zoom", id="timeline.zoom"),
        Binding("plus,equals_sign", "zoom_step(-1)", "Zoom in", show=False, id="timeline.zoom-in"),
        Binding("minus", "zoom_step(1)", "Zoom out", show=False, id="timeline.zoom-out"),
    ]

    def __init__(self, journal: Journal, goal: str | None = None, mentorship: str | None = None) -> None:
        super().__init__()
        self.journal = journal
        self.goal_ref = goal
        self.mentorship_ref = mentorship
        self.zoom = "day"
        self.events: list = []
        self.heading = "Whole journal" if goal is None and mentorship is None else "Timeline"
        self.gone = ""
        """Why there is no timeline (its goal or mentorship is gone), or ''."""
        self.reading = True
        """The events are being read (the screen paints at once and shows them when they come)."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="timeline-head")
        yield TimelineView(id="timeline-view")
        yield KeysFooter()

    def on_mount(self) -> None:
        if not self.is_open():
            return
        self.title = "Timeline"
        self.reload()
        self.query_one(TimelineView).focus()

    @on(JournalChanged)
    def _journal_changed(self) -> None:
        self.reload(keep_place=True)

    def reload(self, keep_place: bool = False) -> None:
        """Read the events again and show them at the current zoom (`keep_place`: another
        process wrote; the zoom, the highlighted row and the scroll offset stay). They are
        read on a thread of their own (tui/background.py): a timeline of thousands of entries
        takes a while to build, and the screen, its keys and Back do not wait for it."""
        if not keep_place:
            self.reading = True
            self._show(None)
        self._read(keep_place)

    @work(exclusive=True, group="timeline-read", exit_on_error=False)
    async def _read(self, keep_place: bool) -> None:
        goal, mentorship, zoom = self.goal_ref, self.mentorship_ref, self.zoom

        def read(reader: Journal) -> tuple[str, list, tuple]:
            heading, events = reader.timeline.build(goal, mentorship=mentorship)
            return heading, events, timeline_rows(events, zoom)  # the rows too: 10,000 take a while

        rows = None
        try:
            self.heading, self.events, rows = await read_in_background(self.journal, read)
            self.gone = ""
        except Exception as error:  # said on the screen; a JournalError says what to do
            self.events = []
            if keep_place and isinstance(error, JournalError):  # it was there when the screen opened
                self.gone = f"This {'goal' if self.goal_ref else 'mentorship'} no longer exists."
            else:
                self.notify(str(error) if isinstance(error, JournalError) else
                            f"The timeline could not be read just now ({type(error).__name__}).",
                            severity="error", markup=False)
                self.heading = "Timeline"
        self.reading = False
        self._show(None, keep_place=keep_place, rows=rows if zoom == self.zoom else None)

    def _show(self, focus_day, keep_place: bool = False, rows: tuple | None = None) -> None:
        view = self.query_one(TimelineView)
        view.show(self.events, self.zoom, focus_day, keep_place=keep_place, rows=rows)
        self.sub_title = f"{safe(self.heading)} · {self.zoom}"
        head = Text()
        head.append(safe(self.heading), style="bold")
        entries = sum(1 for e in self.events if e.entry_id and e.kind in ("entry", "meeting"))
        counted = "" if self.reading else f"{entries} {'entry' if entries == 1 else 'entries'} · "
        head.append(f"  {counted}zoom: ", style="dim")
        for i, zoom in enumerate(ZOOMS, 1):
            head.append(f"{i} {zoom}", style="bold reverse" if zoom == self.zoom else "dim")
            head.append(" ")
        head.append("\n")
        head.append_text(sparkline(self.events, max(10, self.size.width - 20) if self.size.width else 60))
        head.append("   ")
        for lens in Lens:
            head.append(f"{lens.symbol} {lens.value} ", style=LENS_STYLE[lens])
        if self.gone:
            head.append(f"\n{self.gone}", style="bold")
        elif self.reading:
            head.append("\nReading the timeline…", style="dim")
        elif not self.events:
            head.append("\nNothing on this timeline yet.", style="dim")
        self.query_one("#timeline-head", Static).update(head)

    # ----------------------------------------------------------- actions
    def action_zoom(self, zoom: str) -> None:
        if zoom == self.zoom:
            return
        focus_day = self.query_one(TimelineView).current_day()
        self.zoom = zoom
        self._show(focus_day)

    def action_zoom_cycle(self) -> None:
        self.action_zoom(ZOOMS[(ZOOMS.index(self.zoom) + 1) % len(ZOOMS)])

    def action_zoom_step(self, step: int) -> None:
        index = min(max(ZOOMS.index(self.zoom) + step, 0), len(ZOOMS) - 1)
        self.action_zoom(ZOOMS[index])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        oid = event.option.id or ""
        if oid.startswith("e:"):
            self.post_message(EntryOpenRequested(oid[2:]))
        elif oid.startswith("b:"):
            from datetime import date

            self.zoom = "day"
            self._show(date.fromisoformat(oid[2:]))
