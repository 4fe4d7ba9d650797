"""GoalScreen: one goal in full (SMART statement, checklist, milestones, history, entries)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from journal.tui.screens.base import JournalScreen
from journal.domain.errors import JournalError
from journal.domain.model import Goal
from journal.services import Journal
from journal.tui.messages import ClosureRequested, EntryOpenRequested, JournalChanged
from journal.tui.screens.modals import MilestoneModal, StatusModal
from journal.tui.widgets.goal_view import goal_statement, history_row, milestone_row, smart_checklist
from journal.tui.widgets.rows import entry_row, safe

RECENT = 20
"""Linked entries shown on the goal screen (the timeline shows them all)."""


class GoalScreen(JournalScreen[None]):
    """Shows goal `goal_id`; milestones and status change here, the form edits the statement."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="goal.back"),
        Binding("e", "edit", "Edit", id="goal.edit"),
        Binding("a", "add_milestone", "Milestone", id="goal.milestone"),
        Binding("x", "milestone_done", "Done", id="goal.milestone-done"),
        Binding("s", "status", "Status", id="goal.status"),
        Binding("t", "timeline", "Timeline", id="goal.timeline"),
        Binding("c", "close_goal", "Close…", id="goal.close"),
    ]

    def __init__(self, journal: Journal, goal_id: str) -> None:
        super().__init__()
        self.journal = journal
        self.goal_id = goal_id
        self.goal: Goal | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="goal-main"):
            with VerticalScroll(id="goal-left"):
                yield Static(id="goal-statement")
                yield Static(id="goal-checklist")
                yield Static(id="goal-history")
            with Vertical(id="goal-right"):
                yield Static(Text("Milestones  (a add · x done)", style="bold"), classes="goal-section")
                yield OptionList(id="goal-milestones")
                yield Static(Text(f"Recent entries (last {RECENT}, enter opens)", style="bold"),
                             classes="goal-section")
                yield OptionList(id="goal-entries")
        yield Footer()

    def on_mount(self) -> None:
        if not self.is_open():
            return
        self.title = "Goal"
        self.query_one("#goal-left").can_focus = False
        self.reload()
        entries = self.query_one("#goal-entries", OptionList)
        (entries if entries.option_count else self.query_one("#goal-milestones", OptionList)).focus()

    @on(JournalChanged)
    def reload(self) -> None:
        """Read the goal again (after a change here, in the form, or by another process)."""
        journal = self.journal
        try:
            goal = journal.goals.get(self.goal_id)
        except JournalError:
            self.query_one("#goal-statement", Static).update(Text("This goal no longer exists.", style="dim"))
            return
        self.goal = goal
        today = journal.today()
        mentor = None
        if goal.mentorship:
            try:
                mentor = journal.mentorships.get(goal.mentorship).mentor
            except JournalError:
                mentor = None
        self.sub_title = safe(goal.title)
        self.query_one("#goal-statement", Static).update(goal_statement(goal, mentor, today))
        checklist = smart_checklist(goal, today, journal.reflection.smart_questions())
        self.query_one("#goal-checklist", Static).update(checklist)
        history = Text()
        history.append("History\n", style="bold")
        for item in goal.history:
            history.append_text(history_row(item, journal.clock.tzinfo))
            history.append("\n")
        self.query_one("#goal-history", Static).update(history)

        milestones = self.query_one("#goal-milestones", OptionList)
        keep = milestones.highlighted
        milestones.clear_options()
        milestones.add_options([Option(milestone_row(m, today), id=m.id) for m in goal.milestones])
        if not goal.milestones:
            milestones.add_option(Option(Text("No milestones yet: press a to add one.", style="dim"), disabled=True))
        elif keep is not None:
            milestones.highlighted = min(keep, milestones.option_count - 1)

        entries = self.query_one("#goal-entries", OptionList)
        found = journal.entries.list(journal.entries.filter(goals=(goal.id,)), limit=RECENT)
        entries.clear_options()
        entries.add_options([Option(self._entry_line(e), id=e.id) for e in found])
        if not found:
            entries.add_option(Option(Text("No entries linked to this goal yet.", style="dim"), disabled=True))

    @staticmethod
    def _entry_line(entry) -> Text:
        line = Text(entry.day.isoformat() + " ", style="dim", no_wrap=True, overflow="ellipsis")
        line.append_text(entry_row(entry))
        return line

    # ----------------------------------------------------------- actions
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "goal-entries" and event.option.id:
            self.post_message(EntryOpenRequested(event.option.id))

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
            self.notify("This goal is already closed; `journal retro` re-reads its journey.")

    def action_add_milestone(self) -> None:
        def done(answer: tuple[str, str] | None) -> None:
            if not answer:
                return
            title, due = answer
            try:
                self.journal.goals.add_milestone(self.goal_id, title, due or None)
            except JournalError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self.reload()
            milestones = self.query_one("#goal-milestones", OptionList)
            milestones.highlighted = milestones.option_count - 1

        self.app.push_screen(MilestoneModal(self.journal), done)

    def action_milestone_done(self) -> None:
        milestones = self.query_one("#goal-milestones", OptionList)
        if milestones.highlighted is None or self.goal is None:
            return
        milestone_id = milestones.get_option_at_index(milestones.highlighted).id
        milestone = next((m for m in self.goal.milestones if m.id == milestone_id), None)
        if milestone is None:
            return
        if milestone.done_on is not None:
            self.notify("That milestone is already done.", markup=False)
            return
        try:
            self.journal.goals.milestone_done(self.goal_id, milestone.id)
        except JournalError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.notify(f"Milestone done: {safe(milestone.title)}", markup=False)
        self.reload()

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
            self.reload()

        self.app.push_screen(StatusModal(self.goal.status), done)
