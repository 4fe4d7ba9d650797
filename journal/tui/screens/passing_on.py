"""PassingOnScreen: the step from mentee to mentor. The summary built from the journal (what
helped most, the feedback valued, what I'd do differently, the numbers) as a page to read,
and `n` to write the mentee-to-mentor reflection from the readiness questions."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from journal.domain.errors import JournalError
from journal.domain.model import Kind
from journal.services import Journal
from journal.services.passing_on import TEMPLATE_SET, PassingOnSummary, Quote, counts_line
from journal.tui.messages import ComposeRequested, JournalChanged
from journal.tui.screens.compose import template_draft
from journal.tui.screens.base import JournalScreen
from journal.tui.widgets.goal_view import DAY
from journal.tui.widgets.rows import safe
from journal.tui.widgets.footer import KeysFooter


def quote_head(q: Quote) -> Text:
    """A quoted entry's line: its date, the question it answers or its title, who, a star, its id."""
    parts: list[Text] = [Text(q.day.strftime(DAY), style="bold")]
    if q.question:
        parts.append(Text(safe(q.question), style="italic"))
    elif q.title:
        parts.append(Text(safe(q.title), style="bold"))
    if q.details.get("from"):
        parts.append(Text(f"from {safe(q.details['from'])}", style="#ffaf5f"))
    if q.mentor:
        parts.append(Text(f"with {safe(q.mentor)}", style="#ffaf5f"))
    if q.private:
        parts.append(Text("private", style="bold #ff8787"))
    if q.starred:
        parts.append(Text("★", style="bold #ffd75f"))
    parts.append(Text(q.short_id, style="dim"))
    return Text("  ").join(parts)


def quote_body(q: Quote) -> Text:
    """What the entry says (an excerpt) and, for feedback, what was asked and what I would try."""
    text = Text(safe(q.text))
    if q.kind == Kind.FEEDBACK:
        if q.details.get("asked"):
            text.append("\nI asked: ", style="dim")
            text.append(safe(q.details["asked"]))
        if q.details.get("follow_up"):
            text.append("\nI would try: ", style="dim")
            text.append(safe(q.details["follow_up"]))
            if q.answered:
                text.append("  ✔ followed up", style="#87d787")
    return text


def summary_widgets(summary: PassingOnSummary) -> list[Static]:
    """The summary as a page: a Static per heading and per quote (their indents hold when a
    line wraps); the person's text is never read as markup."""
    intro = Text("Built from your journal: every line below is an entry of it (its date and id) or a count. "
                 "n writes the mentee-to-mentor reflection from the readiness questions.", style="dim")
    if summary.include_private:
        intro.append("\nPrivate entries are included (i hides them).", style="bold #ffaf5f")
    widgets = [Static(intro, classes="passing-on-intro")]
    for section in summary.sections:
        widgets.append(Static(Text(section.heading, style="bold underline"), classes="passing-on-heading"))
        if not section.quotes:
            widgets.append(Static(Text(section.empty, style="dim italic"), classes="passing-on-quote"))
        for q in section.quotes:
            widgets.append(Static(quote_head(q), classes="passing-on-quote"))
            if body := quote_body(q):
                widgets.append(Static(body, classes="passing-on-excerpt"))
        if section.more:
            widgets.append(Static(Text(f"… and {section.more} more", style="dim"), classes="passing-on-quote"))
    widgets.append(Static(Text("In numbers", style="bold underline"), classes="passing-on-heading"))
    numbers = Text(" · ".join(counts_line(summary.counts)))
    if summary.counts.reflections:
        numbers.append(f"\nPassing-on reflections written: {summary.counts.reflections}", style="dim")
    widgets.append(Static(numbers, classes="passing-on-quote"))
    return widgets


class PassingOnScreen(JournalScreen[None]):
    """The summary to read (it scrolls); n writes the reflection, i shows or hides private entries."""

    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="passing-on.back"),
        Binding("n", "write_reflection", "Write the reflection", id="passing-on.write"),
        Binding("i", "toggle_private", "Private", id="passing-on.private"),
    ]

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal
        self.include_private = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield VerticalScroll(id="passing-on-view")
        yield KeysFooter()

    def on_mount(self) -> None:
        if not self.is_open():
            return
        self.title = "Passing it on"
        self.sub_title = "from mentee to mentor"
        self.reload()
        self.query_one("#passing-on-view", VerticalScroll).focus()

    @on(JournalChanged)
    def _journal_changed(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Build the summary again (the scroll stays where it was)."""
        summary = self.journal.passing_on.summary(include_private=self.include_private)
        view = self.query_one("#passing-on-view", VerticalScroll)
        with self.app.batch_update():
            view.remove_children()
            view.mount_all(summary_widgets(summary))

    def action_write_reflection(self) -> None:
        """The mentee-to-mentor reflection: the readiness questions as headings, the cursor in
        the first answer (an entry of kind passing-on)."""
        try:
            draft = template_draft(self.journal, TEMPLATE_SET)
        except JournalError as error:  # the set is gone (replaced by a broken one of the person's own)
            self.notify(str(error), severity="warning", markup=False)
            return
        self.post_message(ComposeRequested(draft, template=True))

    def action_toggle_private(self) -> None:
        self.include_private = not self.include_private
        self.notify("Private entries included." if self.include_private else "Private entries left out.",
                    markup=False)
        self.reload()
