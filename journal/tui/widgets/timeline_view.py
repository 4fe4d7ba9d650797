"""TimelineView: a vertical, chronological timeline in one virtualised OptionList.

Presentation only: the screen hands it `TimelineEvent`s (from `Journal.timeline`) and a
zoom. Rows are `Option`s (rendered lazily by OptionList), never one widget per event,
so a goal with thousands of entries opens at once and scrolls smoothly.

- day zoom: a heading row per day with entries (date gutter, counts per lens, a bar),
  then that day's events; quiet stretches show as "quiet for N days" rows.
- week / month zoom: one row per period (counts per lens and a bar), with that period's
  non-entry events (milestones, target dates, status changes, goal edits, meetings, gaps,
  a mentorship's agreement changes and closing, follow-ups due) under it.

Periods read as a person writes them (`period_words`: "Mon 23 Nov 2026", "23–29 Nov 2026",
"Nov 2026"); the gutter widens to the longest label shown. An all-day entry has no time.
"""

from __future__ import annotations

from datetime import date

from rich.text import Span, Text
from textual.binding import Binding
from textual.message import Message
from textual.geometry import Size
from textual.widgets.option_list import Option

from journal.domain.model import Lens
from journal.tui.widgets.listing import Listing
from journal.domain.timeline import (
    ZOOMS, Bucket, TimelineEvent, bar, bucket, lens_sparkline, of_an_entry, period_words,
)
from journal.tui.widgets.keep_place import place_of, restore
from journal.tui.widgets.rows import LENS_STYLE, safe

GUTTER = 18
"""Width of the date gutter on the left (at least: a week's dates may need more)."""
NO_TIME = " " * 5
"""The time column of an all-day entry: blank, so titles stay aligned."""
BAR_WIDTH = 10
MARKERS = {
    "goal-created": ("⚑", "#ffaf5f"),
    "goal-edit": ("✎", "#87afaf"),
    "goal-status": ("⇄", "bold #ffd75f"),
    "milestone-done": ("✔", "bold #87d787"),
    "milestone-missed": ("✘", "bold #ff8787"),
    "milestone-due": ("◇", "bold #ffd75f"),
    "goal-target": ("◎", "bold #ff87af"),
    "foresight-due": ("↻", LENS_STYLE[Lens.FORESIGHT]),
    "follow-up-due": ("↻", LENS_STYLE[Lens.FORESIGHT]),
    "meeting": ("●", "bold #ffaf5f"),
    "gap": ("┄", "dim"),
    "mentorship": ("☍", "bold #ffaf5f"),
    "agreement": ("§", "#87afaf"),
    "goal-decision": ("⇢", "bold #ffd75f"),
}
"""Symbol and style of each non-entry event kind."""
LABELS = {
    "goal-created": "goal created",
    "goal-edit": "goal changed",  # a new mentor too, not only its statement (S464)
    "goal-status": "status",
    "milestone-done": "milestone",
    "milestone-missed": "milestone",
    "milestone-due": "milestone",
    "goal-target": "target date",
    "foresight-due": "revisit",
    "follow-up-due": "follow-up",  # a date on the way, as the CLI says it: due or not is `due`'s (S183)
    "meeting": "meeting",
    "mentorship": "",
    "agreement": "",
    "goal-decision": "",
}
"""The words before an event's title ('' when its title says it: "Ground rules changed")."""


LENSES = tuple(Lens)


def _line(parts: list[tuple[str, str]]) -> Text:
    """One no-wrap row from (text, style) parts, built in one go (rows are made by the thousand)."""
    spans, offset = [], 0
    for text, style in parts:
        if style and text:
            spans.append(Span(offset, offset + len(text), style))
        offset += len(text)
    return Text("".join(text for text, _ in parts), spans=spans, no_wrap=True, overflow="ellipsis")


def _gutter(label: str, width: int = GUTTER) -> tuple[str, str]:
    return (f"{label:<{width - 2}}│ ", "dim")


def gutter(label: str = "", width: int = GUTTER) -> Text:
    return _line([_gutter(label, width)])


