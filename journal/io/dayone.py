"""Day One: its JSON export (a .json file, or a .zip holding one JSON per journal and the
media folders) and Day One Classic's entries (`.doentry` property lists, one entry a file, in
a `Journal.dayone/entries` folder).

JSON entries: {"uuid", "creationDate": "2026-03-08T07:30:00Z", "modifiedDate", "timeZone":
"America/Los_Angeles", "text", "tags", "starred", "isAllDay", "location", "weather",
"photos": [{"identifier", "md5", "type"}], "audios": [...]}. Classic: {"UUID", "Creation
Date", "Time Zone", "Entry Text", "Tags", "Starred", "Location", "Weather"}.

- The entry's day and time are the LOCAL ones in the entry's own `timeZone` (not the
  machine's, not UTC); an `isAllDay` entry has a day and no time. Dedup by uuid
  (source="dayone"; Classic kept its uuids when Day One moved on, so both agree).
- The text: Day One escapes Markdown's characters (`\\.`, `\\-`, `\\(` …); the backslashes
  are removed, except in code. Tags typed in the text (`#confidence`) join the entry's tags.
- Place and weather are kept as the last lines of the text ("Place: …", "Weather: …"):
  entry details hold a check-in's ratings or a feedback entry's fields only, and the text is
  what every view, search and export carries. The report counts them.
- Media are never read or extracted: photos, videos, audio, PDFs and `dayone-moment://`
  references stay references (the text keeps them as written); the report names each file
  not imported, by its entry's position, and why.
- One malformed entry refuses the file, naming its position; with `skip_bad` it is left
  out and reported by its position, and the rest imports.
"""

from __future__ import annotations

import plistlib
import re
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from journal.domain.dates import RANGE_TEXT, moment_in_range, utc_text
from journal.domain.errors import MalformedInput
from journal.domain.text import INLINE_TAG_SYMBOLS, inline_tags
from journal.io.common import Batch, Fields, clean_entry_text, clean_tags, fail, shown
from journal.io.jrnl import reason_of, skipped_notes, with_skip_hint

_MOMENT = re.compile(r"dayone-moment:/{0,2}(?:[a-z]+/)?([A-Za-z0-9]+)")
_MEDIA_KEYS = (("photos", "photo", "photos"), ("videos", "video", "videos"), ("audios", "audio", "audios"),
               ("pdfAttachments", "PDF", "pdfs"))
"""The entry's media lists: key, what one is called, the zip's folder for them."""
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~=])")
_CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.S)
LENS_NOTE = "Day One has no lenses: imported entries are hindsight"
MEDIA_NOTE = ("photos, video, audio and PDFs are not imported: Threefold keeps no attachments yet; "
              "the files stay where they are and the text keeps its dayone-moment:// references")


def is_dayone(data: object) -> bool:
    if not isinstance(data, dict) or "format" in data:
        return False
    if "metadata" in data:
        return True
    entries = data.get("entries")
    return isinstance(entries, list) and bool(entries) and isinstance(entries[0], dict) and "uuid" in entries[0]


def is_doentry(data: bytes) -> bool:
    """A Day One Classic entry: a property list (XML or binary) with an entry's keys."""
    head = data.lstrip()[:400]
    if not (head.startswith((b"<?xml", b"<!DOCTYPE plist", b"<plist")) or data.startswith(b"bplist00")):
        return False
    return data.startswith(b"bplist00") or b"<plist" in head


def unescape(text: str) -> str:
    """Day One's Markdown escapes removed (`\\.` → `.`), code spans and blocks left as they are."""
    if "\\" not in text:
        return text
    parts = _CODE.split(text)
    return "".join(part if i % 2 else _ESCAPE.sub(r"\1", part) for i, part in enumerate(parts))


def _zone(name: str | None, fallback: str) -> tuple[ZoneInfo, str, bool]:
    if name:
        try:
            return ZoneInfo(name), name, True
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "Europe" (a folder), too long (S211)
            pass
    return ZoneInfo(fallback), fallback, False


class Progress:
    """What one file's parsing noticed, turned into the batch's notes at the end."""

    def __init__(self) -> None:
        self.unknown_zones = 0
        self.with_place = 0
        self.unescaped = 0
        self.media: list[str] = []
        self.skipped: list[str] = []

    def notes(self, zone: str) -> list[str]:
        out = []
        if self.unescaped:
            out.append(f"Day One's Markdown escapes (\\. \\- \\( …) were removed from {self.unescaped} "
                       f"entr{'y' if self.unescaped == 1 else 'ies'}")
        if self.with_place:
            out.append(f"place and weather kept as the last lines of the text of {self.with_place} "
                       f"entr{'y' if self.with_place == 1 else 'ies'}")
        if self.unknown_zones:
            out.append(f"{self.unknown_zones} entr{'y' if self.unknown_zones == 1 else 'ies'} had no known time zone; "
                       f"{zone} was used for any new here (one imported before keeps the zone it came in with)")
        if self.media:
            out.append(MEDIA_NOTE)
            out += [f"not imported: {item}" for item in self.media]
        return out + skipped_notes(self.skipped)


