"""GoalScreen: one goal in full (SMART statement, audits, checklist, milestones, history, entries)."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from journal.tui.screens.base import JournalScreen
from journal.domain.errors import JournalError
from journal.domain.model import Draft, Goal, Milestone
from journal.domain.text import plural
from journal.services import Journal
from journal.tui.messages import ClosureRequested, ComposeRequested, EntryOpenRequested, JournalChanged
from journal.tui.screens.modals import ChoiceModal, DoneOnModal, MilestoneModal, StatusModal
from journal.tui.widgets.goal_view import fields_grid, goal_statement, history_row, milestone_row, smart_checklist
from journal.tui.widgets.keep_place import place_of, restore
from journal.tui.widgets.day_echo import day_with_distance
from journal.tui.widgets.rows import entry_lines, safe
from journal.tui.widgets.footer import KeysFooter
from journal.tui.widgets.listing import Listing

RECENT = 20
"""Linked entries shown on the goal screen (the timeline shows them all)."""


class GoalScreen(JournalScreen[None]):
    """Shows goal `goal_id`; milestones and status change here, the form edits the statement."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="goal.back"),
        Binding("n", "write", "Write", id="goal.write"),
        Binding("e", "edit", "Edit", id="goal.edit"),
        Binding("a", "add_milestone", "Milestone", id="goal.milestone"),
        Binding("x", "milestone_done", "Done", id="goal.milestone-done"),
        Binding("s", "status", "Status", id="goal.status"),
        Binding("t", "timeline", "Timeline", id="goal.timeline"),
        Binding("r", "audit", "Audit", tooltip="Audit the goal: the goal-audit questions", id="goal.audit"),
        Binding("c", "close_goal", "Close…", id="goal.close"),
        Binding("c", "retrospective", "Retrospective", tooltip="Review it, leave entries out, export it",
                id="goal.retrospective"),  # the same key once the goal is closed
    ]

    def __init__(self, journal: Journal, goal_id: str, milestone: str | None = None) -> None:
        super().__init__()
        self.journal = journal
        self.goal_id = goal_id
        self.goal: Goal | None = None
        self.milestone = milestone
        """A milestone to start on (highlighted and focused: x marks it done), from the due list."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="goal-main"):
            with VerticalScroll(id="goal-left"):
                yield Static(id="goal-statement")
                yield Static(id="goal-fields")
                yield Static(id="goal-audits")
                yield Static(id="goal-checklist")
                yield Static(id="goal-history")
            with Vertical(id="goal-right"):
                yield Static(Text("Milestones: a add, x done, ⏎ edit", style="bold"),  # whole at 80 columns
                             classes="goal-section")
                yield Listing(id="goal-milestones")
                yield Static(Text(f"Recent entries (last {RECENT}, enter opens)", style="bold"),
                             classes="goal-section")
                yield Listing(id="goal-entries")
        yield KeysFooter()

    def on_mount(self) -> None:
        if not self.is_open():
            return
        self.title = "Goal"
        self.query_one("#goal-left").can_focus = False
        self.reload()
        entries = self.query_one("#goal-entries", OptionList)
        milestones = self.query_one("#goal-milestones", OptionList)
        if self.milestone is not None and self.milestone in (option.id for option in milestones.options):
            milestones.highlighted = milestones.get_option_index(self.milestone)
            milestones.focus()
        else:  # (an empty list holds one disabled line that says so)
            (entries if any(not option.disabled for option in entries.options) else milestones).focus()

    @on(JournalChanged)
    def reload(self) -> None:
        """Read the goal again (after a change here, in the form, or by another process).

        Both lists keep their highlighted row (by id; its neighbour if it is gone) and their
        scroll offset. A goal removed meanwhile leaves a plain note, nothing to act on."""
        journal = self.journal
        try:
            goal = journal.goals.get(self.goal_id)
        except JournalError:
            self._gone()
            return
        self.goal = goal
        self.refresh_bindings()  # closed meanwhile: no "Close…" in the footer
        today = journal.today()
        mentors = {m.id: m.mentor for m in journal.mentorships.list()}
        mentor = mentors.get(goal.mentorship) if goal.mentorship else None
        self.sub_title = safe(goal.title)
        gap = journal.preparing.gap_of(goal.id)
        self.query_one("#goal-statement", Static).update(goal_statement(goal, mentor, gap))
        self.query_one("#goal-fields", Static).update(fields_grid(goal, today))
        self.query_one("#goal-audits", Static).update(self._audits_line(goal, today))
        checklist = smart_checklist(goal, today, journal.reflection.smart_questions())
        self.query_one("#goal-checklist", Static).update(checklist)
        history = Text()
        history.append("History\n", style="bold")
        for item in goal.history:
            history.append_text(history_row(item, journal.clock.tzinfo, mentors))
            history.append("\n")
        self.query_one("#goal-history", Static).update(history)

        milestones = self.query_one("#goal-milestones", OptionList)
        place = place_of(milestones)
        milestones.clear_options()
        zone = journal.clock.tzinfo
        milestones.add_options([Option(milestone_row(m, today, goal, zone), id=m.id) for m in goal.milestones])
        if not goal.milestones:
            milestones.add_option(Option(Text("None yet: press a to add one.", style="dim"), disabled=True))
        restore(milestones, place, default=None)

        entries = self.query_one("#goal-entries", OptionList)
        place = place_of(entries)
        found = journal.entries.list(journal.entries.filter(goals=(goal.id,)), limit=RECENT)
        entries.clear_options()
        entries.add_options([Option(entry_lines(e), id=e.id) for e in found])
        if not found:
            entries.add_option(Option(Text("No entries linked to this goal yet.", style="dim"), disabled=True))
        restore(entries, place, default=None)

    def _gone(self) -> None:
        """The goal was removed elsewhere: say so, and leave nothing of it to act on."""
        self.goal = None
        self.sub_title = ""
        self.query_one("#goal-statement", Static).update(
            Text("This goal no longer exists (it was removed elsewhere). Press escape to go back.", style="bold"))
        for name in ("#goal-fields", "#goal-audits", "#goal-checklist", "#goal-history"):
            self.query_one(name, Static).update("")
        for name in ("#goal-milestones", "#goal-entries"):
            self.query_one(name, OptionList).clear_options()

    def _audits_line(self, goal: Goal, today: date) -> Text:
        """How often the goal was audited and when last (its audits are on its timeline)."""
        count, last = self.journal.reflection.audits(goal.id)
        line = Text("Audits  ", style="bold")
        if not count or last is None:
            line.append("none yet: r walks the goal-audit questions", style="dim")
            return line
        line.append(f"{plural(count, 'audit')}, the last {day_with_distance(last, today)}")
        line.append("  r audits it again", style="dim")
        return line

    # ----------------------------------------------------------- actions
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "goal-entries" and event.option.id:
            self.post_message(EntryOpenRequested(event.option.id))
        elif event.option_list.id == "goal-milestones" and event.option.id and self.goal is not None:
            milestone = next((m for m in self.goal.milestones if m.id == event.option.id), None)
            if milestone is not None:  # its title and due day corrected (S539)
                self.app.push_screen(MilestoneModal(self.journal, self.goal_id, milestone))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A closed goal is not closed again (the footer offers its retrospective instead)."""
        closed = self.goal is not None and self.goal.status.closed
        if action == "close_goal" and closed:
            return False
        if action == "retrospective" and not closed:
            return False
        return True

    def action_write(self) -> None:
        """A new entry about this goal (linked to it, and to its mentorship by default)."""
        if self.goal is not None:
            self.post_message(ComposeRequested(Draft(body="", goals=(self.goal.id,))))

    def action_audit(self) -> None:
        """Compose a goal audit: the goal-audit questions, kind goal-audit, linked to this goal."""
        if self.goal is None:
            return
        try:
            draft = self.journal.reflection.audit_draft(self.goal.id)
        except JournalError as error:  # no goal-audit prompts (a broken prompt folder), or the goal gone
            self.notify(str(error), severity="warning", markup=False)
            return
        self.post_message(ComposeRequested(draft, template=True))

    def action_edit(self) -> None:
        from journal.tui.screens.goal_form import GoalFormScreen

        if self.goal is not None:
            self.app.push_screen(GoalFormScreen(self.journal, self.goal), lambda _: self.reload())

    def action_timeline(self) -> None:
        from journal.tui.screens.timeline import TimelineScreen

        self.app.push_screen(TimelineScreen(self.journal, goal=self.goal_id))

    def action_close_goal(self) -> None:
        """The closure conversation for this goal, then its retrospective."""
        if self.goal is not None and not self.goal.status.closed:
            self.post_message(ClosureRequested(goal=self.goal_id))
        else:
            self.action_retrospective()

    def action_retrospective(self) -> None:
        """The retrospective of this goal, to review and export (escape comes back here)."""
        from journal.tui.screens.retrospective import RetroScreen

        if self.goal is not None:
            self.app.push_screen(RetroScreen(self.journal, goal=self.goal.id))

    def action_add_milestone(self) -> None:
        """A milestone, saved by its form (a refusal stays there, with what was typed)."""
        def done(added: str | None) -> None:
            if not added:
                return
            self.reload()
            milestones = self.query_one("#goal-milestones", OptionList)
            milestones.highlighted = milestones.get_option_index(added)  # listed by due date
            milestones.focus()  # j/k move from it, and x marks the one highlighted (S458)

        self.app.push_screen(MilestoneModal(self.journal, self.goal_id), done)

    def action_milestone_done(self) -> None:
        """The highlighted milestone done; none highlighted (the list not visited yet): the first
        open one, highlighted in the list, which the form then names (S242)."""
        milestones = self.query_one("#goal-milestones", OptionList)
        if self.goal is None:
            return
        if milestones.highlighted is None:
            first = next((m for m in self.goal.milestones if m.done_on is None), None)
            if first is None:
                self.notify("No open milestone: a adds one.", markup=False)
                return
            milestones.highlighted = milestones.get_option_index(first.id)
        milestones.focus()  # the highlight x acted on shows, and j/k move it next (S458)
        milestone_id = milestones.get_option_at_index(milestones.highlighted).id
        milestone = next((m for m in self.goal.milestones if m.id == milestone_id), None)
        if milestone is None:
            return
        if milestone.done_on is not None:  # marked by mistake: it can be taken back, asked first (S539)
            self._ask_not_reached(milestone)
            return

        def done(day: str | None) -> None:  # saved by the modal, on the day asked (today unless said)
            if day:
                shown = date.fromisoformat(day).strftime("%a %d %b %Y")
                self.notify(f"Milestone done: {safe(milestone.title)} ({shown})", markup=False)
                self.app.post_message(JournalChanged())  # this screen, and the goals list below it

        self.app.push_screen(DoneOnModal(self.journal, self.goal_id, milestone.id, milestone.title), done)

    def _ask_not_reached(self, milestone: Milestone) -> None:
        assert milestone.done_on is not None
        reached = milestone.done_on.strftime("%a %d %b %Y")
        question = Text(f"'{safe(milestone.title)}' was reached on {reached}. Mark it not reached?")

        def answer(choice: str | None) -> None:
            if choice != "reopen":
                return
            try:
                self.journal.goals.edit_milestone(self.goal_id, milestone.id, reopen=True)
            except JournalError as error:  # removed meanwhile, elsewhere: said, nothing else
                self.notify(str(error), title="Not saved", severity="error", markup=False)
            else:
                self.notify(f"Milestone not reached: {safe(milestone.title)}", markup=False)
            self.app.post_message(JournalChanged())

        self.app.push_screen(ChoiceModal(question, [("reopen", "Not reached"), ("cancel", "Keep it")],
                                         id="milestone-not-reached"), answer)

    def action_status(self) -> None:
        if self.goal is None:
            return

        def done(status: str | None) -> None:
            if not status:
                return
            try:
                self.journal.goals.set_status(self.goal_id, status)
            except JournalError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self.notify(f"Goal is now {status}.", markup=False)
            self.app.post_message(JournalChanged())  # this screen, and the goals list below it

        self.app.push_screen(StatusModal(self.goal.status), done)
