"""TimelineScreen: the whole journal, a goal's or a mentorship's timeline, zoomable."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, OptionList, Static

from journal.tui.screens.base import JournalScreen
from journal.domain.errors import JournalError
from journal.domain.model import Lens
from journal.domain.timeline import ZOOMS, TimelinePeriods, TimelineWindow
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
    """Entries of a part: read right after the first (ahead of the person going back), and each
    time the cursor or the scroll nears the first row (the part before) or the last (after)."""
    PARTS = 2
    """The most parts held at once: going on past them lets the furthest go (read again when the
    reader comes back): a whole journal of 100,000 entries held 490-560 MB (S575)."""

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
        """Entries of the first part read (the newest); None once the parts are read by their days."""
        self.since: date | None = None
        """The first day shown when only a part of the timeline is (None: from its start)."""
        self.before: date | None = None
        """The day after the last shown (None: to the timeline's end)."""
        self.cuts: list[date] = []
        """The days where the parts read so far meet, oldest first (`Timeline.cut`)."""
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

    @property
    def partial(self) -> bool:
        """Only a part of the timeline is shown."""
        return self.since is not None or self.before is not None

    def reload(self, keep_place: bool = False, *, focus_day=None) -> None:
        """Read the events again and show them at the current zoom (`keep_place`: another
        process wrote; the zoom, the highlighted row and the scroll offset stay). They are
        read on a thread of their own (tui/background.py): a timeline of thousands of entries
        takes a while to build, and the screen, its keys and Back do not wait for it. At day
        zoom only the newest part is read first (`Timeline.window`); going back near its start
        reads the part before (`_back`), going on near its end the part after (`_on`); week and
        month zoom read the whole."""
        if not keep_place:
            self.reading = True
            self._show(None)
        self._read(keep_place, focus_day=focus_day)

    @work(exclusive=True, group="timeline-read", exit_on_error=False)
    async def _read(self, keep_place: bool, moved: str = "", focus_day=None) -> None:
        """Read and show the part (`moved`: "back" or "on" by a part, "to" the part of
        `focus_day`; else the parts shown, or first the newest `FIRST` entries, followed at once
        by a part of `WINDOW` read ahead while the first is looked at); then the outline for
        the header."""
        await self._fetch(keep_place, moved, focus_day)
        if self.newest is not None and self.newest < self.WINDOW and self.partial and self.zoom == "day" \
                and not self.gone:
            self.newest, self.reading = self.WINDOW, True
            await self._fetch(keep_place=True, moved="", focus_day=None)
        if self.partial and not self.gone and not (moved and self.weeks is not None):  # the same timeline's
            self._read_outline()

    def _bounds(self, reader: Journal, moved: str, focus_day: date | None) -> tuple[date | None, date | None, list]:
        """The days of the part to read (first, day after the last) and the cuts known then."""
        goal, mentorship, cuts = self.goal_ref, self.mentorship_ref, list(self.cuts)
        since, before = self.since, self.before

        def cut(**where) -> date | None:
            found = reader.timeline.cut(goal, mentorship=mentorship, newest=self.WINDOW, **where)
            if found is not None and found not in cuts:
                cuts.append(found)
                cuts.sort()
            return found

        def spanned() -> int:
            low = -1 if since is None else cuts.index(since)
            return (len(cuts) if before is None else cuts.index(before)) - low

        if moved == "start":  # the first part
            before = cut(since=date.min)
            since, cuts = None, [before] if before is not None else []
        elif moved == "to" and focus_day is not None:  # the half parts either side of that day
            cuts, after = [], focus_day + timedelta(days=1)
            since = reader.timeline.cut(goal, mentorship=mentorship, newest=self.WINDOW // 2, before=after)
            before = reader.timeline.cut(goal, mentorship=mentorship, newest=self.WINDOW // 2, since=after)
            cuts = sorted(d for d in {since, after, before} if d is not None)
            if since is None and before is None:
                cuts = []
        elif moved == "back" and since is not None:
            at = cuts.index(since)
            since = cuts[at - 1] if at else cut(before=since)
            if spanned() > self.PARTS:
                before = cuts[(len(cuts) if before is None else cuts.index(before)) - 1]
        elif moved == "on" and before is not None:
            at = cuts.index(before)
            before = cuts[at + 1] if at + 1 < len(cuts) else cut(since=before)
            if spanned() > self.PARTS:
                since = cuts[0 if since is None else cuts.index(since) + 1]
        return since, before, cuts

    async def _fetch(self, keep_place: bool, moved: str, focus_day) -> None:
        goal, mentorship, zoom = self.goal_ref, self.mentorship_ref, self.zoom
        first = self.newest

        def read(reader: Journal) -> tuple[TimelineWindow | TimelinePeriods, tuple, list]:
            if zoom != "day":  # periods: the entries counted, not read
                periods = reader.timeline.periods(goal, mentorship=mentorship, by=zoom)
                return periods, timeline_rows([], zoom, focus_day, periods=periods.periods), []
            if first is not None:  # the newest part
                window = reader.timeline.window(goal, mentorship=mentorship, newest=first)
                cuts = [window.since] if window.since else []
            else:
                since, before, cuts = self._bounds(reader, moved, focus_day)
                window = reader.timeline.window(goal, mentorship=mentorship, newest=None, since=since, before=before)
            return window, timeline_rows(window.events, zoom, focus_day), cuts  # the rows too: they take a while

        rows = None
        try:
            read_now, rows, cuts = await read_in_background(self.journal, read)
            self.heading = read_now.title
            if isinstance(read_now, TimelinePeriods):
                self.events = [e for b in read_now.periods for e in b.events]
                self.since = self.before = None
                self.entries, self.weeks = read_now.entries, read_now.weeks
            else:
                window = read_now
                self.events, self.since, self.before, self.cuts = window.events, window.since, window.before, cuts
                if self.newest is not None and self.newest >= self.WINDOW:
                    self.newest = None  # the first parts are read: on, parts by their days
                if window.complete:
                    self.newest, self.weeks, self.cuts = None, None, []
                    self.entries = sum(1 for e in self.events if e.entry_id and e.kind in ("entry", "meeting"))
                elif self.weeks is None:
                    self.entries = None  # until the outline comes
            self.gone = ""
        except Exception as error:  # said on the screen; a JournalError says what to do
            self.events, self.since, self.before, self.entries, self.weeks = [], None, None, 0, None
            if keep_place and isinstance(error, JournalError):  # it was there when the screen opened
                self.gone = f"This {'goal' if self.goal_ref else 'mentorship'} no longer exists."
            else:
                self.notify(str(error) if isinstance(error, JournalError) else
                            f"The timeline could not be read just now ({type(error).__name__}).",
                            severity="error", markup=False)
                self.heading = "Timeline"
        self.reading = False
        self._show(focus_day, keep_place=keep_place and not moved, keep_line=moved in ("back", "on"),
                   rows=rows if zoom == self.zoom else None)

    @work(exclusive=True, group="timeline-outline", exit_on_error=False)
    async def _read_outline(self) -> None:
        """The whole timeline's size and weeks (the header's count and sparkline) for a part:
        they need every entry's day, so they come after the part's rows are on the screen."""
        goal, mentorship = self.goal_ref, self.mentorship_ref
        try:
            outline = await read_in_background(self.journal, lambda r: r.timeline.outline(goal, mentorship=mentorship))
        except Exception:  # the header goes without the count; the next reload tries again
            return
        if not self.partial:  # the whole timeline came meanwhile: it counts itself
            return
        self.entries, self.weeks = outline.entries, outline.weeks
        self._head()

    @on(TimelineView.NearStart)
    def _back(self) -> None:
        """Near the first row of a part: read the part before it too."""
        if not self.reading and self.since is not None and self.zoom == "day" and self.newest is None:
            self.reading = True
            self._read(keep_place=True, moved="back")

    @on(TimelineView.NearEnd)
    def _on(self) -> None:
        """Near the last row of a part that is not the newest: read the part after it too."""
        if not self.reading and self.before is not None and self.zoom == "day" and self.newest is None:
            self.reading = True
            self._read(keep_place=True, moved="on")

    @on(TimelineView.ToStart)
    def _to_start(self) -> None:
        """Home in a later part: the first part, its first row (Home read one part back, S580)."""
        if not self.reading and self.zoom == "day":
            self.reading, self.newest = True, None
            self._head()
            self._read(keep_place=False, moved="start", focus_day=date.min)

    @on(TimelineView.ToEnd)
    def _to_end(self) -> None:
        """End in an earlier part: the newest part, its last row."""
        if not self.reading and self.zoom == "day":
            self.reading, self.newest, self.cuts = True, self.WINDOW, []
            self._head()
            self._read(keep_place=False)

    def _show(self, focus_day, keep_place: bool = False, keep_line: bool = False, rows: tuple | None = None) -> None:
        view = self.query_one(TimelineView)
        view.more_before = self.zoom == "day" and self.since is not None
        view.more_after = self.zoom == "day" and self.before is not None
        view.show(self.events, self.zoom, focus_day, keep_place=keep_place, keep_line=keep_line, rows=rows)
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
        if self.weeks is not None or (not self.partial and self.zoom == "day"):  # a part's waits for its outline
            head.append_text(sparkline(self.events, width, weeks=self.weeks))
        else:
            head.append("lenses by week …", style="dim")
        head.append("   " if room >= 10 else "\n")  # too narrow for both: the key on its own line
        head.append_text(key)
        if self.gone:
            head.append(f"\n{self.gone}", style="bold")
        elif self.reading and not self.events:
            head.append("\nReading the timeline…", style="dim")
        elif self.reading:
            head.append("\nReading more of the timeline…", style="dim")
        elif self.before is not None:
            last = (self.before - timedelta(days=1)).strftime("%d %b %Y")
            shown = f"From {self.since.strftime('%d %b %Y')} to {last}" if self.since else f"Up to {last}"
            older = "; go up for the older events" if self.since else ""
            head.append(f"\n{shown}{older}; go down for the newer events.", style="dim")
        elif self.since is not None:
            head.append(f"\nFrom {self.since.strftime('%d %b %Y')} on; go up to read the older events.", style="dim")
        elif not self.events:
            head.append("\nNothing on this timeline yet.", style="dim")
        self.query_one("#timeline-head", Static).update(head)

    # ----------------------------------------------------------- actions
    def action_zoom(self, zoom: str) -> None:
        if zoom != self.zoom:
            self._zoom_to(zoom, self.query_one(TimelineView).current_day())

    def _zoom_to(self, zoom: str, focus_day: date | None) -> None:
        """Show `zoom`, the cursor on `focus_day`, read on a thread as the timeline first is (the
        rows of the zoom before stay meanwhile). Week and month zoom read each period's counts
        and its other events (`Timeline.periods`); day zoom the parts either side of `focus_day`
        (all of it at day zoom was 150,000 rows made on the main thread at 100,000 entries: 4-5 s
        of no keys, S575), the newest part when there is none."""
        self.zoom = zoom
        self.reading = True
        self._head()
        if zoom != "day":
            self._read(keep_place=True, focus_day=focus_day)
            return
        self.cuts, self.since, self.before = [], None, None
        self.newest = self.WINDOW if focus_day is None else None  # (a zoom before the first parts came too)
        self._read(keep_place=False, moved="to", focus_day=focus_day)

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
            self._zoom_to("day", date.fromisoformat(oid[2:]))
