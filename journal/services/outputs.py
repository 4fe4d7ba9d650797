"""Files the user asks us to write must never be the journal's own (catalogue K79); the user's
Markdown in a Markdown document we print (`markdown_body`).

`journal export -o j.db` once replaced the journal with its own JSON. Every command that
writes a file the user names (export, retro, backup, the TUI's retrospective export) first
resolves the target (symlinks, `..`, `/dev/stdout` pointing at a file, hard links) and
refuses one that is the journal, its `-wal`, `-shm` or `-journal`, its lock folder, its
backups folder (backups themselves may go there) or the config file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from journal import config
from journal.domain.errors import BadValue
from journal.domain.text import for_terminal

SIDE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet)
        return False


def refuse_own_files(db: Path, target: Path, *, allow_backups: bool = False) -> None:
    """Raise BadValue (exit 2) when writing `target` would overwrite a file the journal needs."""
    from journal.process import holders_dir
    from journal.store.backups import backups_dir

    wanted = Path(os.path.abspath(target.expanduser()))
    real = wanted.resolve()
    home = db.resolve()
    own = [(Path(f"{home}{suffix}"), "the journal itself" if not suffix else f"the journal's {suffix} file")
           for suffix in SIDE_SUFFIXES]
    own.append((config.config_file().resolve(), "the journal's config file"))
    for path, what in own:
        if real == path or _same_file(wanted, path):
            raise _refused(target, what)
    folders = [(holders_dir(home).resolve(), "the journal's lock folder")]
    if not allow_backups:
        folders.append((backups_dir(home).resolve(), "the journal's backups folder"))
    for folder, what in folders:
        if real == folder or real.is_relative_to(folder):
            raise _refused(target, f"inside {what}")


def refuse_existing(target: Path) -> None:
    """A file the person named that is there with something in it: refused (BadValue, exit 2)
    unless the command was told to replace it (`--replace`), as `journal backup` refuses and the
    app asks (S518): a mistyped or reused name once overwrote a person's own file without a
    word. A symbolic link is left to the writer, which refuses it."""
    try:
        found = os.lstat(target.expanduser())
    except OSError:  # not there (or not reachable: writing it says why)
        return
    if stat.S_ISREG(found.st_mode) and found.st_size:
        shown = for_terminal(str(target), single_line=True)
        raise BadValue(f"{shown} is there already: add --replace to overwrite it, or name another file. "
                       "Nothing was written.")


def _refused(target: Path, what: str) -> BadValue:
    shown = for_terminal(str(target), single_line=True)
    return BadValue(f"Refusing to write {shown}: it is {what}. Choose another file; nothing was written.")


def markdown_body(text: str) -> str:
    """The user's own Markdown as a Markdown document of ours holds it: as written when safe and
    closed, else fenced as typed (`journal.io.user_markdown`): `list`, `search` and `show` in
    Markdown write bodies as `journal export` does (S331)."""
    from journal.io.user_markdown import user_markdown

    return user_markdown(text)

