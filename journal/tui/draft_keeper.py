"""DraftKeeper: the text being written, held outside any widget so nothing can lose it.

Compose and the closure conversation copy their form into the keeper as the person types;
the keeper checkpoints it into the journal (debounced by the screens, and at once on quit,
a signal or a crash). The app's signal and crash handlers read the keeper, never widgets,
which may already be torn down.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from journal.domain.errors import JournalError
from journal.domain.model import Draft
from journal.services import Journal


class DraftKeeper:
    """The one draft in progress in this app, and whether it differs from where it started."""

    def __init__(self, journal: Journal, warn: Callable[[str], None]) -> None:
        self.journal = journal
        self.warn = warn
        """Called with one line when a checkpoint fails (the text stays here and on screen)."""
        self.draft: Draft | None = None
        self.dirty = False
        """True while the form differs from what it started with."""
        self.recovered_id: int | None = None
        """The draft taken up from the recovery offer in this run (see JournalApp._handle_exception)."""
        self._checkpointed: Draft | None = None

    def hold(self, draft: Draft | None, dirty: bool | None = None) -> None:
        """The form's current state (None: nothing is being written)."""
        self.draft = draft
        if dirty is not None:
            self.dirty = dirty

    def release(self) -> None:
        """The text was saved, kept or discarded: nothing is held any more."""
        self.draft, self.dirty, self._checkpointed = None, False, None

    def checkpoint(self) -> bool:
        """Write the draft to the journal if it changed since the last checkpoint.

        False, after a warning, when the journal cannot take it (disk full, read-only,
        busy): the text stays here and on screen, and the next checkpoint tries again.
        """
        draft = self.draft
        if draft is None or not (draft.body.strip() or draft.id is not None):
            return True
        if self._checkpointed is not None and self._checkpointed == draft:
            return True
        try:
            draft.id = self.journal.drafts.save(draft)
        except JournalError as error:
            self.warn(str(error))
            return False
        self._checkpointed = replace(draft)
        return True

    def discard(self) -> None:
        """Forget the held text and its checkpoint."""
        if self.draft is not None and self.draft.id is not None:
            self.journal.drafts.discard(self.draft.id)
        self.release()
