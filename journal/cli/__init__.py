"""The `journal` command: a thin click shell over `journal.services.Journal`."""

from __future__ import annotations

import errno
import gc
import io
import os
import sys


class _Closed(io.TextIOBase):
    """Standard output the shell closed (`journal list >&-`): writing to it fails like a closed
    pipe does, so a command that prints says it could not and exits 1; one that prints nothing
    there (`add` speaks on stderr) works (S162)."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def main(argv: list[str] | None = None) -> None:
    """Console entry point: every file we create is private (umask 077). No garbage collection
    while the CLI and the command's modules are imported (they make many objects and free none):
    it comes back on when the journal opens (`Context.journal`), as the TUI does for Textual.
    The everyday commands in their plain forms run without click (quick.py); the rest through it."""
    gc.disable()
    os.umask(0o077)
    if sys.stdin is None:  # closed (`<&-`): read as empty
        sys.stdin = open(os.devnull, encoding="utf-8")  # for the whole process
    if sys.stdout is None:
        sys.stdout = _Closed()
    try:
        from journal.cli import quick

        quick.run(sys.argv[1:] if argv is None else list(argv))
        from journal.cli.app import cli
    except KeyboardInterrupt:  # ctrl+c while the modules load: one line, as ever after (nothing is open yet)
        os.write(2, b"\njournal: interrupted; nothing was saved\n")
        sys.exit(130)
    cli.main(args=argv, prog_name="journal")
