"""Opening the terminal UI from the command line (the only CLI module that reaches Textual)."""

from __future__ import annotations

import click


def open_tui(state) -> None:
    """Run the Textual app on the chosen journal; until it exists, explain and show help."""
    try:
        from journal.tui.app import run
    except ModuleNotFoundError:
        ctx = click.get_current_context()
        click.echo(ctx.get_help())
        return
    run(state.db)
