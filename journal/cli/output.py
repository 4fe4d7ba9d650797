"""How the CLI prints things: text lines, Markdown, and the stable JSON shapes.

User text never steers a terminal (docs/RELIABILITY.md, "Text and the terminal"):
- text views pass each piece of user text through `for_terminal` (`safe` for one line,
  `body` for several), to a terminal or not;
- whole pages (Markdown, HTML, JSON, exports, retrospectives) go out through `page` or
  `page_stream`: neutralised when stdout is a terminal, the exact text to a file or pipe;
- JSON is always written by `json_text`, which escapes C0, DEL, C1 and bidi controls.
"""

from __future__ import annotations

import codecs
import os
import sys
from datetime import date, datetime

from journal.cli import terminal

from journal.domain import entry_fields
from journal.domain.dates import DAY_NAMES, utc_text
from journal.domain.model import Entry, Goal, Kind, Lens, Mentorship
from journal.domain.text import for_terminal, json_text, markdown_inline, summary
from journal.domain.entry_details import ratings_words
from journal.services.entries import details_line, follow_up

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/ARCHITECTURE.md, start-up)
if TYPE_CHECKING:
    from typing import Any
    from collections.abc import Collection

__all__ = ["for_terminal"]

LENS_COLOURS = {Lens.HINDSIGHT: "blue", Lens.INSIGHT: "magenta", Lens.FORESIGHT: "green"}
JSON_VERSION = 1


def safe(text: str | None) -> str:
    """One line of user text, neutralised for the terminal."""
    return for_terminal(text or "", single_line=True)


def to_terminal() -> bool:
    """Whether standard output is a terminal (then every format printed is neutralised)."""
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):  # no stdout, or a closed one
        return False


def body(text: str | None) -> str:
    """Several lines of user text inside a text view: controls neutralised; bidi too on a terminal."""
    return for_terminal(text or "", keep_bidi=not to_terminal())


def say(message: str) -> None:
    """A human message: stderr, so stdout stays clean for pipes; a path or name in it (a folder
    named with escape sequences) never reaches the terminal raw (S162)."""
    terminal.echo(for_terminal(message), err=True)


def date_notes(journal: Any, *typed: str | None, ahead: bool = False) -> None:
    """After a command took typed days: how each that could surprise was read (a numeric
    date's order, a weekday word that is today); `ahead` for days a plan names (S352)."""
    for text in typed:
        if note := journal.date_note(text, ahead=ahead):
            say(note)


def day_label(day: date) -> str:
    return f"{DAY_NAMES[day.weekday()]} {day.isoformat()}"


def lens_label(lens: Lens, width: int = 9) -> str:
    return terminal.style(f"{lens.symbol} {lens.value:<{width}}", fg=LENS_COLOURS[lens])


def entry_line(entry: Entry) -> str:
    """`d4f8b8  2026-11-22 14:30  ◆ insight    Title  #tag  @Goal  ★`"""
    parts = [
        terminal.style(entry.short_id, fg="yellow"),
        f"{entry.day.isoformat()} {entry.time or '     '}",
        lens_label(entry.lens),
        safe(summary(entry.title, entry.body, 60)),
    ]
    parts += [terminal.style(f"#{safe(t)}", fg="cyan") for t in entry.tags]
    parts += [terminal.style(f"@{safe(g.title)}", fg="bright_blue") for g in entry.goals]
    if entry.kind.value != "note":
        parts.append(kind_tag(entry))
    if entry.starred:
        parts.append(terminal.style("★", fg="yellow"))
    if entry.private:
        parts.append("(private)")
    return "  ".join(parts)


def kind_tag(entry: Entry) -> str:
    """A list row's kind, with its details in words: `[check-in: goals good (4), time mixed (3)]`,
    `[feedback from Dana — will try: … by 2026-12-07]`, `[meeting]`."""
    line = details_line(entry, brief=True)
    if not line:
        return f"[{entry.kind.value}]"
    return "[" + safe(line[0].lower() + line[1:]) + "]"


def entry_text(entry: Entry, mentor: str | None = None) -> str:
    """The full view of one entry for `journal show` (`mentor`: its mentorship's, by name)."""
    when = day_label(entry.day) + (f" {entry.time}" if entry.time else " (all day)")
    rows = [
        ("Id", entry.id),
        ("Date", f"{when} · {safe(entry.tz)}"),
        ("Lens", f"{lens_label(entry.lens).rstrip()} · {entry.kind.value}"),
    ]
    if entry.title:
        rows.append(("Title", safe(entry.title)))
    if entry.tags:
        rows.append(("Tags", " ".join(f"#{safe(t)}" for t in entry.tags)))
    if entry.goals:
        rows.append(("Goals", ", ".join(safe(g.title) for g in entry.goals)))
    if mentor:  # as the TUI's entry view says it (S189)
        rows.append(("Mentor", safe(mentor)))
    if entry.kind == Kind.CHECK_IN and entry.details:
        rows.append(("Check-in", safe(ratings_words(entry.details))))
    elif entry.kind == Kind.FEEDBACK and entry.details:
        rows.append(("Feedback", safe(details_line(entry).removeprefix("Feedback").strip())))
    if entry.revisit_on and not follow_up(entry):  # a follow-up's day is in its Feedback line
        rows.append(("Revisit", day_label(entry.revisit_on)))
    if entry.answers:
        rows.append(("Answers", entry.answers[:8]))
    flags = [name for name, on in (("starred", entry.starred), ("private", entry.private)) if on]
    if entry.deleted_at:
        flags.append("in the trash (`journal restore` brings it back)")
    if flags:
        rows.append(("Flags", ", ".join(flags)))
    head = "\n".join(terminal.style(f"{k + ':':<9}", bold=True) + f" {v}" for k, v in rows)
    return f"{head}\n\n{body(entry.body)}"


