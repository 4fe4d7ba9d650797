"""`journal due` and `journal streak`: the reflective loop from the command line."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from journal.cli import output
from journal.cli.app import cli, journal_of
from journal.domain.text import plural

if TYPE_CHECKING:
    from journal.domain.reflection import Due

PER_KIND = 10
"""`journal due` shows this many items of each kind unless asked (a big journal can have thousands
of foresight entries to look back at: they are counted, and `--all` lists them)."""
_LABELS = {
    "foresight": "Look back",
    "follow-up": "Follow up",
    "review": "Goal review due",
    "target": "Goal target",
    "milestone": "Milestone due",
    "check-in": "Check-in due",
    "meeting": "Meeting was planned",
    "quiet": "Quiet goal",
}


@cli.command()
@click.option("--quiet-days", type=click.IntRange(min=1), metavar="N",
              help="A goal with no entry for N days is quiet (default 14, or [nudges] quiet_days).")
@click.option("-n", "per_kind", type=click.IntRange(min=1), default=PER_KIND, show_default=True, metavar="N",
              help="Show at most N items of each kind, longest waiting first (the rest are counted).")
@click.option("--all", "show_all", is_flag=True, help="Show every item.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format (JSON: every item).")
@click.pass_context
def due(ctx, quiet_days, per_kind, show_all, fmt):
    """What is due: foresight to revisit, feedback follow-ups, goal reviews, targets and milestones,
    check-ins, meetings, goals gone quiet."""
    journal = journal_of(ctx)
    if fmt == "json":
        output.dump_json([
            {"kind": d.kind, "id": d.ref, "title": d.title, "since": d.since.isoformat(), "days": d.days,
             **({"milestone": d.milestone, "goal": d.goal} if d.milestone else {})}
            for d in journal.reflection.due(quiet_days)
        ])
        return
    listed = journal.reflection.due(quiet_days, per_kind=None if show_all else per_kind)
    if not listed:
        output.say("Nothing is due. Well kept.")
        return
    for d in listed:
        click.echo(f"{click.style(_LABELS[d.kind], bold=True)}: {_due_line(d)}")
    for kind, count in listed.more().items():
        click.echo(f"… and {count} more of “{_LABELS[kind]}” (`journal due --all` lists them)")


def _due_line(d: Due) -> str:
    """What is due, since when, and the command that answers it."""
    title = output.safe(f"{d.title} — {d.goal}" if d.milestone else d.title)
    when = f"quiet for {plural(d.days, 'day')}" if d.kind == "quiet" else (
        f"{'passed on' if d.kind == 'target' else 'due since'} {d.since.isoformat()}" if d.days else "due today")
    goal = d.ref[:8]
    hint = {"foresight": f"what actually happened? journal add -l h --answers {goal}",
            "follow-up": f"how did it go? journal add -l h --answers {goal}",
            # a review is kept by a check-in on the goal; nothing said so (S224)
            "review": f"a check-in on it keeps it: journal add --kind check-in -g {goal}",
            "target": (f"reached? journal goal close {goal} --status achieved; "
                       f"going on? journal goal edit {goal} --by WHEN"),
            "milestone": f"reached? journal goal done {goal} {(d.milestone or '')[:8]}"}.get(d.kind)
    return f"{title} ({when}){f'  → {hint}' if hint else ''}"


@cli.command()
@click.pass_context
def streak(ctx):
    """Your current and longest run of days with an entry."""
    current, longest = journal_of(ctx).reflection.streaks()
    click.echo(f"current streak: {plural(current, 'day')}; longest: {longest}")
