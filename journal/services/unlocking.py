"""Unlocking an encrypted journal: where its passphrase comes from, and the remembered key.

The order, first that answers wins:
1. the key remembered in the OS keyring for this very journal (`journal unlock --remember`;
   the keyring is asked only once `[security] remember_key = true`, which that sets);
2. `JOURNAL_PASSPHRASE_FD`: a file descriptor to read the passphrase from (scripts);
3. `JOURNAL_PASSPHRASE_FILE`: a file holding it, readable by its owner only;
4. the front end's own question (the CLI asks on the terminal without echo, the TUI shows
   its unlock screen).
A passphrase is never taken from an argument or from a plain environment variable. The
key is derived from it once (~0.2 s) and kept in this process by the engine; the keyring
holds that derived raw key, never the passphrase.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from journal import config
from journal.domain.errors import BadValue, JournalError, StorageError
from journal.store import engine
from journal.store.db import WrongKey

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/ARCHITECTURE.md, start-up)
if TYPE_CHECKING:
    from typing import Any

KEYRING_SERVICE = "threefold"
PASSPHRASE_FD = "JOURNAL_PASSPHRASE_FD"
PASSPHRASE_FILE = "JOURNAL_PASSPHRASE_FILE"
NEW_PASSPHRASE_FD = "JOURNAL_NEW_PASSPHRASE_FD"
NEW_PASSPHRASE_FILE = "JOURNAL_NEW_PASSPHRASE_FILE"
"""Where a script gives `journal passphrase` the new passphrase (the current one comes as usual)."""
NO_RECOVERY = ("There is no way to recover an encrypted journal without its passphrase: "
               "not for you, not for anyone. Keep it somewhere safe.")

Ask = Callable[[str], str | None]
"""Asks the person for a passphrase with this prompt; None when there is no one to ask."""


class Locked(JournalError):
    """An encrypted journal and no way to get its passphrase here."""

    exit_code = 1


def encryption_available() -> bool:
    return engine.ENCRYPTION


def is_encrypted(path: Path) -> bool:
    return engine.is_encrypted(path)


def check_available() -> None:
    if not engine.ENCRYPTION:
        raise StorageError(engine.UNAVAILABLE)


def check_passphrase(passphrase: str) -> str:
    """A passphrase that can be set: not empty, not only spaces."""
    if not passphrase.strip():
        raise BadValue("An empty passphrase cannot protect a journal; nothing was changed. Type one.")
    return passphrase


def unlock(path: Path, ask: Ask | None = None, *, typed: bool = False, source: bool = False,
           trusted: bool = False) -> engine.Key:
    """The key of the encrypted journal at `path`, known to this process from now on.

    `typed`: from its passphrase only, never a remembered key (`journal passphrase` asks for
    the current one: a session left unlocked must not change it, S384). `source`: a file to
    import from, which `journal unlock --remember` (this journal's key) cannot help to open
    (S478). `trusted`: the kernel's copy of a remembered key is taken without a trial open (the
    caller opens the journal with it next, and on WrongKey calls `distrust` and unlocks again).
    Raises WrongKey (one line) when the passphrase does not open the file, Locked when there is
    none to be had.
    """
    check_available()
    known = engine.key_for(path)
    if known is not None and not typed:
        return known
    remembered = None
    if config.settings().flag("security.remember_key") and not typed:
        cached = _from_kernel(path)  # ~1 ms; the keyring package alone costs ~60-100 ms to import
        if cached is not None and (trusted or opens(path, cached)):  # the trial open: ~2 ms (issue 20)
            engine.remember(cached)
            return cached
        remembered = _from_keyring(path)
        if remembered is not None and opens(path, remembered):
            engine.remember(remembered)
            _to_kernel(path, remembered)
            return remembered
    passphrase = passphrase_from_environment()
    if passphrase is None and ask is not None:
        passphrase = ask(f"Passphrase for {path}: ")
    if passphrase is None:
        ways = f"{PASSPHRASE_FD} or {PASSPHRASE_FILE}" if source else \
            f"{PASSPHRASE_FD} or {PASSPHRASE_FILE}, or `journal unlock --remember` once"
        raise Locked(f"{path} is encrypted (or is not a journal at all). Run the command on a terminal to type "
                     f"its passphrase, or pass it with {ways}.")
    if not passphrase:
        raise WrongKey(f"No passphrase was given for {path}; nothing was changed.")
    key = engine.Key.derive(passphrase, engine.header(path))
    if not opens(path, key):
        given = next((name for name in (PASSPHRASE_FD, PASSPHRASE_FILE) if os.environ.get(name)), None)
        raise WrongKey(f"That passphrase does not open {path} (or it is not a journal); nothing was changed. "
                       + (f"Check the passphrase {given} gives (or unset it to type it on a terminal)." if given
                          else "Try again."))
    engine.remember(key)
    if remembered is not None:  # this journal's remembered key is stale (its passphrase changed elsewhere)
        keep_in_keyring(path, key)  # only its own: the key of a journal never remembered stays out (S381)
    return key


def distrust(path: Path) -> None:
    """The key this process took for `path` did not open it (the kernel's copy of a remembered key,
    taken `trusted`, gone stale: the passphrase changed since, or the file was restored from
    before): forget it here and in the kernel, so the next `unlock` looks for it again."""
    forget_cached(path)
    engine.forget(path)


def unlock_path(path: str | os.PathLike[str] | None, ask: Ask | None = None, *, typed: bool = False) -> Path:
    """Unlock the journal named as on the command line (--db, $JOURNAL_DB or the default);
    returns its real path. `typed`: as `unlock`'s."""
    from journal.store.db import locate

    chosen, _ = config.db_path(path)
    real = locate(chosen)
    if not engine.is_encrypted(real):
        raise BadValue(f"{real} is not encrypted; `journal encrypt` encrypts it.")
    unlock(real, ask, typed=typed)
    return real


