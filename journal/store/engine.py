"""The SQLite engine every connection goes through: SQLCipher when it is installed.

`sqlcipher3` bundles SQLCipher 4 (SQLite with page-level AES-256) and has the `sqlite3`
interface; without a key a file it writes is an ordinary SQLite file. So plain and
encrypted journals take one code path: the same driver, the same pragmas, the same
exception classes (`driver.Error` and its family, which are *not* those of the stdlib
`sqlite3` module: catch them through this module). Where no wheel exists the stdlib module
is used, plain journals work as before and an encrypted one is refused in one line.

Keys. An encrypted file starts with its 16-byte salt instead of "SQLite format 3". The
journal's key is PBKDF2-HMAC-SHA512(passphrase, salt, 256,000 rounds, 32 bytes), SQLCipher's
own derivation, done here once so that the *raw* key can be given to every connection
(`PRAGMA key = "x'<key><salt>'"`: no derivation per open). Backups, scratch copies and
restored files are made from the journal page by page, so they carry the same salt and
open with the same key: keys are kept in memory by salt (`remember`), and `connect` finds
the key of any file from its first 16 bytes.
"""

from __future__ import annotations

import os
from pathlib import Path

from journal.domain.errors import StorageError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/ARCHITECTURE.md, start-up)
if TYPE_CHECKING:
    from typing import Any

try:
    from sqlcipher3 import dbapi2 as _sqlcipher  # type: ignore[import-untyped]  # no stubs: same API as sqlite3
except ImportError:  # no wheel for this platform: plain journals only
    _sqlcipher = None
if _sqlcipher is None or TYPE_CHECKING:  # the stdlib module only when it is the driver (~1.5 ms to import)
    import sqlite3

driver: Any = _sqlcipher if _sqlcipher is not None else sqlite3
"""The DB-API module in use: sqlcipher3.dbapi2, or the stdlib sqlite3 without it."""
ENCRYPTION = _sqlcipher is not None

Error: Any = driver.Error
DatabaseError: Any = driver.DatabaseError
OperationalError: Any = driver.OperationalError
IntegrityError: Any = driver.IntegrityError
Connection: Any = driver.Connection

PLAIN_HEADER = b"SQLite format 3\x00"
SALT_BYTES = 16
KEY_BYTES = 32
KDF_ROUNDS = 256_000
UNAVAILABLE = ("Encryption needs SQLCipher (the sqlcipher3 package), which is not installed for this "
               "Python: `pip install sqlcipher3`, where a wheel exists for your system.")

_keys: dict[bytes, bytes] = {}
"""Raw keys by salt, for this process only (never written anywhere by this module)."""


class Key:
    """A journal's raw key and its salt: what SQLCipher needs, without a passphrase."""

    __slots__ = ("raw", "salt")

    def __init__(self, raw: bytes, salt: bytes) -> None:
        if len(raw) != KEY_BYTES or len(salt) != SALT_BYTES:
            raise ValueError("a key is 32 bytes and its salt 16")
        self.raw, self.salt = raw, salt

    @classmethod
    def derive(cls, passphrase: str, salt: bytes) -> Key:
        """SQLCipher 4's default derivation, done once (~0.2 s)."""
        import hashlib  # here, not at the top: loading OpenSSL costs every command ~3–5 ms

        raw = hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ROUNDS, KEY_BYTES)
        return cls(raw, salt)

    @classmethod
    def new(cls, passphrase: str) -> Key:
        """The key of a journal about to be encrypted: a fresh random salt."""
        return cls.derive(passphrase, os.urandom(SALT_BYTES))

    @classmethod
    def from_hex(cls, text: str) -> Key:
        """A key kept as text (the keyring): 96 hex digits, key then salt."""
        data = bytes.fromhex(text)
        return cls(data[:KEY_BYTES], data[KEY_BYTES:])

    def hex(self) -> str:
        return (self.raw + self.salt).hex()

    def pragma(self) -> str:
        return f"PRAGMA key = \"x'{self.hex()}'\""

    def __repr__(self) -> str:  # never the key itself, in a traceback or a log
        return "Key(<hidden>)"


