"""What a command shares, with or without click: the --db choice and the journal, opened when
the command first asks for it and closed after it (its notices said, its changes synced)."""

from __future__ import annotations

import contextlib
import gc
import sys

from journal.cli import terminal
from journal.domain.text import for_terminal

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/ARCHITECTURE.md, start-up)
if TYPE_CHECKING:
    from journal.clock import Clock
    from journal.services import Journal


def make_clock() -> Clock:
    """The clock commands use; tests replace this factory with one giving a fixed clock."""
    from journal.clock import Clock

    return Clock()


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


class Context:
    """What every command shares: the --db choice and the lazily opened journal."""

    def __init__(self, db: str | None) -> None:
        self.db = db
        self._journal: Journal | None = None
        self._stopping = contextlib.ExitStack()
        self.sync_after = True
        """False: this command only reads the sync's state (`sync --status`): no sync after it (S254)."""

    def journal(self) -> Journal:
        if self._journal is None:
            from journal.services import Journal, ends_cleanly

            # off while the modules were imported (`journal.cli.main`); what they made lives as long
            # as the process: frozen, no collection ever walks it (one did, costing what was saved)
            gc.freeze()
            gc.enable()
            # asked to stop or hung up, a command ends as on ctrl+c: what it made goes (an
            # export's unfinished file, a decrypt's plain copies: S507); back as it was in `close`
            self._stopping.enter_context(ends_cleanly())
            self._journal = Journal.open(self.db, clock=make_clock(), ask=ask_passphrase)
            if notice := self._journal.clock.zone_notice():  # TZ is no zone name: say once which zone is used
                terminal.echo(f"journal: {for_terminal(notice, single_line=True)}", err=True)
        return self._journal

    def ask(self, prompt: str) -> str | None:
        """A passphrase asked on the terminal (`ask_passphrase`, as the journal was opened with)."""
        return ask_passphrase(prompt)

    def close(self) -> None:
        with self._stopping:
            self._close()

    def _close(self) -> None:
        if self._journal is None:
            return

        try:  # a configured sync folder gets this command's changes (never failing the command);
            # without one the sync service is not even imported (every command passes here)
            lines = list(self._journal.session.notices)  # a saved write's daily backup found something wrong
            lines += (self._journal.sync.after_writing()
                      if self.sync_after and self._journal.session.sync_folder() else [])
            for line in lines:
                terminal.echo(f"journal: {for_terminal(line, single_line=True)}", err=True)
        finally:
            self._journal.close()