def opens(path: Path, key: engine.Key) -> bool:
    """Whether `key` reads the file (one cheap read: a raw key needs no derivation). A file the
    key decrypts but SQLite finds damaged (SQLITE_CORRUPT: a wrong key is SQLITE_NOTADB, its
    first page failing its check) is opened by it: it is reported as damaged, never as a
    wrong passphrase (S173)."""
    try:
        conn = engine.connect(f"file:{quote(os.fsencode(path))}?mode=ro", path, key=key, uri=True)
    except engine.Error:
        return False
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except engine.Error as exc:
        return getattr(exc, "sqlite_errorname", None) == "SQLITE_CORRUPT"
    finally:
        conn.close()


def passphrase_from_environment(fd_var: str = PASSPHRASE_FD, file_var: str = PASSPHRASE_FILE) -> str | None:
    """The passphrase from JOURNAL_PASSPHRASE_FD or JOURNAL_PASSPHRASE_FILE (or the two variables
    named), if either is set."""
    fd_text = os.environ.get(fd_var)
    if fd_text:
        try:
            with os.fdopen(os.dup(int(fd_text)), "rb") as handle:
                data = handle.read(64 * 1024)
        except IsADirectoryError:
            raise BadValue(f"{fd_var}={fd_text!r} is a folder, not a file to read the passphrase from.") from None
        except (ValueError, OSError):
            raise BadValue(f"{fd_var}={fd_text!r} is not an open file descriptor to read the passphrase "
                           "from. Give the number of one (e.g. 3, with `3<file`).") from None
        return _first_line(data, fd_var)
    file_name = os.environ.get(file_var)
    if file_name:
        path = Path(file_name)
        try:
            info = path.stat()
        except OSError:
            raise BadValue(f"{file_var} names {file_name!r}, which cannot be read. Check the path.") from None
        if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise BadValue(f"{file_var}: {file_name!r} can be read by others (mode {info.st_mode & 0o777:o}); "
                           f"make it private first: chmod 600 {file_name}")
        try:
            data = path.read_bytes()[: 64 * 1024]
        except OSError as exc:
            raise BadValue(f"{file_var}: cannot read {file_name!r} ({exc.strerror}).") from None
        return _first_line(data, file_var)
    return None


def _first_line(data: bytes, source: str) -> str:
    """The passphrase: the first line, as UTF-8 text (other bytes: one line saying so, S336)."""
    try:
        text = data.decode("utf-8") if data else ""
    except UnicodeDecodeError:
        raise BadValue(f"{source}: the passphrase read is not UTF-8 text. Write it as text (a key of random "
                       "bytes: its base64, say `base64 -w0 key.bin`).") from None
    return text.split("\n", 1)[0].rstrip("\r")


# ----------------------------------------------------------------- the OS keyring
def _keyring() -> Any:
    """The keyring module (imported only here: ~200 ms), or a one-line error."""
    try:
        import keyring
    except ImportError:
        raise StorageError("Remembering the key needs the keyring package: `pip install keyring` "
                           "(or `pip install 'threefold[keyring]'`). Nothing was remembered.") from None
    return keyring


def _account(path: Path) -> str:
    return str(path)


