"""`journal sync`: this journal and its other devices, through a folder another program syncs."""

from __future__ import annotations

import click

from journal.cli import output
from journal.domain.errors import StorageError
from journal.cli.app import ask_passphrase, cli, journal_of, state_of


@cli.command("sync")
@click.argument("folder", required=False, metavar="[DIR]")
@click.option("--status", is_flag=True, help="Show this device, the others, pending changes and conflicts.")
@click.pass_context
def sync_command(ctx: click.Context, folder: str | None, status: bool) -> None:
    """Write this device's changes into DIR and apply the other devices' (DIR is remembered).

    DIR is a folder that Syncthing, Dropbox, iCloud Drive, Nextcloud or a git clone carries
    between your devices; the journal itself never goes there."""
    journal = journal_of(ctx)
    # --status says what is pending, it does not write it out; a sync is the sync (a failed one is
    # said once, not again by the automatic sync on the way out)
    state_of(ctx).sync_after = False
    if status:
        found = journal.sync.status()
        missing = "" if found.folder is None or found.folder.is_dir() else " (not there: unmounted or moved?)"
        named = output.safe(str(found.folder)) if found.folder else "(none: journal sync DIR)"
        click.echo(f"folder   {named}{missing}")
        if found.refused:  # every sync says so and writes nothing: the status must not read as all well (S479)
            click.echo(f"refused  {output.safe(found.refused)} Until then nothing syncs.")
        click.echo(f"device   {found.device or '(not synced yet)'}")
        click.echo(f"pending  {found.pending} change(s) not written out yet")
        click.echo(f"drafts   {found.conflicts} not offered yet (sync conflicts, unsaved text): `journal drafts`")
        for device, files, last in found.devices:
            click.echo(f"other    {device}: {files} file(s) applied, the last at {last}")
        for device, files, last in found.earlier:
            click.echo(f"earlier  {device}: {files} file(s) applied, the last at {last}; none in this folder (a "
                       "device of a folder synced with before, or its files were removed from this one)")
        for device, files in found.waiting:
            click.echo(f"waiting  {device}: {files} change file(s) in the folder not applied here yet: `journal sync` "
                       "applies them, or says why it cannot")
        for device, applied, wrote in found.behind:
            click.echo(f"behind   {device}: has applied this device's files up to {applied} of {wrote}; until it "
                       "syncs, this device's older files stay in the folder (a device gone for good: delete its "
                       f"folder {device}/ there)")
        return
    report = journal.sync.run(folder, ask=ask_passphrase)
    for line in report.lines():
        click.echo(output.safe(line))
    if report.skipped:  # what this device could apply is applied; the rest is not, and never will be as it is
        ways = "; ".join(f"{way} ({n})" if len(report.skipped) > 1 else way for way, n in report.skipped.items())
        raise StorageError(f"{report.skipped.total()} change file(s) of other devices were skipped (said above) and "
                           f"are never applied as they are: {ways}.")
