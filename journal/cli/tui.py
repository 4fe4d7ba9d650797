"""Opening the terminal UI from the command line (the only CLI module that reaches Textual)."""

from __future__ import annotations

import gc
import sys

import click

from journal.domain.errors import JournalError
from journal.domain.text import for_terminal


def open_tui(state) -> None:
    """Run the Textual app on the chosen journal; exit with its code when it is not 0."""
    gc.disable()  # importing Textual and the app makes many objects and frees none: no collections meanwhile
    try:
        from journal.tui.app import run
    finally:
        gc.enable()  # off again while the app starts, until its first paint (JournalApp.run)

    try:
        code = run(state.db)
    except JournalError as error:  # e.g. --db names a file that does not exist
        raise click.ClickException(for_terminal(str(error))) from None
    if code:
        sys.exit(code)
