"""Looking after the journal: backup, doctor, restore."""

from __future__ import annotations

from pathlib import Path

import click

from journal.cli import app, output
from journal.cli.app import Context, cli, journal_of
from journal.services import Journal


@cli.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def backup(ctx, file):
    """Copy the journal to FILE (default: the backups folder beside it) through SQLite's backup API.

    The copy is checked with integrity_check, written 0600 to a temp file and renamed
    into place, so a half-written backup never exists under its final name.
    """
    journal = journal_of(ctx)
    target = file.expanduser() if file else journal.default_backup_path()
    if target.exists() and target.is_dir():
        target = target / journal.default_backup_path().name
    made = journal.backup(target)
    output.say(f"Backed up to {made}")


STATUS = {"ok": "ok  ", "info": "info", "warn": "WARN", "fail": "FAIL"}


@cli.command()
@click.option("--full", is_flag=True, help="Run the slow, complete integrity_check instead of quick_check.")
@click.option("--fix-perms", is_flag=True, help="Make the journal files 0600 and folders 0700 (the only change doctor makes).")
@click.pass_context
def doctor(ctx, full, fix_perms):
    """Check the journal file: integrity, links, search index, permissions, schema, drafts, backups.

    Opens the file read-only and changes nothing (unless --fix-perms). Exit 0 when all is
    well, 1 when something needs attention.
    """
    path, checks = Journal.doctor(ctx.find_object(Context).db, clock=app.make_clock(), full=full,
                                  fix_perms=fix_perms)
    click.echo(f"journal {path}")
    for check in checks:
        click.echo(f"{STATUS.get(check.status, check.status)}  {check.name}: {check.detail}")
    problems = sum(1 for c in checks if c.problem)
    if problems:
        click.echo(f"journal: {problems} problem(s) found in {path}; see the lines marked WARN/FAIL.", err=True)
        ctx.exit(1)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def restore_backup(ctx, file, yes):
    """Replace the journal with the backup FILE (the current one is kept as .pre-restore-<stamp>).

    The backup is verified first (integrity_check, a journal this version can read). Close
    every other window using the journal: restore refuses while the journal is open.
    """
    from journal.store.upkeep import verify_backup

    db = ctx.find_object(Context).db
    count = verify_backup(file.expanduser())
    if not yes:
        if not click.confirm(f"Replace the journal with {file} ({count} entries)?", err=True):
            output.say("Restore cancelled; nothing was changed.")
            ctx.exit(1)
    path, kept, count = Journal.restore_backup(file, db, clock=app.make_clock())
    if kept:
        output.say(f"The previous journal is kept as {kept}")
    output.say(f"Restored {path} from {file} ({count} entries).")