def entry_markdown(entry: Entry) -> str:
    """One entry as a Markdown section: the body is the user's own Markdown, kept as written
    when it is safe and closes what it opens, else fenced as typed (as `journal export` writes
    it, S331); the title, tags and goal titles are escaped so they cannot change the document's
    structure."""
    from journal.services.outputs import markdown_body  # only for Markdown: no hot-path import

    when = entry.day.isoformat() + (f" {entry.time}" if entry.time else "")
    title = f" · {markdown_inline(entry.title)}" if entry.title else ""
    meta = [f"`{entry.short_id}`", entry.kind.value]
    meta += [f"#{markdown_inline(t)}" for t in entry.tags] + [f"goal: {markdown_inline(g.title)}" for g in entry.goals]
    if line := details_line(entry):
        meta.append(markdown_inline(line))
    if entry.starred:
        meta.append("★")
    if entry.private:  # said as the text list and `show` say it: a Markdown list shared on must show it (S406)
        meta.append("private")
    return (f"## {when} · {entry.lens.symbol} {entry.lens.value}{title}\n\n_{' · '.join(meta)}_\n\n"
            f"{markdown_body(entry.body)}\n")


def iso(value: date | datetime | None) -> str | None:
    """A day as ISO, a moment in UTC as `…Z`: how every JSON output writes them (S366)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return utc_text(value)
    return value.isoformat()


def entry_json(entry: Entry) -> dict[str, Any]:
    """The stable JSON shape of an entry (documented in the README): every stored field."""
    data = entry_fields.to_json(entry)
    return {"id": data.pop("id"), "short_id": entry.short_id, **data}


def goal_json(goal: Goal, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    data = {
        "id": goal.id,
        "short_id": goal.short_id,
        "title": goal.title,
        "status": goal.status.value,
        "specific": goal.specific,
        "measurable": goal.measurable,
        "achievable": goal.achievable,
        "relevant": goal.relevant,
        "time_bound": iso(goal.time_bound),
        "success_criteria": goal.success_criteria,
        "mentorship": goal.mentorship,
        "review_every": goal.review_every,
        "created_at": iso(goal.created_at),
        "closed_at": iso(goal.closed_at),
        "closure_note": goal.closure_note,
        "milestones": [
            {"id": m.id, "title": m.title, "due_on": iso(m.due_on), "done_on": iso(m.done_on)}
            for m in goal.milestones
        ],
        "history": [
            {"at": iso(h.at), "kind": h.kind, "field": h.field, "old": h.old, "new": h.new}
            for h in goal.history
        ],
    }
    data.update(extra or {})
    return data


def mentorship_json(m: Mentorship) -> dict[str, Any]:
    return {
        "id": m.id,
        "short_id": m.short_id,
        "mentor": m.mentor,
        "focus": m.focus,
        "started_on": iso(m.started_on),
        "agreements": m.agreements,
        "check_in_every": m.check_in_every,
        "next_meeting_on": iso(m.next_meeting_on),
        "status": m.status.value,
        "closed_on": iso(m.closed_on),
    }


def stdout_bytes():
    """Standard output as a binary stream, after whatever text was already printed."""
    sys.stdout.flush()
    return getattr(sys.stdout, "buffer", None) or _TextAsBytes(sys.stdout)


class _TextAsBytes:
    """A text-only stdout (rare: some test runners) seen as a binary stream."""

    def __init__(self, stream) -> None:
        self.stream = stream

    def write(self, data: bytes) -> None:
        self.stream.write(data.decode("utf-8"))

    def flush(self) -> None:
        self.stream.flush()


def write_stdout(data: bytes) -> None:
    stream = stdout_bytes()
    stream.write(data)
    stream.flush()


class _TerminalBytes:
    """Standard output on a terminal as a binary stream: what is written is neutralised first.

    An incremental decoder, so a character split between two writes is decoded whole.
    """

    def __init__(self, stream) -> None:
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def write(self, data: bytes) -> None:
        self.stream.write(for_terminal(self.decoder.decode(data), keep_bidi=False).encode("utf-8"))

    def flush(self) -> None:
        self.stream.flush()


def page_stream():
    """Where a page streamed as bytes (an export) goes: stdout, neutralised if it is a terminal."""
    stream = stdout_bytes()
    return _TerminalBytes(stream) if to_terminal() else stream


def page(text: str, nl: bool = True) -> None:
    """A whole page of output (Markdown, HTML, JSON) on stdout, the one way pages are printed.

    On a terminal it is neutralised: C0 (not tab or newline), DEL and C1 become `\\xNN`,
    bidi controls `<U+XXXX>`. To a file or pipe the text goes out exactly (not through
    terminal.echo, which would strip what looks like colour codes from the user's text).
    """
    if to_terminal():
        text = for_terminal(text, keep_bidi=False)
    write_stdout((text + ("\n" if nl else "")).encode("utf-8"))


def dump_json(data: Any) -> None:
    """JSON on stdout, written by `json_text`: C0, DEL, C1 and bidi controls always as `\\uXXXX`."""
    page(json_text(data, indent=2))


BY_SUFFIX = {".json": "json", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
             ".pdf": "pdf"}
"""The format a file name's extension says."""


def chosen_format(fmt: str | None, target: str | None, offered: Collection[str], default: str) -> str:
    """--format as given; else the one -o FILE's extension names (of those `offered`), else `default`:
    `-o plan.html` wrote Markdown into a file named .html (S325)."""
    if fmt:
        return fmt
    if target and target != "-":
        found = BY_SUFFIX.get(os.path.splitext(target)[1].lower())
        if found is not None and found in offered:
            return found
    return default
