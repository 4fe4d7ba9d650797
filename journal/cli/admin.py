"""Housekeeping commands: init, paths."""

from __future__ import annotations

import click

from journal import config
from journal.cli import output
from journal.cli.app import ask_passphrase, cli, state_of
from journal.services import Journal


@cli.command()
@click.argument("path", required=False, type=click.Path(dir_okay=False))  # text: "" is refused (S172)
@click.option("--encrypt", is_flag=True, help="Encrypt it from the start (asks for a passphrase, twice).")
@click.pass_context
def init(ctx, path, encrypt):
    """Create a journal at PATH (default: --db, $JOURNAL_DB, or the default journal)."""
    target, _ = config.db_path(path or state_of(ctx).db)
    existed = target.exists() and target.stat().st_size > 0
    if encrypt:
        from journal.cli.privacy import new_passphrase
        from journal.services import privacy

        privacy.check_can_create(target)
        where = privacy.create_encrypted(target, new_passphrase())
        output.say(f"Created an encrypted journal at {where}.")
        return
    with Journal.open(target, create=True, ask=ask_passphrase) as journal:
        where = journal.path
    output.say(f"Journal at {where} is ready." if existed else f"Created a journal at {where}.")


@cli.command()
@click.pass_context
def paths(ctx):
    """Show where the journal, config and your own prompts live."""
    db, _ = config.db_path(state_of(ctx).db)
    from journal.services.privacy import status
    from journal.services.upkeep import backups_folder

    for label, value in (
        ("journal", db), ("backups", backups_folder(db)),
        ("data", config.data_dir()), ("config", config.config_file()),
        ("prompts", config.user_prompts_dir()), ("privacy", status(db)),
    ):
        click.echo(f"{label:<8} {output.safe(str(value))}")
