"""Change files in the synced folder: `DIR/<device id>/<seq>.jsonl` (or `.jsonl.age` for an
encrypted journal). JSON lines: a header (format, version, device, seq), one record a line,
and an end line with the count and a SHA-256 of the record lines, so a file a sync engine has
not finished copying is seen as incomplete, never applied in part. A file is written once, to
a hidden temp name, fsynced and renamed; it is never changed afterwards.

An encrypted journal's files are age-encrypted (pyrage) to an identity derived from the
journal's passphrase and the folder's salt (`threefold-sync.json`): only a device whose
journal has that passphrase can read them, and a file altered or made with another key fails
to decrypt and is skipped.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
from journal.record import field, record
from pathlib import Path
from typing import Any

from journal.domain.errors import MalformedInput
from journal.io import age_files, own_json
from journal.io.common import Batch, Fields

FORMAT = "threefold-sync"
VERSION = 1
NAME = re.compile(r"([0-9]{10})\.jsonl(\.age)?")  # ASCII digits: a name in other digits is no change file (S531)
CONFLICT_COPY = re.compile(r"([0-9]{10})(?![0-9]).+\.(?:jsonl|age)")
"""A sync engine's name for the other version of a change file two writers gave one name (two
copies of a journal syncing as one device), once a name is not NAME: the file's number, then
anything, then its suffix: Syncthing's `0000000002.sync-conflict-<when>-<who>.jsonl` and
`0000000002.jsonl.sync-conflict-<when>-<who>.age`, Dropbox's and Nextcloud's
`0000000002 (conflicted copy …).jsonl`, iCloud's `0000000002 2.jsonl.age`."""
DEVICE = re.compile(r"[0-9a-f]{16}")
MAX_BYTES = 512 * 1024 * 1024


DAMAGED = "delete a damaged file (after a look: it is no journal's change as it is)"
ANOTHER_KEY = ("a folder keeps the passphrase it was first synced with: set every device to one passphrase and "
               "sync them all into a new folder")
PLAIN_DEVICE = ("encrypt the plain journal that syncs here with this folder's passphrase (`journal encrypt` on "
                "that device): it sends everything again, sealed")
SEALED_DEVICE = "encrypt this journal with the passphrase of the encrypted journals that sync here (`journal encrypt`)"
UNKNOWN_RECORD = ("update Threefold here if another device runs a newer one; otherwise the file is damaged: delete it "
                  "(after a look: it is no journal's change as it is)")


class Unreadable(Exception):
    """A change file that cannot be used now; the message is one line (its name is added)."""

    def __init__(self, message: str, *, retry: bool = False, way: str = DAMAGED) -> None:
        super().__init__(message)
        self.retry = retry
        """It may be complete later (still arriving); otherwise it is skipped for good."""
        self.way = way
        """What makes a file skipped for good applicable, or lets it go: one of the ways above."""


@record
class ChangeFile:
    device: str
    seq: int
    path: Path
    records: list[dict[str, Any]] = field(default_factory=list)


# ----------------------------------------------------------------- encryption
_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _bech32(hrp: str, data: bytes) -> str:
    """BIP 173 bech32 (age's encoding of keys)."""
    acc, bits, five = 0, 0, []
    for byte in data:
        acc = (acc << 8) | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            five.append((acc >> bits) & 31)
    if bits:
        five.append((acc << (5 - bits)) & 31)
    values = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + five + [0] * 6
    chk = 1
    for value in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ value
        for i, gen in enumerate((0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)):
            chk ^= gen if (top >> i) & 1 else 0
    chk ^= 1
    return hrp + "1" + "".join(_CHARSET[d] for d in five + [(chk >> 5 * (5 - i)) & 31 for i in range(6)])


