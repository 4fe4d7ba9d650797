"""age files: the recipients an export is sealed for (`journal export --encrypt-to`), and
reading a sealed export (or one made with `age -e` / `age -p`) back; the plain text exists
only in memory. pyrage is imported here only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from journal.domain.errors import BadValue
from journal.io.common import MAX_FILE_BYTES, fail, read_limited, shown

HEADERS = (b"age-encryption.org/v1\n", b"-----BEGIN AGE ENCRYPTED FILE-----")


def is_age(head: bytes) -> bool:
    return head.lstrip(b"\r\n\t ").startswith(HEADERS)


def _pyrage(doing: str = "Opening an age-encrypted file", outcome: str = "Nothing was imported.") -> Any:
    try:
        import pyrage
    except ImportError:
        raise BadValue(f"{doing} needs the pyrage package: `pip install pyrage` "
                       f"(or `pip install 'threefold[age]'`). {outcome}") from None
    return pyrage


def recipients(texts: tuple[str, ...]) -> list[object]:
    """Age recipients from their text: `age1…` keys or `ssh-ed25519`/`ssh-rsa` public keys (one line
    each when wrong)."""
    pyrage = _pyrage("Encrypted exports", "Nothing was exported.")
    found: list[object] = []
    for text in texts:
        text = text.strip()
        try:
            if text.startswith("age1"):
                found.append(pyrage.x25519.Recipient.from_str(text))
            elif text.startswith(("ssh-ed25519 ", "ssh-rsa ")):
                found.append(pyrage.ssh.Recipient.from_str(text))
            else:
                raise ValueError
        except (ValueError, pyrage.RecipientError):
            raise BadValue(f"--encrypt-to {text[:20]!r}… is not an age recipient (age1…) or an ssh-ed25519/ssh-rsa "
                           "public key. Nothing was exported.") from None
    return found


def identities(files: tuple[str, ...]) -> list[object]:
    """The age identities in these files: `AGE-SECRET-KEY-…` lines (age-keygen's output) or an
    OpenSSH private key (ed25519 or RSA, unencrypted)."""
    pyrage = _pyrage()
    found: list[object] = []
    for name in files:
        path = Path(name).expanduser()
        try:
            data = path.read_bytes()[:1024 * 1024]
        except OSError as exc:
            raise BadValue(f"--identity {shown(name)}: cannot read it ({exc.strerror}).") from None
        keys = [line.strip() for line in data.decode("utf-8", "replace").splitlines()
                if line.strip().startswith("AGE-SECRET-KEY-")]
        try:
            if keys:
                found += [pyrage.x25519.Identity.from_str(key) for key in keys]
            elif b"PRIVATE KEY-----" in data:
                found.append(pyrage.ssh.Identity.from_buffer(data))
            else:
                raise ValueError
        except (ValueError, pyrage.IdentityError):
            raise BadValue(f"--identity {shown(name)} holds no age identity (AGE-SECRET-KEY-…) or unencrypted "
                           "OpenSSH private key. Nothing was imported.") from None
    return found


def open_age(path: Path, identity_files: tuple[str, ...], ask: Callable[[str], str | None] | None) -> bytes:
    """The plain content of the age file at `path`: with the identities in `identity_files`,
    or else with a passphrase (`age -p`) that `ask` gets from the person."""
    pyrage = _pyrage()
    sealed = read_limited(path)
    try:
        if identity_files:
            plain = pyrage.decrypt(sealed, identities(identity_files))
        else:
            secret = ask(f"Passphrase for the age file {path.name}: ") if ask is not None else None
            if not secret:
                raise BadValue(f"{shown(path)} is encrypted with age: give its key with --identity FILE "
                               "(or type its passphrase on a terminal). Nothing was imported.")
            plain = pyrage.passphrase.decrypt(sealed, secret)
    except pyrage.DecryptError:
        raise fail(path, "", "cannot be decrypted with that key or passphrase (or it was altered)") from None
    if len(plain) > MAX_FILE_BYTES:
        raise fail(path, "", f"decrypts to more than {MAX_FILE_BYTES // 1048576} MB")
    return bytes(plain)
