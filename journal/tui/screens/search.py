"""SearchScreen: full-text search as you type, narrowed by lens, goal, tag, dates, star."""

from __future__ import annotations

import re

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Checkbox, Header, Input, OptionList, Select, Static
from textual.message import Message
from textual.timer import Timer
from textual.widgets.option_list import Option

from journal.tui.screens.base import JournalScreen
from journal.domain.errors import JournalError, StillIndexing
from journal.domain.model import Entry, EntryFilter, Lens
from journal.services import Journal
from journal.tui.background import read_in_background
from journal.tui.messages import EntryOpenRequested, JournalChanged
from journal.tui.widgets.keep_place import place_of, restore
from journal.tui.widgets.rows import entry_row, safe
from journal.tui.widgets.toggles import Tick
from journal.tui.widgets.footer import KeysFooter
from journal.tui.widgets.paged_list import PagedList
from journal.tui.widgets.text_input import TextInput

LIMIT = 200
"""Results shown at most (the newest matches)."""
INDEXING_RETRY_S = 1.0
"""How often a search waiting for the indexer (a large import's entries) asks again."""
TYPING_PAUSE_S = 0.12
"""How long the typing in the query or a filter pauses before the search runs: a key every ~0.1 s
started a search each (at 100,000 entries every one of them read the word index on a thread of
its own, the results lagging by 0.7-1.25 s, S576); a pause this short is not felt."""
ROWS = 50
"""Results laid out at first (each is laid out when added: 200 took half a second); more, ROWS at
a time, as the cursor or the scroll nears the end of those."""


def _words(query: str) -> list[str]:
    """The words to find and highlight in a result: not the operators (OR, AND, NOT), nor the
    words left out (-word, NOT word): "or" was found inside "work", its place taken for the
    snippet's (S261)."""
    words, leave_out = [], False
    for token in query.split():
        if token in ("OR", "AND"):
            continue
        if token == "NOT":
            leave_out = True
            continue
        if not leave_out and not (token.startswith("-") and len(token) > 1):
            words += re.findall(r"\w+", token)
        leave_out = False
    return words


def result_text(entry: Entry, words: list[str]) -> Text:
    """A result: its row plus a line of body around the first match, matches highlighted."""
    text = Text(f"{entry.day.strftime('%d %b %Y')} ", style="dim")
    text.append_text(entry_row(entry))
    body = entry.body  # made safe for the terminal only around the match: a body can be long
    at = min((m.start() for w in words if (m := re.search(re.escape(w), body, re.I))), default=0)
    start = max(0, at - 30)
    snippet = ("…" if start else "") + safe(body[start:start + 90])
    text.append("\n    ")
    text.append(snippet, style="dim")
    # Text.highlight_words escapes the words itself; no markup is ever built from them. With no
    # words it would add an empty span at every character (200 a row, each styled when drawn).
    if words:
        text.highlight_words(words, style="bold reverse", case_sensitive=False)
    return text


class Results(PagedList):
    """The results: the screen adds ROWS more when `NearEnd` arrives."""

    class NearEnd(Message):
        """The cursor or the scroll position reached the last rows laid out (`rows` of them)."""

        def __init__(self, rows: int) -> None:
            super().__init__()
            self.rows = rows

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, Results.NearEnd)

    def near_end(self) -> None:
        self.post_message(self.NearEnd(self.option_count))