class Sealer:
    """Encrypts and decrypts change files with the journal's key (age, an x25519 identity
    derived from the key: the key never leaves the journal's process)."""

    def __init__(self, sync_key: bytes) -> None:
        try:
            import pyrage
        except ImportError:
            raise Unreadable("syncing an encrypted journal needs the pyrage package: `pip install pyrage`") from None
        self._pyrage = pyrage
        secret = hmac.new(sync_key, b"threefold sync files v1", hashlib.sha256).digest()
        self._identity = pyrage.x25519.Identity.from_str(_bech32("age-secret-key-", secret).upper())
        self._recipient = self._identity.to_public()

    def seal(self, data: bytes) -> bytes:
        return bytes(self._pyrage.encrypt(data, [self._recipient]))

    def open(self, data: bytes) -> bytes:
        try:
            return bytes(self._pyrage.decrypt(data, [self._identity]))
        except self._pyrage.DecryptError as problem:
            if "no matching key" not in str(problem).lower():  # the key opened its header: the rest is cut short
                # (a file still being copied by a cloud folder, of any length: S292; "delete a damaged file"
                # would have deleted the writer's own copy through the sync)
                raise Unreadable("cannot be read to its end (still arriving, or damaged); will try again",
                                 retry=True) from None
            raise Unreadable("cannot be decrypted with this journal's key: skipped, never applied (sealed under "
                             "another passphrase than this folder's first one, or altered: see the README, Sync)",
                             way=ANOTHER_KEY) from None


FOLDER_SALT = "threefold-sync.json"
"""At the top of the folder, for encrypted journals: the random salt the files' key is derived
with from the passphrase, so devices set up separately with the same passphrase read each
other's files (a journal's own key has its own salt, different on every device)."""


def folder_salt(folder: Path) -> bytes:
    """The folder's salt, made (once, exclusively) by the first encrypted device to sync here."""
    path = folder / FOLDER_SALT
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"format": FORMAT, "version": VERSION, "salt": os.urandom(16).hex()}, handle)
            handle.flush()
            os.fsync(handle.fileno())
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        salt = bytes.fromhex(data["salt"])
    except (OSError, ValueError, KeyError, TypeError):
        raise Unreadable(f"{FOLDER_SALT} in the sync folder cannot be read; if it is empty or damaged, remove it "
                         "on every device and sync again") from None
    if len(salt) != 16:
        raise Unreadable(f"{FOLDER_SALT} in the sync folder holds no usable salt")
    return salt


# ----------------------------------------------------------------- writing
def write(folder: Path, device: str, seq: int, records: list[dict[str, Any]], sealer: Sealer | None) -> Path:
    """Write one change file atomically; returns its path."""
    lines = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records]
    body = "".join(line + "\n" for line in lines).encode("utf-8")
    header = json.dumps({"format": FORMAT, "version": VERSION, "device": device, "seq": seq,
                         "records": len(records)}, separators=(",", ":"))
    end = json.dumps({"end": seq, "records": len(records), "sha256": hashlib.sha256(body).hexdigest()},
                     separators=(",", ":"))
    data = header.encode() + b"\n" + body + end.encode() + b"\n"
    name = f"{seq:010d}.jsonl" + (".age" if sealer else "")
    if sealer:
        data = sealer.seal(data)
    own = folder / device
    own.mkdir(parents=True, exist_ok=True)
    target = own / name
    temp = own / f".{name}.{os.getpid()}.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    dir_fd = os.open(own, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return target


def next_seq(folder: Path, device: str, known: int) -> int:
    """The next file number of this device: after `known` and after any file of ours already in
    the folder (a journal restored from a backup must not reuse a number others applied)."""
    return max([known, *(seq for seq, _ in own_files(folder, device))]) + 1


# ----------------------------------------------------------------- what each device has applied
ACKS = "applied.json"
"""In each device's subfolder: for every other device, the number up to which it has applied
that device's files without a gap, and this device's latest snapshot (its first and last
file). Replaced atomically at each sync; numbers only."""


@record
class Acks:
    applied: dict[str, int]
    snapshot: tuple[int, int] | None


def write_acks(folder: Path, device: str, acks: Acks) -> None:
    own = folder / device
    own.mkdir(parents=True, exist_ok=True)
    temp = own / f".{ACKS}.{os.getpid()}.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump({"format": FORMAT, "version": VERSION, "applied": acks.applied,
                   "snapshot": list(acks.snapshot) if acks.snapshot else None}, handle, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, own / ACKS)


def read_acks(folder: Path, device: str) -> Acks | None:
    """What `device` says (None when it says nothing readable yet)."""
    try:
        data = json.loads((folder / device / ACKS).read_text(encoding="utf-8"))
        applied, snapshot = data["applied"], data.get("snapshot")
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if not isinstance(applied, dict):
        return None
    span = (snapshot[0], snapshot[1]) if (isinstance(snapshot, list) and len(snapshot) == 2
                                          and all(isinstance(n, int) for n in snapshot)) else None
    return Acks({k: v for k, v in applied.items() if isinstance(k, str) and isinstance(v, int)}, span)