def parse(path: Path, data: object, zone: str, batch: Batch | None = None, where: str = "", *,
          skip_bad: bool = False, symbols: str = INLINE_TAG_SYMBOLS, archive: set[str] | None = None,
          seen: Progress | None = None) -> Batch:
    """Add one Day One journal document's entries to `batch` (a zip adds several; `archive`
    is then the names of the zip's members, to say which media files it holds). With `seen`
    the caller gathers what was noticed over several documents and adds the notes once."""
    batch = batch or Batch("dayone")
    if LENS_NOTE not in batch.notes:
        batch.notes.append(LENS_NOTE)
    prefix = f"{where}: " if where else ""
    top = Fields(path, f"{prefix}$", data)
    own = seen is None
    seen = seen or Progress()
    for i, raw in enumerate(top.items("entries", required=True)):
        position = f"{prefix}entries[{i}]"
        try:
            f = Fields(path, position, raw)
            uuid = f.text("uuid", required=True)
            created = f.get("creationDate", str, required=True)
            try:
                moment = datetime.fromisoformat(created.replace("Z", "+00:00"))
            except ValueError:
                raise fail(path, f"{position}.creationDate", "not a date and time (ISO 8601)") from None
            modified = f.stamp("modifiedDate")
            text = f.get("text", str, default="")
            tags = f.strings("tags")
            starred = f.get("starred", bool, default=False)
            all_day = f.get("isAllDay", bool, default=False)
            media = _media(f, position, archive)
            tz_name = f.get("timeZone", str)
        except MalformedInput as refused:
            if not skip_bad:
                raise with_skip_hint(refused) from None
            seen.skipped.append(reason_of(refused, path))
            continue
        extra = _place_lines(f.data.get("location"), f.data.get("weather"), classic=False)
        moments = {m for m in _MOMENT.findall(text) if m not in media[0]}
        seen.media += media[1] + [f"{position}: dayone-moment://{m} (referenced in the text only)" for m in
                                  sorted(moments)]
        batch.media += len(media[0] | moments)
        _add(batch, seen, path, position, zone, uuid=uuid, moment=moment, tz=tz_name, modified=modified, text=text,
             tags=tags, starred=starred, all_day=all_day, extra=extra, symbols=symbols, skip_bad=skip_bad)
    if own:
        batch.notes += seen.notes(zone)
    return batch


def parse_doentry(path: Path, data: bytes, zone: str, batch: Batch | None = None, where: str = "", *,
                  skip_bad: bool = False, symbols: str = INLINE_TAG_SYMBOLS, photos: set[str] | None = None,
                  seen: Progress | None = None) -> Batch:
    """Add one Day One Classic entry (a `.doentry` file's bytes) to `batch`. `photos`: the
    names in the journal's photos folder (an entry's photo is named by its uuid: reported,
    not imported)."""
    batch = batch or Batch("dayone")
    if LENS_NOTE not in batch.notes:
        batch.notes.append(LENS_NOTE)
    position = where or shown(path.name)
    own = seen is None
    seen = seen or Progress()
    try:
        try:
            document = plistlib.loads(data)
        except Exception:  # plistlib raises InvalidFileException, ExpatError, ValueError…
            raise fail(path, where, "not a readable Day One Classic entry (a .doentry property list)") from None
        f = Fields(path, position, document)
        uuid = f.text("UUID", required=True)
        created = f.get("Creation Date", datetime, required=True)
        text = f.get("Entry Text", str, default="")
        tags = f.strings("Tags")
        starred = f.get("Starred", bool, default=False)
        tz_name = f.get("Time Zone", str)
    except MalformedInput as refused:
        if not skip_bad:
            raise with_skip_hint(refused) from None
        seen.skipped.append(reason_of(refused, path))
        if own:
            batch.notes += seen.notes(zone)
        return batch
    moment = created if created.tzinfo else created.replace(tzinfo=UTC)  # plistlib: naive UTC
    extra = _place_lines(document.get("Location"), document.get("Weather"), classic=True)
    for name in sorted(n for n in photos or () if n.rsplit(".", 1)[0] == uuid):
        seen.media.append(f"{position}: photo photos/{shown(name)} (in the journal's folder, left there)")
        batch.media += 1
    _add(batch, seen, path, position, zone, uuid=uuid, moment=moment, tz=tz_name, modified=None, text=text,
         tags=tags, starred=starred, all_day=False, extra=extra, symbols=symbols, skip_bad=skip_bad)
    if own:
        batch.notes += seen.notes(zone)
    return batch


