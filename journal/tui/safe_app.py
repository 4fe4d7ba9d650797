"""DraftSafeApp: a Textual app that never loses the text being written.

It holds the DraftKeeper and saves its draft whatever ends the app: quitting, SIGTERM,
SIGHUP (the terminal closed, even when Textual is stuck writing to it), and a crash
(Textual's traceback would print locals, i.e. diary text; this path prints one line).
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from types import FrameType
from typing import Any

from rich.text import Text
from textual import events
from textual.app import App, ScreenStackError, UnknownModeError

from journal.services import Journal
from journal.tui.draft_keeper import DraftKeeper

CRASH_CODE = 70
"""EX_SOFTWARE: the app stopped on a bug (the draft was saved first)."""
CRASH_MESSAGE = (
    "Threefold stopped because of an internal error ({kind}).\n"
    "{kept}\n"
    "Please report the bug (no entry text was printed)."
)


class DraftSafeApp(App[None]):
    """The app's draft-keeping half: signals, the crash path, checkpoints on the way out."""

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal
        self.keeper = DraftKeeper(journal, self._draft_not_saved)
        """The text being written: signals and crashes save it from here."""
        self._signals: list[int] = []
        self._hangup_before: Any = None
        self._signal_loop: asyncio.AbstractEventLoop | None = None

    async def on_event(self, event: events.Event) -> None:
        """Drop a key or paste still queued once the app is exiting or its screens are gone:
        there is nowhere for it to go, and Textual would stop on it (catalogue K86; a `?` typed
        just after `q` pushed the help onto an app shutting down: S387)."""
        if isinstance(event, (events.Key, events.Paste)):
            if self._exit:
                return
            try:
                _ = self.screen
            except (ScreenStackError, UnknownModeError):
                return
        await super().on_event(event)

    def on_unmount(self) -> None:
        self.keeper.checkpoint()
        loop = asyncio.get_running_loop()
        for signum in self._signals:
            loop.remove_signal_handler(signum)
        if self._hangup_before is not None:
            signal.signal(signal.SIGHUP, self._hangup_before)

    def install_signal_handlers(self) -> None:
        """SIGTERM through the event loop; SIGHUP as a plain handler (see `_on_hangup`)."""
        self._signal_loop = loop = asyncio.get_running_loop()
        try:
            loop.add_signal_handler(signal.SIGTERM, self._on_signal, signal.SIGTERM)
            self._signals.append(signal.SIGTERM)
            self._hangup_before = signal.signal(signal.SIGHUP, self._on_hangup)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or Windows
            pass

    def _on_signal(self, signum: int) -> None:
        """Asked to stop: save the draft, then exit 128+signum, silently."""
        self._read_open_form()
        self.keeper.checkpoint()
        self._keep_open_forms()
        self.exit(return_code=128 + signum)

    def _on_hangup(self, signum: int, _frame: FrameType | None) -> None:
        """SIGHUP. Runs in the main thread even while the event loop is stuck, which it can be.

        When the window closes, Textual's writer thread dies on EIO and the app then blocks for
        good the next time its write queue fills (it was seen spinning on as an orphan). So with
        the terminal gone: save the draft from app state and leave at once, exit 129; nothing is
        left to restore on a terminal that no longer exists. A SIGHUP sent while the terminal is
        still there takes the ordinary way out.
        """
        if not _terminal_gone() and self._signal_loop is not None:
            self._signal_loop.call_soon_threadsafe(self._on_signal, signum)
            return
        self._read_open_form()
        self.keeper.checkpoint()
        self._keep_open_forms()
        os._exit(128 + signum)

    def _read_open_form(self) -> None:
        try:
            self.read_open_form()
        except Exception:  # widgets may be half torn down; the keeper's copy is the fallback
            pass

    def read_open_form(self) -> None:
        """Copy a form whose last keystrokes may not have reached the keeper yet (subclasses)."""

    def _keep_open_forms(self) -> int:
        try:
            return self.keep_open_forms()
        except Exception:  # widgets half torn down, a journal that cannot be written: nothing more to do
            return 0

    def keep_open_forms(self) -> int:
        """Keep what was typed in the forms the keeper does not follow as drafts; how many (subclasses)."""
        return 0

    def _handle_exception(self, error: Exception) -> None:
        """Crash path (private Textual API, pinned by a test): save the draft, exit 70, no traceback."""
        kept = False
        forms = self._keep_open_forms()
        try:
            kept = self.keeper.checkpoint() and self.keeper.draft is not None and self.keeper.draft.id is not None
            draft = self.keeper.draft
            if draft is not None and draft.id is not None and draft.id == self.keeper.recovered_id:
                # A crash while a recovered draft is open may be that draft's doing (D29): keep it
                # (`journal drafts`, ctrl+p › Open a saved draft…) but do not offer it at start again.
                self.journal.drafts.mark_offered(draft.id)
        except Exception:
            kept = False
        if self._exception is None:  # run_test re-raises it so tests see the bug
            self._exception = error
            self._exception_event.set()
        self._return_code = CRASH_CODE
        # A plain message: Textual's traceback shows locals, which would print diary text.
        said = ("Your unsaved text was kept as a draft; it will be offered when you start again." if kept or forms
                else "No unsaved text was open.")
        self._exit_renderables.append(Text(CRASH_MESSAGE.format(kind=type(error).__name__, kept=said)))
        self._close_messages_no_wait()

    def _draft_not_saved(self, reason: str) -> None:
        self.notify(reason, title="Draft not saved; your text is still here", severity="error", markup=False)


def _terminal_gone() -> bool:
    """True once the terminal hung up (its window closed): asking it anything fails with EIO."""
    import termios

    try:
        termios.tcgetattr(sys.__stderr__.fileno())  # type: ignore[union-attr]  # None: gone, caught below
    except (termios.error, OSError, ValueError, AttributeError):
        return True
    return False
