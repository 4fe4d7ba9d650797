"""RetroScreen: a goal's or a mentorship's retrospective, reviewed before it is shared.

The retrospective (`journal.closure.retrospective`) is walked into its document
(`journal.closure.document`) and shown as one scrollable page: each numbered section a
`Collapsible` (expanded; `c` folds the one holding the focus, `a` all of them), the text
between quotes as Markdown (`journal.closure.markdown`, links never open), and every quoted
entry a card of its own that takes the focus (tab, ↑ ↓), so it can be left out with `x`.
What is left out is rebuilt away at once (the numbers and the summary follow) and listed
in a last section, "Left out on request", where `x` brings an entry back. Private entries
are left out until `p` includes them; an included one says "private" on its card. The line
under the title always says what is left out.

The export row writes the very Retrospective shown (`journal.closure.write`): HTML,
Markdown, JSON, and PDF when the journal can make one.

A big retrospective stays quick to open: the whole timeline is folded behind its own
collapsible and drawn only when opened, and on a rebuild only the sections whose blocks
changed are drawn again.
"""

from __future__ import annotations

from journal.record import record
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from functools import partial
from typing import Any

from rich.markdown import Markdown as RichMarkdown
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.markup import escape
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Collapsible, Header, Input, Select, Static

from journal.domain.errors import JournalError
from journal.domain.model import Entry
from journal.domain.retro_doc import (
    Block, Chart, Details, Document, Moment, QuoteBlock, Section, SideBySide, Subheading, pick,
)
from journal.domain.retro_model import Retrospective
from journal.domain.text import for_terminal, plural
from journal.services import RETRO_FORMATS, Journal
from journal.tui.messages import JournalChanged
from journal.tui.screens.base import JournalScreen
from journal.tui.screens.closure import slug
from journal.tui.widgets.rows import LENS_STYLE, block_text, safe
from journal.tui.widgets.footer import KeysFooter
from journal.tui.screens.modals import write_asking
from journal.tui.widgets.text_input import TextInput

Make = Callable[[], Widget]
"""Makes the widget of one item of a section (called only when it is drawn)."""

FIRST = 12
"""Quotes a section shows at first; a long section ends in a card that shows MORE at a time
(a 1,000-entry goal has hundreds: drawing them all at once takes seconds)."""
MORE = 30

FORMAT_NAMES = {"html": "HTML", "markdown": "Markdown", "json": "JSON", "pdf": "PDF"}
"""The export formats in the order offered (PDF only when the journal can make one)."""


def default_path(title: str, short_id: str, fmt: str) -> str:
    """The file a retrospective is offered to be written to: in the home folder, named for
    the goal or mentor and its short id (two goals whose titles slug alike never share one)."""
    return f"~/{slug(title)}-{slug(short_id)}-retrospective{RETRO_FORMATS.get(fmt, '.' + fmt)}"


def cite_line(q: QuoteBlock) -> Text:
    """A quote's cite line: day, time, lens, kind, title, star, `private`, short id, tags (all as text)."""
    line = Text(q.day + (f" {q.time}" if q.time else ""), style="dim")
    line.append("  ")
    line.append(f"{q.lens.symbol} {q.lens.value}", style=LENS_STYLE[q.lens])
    if q.kind:
        line.append(f"  {q.kind}", style="dim")
    if q.title:
        line.append("  ")
        line.append(safe(q.title), style="bold")
    if q.starred:
        line.append("  ★", style="#ffd75f")
    if q.private:
        line.append("  ")
        line.append("private", style="bold reverse")
    line.append(f"  {q.short_id}", style="dim")
    for tag in q.tags:
        line.append(f"  #{safe(tag)}", style="#5fafaf")
    return line


def quote_text(q: QuoteBlock) -> Text:
    """A quote as its card shows it: the cite line, then the body as written."""
    text = cite_line(q)
    text.append("\n")
    text.append(block_text(q.body.rstrip()))
    return text


class QuoteCard(Static, can_focus=True):
    """One quoted entry: it takes the focus, and `x` leaves it out."""

    def __init__(self, block: QuoteBlock) -> None:
        super().__init__(quote_text(block), classes="retro-quote" + (" -private" if block.private else ""))
        self.block = block
        self.entry_id = block.entry_id


