"""What every importer shares: reading a file within limits, JSON with positions, checks
with field paths, text repair, and the batch an importer hands to the journal.

Rules (docs/RELIABILITY.md, catalogue F): files over 200 MB are refused before reading; a body over
10 MB rejects that entry (counted); deep nesting, huge numbers and NaN are malformed
input; lone surrogates become U+FFFD and are counted as repairs. Errors are one line
naming the file and a position or field path, never entry text.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from journal.record import field, record
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO, Literal, NoReturn, TypeVar, overload

from journal.domain.dates import RANGE_TEXT, day_in_range, moment_in_range, utc_text
from journal.domain.entry_fields import Row
from journal.domain.errors import BadValue, MalformedInput
from journal.domain.text import clean_title, for_terminal, normalise_body, normalise_tags, repair_surrogates

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
"""A zip member that inflates more than this many times (and past 1 MB) is refused."""

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_T = TypeVar("_T")


@record
class Batch:
    """Plain rows parsed from one import file, ready for the store, plus what was noticed."""

    source: str
    """json, jrnl or dayone: the format that was read."""
    entries: list[Row] = field(default_factory=list)
    """The entries of a file read whole."""
    goals: list[Row] = field(default_factory=list)
    mentorships: list[Row] = field(default_factory=list)
    practice: list[Row] = field(default_factory=list)
    """Vision, learning profile and shortlists (our own JSON only)."""
    repaired: int = 0
    """Rows that needed a repair (counted once each, whatever they needed)."""
    repairs: set[str] = field(default_factory=set)
    """The kinds of repair made (keys of REPAIRS): the report names these, not every kind there is."""
    rejected: int = 0
    media: int = 0
    notes: list[str] = field(default_factory=list)
    streamed: Iterator[Row] | None = None
    """The entries of a large export read as a stream: parsed one by one as the importer
    pulls them (then `entries` stays empty)."""
    from_database: bool = False
    """Read from a journal database (exported in memory as our JSON, `source` json)."""
    seen: dict[str, int] = field(default_factory=dict)
    """How often each source id (another app's) was met in this file so far (`source_id`)."""

    def source_id(self, key: str) -> str:
        """`key` as the source id of the entry met now: the second entry of a file with the same
        key (two identical jrnl entries, one Day One uuid twice) is `key#2`, and so on, so every
        entry the file holds is imported, and again the same way on a re-import (S229)."""
        n = self.seen[key] = self.seen.get(key, 0) + 1
        return key if n == 1 else f"{key}#{n}"

    def count_repairs(self, kinds: Iterable[str]) -> None:
        """One row's repairs (none: nothing to count)."""
        kinds = set(kinds)
        if kinds:
            self.repaired += 1
            self.repairs |= kinds

    def all_entries(self) -> Iterable[Row]:
        """The entries, however the file was read (a stream can be walked once)."""
        return self.entries if self.streamed is None else self.streamed


def shown(path: Path | str) -> str:
    return for_terminal(str(path), single_line=True)


def fail(path: Path | str, where: str, problem: str) -> MalformedInput:
    where = f": {where}" if where else ""
    return MalformedInput(f"Import failed: {shown(path)}{where}: {problem}. Nothing was imported.")


def open_limited(path: Path, *, capped: bool = True) -> BinaryIO:
    """The file opened for reading (binary): folders, missing files and (`capped`) files over
    the cap refused. Uncapped: read as a stream, whose memory does not grow with the file."""
    try:
        if path.is_dir():
            raise fail(path, "", "is a folder, not an export file")
        size = path.stat().st_size
        if capped and size > MAX_FILE_BYTES:
            raise fail(path, "", f"file too large ({size // 1048576} MB > {MAX_FILE_BYTES // 1048576} MB)")
        return open(path, "rb")  # the caller closes it
    except FileNotFoundError:
        raise BadValue(f"No file {shown(path)} to import. Check the path.") from None
    except IsADirectoryError:
        raise fail(path, "", "is a folder, not an export file") from None
    except PermissionError:
        raise BadValue(f"Cannot read {shown(path)}: permission denied.") from None


def read_limited(path: Path) -> bytes:
    """The file's bytes, refusing folders, missing files and files over the cap."""
    with open_limited(path) as handle:
        data = handle.read(MAX_FILE_BYTES + 1)  # the size on disk may have grown since the check
    if len(data) > MAX_FILE_BYTES:
        raise fail(path, "", "file too large")
    return data


def zip_members(path: Path, data: bytes) -> tuple[list[tuple[str, bytes]], int]:
    """The .json members of a zip, read in memory under caps; never extracted.

    Returns [(name, bytes)] and the number of members skipped as suspicious (absolute
    names, `..`, links). Raises for bombs: a declared size over the cap, a ratio over 100x,
    or a member that inflates past what its header said.
    """
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise fail(path, "", f"not a readable zip archive ({type(exc).__name__})") from None
    members, suspicious, total = [], 0, 0
    with archive:
        for info in archive.infolist():
            name = info.filename
            if info.is_dir() or not name.lower().endswith(".json"):
                continue
            parts = name.replace("\\", "/").split("/")
            is_link = (info.external_attr >> 16) & 0o170000 == 0o120000
            if name.startswith(("/", "\\")) or ".." in parts or ":" in parts[0] or is_link:
                suspicious += 1
                continue
            if info.file_size > MAX_FILE_BYTES or total + info.file_size > MAX_FILE_BYTES:
                raise fail(path, name, "archive member too large")
            if info.file_size > 1048576 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise fail(path, shown(name), "suspicious compression ratio (possible zip bomb)")
            try:
                with archive.open(info) as handle:
                    content = handle.read(min(info.file_size, MAX_FILE_BYTES) + 1)
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError) as exc:
                raise fail(path, shown(name), f"cannot read archive member ({type(exc).__name__})") from None
            if len(content) > info.file_size:
                raise fail(path, shown(name), "archive member larger than its header says (possible zip bomb)")
            total += len(content)
            members.append((name, content))
    return members, suspicious


