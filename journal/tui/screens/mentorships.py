"""MentorshipsScreen (the list) and MentorshipScreen (one mentorship in full)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Header, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from journal.tui.screens.base import JournalScreen
from journal.tui.screens.modals import DayModal
from journal.domain.agreement import cadence_words, first_line, meeting_label, more_lines
from journal.domain.dates import add_days
from journal.domain.errors import BadValue, JournalError
from journal.domain.retrospective import decisions
from journal.domain.model import Draft, Kind, Mentorship, MentorshipStatus
from journal.domain.practice import AGREEMENT_PARTS
from journal.domain.reflection import Due
from journal.domain.text import plural
from journal.services import Journal
from journal.tui.messages import ClosureRequested, ComposeRequested, EntryOpenRequested, JournalChanged
from journal.tui.widgets.area_trends import AreaTrends
from journal.tui.widgets.day_echo import DayEcho
from journal.tui.widgets.keep_place import Place, place_of, restore
from journal.tui.widgets.goal_view import mentorship_row, status_label, time_left
from journal.tui.widgets.profile_view import profile_text
from journal.tui.widgets.rows import block_text, entry_lines, safe, text_markdown
from journal.tui.widgets.footer import KeysFooter
from journal.tui.widgets.text_input import TextInput
from journal.tui.widgets.listing import Listing

RECENT = 20
KIND_MARK = {Kind.MEETING: ("● meeting  ", "bold #ffaf5f"), Kind.CHECK_IN: ("✓ check-in ", "bold #87afaf"),
             Kind.FEEDBACK: ("✎ feedback ", "bold #d7af87"), Kind.CLOSURE: ("◎ closing  ", "bold #d7afff")}
"""A kind's mark before its entries' titles, the titles aligned after it (feedback too: S525)."""


def due_for(journal: Journal) -> dict[str, list[Due]]:
    """Mentorship id → its 'check-in' and 'meeting' items from `Journal.due()`."""
    found: dict[str, list] = {}
    for item in journal.reflection.due():
        if item.kind in ("check-in", "meeting"):
            found.setdefault(item.ref, []).append(item)
    return found


class MentorshipsScreen(JournalScreen[None]):
    """Every mentorship; enter opens it, n starts one, t opens the highlighted one's timeline."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="mentorships.back"),
        Binding("n", "new_mentorship", "New mentorship", id="mentorships.new"),
        Binding("t", "timeline", "Timeline", id="mentorships.timeline"),
        Binding("s", "shortlists", "Shortlists", tooltip="Choose a mentor by criteria", id="mentorships.shortlists"),
    ]

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="mentorships-status")
        yield Listing(id="mentorship-list")
        yield KeysFooter()

    def on_mount(self) -> None:
        if not self.is_open():
            return
        self.title = "Mentorships"
        self.reload()
        self.query_one(OptionList).focus()

    @on(JournalChanged)
    def _journal_changed(self, message: JournalChanged) -> None:
        self.reload(select=message.select)

    def reload(self, select: str | None = None) -> None:
        """Read the mentorships again, keeping the highlighted one (by id) and the scroll position."""
        journal = self.journal
        items = journal.mentorships.list()
        due = due_for(journal)
        options = self.query_one(OptionList)
        place = place_of(options)
        if select in {m.id for m in items}:
            place = Place(select, None, place.scroll_y)
        options.clear_options()
        options.add_options([Option(self._row(m, [d for d in due.get(m.id, ()) if d.days or d.kind == "check-in"]),
                                    id=m.id) for m in items])
        status = Text(f"{plural(len(items), 'mentorship')}  enter open · n new · t timeline" if items else
                      "No mentorships yet: n starts one.", style="dim")
        self.query_one("#mentorships-status", Static).update(status)
        restore(options, place)
        self.refresh_bindings()

    @staticmethod
    def _row(m: Mentorship, due: list[Due]) -> Text:
        row = mentorship_row(m, due)
        if m.status == MentorshipStatus.CLOSED:
            row.stylize("dim")
        return row

    @property
    def current_id(self) -> str | None:
        options = self.part(OptionList)
        if options is None or options.highlighted is None or not options.option_count:
            return None
        return options.get_option_at_index(options.highlighted).id

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "timeline" and self.is_mounted:
            return self.current_id is not None
        return True

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.refresh_bindings()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.open_mentorship(event.option.id)

    def open_mentorship(self, mentorship_id: str) -> None:
        self.app.push_screen(MentorshipScreen(self.journal, mentorship_id))

    def action_new_mentorship(self) -> None:
        """The form; the new mentorship is highlighted here and opens."""
        from journal.tui.screens.mentorship_form import MentorshipFormScreen

        def saved(mentorship_id: str | None) -> None:
            if mentorship_id:
                self.reload(select=mentorship_id)
                self.open_mentorship(mentorship_id)

        self.app.push_screen(MentorshipFormScreen(self.journal), saved)

    def action_timeline(self) -> None:
        from journal.tui.screens.timeline import TimelineScreen

        if (chosen := self.current_id) is not None:
            self.app.push_screen(TimelineScreen(self.journal, mentorship=chosen))

    def action_shortlists(self) -> None:
        from journal.tui.screens.shortlists import ShortlistsScreen

        self.app.push_screen(ShortlistsScreen(self.journal))