class SearchScreen(JournalScreen[None]):
    """The query box, the filter row and the results."""

    TYPES_INTO = "#query"
    """A letter typed on the results goes into the query (JournalApp._check_bindings: S223)."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="search.back"),
        Binding("down", "to_results", "Results", show=False, id="search.results"),
    ]

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal
        self._goals: list[tuple[Text, str]] = []
        self._found: list[Entry] = []
        self._words: list[str] = []
        self._soon: Timer | None = None
        """The search waiting for the typing to pause."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield TextInput(placeholder="Search your journal…", id="query", select_on_focus=False)  # typed on: added (S223)
        with Horizontal(id="filters"):
            yield Select([(f"{lens.symbol} {lens.value}", lens.value) for lens in Lens],
                         prompt="any lens", id="filter-lens", compact=True)
            yield Select(self._goals, prompt="any goal", id="filter-goal", compact=True)
            yield TextInput(placeholder="tag", id="filter-tag", compact=True)
            yield TextInput(placeholder="from", id="filter-from", compact=True)
            yield TextInput(placeholder="to", id="filter-to", compact=True)
            yield Tick("★ only", id="filter-starred", compact=True)
        yield Static(id="search-status")
        yield Results(id="results")
        yield KeysFooter()

    def on_mount(self) -> None:
        if not self.is_open():
            return
        self.title = "Search"
        if self.app.is_headless:
            for field in self.query(Input).results():
                field.cursor_blink = False
        self.query_one("#query", Input).focus()
        self.run_search()
        self._load_goal_choices()

    def action_to_results(self) -> None:
        self.query_one("#results", OptionList).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Typed into the query or a filter: the search once the typing pauses (TYPING_PAUSE_S)."""
        if self._soon is not None:
            self._soon.stop()
        if TYPING_PAUSE_S:
            self._soon = self.set_timer(TYPING_PAUSE_S, self.run_search)
        else:
            self.run_search()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.run_search()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.run_search()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "query":
            self.action_to_results()

    @on(JournalChanged)
    def _journal_changed(self) -> None:
        """Another process (or another screen) wrote: the same query and filters run again,
        the highlighted result and the scroll stay; nothing typed and no focus is touched."""
        self._load_goal_choices()
        self.run_search(keep_place=True)

    @work(exclusive=True, group="search-goals", exit_on_error=False)
    async def _load_goal_choices(self) -> None:
        """The goals for the goal filter, read in the background (the results do not wait)."""
        try:
            summaries = await read_in_background(self.journal, lambda j: j.goals.summaries())
        except Exception:  # the filter keeps the goals it has; the next reload tries again
            return
        self._refresh_goal_choices([(Text(safe(s.goal.title)), s.goal.id) for s in summaries])

    def _refresh_goal_choices(self, goals: list[tuple[Text, str]]) -> None:
        """The goal filter lists the goals there are now (added or renamed elsewhere), keeping
        the chosen goal; an open drop-down is left alone until it closes."""
        select = self.query_one("#filter-goal", Select)
        if [(str(t), g) for t, g in goals] == [(str(t), g) for t, g in self._goals] or select.expanded:
            return
        self._goals = goals
        chosen = select.value
        with select.prevent(Select.Changed):
            select.set_options(goals)
            if isinstance(chosen, str) and any(g == chosen for _, g in goals):
                select.value = chosen

    @work(exclusive=True, group="search")
    async def run_search(self, keep_place: bool = False) -> None:
        """Search on a reading thread of its own (a prefix at 100,000 entries takes 50-80 ms:
        typing never waits for it); exclusive, so the newest query wins and a query still running
        is interrupted. `keep_place`: the results are read again, highlight (by id) and scroll kept."""
        if not self.is_open():  # asked again by a timer (the indexer) as the screen closes
            return
        query = self.query_one("#query", Input).value.strip()
        if not query.strip('"').strip():  # a quote just typed opens a phrase: no error yet, the recent entries (S268)
            query = ""
        status = self.query_one("#search-status", Static)
        try:
            flt = self._filter()
        except JournalError as error:  # a date being typed into a filter: the last results stay meanwhile
            status.update(Text(safe(self._filter_problem(error)), style="bold red"))
            return
        try:
            found = await read_in_background(self.journal, lambda j: (
                j.entries.search(query, flt, limit=LIMIT, prefix_last=True) if query
                else j.entries.list(flt, limit=LIMIT)))
        except StillIndexing as indexing:  # right after a large import: asked again until it is done
            if not self.is_open():  # left (or the app quit) while it was asked: nothing to show it on
                return
            status.update(Text(safe(str(indexing)), style="dim"))
            self._found = []
            self.query_one("#results", OptionList).clear_options()  # never the results of the query before
            self.set_timer(INDEXING_RETRY_S, lambda: self.run_search(keep_place))
            return
        except JournalError as error:
            if not self.is_open():
                return
            status.update(Text(safe(str(error)), style="bold red"))
            self._found = []
            self.query_one("#results", OptionList).clear_options()  # never the results of another query (S186)
            return
        if not self.is_open():
            return
        results = self.query_one("#results", OptionList)
        place = place_of(results) if keep_place else None
        rows = max(ROWS, results.option_count) if keep_place else ROWS  # the rows the person had
        self._found, self._words = found, _words(query)
        results.clear_options()
        results.add_options(Option(result_text(e, self._words), id=e.id) for e in found[:rows])
        if place is not None:
            restore(results, place)
        elif found:
            results.highlighted = 0
        one = len(found) == 1
        label = ("match" if one else "matches") if query else ("recent entry" if one else "recent entries")
        said = f"{len(found)} {label}"
        if len(found) == LIMIT:  # "200 matches (first 200)" read as all there were, of 2,000 (S404)
            said = f"{LIMIT}+ matches (the best {LIMIT} shown)" if query else f"the {LIMIT} most recent entries"
        status.update(Text(said, style="dim"))

    def on_results_near_end(self, event: Results.NearEnd) -> None:
        results = self.query_one("#results", OptionList)
        shown = results.option_count
        if shown == event.rows and shown < len(self._found):  # not yet extended past where it was asked
            results.add_options(Option(result_text(e, self._words), id=e.id) for e in self._found[shown:shown + ROWS])

    def _filter(self) -> EntryFilter:
        lens = self.query_one("#filter-lens", Select).value
        goal = self.query_one("#filter-goal", Select).value
        tag = self.query_one("#filter-tag", Input).value.strip()
        return self.journal.entries.filter(
            lens=lens if isinstance(lens, str) else None,
            goals=(goal,) if isinstance(goal, str) else (),
            tags=(tag,) if tag else (),
            date_from=self.query_one("#filter-from", Input).value.strip() or None,
            date_to=self.query_one("#filter-to", Input).value.strip() or None,
            starred=self.query_one("#filter-starred", Tick).value,
        )

    def _filter_problem(self, error: JournalError) -> str:
        """What is wrong with the filters, naming the field, and that the list below still shows
        the last search (S471: 'Invalid date' alone named neither, and a From after To was
        said with the CLI's --from and --to)."""
        kept = " (list unchanged)"  # short: the line is cut at 80 columns
        typed = {label: self.query_one(field, Input).value.strip()
                 for field, label in (("#filter-from", "From"), ("#filter-to", "To"))}
        spans = {}
        for label, text in typed.items():
            if text:
                try:
                    spans[label] = self.journal.span(text)
                except JournalError as bad:
                    return f"{label}: {str(bad).split('. Accepted')[0]}{kept}"
        if len(spans) == 2 and (first := spans["From"].first) > (last := spans["To"].last):
            return f"From {first} is after To {last}: swap them{kept}"
        return str(error).split(". Accepted")[0] + kept

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.post_message(EntryOpenRequested(event.option.id))
