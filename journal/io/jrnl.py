"""jrnl's journals and exports: `jrnl --export json`, the plain-text journal (`--export txt`
is the same text) and a folder journal (one text file a day, YYYY/MM/DD.txt).

JSON: {"tags": {"@x": 1}, "entries": [{"date": "2025-12-31", "time": "19:47",
"title": "...", "body": "...", "tags": ["@x"], "starred": false}]}.

Text: an entry starts with a header line, `[DATE] Title`, DATE in the user's `timeformat`
(jrnl's default `'%F %r'`: "[2025-12-31 07:47:00 PM] Title"); jrnl 1.x journals have no
brackets ("2025-12-31 19:47 Title"). The header's rest is the title (a trailing "*" marks a
starred entry); the lines up to the next header are the body. The first header fixes the
style (bracketed or not), so a body line that happens to start with a date is not taken for a
new entry in the other style.

Which bracketed dates start an entry is jrnl 4.6's rule (journals/Journal.py `_parse`): a line
starting `[...] ` whose inside reads as a date, or is no date at all (then it is text: jrnl
leaves `[1] footnote` and `[see notes]` in the body). jrnl tries the user's timeformat, then
reads the date loosely (dateutil). We read: ISO days with a 12- or 24-hour time; numeric days
with dots, slashes or dashes (`25.12.2025 19:47`, `12/25/2025 7:47 PM`), their order taken
from the file itself (a day over 12 shows it), else day first for dots and `[dates] order`
otherwise (the report says which); anything else dateutil reads with a year
(`[2019-07 14:23]` is 1 July 2019 14:23, as jrnl reads it). A bracketed date we cannot read
is never folded into the entry before it: the import is refused naming its line, or with
--skip-bad that entry is left out and reported by its line.

Tags: the tags typed in the text (`#confidence`, `@mentoring`: jrnl's default symbols `#@`,
read by domain.text.inline_tags) and, for JSON, the export's own tag list.

jrnl has no ids: the dedup key is sha256 of the normalised (date, time, title, body), kept
as source="jrnl" (a second identical entry in one file: the key with "#2", Batch.source_id).
jrnl has no lenses: entries come in as hindsight.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from journal.record import record
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from journal.domain.dates import RANGE_TEXT, day_in_range, utc_text
from journal.domain.errors import MalformedInput
from journal.domain.text import INLINE_TAG_SYMBOLS, MAX_TITLE_LENGTH, inline_tags
from journal.io.common import Batch, Fields, clean_entry_text, clean_tags, fail

_TIME = r"(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?(?: ?(?P<ampm>[AaPp]\.?[Mm]\.?))?"
_ISO = re.compile(rf"(?P<y>\d{{4}})-(?P<mo>\d{{2}})-(?P<d>\d{{2}})[ T]{_TIME}")
_NUMERIC = re.compile(rf"(?P<a>\d{{1,2}})(?P<sep>[./-])(?P<b>\d{{1,2}})(?P=sep)(?P<y>\d{{4}})[ T]{_TIME}")
_YEAR_FIRST = re.compile(rf"(?P<y>\d{{4}})(?P<sep>[./])(?P<mo>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})[ T]{_TIME}")
_TIME_ONLY = re.compile(_TIME)
_BRACKETED = re.compile(r"^\[(?P<blob>[^\]\n]+)\] (?P<title>.*)$")  # the space too, as jrnl (S317)
_UNBRACKETED = re.compile(rf"^(?P<blob>\d{{4}}-\d{{2}}-\d{{2}} {_TIME})(?: (?P<title>.*))?$")
_DATEY = re.compile(r"\d{1,2}:\d{2}|\d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{2}")
LENS_NOTE = "jrnl has no lenses: imported entries are hindsight"
SKIP_HINT = "; --skip-bad imports the other entries"
OrderSource = Callable[[], tuple[str, str]]
"""Where an undecided numeric date's order comes from: ("dmy" or "mdy", why)."""


def is_jrnl_json(data: object) -> bool:
    return (isinstance(data, dict) and "entries" in data and "format" not in data
            and "metadata" not in data)


def looks_like_text(text: str) -> bool:
    """Whether the first non-empty line is a jrnl entry header (read or not: a header we cannot
    read is refused by its line, not called invalid JSON)."""
    first = text.lstrip("\ufeff\n\r \t").split("\n", 1)[0].rstrip("\r")
    bracketed = _BRACKETED.match(first)
    if bracketed:
        return _read_blob(bracketed["blob"]) is not None
    return _UNBRACKETED.match(first) is not None