class MeetingModal(DayModal):
    """Plan the next meeting of a mentorship: a date, or empty for today + the check-in rhythm."""

    PART = "meeting"
    AHEAD = True  # "friday": the next one, as `plan_meeting` reads it
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="meeting.cancel")]

    def __init__(self, journal: Journal, mentorship: Mentorship) -> None:
        super().__init__(journal)
        self.mentorship = mentorship

    def compose(self) -> ComposeResult:
        m = self.mentorship
        with Vertical(id="meeting-box"):
            yield Static(Text(f"Next meeting with {safe(m.mentor)}", style="bold"))
            yield TextInput(placeholder="When: next tuesday, in 2 weeks, 2026-12-15", id="meeting-day")
            yield DayEcho(self._empty(), id="meeting-echo")
            yield Static(id="meeting-error")
            with Horizontal(classes="modal-buttons"):
                yield Button("Plan", id="meeting-save", variant="primary")
                yield Button("Cancel", id="meeting-cancel")

    def _empty(self) -> str:
        """What an empty date means."""
        m = self.mentorship
        if not m.check_in_every:
            return "no check-in rhythm set: give the date"
        day = add_days(self.journal.today(), m.check_in_every)
        return f"empty: {day.strftime('%a %d %b %Y')}, in {plural(m.check_in_every, 'day')} (the check-in rhythm)"

    def save(self, text: str) -> date | None:
        if not text and not self.mentorship.check_in_every:
            raise BadValue("No check-in rhythm is set: give the date, e.g. next tuesday.")
        try:
            m = self.journal.mentorships.plan_meeting(self.mentorship.id, text or None)
        except JournalError as problem:  # the command line's words for the date: here it is above
            raise BadValue(str(problem).replace("with --next WHEN", "above")) from None
        self.app.post_message(JournalChanged())
        return m.next_meeting_on


def parts_text(m: Mentorship) -> Text:
    """The agreement's parts in short: each agreed part's heading with its first line and how
    many more it has (a second ground rule was not there at all: S469), then the parts not
    agreed yet by name."""
    text = Text()
    agreed = [(heading, m.parts[key]) for key, heading, _ in AGREEMENT_PARTS if m.parts.get(key)]
    for heading, value in agreed:
        text.append(f"{heading}: ", style="bold")
        text.append(safe(first_line(value)))
        if more := more_lines(value):
            text.append(f" (+{more} more)", style="dim")
        text.append("\n")
    missing = [heading for key, heading, _ in AGREEMENT_PARTS if not m.parts.get(key)]
    if not agreed:
        text.append("No parts agreed yet: ground rules, confidentiality, boundaries …", style="dim")
    elif missing:
        text.append("Not agreed yet: " + ", ".join(missing), style="dim")
    if m.agreements.strip():
        text.append("\nOther agreements:", style="bold")
    text.rstrip()
    return text


