"""HelpScreen: every key, grouped by the screen it works on, and what it does."""

from __future__ import annotations

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from journal.tui.screens.base import JournalModal

SECTIONS: dict[str, list[tuple[str, str]]] = {
    "Anywhere": [
        ("?", "This help"),
        ("ctrl+p", "Command palette: every action, themes, \"Close a goal…\" and \"End a mentorship…\""),
        ("g", "Goals (a screen's own g comes first: on a mentorship, a goal of it)"),
        ("m", "Mentorships"),
        ("t", "Timeline of the whole journal (on a mentorship or a goal: its own)"),
        ("u", "What's due: foresight to look back at, follow-ups to try, reviews, check-ins"),
        ("y", "Year heatmap, streaks and on this day"),
        ("v", "Preparing: vision, gaps, learning profile (ctrl+p \"Passing it on\" for the last step)"),
        ("escape / q", "Back (q on Home quits; your draft is kept)"),
        ("j / k", "Down / up in a list (on a mentorship k writes a check-in)"),
        ("ctrl+q", "Quit"),
    ],
    "Home": [
        ("n", "New entry"),
        ("enter", "Open the highlighted entry"),
        ("e", "Edit the highlighted entry"),
        ("d", "Move the highlighted entry to the trash"),
        ("s", "Star / unstar"),
        ("/", "Search"),
        ("x", "Trash (restore deleted entries)"),
        ("j / k, ↓ / ↑", "Move"),
        ("home / end", "The newest / the oldest entry"),
    ],
    "Entry": [
        ("a", "Answer it (a foresight entry or a feedback follow-up not yet answered): what actually happened?"),
        ("e", "Edit"),
        ("d", "Move to the trash"),
        ("s", "Star / unstar"),
    ],
    "Compose": [
        ("ctrl+s", "Save"),
        ("escape", "Back (asks when there are unsaved changes)"),
        ("F5 F6 F7", "Lens: hindsight / insight / foresight (also ctrl+1/2/3)"),
        ("ctrl+t", "Insert the prompt of the day"),
        ("ctrl+e", "Edit the text in $VISUAL / $EDITOR"),
        ("F8", "Insert a template: a prompt set's questions as headings (also ctrl+p)"),
        ("tab", "Next field (shift+tab: previous); enter in the title goes to the text"),
        ("1-5 / 0", "On a check-in's rating row: rate the area (↑↓←→ and space too) / clear it"),
        ("letters", "Always text here: one-key commands wait until you leave the form"),
    ],
    "Search": [
        ("type", "Search as you type; tab to the filters"),
        ("↓ / ↑", "Move in the results (letters, j, k and q included, always go to the query)"),
        ("enter", "Open the highlighted result"),
        ("escape", "Back"),
    ],
    "Trash": [
        ("r / enter", "Restore"),
    ],
    "Goals": [
        ("enter", "Open the highlighted goal"),
        ("n", "New goal"),
        ("t", "The highlighted goal's timeline"),
        ("j / k", "Move"),
    ],
    "A goal": [
        ("n", "Write an entry about it"),
        ("e", "Edit the statement"),
        ("a", "Add a milestone"),
        ("x", "Mark a milestone done (asks the day: empty is today)"),
        ("s", "Status: active, paused, achieved, abandoned"),
        ("t", "Its timeline"),
        ("r", "Audit it: the goal-audit questions, kept on its timeline"),
        ("c", "Close it: the closure conversation, then the retrospective (closed: its retrospective)"),
    ],
    "Mentorships": [
        ("enter", "Open the highlighted mentorship"),
        ("t", "Its timeline (on the list: the highlighted one's)"),
        ("n", "New mentorship (on the list; also ctrl+p \"New mentorship…\")"),
        ("s", "Shortlists: choose a mentor by criteria (on the list; also ctrl+p \"Choose a mentor…\")"),
        ("e", "Edit: mentor, focus, start, check-in rhythm, agreements"),
        ("p", "Plan the next meeting (an empty date: today + the check-in rhythm)"),
        ("l / k / f", "Log a meeting / write a check-in / write down feedback you received"),
        ("g", "New goal of this mentorship"),
        ("a / w", "Its agreement / its work plan"),
        ("c", "Close it: the closure conversation, a decision for each open goal, then the retrospective "
              "(closed: its retrospective)"),
        ("tab", "Between its details (check-in trends, agreement, learning profile; ↑↓ scroll) and its entries"),
    ],
    "Shortlists": [
        ("n / enter / d", "New shortlist / open the highlighted one / delete it (asks)"),
    ],
    "A shortlist": [
        ("c / a", "Add a criterion (a must-have, or a want weighted 1-5) / a candidate"),
        ("e", "Edit a criterion: its name, kind or weight"),
        ("r", "Rename the shortlist"),
        ("s", "Score the highlighted candidate on every criterion"),
        ("n / enter", "Note a conversation with them / read the notes"),
        ("o", "Choose them: a mentorship starts (asks; twice against a must-have); decided: open it"),
        ("d", "Remove the candidate or a criterion (asks)"),
    ],
    "Agreement": [
        ("e", "Edit the parts: ground rules, confidentiality, boundaries… (ctrl+s saves)"),
        ("x", "Export it to share: an HTML page or Markdown (asks the file)"),
        ("h", "Show / hide its history"),
        ("w", "The work plan"),
    ],
    "Work plan": [
        ("enter / o", "Open the goal of the highlighted milestone or target"),
    ],
    "Timeline": [
        ("1 / 2 / 3", "Zoom to days / weeks / months"),
        ("z", "Next zoom"),
        ("+ / -", "Zoom in / out"),
        ("↑ / ↓", "Near the first or last row of a part: the part before or after is read"),
        ("home / end", "The timeline's first / last day"),
        ("enter", "On a week or month: its days; on an entry: open it"),
    ],
    "Due": [
        ("enter", "Answer a foresight entry or a feedback follow-up; else write the review, check-in or meeting due"),
        ("a", "Answer the highlighted foresight entry or follow-up"),
    ],
    "Year": [
        ("enter", "Open the on-this-day entry"),
    ],
    "Closure": [
        ("ctrl+n", "Next question (or skip it)"),
        ("ctrl+b", "Previous question"),
        ("ctrl+s", "To the outcome, then save and close (a mentorship: first decide about its open goals)"),
    ],
    "Retrospective": [
        ("tab / ↑↓", "From a section's title to a quoted entry and on (page keys, home, end scroll)"),
        ("x", "Leave the quoted entry out (listed at the end: x there includes it again)"),
        ("p", "Include private entries, each marked \"private\" (p again leaves them out)"),
        ("enter / c / a", "Fold or unfold a section (on its title) / the section holding the focus / all"),
        ("f / e", "Next export format (HTML, Markdown, JSON, PDF when possible) / to the file name: enter writes"),
        ("escape", "From the export row back to the page; from the page, back"),
    ],
    "Open goals": [
        ("↑↓ / enter", "Choose for each goal: carry on alone, achieved, abandoned, or move to another mentorship"),
        ("ctrl+s", "Close the mentorship with these decisions"),
        ("escape", "Back to the closure conversation (nothing closed)"),
    ],
    "Preparing": [
        ("a / e / d", "Add / reword / remove a gap (one that became a goal: the goal stays)"),
        ("g", "Make the highlighted gap a starter goal (the link is kept)"),
        ("enter", "Open the gap's goal (a gap without one: reword it)"),
        ("v", "Edit the vision: where you want to be, where you are"),
        ("p", "Edit the learning profile: ways of learning, strengths, challenges, needs"),
        ("r", "Reflect on past mentors (the preparing questions)"),
    ],
    "Passing it on": [
        ("n", "Write the mentee-to-mentor reflection (the readiness questions)"),
        ("i", "Show / hide private entries in the summary"),
    ],
}
"""The keys, per screen, in the order a person looks for them: a screen's keys are listed
under its name (add a line to a section, or a section, and the table follows)."""

KEY_PADDING = 2
"""Columns between the key column and the description."""


def key_width() -> int:
    """The key column's width (terminal cells): its longest key, or its longest heading."""
    return max(cell_len(text) for name, rows in SECTIONS.items() for text in (name, *(key for key, _ in rows)))


class HelpScreen(JournalModal[None]):
    """A table of the keys; any of escape, q or ? closes it (its footer says so: JournalModal)."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 80; max-height: 90%; height: auto;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    """

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close")]

    def compose(self) -> ComposeResult:
        table = Table(title="Keys", box=None, show_header=False, padding=(0, 0, 0, 0), pad_edge=False)
        table.add_column("Key", style="bold", no_wrap=True, width=key_width() + KEY_PADDING)
        table.add_column("Does")
        for number, (where, rows) in enumerate(SECTIONS.items()):
            if number:
                table.add_row("", "")
            table.add_row(Text(where, style="bold underline"), "")
            for key, does in rows:
                table.add_row(Text(key), Text(does))
        with VerticalScroll():
            yield Static(table)