def dedup_key(day: str, time: str, title: str, body: str) -> str:
    norm = [day, time, _norm(title), _norm(body)]
    return hashlib.sha256(json.dumps(norm, ensure_ascii=False).encode("utf-8", "surrogatepass")).hexdigest()


def _norm(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")).strip()


def _entry(batch: Batch, zone: str, day: str, time: str, title: str, body: str,
           tags: list[str], starred: bool, symbols: str) -> None:
    key = dedup_key(day, time, title, body)
    title, body = _norm(title), _norm(body)
    heading: str | None = title or None
    if not body:
        heading, body = None, title
    elif len(" ".join(title.split())) > MAX_TITLE_LENGTH:  # jrnl has no limit: a long first line stays text (S149)
        heading, body = None, f"{title}\n{body}"
    cleaned = clean_entry_text(batch, heading, body, strip_controls=True, where=f"the entry of {day} {time}".rstrip())
    if cleaned is None:
        return
    clean_title, clean_body, repaired = cleaned
    typed = list(inline_tags(f"{clean_title or ''}\n{clean_body}", symbols)) if symbols else []
    found, dropped = clean_tags([t.lstrip("@") for t in tags] + typed)
    moment = datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=ZoneInfo(zone))
    shown = moment.astimezone(UTC).astimezone(moment.tzinfo)
    if shown.replace(tzinfo=None) != moment.replace(tzinfo=None):  # 02:30 on the day Berlin's clocks went
        day, time = shown.date().isoformat(), f"{shown:%H:%M}"   # forward: 03:30, as `-d` reads it (S550)
        repaired = repaired | {"skipped hour"}
    stamp = utc_text(moment)
    batch.count_repairs(repaired | ({"tags"} if dropped else set()))
    batch.entries.append({
        "day": day, "time": time, "tz": zone, "created_at": stamp, "updated_at": stamp,
        "lens": "hindsight", "kind": "note", "title": clean_title, "body": clean_body,
        "tags": found, "goals": [], "starred": starred, "private": False, "mentorship_id": None,
        "revisit_on": None, "answers": None, "deleted_at": None, "source": "jrnl", "source_id": batch.source_id(key),
        "zone_guessed": True,  # jrnl names no zone: `tz` is this machine's (store/transfer.in_zone_of)
    })


def parse_json(path: Path, data: object, zone: str, *, skip_bad: bool = False,
               symbols: str = INLINE_TAG_SYMBOLS) -> Batch:
    top = Fields(path, "$", data)
    batch = Batch("jrnl")
    batch.notes.append(LENS_NOTE)
    skipped: list[str] = []
    for i, raw in enumerate(top.items("entries", required=True)):
        try:
            f = Fields(path, f"entries[{i}]", raw)
            day = f.day("date", required=True)
            time = f.get("time", str, default="00:00")
            if not re.fullmatch(r"\d{2}:\d{2}", time) or int(time[:2]) > 23 or int(time[3:]) > 59:
                raise fail(path, f"entries[{i}].time", "not a time (HH:MM)")
            title = f.text("title", default="")
            body = f.text("body", default="")
            tags, starred = f.strings("tags"), f.get("starred", bool, default=False)
        except MalformedInput as refused:
            if not skip_bad:
                raise with_skip_hint(refused) from None
            skipped.append(reason_of(refused, path))
            continue
        _entry(batch, zone, day, time, title, body, tags, starred, symbols)
    batch.notes += skipped_notes(skipped)
    return batch


# ------------------------------------------------------------------ text


@record
class _Stamp:
    """A header's date as read: y, m, d or, for a numeric day, two fields in an unknown order."""

    year: int
    first: int
    second: int
    hour: int
    minute: int
    ordered: bool
    """True: first is the month, second the day. False: a numeric day whose order the file decides."""
    separator: str = ""


class _Unreadable(Exception):
    """A header that looks like a date but is not one we (or jrnl) can read: its reason."""


