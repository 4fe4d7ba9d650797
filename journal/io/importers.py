"""Read one import file (or a journal folder) into a Batch: pick the format (or check the one
asked for), parse.

What a file that is none of the formats is, is said instead of "invalid JSON": an empty
file, an encrypted jrnl journal (decrypt it with jrnl), binary data, text that is neither JSON
nor a jrnl journal. A Day One Classic entry (`.doentry`) is imported, and so are two kinds of
folder: a jrnl folder journal (YYYY/MM/DD.txt) and a Day One Classic journal
(`Journal.dayone`: entries/*.doentry, photos/).

Nothing here touches the journal; the Journal facade writes a Batch in one transaction.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from journal.domain.text import INLINE_TAG_SYMBOLS, plural
from journal.io import dayone, jrnl, own_json, parse_process
from journal.io.documents import MARKDOWN_HEAD
from journal.io.common import (
    MAX_FILE_BYTES, Batch, decode, fail, load_json, open_limited, read_limited, shown, zip_members,
)

DECRYPT_JRNL = "decrypt it with jrnl first (`jrnl --export json > journal.json`) and import that"


def read_batch(path: Path, fmt: str, zone: str, data: bytes | None = None, *, skip_bad: bool = False,
               symbols: str = INLINE_TAG_SYMBOLS, order: jrnl.OrderSource | None = None) -> Batch:
    """Parse `path` as `fmt` (auto: zip → Day One; a property list → Day One Classic; JSON by
    its shape; else jrnl text; a folder → a jrnl folder journal or a Day One Classic journal).

    `zone` is the journal's own zone, used for jrnl's local times and Day One entries
    without a known zone. `data` is the file's content when it is already in memory (an
    encrypted file opened there); `path` then only names it. `skip_bad`: a malformed entry of
    a jrnl or Day One file is left out and reported by its position instead of refusing the
    file. `symbols`: what starts a tag typed in the text. `order`: where the order of an
    undecided numeric date in a jrnl header comes from. Raises MalformedInput (exit 65) with
    one line on bad input.
    """
    batch = _read(path, fmt, zone, data, skip_bad=skip_bad, symbols=symbols, order=order)
    if skip_bad:
        _refuse_all_skipped(path, batch)
    return batch


def _read(path: Path, fmt: str, zone: str, data: bytes | None, *, skip_bad: bool, symbols: str,
          order: jrnl.OrderSource | None) -> Batch:
    if data is None and path.is_dir():
        return read_folder(path, fmt, zone, skip_bad=skip_bad, symbols=symbols, order=order)
    if fmt in ("auto", "json"):
        streamed = _streamed(path) if data is None else _streamed_from(path, data)
        if streamed is not None:
            return streamed
    if data is None:
        data = read_limited(path)
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06") or (fmt == "dayone" and zipfile.is_zipfile(io.BytesIO(data))):
        return _from_zip(path, data, fmt, zone, skip_bad=skip_bad, symbols=symbols)
    _refuse_what_is_not_an_export(path, data, fmt)
    if fmt in ("auto", "dayone") and dayone.is_doentry(data):
        return dayone.parse_doentry(path, data, zone, skip_bad=skip_bad, symbols=symbols)
    scratch = Batch(fmt)
    text = decode(path, data, scratch)
    head = text.lstrip()[:1]
    if (fmt == "jrnl" and head not in ("{", "")) or (fmt == "auto" and jrnl.looks_like_text(text)):
        batch = jrnl.parse_text(path, text, zone, skip_bad=skip_bad, symbols=symbols, order=order)
    elif fmt != "auto" and jrnl.looks_like_text(text):  # its '[' read as JSON said "invalid JSON" (S319)
        raise _other_format(path, "jrnl-text", fmt)
    else:
        if head not in ("{", "["):
            raise fail(path, "", _not_json(data, fmt))
        document = load_json(path, text)
        batch = _from_json(path, document, fmt, zone, skip_bad=skip_bad, symbols=symbols)
    batch.notes[:0] = scratch.notes
    return batch


def _refuse_all_skipped(path: Path, batch: Batch) -> None:
    """--skip-bad leaves out a malformed entry so the rest comes in; when it would leave out
    every one, the file is refused: success with nothing imported hid a file read as the
    wrong format (a zip of our own export read as Day One's)."""
    skipped = [note.removeprefix(jrnl.SKIPPED) for note in batch.notes if note.startswith(jrnl.SKIPPED)]
    if skipped and not batch.entries and batch.streamed is None:
        count = len(skipped) + batch.rejected
        raise fail(path, "", f"none of its {plural(count, 'entry', 'entries')} can be imported (the first: "
                   f"{skipped[0]}), so --skip-bad would import nothing: check that it is the export it seems "
                   "(--from names its format)")


def _refuse_what_is_not_an_export(path: Path, data: bytes, fmt: str) -> None:
    """Empty files and encrypted jrnl journals, said as what they are, with what to do."""
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise fail(path, "", "is empty: there is nothing in it to import")
    if data.startswith(b"JRNLv3") or (data.startswith(b"gAAAAA") and _base64_only(data)):
        raise fail(path, "", f"is an encrypted jrnl journal: {DECRYPT_JRNL}")


def _base64_only(data: bytes) -> bool:
    return all(c in b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=\r\n" for c in data[:4096])


def _not_json(data: bytes, fmt: str) -> str:
    """Why a file that does not start like JSON is not imported, and what to do."""
    if b"\x00" not in data[:4096] and _mostly_not_utf8(data[:4096]) and _text_of_one_byte_a_character(data[:4096]):
        return ("is text, but not UTF-8 (Latin-1 or Windows-1252, perhaps): save it as UTF-8 (`iconv -f "
                "WINDOWS-1252 -t UTF-8 FILE > NEW`, or your editor's \"save with encoding\") and import that")
    if b"\x00" in data[:4096] or _mostly_not_utf8(data[:4096]):
        return ("is not text (binary data): if it is an encrypted jrnl journal, "
                f"{DECRYPT_JRNL}; otherwise import an export (JSON, a Day One zip)")
    if data.startswith(MARKDOWN_HEAD.encode()):  # our Markdown export: for reading only (S468)
        return ("is Threefold's Markdown export, which is for reading: export the journal as JSON "
                "(`journal export --format json -o FILE`) and import that")
    if fmt == "json":
        return "is not JSON: Threefold's JSON export starts with '{' (jrnl or Day One files: try --from auto)"
    return ("is neither JSON nor a jrnl journal (its first line is no jrnl entry header like "
            "'[2025-12-31 07:47:00 PM] Title'): import a JSON export (`jrnl --export json`, Day One's JSON)")


def _text_of_one_byte_a_character(data: bytes) -> bool:
    """Whether bytes that are not UTF-8 read as text in a one-byte encoding (Latin-1, Windows-1252):
    no control characters but tabs and line ends, and mostly ASCII letters, digits and marks
    (binary data has controls and high bytes all over)."""
    controls = sum(1 for c in data if c < 0x20 and c not in b"\t\n\r\f")
    ascii_text = sum(1 for c in data if 0x20 <= c < 0x7F or c in b"\t\n\r")
    return controls == 0 and ascii_text >= 0.8 * len(data)


def _mostly_not_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start < len(data) - 4  # not just a character cut at the end of the sample
    return False


def _streamed(path: Path) -> Batch | None:
    """Our own export at least STREAM_MIN_BYTES big, read as a stream (memory stays flat in
    the journal's size: see json_stream), at any size (a journal's own export of 200 MB and
    more was refused by the cap of files read whole, S276); None for anything else, which is
    read whole. The handle stays open until the importer has pulled every entry."""
    handle = open_limited(path, capped=False)
    try:
        size = os.fstat(handle.fileno()).st_size
        if size >= own_json.STREAM_MIN_BYTES and handle.read(4) != b"PK\x03\x04":
            handle.seek(0)
            batch = own_json.stream(path, handle)
            if batch is not None:
                if parse_process.worth_it(size):  # its entries parsed by a second process meanwhile
                    batch.streamed = parse_process.entries(path, handle, batch)
                return batch
    except BaseException:
        handle.close()
        raise
    handle.close()
    return None


def _streamed_from(path: Path, data: bytes) -> Batch | None:
    """As _streamed, for content in memory."""
    if len(data) < own_json.STREAM_MIN_BYTES or data[:4] == b"PK\x03\x04":
        return None
    return own_json.stream(path, io.BytesIO(data))


FORMAT_NAMES = {"json": "a Threefold JSON export", "dayone": "a Day One export", "jrnl": "a jrnl JSON export",
                "jrnl-text": "a jrnl journal (text)"}


def _other_format(path: Path, found: str, asked: str) -> Exception:
    """A file of another format than `--from` said: read as that one, each entry would be
    refused, and --skip-bad would import none of them (S319)."""
    use = "jrnl" if found.startswith("jrnl") else found
    return fail(path, "", f"is {FORMAT_NAMES[found]}, not {FORMAT_NAMES.get(asked, asked)}: import it with "
                f"--from {use} (or --from auto)")


def _format_of(document: object) -> str | None:
    """The format a JSON document's shape says: json (ours), dayone, jrnl, or None."""
    return ("json" if own_json.is_own(document) else "dayone" if dayone.is_dayone(document) else
            "jrnl" if jrnl.is_jrnl_json(document) else None)


def _from_json(path: Path, document: object, fmt: str, zone: str, *, skip_bad: bool, symbols: str) -> Batch:
    if not isinstance(document, dict):
        raise fail(path, "$", f"expected a JSON object at the top, found {type(document).__name__}")
    found = _format_of(document)
    if fmt != "auto" and found is not None and found != fmt:
        raise _other_format(path, found, fmt)
    if fmt == "json" or (fmt == "auto" and own_json.is_own(document)):
        if not own_json.is_own(document):
            raise fail(path, "format", "not a Threefold export (expected \"threefold-journal\")")
        return own_json.parse(path, document)
    if fmt == "dayone" or (fmt == "auto" and dayone.is_dayone(document)):
        return dayone.parse(path, document, zone, skip_bad=skip_bad, symbols=symbols)
    if fmt == "jrnl" or (fmt == "auto" and jrnl.is_jrnl_json(document)):
        return jrnl.parse_json(path, document, zone, skip_bad=skip_bad, symbols=symbols)
    raise fail(path, "$", "not a recognised export (Threefold JSON, jrnl or Day One); try --from")


def _from_zip(path: Path, data: bytes, fmt: str, zone: str, *, skip_bad: bool, symbols: str) -> Batch:
    """A zip archive: Day One's export (its journals' JSON, media beside them), or one JSON export
    of ours or jrnl's, zipped, read as that file is (read as Day One's, each of its entries was
    refused for a missing uuid, and --skip-bad imported none)."""
    members, suspicious = zip_members(path, data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = {name.replace("\\", "/") for name in archive.namelist()}
    if not names:
        raise fail(path, "", "is an empty zip archive: there is nothing in it to import")
    if not members:
        raise fail(path, "", "the archive holds no JSON export (a Day One journal's .json, ours or jrnl's)")
    batch = Batch("dayone")
    documents: list[tuple[str, dict[str, object]]] = []
    for name, content in members:
        document = load_json(path, decode(path, content, batch), where=name)
        if not isinstance(document, dict):
            raise fail(path, shown(name), f"expected a JSON object at the top, found {type(document).__name__}")
        documents.append((name, document))
    alone = [(name, found) for name, document in documents if (found := _format_of(document)) in ("json", "jrnl")]
    if alone or fmt not in ("auto", "dayone"):
        if len(documents) > 1:
            what = (f"{shown(alone[0][0])} is {FORMAT_NAMES[alone[0][1]]}" if alone else
                    f"it is not {FORMAT_NAMES.get(fmt, fmt)}")
            raise fail(path, "", f"is a zip archive of {len(documents)} JSON files and {what}: unzip it and import "
                       "the export on its own")
        one = _from_json(path, documents[0][1], fmt, zone, skip_bad=skip_bad, symbols=symbols)
        one.notes[:0] = batch.notes
        return one
    seen = dayone.Progress()
    for name, document in documents:
        dayone.parse(path, document, zone, batch, where=shown(name), skip_bad=skip_bad, symbols=symbols,
                     archive=names, seen=seen)
    batch.notes += seen.notes(zone)
    if suspicious:
        batch.notes.append(f"{suspicious} archive members with unsafe names were ignored")
    return batch


# ------------------------------------------------------------------ folders


def read_folder(folder: Path, fmt: str, zone: str, *, skip_bad: bool = False, symbols: str = INLINE_TAG_SYMBOLS,
                order: jrnl.OrderSource | None = None) -> Batch:
    """A jrnl folder journal (its day files, YYYY/MM/DD.txt: the path's day wins over the
    header's, as in jrnl) or a Day One Classic journal folder (entries/*.doentry). Links are
    not followed; the files together are held to the one file's size limit."""
    if fmt not in ("auto", "jrnl", "dayone"):
        raise fail(folder, "", "is a folder: only a jrnl folder journal or a Day One Classic journal folder "
                   "is imported as a folder (give an export file)")
    try:
        entries_dir = folder / "entries" if (folder / "entries").is_dir() else folder
        doentries = sorted(p for p in entries_dir.iterdir()
                           if p.suffix == ".doentry" and p.is_file() and not p.is_symlink())
        days = jrnl.day_files(folder) if fmt != "dayone" else []
    except PermissionError:
        raise fail(folder, "", "cannot be read (permission denied)") from None
    if fmt == "jrnl" and not days:
        raise fail(folder, "", "is a folder with no jrnl day files (YYYY/MM/DD.txt)")
    if doentries and fmt != "jrnl":
        return _classic_folder(folder, doentries, zone, skip_bad=skip_bad, symbols=symbols)
    if not days:
        raise fail(folder, "", "is a folder with no jrnl day files (YYYY/MM/DD.txt) and no Day One Classic "
                   "entries (.doentry): import an export file instead")
    batch = Batch("jrnl")
    total = 0
    for file, day in days:
        data = _read_counted(folder, file, total)
        total += len(data)
        if not data.strip():
            continue  # jrnl removes a day's file once it is empty
        where = f"{shown(file.relative_to(folder))}: "
        if data.startswith((b"JRNLv3", b"gAAAAA")):
            raise fail(folder, where.rstrip(": "), f"is encrypted: {DECRYPT_JRNL}")
        jrnl.parse_text(folder, decode(folder, data, batch), zone, skip_bad=skip_bad, symbols=symbols,
                        order=order, batch=batch, where=where, day=day)
    batch.notes.append(f"a jrnl folder journal: {len(days)} day file{'s' if len(days) != 1 else ''} read")
    return batch


def _classic_folder(folder: Path, doentries: list[Path], zone: str, *, skip_bad: bool, symbols: str) -> Batch:
    photos_dir = folder / "photos"
    try:
        photos = {p.name for p in photos_dir.iterdir() if p.is_file()} if photos_dir.is_dir() else set()
    except PermissionError:
        photos = set()
    batch = Batch("dayone")
    seen = dayone.Progress()
    total = 0
    for file in doentries:
        data = _read_counted(folder, file, total)
        total += len(data)
        dayone.parse_doentry(folder, data, zone, batch, where=shown(file.relative_to(folder)), skip_bad=skip_bad,
                             symbols=symbols, photos=photos, seen=seen)
    batch.notes += seen.notes(zone)
    batch.notes.append(f"a Day One Classic journal: {len(doentries)} entr{'y' if len(doentries) == 1 else 'ies'} read")
    return batch


def _read_counted(folder: Path, file: Path, total: int) -> bytes:
    data = read_limited(file)
    if total + len(data) > MAX_FILE_BYTES:
        raise fail(folder, "", f"its files are too large together (> {MAX_FILE_BYTES // 1048576} MB)")
    return data