def header(path: Path) -> bytes:
    """The first 16 bytes of the file (b"" when it is empty or unreadable)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(SALT_BYTES)
    except OSError:
        return b""


def is_encrypted(path: Path) -> bool:
    """Whether the file looks like an encrypted database: whole pages of 512 bytes or more whose
    first 16 bytes are not the plain header and not text (a jrnl or JSON file). Random bytes in
    whole pages look the same; opening them then says "does not open (or is not a journal)"."""
    head = header(path)
    if len(head) != SALT_BYTES or head == PLAIN_HEADER:
        return False
    try:
        size = path.stat().st_size
    except OSError:
        return False
    return size % 512 == 0 and not all(32 <= b < 127 or b in b"\t\n\r" for b in head)


def remember(key: Key) -> None:
    """Use `key` for every file with its salt, in this process."""
    _keys[key.salt] = key.raw


def forget(path: Path) -> None:
    """Forget the key of the file at `path` (the key of every file with its salt), in this process."""
    _keys.pop(header(path), None)


def forget_all() -> None:
    _keys.clear()


def key_for(path: Path) -> Key | None:
    """The key of an encrypted file, if this process knows it."""
    salt = header(path)
    raw = _keys.get(salt)
    return Key(raw, salt) if raw is not None else None


class Locked(StorageError):
    """An encrypted file whose key this process does not know (services/unlocking.py asks for it)."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} is encrypted (or is not a journal at all), and its key is not known here. "
                         "Unlock it with its passphrase first; nothing was changed.")
        self.path = path


def connect(target: str, path: Path | None, *, key: Key | None = None, new: bool = False,
            **kwargs: Any) -> sqlite3.Connection:
    """A connection to `target` (a file name or a URI; `path` is the file it names, None for
    memory), keyed before anything else is read.

    The key is `key`, else the one remembered for the file's salt; an encrypted file with no
    known key raises `Locked`. A `new` file (no bytes yet) is encrypted when `key` is given.
    """
    if path is not None and key is None and not new and is_encrypted(path):
        key = key_for(path)
        if key is None:
            if not ENCRYPTION:
                raise StorageError(f"{path} is encrypted (or not a journal). {UNAVAILABLE}")
            raise Locked(path)
    if key is not None and not ENCRYPTION:
        raise StorageError(UNAVAILABLE)
    conn = driver.connect(target, **kwargs)
    conn.create_function("fold", 1, _fold, deterministic=True)  # store/search: case in every script (S167)
    conn.create_function("starts_word", -1, _starts_word, deterministic=True)  # store/search: a short prefix (S576)
    if ENCRYPTION:
        conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our one line, not SQLCipher's log
        if key is not None:
            conn.execute(key.pragma())
            conn.execute("PRAGMA temp_store = MEMORY")  # sorts and temp tables never touch the disk
    return conn  # type: ignore[no-any-return]  # the same interface, whichever module made it


def _fold(value: object) -> object:
    """SQL `fold(text)`: its case folded as Python does it, every script (SQLite's lower() knows A-Z)."""
    return value.casefold() if isinstance(value, str) else value


def _starts_word(prefix: object, *texts: object) -> int:
    """SQL `starts_word(prefix, text, …)`: 1 when a word of one of the texts starts with `prefix`,
    both read as the word index reads them (case and diacritics folded; a word is a run of
    letters, digits and private-use characters): what `"prefix"*` finds, checked on one row."""
    if not isinstance(prefix, str) or not prefix:
        return 0
    import re  # here: only a search with a short prefix calls this

    pattern = re.compile(r"(?<![^\W_])" + re.escape(_folded(prefix)))
    return int(any(isinstance(t, str) and pattern.search(_folded(t)) for t in texts))


def _folded(text: str) -> str:
    """`text` case folded, without diacritics (unicode61's remove_diacritics), `_` a separator."""
    if text.isascii():
        return text.lower().replace("_", " ")
    import unicodedata

    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare).casefold().replace("_", " ")


def key_of(conn: Any) -> Key | None:
    """The key of the file a connection reads (to make a copy of it that opens the same way)."""
    if hasattr(conn, "key"):  # the journal's own connections carry theirs
        kept: Key | None = conn.key
        return kept
    try:
        rows = conn.execute("PRAGMA database_list").fetchall()
    except Error:  # a file name that is not UTF-8
        return None
    for _, name, file in rows:
        if name == "main" and file:
            return key_for(Path(file)) if is_encrypted(Path(file)) else None
    return None