class MentorshipScreen(JournalScreen[None]):
    """Mentor, focus, cadence, next meeting, check-in due, where it was chosen, goals, the check-in
    trends, the agreement in short, the learning profile to share, recent entries; and what can be
    done with it: edit, plan the next meeting, log a meeting or a check-in, a goal, close."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="mentorship.back"),
        Binding("e", "edit", "Edit", id="mentorship.edit"),
        Binding("p", "plan_meeting", "Plan", tooltip="Plan the next meeting", id="mentorship.plan"),
        Binding("l", "log_meeting", "Meeting", tooltip="Log a meeting", id="mentorship.meeting"),
        Binding("k", "check_in", "Check-in", tooltip="Write a check-in", id="mentorship.check-in"),
        Binding("f", "feedback", "Feedback", tooltip="Write down feedback you received", id="mentorship.feedback"),
        Binding("g", "new_goal", "Goal", tooltip="A new goal of this mentorship", id="mentorship.goal"),
        Binding("a", "agreement", "Agreement", tooltip="Its parts, goals, history", id="mentorship.agreement"),
        Binding("w", "work_plan", "Work plan", tooltip="Milestones in one dated view", id="mentorship.work-plan"),
        Binding("t", "timeline", "Timeline", tooltip="Its entries, meetings, milestones and goals by date",
                id="mentorship.timeline"),
        Binding("c", "close_mentorship", "Close…", id="mentorship.close"),
        Binding("c", "retrospective", "Retrospective", tooltip="Review it, leave entries out, export it",
                id="mentorship.retrospective"),  # the same key once it is closed
    ]

    ACTIVE_ONLY = frozenset({"plan_meeting", "check_in", "new_goal", "close_mentorship"})
    """Actions a closed mentorship does not offer."""

    def __init__(self, journal: Journal, mentorship_id: str) -> None:
        super().__init__()
        self.journal = journal
        self.mentorship_id = mentorship_id
        self.mentorship: Mentorship | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="mentorship-main"):
            with VerticalScroll(id="mentorship-left"):
                yield Static(id="mentorship-head")
                yield Static(id="mentorship-goals")
                yield AreaTrends(id="mentorship-trends")
                yield Static(Text("Agreement", style="bold"), classes="goal-section")
                yield Static(id="mentorship-parts")
                yield Markdown(id="mentorship-agreements", open_links=False, parser_factory=text_markdown)
                yield Static(id="mentorship-profile")
            with Vertical(id="mentorship-right"):
                yield Static(Text.assemble(("Entries", "bold"), ("  enter opens · t timeline", "dim")),
                             classes="goal-section")
                yield Listing(id="mentorship-entries")
        yield KeysFooter()

    def on_mount(self) -> None:
        if not self.is_open():
            return
        self.title = "Mentorship"
        self.reload()
        self.query_one("#mentorship-entries", OptionList).focus()

    @on(JournalChanged)
    def _journal_changed(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the mentorship again (after a change here, in a form, or by another process)."""
        journal = self.journal
        try:
            m = journal.mentorships.get(self.mentorship_id)
        except JournalError:
            self.mentorship = None
            self.query_one("#mentorship-head", Static).update(Text("This mentorship no longer exists.", style="dim"))
            self.refresh_bindings()
            return
        self.mentorship = m
        self.refresh_bindings()
        today = journal.today()
        due = due_for(journal).get(m.id, [])
        self.sub_title = safe(m.mentor)
        head = Text()
        head.append("☍ ", style="#ffaf5f")
        head.append(safe(m.mentor), style="bold")
        if m.status == MentorshipStatus.CLOSED:
            head.append("  closed" + (f" {m.closed_on.isoformat()}" if m.closed_on else ""), style="bold")
            head.append(f"  id {m.short_id}", style="dim")
        else:
            head.append(f"  {m.status.value}  id {m.short_id}", style="dim")
        head.append(f"\n{'Focus:':<14}", style="bold")
        head.append(safe(m.focus) or "—")
        head.append(f"\n{'Since:':<14}", style="bold")
        head.append(m.started_on.strftime("%a %d %b %Y") if m.started_on else "—")
        head.append(f"\n{'Check-ins:':<14}", style="bold")
        head.append(cadence_words(m.check_in_every))  # the agreement's words for it (S243)
        label = meeting_label(m.next_meeting_on, today) if m.next_meeting_on else "Next meeting"
        head.append(f"\n{label + ':':<14}", style="bold")
        if m.next_meeting_on:
            head.append(f"{m.next_meeting_on.strftime('%a %d %b %Y')} ({time_left(m.next_meeting_on, today)})")
        else:
            head.append("—", style="dim")
        for item in due:
            head.append("\n")
            if item.kind == "check-in":
                late = f"{plural(item.days, 'day')} overdue" if item.days else "due today"  # not "0 days" (S386)
                head.append(f"⚠ check-in due ({late})", style="bold #ff8787")
            elif item.days:  # due today: the line above says so ("due today"), never "was due" as well (S278)
                head.append(f"⚠ meeting was due {item.since.isoformat()} ({plural(item.days, 'day')} ago)",
                            style="bold #ff8787")
        if (shortlist := journal.shortlists.of_mentorship(m.id)) is not None:
            head.append(f"\nChosen from {plural(len(shortlist.candidates), 'candidate')} on the shortlist ",
                        style="italic")
            head.append(f"'{safe(shortlist.title)}'", style="italic")
        self.query_one("#mentorship-head", Static).update(head)
        self.query_one("#mentorship-trends", AreaTrends).show(journal.mentorships.trends(m.id))
        self.query_one("#mentorship-parts", Static).update(parts_text(m))
        agreements = block_text(m.agreements or "")  # the free text: what else was agreed
        other = self.query_one("#mentorship-agreements", Markdown)
        other.update(agreements)
        other.display = bool(agreements)
        closed = m.status == MentorshipStatus.CLOSED  # no first meeting to share it at (S496)
        shown = self.query_one("#mentorship-profile", Static)
        shown.display = not closed
        if not closed:
            shown.update(profile_text(journal.preparing.profile(), "Learning profile, to share at the first meeting"))

        goals = Text()
        goals.append("Goals\n", style="bold")
        linked = journal.goals.of_mentorship(m.id)
        for goal in linked:
            goals.append("⚑ ", style="#ffaf5f")
            goals.append(safe(goal.title))
            goals.append("  ")
            goals.append_text(status_label(goal.status))
            goals.append("\n")
        decided = decisions(m) if m.status == MentorshipStatus.CLOSED else {}
        titles = {e.field: e.old for e in m.history if e.kind == "goal" and e.field and e.old}
        for goal_id, decision in decided.items():
            if goal_id not in {g.id for g in linked}:  # it left the mentorship as it closed
                goals.append("⚑ ", style="dim")
                goals.append(safe(titles.get(goal_id) or "a goal"))
                goals.append(f"  at the closing: {safe(decision)}\n", style="dim")
        if not linked and not decided:
            goals.append("No goals linked." if m.status == MentorshipStatus.CLOSED else "No goals linked yet.\n",
                         style="dim")
        goals.rstrip()
        self.query_one("#mentorship-goals", Static).update(goals)

        entries = self.query_one("#mentorship-entries", OptionList)
        found = journal.entries.list(journal.entries.filter(mentorship=m.id), limit=RECENT)
        place = place_of(entries)
        entries.clear_options()
        options = []
        for entry in found:
            options.append(Option(entry_lines(entry, KIND_MARK.get(entry.kind)), id=entry.id))
        entries.add_options(options)
        if not found:
            hint = "l logs a meeting, k a check-in" if m.status == MentorshipStatus.ACTIVE else "l logs a meeting"
            entries.add_option(Option(Text(f"No entries for this mentorship yet ({hint}).", style="dim"),
                                      disabled=True))
        else:
            restore(entries, place)  # on arrival the newest entry: enter opens it

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only what applies is offered: nothing but back for a mentorship that is gone, and a
        closed one is not planned, checked in on, given goals or closed again."""
        if action == "retrospective":
            return self.mentorship is not None and self.mentorship.status != MentorshipStatus.ACTIVE
        if action in ("edit", "timeline", "log_meeting", "agreement", "work_plan") or action in self.ACTIVE_ONLY:
            m = self.mentorship
            if m is None:
                return False
            return action not in self.ACTIVE_ONLY or m.status == MentorshipStatus.ACTIVE
        return True

    def commands(self) -> Iterator[SystemCommand]:
        """The palette's entries on this screen (what applies to this mentorship)."""
        for action, title, help in (
            ("edit", "Edit mentorship", "Mentor, focus, start, check-in rhythm, agreements (e)"),
            ("plan_meeting", "Plan the next meeting", "A date, or today + the check-in rhythm (p)"),
            ("log_meeting", "Log a meeting", "A meeting entry of this mentorship (l)"),
            ("check_in", "Write a check-in", "A check-in entry of this mentorship (k)"),
            ("new_goal", "New goal of this mentorship", "The goal form, linked to it (g)"),
            ("agreement", "Agreement", "Its parts, goals and history; edit or export it to share (a)"),
            ("work_plan", "Work plan", "The goals' milestones and target dates in one dated view (w)"),
            ("timeline", "Mentorship timeline", "This mentorship over time (t)"),
            ("close_mentorship", "Close this mentorship…", "Closure conversation, close, retrospective (c)"),
            ("retrospective", "Retrospective of this mentorship", "Review it, leave entries out, export it (c)"),
        ):
            if self.check_action(action, ()):
                yield SystemCommand(title, help, getattr(self, f"action_{action}"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(EntryOpenRequested(event.option.id))

    def action_timeline(self) -> None:
        from journal.tui.screens.timeline import TimelineScreen

        self.app.push_screen(TimelineScreen(self.journal, mentorship=self.mentorship_id))

    def action_agreement(self) -> None:
        from journal.tui.screens.agreement import AgreementScreen

        self.app.push_screen(AgreementScreen(self.journal, self.mentorship_id))

    def action_work_plan(self) -> None:
        from journal.tui.screens.work_plan import WorkPlanScreen

        self.app.push_screen(WorkPlanScreen(self.journal, self.mentorship_id))

    def action_edit(self) -> None:
        """The mentorship form on this mentorship."""
        from journal.tui.screens.mentorship_form import MentorshipFormScreen

        if self.mentorship is not None:
            self.app.push_screen(MentorshipFormScreen(self.journal, self.mentorship), lambda _: self.reload())

    def action_plan_meeting(self) -> None:
        """Ask the next meeting's date (empty: from the check-in rhythm)."""
        if self.mentorship is None:
            return

        def planned(day: str | None) -> None:
            if day:
                self.notify(f"Next meeting: {day}.", markup=False)
                self.reload()

        self.app.push_screen(MeetingModal(self.journal, self.mentorship), planned)

    def _write(self, kind: Kind, title: str) -> None:
        m = self.mentorship
        if m is None:
            return
        draft = Draft(body="", kind=kind, mentorship=m.id, lens=kind.lens, title=f"{title} {m.mentor}")
        self.post_message(ComposeRequested(draft))

    def action_log_meeting(self) -> None:
        """Compose a meeting entry of this mentorship (looking back at what was said)."""
        self._write(Kind.MEETING, "Meeting with")

    def action_check_in(self) -> None:
        """Compose a check-in entry of this mentorship (where things stand)."""
        self._write(Kind.CHECK_IN, "Check-in with")

    def action_feedback(self) -> None:
        """Compose a feedback entry of this mentorship: from whom (the mentor, unless changed: S462),
        what I asked, what I will try."""
        m = self.mentorship
        if m is not None:
            self.post_message(ComposeRequested(Draft(body="", kind=Kind.FEEDBACK, mentorship=m.id,
                                                     lens=Kind.FEEDBACK.lens, title="Feedback",
                                                     details={"from": m.mentor})))

    def action_new_goal(self) -> None:
        """The goal form with this mentorship chosen."""
        from journal.tui.screens.goal_form import GoalFormScreen

        self.app.push_screen(GoalFormScreen(self.journal, mentorship=self.mentorship_id), lambda _: self.reload())

    def action_close_mentorship(self) -> None:
        """The closure conversation of this mentorship, then its retrospective."""
        if self.mentorship is not None and self.mentorship.status == MentorshipStatus.ACTIVE:
            self.post_message(ClosureRequested(mentorship=self.mentorship_id))

    def action_retrospective(self) -> None:
        """The retrospective of this (closed) mentorship, to review and export (escape comes back here)."""
        from journal.tui.screens.retrospective import RetroScreen

        if self.mentorship is not None:
            self.app.push_screen(RetroScreen(self.journal, mentorship=self.mentorship.id))
