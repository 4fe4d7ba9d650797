"""The `journal` command: a thin click shell over `journal.services.Journal`.

Errors are one line on stderr and a documented exit code: 0 ok, 1 operational failure,
2 usage or bad value, 65 malformed import file, 70 internal error, 130 interrupted.
Never a traceback, never entry text.
"""

from __future__ import annotations

import os
import sys

import click

from journal.cli.app import cli
from journal.domain.errors import JournalError

EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130


def _fail(message: str, code: int) -> None:
    click.echo(f"journal: {message}", err=True)
    sys.exit(code)


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    os.umask(0o077)
    try:
        code = cli.main(args=argv, prog_name="journal", standalone_mode=False)
    except JournalError as exc:
        _fail(str(exc), exc.exit_code)
    except click.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "journal"
        _fail(f"{exc.format_message()} (see `{command} --help`)", exc.exit_code)
    except click.ClickException as exc:
        _fail(exc.format_message(), exc.exit_code)
    except (click.Abort, KeyboardInterrupt):
        _fail("interrupted; nothing was saved", EXIT_INTERRUPTED)
    except BrokenPipeError:
        # `journal list | head`: the reader left; that is not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(code if isinstance(code, int) else 0)
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback, no locals
        _fail(
            f"internal error ({type(exc).__name__}). Your journal is unchanged; please report this.",
            EXIT_INTERNAL,
        )
    sys.exit(code if isinstance(code, int) else 0)
