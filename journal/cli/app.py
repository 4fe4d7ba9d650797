"""The click group, shared options, and how a command gets its Journal."""

from __future__ import annotations

import os
import sys

import click

from journal import __version__
from journal.services import Journal


class Context:
    """What every command shares: the --db choice and the lazily opened journal."""

    def __init__(self, db: str | None) -> None:
        self.db = db
        self._journal: Journal | None = None

    def journal(self) -> Journal:
        if self._journal is None:
            self._journal = Journal.open(self.db)
        return self._journal

    def close(self) -> None:
        if self._journal is not None:
            self._journal.close()


pass_context = click.make_pass_decorator(Context)


def journal_of(ctx: click.Context) -> Journal:
    return ctx.find_object(Context).journal()


@click.group(
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Run `journal COMMAND --help` for a command's options. With no command, opens the terminal UI.",
)
@click.option(
    "--db",
    metavar="PATH",
    envvar="JOURNAL_DB",
    help="Journal file to use (default: the journal in your data folder; env JOURNAL_DB).",
)
@click.version_option(__version__, "--version", prog_name="threefold-journal")
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """Threefold: a reflection journal with three lenses - hindsight, insight, foresight."""
    if os.environ.get("NO_COLOR"):
        ctx.color = False
    state = Context(db)
    ctx.obj = state
    ctx.call_on_close(state.close)
    if ctx.invoked_subcommand is None:
        if sys.stdin.isatty() and sys.stdout.isatty():
            from journal.cli.tui import open_tui  # Textual is imported only here

            open_tui(state)
        else:
            click.echo(ctx.get_help())


def register() -> None:
    """Attach every sub-command module to the group (imported for their side effects)."""
    from journal.cli import admin, entries, goals, mentorships  # noqa: F401


register()
