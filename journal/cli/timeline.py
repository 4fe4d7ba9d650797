"""`journal timeline`: a goal's, a mentorship's or the whole journal's story over time.

Rich is imported inside the command only, so `journal add/list/search` stay fast.
All user text reaches Rich as `Text` objects after `for_terminal` - never as markup.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from typing import TYPE_CHECKING

import click

from journal.cli import output
from journal.cli.app import cli, journal_of

if TYPE_CHECKING:
    from journal.domain.timeline import TimelineEvent

MARKERS = {
    "milestone-due": ("◇", "due", "yellow"),
    "milestone-done": ("✓", "done", "green"),
    "milestone-missed": ("✗", "missed", "red"),
    "goal-target": ("◎", "target", "magenta"),
    "goal-created": ("✚", "goal", "bold"),
    "goal-status": ("⚑", "status", "bold yellow"),
    "goal-edit": ("✎", "edit", "cyan"),
    "gap": ("┄", "gap", "dim"),
    "foresight-due": ("↻", "revisit", "green"),
    "follow-up-due": ("↻", "follow-up", "green"),
    "meeting": ("☉", "meeting", "bright_blue"),
    "mentorship": ("☍", "mentoring", "bold"),
    "agreement": ("§", "agreement", "cyan"),
    "goal-decision": ("⇢", "goal", "bold yellow"),
}
"""Marker, label and style of every event kind that is not a plain entry."""
LABEL_WIDTH = 9
GUTTER = 15


def event_json(event) -> dict:
    return {
        "day": event.day.isoformat(),
        "time": event.time,
        "kind": event.kind,
        "title": event.title,
        "detail": event.detail,
        "lens": event.lens.value if event.lens else None,
        "entry_id": event.entry_id,
        "short_id": event.short_id,
        "goal_id": event.goal_id,
        "starred": event.starred,
    }


def timeline_json(title: str, by: str, today, gap_days: int, events, buckets) -> dict:
    """The stable JSON shape of `journal timeline --format json` (documented in the README)."""
    index = {id(e): i for i, e in enumerate(events)}
    return {
        "title": title,
        "by": by,
        "today": today.isoformat(),
        "gap_days": gap_days,
        "events": [event_json(e) for e in events],
        "buckets": [
            {
                "start": b.start.isoformat(),
                "end": b.end.isoformat(),
                "label": b.label,
                "lens_counts": b.lens_counts,
                "entries": b.entries,
                "events": [index[id(e)] for e in b.events],
            }
            for b in buckets
        ],
    }


def _lens_style(lens) -> str:
    return output.LENS_COLOURS[lens]


Line = list[tuple[str, str | None]]
"""One line of the text view as (text, Rich style) pieces: plain output joins the texts
without loading Rich (a pipe, NO_COLOR); a terminal gets them as a Rich `Text`."""


def _header(title, events, buckets, spark_by) -> list[Line]:
    from journal.domain.model import Lens

    line: Line = [(output.safe(title), "bold")]
    entries = [e for e in events if e.entry_id and e.kind in ("entry", "meeting")]
    if events:
        line.append((f"  {events[0].day.isoformat()} – {events[-1].day.isoformat()}", "dim"))
    line.append((f"  {len(entries)} entr{'y' if len(entries) == 1 else 'ies'}  ", None))
    counts = dict.fromkeys(Lens, 0)
    for e in entries:
        if e.lens in counts:
            counts[e.lens] += 1
    for i, lens in enumerate(Lens):
        line.append((f"{' ' if i else ''}{lens.symbol}{counts[lens]}", _lens_style(lens)))
    lines = [line]
    if buckets:
        from journal.domain.timeline import dominant_lens

        spark_line: Line = [(f"lenses by {spark_by:<6} ", "dim")]
        pieces = {lens: (lens.symbol, _lens_style(lens)) for lens in Lens}
        for b in buckets:  # one character per bucket: `lens_sparkline`'s, coloured
            top = dominant_lens(b.lens_counts)
            spark_line.append(pieces[top] if top else ("·", "dim"))
        lines.append(spark_line)
    return lines


def _day_lines(events) -> list[Line]:
    from journal.cli.output import day_label

    lines: list[Line] = []
    previous = None
    safe = output.safe
    from journal.domain.model import Lens

    # each lens's label piece, made once (not per line: 5,000-entry goals)
    as_entry = {lens: (f"{lens.symbol} {lens.value:<{LABEL_WIDTH}} ", _lens_style(lens)) for lens in Lens}
    as_meeting = {lens: (f"{lens.symbol} {'meeting':<{LABEL_WIDTH}} ", _lens_style(lens)) for lens in Lens}
    no_gutter = (f"{'':<{GUTTER}} ", "")
    for event in events:
        if event.day != previous:
            gutter = (f"{day_label(event.day):<{GUTTER}} ", "bold")
            previous = event.day
        else:
            gutter = no_gutter
        line: Line = [gutter, (f"{event.time or '':<5} ", "dim")]
        if event.kind == "entry" or (event.kind == "meeting" and event.lens is not None and event.entry_id):
            line.append((as_entry if event.kind == "entry" else as_meeting)[event.lens])
        else:
            marker, label, style = MARKERS[event.kind]
            line.append((f"{marker} {label:<{LABEL_WIDTH}} ", style))
        line.append((safe(event.title), None))
        if (event.detail and event.kind != "meeting") or (event.kind == "meeting" and not event.entry_id):
            line.append(("  " + safe(event.detail), "dim"))
        if event.starred:
            line.append(("  ★", "yellow"))
        if event.short_id and event.kind in ("entry", "meeting"):
            line.append((f"  {event.short_id}", "dim yellow"))
        lines.append(line)
    return lines


def _short_mark(event) -> str:
    """What a zoomed-out line says about one non-entry event."""
    if event.kind == "goal-status":
        return f"{event.title}: {event.detail.removeprefix('status ')}"
    if event.kind == "goal-edit":
        return f"{event.title}: {event.detail.split(':', 1)[0]} edited"
    if event.kind == "goal-target":
        return f"{event.title}: target date"
    return event.title


def _bucket_lines(buckets, by) -> list[Line]:
    from journal.domain.model import Lens
    from journal.domain.timeline import bar, period_words

    most = max((b.entries for b in buckets), default=0)
    labels = [period_words(b.start, by) for b in buckets]  # "23–29 Nov 2026", "Nov 2026"
    label_width = max(map(len, labels), default=8)
    lines: list[Line] = []
    for b, label in zip(buckets, labels, strict=True):
        line: Line = [(f"{label:<{label_width}}  ", "bold" if b.entries else "dim")]
        for lens in Lens:
            n = b.lens_counts[lens.value]
            line.append((f"{lens.symbol}{n:>3} ", _lens_style(lens) if n else "dim"))
        line.append((" " + bar(b.entries, most), "cyan"))
        line.append((f" {b.entries:>4}", None))
        marks: dict[str, list[TimelineEvent]] = {}
        for event in b.events:
            if event.kind in MARKERS and not (event.kind == "meeting" and event.entry_id):
                marks.setdefault(event.kind, []).append(event)
        for kind, found in marks.items():
            marker, _label, style = MARKERS[kind]
            if kind == "gap":
                text = " ".join(output.safe(e.detail.replace("quiet for ", "quiet ")) for e in found)
                line.append((f"  {marker} {text}", style))
            elif len(found) == 1:
                line.append((f"  {marker} ", style))
                line.append((output.safe(_short_mark(found[0])), None))
            else:
                line.append((f"  {marker}×{len(found)}", style))
        lines.append(line)
    return lines


def render_text(title: str, by: str, events, buckets, spark_buckets, width: int, color: bool) -> str:
    """The text view as a string: Rich-styled and cropped to `width` when `color`, else plain
    (whole lines, without loading Rich; every user text in them went through `output.safe`)."""
    spark_by = "week" if by == "day" else by
    lines = _header(title, events, spark_buckets, spark_by)
    lines.append([])
    lines += _day_lines(events) if by == "day" else _bucket_lines(buckets, by)
    if not color:
        # plain text (pipes, NO_COLOR): no Rich at all, for 5,000 rows or 5
        return "".join("".join([piece for piece, _ in line]) + "\n" for line in lines)
    from rich.console import Console
    from rich.text import Text

    texts = []
    for pieces in lines:
        line = Text()
        for piece, style in pieces:
            line.append(piece, style=style)
        texts.append(line)
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=width, no_color=not color, force_terminal=color,
        color_system="standard" if color else None, highlight=False, emoji=False,
        markup=False, legacy_windows=False,
    )
    # one print of one multi-line Text: per-line prints cost ~0.3 ms each (5,000-entry goals)
    console.print(Text("\n").join(texts), no_wrap=True, overflow="ellipsis", crop=True)
    return buffer.getvalue()


def _strip_ansi(color: bool | None) -> bool:
    """Whether click.echo would strip styles from stdout (not a terminal, or colour off)."""
    try:
        from click.utils import should_strip_ansi
    except ImportError:  # pragma: no cover - click moved it
        return color is False or (color is None and not sys.stdout.isatty())
    return should_strip_ansi(sys.stdout, color)


@cli.command()
@click.argument("goal", required=False, metavar="[GOAL]")
@click.option("--mentorship", metavar="M", help="The timeline of a mentorship and all its goals.")
@click.option("-t", "--tag", metavar="TAG", help="Only entries with TAG.")
@click.option("--by", "by", type=click.Choice(["day", "week", "month"]), default="day", show_default=True,
              help="Zoom: one line per event (day), or per ISO week or month.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format (json is stable, see the README).")
@click.option("--gap-days", type=click.IntRange(min=1), default=14, show_default=True,
              help="Mark quiet stretches of at least this many days.")
@click.pass_context
def timeline(ctx, goal, mentorship, tag, by, fmt, gap_days):
    """Entries, milestones, status changes, goal edits and gaps, in order; a mentorship's also
    its agreement changes, its closing and what closing did with each goal.

    GOAL (a name or id prefix), --mentorship M, --tag T, or the whole journal.
    """
    from journal.domain.timeline import bucket

    journal = journal_of(ctx)
    title, events = journal.timeline.build(goal, mentorship=mentorship, tag=tag, gap_days=gap_days)
    if fmt == "json":
        output.dump_json(timeline_json(title, by, journal.today(), gap_days, events, bucket(events, by)))
        return
    if not events:
        output.say(f"{output.safe(title)}: nothing on this timeline yet. "
                   "Link entries with `journal add -g GOAL`.")
        return
    buckets = [] if by == "day" else bucket(events, by)  # the day view lists events, not days
    spark_buckets = bucket(events, "week") if by == "day" else buckets
    color = not os.environ.get("NO_COLOR") and not _strip_ansi(ctx.color)
    width = max(60, shutil.get_terminal_size((120, 24)).columns)
    click.echo(render_text(title, by, events, buckets, spark_buckets, width, color), nl=False)
