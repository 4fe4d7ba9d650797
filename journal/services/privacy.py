"""An encrypted journal: making one, converting one in place, changing its passphrase, and
remembering or forgetting its key. The file work is in store/crypt.py; where a passphrase
comes from is in services/unlocking.py.
"""

from __future__ import annotations

import os
from journal.record import field, record
from pathlib import Path

from journal import config
from journal.clock import Clock
from journal.domain.errors import BadValue, JournalError, StorageError
from journal.domain.text import for_terminal
from journal.services.session import Session
from journal.services.unlocking import (
    Ask, check_available, check_passphrase, forget, is_remembered, keep_in_keyring, unlock,
)
from journal.store import crypt, engine
from journal.store.backups import backup_name, backups_dir, exclusive, managed_copies, unreadable, wait
from journal.store.db import backup_to, locate


@record(frozen=True)
class Converted:
    """What a conversion did: the journal's file, and copies that could not follow it."""

    path: Path
    backup: Path | None
    copies: int
    failed: list[Path]
    synced: bool = False
    """The journal has synced with a folder (its plain change files are there, S340)."""
    earlier: list[Path] = field(default_factory=list)
    """Of `failed`, the copies under an earlier passphrase than the one changed (left by a
    change that was interrupted): they keep it (S409)."""


def _journal_path(path: str | os.PathLike[str] | None) -> Path:
    chosen, _ = config.db_path(path)
    return locate(chosen)


def check_can_create(path: str | os.PathLike[str] | None) -> Path:
    """Where `init --encrypt` would make the journal (refused before a passphrase is asked)."""
    check_available()
    chosen, _ = config.db_path(path)
    real = locate(chosen, create=True)
    if real.exists() and real.stat().st_size > 0:
        raise BadValue(f"There is already a journal at {real}. Use `journal encrypt` to encrypt it.")
    return real


def create_encrypted(path: str | os.PathLike[str] | None, passphrase: str, clock: Clock | None = None) -> Path:
    """A new, empty journal encrypted from its first page."""
    check_passphrase(passphrase)
    real = check_can_create(path)
    key = engine.Key.new(passphrase)
    session = Session.open(real, clock=clock, create=True, key=key)
    session.close()
    engine.remember(key)
    _require_encryption(real, True)
    return real


def encrypt(path: str | os.PathLike[str] | None, passphrase: str, clock: Clock | None = None) -> Converted:
    """Encrypt a plain journal in place: a backup first, then the encrypted copy, checked and
    swapped in atomically; then every copy the journal keeps (the new backup included)."""
    check_available()
    check_passphrase(passphrase)
    real = _journal_path(path)
    if engine.is_encrypted(real):
        raise BadValue(f"{real} is already encrypted. `journal passphrase` changes its passphrase.")
    session = Session.open(real, clock=clock)
    try:
        session.check_writable("nothing was changed.")
        synced = _sync_everything_again(session)
        with exclusive(real):  # never beside a daily backup being made (its temp file could share the name)
            kept = backup_to(session.conn, backup_name(real, session.now()))
    finally:
        session.close()
    key = engine.Key.new(passphrase)
    crypt.convert(real, None, key, "run `journal encrypt` again", before_swap=lambda: _drop_unfinished_copies(real))
    engine.remember(key)
    _require_encryption(real, True)
    todo = crypt.copies_to_convert(real, True)
    failed = crypt.convert_copies(real, key)
    return Converted(real, kept, len(todo) - len(failed), failed, synced)


def _sync_everything_again(session: Session) -> bool:
    """A journal that starts or stops being encrypted writes its change files the other way from
    now on, and a device of the other kind never reads the ones it wrote before (a sealed file
    is no plain journal's, a plain one no encrypted journal's): its next sync writes the whole
    journal again, the new way (S151), as a snapshot, so that its plain files go from the folder
    once every device has applied it (S160). True when it has synced with a folder."""
    from journal.store import sync as rows

    with session.write() as conn:
        rows.ask_for_snapshot(conn)
        return rows.get_state(conn, "folder") is not None


