"""Getting text from a person: piped stdin, or $VISUAL/$EDITOR on a file we own.

The editor works on a 0600 file inside the journal's own folder (never /tmp), and the
file is deleted only after the database commit: if anything fails, the text stays
there and the message names the file.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from journal.cli import terminal
from journal.domain.errors import BadValue, JournalError
from journal.domain.text import MAX_BODY_BYTES, for_terminal, plural


def _decode(raw: bytes, source: str) -> str:
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - raw.decode("utf-8", errors="ignore").count("\ufffd")
    if bad:
        terminal.echo(f"journal: {source} was not valid UTF-8; {plural(bad, 'character')} replaced with �", err=True)
    return text


def stdin_is_terminal() -> bool:
    """True when a person is typing (so `add` opens the editor instead of reading stdin)."""
    return sys.stdin.isatty()


def read_stdin() -> str:
    """All of piped stdin, decoded leniently; refuses more than the body limit."""
    raw = sys.stdin.buffer.read(MAX_BODY_BYTES + 1)
    if len(raw) > MAX_BODY_BYTES:
        raise BadValue("Entry too large (over the 10 MB limit); nothing was saved.")
    return _decode(raw, "stdin")


def read_piped(kept: str, give: str = "give it as TEXT") -> str:
    """Piped stdin that is to replace something: nothing in it (a cron job, ssh or CI run with
    no input) is refused, `kept` saying what stays, rather than taken as "remove it" (S209);
    `give`: the command's other way to give the text (`journal edit` takes no TEXT: S405)."""
    text = read_stdin()
    if not text.strip():
        raise BadValue(f"Nothing came in on stdin, so {kept}. Pipe the text in, or {give}.")
    return text


class EditSession:
    """The outcome of one editor run: `text` is None when nothing was written."""

    def __init__(self, path: Path, text: str | None, emptied: bool = False) -> None:
        self.path = path
        self.text = text
        self.emptied = emptied
        """The editor left the file empty where it held text: nothing is saved, and that is said (S339)."""
        self._done = False

    def saved(self) -> None:
        """The text is committed: the scratch file can go."""
        self._done = True
        self.path.unlink(missing_ok=True)


def _typed(path: Path, initial: str) -> bool:
    """Whether the scratch file holds more than what it was opened with (or nothing)."""
    return path.read_bytes().decode("utf-8", "replace").strip() not in ("", initial.strip())


@contextlib.contextmanager
def edit_text(folder: Path, initial: str, *, entry: str | None = None) -> Iterator[EditSession]:
    """Open the editor on `initial`; yield the session; keep the file if saving fails. `entry`:
    the short id of the entry edited, in the file's name, so that a kept file says which entry
    it is the text of and how it is applied (S339)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    # a new file each time (O_EXCL, 0600): a name by process id was reused by a later run, whose
    # editor wrote over the text an earlier failed run had kept there (S208)
    import tempfile  # here: ~5 ms of imports no command that opens no editor should pay (issue 20)

    prefix = f".journal-edit-{entry}-" if entry else ".journal-edit-"
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=".md", dir=folder)
    path = Path(name)
    with os.fdopen(fd, "wb") as handle:
        handle.write(initial.encode("utf-8"))
    import click  # the editor's command line read as click reads it (`add` with TEXT never needs click)

    try:
        click.edit(filename=str(path))
    except click.ClickException:
        with contextlib.suppress(OSError):
            if not _typed(path, initial):  # nothing of the person's in it (an editor that never started)
                path.unlink()
                raise JournalError("The editor failed; nothing was typed, nothing was saved.") from None
        raise JournalError(f"The editor failed; your text (if any) is kept in {path}"
                           + (f" (`journal edit {entry} < FILE` applies it)" if entry else "")) from None
    except (KeyboardInterrupt, SystemExit):  # Ctrl-C, or SIGTERM/SIGHUP (`ends_cleanly`), while the
        # editor was open: what it saved stays, named (S162, S536)
        with contextlib.suppress(OSError):
            if _typed(path, initial):
                terminal.echo(f"journal: your text is kept in {for_terminal(str(path), single_line=True)}", err=True)
            else:
                path.unlink()
        raise
    text = _decode(path.read_bytes(), "The edited text")
    session = EditSession(path, None if text.strip() in ("", initial.strip()) else text,
                          emptied=not text.strip() and bool(initial.strip()))
    if session.text is None:
        session.saved()
    try:
        yield session
    except JournalError as exc:
        if not session._done and session.text is not None:
            raise type(exc)(f"{exc} Your text is kept in {path}") from None
        raise
    except BaseException:
        if not session._done and session.text is not None:
            terminal.echo(f"journal: your text is kept in {for_terminal(str(path), single_line=True)}", err=True)
        raise