def _from_keyring(path: Path) -> engine.Key | None:
    try:
        keyring = _keyring()
        text = keyring.get_password(KEYRING_SERVICE, _account(path))
    except Exception:  # no backend, a locked or refusing keyring: ask instead
        return None
    if not text:
        return None
    try:
        return engine.Key.from_hex(text)
    except ValueError:
        return None


def keep_in_keyring(path: Path, key: engine.Key) -> None:
    """Keep the derived key in the OS keyring (one line when there is none or it refuses)."""
    keyring = _keyring()
    try:
        keyring.set_password(KEYRING_SERVICE, _account(path), key.hex())
    except Exception as exc:  # keyring.errors.NoKeyringError, PasswordSetError, a backend's own
        raise StorageError(f"The OS keyring did not keep the key ({type(exc).__name__}); nothing was remembered. "
                           "The journal still opens with its passphrase.") from None
    _to_kernel(path, key)


def is_remembered(path: Path) -> bool:
    """Whether the OS keyring holds a key for this journal."""
    return config.settings().flag("security.remember_key") and _from_keyring(path) is not None


def forget(path: Path) -> bool:
    """Remove a remembered key; True if there was one."""
    forget_cached(path)
    try:
        keyring = _keyring()
    except StorageError:  # no keyring package: nothing can have been kept there
        return False
    try:
        if keyring.get_password(KEYRING_SERVICE, _account(path)) is None:
            return False
    except Exception:  # no backend: nothing can have been kept there either
        return False
    try:
        keyring.delete_password(KEYRING_SERVICE, _account(path))
    except Exception as exc:
        raise StorageError(f"The OS keyring did not forget the key ({type(exc).__name__}). "
                           "Remove the 'threefold' entry with your keyring's own tool.") from None
    return True


# ----------------------------------------------------------------- Linux's kernel keyring: the fast path
# A remembered key is also cached in the kernel's per-user keyring (memory only, gone at
# logout or after KERNEL_TIMEOUT), so a command opens without importing the keyring package.
# The persistent keyring stays the source: an expired or missing cache is filled from it.
KERNEL_TIMEOUT = 8 * 3600
_SYSCALLS = {"x86_64": (248, 249, 250), "aarch64": (217, 218, 219)}
"""(add_key, request_key, keyctl) by machine."""
_USER_KEYRING, _KEYCTL_SET_TIMEOUT, _KEYCTL_READ, _KEYCTL_INVALIDATE = -4, 15, 11, 21


def _kernel() -> tuple[Any, tuple[int, int, int]] | None:
    if not sys.platform.startswith("linux") or os.uname().machine not in _SYSCALLS:
        return None
    import ctypes

    return ctypes.CDLL(None, use_errno=True), _SYSCALLS[os.uname().machine]


def _description(path: Path) -> bytes:
    return f"{KEYRING_SERVICE}:{path}".encode("utf-8", "surrogateescape")


def _kernel_id(path: Path) -> int | None:
    kernel = _kernel()
    if kernel is None:
        return None
    libc, (_, request_key, _) = kernel
    found = libc.syscall(request_key, b"user", _description(path), None, 0)
    return found if found > 0 else None


def _from_kernel(path: Path) -> engine.Key | None:
    kernel, found = _kernel(), _kernel_id(path)
    if kernel is None or found is None:
        return None
    import ctypes

    libc, (_, _, keyctl) = kernel
    buffer = ctypes.create_string_buffer(engine.KEY_BYTES + engine.SALT_BYTES)
    size = libc.syscall(keyctl, _KEYCTL_READ, found, buffer, len(buffer))
    if size != len(buffer):
        return None
    return engine.Key(buffer.raw[:engine.KEY_BYTES], buffer.raw[engine.KEY_BYTES:])


def _to_kernel(path: Path, key: engine.Key) -> None:
    kernel = _kernel()
    if kernel is None:
        return
    libc, (add_key, _, keyctl) = kernel
    payload = key.raw + key.salt
    made = libc.syscall(add_key, b"user", _description(path), payload, len(payload), _USER_KEYRING)
    if made > 0:
        libc.syscall(keyctl, _KEYCTL_SET_TIMEOUT, made, KERNEL_TIMEOUT)


def forget_cached(path: Path) -> None:
    """Drop the kernel's cached copy of a remembered key (the OS keyring keeps it; the next open
    reads it from there)."""
    kernel, found = _kernel(), _kernel_id(path)
    if kernel is not None and found is not None:
        libc, (_, _, keyctl) = kernel
        libc.syscall(keyctl, _KEYCTL_INVALIDATE, found)