def decrypt(path: str | os.PathLike[str] | None, ask: Ask | None) -> Converted:
    """Make an encrypted journal plain again (the front end has asked for confirmation): a backup
    first, then the plain copy, checked and swapped in atomically, with every copy it keeps."""
    check_available()
    real = _journal_path(path)
    if not engine.is_encrypted(real):
        raise BadValue(f"{real} is not encrypted; nothing to do.")
    key = unlock(real, ask)
    session = Session.open(real, key=key)
    try:
        session.check_writable("nothing was changed.")
        _sync_everything_again(session)
        with exclusive(real):  # a backup first, as `journal encrypt` takes one (S337); a daily one being
            kept = backup_to(session.conn, backup_name(real, session.now()))  # made finishes first
    finally:
        session.close()
    todo = crypt.copies_to_convert(real, False)
    failed: list[Path] = []

    def copies_first() -> None:
        # The copies before the journal, while it is locked: a kill on the way leaves an encrypted
        # journal beside some plain copies, which the next command encrypts again
        # (store/crypt.finish_conversion); never encrypted copies beside a plain journal, which no command
        # asks the passphrase for (doctor cannot open them, nothing ever converts them).
        failed.extend(crypt.convert_copies(real, None, old=key))
        _drop_unfinished_copies(real)  # a backup killed before its rename (this one's, S337): no backup
        _require_encryption(real, False)

    crypt.convert(real, key, None, "run `journal decrypt` again", before_swap=copies_first)
    forget(real)
    return Converted(real, kept, len(todo) - len(failed), failed)


def change_passphrase(path: str | os.PathLike[str] | None, ask: Ask | None, new_passphrase: str) -> Converted:
    """A new key for the journal (converted and swapped in atomically), then for each copy it
    keeps. The key has a new salt: copies a kill leaves with the earlier passphrase keep the
    earlier salt, so they are told apart from the journal (doctor warns, restore asks for that
    passphrase) instead of being tried with the new key and called damaged."""
    check_available()
    check_passphrase(new_passphrase)
    real = _journal_path(path)
    if not engine.is_encrypted(real):
        raise BadValue(f"{real} is not encrypted. `journal encrypt` encrypts it.")
    old = unlock(real, ask)
    if reason := unreadable(real):  # its copies would keep the old passphrase, unseen (S534)
        raise StorageError(f"Cannot read the backups folder {for_terminal(str(backups_dir(real)))} ({reason}): "
                           "its copies would keep the old passphrase. Make it readable (`journal doctor` says "
                           "more) and run `journal passphrase` again; nothing was changed.")
    remembered = is_remembered(real)
    wait(real)  # a daily backup being made finishes first, then its copy gets the new key too
    new = engine.Key.new(new_passphrase)
    crypt.rekey(real, old, new, "run `journal passphrase` again")
    engine.remember(new)
    todo = [p for p in managed_copies(real) if engine.is_encrypted(p)]
    failed = crypt.rekey_copies(real, old, new)
    earlier = [p for p in failed if engine.header(p) not in (old.salt, new.salt)]
    if remembered:  # its own remembered key follows; no other journal's is kept (S381)
        keep_in_keyring(real, new)
    return Converted(real, None, len(todo) - len(failed), [p for p in failed if p not in earlier], earlier=earlier)


def remember(path: str | os.PathLike[str] | None, ask: Ask | None) -> Path:
    """Unlock once and keep the derived key in the OS keyring; later opens skip the passphrase."""
    real = _journal_path(path)
    if not engine.is_encrypted(real):
        raise BadValue(f"{real} is not encrypted; there is no key to remember.")
    key = unlock(real, ask)
    keep_in_keyring(real, key)
    config.save_setting("security", "remember_key", True)
    return real


def lock(path: str | os.PathLike[str] | None) -> bool:
    """Forget this journal's remembered key (True if there was one); its later opens ask
    again. Other journals' remembered keys stay (S382: one `lock` made all of them ask, their
    keys left in the keyring), and a journal moved or deleted has its key forgotten all the
    same (S383: the key of a file no longer there still opened it where it went)."""
    chosen, _ = config.db_path(path)
    try:
        real = locate(chosen)
    except JournalError:
        real = chosen.expanduser().resolve()
    return forget(real)


def _drop_unfinished_copies(db: Path) -> None:
    """Remove what killed backups and restores left half written (doctor's "leftovers": never
    backups): beside a journal being encrypted they would stay plain copies of its text."""
    from glob import escape

    from journal.store.backups import backups_dir

    folder = backups_dir(db)
    found = [*(folder.glob("*.tmp*") if folder.is_dir() else []), *db.parent.glob(f"{escape(db.name)}.*.tmp*")]
    for path in found:
        if crypt.TEMP_SUFFIX not in path.name:  # a conversion's own temp files are crypt's
            path.unlink(missing_ok=True)


def plain_editor_text(path: Path) -> str | None:
    """Beside an encrypted journal, text typed in $EDITOR while it was plain and never saved
    (a failed or killed editor's file): a sentence naming the files, which stay plain until the
    person saves and deletes them (encrypting never takes a person's words away, S338)."""
    from journal.store.upkeep import editor_files, editor_files_words

    found = editor_files(path.parent) if engine.is_encrypted(path) else []
    if not found:
        return None
    return (f"{len(found)} file(s) of text typed in $EDITOR and never saved, beside the journal, are not "
            f"encrypted: {for_terminal(editor_files_words(found), single_line=True)}; then delete them.")