def _counts(counts: dict[str, int]) -> list[tuple[str, str]]:
    parts = []
    for lens in LENSES:
        n = counts.get(lens.value, 0)
        parts.append((f"{lens.symbol}{n:<3}" + (" " if n > 99 else ""), LENS_STYLE[lens] if n else "dim"))  # S281
    return parts


def counts_text(counts: dict[str, int]) -> Text:
    return _line(_counts(counts))


def event_row(event: TimelineEvent, label: str = "", width: int = GUTTER) -> Text:
    """One event after the gutter: an entry (time, lens symbol, title, star) or a marker."""
    parts = [_gutter(label, width)]
    if event.kind == "entry" or (event.kind == "meeting" and event.entry_id):
        lens = event.lens or Lens.HINDSIGHT
        parts.append((f"{event.time or NO_TIME} ", "dim"))
        parts.append((f"{lens.symbol} ", LENS_STYLE[lens]))
        if event.kind == "meeting":
            parts.append(("● meeting ", "bold #ffaf5f"))
        parts.append((safe(event.title) or "(empty)", ""))
        if event.starred:
            parts.append((" ★", "bold #ffd75f"))
        if event.detail and event.kind == "entry":  # its kind in words, a check-in's ratings, feedback's giver
            parts.append((f"  {safe(event.detail)}", "dim"))
    elif event.kind == "gap":
        parts.append((f"┄┄ {safe(event.detail)} ┄┄", "italic dim"))
    else:
        symbol, style = MARKERS.get(event.kind, ("•", ""))
        label = LABELS.get(event.kind, "")
        parts.append((f"      {symbol} {label}: " if label else f"      {symbol} ", style))
        parts.append((safe(event.title), ""))
        if event.detail and event.kind != "goal-created":
            parts.append((f"  {safe(event.detail)}", "dim"))
    return _line(parts)


def bucket_row(b: Bucket, by: str, max_count: int, width: int = GUTTER) -> Text:
    """A period heading: label in the gutter, counts per lens, a bar, entry total."""
    label = period_words(b.start, by)
    counts = b.lens_counts
    total = sum(counts.values())
    dominant = max(LENSES, key=lambda lens: counts.get(lens.value, 0))
    parts = [(f"{label:<{width - 2}}", "bold"), ("│ ", "dim"), *_counts(counts), (" ", ""),
             (bar(total, max_count, BAR_WIDTH), LENS_STYLE[dominant] if total else "dim"),
             (f" {total}" if total else "  ·", "dim")]
    return _line(parts)


def sparkline(events: list[TimelineEvent] | None, width: int = 60, weeks: list[Bucket] | None = None) -> Text:
    """The lens sparkline by week, coloured by lens: of `events`, or of `weeks` when given (a
    window of a long timeline: `TimelineWindow.weeks`). Longer than `width`: the empty weeks at
    its end go first (up to a goal's target date, say), then its first weeks, each cut said by
    a '…' where it is (the first weeks went unsaid: S303)."""
    chars = lens_sparkline(weeks if weeks is not None else bucket(events or [], "week"))
    text = Text("lenses by week ", style="dim")
    tail = ""
    if len(chars) > width and chars.endswith("·"):  # the empty weeks at the end that do not fit
        chars, tail = chars[:max(len(chars.rstrip("·")), width - 1)], "…"
    if len(chars) + len(tail) > width:  # then the first weeks
        chars = chars[len(chars) + len(tail) - width + 1:]
        text.append("…", style="dim")
    colour = {lens.symbol: LENS_STYLE[lens] for lens in Lens}
    for ch in chars:
        text.append(ch, style=colour.get(ch, "dim"))
    return text.append(tail, style="dim")


