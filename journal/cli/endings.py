"""How a command ends when something goes wrong: one line on stderr and a documented exit code.

0 ok, 1 operational failure, 2 usage or bad value, 65 malformed import file, 70 internal error,
130 interrupted (129 and 143 hung up or stopped: process.ends_cleanly). Never a traceback, never
entry text. Shared by the click group (app.py: its own usage errors first) and the commands that
run without click (quick.py); imports nothing the services have not.
"""

from __future__ import annotations

import errno
import os
import sys

from journal.cli import terminal
from journal.domain.errors import JournalError
from journal.domain.text import for_terminal

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/ARCHITECTURE.md, start-up)
if TYPE_CHECKING:
    from typing import NoReturn

EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130


def fail(message: str, code: int) -> NoReturn:
    # Messages may quote paths or ids the user typed: neutralise control characters here, once.
    terminal.echo(f"journal: {for_terminal(message, single_line=True)}", err=True)
    sys.exit(code)


def discard_stdout() -> None:
    """Point stdout at /dev/null: output still buffered can no longer be delivered anyway."""
    try:
        target = sys.stdout.fileno()
    except (OSError, ValueError, AttributeError):  # no file under it (closed by the shell: cli._Closed)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, target)
    os.close(devnull)


def _raised_by(module: str, name: str) -> tuple[type[BaseException], ...]:
    """The exception class `name` of `module` when that module has been imported; else nothing,
    since nothing can have raised it. (An `except` clause's classes are looked up only when an
    exception reaches it, so nothing here imports the services to name their errors.)"""
    loaded = sys.modules.get(module)
    return (getattr(loaded, name),) if loaded is not None else ()


def end(error: BaseException) -> NoReturn:
    """End the command that raised `error` (anything but click's own: app.py says those)."""
    try:
        raise error
    except JournalError as exc:
        fail(str(exc), exc.exit_code)
    except _raised_by("journal.config", "NoHome") as exc:  # an OSError: before the OSError below
        fail(str(exc), getattr(exc, "exit_code", 2))
    except _raised_by("journal.services", "StorageFailure") as exc:
        failure = sys.modules["journal.services"].explain_storage_error(exc)
        fail(str(failure), failure.exit_code)
    except UnicodeEncodeError as exc:  # a latin-1 terminal: no ◆, no é from another script (S218)
        discard_stdout()
        fail(f"The output's encoding ({exc.encoding}) cannot show what journal prints: "
             "use a UTF-8 locale (LANG=C.UTF-8) or PYTHONIOENCODING=utf-8.", 1)
    except OverflowError:  # a count or number past what SQLite takes (`-n 9223372036854775808`)
        fail("A number given is too large; give a smaller one.", 2)
    except (KeyboardInterrupt, EOFError):
        fail("interrupted; nothing was saved", EXIT_INTERRUPTED)
    except OSError as exc:  # `journal list > /dev/full`
        where = f" {exc.filename}" if exc.filename else " the output"
        if not exc.filename:
            discard_stdout()  # else the exit's own flush fails again and Python exits 120
        fail(f"Cannot write{where}: {exc.strerror or type(exc).__name__}.", 1)
    except Exception as exc:  # the last line of defence: no traceback, no locals
        # never "unchanged": a step of several (a conversion, then its copies) may have been taken (S530)
        fail(f"internal error ({type(exc).__name__}). Run `journal doctor` to check the journal, and please "
             "report this.", EXIT_INTERNAL)
    except BaseException:  # SystemExit and the like: on their way
        raise


def closed_pipe(exc: BaseException) -> bool:
    """`journal list | head`: the reader went away. Ended as click ends it: quietly, exit 1."""
    return isinstance(exc, OSError) and exc.errno == errno.EPIPE