class LeftOutCard(Static, can_focus=True):
    """An entry left out on request: `x` brings it back."""

    def __init__(self, entry: Entry) -> None:
        line = Text(entry.day.isoformat(), style="dim")
        line.append("  ")
        line.append(f"{entry.lens.symbol} {entry.lens.value}", style=LENS_STYLE[entry.lens])
        words = entry.title or entry.body.strip().split("\n", 1)[0]
        line.append("  ")
        line.append(safe(words)[:80], style="bold" if entry.title else "")
        if entry.private:
            line.append("  ")
            line.append("private", style="bold reverse")
        line.append(f"  {entry.short_id or entry.id[:6]}", style="dim")
        line.append("   x includes it again", style="dim italic")
        super().__init__(line, classes="retro-left-out")
        self.entry_id = entry.id


def _title(heading: str) -> str:
    """A collapsible's title: fixed wording, escaped all the same (a title is read as markup)."""
    return escape(heading)


def moment_line(m: Moment) -> Text:
    """One event of the timeline as a line: when, the lens (or the kind of event), what, its id."""
    line = Text(m.when, style="dim")
    line.append("  ")
    if m.lens is not None:
        line.append(f"{m.lens.symbol} {m.lens.value}", style=LENS_STYLE[m.lens])
        if m.kind:
            line.append(f" {m.kind}", style="dim")
    else:
        line.append(f"{m.icon} {m.kind or ''}".rstrip(), style="dim")
    line.append("  ")
    line.append(safe(m.title))
    detail = pick(m.detail, "markdown")
    if detail:
        line.append(f" — {safe(detail)}", style="dim")
    if m.starred:
        line.append(" ★", style="#ffd75f")
    if m.private:
        line.append(" private", style="bold")
    if m.short_id:
        line.append(f"  {m.short_id}", style="dim")
    return line


class TimelineFold(Collapsible):
    """The whole timeline, folded: drawn only the first time it is opened, as one block of
    lines (a 1,000-entry goal's timeline is a thousand of them)."""

    def __init__(self, block: Details) -> None:
        count = len(block.items)
        super().__init__(title=_title(f"Timeline ({plural(count, 'event')})"), collapsed=True,
                         classes="retro-timeline")
        self.block = block
        self.drawn = False

    def draw(self) -> None:
        if self.drawn:
            return
        self.drawn = True
        lines = Text("\n").join(moment_line(m) for m in self.block.items)
        self.query_one(Collapsible.Contents).mount(Static(lines, classes="retro-moments"))

    def on_collapsible_expanded(self, event: Collapsible.Expanded) -> None:
        if event.collapsible is self:
            event.stop()
            self.draw()


class MoreCard(Static, can_focus=True):
    """Stands for the rest of a long section: enter (or a click) draws the next quotes."""

    BINDINGS = [Binding("enter", "more", "Show more", id="retro.more")]

    @record
    class Pressed(Message):
        card: MoreCard

    def __init__(self, section: int, hidden: int, quotes: int) -> None:
        line = Text(f"▾ {plural(quotes, 'more quote', 'more quotes')} in this section", style="bold")
        line.append(f": enter shows the next {min(quotes, MORE)} (the export holds them all)", style="dim")
        super().__init__(line, classes="retro-more")
        self.section, self.hidden = section, hidden

    def action_more(self) -> None:
        self.post_message(self.Pressed(self))

    def on_click(self) -> None:
        self.post_message(self.Pressed(self))


