"""Read one import file into a Batch: pick the format (or check the one asked for), parse.

Nothing here touches the journal; the Journal facade writes a Batch in one transaction.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from journal.io import dayone, jrnl, own_json
from journal.io.common import Batch, decode, fail, load_json, open_limited, read_limited, shown, zip_members

def read_batch(path: Path, fmt: str, zone: str, data: bytes | None = None) -> Batch:
    """Parse `path` as `fmt` (auto: zip → Day One; JSON by its shape; else jrnl text).

    `zone` is the journal's own zone, used for jrnl's local times and Day One entries
    without a known zone. `data` is the file's content when it is already in memory (an
    encrypted file opened there); `path` then only names it. Raises MalformedInput (exit 65)
    with one line on bad input.
    """
    if fmt in ("auto", "json"):
        streamed = _streamed(path) if data is None else _streamed_from(path, data)
        if streamed is not None:
            return streamed
    if data is None:
        data = read_limited(path)
    if data[:4] == b"PK\x03\x04" or (fmt == "dayone" and zipfile.is_zipfile(io.BytesIO(data))):
        if fmt not in ("auto", "dayone"):
            raise fail(path, "", f"is a zip archive, not a {fmt} export (try --from dayone)")
        return _dayone_zip(path, data, zone)
    scratch = Batch(fmt)
    text = decode(path, data, scratch)
    head = text.lstrip()[:1]
    if (fmt == "jrnl" and head not in ("{", "")) or (fmt == "auto" and jrnl.looks_like_text(text)):
        batch = jrnl.parse_text(path, text, zone)
    else:
        document = load_json(path, text)
        batch = _from_json(path, document, fmt, zone)
    batch.notes[:0] = scratch.notes
    return batch


def _streamed(path: Path) -> Batch | None:
    """Our own export at least STREAM_MIN_BYTES big, read as a stream (memory stays flat in
    the journal's size: see json_stream); None for anything else, which is read whole.
    The handle stays open until the importer has pulled every entry."""
    handle = open_limited(path)
    try:
        if os.fstat(handle.fileno()).st_size >= own_json.STREAM_MIN_BYTES and handle.read(4) != b"PK\x03\x04":
            handle.seek(0)
            batch = own_json.stream(path, handle)
            if batch is not None:
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


def _from_json(path: Path, document: object, fmt: str, zone: str) -> Batch:
    if not isinstance(document, dict):
        raise fail(path, "$", f"expected a JSON object at the top, found {type(document).__name__}")
    if fmt == "json" or (fmt == "auto" and own_json.is_own(document)):
        if not own_json.is_own(document):
            raise fail(path, "format", "not a Threefold export (expected \"threefold-journal\")")
        return own_json.parse(path, document)
    if fmt == "dayone" or (fmt == "auto" and dayone.is_dayone(document)):
        return dayone.parse(path, document, zone)
    if fmt == "jrnl" or (fmt == "auto" and jrnl.is_jrnl_json(document)):
        return jrnl.parse_json(path, document, zone)
    raise fail(path, "$", "not a recognised export (Threefold JSON, jrnl or Day One); try --from")


def _dayone_zip(path: Path, data: bytes, zone: str) -> Batch:
    members, suspicious = zip_members(path, data)
    if not members:
        raise fail(path, "", "the archive holds no Day One journal (.json)")
    batch = Batch("dayone")
    for name, content in members:
        document = load_json(path, decode(path, content, batch), where=name)
        if not isinstance(document, dict):
            raise fail(path, shown(name), f"expected a JSON object at the top, found {type(document).__name__}")
        dayone.parse(path, document, zone, batch, where=shown(name))
    if suspicious:
        batch.notes.append(f"{suspicious} archive members with unsafe names were ignored")
    return batch
