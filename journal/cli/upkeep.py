"""Looking after the journal: backup, doctor, and restoring a backup (`journal restore FILE`)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from journal import services
from journal.cli import app, output, state
from journal.cli.app import cli, journal_of
from journal.domain.text import plural


@cli.command()
@click.argument("file", required=False, type=click.Path())  # text: "" is refused (S172)
@click.option("--replace", is_flag=True, help="Overwrite FILE if it exists (refused otherwise).")
@click.pass_context
def backup(ctx, file, replace):
    """Copy the journal to FILE (default: the backups folder beside it) through SQLite's backup API.

    FILE may be a folder: the copy goes into it, named as in the backups folder. The copy is
    checked with integrity_check, written 0600 to a temp file and renamed into place, so a
    half-written backup never exists under its final name. A FILE already there is replaced
    only with --replace; its folder must exist.
    """
    made = journal_of(ctx).upkeep.backup(file, replace=replace)
    output.say(f"Backed up to {output.safe(str(made))}")


STATUS = {"ok": "ok  ", "info": "info", "warn": "WARN", "fail": "FAIL"}


@cli.command()
@click.option("--full", is_flag=True, help="Run the slow, complete integrity_check instead of quick_check.")
@click.option("--fix-perms", is_flag=True, help="Make the journal files 0600 and folders 0700.")
@click.option("--fix-tags", is_flag=True, help="Rebuild the tag index from the entries' tags (after an outside edit).")
@click.pass_context
def doctor(ctx, full, fix_perms, fix_tags):
    """Check the journal file: integrity, links, search index, permissions, schema, drafts, backups.

    Opens the file read-only and changes nothing, unless --fix-perms or --fix-tags asks it
    to mend those. Exit 0 when all is well, 1 when something needs attention.
    """
    path, checks = services.doctor(app.state_of(ctx).db, clock=state.make_clock(), full=full,
                                  fix_perms=fix_perms, fix_tags=fix_tags, ask=state.ask_passphrase)
    click.echo(f"journal {output.safe(str(path))}")
    for check in checks:
        click.echo(f"{STATUS.get(check.status, check.status)}  {output.safe(check.name)}: {output.safe(check.detail)}")
    problems = sum(1 for c in checks if c.problem)
    if problems:
        click.echo(f"journal: {plural(problems, 'problem')} found in {output.safe(str(path))}; see the lines marked "
                   "WARN/FAIL.", err=True)
        ctx.exit(1)


def _held(entries: int, last: datetime | None) -> str:
    said = plural(entries, "entry", "entries")
    return f"{said}, last change {last:%Y-%m-%d %H:%M}" if last else said


def restore_from_backup(ctx: click.Context, file: Path, yes: bool) -> None:
    """`journal restore FILE`: replace the journal with a verified backup.

    The current journal is kept as .pre-restore-<stamp>; restore refuses while another
    window has the journal open. No connection to the journal is held meanwhile.
    """
    db = app.state_of(ctx).db
    if not yes:
        choice = services.restore_choice(file, db, clock=state.make_clock(), ask=state.ask_passphrase)
        if choice.newer:
            one = choice.newer == 1
            output.say(f"{plural(choice.newer, 'entry', 'entries')} of the journal {'is' if one else 'are'} not in "
                       f"the backup, or changed since it was made: after the restore {'it is' if one else 'they are'} "
                       "only in the journal's .pre-restore copy.")
        if choice.drafts or choice.records:  # never only entries counted (S343)
            what = [plural(choice.drafts, "draft") + " (unsaved text)"] if choice.drafts else []
            what += [f"{plural(choice.records, 'goal, mentorship or other record')} made or changed since"
                     ] if choice.records else []
            output.say(f"The backup lacks {' and '.join(what)} of the journal: after the restore only its "
                       ".pre-restore copy has them (`journal --db COPY drafts` lists its drafts; "
                       "`journal import COPY` brings back its entries and records).")
        here = "" if choice.journal_entries is None else f" ({_held(choice.journal_entries, choice.journal_last)})"
        there = _held(choice.backup_entries, choice.backup_last)
        if not app.confirm(f"Replace the journal{here} with {output.safe(str(file))} ({there})?"):
            output.say("Restore cancelled; nothing was changed.")  # exit 0, as purge and decrypt answered no (S397)
            return
    path, kept, count, followed = services.restore_backup(file, db, clock=state.make_clock(), ask=state.ask_passphrase)
    if kept:
        output.say(f"The previous journal is kept as {kept}")
    output.say(f"Restored {path} from {file} ({plural(count, 'entry', 'entries')}).")
    if followed:
        output.say(followed)
