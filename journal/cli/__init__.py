"""The `journal` command: a thin click shell over `journal.services.Journal`."""

from __future__ import annotations

import os

from journal.cli.app import cli


def main(argv: list[str] | None = None) -> None:
    """Console entry point: every file we create is private (umask 077)."""
    os.umask(0o077)
    cli.main(args=argv, prog_name="journal")
