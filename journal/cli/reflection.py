"""`journal due` and `journal streak`: the reflective loop from the command line."""

from __future__ import annotations

import click

from journal.cli import everyday
from journal.cli.app import cli, journal_of, state_of
from journal.cli.everyday import PER_KIND
from journal.domain.text import plural


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
    everyday.due(state_of(ctx), quiet_days, per_kind, show_all, fmt)


@cli.command()
@click.pass_context
def streak(ctx):
    """Your current and longest run of days with an entry."""
    current, longest = journal_of(ctx).reflection.streaks()
    click.echo(f"current streak: {plural(current, 'day')}; longest: {longest}")
