"""`journal export` and `journal import`: the whole journal out, other journals in."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from journal.cli import output
from journal.cli.app import cli, journal_of


def _stdout_sink(data: bytes) -> None:
    stream = sys.stdout
    stream.flush()
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:  # a text-only stream (rare): decode back
        stream.write(data.decode("utf-8"))


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["json", "markdown", "html"]), default="json",
              show_default=True, help="json is lossless and re-importable; markdown and html are for reading.")
@click.option("-o", "--output", "target", metavar="FILE",
              help="Write to FILE (made 0600, atomically) instead of standard output.")
@click.option("--include-private", is_flag=True, help="Include private entries (left out by default).")
@click.pass_context
def export_command(ctx: click.Context, fmt: str, target: str | None, include_private: bool) -> None:
    """Export the whole journal (trash and drafts are never exported)."""
    journal = journal_of(ctx)
    if target and target != "-":
        from journal.io.files import export_file

        path = Path(target)
        with export_file(path) as write:
            written, left_out = journal.export_journal(fmt, write, include_private=include_private)
        output.say(f"Exported {written} entries to {output.safe(str(path))}.")
    else:
        from journal.io.files import Buffered

        write = Buffered(_stdout_sink)
        written, left_out = journal.export_journal(fmt, write, include_private=include_private)
        write.flush()
    if left_out:
        output.say(f"{left_out} private entries were left out (add --include-private to export them).")


@cli.command("import")
@click.argument("file", metavar="FILE")
@click.option("--from", "source", type=click.Choice(["auto", "json", "jrnl", "dayone"]), default="auto",
              show_default=True, help="The file's format: our JSON export, jrnl (JSON or text), Day One (JSON or zip).")
@click.option("--dry-run", is_flag=True, help="Check the file and report what would happen; write nothing.")
@click.pass_context
def import_command(ctx: click.Context, file: str, source: str, dry_run: bool) -> None:
    """Import an export file; re-importing the same file adds no duplicates."""
    report = journal_of(ctx).import_file(file, source, dry_run=dry_run)
    for line in report.lines():
        click.echo(line)
