"""ShortlistsScreen: every shortlist of candidate mentors; enter opens one's matrix."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from journal.domain.errors import JournalError
from journal.domain.practice import Shortlist, leading_words
from journal.domain.text import plural
from journal.services import Journal
from journal.tui.messages import JournalChanged
from journal.tui.screens.base import JournalScreen
from journal.tui.screens.modals import ChoiceModal
from journal.tui.screens.shortlist_forms import LineModal, rename_form
from journal.tui.widgets.keep_place import Place, place_of, restore
from journal.tui.widgets.rows import safe
from journal.tui.widgets.footer import KeysFooter
from journal.tui.widgets.listing import Listing


def shortlist_row(sl: Shortlist) -> Text:
    """Title, open or decided (who was chosen, or who leads), how many candidates and criteria."""
    row = Text(no_wrap=True, overflow="ellipsis")
    row.append("☰ ", style="#87afaf")
    row.append(safe(sl.title), style="bold")
    chosen = sl.chosen_candidate
    if sl.decided:
        row.append(f"  decided: {safe(chosen.name) if chosen else 'a mentor'} chosen", style="#87d787")
    else:
        row.append("  open", style="#ffaf5f")
        if sl.candidates:
            best = leading_words(sl)
            row.append(f", leading: {safe(best)}" if best else ", nobody meets every must-have yet")
    row.append(f"  {plural(len(sl.candidates), 'candidate')}, {plural(len(sl.criteria), 'criterion', 'criteria')}",
               style="dim")
    return row


class ShortlistsScreen(JournalScreen[None]):
    """Shortlists of candidate mentors: n starts one, enter opens it, r renames it, d deletes it (asks)."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="shortlists.back"),
        Binding("n", "new_shortlist", "New shortlist", id="shortlists.new"),
        Binding("d", "delete", "Delete", id="shortlists.delete"),
        Binding("r", "rename", "Rename", id="shortlists.rename"),
    ]

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="shortlists-status")
        yield Listing(id="shortlist-list")
        yield KeysFooter()

    def on_mount(self) -> None:
        if not self.is_open():
            return
        self.title = "Choose a mentor"
        self.sub_title = "shortlists"
        self.reload()
        self.query_one(OptionList).focus()

    @on(JournalChanged)
    def _journal_changed(self, message: JournalChanged) -> None:
        self.reload(select=message.select)

    def reload(self, select: str | None = None) -> None:
        """Read the shortlists again, keeping the highlighted one (by id) and the scroll."""
        found = self.journal.shortlists.list()
        options = self.query_one(OptionList)
        place = place_of(options)
        if select in {sl.id for sl in found}:
            place = Place(select, None, place.scroll_y)
        options.clear_options()
        options.add_options([Option(shortlist_row(sl), id=sl.id) for sl in found])
        status = Text(f"{plural(len(found), 'shortlist')}  enter open · n new · r rename · d delete" if found else
                      "No shortlists yet: n starts one (criteria, candidates, then the ranking).", style="dim")
        self.query_one("#shortlists-status", Static).update(status)
        restore(options, place)
        self.refresh_bindings()

    @property
    def current_id(self) -> str | None:
        options = self.part(OptionList)
        if options is None or options.highlighted is None or not options.option_count:
            return None
        return options.get_option_at_index(options.highlighted).id

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("delete", "rename") and self.is_mounted:
            return self.current_id is not None
        return True

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.refresh_bindings()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.open_shortlist(event.option.id)

    def open_shortlist(self, shortlist_id: str) -> None:
        from journal.tui.screens.shortlist import ShortlistScreen

        self.app.push_screen(ShortlistScreen(self.journal, shortlist_id))

    def action_new_shortlist(self) -> None:
        """Ask the title; the new shortlist is highlighted here and opens."""

        def save(title: str) -> str:
            return self.journal.shortlists.new(title).id

        def saved(shortlist_id: str | None) -> None:
            if shortlist_id:
                self.reload(select=shortlist_id)
                self.open_shortlist(shortlist_id)

        self.app.push_screen(LineModal("New shortlist", "What the mentor is for, e.g. Leadership mentor", save,
                                       button="Start", id="shortlist-new"), saved)

    def _highlighted(self) -> Shortlist | None:
        """The highlighted shortlist as stored now (None, said, if it went meanwhile)."""
        if (shortlist_id := self.current_id) is None:
            return None
        try:
            return self.journal.shortlists.get(shortlist_id)
        except JournalError as problem:
            self.notify(str(problem), severity="warning", markup=False)
            return None

    def action_rename(self) -> None:
        if (sl := self._highlighted()) is None:
            return

        def renamed(line: str | None) -> None:
            if line:
                self.notify(line, markup=False)

        self.app.push_screen(rename_form(self.journal, sl), renamed)

    def action_delete(self) -> None:
        """Ask, then delete the highlighted shortlist (a decided one says what it is the record of)."""
        if (sl := self._highlighted()) is None:
            return
        question = Text(f"Delete the shortlist “{safe(sl.title)}” with "
                        f"{plural(len(sl.candidates), 'candidate')} and their notes, for good?", style="bold")
        if sl.decided:
            chosen = sl.chosen_candidate
            question.append(f"\n\n{safe(chosen.name) if chosen else 'A mentor'} was chosen from it: it is that "
                            "mentorship's record of why. The mentorship itself stays.")

        def answer(choice: str | None) -> None:
            if choice != "delete":
                return
            try:
                self.journal.shortlists.delete(sl.id, chosen_too=True)
            except JournalError as problem:
                self.notify(str(problem), severity="warning", markup=False)
                return
            self.notify(f"Deleted the shortlist “{safe(sl.title)}”.", markup=False)
            self.app.post_message(JournalChanged())

        self.app.push_screen(ChoiceModal(question, [("delete", "Delete"), ("keep", "Keep")],
                                         id="shortlist-delete-confirm"), answer)
