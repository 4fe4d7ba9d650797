"""The unlock step: the passphrase of an encrypted journal, asked before the app opens it.

`run()` in tui/app.py runs `UnlockApp` when the journal is encrypted and neither the OS
keyring nor JOURNAL_PASSPHRASE_FD / JOURNAL_PASSPHRASE_FILE gave its key, then runs the
journal app on the Journal it returns. Deriving the key takes ~0.2-0.5 s, so a passphrase is
tried in a thread while the screen says "Unlocking…". A wrong one leaves the service's one-line
error under an emptied field and the person tries again (no lockout); escape or ctrl+q
leaves with exit code 1. The passphrase is never shown, printed (a crash prints one line,
not Textual's traceback with its locals) or kept after the attempt.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Header, Input, Static
from textual.worker import Worker, WorkerState

from journal.domain.errors import JournalError
from journal.services import Journal
from journal.tui import settings
from journal.tui.screens.base import JournalScreen
from journal.tui.widgets.rows import safe
from journal.tui.widgets.footer import KeysFooter
from journal.tui.widgets.text_input import TextInput

Ask = Callable[[str], str | None]
"""The question `Journal.open` asks for a passphrase (services/unlocking.py)."""

Opener = Callable[[Ask], Journal]
"""Opens the journal, unlocking it with what `ask` answers; raises JournalError (WrongKey) if that fails."""

NOT_UNLOCKED = "Not unlocked; nothing was changed."
"""What is left on stderr when the person leaves the unlock step (exit code 1)."""

CRASH_CODE = 70
"""EX_SOFTWARE, as the journal app's crash path."""

ERROR_STYLE = "bold #ff8787"


class UnlockScreen(JournalScreen[Journal]):
    """The journal's path, a passphrase field, and what the last attempt said; dismisses
    with the open Journal."""

    DEFAULT_CSS = """
    UnlockScreen { align: center middle; }
    UnlockScreen #unlock-box {
        width: 72; max-width: 100%; height: auto; padding: 1 2;
        border: thick $accent; background: $surface;
    }
    UnlockScreen #unlock-title { margin-bottom: 1; }
    UnlockScreen #unlock-path { margin-bottom: 1; }
    UnlockScreen #unlock-status { height: auto; min-height: 1; margin-top: 1; }
    UnlockScreen #unlock-hint { margin-top: 1; }
    """

    def __init__(self, path: Path, opener: Opener) -> None:
        super().__init__(id="unlock")
        self.path = path
        self.opener = opener
        self.busy = False
        """A passphrase is being tried: the field is disabled until it is answered."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="unlock-box"):
            yield Static(Text("This journal is encrypted. Type its passphrase to open it.", style="bold"),
                         id="unlock-title")
            yield Static(Text(safe(str(self.path)), style="italic"), id="unlock-path")
            yield TextInput(password=True, placeholder="Passphrase", id="unlock-passphrase")
            yield Static(id="unlock-status")
            yield Static(Text("enter unlocks · escape quits (nothing is changed)", style="dim"), id="unlock-hint")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = "unlock"
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.busy:
            return
        field = event.input
        passphrase = field.value
        field.clear()
        self.busy = True
        field.disabled = True
        self._say(Text("Unlocking…", style="italic"))
        self._try(passphrase)

    @work(thread=True, exclusive=True, group="unlock")
    def _try(self, passphrase: str) -> str | None:
        """Open the journal with `passphrase` (deriving its key is the slow part), and close it
        again: a connection belongs to the thread that made it. None when it opened, else why not."""
        try:
            journal = self.opener(lambda _prompt: passphrase)
        except JournalError as error:
            return str(error)
        journal.close()
        return None

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "unlock" or event.state != WorkerState.SUCCESS:
            return  # an error in the thread is not caught here: the app's crash path ends it
        error: str | None = event.worker.result
        if error is None:
            try:  # the key is known to this process now: this opens at once, on this thread
                journal = self.opener(lambda _prompt: None)
            except JournalError as failed:
                error = str(failed)
            else:
                if self.is_open():
                    self.dismiss(journal)
                else:  # left meanwhile
                    journal.close()
                return
        self.busy = False
        field = self.query_one(Input)
        field.disabled = False
        field.focus()
        self._say(Text(safe(error), style=ERROR_STYLE))

    def _say(self, text: Text) -> None:
        self.query_one("#unlock-status", Static).update(text)


class UnlockApp(App[Journal]):
    """A small app of its own before the journal app: returns the open Journal, or None with
    return code 1 when the person leaves."""

    TITLE = "Threefold"
    ENABLE_COMMAND_PALETTE = False  # nothing to offer before the journal is open
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="unlock.quit"),
        Binding("escape", "quit", "Quit", priority=True, id="unlock.escape"),
    ]

    def __init__(self, path: Path, opener: Opener) -> None:
        super().__init__()
        self.path = path
        self.opener = opener

    def on_mount(self) -> None:
        if not os.environ.get("TEXTUAL_THEME") and (theme := settings.saved_theme()) in self.available_themes:
            self.theme = theme
        self.push_screen(UnlockScreen(self.path, self.opener), self._unlocked)

    def _unlocked(self, journal: Journal | None) -> None:
        self.exit(journal)

    async def action_quit(self) -> None:
        """Leave without unlocking: exit code 1 (`run` says so on stderr)."""
        self.exit(None, return_code=1)

    def _handle_exception(self, error: Exception) -> None:
        """Crash path (private Textual API, as DraftSafeApp's): exit 70 with one line. Textual's
        own traceback shows locals, and a local here may be the passphrase."""
        if self._exception is None:  # run_test re-raises it so tests see the bug
            self._exception = error
            self._exception_event.set()
        self._return_code = CRASH_CODE
        kind = type(getattr(error, "error", error)).__name__  # a failed worker's own error
        self._exit_renderables.append(Text(f"Threefold stopped because of an internal error ({kind}) "
                                           "while unlocking. Please report the bug (no passphrase was printed)."))
        self._close_messages_no_wait()
