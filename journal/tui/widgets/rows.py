"""How one entry reads as a line of text: the only place that formats list rows.

Every piece of user text goes through `for_terminal` and into `rich.text.Text`, never
into a markup string, so a title like `[/bold]` or `[@click=app.quit]` shows literally.
"""

from __future__ import annotations

from datetime import date, tzinfo
from functools import cache
from typing import TYPE_CHECKING

from rich.text import Text

from journal.domain.model import Draft, Entry, Kind, Lens
from journal.domain.text import for_terminal, summary
from journal.domain.entry_details import ratings_words
from journal.services.entries import follow_up

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from journal.services.entries import EntryLinks

LENS_STYLE = {Lens.HINDSIGHT: "bold #5fafff", Lens.INSIGHT: "bold #d787ff", Lens.FORESIGHT: "bold #87d787"}
"""Lens colours; the symbol carries the same meaning when colour is off (NO_COLOR)."""


def safe(text: str | None) -> str:
    """User text made single-line and free of control characters."""
    return for_terminal(text or "", single_line=True)


def block_text(text: str) -> str:
    """Several lines of user text in a view that shows them: control characters and bidi
    controls neutralised, as on every terminal (a raw U+202E reached it from the preview, S334)."""
    return for_terminal(text, keep_bidi=False)


@cache
def text_markdown() -> MarkdownIt:
    """The parser of every Markdown widget that shows the user's words: raw HTML stays text, as
    typed (Textual's own drops an HTML block: a `<!--` or `<div>` line hid every line after it,
    S333), and each line break is kept, as the CLI shows it (Markdown joins two lines into one,
    and a diary written line by line read as run together: S495). Made once, when the first
    such widget draws."""
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore

    def keep_line_breaks(state: StateCore) -> None:
        for token in state.tokens:
            for child in token.children or ():
                if child.type == "softbreak":
                    child.type = "hardbreak"

    md = MarkdownIt("gfm-like", {"html": False, "breaks": True})
    md.core.ruler.push("keep_line_breaks", keep_line_breaks)
    return md


def lens_label(lens: Lens) -> Text:
    """The lens as symbol plus name, coloured."""
    return Text(f"{lens.symbol} {lens.value}", style=LENS_STYLE[lens])


def day_heading(day: date) -> Text:
    """A day separator in the list: 'Mon 23 Nov 2026'."""
    return Text(day.strftime("%a %d %b %Y"), style="bold underline")


def entry_row(entry: Entry, width: int = 48, *, with_time: bool = True) -> Text:
    """One list row: time, lens symbol, star and privacy (before the title: a long title cut at
    the edge took them with it, S300), title or first line, goal and tag badges."""
    row = Text(no_wrap=True, overflow="ellipsis")
    if with_time:
        row.append(f"{entry.time or '':5} ", style="dim")  # an all-day entry: blank, the titles still aligned
    row.append(f"{entry.lens.symbol} ", style=LENS_STYLE[entry.lens])
    if entry.starred:
        row.append("★ ", style="bold #ffd75f")
    if entry.private:
        row.append("(private) ", style="dim")
    row.append(safe(summary(entry.title, entry.body, width)) or "(empty)")
    for goal in entry.goals:
        row.append("  ")
        row.append(f"⚑ {safe(goal.title)}", style="italic #ffaf5f")
    for tag in entry.tags:
        row.append(" ")
        row.append(f"#{safe(tag)}", style="#87afaf")
    return row


def entry_lines(entry: Entry, mark: tuple[str, str] | None = None) -> Text:
    """Two lines of a side list (a goal's or a mentorship's entries): `mark` (a kind's words and
    style) with the lens, title and badges, then the day and time under them, on their own line:
    at 80 columns a date and time before it left a title six characters (S245, S285)."""
    line = Text(no_wrap=True, overflow="ellipsis")
    if mark is not None:
        line.append(*mark)
    line.append_text(entry_row(entry, with_time=False))
    line.append(f"\n  {entry.day.strftime('%a %d %b %Y')} {entry.time or ''}".rstrip(), style="dim")
    return line