def plain_copies_in_backups(path: Path) -> str | None:
    """Beside an encrypted journal, plain journal files in its backups folder that are none of
    its own kept copies (a copy made there with `journal backup FILE`, named by hand): a sentence
    naming them. `journal encrypt` cannot tell them from another journal's and leaves them as
    they are; it said nothing, and their text stayed plain on disk unsaid (S399)."""
    from journal.store.backups import backups_dir

    folder = backups_dir(path)
    if not engine.is_encrypted(path) or not folder.is_dir():
        return None
    ours = {p.name for p in managed_copies(path)}
    found = [candidate.name for candidate in sorted(folder.glob("*.db"))
             if candidate.name not in ours and engine.header(candidate) == engine.PLAIN_HEADER]
    if not found:
        return None
    return (f"{len(found)} plain journal file(s) in {folder} are not this journal's own backups and were left "
            f"as they are: {for_terminal(', '.join(found), single_line=True)}. If they are copies of it, delete "
            "them or encrypt each (`journal --db FILE encrypt`).")


def status(path: Path) -> str:
    """One phrase for `journal paths`, doctor and the TUI."""
    if engine.is_encrypted(path):
        plain = len(crypt.copies_to_convert(path, True)) if path.parent.is_dir() else 0
        if plain:  # an encryption stopped before its copies followed: said before any command unlocks it (S269)
            return (f"encrypted (SQLCipher); {plain} plain backup(s) beside it, from an encryption that was "
                    "stopped: the next command that unlocks the journal encrypts them")
        if plain_editor_text(path):  # S338
            return "encrypted (SQLCipher); unsaved $EDITOR text beside it is not: `journal doctor` names it"
        return "encrypted (SQLCipher)"
    if not engine.ENCRYPTION:
        return "not encrypted (encryption unavailable: sqlcipher3 is not installed)"
    return "not encrypted"


def governs(path: Path) -> bool:
    """Whether `[security] require_encryption` speaks of `path`: the journal used when no --db
    is given ($JOURNAL_DB, else the data folder's). The config is one for all of a person's
    journals: encrypting a side journal made every other one "must be encrypted" (doctor failed
    on them, their plain backups could not be restored), and decrypting one took the promise
    back from the main journal (S219)."""
    return config.is_default_journal(path)


def required(path: Path) -> bool:
    """Whether config says `path` must be encrypted."""
    return governs(path) and config.settings().flag("security.require_encryption")


def _require_encryption(path: Path, value: bool) -> None:
    if governs(path):
        config.save_setting("security", "require_encryption", value)


def require_encryption_problem(path: Path) -> str | None:
    """Doctor's complaint when config says the journal must be encrypted and it is not."""
    if required(path) and path.exists() and not engine.is_encrypted(path):
        return ("the journal is not encrypted but [security] require_encryption is set: "
                "run `journal encrypt` (or set it to false)")
    return None



def scratch_folder(path: Path) -> Path:
    """Where the $EDITOR hand-off may write the text for a while: beside a plain journal; for
    an encrypted one only a private tmpfs ($XDG_RUNTIME_DIR, the user's own, 0700), never the
    disk in plain; without one, refused in one line that names the ways that work."""
    if not engine.is_encrypted(path):
        return path.parent
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    folder = Path(runtime) if runtime and os.path.isabs(runtime) else None
    try:
        info = folder.stat() if folder else None
    except OSError:
        info = None
    if (folder is None or info is None or info.st_uid != os.getuid() or info.st_mode & 0o077
            or not in_memory(folder)):
        raise BadValue("This journal is encrypted and the editor would put your text on disk unencrypted; "
                       "there is no private XDG_RUNTIME_DIR (a tmpfs, mode 0700) to use instead. "
                       "Write with `journal add TEXT`, through stdin, or in the terminal UI.")
    return folder


MEMORY_FILE_SYSTEMS = frozenset({"tmpfs", "ramfs"})


def in_memory(folder: Path, mounts: Path = Path("/proc/self/mounts")) -> bool:
    """Whether `folder` is on a file system held in memory (tmpfs): by the longest mount point
    that holds it. False when that cannot be told (no /proc: not Linux) (S163)."""
    try:
        lines = mounts.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return False
    real = os.path.realpath(folder)
    best, kind = "", ""
    for line in lines:
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\")
        if (real == point or real.startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind in MEMORY_FILE_SYSTEMS


def opens_with(path: Path, passphrase: str) -> bool:
    """Whether `passphrase` is the one the encrypted journal at `path` has now."""
    from journal.services.unlocking import opens

    return opens(path, engine.Key.derive(passphrase, engine.header(path)))
