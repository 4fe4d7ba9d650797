"""Housekeeping commands: init, paths."""

from __future__ import annotations

from pathlib import Path

import click

from journal import config
from journal.cli import output
from journal.cli.app import cli, state_of
from journal.services import Journal


@cli.command()
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def init(ctx, path):
    """Create a journal at PATH (default: --db, $JOURNAL_DB, or the default journal)."""
    target, _ = config.db_path(path or state_of(ctx).db)
    existed = target.exists() and target.stat().st_size > 0
    with Journal.open(target, create=True) as journal:
        where = journal.path
    output.say(f"Journal at {where} is ready." if existed else f"Created a journal at {where}.")


@cli.command()
@click.pass_context
def paths(ctx):
    """Show where the journal, config and your own prompts live."""
    db, _ = config.db_path(state_of(ctx).db)
    for label, value in (
        ("journal", db), ("data", config.data_dir()), ("config", config.config_file()),
        ("prompts", config.user_prompts_dir()),
    ):
        click.echo(f"{label:<8} {value}")