def timeline_rows(events: list[TimelineEvent], zoom: str = "day", focus_day: date | None = None,
                  periods: list[Bucket] | None = None) -> tuple[list[Option], int | None]:
    """The rows of `events` at `zoom` (or of `periods` at week or month zoom: `Timeline.periods`),
    and the index of the row the cursor lands on for `focus_day` (None: the last). Pure: a
    screen builds them on a thread with the events."""
    if zoom not in ZOOMS:
        raise ValueError(zoom)
    options: list[Option] = []
    target: int | None = None
    buckets = periods if periods is not None else bucket(events, zoom)
    max_count = max((b.entries for b in buckets), default=0)
    width = max((len(period_words(b.start, zoom)) + 3 for b in buckets), default=GUTTER)
    width = max(width, GUTTER)
    seen_ids: set[str] = set()
    for b in buckets:
        if focus_day is not None and target is None and b.end >= focus_day:
            target = len(options)
        if zoom == "day":
            if not b.events:
                continue
            label = period_words(b.start, zoom)
            if b.entries:  # a heading with the day's counts; days with only markers get none
                options.append(Option(bucket_row(b, zoom, max_count, width), disabled=True))
                label = ""
            for event in b.events:
                oid = None
                if event.entry_id and event.kind in ("entry", "meeting") and event.entry_id not in seen_ids:
                    oid = f"e:{event.entry_id}"
                    seen_ids.add(event.entry_id)
                options.append(Option(event_row(event, label, width), id=oid, disabled=oid is None))
                label = ""
        else:
            options.append(Option(bucket_row(b, zoom, max_count, width), id=f"b:{b.start.isoformat()}"))
            for event in b.events:
                if not of_an_entry(event):
                    options.append(Option(event_row(event, event.day.strftime("  %d %b"), width), disabled=True))
    return options, target


