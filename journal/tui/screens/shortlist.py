"""ShortlistScreen: one shortlist's matrix. Candidates are rows in rank order, criteria are
columns (must-haves marked "must", wants with their weight); a cell is the score, a
must-have reads "✓ yes", "✗ no" or "? not scored" in characters (never colour alone); then
the weighted score and where the candidate stands on the must-haves.

Choosing (o) asks the mentorship's focus, start and check-in rhythm, starts it with the
highlighted candidate and opens it; a candidate who misses a must-have (or is not scored on
one) is asked about first. e edits a criterion, r renames the shortlist. A decided shortlist
keeps its matrix as it was (c, e, a, s, d are not offered); notes can still be added (n),
it can be renamed, and o opens the mentorship that was started.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from journal.domain.errors import JournalError
from journal.domain.practice import NO_MUSTS, Candidate, Criterion, Ranked, Shortlist, rank
from journal.domain.text import plural
from journal.services import Journal
from journal.tui.messages import JournalChanged
from journal.tui.screens.base import JournalScreen
from journal.tui.screens.modals import ChoiceModal, PickModal
from journal.tui.screens.shortlist_forms import (
    ChooseModal,
    CriterionModal,
    LineModal,
    NoteModal,
    NotesModal,
    ScoreModal,
    rename_form,
)
from journal.tui.widgets.rows import safe
from journal.tui.widgets.footer import KeysFooter

GOOD, BAD, UNKNOWN = "#87d787", "bold #ff8787", "#ffaf5f"
HEADER_NAME = 16
"""A criterion's name in its column heading is cut to this many characters (the whole name is
in the score form and in `journal shortlist show`)."""


NAME_WIDTH = 24
"""A candidate's name in the matrix is cut to this many characters: the place and the name stay
on screen as the other columns scroll, and a longer name left no room for them at 80 columns
(S515; the whole name is in the line under the matrix)."""


def cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def heading(c: Criterion) -> Text:
    """Two lines: the criterion's name (cut), then "must" or the want's weight."""
    text = Text(cut(safe(c.name), HEADER_NAME), style="bold")
    text.append("\nmust" if c.must else f"\nwant ×{c.weight}", style=UNKNOWN if c.must else "dim")
    return text


def score_cell(candidate: Candidate, c: Criterion) -> Text:
    """The score of one candidate on one criterion, in characters first."""
    value = candidate.scores.get(c.id)
    if c.must:
        if value is None:
            return Text("? not scored", style=UNKNOWN)
        return Text("✓ yes", style=GOOD) if value else Text("✗ no", style=BAD)
    return Text("–", style="dim") if value is None else Text(f"{value}/5")


def standing_cell(r: Ranked) -> Text:
    """Where the candidate stands on the must-haves, short (the detail line names them)."""
    if r.unmet:
        return Text(f"✗ misses {len(r.unmet)}", style=BAD)
    if r.pending:
        return Text(f"? {len(r.pending)} not scored", style=UNKNOWN)
    return Text("✓ all met", style=GOOD) if r.musts else Text("— none set", style="dim")


def standing_words(r: Ranked) -> Text:
    """The same in full, the must-haves named."""
    if r.unmet:
        return Text("✗ misses the must-have " + ", ".join(f"“{safe(c.name)}”" for c in r.unmet), style=BAD)
    if r.pending:
        return Text("? not scored yet on the must-have " + ", ".join(f"“{safe(c.name)}”" for c in r.pending),
                    style=UNKNOWN)
    return Text("✓ meets every must-have", style=GOOD) if r.musts else Text(NO_MUSTS, style="dim")


class ShortlistScreen(JournalScreen[None]):
    """The matrix of one shortlist, and what can be done with it."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="shortlist.back"),
        Binding("c", "add_criterion", "Criterion", tooltip="Add a must-have or a weighted want",
                id="shortlist.criterion"),
        Binding("e", "edit_criterion", "Edit…",
                tooltip="Rename the candidate; rename a criterion, change its kind or weight",
                id="shortlist.edit-criterion"),
        Binding("a", "add_candidate", "Candidate", tooltip="Add a candidate mentor", id="shortlist.candidate"),
        Binding("s", "score", "Score", tooltip="Score the highlighted candidate", id="shortlist.score"),
        Binding("n", "note", "Note", tooltip="Notes of a conversation with the highlighted candidate",
                id="shortlist.note"),
        Binding("enter", "read_notes", "Notes", tooltip="Read the highlighted candidate's notes",
                id="shortlist.notes"),
        Binding("o", "choose", "Choose…", tooltip="Choose the highlighted candidate: a mentorship starts",
                id="shortlist.choose"),
        Binding("o", "open_mentorship", "Mentorship", tooltip="Open the mentorship chosen from this shortlist",
                id="shortlist.mentorship"),
        Binding("d", "remove", "Remove…", tooltip="Remove the candidate or a criterion", id="shortlist.remove"),
        Binding("r", "rename", "Rename", tooltip="Give the shortlist a new title", id="shortlist.rename"),
    ]

    MATRIX = frozenset({"add_criterion", "edit_criterion", "add_candidate", "score", "remove"})
    """What a decided shortlist no longer offers: its matrix stays as it was at the choice."""
    CANDIDATE = frozenset({"score", "note", "read_notes", "choose", "remove"})
    """What needs a highlighted candidate."""

    def __init__(self, journal: Journal, shortlist_id: str) -> None:
        super().__init__()
        self.journal = journal
        self.shortlist_id = shortlist_id
        self.shortlist: Shortlist | None = None
        self.ranking: list[Ranked] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="shortlist-head")
        yield Static(Text("must: ✓ yes / ✗ no / ? not scored · want ×N: its weight, scored 0–5 · "
                          "score: the wants, weighted, as a share of the best", style="dim"), id="shortlist-legend")
        yield DataTable(id="shortlist-table", cursor_type="row", zebra_stripes=True, header_height=2,
                        fixed_columns=2)
        yield Static(id="shortlist-detail")
        yield KeysFooter()

    def on_mount(self) -> None:
        if not self.is_open():
            return
        self.title = "Shortlist"
        self.reload()
        self.query_one(DataTable).focus()

    @on(JournalChanged)
    def _journal_changed(self, message: JournalChanged) -> None:
        self.reload(select=message.select)

    # ----------------------------------------------------------- showing it
    def reload(self, select: str | None = None) -> None:
        """Read the shortlist again and rank it; the cursor stays on its candidate (by id, even
        when the ranking moved them), or goes to `select`."""
        table = self.query_one(DataTable)
        keep = select or self.current_id
        try:
            sl = self.journal.shortlists.get(self.shortlist_id)
        except JournalError:
            self.shortlist, self.ranking = None, []
            table.clear(columns=True)
            self.query_one("#shortlist-head", Static).update(Text("This shortlist no longer exists.", style="dim"))
            self.query_one("#shortlist-detail", Static).update("")
            self.refresh_bindings()
            return
        self.shortlist, self.ranking = sl, rank(sl)
        self.sub_title = safe(sl.title)
        scroll_x, scroll_y = table.scroll_x, table.scroll_y
        table.clear(columns=True)
        table.add_column(Text("Place", style="bold"), key="place")
        table.add_column(Text("Candidate", style="bold"), key="candidate")
        table.add_column(Text("Score", style="bold"), key="score")
        table.add_column(Text("Must-haves", style="bold"), key="standing")
        for c in sl.criteria:
            table.add_column(heading(c), key=c.id)
        for r in self.ranking:
            marks = Text()
            if r.candidate.id == sl.chosen:
                marks.append(" ★ chosen", style=GOOD)
            if r.candidate.conversations:
                marks.append(f" ✎{len(r.candidate.conversations)}", style="dim")
            # the marks count in the width: "★ chosen" after a cut name widened the column again
            name = Text(cut(safe(r.candidate.name), max(NAME_WIDTH - marks.cell_len, 8))).append_text(marks)
            place = Text(r.place_words, style="bold" if r.qualifies else "dim")
            score = Text(r.score_words, style="bold" if r.qualifies else "")
            table.add_row(place, name, score, standing_cell(r), *(score_cell(r.candidate, c) for c in sl.criteria),
                          key=r.candidate.id)
        self._head(sl)
        if keep is not None and keep in table.rows:
            table.move_cursor(row=table.get_row_index(keep), scroll=False)
        if table.row_count:
            table.scroll_to(x=scroll_x, y=scroll_y, animate=False, force=True)
            table.call_after_refresh(table.move_cursor, row=table.cursor_row)  # in view, if it is not
        self._detail()
        self.refresh_bindings()

    def _head(self, sl: Shortlist) -> None:
        head = Text()
        head.append(safe(sl.title), style="bold")
        musts = sum(1 for c in sl.criteria if c.must)
        head.append(f"  {plural(len(sl.candidates), 'candidate')}, {plural(musts, 'must-have')}, "
                    f"{plural(len(sl.criteria) - musts, 'want')}", style="dim")
        if sl.decided:
            chosen = sl.chosen_candidate
            head.append(f"\n★ decided: {safe(chosen.name) if chosen else 'a mentor'} was chosen. ", style=GOOD)
            head.append("The matrix stays as it was; n adds notes, o opens the mentorship.", style="dim")
        elif not sl.criteria and not sl.candidates:
            head.append("\nStart with what a mentor must have and what you want (c), then the candidates (a).",
                        style="dim")
        elif not sl.criteria:
            head.append("\nNo criteria yet: c adds a must-have or a weighted want.", style="dim")
        elif not sl.candidates:
            head.append("\nNo candidates yet: a adds one.", style="dim")
        self.query_one("#shortlist-head", Static).update(head)

    def _detail(self) -> None:
        """The highlighted candidate: place, score, standing, notes."""
        r = self.current
        detail = Text()
        if r is not None:
            detail.append(safe(r.candidate.name), style="bold")
            detail.append(f"  {r.summary}" + (" of the wants" if r.has_score else ""))
            detail.append("\n")
            detail.append_text(standing_words(r))
            notes = r.candidate.conversations
            if notes:
                detail.append(f"\n{plural(len(notes), 'conversation')} (the last {notes[-1].day.strftime('%a %d %b')})"
                              ": enter reads them", style="dim")
            else:
                detail.append("\nNo notes yet: n notes a conversation.", style="dim")
        self.query_one("#shortlist-detail", Static).update(detail)

    @property
    def current_id(self) -> str | None:
        table = self.part(DataTable)
        if table is None or not table.row_count:
            return None
        try:
            return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:  # no cursor row (an empty table being rebuilt)
            return None

    @property
    def current(self) -> Ranked | None:
        chosen = self.current_id
        return next((r for r in self.ranking if r.candidate.id == chosen), None)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail()
        self.refresh_bindings()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_read_notes()

    def on_key(self, event: events.Key) -> None:
        """A key of the matrix on a decided shortlist (off, so it came here): said, not silent (S562)."""
        sl = self.shortlist
        if sl is None or not sl.decided:
            return
        if any(b.action in self.MATRIX and event.key in b.key.split(",") for b in self.BINDINGS
               if isinstance(b, Binding)):
            event.stop()
            self.notify("This shortlist is decided: its criteria, candidates and scores stay as they were at the "
                        "choice. n still notes a conversation, r renames it.", markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only what applies: nothing but back when the shortlist is gone; a decided one keeps
        its matrix; the candidate's actions need a highlighted candidate."""
        if action not in self.MATRIX | self.CANDIDATE | {"open_mentorship", "rename"}:
            return True
        sl = self.shortlist
        if sl is None or not self.is_mounted:
            return False
        if action == "rename":
            return True
        if action == "open_mentorship":
            return sl.decided
        if action == "choose" and sl.decided:
            return False
        if action in self.MATRIX and sl.decided:
            return False
        if action == "remove":
            return bool(sl.candidates or sl.criteria)
        if action == "edit_criterion":  # a criterion, or the highlighted candidate's name (S540)
            return bool(sl.criteria) or self.current is not None
        if action in self.CANDIDATE and action != "remove":
            return self.current is not None
        return True

    def commands(self) -> Iterator[SystemCommand]:
        """The palette's entries on this screen (what applies now)."""
        for action, title, help in (
            ("add_criterion", "Add a criterion", "A must-have or a weighted want (c)"),
            ("edit_criterion", "Edit a criterion", "Its name, must-have or want, weight (e)"),
            ("add_candidate", "Add a candidate", "A possible mentor (a)"),
            ("score", "Score the candidate", "Every criterion for the highlighted candidate (s)"),
            ("note", "Note a conversation", "Notes of a talk with the highlighted candidate (n)"),
            ("choose", "Choose this candidate…", "A mentorship with them starts (o)"),
            ("open_mentorship", "Open the chosen mentorship", "The mentorship this shortlist started (o)"),
            ("remove", "Remove…", "The highlighted candidate or a criterion (d)"),
            ("rename", "Rename the shortlist", "A new title (r)"),
        ):
            if self.check_action(action, ()):
                yield SystemCommand(title, help, getattr(self, f"action_{action}"))

    # ----------------------------------------------------------- changing it
    def action_add_criterion(self) -> None:
        if self.shortlist is not None:
            self.app.push_screen(CriterionModal(self.journal, self.shortlist), self._said)

    def action_edit_criterion(self) -> None:
        """What to edit (asked when there is more than one thing: the highlighted candidate's name
        first, S540, then each criterion), then its form."""
        sl = self.shortlist
        if sl is None:
            return
        r = self.current
        items = [("candidate", Text.assemble(("Candidate ", "dim"), safe(r.candidate.name), (" (rename)", "dim")))
                 ] if r is not None else []
        items += [(c.id, Text.assemble(("Criterion ", "dim"), safe(c.name), (f" ({c.kind})", "dim")))
                  for c in sl.criteria]

        def edit(choice: str | None) -> None:
            if choice == "candidate" and r is not None:
                self.app.push_screen(self._rename_candidate(sl.id, r.candidate.id, r.candidate.name), self._said)
                return
            criterion = next((c for c in sl.criteria if c.id == choice), None)
            if criterion is not None:
                self.app.push_screen(CriterionModal(self.journal, sl, criterion), self._said)

        if len(items) == 1:
            edit(items[0][0])
        elif items:
            self.app.push_screen(PickModal("Edit what?", items, id="shortlist-edit-pick"), edit)

    def _rename_candidate(self, shortlist_id: str, candidate_id: str, name: str) -> LineModal:
        def save(new: str) -> str:
            candidate, before = self.journal.shortlists.rename_candidate(shortlist_id, candidate_id, new)
            return f"Renamed the candidate {safe(before)} to {safe(candidate.name)}."

        return LineModal("Rename the candidate", "A possible mentor's name, e.g. Grace Hopper", save,
                         value=name, button="Rename", id="shortlist-candidate-rename")

    def action_rename(self) -> None:
        if self.shortlist is not None:
            self.app.push_screen(rename_form(self.journal, self.shortlist), self._said)

    def _said(self, line: str | None) -> None:
        """A form's closing line, if it saved."""
        if line:
            self.notify(line, markup=False)

    def action_add_candidate(self) -> None:
        if self.shortlist is None:
            return
        shortlist_id = self.shortlist.id

        def save(name: str) -> str:
            return self.journal.shortlists.add_candidate(shortlist_id, name).id

        def added(candidate_id: str | None) -> None:
            if candidate_id:
                self.reload(select=candidate_id)

        self.app.push_screen(LineModal("New candidate", "A possible mentor's name, e.g. Grace Hopper", save,
                                       button="Add", id="shortlist-candidate-new"), added)

    def action_score(self) -> None:
        r = self.current
        if self.shortlist is None or r is None:
            return
        self.app.push_screen(ScoreModal(self.journal, self.shortlist, r.candidate))

    def action_note(self) -> None:
        r = self.current
        if self.shortlist is None or r is None:
            return

        def noted(day: str | None) -> None:
            if day:
                self.notify(f"Noted the conversation with {safe(r.candidate.name)} ({day}).", markup=False)

        self.app.push_screen(NoteModal(self.journal, self.shortlist.id, r.candidate), noted)

    def action_read_notes(self) -> None:
        if (r := self.current) is not None:
            self.app.push_screen(NotesModal(r.candidate))

    def action_remove(self) -> None:
        """Pick what to remove (the highlighted candidate first, then each criterion), then ask."""
        sl = self.shortlist
        if sl is None:
            return
        r = self.current
        items = []
        if r is not None:
            items.append(("candidate", Text.assemble(("Candidate ", "dim"), safe(r.candidate.name))))
        items += [(c.id, Text.assemble(("Criterion ", "dim"), safe(c.name), (" (must-have)" if c.must else
                                                                          f" (want ×{c.weight})", "dim")))
                  for c in sl.criteria]
        if not items:
            self.notify("Nothing to remove yet.", markup=False)
            return

        def picked(choice: str | None) -> None:
            if not choice:
                return
            if choice == "candidate" and r is not None:
                notes = len(r.candidate.conversations)
                question = Text(f"Remove {safe(r.candidate.name)} with their scores"
                                + (f" and {plural(notes, 'conversation note')}" if notes else "") + "?", style="bold")
                self._confirm_remove(question, lambda: self.journal.shortlists.remove_candidate(sl.id, r.candidate.id))
                return
            criterion = next((c for c in sl.criteria if c.id == choice), None)
            if criterion is not None:
                question = Text(f"Remove the criterion “{safe(criterion.name)}” and every score against it?",
                                style="bold")
                self._confirm_remove(question, lambda: self.journal.shortlists.remove_criterion(sl.id, criterion.id))

        self.app.push_screen(PickModal("Remove what?", items, id="shortlist-remove-pick"), picked)

    def _confirm_remove(self, question: Text, remove) -> None:
        def answer(choice: str | None) -> None:
            if choice != "remove":
                return
            try:
                gone = remove()
            except JournalError as problem:
                self.notify(str(problem), severity="warning", markup=False)
                return
            self.notify(f"Removed “{safe(gone.name)}”.", markup=False)
            self.app.post_message(JournalChanged())

        self.app.push_screen(ChoiceModal(question, [("remove", "Remove"), ("keep", "Keep")],
                                         id="shortlist-remove-confirm"), answer)

    # ----------------------------------------------------------- choosing
    def action_choose(self) -> None:
        """The choice's form (focus, start, rhythm); a candidate who misses a must-have (or is not
        scored on one) is asked about first. The mentorship started opens."""
        sl, r = self.shortlist, self.current
        if sl is None or r is None or sl.decided:
            return
        if r.qualifies:
            self.app.push_screen(ChooseModal(self.journal, sl, r), self._chosen)
            return
        problem = Text(f"{safe(r.candidate.name)} ", style="bold")
        if r.unmet:
            problem.append("misses the must-have " + ", ".join(f"“{safe(c.name)}”" for c in r.unmet), style=BAD)
        else:
            problem.append("is not scored yet on the must-have " + ", ".join(f"“{safe(c.name)}”" for c in r.pending),
                           style=UNKNOWN)
        problem.append(".\n\nChoose them anyway?")

        def anyway(choice: str | None) -> None:
            if choice == "anyway":
                self.app.push_screen(ChooseModal(self.journal, sl, r, force=True), self._chosen)

        self.app.push_screen(ChoiceModal(problem, [("anyway", "Anyway…"), ("back", "Back")],
                                         id="shortlist-choose-confirm"), anyway)

    def _chosen(self, mentorship_id: str | None) -> None:
        if mentorship_id is None:
            self.reload()
            return
        self.notify(f"Started a mentorship with {safe(self.journal.mentorships.get(mentorship_id).mentor)}.",
                    markup=False)
        self._open(mentorship_id)

    def _open(self, mentorship_id: str) -> None:
        from journal.tui.screens.mentorships import MentorshipScreen

        self.app.push_screen(MentorshipScreen(self.journal, mentorship_id))

    def action_open_mentorship(self) -> None:
        sl = self.shortlist
        if sl is not None and sl.mentorship_id:
            try:
                self.journal.mentorships.get(sl.mentorship_id)
            except JournalError:
                self.notify("The mentorship chosen from this shortlist is gone.", severity="warning", markup=False)
                return
            self._open(sl.mentorship_id)
