"""The click group, shared options, how a command gets its Journal, and how errors end.

Errors are one line on stderr and a documented exit code: 0 ok, 1 operational failure,
2 usage or bad value, 65 malformed import file, 70 internal error, 130 interrupted.
Never a traceback, never entry text.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import click

from journal import __version__
from journal.clock import Clock
from journal import config
from journal.config import NoHome
from journal.domain.errors import JournalError
from journal.domain.text import for_terminal, plural, repair_surrogates
from journal.services import Journal, StorageFailure, explain_storage_error

make_clock = Clock
"""The clock factory commands use; tests replace it with a fixed clock."""


class Context:
    """What every command shares: the --db choice and the lazily opened journal."""

    def __init__(self, db: str | None) -> None:
        self.db = db
        self._journal: Journal | None = None

    def journal(self) -> Journal:
        if self._journal is None:
            self._journal = Journal.open(self.db, clock=make_clock(), ask=ask_passphrase)
            if notice := self._journal.clock.zone_notice():  # TZ is no zone name: say once which zone is used
                click.echo(f"journal: {for_terminal(notice, single_line=True)}", err=True)
        return self._journal

    def close(self) -> None:
        if self._journal is None:
            return
        try:  # a configured sync folder gets this command's changes (never failing the command);
            # without one the sync service is not even imported (every command passes here)
            lines = self._journal.sync.after_writing() if config.settings().text("sync.folder") else []
            for line in lines:
                click.echo(f"journal: {for_terminal(line, single_line=True)}", err=True)
        finally:
            self._journal.close()


def terminal_available() -> bool:
    """A controlling terminal to ask on (/dev/tty), even when stdin is a pipe."""
    try:
        with open("/dev/tty", "rb"):
            return True
    except OSError:
        return False


def ask_passphrase(prompt: str) -> str | None:
    """Ask on the terminal, without echo; None when there is no terminal to ask on."""
    import getpass

    if not terminal_available():
        return None
    return getpass.getpass(for_terminal(prompt, single_line=True), stream=sys.stderr)


EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130


def _fail(message: str, code: int) -> NoReturn:
    # Messages may quote paths or ids the user typed: neutralise control characters here, once.
    click.echo(f"journal: {for_terminal(message, single_line=True)}", err=True)
    sys.exit(code)


def _discard_stdout() -> None:
    """Point stdout at /dev/null: output still buffered can no longer be delivered anyway."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _is_path(param: click.Parameter) -> bool:
    """A parameter that names a file (click.Path or File, or a PATH/FILE/DIR metavar)."""
    if isinstance(param.type, click.Path | click.File):
        return True
    return any(word in (param.metavar or "") for word in ("PATH", "FILE", "DIR"))


def _invalid_bytes(value: object) -> int:
    """How many bytes of an argument were not UTF-8: on POSIX, Python decodes argv (and the
    environment) with surrogateescape, so each such byte arrives as one lone surrogate."""
    if not isinstance(value, str):
        return 0
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return sum(1 for ch in value if "\ud800" <= ch <= "\udfff")
    return 0


def repair_arguments(command: click.Command, ctx: click.Context) -> None:
    """One rule for every argument and option of every command, right after click parsed them:
    text with bytes that are not UTF-8 has each such byte replaced with U+FFFD (as a body is,
    domain/text.repair_surrogates) and one line on stderr names the argument, never its text.
    Paths keep their bytes: a file name need not be UTF-8, and it must still name that file
    (`--db`, $JOURNAL_DB, FILE arguments; $EDITOR is a command and is never touched here)."""
    for param in command.params:
        if param.name is None or param.name not in ctx.params or _is_path(param):
            continue
        value = ctx.params[param.name]
        values = value if isinstance(value, tuple) else (value,)
        bad = sum(_invalid_bytes(v) for v in values)
        if not bad:
            continue
        fixed = tuple(repair_surrogates(v) if isinstance(v, str) else v for v in values)
        ctx.params[param.name] = fixed if isinstance(value, tuple) else fixed[0]
        if isinstance(param, click.Option):
            name = "option " + max(param.opts, key=len)
        else:
            name = "argument " + param.human_readable_name
        click.echo(f"journal: {name} was not valid UTF-8; {plural(bad, 'byte')} replaced with \ufffd", err=True)


class JournalCommand(click.Command):
    """Every command: its arguments are repaired by `repair_arguments` once parsed."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        rest = super().parse_args(ctx, args)
        repair_arguments(self, ctx)
        return rest


class JournalGroup(click.Group):
    """A click group whose failures are one clean line and an exit code."""

    command_class = JournalCommand
    group_class = type  # sub-groups (goal, mentorship, drafts) are JournalGroups too

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        rest = super().parse_args(ctx, args)
        repair_arguments(self, ctx)
        return rest

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> NoReturn:
        """click's `main`, never standalone: every way out is one line and an exit code."""
        try:
            code = super().main(args=args, prog_name=prog_name, complete_var=complete_var,
                                standalone_mode=False, **extra)
        except (JournalError, NoHome) as exc:
            _fail(str(exc), exc.exit_code)
        except StorageFailure as exc:
            failure = explain_storage_error(exc)
            _fail(str(failure), failure.exit_code)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "journal"
            _fail(f"{exc.format_message()} (see `{command} --help`)", exc.exit_code)
        except click.ClickException as exc:
            _fail(exc.format_message(), exc.exit_code)
        except (click.Abort, KeyboardInterrupt, EOFError):
            _fail("interrupted; nothing was saved", EXIT_INTERRUPTED)
        except OSError as exc:  # `journal list > /dev/full` (click ends `| head`, EPIPE, itself)
            where = f" {exc.filename}" if exc.filename else " the output"
            if not exc.filename:
                _discard_stdout()  # else the exit's own flush fails again and Python exits 120
            _fail(f"Cannot write{where}: {exc.strerror or type(exc).__name__}.", 1)
        except Exception as exc:  # the last line of defence: no traceback, no locals
            _fail(f"internal error ({type(exc).__name__}). Your journal is unchanged; please report this.",
                  EXIT_INTERNAL)
        sys.exit(code if isinstance(code, int) else 0)


def state_of(ctx: click.Context) -> Context:
    """The shared state the `journal` group put on the context."""
    state = ctx.find_object(Context)
    assert state is not None, "every command runs under the `journal` group"
    return state


def journal_of(ctx: click.Context) -> Journal:
    return state_of(ctx).journal()


@click.group(
    cls=JournalGroup,
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
    from journal.cli import timeline  # noqa: F401
    from journal.cli import prompt  # noqa: F401
    from journal.cli import reflection  # noqa: F401
    from journal.cli import upkeep  # noqa: F401
    from journal.cli import transfer  # noqa: F401
    from journal.cli import retro  # noqa: F401
    from journal.cli import drafts  # noqa: F401
    from journal.cli import privacy  # noqa: F401
    from journal.cli import sync  # noqa: F401
    from journal.cli import agreements  # noqa: F401
    from journal.cli import shortlists  # noqa: F401
    from journal.cli import preparing  # noqa: F401


register()
