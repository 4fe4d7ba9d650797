"""`journal export` and `journal import`: the whole journal out, other journals in."""

from __future__ import annotations

import click

from journal.cli import output
from journal.cli.app import ask_passphrase, cli, journal_of, output_file_options
from journal.domain.text import plural
from journal.services import EXPORT_FORMATS, IMPORT_FORMATS


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS),
              help="json is lossless and re-importable; markdown and html are for reading (default: the one -o "
                   "FILE's extension names, else json).")
@output_file_options
@click.option("--include-private", is_flag=True, help="Include private entries (left out by default).")
@click.option("--encrypt-to", "recipients", multiple=True, metavar="RECIPIENT",
              help="Encrypt the file with age for RECIPIENT (an age1… key or an ssh-ed25519 public key; repeatable).")
@click.pass_context
def export_command(ctx: click.Context, fmt: str | None, target: str | None, replace: bool, include_private: bool,
                   recipients: tuple[str, ...]) -> None:
    """Export the whole journal (trash and drafts are never exported)."""
    journal = journal_of(ctx)
    fmt = output.chosen_format(fmt, target, EXPORT_FORMATS, "json")
    if recipients and not (target and target != "-"):
        raise click.UsageError("--encrypt-to writes a file: give it with -o FILE.")
    if target and target != "-":
        written, left_out = journal.transfer.export_to_file(fmt, target, include_private=include_private,
                                                            encrypt_to=recipients, replace=replace)
        output.say(f"Exported {plural(written, 'entry', 'entries')} to {output.safe(target)}"
                   + (f", encrypted for {plural(len(recipients), 'recipient')} (age)." if recipients else "."))
        if journal.encrypted and not recipients:
            output.say(journal.PLAIN_COPY_NOTE)
    else:  # on a terminal the export is neutralised as it streams (docs/RELIABILITY.md); a pipe gets it exactly
        written, left_out = journal.transfer.export_to_stream(fmt, output.page_stream(),
                                                               include_private=include_private)
        if journal.encrypted and not output.to_terminal():  # a pipe or a redirect: a plain copy is made
            output.say(journal.PLAIN_STREAM_NOTE)
    if left_out:
        output.say(f"{plural(left_out, 'private entry was', 'private entries were')} left out "
                   "(add --include-private to export them).")


@cli.command("import")
@click.argument("file", metavar="FILE|DIR")
@click.option("--from", "source", type=click.Choice(IMPORT_FORMATS), default="auto",
              show_default=True, help="The file's format: our JSON export, jrnl (JSON or text), Day One (JSON or zip), "
              "or a journal database (a backup or a copy, plain or encrypted).")
@click.option("--identity", "identities", multiple=True, metavar="KEYFILE",
              help="An age identity file (or OpenSSH private key) that opens an age-encrypted export; repeatable. "
              "Without it an age file asks for its passphrase.")
@click.option("--dry-run", is_flag=True, help="Check the file and report what would happen; write nothing.")
@click.option("--skip-bad", is_flag=True, help="jrnl and Day One files: leave out a malformed entry (the report "
              "names its position) and import the rest, instead of refusing the file.")
@click.pass_context
def import_command(ctx: click.Context, file: str, source: str, identities: tuple[str, ...], dry_run: bool,
                   skip_bad: bool) -> None:
    """Import an export file, a jrnl or Day One Classic journal folder, or another journal file;
    re-importing the same file adds no duplicates."""
    report = journal_of(ctx).transfer.import_file(file, source, dry_run=dry_run, ask=ask_passphrase,
                                                  identities=identities, skip_bad=skip_bad)
    for line in report.lines():
        click.echo(output.safe(line))