def _add(batch: Batch, seen: Progress, path: Path, position: str, zone: str, *, uuid: str, moment: datetime,
         tz: str | None, modified: str | None, text: str, tags: list[str], starred: bool, all_day: bool,
         extra: list[str], symbols: str, skip_bad: bool) -> None:
    """One entry's row, from what its file said."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if not moment_in_range(moment):
        refused = fail(path, position, f"its date is out of range ({RANGE_TEXT})")
        if not skip_bad:
            raise with_skip_hint(refused)
        seen.skipped.append(reason_of(refused, path))
        return
    tzinfo, tz_name, known = _zone(tz, zone)
    seen.unknown_zones += not known
    local = moment.astimezone(tzinfo)
    typed = list(inline_tags(text, symbols)) if symbols else []
    plain = unescape(text)
    seen.unescaped += plain != text
    if extra:
        seen.with_place += 1
        plain = (plain.rstrip() + "\n\n" if plain.strip() else "") + "\n".join(extra)
    cleaned = clean_entry_text(batch, None, plain, strip_controls=True, where=position)
    if cleaned is None:
        return
    _, body, repaired = cleaned
    found, dropped = clean_tags(tags + typed)
    batch.count_repairs(repaired | ({"tags"} if dropped else set()))
    batch.entries.append({
        "day": local.date().isoformat(), "time": None if all_day else local.strftime("%H:%M"), "tz": tz_name,
        "created_at": utc_text(moment), "updated_at": modified or utc_text(moment), "lens": "hindsight",
        "kind": "note", "title": None, "body": body, "tags": found, "goals": [], "starred": starred,
        "private": False, "mentorship_id": None, "revisit_on": None, "answers": None, "deleted_at": None,
        "source": "dayone", "source_id": batch.source_id(uuid),
        "zone_guessed": not known,  # no zone in the file: `tz` is this machine's (store/transfer.in_zone_of)
        "change_stamped": modified is not None,  # its updated_at is when it changed there (store/transfer)
    })


def _media(f: Fields, position: str, archive: set[str] | None) -> tuple[set[str], list[str]]:
    """An entry's media: their identifiers, and a line for each naming the file and where it is."""
    idents: set[str] = set()
    lines: list[str] = []
    for key, called, folder in _MEDIA_KEYS:
        for j, item in enumerate(f.items(key)):
            if not isinstance(item, dict):
                raise fail(f.file, f"{position}.{key}[{j}]", f"expected an object, found {type(item).__name__}")
            ident = item.get("identifier")
            idents.add(str(ident) if ident else f"{key}[{j}]")
            md5, ext = item.get("md5"), item.get("type") or item.get("format")
            name = f"{folder}/{md5}.{ext}" if isinstance(md5, str) and isinstance(ext, str) else None
            if name is None:
                where = "its file is not named in the export"
            elif archive is None:
                where = "a Day One JSON file holds no media: the zip export has them"
            elif any(member.endswith(name) for member in archive):
                where = "in the archive, left there"
            else:
                where = "not in the archive"
            lines.append(f"{position}: {called} {shown(name or str(ident or key))} ({where})")
    return idents, lines


def _place_lines(location: object, weather: object, *, classic: bool) -> list[str]:
    """"Place: …" and "Weather: …" from Day One's location and weather (JSON or Classic keys);
    values that are not text or numbers are left out."""
    keys = (("Place Name", "Locality", "Administrative Area", "Country"), ("Latitude", "Longitude"),
            ("Celsius", "Description")) if classic else (
        ("placeName", "localityName", "administrativeArea", "country"), ("latitude", "longitude"),
        ("temperatureCelsius", "conditionsDescription"))
    lines: list[str] = []
    if isinstance(location, dict):
        names: list[str] = []
        for key in keys[0]:
            value = location.get(key)
            if isinstance(value, str) and value.strip() and value.strip() not in names:
                names.append(" ".join(value.split()))
        where = _coordinates(location.get(keys[1][0]), location.get(keys[1][1]))
        if names or where:
            lines.append("Place: " + ", ".join(names) + (f" ({where})" if names and where else where))
    if isinstance(weather, dict):
        said: list[str] = []
        degrees = _number(weather.get(keys[2][0]))
        if degrees is not None:
            said.append(f"{degrees:.0f} °C")
        description = weather.get(keys[2][1])
        if isinstance(description, str) and description.strip():
            said.append(" ".join(description.split()))
        if said:
            lines.append("Weather: " + ", ".join(said))
    return lines


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if abs(value) < 1e6 else None
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
        return number if abs(number) < 1e6 else None
    return None


def _coordinates(latitude: object, longitude: object) -> str:
    lat, lon = _number(latitude), _number(longitude)
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return ""
    return f"{lat:.4f}, {lon:.4f}"

