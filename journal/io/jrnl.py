"""jrnl's exports: `jrnl --export json` and the plain-text journal / `--export txt`.

JSON: {"tags": {"@x": 1}, "entries": [{"date": "2025-12-31", "time": "19:47",
"title": "...", "body": "...", "tags": ["@x"], "starred": false}]}.

Text: an entry starts with a header line in the user's `timeformat`; both the default
`'%F %r'` ("[2025-12-31 07:47:00 PM] Title") and the older "2025-12-31 19:47 Title" are
read. The header's rest is the title (a trailing " *" marks a starred entry); the lines up
to the next header are the body. The first header fixes the style (bracketed or not), so a
body line that happens to start with a date is not taken for a new entry in the other style.

jrnl has no ids: the dedup key is sha256 of the normalised (date, time, title, body), kept
as source="jrnl". jrnl has no lenses: entries come in as hindsight. `@tags` become tags.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

from journal.domain.dates import RANGE_TEXT, day_in_range, utc_text
from journal.io.common import Batch, Fields, clean_entry_text, clean_tags, fail

_HEADER = re.compile(
    r"^(?P<open>\[?)(?P<date>\d{4}-\d{2}-\d{2})[ T](?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?"
    r"(?: ?(?P<ampm>[AaPp]\.?[Mm]\.?))?(?P<close>\]?)(?: (?P<title>.*))?$"
)
_TAG = re.compile(r"(?<!\S)@([-+*#/\w]+)")
LENS_NOTE = "jrnl has no lenses: imported entries are hindsight"


def looks_like_text(text: str) -> bool:
    first = text.lstrip("\ufeff\n\r ").split("\n", 1)[0].rstrip("\r")
    match = _HEADER.match(first)
    return match is not None and (match["open"] == "[") == (match["close"] == "]")


def is_jrnl_json(data: object) -> bool:
    return (isinstance(data, dict) and "entries" in data and "format" not in data
            and "metadata" not in data)


def dedup_key(day: str, time: str, title: str, body: str) -> str:
    norm = [day, time, _norm(title), _norm(body)]
    return hashlib.sha256(json.dumps(norm, ensure_ascii=False).encode("utf-8", "surrogatepass")).hexdigest()


def _norm(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")).strip()


def _entry(batch: Batch, zone: str, day: str, time: str, title: str, body: str,
           tags: list[str], starred: bool) -> None:
    key = dedup_key(day, time, title, body)
    title, body = _norm(title), _norm(body)
    heading: str | None = title or None
    if not body:
        heading, body = None, title
    cleaned = clean_entry_text(batch, heading, body, strip_controls=True)
    if cleaned is None:
        return
    clean_title, clean_body, repaired = cleaned
    found, dropped = clean_tags([t.lstrip("@") for t in tags])
    moment = datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=ZoneInfo(zone))
    stamp = utc_text(moment)
    batch.repaired += repaired or dropped
    batch.entries.append({
        "day": day, "time": time, "tz": zone, "created_at": stamp, "updated_at": stamp,
        "lens": "hindsight", "kind": "note", "title": clean_title, "body": clean_body,
        "tags": found, "goals": [], "starred": starred, "private": False, "mentorship_id": None,
        "revisit_on": None, "answers": None, "deleted_at": None, "source": "jrnl", "source_id": key,
    })


def parse_json(path: Path, data: object, zone: str) -> Batch:
    top = Fields(path, "$", data)
    batch = Batch("jrnl")
    batch.notes.append(LENS_NOTE)
    for i, raw in enumerate(top.items("entries", required=True)):
        f = Fields(path, f"entries[{i}]", raw)
        day = f.day("date", required=True)
        time = f.get("time", str, default="00:00")
        if not re.fullmatch(r"\d{2}:\d{2}", time) or int(time[:2]) > 23 or int(time[3:]) > 59:
            raise fail(path, f"entries[{i}].time", "not a time (HH:MM)")
        title = f.text("title", default="")
        body = f.text("body", default="")
        _entry(batch, zone, day, time, title, body, f.strings("tags"), f.get("starred", bool, default=False))
    return batch


def parse_text(path: Path, text: str, zone: str) -> Batch:
    batch = Batch("jrnl")
    batch.notes.append(LENS_NOTE)
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    bracketed: bool | None = None
    current: _Header | None = None
    body: list[str] = []

    def finish() -> None:
        if current is not None:
            joined = "\n".join(body)
            tags = _TAG.findall(current.title + "\n" + joined)
            _entry(batch, zone, current.day, current.time, current.title, joined, tags, current.starred)

    for number, line in enumerate(lines, 1):
        match = _HEADER.match(line)
        if match and (match["open"] == "[") == (match["close"] == "]"):
            style = match["open"] == "["
            if bracketed is None:
                bracketed = style
            if style == bracketed:
                finish()
                current, body = _header(path, number, match), []
                continue
        if current is None:
            if line.strip():
                raise fail(path, f"line {number}", "text before the first jrnl entry header")
            continue
        body.append(line)
    finish()
    if bracketed is None:
        raise fail(path, "line 1", "no jrnl entry header (e.g. '[2025-12-31 07:47:00 PM] Title')")
    return batch


class _Header(NamedTuple):
    """What an entry's header line says."""

    day: str
    time: str
    title: str
    starred: bool


def _header(path: Path, number: int, match: re.Match[str]) -> _Header:
    hour, minute = int(match["h"]), int(match["m"])
    ampm = (match["ampm"] or "").replace(".", "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            raise fail(path, f"line {number}", "hour out of range for AM/PM")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59:
        raise fail(path, f"line {number}", "time out of range")
    try:
        parsed = datetime.strptime(match["date"], "%Y-%m-%d").date()
    except ValueError:
        raise fail(path, f"line {number}", "date out of range") from None
    if not day_in_range(parsed):
        raise fail(path, f"line {number}", f"date out of range ({RANGE_TEXT})")
    day = parsed.isoformat()
    title = (match["title"] or "").strip()
    starred = title.endswith(" *") or title == "*"
    if starred:
        title = title[:-1].rstrip()
    return _Header(day, f"{hour:02d}:{minute:02d}", title, starred)