class TimelineView(Listing):
    """Rows of a timeline; option ids are `e:<entry id>` for entries and `b:<start>` for periods.

    Posts `NearStart` when the cursor or the scroll comes near the first row, `NearEnd` near the
    last (a screen showing a part of a long timeline reads the part before or after then)."""

    class NearStart(Message):
        """The cursor or the scroll is near the first row."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, TimelineView.NearStart)

    class NearEnd(Message):
        """The cursor or the scroll is near the last row."""

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, TimelineView.NearEnd)

    class ToStart(Message):
        """Home, with older events than those shown."""

    class ToEnd(Message):
        """End, with newer events than those shown."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="timeline-view.down"),
        Binding("k", "cursor_up", "Up", show=False, id="timeline-view.up"),
        Binding("home", "start", "Start", show=False, id="timeline-view.start"),
        Binding("end", "end", "End", show=False, id="timeline-view.end"),
    ]

    more_before = False
    """Older events than those shown are not read (the screen sets it); Home asks for them."""
    more_after = False
    """Newer events than those shown are not read; End asks for them."""

    def action_start(self) -> None:
        """Home: the timeline's first row, read first when a later part is shown (S580)."""
        if self.more_before:
            self.post_message(self.ToStart())
        else:
            self.action_first()

    def action_end(self) -> None:
        """End: the timeline's last row, read first when an earlier part is shown (S580)."""
        if self.more_after:
            self.post_message(self.ToEnd())
        else:
            self.action_last()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.events: list[TimelineEvent] = []
        self.zoom = "day"
        self._rebuilding = False
        """The rows are being replaced: the scroll jumps meanwhile and asks for nothing (clearing
        them scrolled to the top, which asked for the older part, again and again: S575)."""

    def show(self, events: list[TimelineEvent], zoom: str = "day", focus_day: date | None = None,
             *, keep_place: bool = False, keep_line: bool = False,
             rows: tuple[list[Option], int | None] | None = None) -> None:
        """Replace the rows with `events` at `zoom`; the cursor lands on `focus_day` or the last row.

        `keep_place` (a reload at the same zoom): the highlighted row stays by its id (or moves
        to its neighbour if it is gone) and the scroll offset is kept. `keep_line` (a part read
        in above or below, one let go): the highlighted row stays on the same line of the
        screen. `rows`: what `timeline_rows(events, zoom, focus_day)` gave, when the screen
        built them already."""
        options, target = rows if rows is not None else timeline_rows(events, zoom, focus_day)
        place = place_of(self) if (keep_place or keep_line) and zoom == self.zoom else None  # a zoom: `focus_day`
        line = (self.highlighted or 0) - self.scroll_y
        self.events, self.zoom = events, zoom
        self._rebuilding = True
        try:
            self.clear_options()
            self.add_options(options)
            if place is not None and place.highlighted is not None:
                if keep_line and place.highlighted in self._id_to_option:
                    index = self.get_option_index(place.highlighted)  # one line a row: its index is its line
                    self.highlighted = index
                    self.scroll_to(y=max(0, index - line), animate=False, immediate=True)
                else:
                    restore(self, place)
                return
            self._land(target)
        finally:
            self._rebuilding = False
        if target is None:  # show the newest rows (markers after the last entry included)
            self.call_after_refresh(self.scroll_end, animate=False)
        else:  # the day chosen at the top, its heading first (it sat on the bottom line: S580)
            self.call_after_refresh(self.scroll_to, y=target, animate=False)

    NEAR = 3
    """Rows from the first at which `NearStart` is posted."""

    # At the first or last row the cursor stays (a Listing: OptionList wrapped round, up from the
    # oldest event to the newest), and Home or a page up that reaches the first row shows the rows above
    # it too: a day's heading is a disabled row the cursor never lands on, so the oldest day's date
    # and counts stayed out of view (S281).
    def action_cursor_up(self) -> None:
        if self.highlighted is not None and self.highlighted == self._enabled(1):
            self.scroll_home(animate=False)
            self.post_message(self.NearStart())
            return
        super().action_cursor_up()

    def action_cursor_down(self) -> None:
        if self.highlighted is not None and self.highlighted == self._enabled(-1):
            self.scroll_end(animate=False)
            self.post_message(self.NearEnd())
            return
        super().action_cursor_down()

    def action_page_up(self) -> None:
        super().action_page_up()
        if self.highlighted == self._enabled(1):
            self.call_after_refresh(self.scroll_home, animate=False)

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted is None or self._rebuilding:
            return
        if highlighted < self.NEAR:
            self.post_message(self.NearStart())
        elif highlighted >= self.option_count - self.NEAR:
            self.post_message(self.NearEnd())

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self._rebuilding:
            return
        if new_value < old_value and new_value < self.NEAR:
            self.post_message(self.NearStart())
        elif new_value > old_value and new_value > self.max_scroll_y - self.NEAR:
            self.post_message(self.NearEnd())

    def _land(self, target: int | None) -> None:
        if not self.option_count:
            return
        indexes = range(target, self.option_count) if target is not None else range(self.option_count - 1, -1, -1)
        for index in indexes:
            if not self.get_option_at_index(index).disabled:
                self.highlighted = index
                return
        for index in range(self.option_count - 1, -1, -1):
            if not self.get_option_at_index(index).disabled:
                self.highlighted = index
                return

    # Every row is exactly one line (`text-wrap: nowrap` in journal.tcss). OptionList
    # measures the height of every option on each update, which costs ~1 s for 6,000
    # rows; these two overrides (of a private Textual 8 method, pinned by a test) use
    # the known height instead so a 5,000-entry goal opens at once.
    def _update_lines(self) -> None:
        if not self.scrollable_content_region:
            return
        cache = self._line_cache
        lines = cache.lines
        start = lines[-1][0] + 1 if lines else 0
        for index in range(start, len(self.options)):
            cache.index_to_line[index] = len(lines)
            cache.heights[index] = 1
            lines.append((index, 0))
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        virtual_size = Size(width, len(lines))
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.options)

    @property
    def current_id(self) -> str | None:
        """The highlighted row's id (`e:…` or `b:…`), if any."""
        if self.highlighted is None or not self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).id

    def current_day(self) -> date | None:
        """The day the cursor is on (to keep the place when zooming)."""
        oid = self.current_id
        if oid is None:
            return None
        if oid.startswith("b:"):
            return date.fromisoformat(oid[2:])
        entry_id = oid[2:]
        return next((e.day for e in self.events if e.entry_id == entry_id), None)
