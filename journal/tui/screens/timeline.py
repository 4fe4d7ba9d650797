"""TimelineScreen: the whole journal, a goal's or a mentorship's timeline, zoomable."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, OptionList, Static

from journal.tui.screens.base import JournalScreen
from journal.domain.errors import JournalError
from journal.domain.model import Lens
from journal.domain.timeline import ZOOMS, TimelineWindow
from journal.services import Journal
from journal.services.timeline import WINDOW
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

    FIRST = 150
    """Entries of the newest part read first (`Timeline.window`): a few screens' worth."""
    WINDOW = WINDOW
    """Entries read right after the first part (ahead of the person going back); then four
    times as many each time the cursor or the scroll nears the first row."""

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
        self.newest: int | None = self.FIRST
        """Entries of the window read (the newest; the older are read as you go back); None: all."""
        self.since: date | None = None
        """The first day shown when only a window of the timeline is (None: the whole of it)."""
        self.entries: int | None = 0
        """Entries on the whole timeline (None: a window's, until its outline is read)."""
        self.weeks: list | None = None
        """The whole timeline by week (its sparkline), from the window read."""

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

    def reload(self, keep_place: bool = False, *, focus_day=None) -> None:
        """Read the events again and show them at the current zoom (`keep_place`: another
        process wrote; the zoom, the highlighted row and the scroll offset stay). They are
        read on a thread of their own (tui/background.py): a timeline of thousands of entries
        takes a while to build, and the screen, its keys and Back do not wait for it. At day
        zoom only the newest `WINDOW` entries' part is read first (`Timeline.window`); going
        back near its start reads more (`_more`); week and month zoom read the whole."""
        if not keep_place:
            self.reading = True
            self._show(None)
        self._read(keep_place, focus_day=focus_day)

    @work(exclusive=True, group="timeline-read", exit_on_error=False)
    async def _read(self, keep_place: bool, grown: bool = False, focus_day=None) -> None:
        """Read and show the window (`self.newest` entries); a first window of `FIRST` is
        followed at once by one of `WINDOW` (read ahead while the first is looked at); then
        the outline for the header."""
        await self._fetch(keep_place, grown, focus_day)
        if (self.newest is not None and self.newest < self.WINDOW and self.since is not None
                and self.zoom == "day" and not self.gone):
            self.newest, self.reading = self.WINDOW, True
            await self._fetch(keep_place=True, grown=True, focus_day=None)
        if self.since is not None and not self.gone:
            self._read_outline()

    async def _fetch(self, keep_place: bool, grown: bool, focus_day) -> None:
        goal, mentorship, zoom = self.goal_ref, self.mentorship_ref, self.zoom
        newest = self.newest if zoom == "day" else None

        def read(reader: Journal) -> tuple[TimelineWindow, tuple]:
            window = reader.timeline.window(goal, mentorship=mentorship, newest=newest)
            return window, timeline_rows(window.events, zoom, focus_day)  # the rows too: they take a while

        rows = None
        try:
            window, rows = await read_in_background(self.journal, read)
            self.heading, self.events, self.since = window.title, window.events, window.since
            if window.complete:
                self.newest, self.weeks = None, None
                self.entries = sum(1 for e in self.events if e.entry_id and e.kind in ("entry", "meeting"))
            elif self.weeks is None:
                self.entries = None  # until the outline comes
            self.gone = ""
        except Exception as error:  # said on the screen; a JournalError says what to do
            self.events, self.since, self.entries, self.weeks = [], None, 0, None
            if keep_place and isinstance(error, JournalError):  # it was there when the screen opened
                self.gone = f"This {'goal' if self.goal_ref else 'mentorship'} no longer exists."
            else:
                self.notify(str(error) if isinstance(error, JournalError) else
                            f"The timeline could not be read just now ({type(error).__name__}).",
                            severity="error", markup=False)
                self.heading = "Timeline"
        self.reading = False
        self._show(focus_day, keep_place=keep_place, rows=rows if zoom == self.zoom else None, grown=grown)

    @work(exclusive=True, group="timeline-outline", exit_on_error=False)
    async def _read_outline(self) -> None:
        """The whole timeline's size and weeks (the header's count and sparkline) for a window:
        they need every entry's day, so they come after the window's rows are on the screen."""
        goal, mentorship = self.goal_ref, self.mentorship_ref
        try:
            outline = await read_in_background(self.journal, lambda r: r.timeline.outline(goal, mentorship=mentorship))
        except Exception:  # the header goes without the count; the next reload tries again
            return
        if self.since is None:  # the whole timeline came meanwhile: it counts itself
            return
        self.entries, self.weeks = outline.entries, outline.weeks
        self._head()

    @on(TimelineView.NearStart)
    def _more(self) -> None:
        """Near the start of a window: read the older events too (four times as many entries)."""
        if self.reading or self.newest is None or self.since is None or self.zoom != "day":
            return
        self.reading = True
        self.newest *= 4
        self._read(keep_place=True, grown=True)

    def _show(self, focus_day, keep_place: bool = False, rows: tuple | None = None, grown: bool = False) -> None:
        view = self.query_one(TimelineView)
        view.show(self.events, self.zoom, focus_day, keep_place=keep_place, rows=rows, grown=grown)
        self._head()

    def _head(self) -> None:
        """The heading: title, entries, zoom, the lens sparkline by week and what is shown."""
        self.sub_title = f"{safe(self.heading)} · {self.zoom}"
        head = Text()
        head.append(safe(self.heading), style="bold")
        entries = self.entries
        counted = "" if self.reading or entries is None else f"{entries:,} {'entry' if entries == 1 else 'entries'} · "
        head.append(f"  {counted}zoom: ", style="dim")
        for i, zoom in enumerate(ZOOMS, 1):
            head.append(f"{i} {zoom}", style="bold reverse" if zoom == self.zoom else "dim")
            head.append(" ")
        head.append("\n")
        key = Text(" ").join(Text(f"{lens.symbol} {lens.value}", style=LENS_STYLE[lens]) for lens in Lens)
        # the weeks that fit beside "lenses by week " and the key on one line (it wrapped at 80: S281)
        room = self.size.width - len("lenses by week ") - 3 - key.cell_len - 4 if self.size.width else 60
        width = max(10, room)
        if self.since is None or self.weeks is not None:  # a window's sparkline waits for its outline
            head.append_text(sparkline(self.events, width, weeks=self.weeks if self.since is not None else None))
        else:
            head.append("lenses by week …", style="dim")
        head.append("   " if room >= 10 else "\n")  # too narrow for both: the key on its own line
        head.append_text(key)
        if self.gone:
            head.append(f"\n{self.gone}", style="bold")
        elif self.reading and not self.events:
            head.append("\nReading the timeline…", style="dim")
        elif self.reading:
            head.append("\nReading the older events…", style="dim")
        elif self.since is not None:
            head.append(f"\nFrom {self.since.strftime('%d %b %Y')} on; go up to read the older events.", style="dim")
        elif not self.events:
            head.append("\nNothing on this timeline yet.", style="dim")
        self.query_one("#timeline-head", Static).update(head)

    # ----------------------------------------------------------- actions
    def action_zoom(self, zoom: str) -> None:
        if zoom == self.zoom:
            return
        focus_day = self.query_one(TimelineView).current_day()
        self.zoom = zoom
        if zoom != "day" and self.newest is not None:  # a period's counts need the whole timeline
            self.newest = None
            self.reading = True
            self._show(focus_day)
            self.reload(keep_place=True, focus_day=focus_day)
            return
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
            self.zoom = "day"
            self._show(date.fromisoformat(oid[2:]))
