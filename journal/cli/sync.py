"""`journal sync`: this journal and its other devices, through a folder another program syncs."""

from __future__ import annotations

import click

from journal.cli import everyday
from journal.cli.app import cli, state_of


@cli.command("sync")
@click.argument("folder", required=False, metavar="[DIR]")
@click.option("--status", is_flag=True, help="Show this device, the others, pending changes and conflicts.")
@click.pass_context
def sync_command(ctx: click.Context, folder: str | None, status: bool) -> None:
    """Write this device's changes into DIR and apply the other devices' (DIR is remembered).

    DIR is a folder that Syncthing, Dropbox, iCloud Drive, Nextcloud or a git clone carries
    between your devices; the journal itself never goes there."""
    everyday.sync(state_of(ctx), folder, status)