def own_files(folder: Path, device: str) -> list[tuple[int, Path]]:
    own = folder / device
    found = [(int(m[1]), path) for path in own.iterdir() if (m := NAME.fullmatch(path.name))] if own.is_dir() else []
    return sorted(found)


def sealed_devices(folder: Path) -> set[str]:
    """The devices whose folders hold a sealed change file: encrypted journals sync here, even
    while their salt file has not arrived yet (S295)."""
    return {device for device in other_devices(folder, "")
            if any(path.name.endswith(".age") for path in (folder / device).iterdir())}


def other_devices(folder: Path, device: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name != device and DEVICE.fullmatch(p.name)) \
        if folder.is_dir() else []


# ----------------------------------------------------------------- reading
@record
class Listing:
    files: list[tuple[str, int, Path]]
    """(device, seq, path) of every change file of other devices, in order."""
    notes: list[str]
    """One line per thing in the folder that is not a change file and looks like one was meant."""
    conflicts: list[tuple[str, int, Path]] = field(default_factory=list)
    """(device, seq, path) of every conflict copy of a change file, this device's own folder
    included: the version of two writers of one name that lost the name (S294)."""


def listing(folder: Path, own_device: str) -> Listing:
    found = Listing([], [])
    for device_dir in sorted(folder.iterdir()) if folder.is_dir() else []:
        if not device_dir.is_dir() or device_dir.name.startswith(".") or not DEVICE.fullmatch(device_dir.name):
            continue  # the folder may hold other things of the person's: not the journal's business
        own = device_dir.name == own_device
        for path in sorted(device_dir.iterdir()):
            if match := NAME.fullmatch(path.name):
                if not own:
                    found.files.append((device_dir.name, int(match[1]), path))
            elif match := CONFLICT_COPY.fullmatch(path.name):
                found.conflicts.append((device_dir.name, int(match[1]), path))
            elif ".sync-conflict-" in path.name and not own:
                found.notes.append(f"{device_dir.name}/{path.name}: a conflict copy made by the sync engine of a "
                                   "file that is no change file; ignored.")
    found.files.sort(key=lambda item: (item[0], item[1]))
    return found


def duplicate(path: Path, seq: int) -> bool:
    """A copy of the file of its number, byte for byte (a cloud folder's own duplicate, one
    writer): nothing to apply, and no sign of a second writer."""
    for original in (path.with_name(f"{seq:010d}.jsonl"), path.with_name(f"{seq:010d}.jsonl.age")):
        try:
            if original.stat().st_size == path.stat().st_size and original.read_bytes() == path.read_bytes():
                return True
        except OSError:
            continue
    return False


AGE_HEADER = age_files.HEADERS[0]
"""How every age file begins."""