class RetroDocument(VerticalScroll, can_focus=False):
    """The page: ↑ ↓ move between the things that take the focus (section titles, quotes);
    page keys, home and end scroll and bring the focus along to what is then in view."""

    BINDINGS = [
        Binding("down", "step(1)", "Next", show=False),
        Binding("up", "step(-1)", "Previous", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("end", "edge(1)", "End", show=False),
        Binding("home", "edge(-1)", "Home", show=False),
    ]

    def stops(self) -> list[Widget]:
        """What takes the focus on the page, in order (nothing inside a folded section)."""
        return [w for w in self.screen.focus_chain if self in w.ancestors]

    def action_step(self, by: int) -> None:
        stops = self.stops()
        focused = self.screen.focused
        if not stops:
            self.scroll_relative(y=by, animate=False)
            return
        if focused not in stops:
            stops[0 if by > 0 else -1].focus()
            return
        index = stops.index(focused) + by
        if 0 <= index < len(stops):
            stops[index].focus()
        else:  # past the first or the last: the page still scrolls to its edge
            self.scroll_relative(y=by * 2, animate=False)

    def action_page(self, by: int) -> None:
        (self.scroll_page_down if by > 0 else self.scroll_page_up)(animate=False)
        self.call_after_refresh(self._focus_in_view, by)

    def action_edge(self, by: int) -> None:
        (self.scroll_end if by > 0 else self.scroll_home)(animate=False, immediate=True)
        self.call_after_refresh(self._focus_in_view, by)

    def _focus_in_view(self, by: int) -> None:
        """After scrolling: the focus on the first thing in view (the last, going to the end),
        so a key acts on what is read."""
        view = self.content_region
        seen = [w for w in self.stops() if w.region and view.y <= w.region.y < view.bottom]
        if not seen:
            return
        target = seen[-1] if by > 0 and self.scroll_y >= self.max_scroll_y else seen[0]
        if self.screen.focused not in seen or self.scroll_y >= self.max_scroll_y:
            target.focus(scroll_visible=False)


class RetroScreen(JournalScreen[None]):
    """`RetroScreen(journal, goal=<goal id>)` or `(journal, mentorship=<mentorship id>)`."""

    BINDINGS = [
        Binding("escape,q", "leave", "Back", id="retro.back"),
        Binding("x", "toggle_quote", "Leave out / in", tooltip="Leave the quote out, or include a left-out entry again",
                id="retro.exclude"),
        Binding("p", "private", "Private", tooltip="Include or leave out private entries", id="retro.private"),
        Binding("c", "fold", "Fold", tooltip="Fold or unfold the section with the focus", id="retro.fold"),
        Binding("a", "fold_all", "Fold all", id="retro.fold-all"),
        Binding("f", "next_format", "Format", tooltip="HTML, Markdown, JSON (PDF when possible)",
                id="retro.format"),
        Binding("e", "export_row", "Export…", tooltip="To the file name: enter writes it", id="retro.export"),
    ]

    def __init__(self, journal: Journal, *, goal: str | None = None, mentorship: str | None = None) -> None:
        if bool(goal) == bool(mentorship):
            raise ValueError("RetroScreen needs a goal id or a mentorship id")
        super().__init__()
        self.journal = journal
        self.goal_ref, self.mentorship_ref = goal, mentorship
        if goal:
            subject = journal.goals.get(goal)
            self.subject_title, self.subject_short_id = subject.title, subject.short_id or subject.id[:6]
            self.goal_ref = subject.id
        else:
            found = journal.mentorships.get(mentorship or "")
            self.subject_title, self.subject_short_id = found.mentor, found.short_id or found.id[:6]
            self.mentorship_ref = found.id
        self.excluded: list[str] = []
        """Full ids of the entries left out on request, in the order they were left out."""
        self.include_private = False
        self.private_total = 0
        """Private entries of the subject (left out or not), as of the last build."""
        self.retro: Retrospective | None = None
        """The retrospective shown: exactly what the export writes."""
        self.document: Document | None = None
        self._limits: list[int] = []
        """How many quotes each section shows (FIRST, then MORE at a time as asked)."""
        self._drawn: list[list[tuple[object, Widget]]] = []
        """Each section's widgets, each with the key of what it shows (a redraw keeps the same)."""
        self._left_out: tuple[str, ...] | None = None
        self._formats: list[str] | None = None
        self._header = ""

    # ----------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="retro-state")
        with RetroDocument(id="retro-doc"):
            yield Static(id="retro-title")
            yield Static(id="retro-header", classes="retro-text")
        with Horizontal(id="retro-export"):
            yield Select([(FORMAT_NAMES[f], f) for f in self.formats()], value="html", allow_blank=False,
                         id="retro-format", compact=True)
            yield TextInput(id="retro-path", compact=True, placeholder="File to write, e.g. ~/retrospective.html")
            yield Button("Export", id="retro-export-button", variant="primary", compact=True)
        yield KeysFooter()

    def formats(self) -> list[str]:
        """The formats offered: HTML, Markdown, JSON, and PDF when the journal can make one
        (asked once: finding a browser takes a moment)."""
        if self._formats is None:
            pdf_available = getattr(self.journal.closure, "pdf_available", None)  # not in every version
            self._formats = [f for f in FORMAT_NAMES if f in RETRO_FORMATS and f != "pdf"]
            if "pdf" in RETRO_FORMATS and callable(pdf_available) and pdf_available():
                self._formats.append("pdf")
        return self._formats

    async def on_mount(self) -> None:
        if not self.is_open():
            return
        self.title = "Retrospective"
        if self.app.is_headless:  # stable snapshots: no blinking cursor
            self.query_one("#retro-path", Input).cursor_blink = False
        self.query_one("#retro-path", Input).value = self._default_path("html")
        self.query_one("#retro-state", Static).update(Text("Reading the retrospective…", style="dim"))
        self.call_after_refresh(self._first_draw)  # the screen is up (and sized) first: one layout

    async def _first_draw(self) -> None:
        if not self.is_attached:
            return
        await self.rebuild()
        stops = self.query_one(RetroDocument).stops()
        if stops:
            stops[0].focus()

    def _default_path(self, fmt: str) -> str:
        return default_path(self.subject_title, self.subject_short_id, fmt)

    # ----------------------------------------------------------- building
    def build(self) -> Retrospective:
        """The retrospective with what is left out now (one service call)."""
        closure = self.journal.closure
        if self.goal_ref:
            return closure.retrospective(self.goal_ref, include_private=self.include_private,
                                         exclude=tuple(self.excluded))
        return closure.retrospective(mentorship=self.mentorship_ref, include_private=self.include_private,
                                     exclude=tuple(self.excluded))

    def _left_out_entries(self) -> list[Entry]:
        """The entries left out on request that are still in the journal (one trashed or purged
        elsewhere drops out of the list)."""
        found = []
        for entry_id in list(self.excluded):
            try:
                entry = self.journal.entries.get(entry_id)
            except JournalError:
                entry = None
            if entry is None or entry.deleted_at is not None:
                self.excluded.remove(entry_id)
            else:
                found.append(entry)
        return found

    async def rebuild(self) -> None:
        """Build the retrospective again and draw what changed."""
        left_out = self._left_out_entries()
        try:
            retro = self.build()
        except JournalError as error:  # the goal or mentorship was removed elsewhere
            self.notify(str(error), severity="error", markup=False)
            return
        private_left_out_on_request = sum(1 for e in left_out if e.private)
        if not retro.include_private:
            self.private_total = retro.private_left_out + private_left_out_on_request
        self.retro = retro
        self.document = self.journal.closure.document(retro)
        await self._draw(self.document, left_out)
        self._say_state(left_out)

    def _say_state(self, left_out: Sequence[Entry]) -> None:
        """The line under the title, and the subtitle: what is left out, always."""
        retro = self.retro
        assert retro is not None
        line = Text()
        if retro.include_private:
            private_in = self.private_total - sum(1 for e in left_out if e.private)
            line.append(f"{plural(private_in, 'private entry', 'private entries')} included", style="bold")
            line.append(" (each card marked “private”; p leaves them out)", style="dim")
        elif retro.private_left_out:
            line.append(f"{plural(retro.private_left_out, 'private entry', 'private entries')} left out",
                        style="bold")
            line.append(" (p includes them)", style="dim")
        elif self.private_total:
            line.append("Private entries: only ones left out on request", style="dim")
        else:
            line.append("No private entries", style="dim")
        line.append(" · ", style="dim")
        if left_out:
            line.append(f"{len(left_out)} left out on request", style="bold")
            line.append(" (listed at the end; x brings one back)", style="dim")
        else:
            line.append("nothing left out on request (x on a quote leaves it out)", style="dim")
        self.query_one("#retro-state", Static).update(line)
        said = []
        if not retro.include_private and retro.private_left_out:
            said.append(f"{retro.private_left_out} private left out")
        elif retro.include_private:
            said.append("private included")
        if left_out:
            said.append(f"{len(left_out)} left out on request")
        self.sub_title = safe(self.subject_title) + (" — " + ", ".join(said) if said else "")

    async def _draw(self, doc: Document, left_out: Sequence[Entry]) -> None:
        """Draw the document: on the first draw every section at once (one layout); after that
        only what changed: within a changed section the widgets of blocks still there stay
        (focus, folds and all), the rest are removed or added."""
        page = self.query_one(RetroDocument)
        self.query_one("#retro-title", Static).update(Text(safe(doc.title), style="bold"))
        header = block_text(self.journal.closure.markdown(doc.header))
        if header != self._header:
            self._header = header
            self.query_one("#retro-header", Static).update(RichMarkdown(header, hyperlinks=False) if header.strip()
                                                           else "")
        folds = list(page.query_children(".retro-section").results(Collapsible))
        waiting: list[Any] = []
        new_folds: list[Collapsible] = []
        for index, section in enumerate(doc.sections):
            items = self._shown_items(index, self._section_items(section))
            if index >= len(folds):
                widgets = [make() for _, make in items]
                self._drawn.append([(key, w) for (key, _), w in zip(items, widgets, strict=True)])
                new_folds.append(Collapsible(*widgets, title=_title(section.heading), collapsed=False,
                                             classes="retro-section"))
                continue
            fold = folds[index]
            if str(fold.title) != _title(section.heading):
                fold.title = _title(section.heading)
            waiting += self._redraw(fold, index, items)
        if new_folds:
            waiting.append(page.mount_all(new_folds, before=self._left_out_fold()))
        for fold in folds[len(doc.sections):]:
            waiting.append(fold.remove())
        del self._drawn[len(doc.sections):]
        waiting += self._draw_left_out(left_out)
        for done in waiting:
            await done

    def _shown_items(self, index: int, items: list[tuple[object, Make]]) -> list[tuple[object, Make]]:
        """The items of section `index` drawn now: up to its limit of quotes (FIRST at first),
        then a card for the rest."""
        while len(self._limits) <= index:
            self._limits.append(FIRST)
        limit = self._limits[index]
        quotes = [i for i, (key, _) in enumerate(items) if isinstance(key, tuple) and key[0] == "quote"]
        if len(quotes) <= limit:
            return items
        cut = quotes[limit]
        hidden = len(quotes) - limit
        more = partial(MoreCard, index, cut, hidden)
        return [*items[:cut], (("more", hidden), more)]

    def _redraw(self, fold: Collapsible, index: int, items: list[tuple[object, Make]]) -> list[Any]:
        """Bring one section's widgets in line with its new items; the awaitables to wait for."""
        drawn = self._drawn[index]
        old_keys = [key for key, _ in drawn]
        new_keys = [key for key, _ in items]
        if old_keys == new_keys:
            return []
        contents = fold.query_one(Collapsible.Contents)
        kept: list[tuple[object, Widget]] = []
        gone: list[Widget] = []
        adding: list[tuple[Widget | None, list[Widget]]] = []
        matcher = SequenceMatcher(None, old_keys, new_keys, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                kept += drawn[i1:i2]
                continue
            gone += [w for _, w in drawn[i1:i2]]
            if j2 > j1:
                made = [items[j][1]() for j in range(j1, j2)]
                anchor = drawn[i2][1] if i2 < len(drawn) else None
                adding.append((anchor, made))
                kept += list(zip(new_keys[j1:j2], made, strict=True))
        self._drawn[index] = kept
        waiting: list[Any] = []
        for anchor, made in adding:
            waiting.append(contents.mount_all(made, before=anchor) if anchor is not None else contents.mount_all(made))
        if gone:
            waiting.append(contents.remove_children(gone))
        return waiting

    @on(MoreCard.Pressed)
    async def show_more(self, event: MoreCard.Pressed) -> None:
        """The next quotes of a long section; the focus on the first of them."""
        event.stop()
        card = event.card
        if self.document is None or card.section >= len(self.document.sections):
            return
        self._limits[card.section] += MORE
        folds = list(self.query_one(RetroDocument).query_children(".retro-section").results(Collapsible))
        section = self.document.sections[card.section]
        before = len(self._drawn[card.section])
        for done in self._redraw(folds[card.section], card.section,
                                 self._shown_items(card.section, self._section_items(section))):
            await done
        drawn = self._drawn[card.section]
        first_new = next((w for _, w in drawn[max(0, before - 1):] if w.can_focus), None)
        if first_new is not None:
            first_new.focus()

    def _left_out_fold(self) -> Collapsible | None:
        found = self.query("#retro-left-out").results(Collapsible)
        return next(iter(found), None)

    def _draw_left_out(self, left_out: Sequence[Entry]) -> list[Any]:
        """The last section, "Left out on request (n)": only while something is left out."""
        ids = tuple(e.id for e in left_out)
        if ids == self._left_out:
            return []
        self._left_out = ids
        fold = self._left_out_fold()
        if not left_out:
            return [fold.remove()] if fold is not None else []
        title = _title(f"Left out on request ({len(left_out)})")
        cards = [LeftOutCard(e) for e in left_out]
        if fold is None:
            return [self.query_one(RetroDocument).mount(
                Collapsible(*cards, title=title, collapsed=False, id="retro-left-out"))]
        fold.title = title
        contents = fold.query_one(Collapsible.Contents)
        return [contents.remove_children(), contents.mount_all(cards)]

    def _section_items(self, section: Section) -> list[tuple[object, Make]]:
        """A section as the widgets that show it, each with a key saying what it shows: Markdown
        for the text between quotes (a run of headings alone: a line of text, lighter to draw),
        a card per quote, the timeline folded."""
        items: list[tuple[object, Make]] = []
        run: list[Block] = []
        markdown = self.journal.closure.markdown

        def text_item(text: str) -> None:
            shown = block_text(text)
            items.append((("text", shown), partial(markdown_static, shown)))

        def flush() -> None:
            if run and all(isinstance(b, Subheading) for b in run):
                lines = Text("\n").join(_heading(b) for b in run if isinstance(b, Subheading))
                items.append((("heading", tuple(run)), partial(Static, lines, classes="retro-heading")))
            elif run:
                text = markdown(run)
                if text.strip():
                    text_item(text)
            run.clear()

        for block in section.blocks:
            if isinstance(block, QuoteBlock):
                flush()
                items.append((("quote", block), partial(QuoteCard, block)))
            elif isinstance(block, SideBySide):
                flush()
                for column in block.columns:
                    label = Text(safe(column.label) + ":", style="bold")
                    items.append((("column", column), partial(Static, label, classes="retro-column")))
                    for item in column.quotes:
                        if isinstance(item, QuoteBlock):
                            items.append((("quote", item), partial(QuoteCard, item)))
                        else:
                            text_item(markdown([item]))
            elif isinstance(block, Details):
                flush()
                items.append((("timeline", block), partial(TimelineFold, block)))
            elif isinstance(block, Chart):
                continue  # the weekly chart is drawn by the HTML page; the sparkline says it here
            else:
                run.append(block)
        flush()
        return items

    # ----------------------------------------------------------- reload
    @on(JournalChanged)
    async def reload(self) -> None:
        """Another window or process changed the journal: build again, the focus kept."""
        if self.retro is None:
            return
        await self._rebuilt_keeping_focus(by_entry=True)

    # ----------------------------------------------------------- focus
    def _where(self) -> tuple[int | None, int, str | None]:
        """Where the focus is: the section (its index; None for the left-out list), the index of
        the focused stop in it, and the entry it shows."""
        focused = self.focused
        page = self.query_one(RetroDocument)
        if focused is None or page not in focused.ancestors:
            return None, -1, None
        entry_id = getattr(focused, "entry_id", None)
        fold = self._top_fold(focused)
        if fold is None:
            return None, -1, entry_id
        stops = [w for w in page.stops() if fold in w.ancestors]
        index = stops.index(focused) if focused in stops else -1
        if fold.id == "retro-left-out":
            return -1, index, entry_id
        folds = list(page.query_children(".retro-section").results(Collapsible))
        return folds.index(fold), index, entry_id

    def _top_fold(self, widget: Widget) -> Collapsible | None:
        page = self.query_one(RetroDocument)
        node: Any = widget
        while node is not None and node.parent is not page:
            node = node.parent
        return node if isinstance(node, Collapsible) else None

    async def _rebuilt_keeping_focus(self, *, by_entry: bool, prefer: str | None = None) -> None:
        page = self.query_one(RetroDocument)
        section, index, entry_id = self._where()
        had_focus = self.focused is not None and page in self.focused.ancestors
        scroll_y = page.scroll_y
        await self.rebuild()
        page.scroll_to(y=scroll_y, animate=False, immediate=True)
        if had_focus:  # once the new widgets are in the focus chain (it is brought up to date on refresh)
            self.call_after_refresh(self._focus_place, section, index, prefer or (entry_id if by_entry else None))

    def _focus_place(self, section: int | None, index: int, wanted: str | None) -> None:
        """The focus back at its place after a rebuild: on `wanted` (an entry) when it is shown,
        else the stop at `index` of `section` (-1: the left-out list), else the last stop."""
        page = self.query_one(RetroDocument)
        stops = page.stops()
        target: Widget | None = None
        if wanted:
            target = next((w for w in stops if getattr(w, "entry_id", None) == wanted), None)
        if target is None and section is not None:
            fold = self._left_out_fold() if section == -1 else None
            if section >= 0:
                folds = list(page.query_children(".retro-section").results(Collapsible))
                fold = folds[min(section, len(folds) - 1)] if folds else None
            if fold is not None:
                in_fold = [w for w in stops if fold in w.ancestors]
                if in_fold:
                    target = in_fold[max(0, min(index, len(in_fold) - 1))]
        if target is None and stops:
            target = stops[-1]
        if target is not None:
            target.focus()

    # ----------------------------------------------------------- actions
    async def action_toggle_quote(self) -> None:
        """`x`: leave the focused quote out (it moves to "Left out on request"), or bring a left-out
        entry back; the retrospective is built again, the focus stays where it was."""
        focused = self.focused
        if isinstance(focused, QuoteCard):
            if focused.entry_id and focused.entry_id not in self.excluded:
                self.excluded.append(focused.entry_id)
                await self._rebuilt_keeping_focus(by_entry=False)
                self.notify("Left out; the numbers and the summary follow. x on it under “Left out on request” "
                            "brings it back.", markup=False)
        elif isinstance(focused, LeftOutCard):
            self.excluded = [e for e in self.excluded if e != focused.entry_id]
            # the list gone with it: the focus goes to where the entry came back
            await self._rebuilt_keeping_focus(by_entry=False, prefer=None if self.excluded else focused.entry_id)
            self.notify("Included again.", markup=False)
        else:
            self.notify("Move to a quoted entry (↓ or tab) to leave it out.", markup=False)

    async def action_private(self) -> None:
        """`p`: include private entries (each marked), or leave them out again."""
        self.include_private = not self.include_private
        await self._rebuilt_keeping_focus(by_entry=True)
        self.notify("Private entries included, each marked “private”." if self.include_private
                    else "Private entries left out.", markup=False)

    def action_fold(self) -> None:
        """`c`: fold or unfold the section that holds the focus."""
        focused = self.focused
        page = self.query_one(RetroDocument)
        if focused is None or page not in focused.ancestors:
            return
        fold = next((n for n in focused.ancestors_with_self if isinstance(n, Collapsible)), None)
        if fold is None:
            return
        fold.collapsed = not fold.collapsed
        if fold.collapsed:
            fold.query_one("CollapsibleTitle").focus()

    def action_fold_all(self) -> None:
        """`a`: fold every section (when any is open), else unfold them all."""
        page = self.query_one(RetroDocument)
        folds = [f for f in page.query_children(Collapsible).results(Collapsible)]
        fold_them = any(not f.collapsed for f in folds)
        holding = self._top_fold(self.focused) if self.focused is not None else None
        for fold in folds:
            fold.collapsed = fold_them
        if fold_them and holding is not None:
            holding.query_one("CollapsibleTitle").focus()

    def action_next_format(self) -> None:
        """`f`: the next export format (the file name's extension follows)."""
        select = self.query_one("#retro-format", Select)
        offered = self.formats()
        current = str(select.value)
        select.value = offered[(offered.index(current) + 1) % len(offered)] if current in offered else offered[0]

    def action_export_row(self) -> None:
        """`e`: to the file name (enter writes it; escape comes back to the page)."""
        self.query_one("#retro-path", Input).focus()

    def action_leave(self) -> None:
        """Escape: from the export row back to the page; from the page, back where you came from."""
        focused = self.focused
        row = self.query_one("#retro-export")
        if focused is not None and row in focused.ancestors and self._back_to_page():
            return
        self.dismiss(None)

    def _back_to_page(self) -> bool:
        """The focus on the page's first stop (False: the page has none)."""
        stops = self.query_one(RetroDocument).stops()
        if stops:
            stops[0].focus()
        return bool(stops)

    # ----------------------------------------------------------- export
    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id != "retro-format":
            return
        event.stop()
        field = self.query_one("#retro-path", Input)
        stem, dot, ext = field.value.rpartition(".")
        if dot and "." + ext in {*RETRO_FORMATS.values(), ".pdf"}:
            field.value = stem + RETRO_FORMATS.get(str(event.value), "." + str(event.value))
        elif not field.value.strip():
            field.value = self._default_path(str(event.value))

    def on_input_changed(self, event: Input.Changed) -> None:
        """A file name ending in another format's extension takes that format, as `journal retro -o`
        does (`pat.md` was written as HTML under the name of Markdown)."""
        if event.input.id != "retro-path":
            return
        fmt = self._format_of(event.value)
        select = self.query_one("#retro-format", Select)
        if fmt is not None and fmt != select.value:
            select.value = fmt

    def _format_of(self, name: str) -> str | None:
        """The offered format whose extension `name` ends with."""
        ext = "." + name.strip().rpartition(".")[2].lower() if "." in name else ""
        return next((fmt for fmt in self.formats() if RETRO_FORMATS.get(fmt) == ext), None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "retro-path":
            event.stop()
            self.action_export()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "retro-export-button":
            event.stop()
            self.action_export()

    def action_export(self) -> None:
        """Write the retrospective shown, as it is shown (0600, atomic, never through a symlink)."""
        if self.retro is None:
            return
        raw = self.query_one("#retro-path", Input).value.strip()
        fmt = self._format_of(raw) or str(self.query_one("#retro-format", Select).value)
        if not raw:
            self.notify("Give a file to write to.", severity="warning")
            return
        write_asking(self, self.journal, raw, lambda: self._export_to(fmt, raw), id="retro-replace")

    def _export_to(self, fmt: str, raw: str) -> None:
        if self.retro is None:
            return
        try:
            path = self.journal.closure.write(self.retro, fmt, raw)
        except JournalError as error:
            self.notify(str(error), title="Not exported", severity="error", markup=False)
            return
        self.exported = path
        self.notify(f"Wrote {for_terminal(str(path), single_line=True)}", title="Exported", markup=False)
        self._back_to_page()  # written: the page's keys work again (f typed into the file name: S494)


def markdown_static(text: str) -> Static:
    """Some of the document's Markdown, drawn by Rich in one widget (links shown with their
    address, never opened; a Markdown widget per run draws a widget per list item and table
    cell, which a long retrospective cannot afford)."""
    return Static(RichMarkdown(text, hyperlinks=False), classes="retro-text")


def _heading(block: Subheading) -> Text:
    """A heading inside a section as a line: its words in bold, its aside dim."""
    line = Text(safe(pick(block.text, "markdown")), style="bold underline")
    aside = pick(block.aside, "markdown")
    if aside:
        line.append(f" {safe(aside)}", style="dim")
    return line
