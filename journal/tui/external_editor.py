"""Handing the text being written to $VISUAL/$EDITOR and taking it back, losing nothing (D30).

The scratch file is 0600 next to the journal, never in $TMPDIR. Invalid UTF-8 comes back
with replacement characters and a warning. An editor that cannot start, fails, or writes
nothing leaves the text as it was; a version it wrote before failing is kept in its file,
which the notification names.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from textual.app import SuspendNotSupported
from textual.screen import Screen

from journal.tui import large_text


def edit_externally(screen: Screen[Any], text: str, folder: Path) -> str | None:
    """The text as the editor left it, or None when it stays as it was (the screen was told why)."""
    try:
        command = shlex.split(os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi")
    except ValueError:  # unbalanced quotes in $EDITOR
        command = []
    if not command:
        screen.notify("$VISUAL/$EDITOR is not a command that can be run; text unchanged.",
                      severity="warning", markup=False)
        return None
    sent = text.encode("utf-8", errors="surrogatepass")
    fd, name = tempfile.mkstemp(suffix=".md", prefix="compose-", dir=folder)
    keep = False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(sent)
        code = _run_editor(screen, command, name)
        if code is None:
            return None
        with open(name, "rb") as handle:
            raw = handle.read()
        if raw == sent:
            screen.notify("No changes from the editor." if code == 0 else
                          f"The editor exited with status {code}; text unchanged.", markup=False)
            return None
        if code != 0:
            keep = True
            screen.notify(f"The editor exited with status {code}, so its version was not taken; "
                          f"it is kept in {name}.", title="Text unchanged", severity="warning",
                          markup=False, timeout=15)
            return None
        edited = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")
        if large_text.too_large_to_edit(edited):
            keep = True
            screen.notify(f"The edited text is too large to edit here "
                          f"({large_text.size_label(len(edited))}); it is kept in {name}.",
                          title="Text unchanged", severity="warning", markup=False, timeout=15)
            return None
        replaced = edited.count("\ufffd") - raw.decode("utf-8", errors="ignore").count("\ufffd")
        if replaced:
            screen.notify(f"The editor's file was not valid UTF-8: {replaced} character(s) were "
                          "replaced with \ufffd. Check the text before saving.",
                          severity="warning", markup=False, timeout=15)
        return edited
    finally:
        if not keep:
            os.unlink(name)


def _run_editor(screen: Screen[Any], command: list[str], name: str) -> int | None:
    """Run the editor on `name` with the app suspended; its exit status, or None (notified)."""
    failure: OSError | None = None
    try:
        with screen.app.suspend():
            # Textual resumes the screen only if the block ends normally: catch inside it.
            try:
                return subprocess.call([*command, name])
            except OSError as error:
                failure = error
    except SuspendNotSupported:
        screen.notify("Cannot hand over to an external editor here; keep editing in place.", severity="warning")
        return None
    reason = failure.strerror if failure is not None and failure.strerror else type(failure).__name__
    screen.notify(f"Could not start the editor ({reason}); text unchanged.", severity="warning", markup=False)
    return None