_WIDE_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
              (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
"""Byte order marks of UTF-16 and UTF-32 (Windows PowerShell 5 writes `jrnl --export json >
file` as UTF-16): such a file is text in that encoding, not binary data (S233)."""


NOT_UTF8_ADVICE = ("a file saved in another encoding? Convert it (`iconv -f latin1 -t utf-8 FILE > NEW`) and "
                   "import that: the entries come in with their characters")


def decode(path: Path, data: bytes, batch: Batch | None = None) -> str:
    """The text of a file: UTF-8 (a BOM dropped), or UTF-16/32 when it starts with their byte
    order mark (with a note); invalid bytes become U+FFFD with a note."""
    encoding = next((name for bom, name in _WIDE_BOMS if data.startswith(bom)), "utf-8-sig")
    if encoding != "utf-8-sig" and batch is not None:
        batch.notes.append(f"read as {encoding.upper()} (the file starts with its byte order mark)")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        text = data.decode(encoding, errors="replace")
        if batch is not None:  # where, and how many: the entries they are in can be found and mended (S521)
            bad = text.count("\ufffd") - data.decode(encoding, errors="ignore").count("\ufffd")
            line = data.count(b"\n", 0, exc.start) + 1
            name = "UTF-8" if encoding == "utf-8-sig" else encoding.upper()
            batch.notes.append(f"{bad} character(s) not valid {name} (the first on line {line}) were replaced "
                               f"with U+FFFD: {NOT_UTF8_ADVICE}")
        return text


def _no_constants(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a JSON number")


def load_json(path: Path, text: str, where: str = "") -> object:
    """json.loads with one-line errors: line/column, or what went wrong (depth, NaN, digits)."""
    prefix = f"{shown(where)}: " if where else ""
    try:
        return json.loads(text, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        raise fail(path, f"{prefix}line {exc.lineno} column {exc.colno}", f"invalid JSON ({exc.msg})") from None
    except RecursionError:
        raise fail(path, prefix.rstrip(": "), "JSON nested too deeply") from None
    except ValueError as exc:
        problem = "number with too many digits" if "digits" in str(exc) else "NaN or Infinity is not allowed"
        raise fail(path, prefix.rstrip(": "), problem) from None


class Fields:
    """Typed access to one JSON object with field paths in every error."""

    def __init__(self, path: Path, where: str, data: object) -> None:
        if not isinstance(data, dict):
            raise fail(path, where, f"expected an object, found {type(data).__name__}")
        self.file, self.where = path, where
        self.data: dict[str, object] = data

    def _err(self, name: str, problem: str) -> MalformedInput:
        return fail(self.file, f"{self.where}.{name}", problem)

    @overload
    def get(self, name: str, kind: type[_T], *, required: Literal[True], default: _T | None = None) -> _T: ...
    @overload
    def get(self, name: str, kind: type[_T], *, required: bool = False, default: _T) -> _T: ...
    @overload
    def get(self, name: str, kind: type[_T], *, required: bool = False, default: None = None) -> _T | None: ...

    def get(self, name: str, kind: type[_T], *, required: bool = False, default: _T | None = None) -> _T | None:
        """The value of `name` if it is a `kind` (a bool never passes for a number); `default`
        when it is missing or null, unless `required`."""
        value = self.data.get(name)
        if value is None:
            if required:
                raise self._err(name, "missing")
            return default
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            raise self._err(name, f"expected {kind.__name__}, found {type(value).__name__}")
        return value

    @overload
    def text(self, name: str, *, required: Literal[True], default: str | None = None) -> str: ...
    @overload
    def text(self, name: str, *, required: bool = False, default: str) -> str: ...
    @overload
    def text(self, name: str, *, required: bool = False, default: None = None) -> str | None: ...

    def text(self, name: str, *, required: bool = False, default: str | None = None) -> str | None:
        value = self.get(name, str, required=required, default=default)
        return None if value is None else repair_surrogates(value)

    @overload
    def day(self, name: str, *, required: Literal[True]) -> str: ...
    @overload
    def day(self, name: str, *, required: bool = False) -> str | None: ...

    def day(self, name: str, *, required: bool = False) -> str | None:
        value = self.get(name, str, required=required)
        if value is None:
            return None
        try:
            day = date.fromisoformat(value) if len(value) == 10 else _bad()
        except ValueError:
            raise self._err(name, "not a date (YYYY-MM-DD)") from None
        if not day_in_range(day):
            raise self._err(name, f"out of range ({RANGE_TEXT})")
        return day.isoformat()

    def stamp(self, name: str, *, required: bool = False) -> str | None:
        value = self.get(name, str, required=required)
        if value is None:
            return None
        if len(value) == 20 and value[19] == "Z":  # as the journal writes it: checked, kept as it is
            try:
                plain = datetime.fromisoformat(value[:19])
            except ValueError:
                plain = None
            if plain is not None and plain.isoformat() == value[:19] and day_in_range(plain.date()):
                return value
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise self._err(name, "not a date and time (ISO 8601)") from None
        if moment.tzinfo is None:
            raise self._err(name, "has no time zone")
        if not moment_in_range(moment):
            raise self._err(name, f"out of range ({RANGE_TEXT})")
        return utc_text(moment)

    def strings(self, name: str) -> list[str]:
        value = self.get(name, list, default=[])
        for i, item in enumerate(value):
            if not isinstance(item, str):
                raise fail(self.file, f"{self.where}.{name}[{i}]", f"expected str, found {type(item).__name__}")
        return [repair_surrogates(v) for v in value]

    def items(self, name: str, *, required: bool = False) -> list[object]:
        value = self.get(name, list, required=required, default=[])
        return value


def _bad() -> NoReturn:
    raise ValueError


REPAIRS = {
    "surrogates": "lone surrogates became U+FFFD",
    "line endings": "line endings became LF",
    "bom": "a byte order mark was removed",
    "controls": "control characters became U+FFFD",
    "tags": "unusable tags were dropped",
    "ids": "upper-case entry ids were lower-cased",
    "revisit": "a revisit day on an entry that is neither foresight nor feedback was dropped",
    "skipped hour": "a time the clocks skipped (they went forward) was read as the time they showed",
}
"""Each kind of repair an import makes, in the words (and order) its report uses."""


def surrogates_in(*values: object) -> bool:
    return any(isinstance(v, str) and not v.isascii() and _SURROGATE.search(v) for v in values)


def repaired_tree(value: Any) -> tuple[Any, bool]:
    """A JSON value (a check-in's details, an agreement's parts, a practice document) with every
    lone surrogate in its strings, keys too, made U+FFFD, and whether there was one (E38)."""
    def fix(node: Any) -> Any:
        if isinstance(node, str):
            return repair_surrogates(node)
        if isinstance(node, list):
            return [fix(item) for item in node]
        if isinstance(node, dict):
            return {fix(key): fix(item) for key, item in node.items()}
        return node

    fixed = fix(value)
    return fixed, fixed != value


REJECTED_NAMED = 20
"""The rejected entries an import names, each by its place in the file (the rest are counted)."""


def clean_entry_text(batch: Batch, title: str | None, body: str, *, strip_controls: bool,
                     where: str) -> tuple[str | None, str, set[str]] | None:
    """Repair a title and body as the journal stores them: (title, body, the kinds of repair
    made, keys of REPAIRS), or None when the entry is refused (empty, over 10 MB, title too
    long) - counted as rejected and named by `where` (its place in the file, never its text)
    with why (S320).

    Repairs: lone surrogates, CRLF/CR line endings, a BOM and (for other apps' files)
    control characters other than tab and newline, which become U+FFFD.
    """
    raw_title, raw_body = title, body
    if strip_controls:
        body = _CONTROL.sub("\ufffd", body)
        title = _CONTROL.sub("\ufffd", title) if title else title
    try:
        title = clean_title(repair_surrogates(title) if title else title)
        fixed = normalise_body(body)
    except BadValue as why:
        batch.rejected += 1
        if batch.rejected <= REJECTED_NAMED:
            batch.notes.append(f"rejected: {where}: {why}")
        elif batch.rejected == REJECTED_NAMED + 1:
            batch.notes.append(f"rejected: more entries after the first {REJECTED_NAMED} (counted above)")
        return None
    repairs = set()
    if surrogates_in(raw_title, raw_body):
        repairs.add("surrogates")
    if "\r" in body.rstrip():
        repairs.add("line endings")
    if body.startswith("\ufeff"):
        repairs.add("bom")
    if strip_controls and (body != raw_body or (raw_title and _CONTROL.search(raw_title))):
        repairs.add("controls")
    return title, fixed, repairs


def clean_tags(raw: list[str]) -> tuple[list[str], bool]:
    """Our tag rule for each tag: (tags, whether some tag was refused and dropped)."""
    tags: list[str] = []
    dropped = False
    for value in raw:
        try:
            for tag in normalise_tags([value]):
                if tag not in tags:
                    tags.append(tag)
        except BadValue:
            dropped = True
    return tags, dropped


@record
class ImportReport:
    """What an import did (or, with --dry-run, would do). Counts only: never entry text."""

    file: str
    source: str
    new: int = 0
    updated: int = 0
    kept: int = 0
    """Entries changed here after the file's version: kept; the file's version became a draft."""
    replaced: int = 0
    """Of `updated`: entries edited here that the file's newer version replaced; the versions here
    became drafts."""
    present: int = 0
    repaired: int = 0
    repairs: set[str] = field(default_factory=set)
    """The kinds of repair made (keys of REPAIRS)."""
    rejected: int = 0
    media: int = 0
    goals: dict[str, int] = field(default_factory=lambda: {"new": 0, "updated": 0, "same": 0, "kept": 0})
    mentorships: dict[str, int] = field(default_factory=lambda: {"new": 0, "updated": 0, "same": 0, "kept": 0})
    practice: dict[str, int] = field(default_factory=lambda: {"new": 0, "updated": 0, "same": 0, "kept": 0})
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False
    indexing: int = 0
    """Entries left to the background search indexer (a large import: store/search_index.py)."""

    def count(self, outcome: str) -> None:
        if outcome == "new":
            self.new += 1
        elif outcome in ("updated", "replaced"):
            self.updated += 1
            self.replaced += outcome == "replaced"
        elif outcome == "kept":
            self.kept += 1
        else:
            self.present += 1

    def lines(self) -> list[str]:
        verb = "Would import" if self.dry_run else "Imported"
        kept = f"{self.kept} kept (newer here), " if self.kept else ""
        out = [f"{verb} {shown(self.file)} ({self.source}): {self.new} new, {self.updated} updated, {kept}"
               f"{self.present} already present, {self.repaired} repaired, {self.rejected} rejected"]
        for name, counts in (("goals", self.goals), ("mentorships", self.mentorships),
                             ("vision, profile and shortlists", self.practice)):
            if any(counts.values()):
                newer_here = f"{counts['kept']} kept (newer here), " if counts["kept"] else ""
                out.append(f"  {name}: {counts['new']} new, {counts['updated']} updated, {newer_here}"
                           f"{counts['same']} already present")
        if self.kept:
            drafts = ("would be kept as drafts (nothing is written on a dry run)" if self.dry_run else
                      "are kept as drafts (`journal drafts`)")
            out.append(f"  kept: {self.kept} entr{'y was' if self.kept == 1 else 'ies were'} changed here after the "
                       f"file's version, so they stay; the file's versions {drafts}")
        if self.replaced:
            drafts = ("would be kept as drafts" if self.dry_run else "are kept as drafts (`journal drafts`)")
            out.append(f"  replaced: {self.replaced} entr{'y' if self.replaced == 1 else 'ies'} edited here "
                       f"{'was' if self.replaced == 1 else 'were'} changed later in the file: the file's versions "
                       f"are in place; the versions here {drafts}")
        if self.repaired:
            out.append(f"  repaired: {', '.join(words for kind, words in REPAIRS.items() if kind in self.repairs)}")
        if self.rejected:
            out.append("  rejected: entries that were empty, over 10 MB, or had a title over 200 characters")
        if self.media:
            out.append(f"  media referenced, not imported: {self.media}")
        out += [f"  note: {note}" for note in self.notes]
        if self.indexing:
            out.append(f"  search: {self.indexing:,} entr{'y is' if self.indexing == 1 else 'ies are'} being indexed "
                       "in the background (a few seconds for 10,000); a search meanwhile finishes that first")
        if self.dry_run:
            out.append("Dry run: nothing was written.")
        return out