def entry_header(entry: Entry, links: EntryLinks | None = None) -> Text:
    """The lines above a preview: title; date, lens, kind (other than a note), flags; what it
    keeps (a check-in's ratings, a feedback entry's from, asked and follow-up) and what it links
    to: mentor (`links`, by name), revisit day, the answer or the entry answered, goals and tags."""
    head = Text()
    head.append(safe(summary(entry.title, entry.body, 200)) or "(empty)", style="bold")
    head.append("\n")
    head.append(f"{entry.day.strftime('%a %d %b %Y')} {entry.time or ''}  ", style="dim")
    head.append_text(lens_label(entry.lens))
    if entry.kind != Kind.NOTE:
        head.append(f"  {entry.kind.words}", style="bold")
    head.append(f"  id {entry.short_id}", style="dim")
    if entry.starred:
        head.append("  ★ starred", style="bold #ffd75f")
    if entry.private:
        head.append("  private", style="dim")
    if links is not None and links.mentor:
        head.append("\n")
        head.append("mentor: ", style="dim")
        head.append(safe(links.mentor))
    answered = links.answered_by if links is not None else None
    if entry.kind == Kind.CHECK_IN and (words := ratings_words(entry.details)):
        head.append("\n")
        head.append("ratings: ", style="dim")
        head.append(words)
    if entry.kind == Kind.FEEDBACK and entry.details:
        head.append_text(_feedback_lines(entry, answered))
    if entry.lens == Lens.FORESIGHT and follow_up(entry) is None and (entry.revisit_on or answered):
        head.append("\n")
        if entry.revisit_on:
            head.append(f"revisit {entry.revisit_on.strftime('%a %d %b %Y')}", style=LENS_STYLE[Lens.FORESIGHT])
        if answered:
            head.append("  " if entry.revisit_on else "")
            head.append("✓ answered by: ", style="dim")
            head.append_text(_linked_entry(answered))
        elif entry.revisit_on:
            head.append("  (not answered yet)", style="dim")
    if links is not None and links.answers is not None:
        head.append("\n")
        head.append("answers: ", style="dim")
        head.append_text(_linked_entry(links.answers))
    if entry.goals:
        head.append("\n")
        head.append("goals: ", style="dim")
        head.append(", ".join(safe(g.title) for g in entry.goals), style="italic #ffaf5f")
    if entry.tags:
        head.append("\n")
        head.append("tags: ", style="dim")
        head.append(" ".join(f"#{safe(t)}" for t in entry.tags), style="#87afaf")
    return head


def _feedback_lines(entry: Entry, answered: Entry | None) -> Text:
    """A feedback entry's fields, a line each: from whom, what was asked, what I will try and
    by when (and whether an entry answers it yet)."""
    text = Text()
    for key, label in (("from", "feedback from: "), ("asked", "asked: ")):
        if entry.details.get(key):
            text.append("\n")
            text.append(label, style="dim")
            text.append(safe(entry.details[key]))
    tried = follow_up(entry)
    if tried:
        text.append("\n")
        text.append("will try: ", style="dim")
        text.append(safe(tried), style="italic")
        if entry.revisit_on:
            text.append(f"  by {entry.revisit_on.strftime('%a %d %b %Y')}", style=LENS_STYLE[Lens.HINDSIGHT])
        if answered:
            text.append("  ✓ answered by: ", style="dim")
            text.append_text(_linked_entry(answered))
        elif entry.revisit_on:
            text.append("  (not answered yet)", style="dim")
    return text


def _linked_entry(entry: Entry) -> Text:
    """Another entry named in a header: its title (or first words), its day and id."""
    text = Text(safe(summary(entry.title, entry.body, 60)) or "(empty)", style="italic")
    text.append(f" ({entry.day.strftime('%a %d %b %Y')}, id {entry.short_id}"
                + (", in the trash)" if entry.deleted_at else ")"), style="dim")
    return text


def draft_label(draft: Draft, tz: tzinfo) -> Text:
    """One line for a draft in a list: when it was saved, lens, the entry it edits, its first line."""
    stamp = draft.updated_at.astimezone(tz).strftime("%a %d %b %H:%M") if draft.updated_at else "--"
    label = Text(f"{stamp}  ", style="dim")
    label.append(f"{draft.lens.symbol} ", style=LENS_STYLE[draft.lens])
    label.append(safe(summary(draft.title, draft.body, 40)) or "(empty)")
    if draft.entry_id:
        label.append(f"  edits {draft.entry_id[:8]}", style="dim")
    return label
