"""DraftKeeper: the text being written, held outside any widget so nothing can lose it.

Compose and the closure conversation tell the keeper that their form changed as the person
types (`touch`, which costs nothing however long the text is), and the keeper reads the form
when the draft is wanted; it checkpoints it into the journal (a second after the first
unsaved change, and at once on quit, a signal or a crash). The app's signal and crash
handlers go through the keeper: if the form can no longer be read (widgets already torn
down), the copy the keeper last read stands.
"""

from __future__ import annotations

from collections.abc import Callable
from journal.record import replace

from journal.domain.errors import JournalError
from journal.domain.model import Draft
from journal.services import Journal


class DraftKeeper:
    """The one draft in progress in this app, and whether it differs from where it started."""

    def __init__(self, journal: Journal, warn: Callable[[str], None]) -> None:
        self.journal = journal
        self.warn = warn
        """Called with one line when a checkpoint fails (the text stays here and on screen)."""
        self._draft: Draft | None = None
        self._dirty = False
        self.recovered_id: int | None = None
        """The draft taken up from the recovery offer in this run (see JournalApp._handle_exception)."""
        self._checkpointed: Draft | None = None
        self._form: Callable[[], tuple[Draft | None, bool]] | None = None
        self._unread = False

    @property
    def draft(self) -> Draft | None:
        """The text being written, as the form holds it now (None: nothing is being written)."""
        self.sync()
        return self._draft

    @property
    def dirty(self) -> bool:
        """True while the form differs from what it started with."""
        self.sync()
        return self._dirty

    @property
    def last(self) -> Draft | None:
        """The copy held now, without reading the form again."""
        return self._draft

    def hold(self, draft: Draft | None, dirty: bool | None = None, *, kept: bool = False) -> None:
        """The form's current state (None: nothing is being written). `kept`: it is a draft as
        the journal keeps it (one opened again): checkpointed only once it changes (S259)."""
        self._draft, self._unread = draft, False
        if dirty is not None:
            self._dirty = dirty
        if kept and draft is not None:
            self._checkpointed = replace(draft)

    def follow(self, form: Callable[[], tuple[Draft | None, bool]] | None) -> None:
        """Read the form with `form` (returning the draft and whether it is dirty) when asked.

        A keystroke then costs `touch()`, nothing that grows with the text (K86: copying a
        long body on every key made a paste arriving as keystrokes quadratic); the form is
        read when the draft is next wanted: the checkpoint timer, quit, a signal, a crash.
        """
        self._form, self._unread = form, False

    def touch(self) -> None:
        """The form changed: read it when the draft is next wanted."""
        self._unread = True

    def sync(self) -> None:
        """Read the form if it changed since it was last read."""
        if not self._unread or self._form is None:
            return
        self._unread = False
        try:
            self._draft, self._dirty = self._form()
        except Exception:  # a form being torn down (a signal, a crash) cannot be read: the last copy stands
            pass

    def let_go(self) -> None:
        """The form closes with its text kept as a draft: no window holds that draft now."""
        draft = self._draft
        if draft is not None and draft.id is not None:
            try:
                self.journal.drafts.let_go(draft.id)
            except JournalError:  # (a read-only or busy journal): the lock goes when this process ends
                pass
        self.release()

    def release(self) -> None:
        """The text was saved, kept or discarded: nothing is held any more."""
        self._draft, self._dirty, self._checkpointed, self._form, self._unread = None, False, None, None, False

    def checkpoint(self) -> bool:
        """Write the draft to the journal if it changed since the last checkpoint.

        False, after a warning, when the journal cannot take it (disk full, read-only,
        busy): the text stays here and on screen, and the next checkpoint tries again.
        """
        draft = self.draft
        if draft is None:
            return True
        # Only what differs from where the form started: an entry opened for editing and left
        # as it was is no draft (one was kept, and offered at the next start, S179), nor a
        # question's title (N108). A draft kept before is updated whatever it holds now.
        if draft.id is None and not (self._dirty and (draft.body.strip() or draft.title.strip())):
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
