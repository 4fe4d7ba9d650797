"""MentorshipsScreen (the list) and MentorshipScreen (one mentorship in full)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from journal.tui.screens.base import JournalScreen
from journal.domain.errors import JournalError
from journal.domain.model import Kind
from journal.domain.reflection import Due
from journal.domain.text import for_terminal
from journal.services import Journal
from journal.tui.messages import EntryOpenRequested, JournalChanged
from journal.tui.widgets.goal_view import mentorship_row, plural, status_label, time_left
from journal.tui.widgets.rows import entry_row, safe

RECENT = 20
KIND_MARK = {Kind.MEETING: ("● meeting ", "bold #ffaf5f"), Kind.CHECK_IN: ("✓ check-in ", "bold #87afaf")}


def due_for(journal: Journal) -> dict[str, list[Due]]:
    """Mentorship id → its 'check-in' and 'meeting' items from `Journal.due()`."""
    found: dict[str, list] = {}
    for item in journal.reflection.due():
        if item.kind in ("check-in", "meeting"):
            found.setdefault(item.ref, []).append(item)
    return found


class MentorshipsScreen(JournalScreen[None]):
    """Every mentorship; enter opens it, t opens the highlighted one's timeline."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="mentorships.back"),
        Binding("t", "timeline", "Timeline", id="mentorships.timeline"),
    ]

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="mentorships-status")
        yield OptionList(id="mentorship-list")
        yield Footer()

    def on_mount(self) -> None:
        if not self.is_open():
            return
        self.title = "Mentorships"
        self.reload()
        self.query_one(OptionList).focus()

    @on(JournalChanged)
    def reload(self) -> None:
        journal = self.journal
        items = journal.mentorships.list()
        due = due_for(journal)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(mentorship_row(m, any(d.kind == "check-in" for d in due.get(m.id, ()))),
                                    id=m.id) for m in items])
        status = Text(f"{plural(len(items), 'mentorship')}  enter open · t timeline" if items else
                      "No mentorships yet: add one with `journal mentorship add NAME`.", style="dim")
        self.query_one("#mentorships-status", Static).update(status)
        if items:
            options.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.app.push_screen(MentorshipScreen(self.journal, event.option.id))

    def action_timeline(self) -> None:
        from journal.tui.screens.timeline import TimelineScreen

        options = self.query_one(OptionList)
        if options.highlighted is not None and options.option_count:
            chosen = options.get_option_at_index(options.highlighted).id
            self.app.push_screen(TimelineScreen(self.journal, mentorship=chosen))


class MentorshipScreen(JournalScreen[None]):
    """Mentor, focus, agreements, cadence, next meeting, check-in due, goals, recent entries."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="mentorship.back"),
        Binding("t", "timeline", "Timeline", id="mentorship.timeline"),
    ]

    def __init__(self, journal: Journal, mentorship_id: str) -> None:
        super().__init__()
        self.journal = journal
        self.mentorship_id = mentorship_id

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="mentorship-main"):
            with VerticalScroll(id="mentorship-left"):
                yield Static(id="mentorship-head")
                yield Static(Text("Agreements", style="bold"), classes="goal-section")
                yield Markdown(id="mentorship-agreements", open_links=False)
                yield Static(id="mentorship-goals")
            with Vertical(id="mentorship-right"):
                yield Static(Text(f"Recent entries (last {RECENT}, enter opens)", style="bold"),
                             classes="goal-section")
                yield OptionList(id="mentorship-entries")
        yield Footer()

    def on_mount(self) -> None:
        if not self.is_open():
            return
        self.title = "Mentorship"
        self.query_one("#mentorship-left").can_focus = False
        self.reload()
        self.query_one("#mentorship-entries", OptionList).focus()

    @on(JournalChanged)
    def reload(self) -> None:
        journal = self.journal
        try:
            m = journal.mentorships.get(self.mentorship_id)
        except JournalError:
            self.query_one("#mentorship-head", Static).update(Text("This mentorship no longer exists.", style="dim"))
            return
        today = journal.today()
        due = due_for(journal).get(m.id, [])
        self.sub_title = safe(m.mentor)
        head = Text()
        head.append("☍ ", style="#ffaf5f")
        head.append(safe(m.mentor), style="bold")
        head.append(f"  {m.status.value}  id {m.short_id}", style="dim")
        head.append(f"\n{'Focus:':<14}", style="bold")
        head.append(safe(m.focus) or "—")
        head.append(f"\n{'Since:':<14}", style="bold")
        head.append(m.started_on.strftime("%a %d %b %Y") if m.started_on else "—")
        head.append(f"\n{'Check-ins:':<14}", style="bold")
        head.append(f"every {plural(m.check_in_every, 'day')}" if m.check_in_every else "no cadence set")
        head.append(f"\n{'Next meeting:':<14}", style="bold")
        if m.next_meeting_on:
            head.append(f"{m.next_meeting_on.strftime('%a %d %b %Y')} ({time_left(m.next_meeting_on, today)})")
        else:
            head.append("—", style="dim")
        for item in due:
            head.append("\n")
            if item.kind == "check-in":
                head.append(f"⚠ check-in due ({plural(item.days, 'day')} overdue)", style="bold #ff8787")
            else:
                head.append(f"⚠ meeting was due {item.since.isoformat()}", style="bold #ff8787")
        self.query_one("#mentorship-head", Static).update(head)
        agreements = for_terminal(m.agreements or "")
        self.query_one("#mentorship-agreements", Markdown).update(agreements or "_No agreements written yet._")

        goals = Text()
        goals.append("Goals\n", style="bold")
        linked = journal.goals.of_mentorship(m.id)
        for goal in linked:
            goals.append("⚑ ", style="#ffaf5f")
            goals.append(safe(goal.title))
            goals.append("  ")
            goals.append_text(status_label(goal.status))
            goals.append("\n")
        if not linked:
            goals.append("No goals linked yet.\n", style="dim")
        self.query_one("#mentorship-goals", Static).update(goals)

        entries = self.query_one("#mentorship-entries", OptionList)
        found = journal.entries.list(journal.entries.filter(mentorship=m.id), limit=RECENT)
        entries.clear_options()
        options = []
        for entry in found:
            line = Text(entry.day.isoformat() + " ", style="dim", no_wrap=True, overflow="ellipsis")
            if entry.kind in KIND_MARK:
                mark, style = KIND_MARK[entry.kind]
                line.append(mark, style=style)
            line.append_text(entry_row(entry))
            options.append(Option(line, id=entry.id))
        entries.add_options(options)
        if not found:
            entries.add_option(Option(Text("No entries for this mentorship yet.", style="dim"), disabled=True))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(EntryOpenRequested(event.option.id))

    def action_timeline(self) -> None:
        from journal.tui.screens.timeline import TimelineScreen

        self.app.push_screen(TimelineScreen(self.journal, mentorship=self.mentorship_id))