def read(path: Path, device: str, seq: int, sealer: Sealer | None) -> ChangeFile:
    """The records of one change file, or Unreadable with one line (retry: it may be incomplete)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise Unreadable(f"larger than {MAX_BYTES >> 20} MB: skipped")
        data = path.read_bytes()
    except OSError as exc:
        raise Unreadable(f"cannot be read ({exc.strerror}); will try again", retry=True) from None
    if path.name.endswith(".age"):
        if sealer is None:
            raise Unreadable("is encrypted but this journal is not: skipped (it belongs to an encrypted journal)",
                             way=SEALED_DEVICE)
        if not data.startswith(AGE_HEADER):
            if AGE_HEADER.startswith(data):  # the start of one: the rest may still come
                raise Unreadable("is incomplete (still arriving?); will try again", retry=True)
            # anything else never becomes a sealed file, however long it is waited for (S476)
            raise Unreadable("is not a sealed change file (damaged, or not Threefold's): skipped, never applied")
        try:
            data = sealer.open(data)
        except Unreadable as problem:
            if _short_age(data):
                raise Unreadable("is incomplete (still arriving?); will try again", retry=True) from None
            raise problem
    elif sealer is not None:
        raise Unreadable("is not encrypted but this journal is: skipped, never applied", way=PLAIN_DEVICE)
    lines = data.split(b"\n")
    try:
        header = json.loads(lines[0])
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        if not data.endswith(b"\n") and len(lines) < 2:
            raise Unreadable("is incomplete (still arriving?); will try again", retry=True)
        raise Unreadable("is not a Threefold change file: skipped")
    if not data.endswith(b"\n") or len(lines) < 3:
        raise Unreadable("is incomplete (still arriving?); will try again", retry=True)
    try:
        end = json.loads(lines[-2])
    except ValueError:
        raise Unreadable("is incomplete (still arriving?); will try again", retry=True) from None
    if not isinstance(header.get("version"), int) or header["version"] > VERSION:
        raise Unreadable(f"was written by a newer Threefold (format {header.get('version')}): skipped until you "
                         "upgrade (`pip install -U threefold-journal`)", retry=True)
    if header.get("device") != device or header.get("seq") != seq:
        raise Unreadable("says inside that it belongs to another device or number than its name does: skipped, "
                         "never applied")
    if not isinstance(end, dict) or end.get("end") != seq:
        if any(_is_end(line, seq) for line in lines[1:-2]):  # whole, then more: no copy ever ends so (S553)
            raise Unreadable("has more after its own end (damaged or altered): skipped, never applied")
        raise Unreadable("is incomplete (still arriving?); will try again", retry=True)
    body = b"".join(line + b"\n" for line in lines[1:-2])
    if hashlib.sha256(body).hexdigest() != end.get("sha256") or end.get("records") != len(lines) - 3:
        raise Unreadable("does not match its own checksum (damaged or altered): skipped, never applied")
    try:
        records = [json.loads(line) for line in lines[1:-2]]
    except ValueError:
        raise Unreadable("holds a line that is not JSON: skipped, never applied") from None
    known = ("entry", "goal", "mentorship", "practice", "purge")
    if not all(isinstance(r, dict) and r.get("kind") in known for r in records):
        raise Unreadable("holds a record of an unknown kind: skipped, never applied")
    for n, item in enumerate(records, start=1):
        if wrong := check_record(item):
            raise Unreadable(f"holds a record this version cannot apply (record {n}, {wrong}): skipped, the other "
                             "files applied", way=UNKNOWN_RECORD)
    return ChangeFile(device, seq, path, records)


def _is_end(line: bytes, seq: int) -> bool:
    """Whether `line` is the end line of change file `seq` (records never start so)."""
    if not line.startswith(b'{"end"'):
        return False
    try:
        found = json.loads(line)
    except ValueError:
        return False
    return isinstance(found, dict) and found.get("end") == seq


_SECTIONS = {"mentorship": "mentorships", "goal": "goals", "practice": "practice"}
_NAMED = {"entry": "an entry", "goal": "a goal", "mentorship": "a mentorship", "practice": "a document",
          "purge": "a purge"}


def check_record(record: dict[str, Any]) -> str | None:
    """What is wrong with one record of a change file, checked as an import checks the same row
    in a JSON export (io/own_json: ISO stamps, dates, choices, lists of ids and tags, a check-in's
    details, ...), or None. Applied unchecked, one bad value broke `journal list` on every device
    that took it, or the sync itself (S421). An entry's row becomes the one the import keeps
    (ids in lower case, unusable tags and a stray revisit date dropped): applied as it came, an
    upper-case id made an entry no command could name (S444). The words never quote the
    record's text."""
    kind = record["kind"]
    where = Path(kind)
    try:
        if record.get("base") is not None and not isinstance(record["base"], str):
            return f"{_NAMED[kind]}: base: expected str"
        if kind == "purge":
            f = Fields(where, "$", record)
            if not f.text("id", required=True) or record.get("of") not in (None, "practice"):
                return "a purge: not a purge of an entry or a document"
            f.stamp("at", required=True)
            return None
        row = record.get("row")
        if kind == "entry":
            kept = own_json.parse_entry(where, Batch("json"), 0, row)
            if kept is None:  # empty, over 10 MB, a title too long
                return "an entry: its title or body is not one the journal keeps"
            record["row"] = kept
        else:
            own_json.parse_header(where, Fields(where, "$", {"version": own_json.VERSION, _SECTIONS[kind]: [row]}))
    except MalformedInput as refused:
        said = str(refused).removeprefix(f"Import failed: {kind}: ").removesuffix(". Nothing was imported.")
        said = re.sub(r"^(?:\$|entries|mentorships|goals|practice)(?:\[0\])?[.:] ?", "", said)
        return f"{_NAMED[kind]}: {said}"
    return None


def _short_age(data: bytes) -> bool:
    """An age file cut short: its payload is 64 KiB chunks plus a tag each; a file still being
    copied ends mid-chunk. Heuristic only (the decryption failing decides it is not applied)."""
    return len(data) < 200
