"""Day One's JSON export, as a .json file or a .zip holding one JSON per journal.

Entries: {"uuid", "creationDate": "2026-03-08T07:30:00Z", "modifiedDate", "timeZone":
"America/Los_Angeles", "text", "tags", "starred", "photos": [{"identifier", "md5", "type"}]}.
The entry's day and time are the LOCAL ones in the entry's own `timeZone` (not the
machine's, not UTC). Dedup by uuid (source="dayone"). Media files are never read or
extracted: photos, videos, audio, PDFs and `dayone-moment://` references are counted as
"media referenced, not imported"; the references stay in the text as written.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from journal.domain.dates import RANGE_TEXT, moment_in_range, utc_text
from journal.io.common import Batch, Fields, clean_entry_text, clean_tags, fail

_MOMENT = re.compile(r"dayone-moment:/{0,2}(?:[a-z]+/)?([A-Za-z0-9]+)")
_MEDIA_KEYS = ("photos", "videos", "audios", "pdfAttachments")
LENS_NOTE = "Day One has no lenses: imported entries are hindsight"


def is_dayone(data: object) -> bool:
    if not isinstance(data, dict) or "format" in data:
        return False
    if "metadata" in data:
        return True
    entries = data.get("entries")
    return isinstance(entries, list) and bool(entries) and isinstance(entries[0], dict) and "uuid" in entries[0]


def _zone(name: str | None, fallback: str) -> tuple[ZoneInfo, str, bool]:
    if name:
        try:
            return ZoneInfo(name), name, True
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return ZoneInfo(fallback), fallback, False


def parse(path: Path, data: object, zone: str, batch: Batch | None = None, where: str = "") -> Batch:
    """Add one Day One journal document's entries to `batch` (a zip adds several)."""
    batch = batch or Batch("dayone")
    if LENS_NOTE not in batch.notes:
        batch.notes.append(LENS_NOTE)
    prefix = f"{where}:" if where else ""
    top = Fields(path, f"{prefix}$", data)
    unknown_zones = 0
    for i, raw in enumerate(top.items("entries", required=True)):
        f = Fields(path, f"{prefix}entries[{i}]", raw)
        uuid = f.text("uuid", required=True)
        created = f.get("creationDate", str, required=True)
        try:
            moment = datetime.fromisoformat(created.replace("Z", "+00:00"))
        except ValueError:
            raise fail(path, f"{prefix}entries[{i}].creationDate", "not a date and time (ISO 8601)") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        if not moment_in_range(moment):
            raise fail(path, f"{prefix}entries[{i}].creationDate", f"out of range ({RANGE_TEXT})")
        tzinfo, tz_name, known = _zone(f.get("timeZone", str), zone)
        unknown_zones += not known
        local = moment.astimezone(tzinfo)
        modified = f.stamp("modifiedDate") or utc_text(moment)
        text = f.get("text", str, default="")
        media: set[str] = set()
        for key in _MEDIA_KEYS:
            for j, item in enumerate(f.items(key)):
                ident = item.get("identifier") if isinstance(item, dict) else None
                media.add(str(ident) if ident else f"{key}[{j}]")
        media.update(_MOMENT.findall(text))
        batch.media += len(media)
        cleaned = clean_entry_text(batch, None, text, strip_controls=True)
        if cleaned is None:
            continue
        _, body, repaired = cleaned
        tags, dropped = clean_tags(f.strings("tags"))
        batch.repaired += repaired or dropped
        batch.entries.append({
            "day": local.date().isoformat(), "time": local.strftime("%H:%M"), "tz": tz_name,
            "created_at": utc_text(moment), "updated_at": modified, "lens": "hindsight", "kind": "note",
            "title": None, "body": body, "tags": tags, "goals": [],
            "starred": f.get("starred", bool, default=False), "private": False, "mentorship_id": None,
            "revisit_on": None, "answers": None, "deleted_at": None, "source": "dayone", "source_id": uuid,
        })
    if unknown_zones:
        batch.notes.append(f"{unknown_zones} entries had no known time zone; {zone} was used")
    return batch