def _clock(match: re.Match[str]) -> tuple[int, int]:
    hour, minute = int(match["h"]), int(match["m"])
    ampm = (match["ampm"] or "").replace(".", "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            raise _Unreadable("hour out of range for AM/PM")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59 or int(match["s"] or 0) > 59:
        raise _Unreadable("time out of range")
    return hour, minute


def _read_blob(blob: str, time_only: bool = False) -> _Stamp | _Unreadable | None:
    """A bracketed header's inside: a date read, a date-like text we cannot read, or None for
    text that is no date (jrnl keeps it in the body: `[1]`, `[see notes]`). `time_only`: a
    folder journal's day file, whose path gives the day (a timeformat of `%H:%M` writes
    `[09:30]`)."""
    blob = blob.strip()
    try:
        if time_only and (match := _TIME_ONLY.fullmatch(blob)):
            return _Stamp(1, 1, 1, *_clock(match), True)
        if match := _ISO.fullmatch(blob):
            return _Stamp(int(match["y"]), int(match["mo"]), int(match["d"]), *_clock(match), True)
        if match := _YEAR_FIRST.fullmatch(blob):
            return _Stamp(int(match["y"]), int(match["mo"]), int(match["d"]), *_clock(match), True)
        if match := _NUMERIC.fullmatch(blob):
            return _Stamp(int(match["y"]), int(match["a"]), int(match["b"]), *_clock(match), False, match["sep"])
    except _Unreadable as problem:
        return problem
    if len(blob) <= 6:  # jrnl's rule: a short bracketed text is a footnote, not a date
        return None
    return _loose(blob)


def _loose(blob: str) -> _Stamp | _Unreadable | None:
    """What jrnl's loose reading (dateutil, a far default year) makes of a header."""
    from dateutil.parser import ParserError, parse as dateparse

    far = datetime(9999, 1, 1)
    try:
        moment = dateparse(blob, default=far)
    except (ParserError, ValueError, OverflowError, TypeError, AttributeError):  # untrusted text, a foreign parser
        return _Unreadable("a header jrnl may read as a date, but not a date we can read") if _DATEY.search(blob) \
            else None
    if moment.year == 9999:
        return _Unreadable("a date header without a year (jrnl would guess one)")
    return _Stamp(moment.year, moment.month, moment.day, moment.hour, moment.minute, True)


@record
class _Header:
    line: int
    stamp: _Stamp | _Unreadable
    title: str


def _day_of(stamp: _Stamp, order: str) -> date:
    month, day = (stamp.first, stamp.second) if stamp.ordered or order == "mdy" else (stamp.second, stamp.first)
    try:
        parsed = date(stamp.year, month, day)
    except ValueError:
        raise _Unreadable("not a calendar date") from None
    if not day_in_range(parsed):
        raise _Unreadable(f"date out of range ({RANGE_TEXT})")
    return parsed


def _file_order(path: Path, where: str, headers: list[_Header], ask: OrderSource | None) -> tuple[str, str | None]:
    """The order of the file's numeric days: what its own dates show, else a default; and the
    note saying so (None when the file has no numeric days)."""
    numeric = [(h.line, h.stamp) for h in headers if isinstance(h.stamp, _Stamp) and not h.stamp.ordered]
    if not numeric:
        return "dmy", None
    day_first = next((line for line, s in numeric if s.first > 12), None)
    month_first = next((line for line, s in numeric if s.second > 12), None)
    if day_first and month_first:
        later = max(day_first, month_first)
        raise fail(path, f"{where}line {later}", "its date is in the other order (day/month) than the dates before "
                   "it; fix that header or export JSON from jrnl (`jrnl --export json`)")
    if day_first or month_first:
        order = "dmy" if day_first else "mdy"
        return order, (f"numeric dates read {'day' if day_first else 'month'} first: "
                       f"line {day_first or month_first} can only be read that way")
    if all(s.separator == "." for _, s in numeric):
        return "dmy", "numeric dates read day first (dd.mm.yyyy, the dotted order)"
    order, why = ask() if ask else ("dmy", "the default")
    first = "day" if order == "dmy" else "month"
    return order, f"numeric dates read {first} first ({why}): no date in the file shows the order"


def parse_text(path: Path, text: str, zone: str, *, skip_bad: bool = False, symbols: str = INLINE_TAG_SYMBOLS,
               order: OrderSource | None = None, batch: Batch | None = None, where: str = "",
               day: date | None = None) -> Batch:
    """Add one jrnl text journal's entries to `batch` (a folder journal adds a file a day:
    `where` names it, `day` is the day its path says, which wins over the header's, as in jrnl)."""
    batch = batch or Batch("jrnl")
    if LENS_NOTE not in batch.notes:
        batch.notes.append(LENS_NOTE)
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    bracketed: bool | None = None
    headers: list[_Header] = []
    bodies: list[list[str]] = []
    for number, line in enumerate(lines, 1):
        found = _header_of(line, bracketed, day is not None)
        if found is not None:
            if bracketed is None:
                bracketed = line.startswith("[")
            headers.append(_Header(number, found[0], found[1]))
            bodies.append([])
            continue
        if not headers:
            if line.strip():
                raise fail(path, f"{where}line {number}", "text before the first jrnl entry header "
                           "(a jrnl journal starts '[2025-12-31 07:47:00 PM] Title')")
            continue
        bodies[-1].append(line)
    if not headers:
        raise fail(path, f"{where}line 1", "no jrnl entry header (e.g. '[2025-12-31 07:47:00 PM] Title')")
    file_order, note = _file_order(path, where, headers, order)
    if note and note not in batch.notes:
        batch.notes.append(note)
    skipped: list[str] = []
    for header, body in zip(headers, bodies, strict=True):
        try:
            if isinstance(header.stamp, _Unreadable):
                raise header.stamp
            parsed = day or _day_of(header.stamp, file_order)
        except _Unreadable as problem:
            if not skip_bad:
                raise fail(path, f"{where}line {header.line}", f"{problem}{SKIP_HINT}") from None
            skipped.append(f"{where}line {header.line}: {problem}")
            continue
        title = header.title.strip()
        starred = title.endswith("*")  # as jrnl 4.6: any trailing star, and the stars and spaces around go (S321)
        if starred:
            title = title.strip(" *")
        joined = "\n".join(body)
        _entry(batch, zone, parsed.isoformat(), f"{header.stamp.hour:02d}:{header.stamp.minute:02d}",
               title, joined, [], starred, symbols)
    batch.notes += skipped_notes(skipped)
    return batch


def _header_of(line: str, bracketed: bool | None, time_only: bool) -> tuple[_Stamp | _Unreadable, str] | None:
    """A header line's date (read or not) and title; None for a body line. Once the first
    header fixed the style, only headers of that style count."""
    if bracketed is not False and (match := _BRACKETED.match(line)):
        read = _read_blob(match["blob"], time_only)
        if read is not None:
            return read, match["title"] or ""
    if bracketed is not True and (match := _UNBRACKETED.match(line)):
        read = _read_blob(match["blob"])
        if read is not None:
            return read, match["title"] or ""
    return None


# ------------------------------------------------------------------ folder journal

_YEAR, _MONTH, _DAY = re.compile(r"\d{4}"), re.compile(r"[01]\d"), re.compile(r"[0123]\d\.txt")


def day_files(folder: Path) -> list[tuple[Path, date]]:
    """A jrnl folder journal's day files (YYYY/MM/DD.txt, real dates only, as jrnl finds
    them), oldest first. Links are not followed."""
    found: list[tuple[Path, date]] = []
    for year in sorted(folder.iterdir()):
        if not (_YEAR.fullmatch(year.name) and year.is_dir() and not year.is_symlink()):
            continue
        for month in sorted(year.iterdir()):
            if not (_MONTH.fullmatch(month.name) and month.is_dir() and not month.is_symlink()):
                continue
            for file in sorted(month.iterdir()):
                if not (_DAY.fullmatch(file.name) and file.is_file() and not file.is_symlink()):
                    continue
                try:
                    found.append((file, date(int(year.name), int(month.name), int(file.stem))))
                except ValueError:
                    continue
    return found


# ------------------------------------------------------------------ refusals


def with_skip_hint(refused: MalformedInput) -> MalformedInput:
    """The refusal of one entry, naming --skip-bad."""
    text = str(refused)
    return MalformedInput(text.replace(". Nothing was imported.", f"{SKIP_HINT}. Nothing was imported.")
                          if SKIP_HINT not in text else text)


def reason_of(refused: MalformedInput, path: Path) -> str:
    """What a refusal says after the file's name (its position and problem)."""
    from journal.io.common import shown

    text = str(refused).removeprefix("Import failed: ").removesuffix(" Nothing was imported.").rstrip(".")
    return text.removeprefix(f"{shown(path)}: ")


SKIPPED = "skipped (--skip-bad): "
"""How a note of an entry left out by --skip-bad starts."""


def skipped_notes(skipped: list[str]) -> list[str]:
    """One note per entry left out by --skip-bad, by its position."""
    return [f"{SKIPPED}{where}" for where in skipped]
