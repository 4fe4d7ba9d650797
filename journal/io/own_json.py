"""Threefold's own JSON export: the lossless, versioned format, written as a stream.

    {"format": "threefold-journal", "version": 1, "exported_at": "2026-11-23T08:30:00Z",
     "mentorships": [{id, mentor, focus, started_on, agreements, check_in_every,
                      next_meeting_on, status, closed_on, created_at, updated_at,
                      parts: {ground_rules, confidentiality, ...},
                      history: [{at, kind, field, old, new}]}, ...],
     "goals": [{id, title, specific, measurable, achievable, relevant, time_bound,
                success_criteria, status, mentorship_id, created_at, updated_at, closed_at,
                closure_note, review_every,
                milestones: [{id, title, due_on, done_on, created_at, updated_at}],
                history: [{id, at, kind, field, old, new}]}, ...],
     "entries": [{id, day, time, tz, created_at, updated_at, lens, kind, title, body,
                  tags: [...], goals: [goal ids], starred, private, mentorship_id,
                  revisit_on, answers, deleted_at, source, source_id, details}, ...],
     "practice": [{id, kind: vision | profile | shortlist, data: {...}, created_at,
                   updated_at}, ...]}   (written before "entries"; see domain/practice.py)

One object per line, keys in that order, entries in the order they were written: the same
journal always gives the same bytes (apart from `exported_at`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from journal.domain.dates import cadence_problem
from journal.domain.entry_fields import ENTRY_FIELDS, EXPORT_KEYS, EntryField, Row
from journal.domain.errors import BadValue
from journal.domain.model import ID_CHARACTERS, GoalStatus, Kind, Lens, MentorshipStatus
from journal.domain.entry_details import check_details
from journal.domain.practice import LearningProfile, Shortlist, Vision, check_parts
from journal.domain.text import JSON_STEERING, json_text  # the characters json_text escapes
from journal.io.common import Batch, Fields, clean_entry_text, clean_tags, fail, repaired_tree, surrogates_in

if TYPE_CHECKING:
    from enum import StrEnum

    from journal.io.json_stream import JsonStream

FORMAT = "threefold-journal"
VERSION = 1


def _dumps(item: Row) -> str:
    return json_text(item, separators=(", ", ": "))  # C1 and bidi controls as \uXXXX: still lossless


# ------------------------------------------------------------------ the fast entry writer
# A 100,000-entry export spent most of its time building a dict per entry and json.dumps'ing
# it. The store now hands each entry over as a tuple in export order whose plain values
# (QUOTED_KINDS) SQLite has already written as JSON text with json_quote(); the rest (flags,
# tags, goals, details) are written here. The bytes are exactly those of `_dumps` on
# iter_entries' dict (tests/io/test_bulk_export_same.py holds the earlier exporter's output),
# as long as json_quote() writes a string as json.dumps(ensure_ascii=False) does: the service
# checks that on QUOTE_PROBE before using it, and keeps the dict path otherwise.

QUOTED_KINDS = frozenset({"text", "day", "stamp", "lens", "kind", "int", "flag"})
"""Entry field kinds SQLite writes as JSON (json_quote(): a string, an integer or null; a flag
as true/false); the others (tags, goals, details) are written here."""
quote: Callable[[str], str] = json.encoder.encode_basestring
"""A str as json.dumps(ensure_ascii=False) writes it (C0 escaped, everything else as it is)."""
QUOTE_PROBE = ("".join(map(chr, range(0xA0))) + "\u00ad\u061c\u200b\u200e\u200f\u2028\u2029\u202a\u202e"
               "\u2066\u2069\ufeff\uffff\U0001f600\U0010ffff é中")
"""Characters json_quote() and Python could write differently (controls, separators, astral)."""


def _json_list(items: list[str]) -> str:
    return f"[{', '.join(map(quote, items))}]" if items else "[]"


def _piece_writer(field: EntryField) -> Callable[[Any], str]:
    """How a field the store hands over as stored becomes JSON text."""
    if field.kind == "tags":
        return lambda v: _json_list(v.split()) if v else "[]"
    if field.kind == "goals":
        return lambda v: _json_list(v.split("\x1f")) if v else "[]"
    if field.kind == "details":
        return lambda v: json.dumps(json.loads(v), ensure_ascii=False, separators=(", ", ": ")) if v else "null"
    raise AssertionError(f"no JSON writer for entry fields of kind {field.kind!r}")


def piece_plan() -> list[tuple[str, Callable[[Any], str]] | None]:
    """What each piece of store/transfer.iter_entry_pieces is: None for a run of fields the
    store wrote as JSON (with their keys), else the key's prefix and the field's writer."""
    plan: list[tuple[str, Callable[[Any], str]] | None] = []
    for i, f in enumerate(ENTRY_FIELDS):
        if f.kind in QUOTED_KINDS:
            if not plan or plan[-1] is not None:
                plan.append(None)
        else:
            plan.append((("{" if i == 0 else ", ") + json.dumps(f.key) + ": ", _piece_writer(f)))
    return plan


def entry_texts(pieces: Iterable[tuple[Any, ...]]) -> Iterator[str]:
    """Each entry (store/transfer.iter_entry_pieces) as its line of the export: the bytes
    `_dumps` writes for the same entry's dict."""
    plan = piece_plan()
    steer = JSON_STEERING.compiled.search
    escape = JSON_STEERING.compiled.sub
    for row in pieces:
        text = "".join([value if step is None else step[0] + step[1](value)
                        for step, value in zip(plan, row, strict=True)]) + "}"
        if steer(text) is not None:
            text = escape(_steering_escape, text)
        yield text


def _steering_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def write_json(write: Callable[[str], None], exported_at: str, mentorships: Iterable[Row],
               goals: Iterable[Row], practice: Iterable[Row], entries: Iterable[Row | str]) -> int:
    """Stream the document through `write`, one entry at a time; returns the entry count.

    An entry is a dict (written with `_dumps`) or its JSON text already (`entry_texts`)."""
    write(f'{{"format": "{FORMAT}", "version": {VERSION}, "exported_at": {json_text(exported_at)},\n')
    for name, items in (("mentorships", mentorships), ("goals", goals), ("practice", practice)):
        write(f'"{name}": [')
        for i, item in enumerate(items):
            write(("\n" if i == 0 else ",\n") + _dumps(item))
        write("\n],\n")
    write('"entries": [')
    count = 0
    for entry in entries:
        write(("\n" if count == 0 else ",\n") + (entry if isinstance(entry, str) else _dumps(entry)))
        count += 1
    write("\n]}\n")
    return count


def is_own(data: object) -> bool:
    return isinstance(data, dict) and data.get("format") == FORMAT


def _choice(fields: Fields, name: str, enum: type[StrEnum], default: str | None = None) -> str:
    value = fields.get(name, str, required=True) if default is None else fields.get(name, str, default=default)
    allowed = _values(enum)
    if value not in allowed:
        raise fail(fields.file, f"{fields.where}.{name}", f"must be one of {', '.join(allowed)}")
    return value


@cache
def _values(enum: type[StrEnum]) -> tuple[str, ...]:
    """An enum's values in order (an import asks twice per entry: listing the enum each time
    was ~8% of reading a file)."""
    return tuple(member.value for member in enum)


def _cadence(fields: Fields, name: str) -> int | None:
    """A review or check-in cadence: days, within the range the journal accepts when typed."""
    value = fields.get(name, int)
    problem = cadence_problem(value)
    if problem:
        raise fail(fields.file, f"{fields.where}.{name}", problem)
    return value


def _time(fields: Fields) -> str | None:
    value = fields.get("time", str)
    if value is None:
        return None
    hh, _, mm = value.partition(":")
    if not (len(value) == 5 and value.isascii() and hh.isdigit() and mm.isdigit()  # fullwidth digits are digits too
            and int(hh) < 24 and int(mm) < 60):
        raise fail(fields.file, f"{fields.where}.time", "not a time (HH:MM)")
    return value


def _text_field(fields: Fields, name: str, batch_flags: list[str], default: str | None = None,
                required: bool = False) -> str | None:
    raw = fields.get(name, str, default=default, required=required)
    if surrogates_in(raw):
        batch_flags.append(name)
    return fields.text(name, default=default, required=required)


def parse(path: Path, data: object) -> Batch:
    """Check every field (errors name the field path) and return rows for the store."""
    top = Fields(path, "$", data)
    batch = parse_header(path, top)
    for i, raw in enumerate(top.items("entries", required=True)):
        entry = parse_entry(path, batch, i, raw)
        if entry is not None:
            batch.entries.append(entry)
    return batch


def parse_header(path: Path, top: Fields) -> Batch:
    """The version check, mentorships, goals and practice documents: a Batch with no entries yet."""
    version = top.get("version", int, required=True)
    if version > VERSION:
        raise fail(path, "version", f"written by a newer Threefold (version {version}); upgrade to import it")
    batch = Batch("json")
    for i, raw in enumerate(top.items("mentorships")):
        f = Fields(path, f"mentorships[{i}]", raw)
        flags: list[str] = []
        if not (f.get("mentor", str) or "").strip():  # the journal's rule, said by position (S286)
            raise fail(path, f"mentorships[{i}].mentor", "empty: a mentorship needs the mentor's name")
        batch.mentorships.append({
            "id": f.text("id", required=True), "mentor": _text_field(f, "mentor", flags, required=True),
            "focus": _text_field(f, "focus", flags, default=""), "started_on": f.day("started_on"),
            "agreements": _text_field(f, "agreements", flags, default=""),
            "check_in_every": _cadence(f, "check_in_every"), "next_meeting_on": f.day("next_meeting_on"),
            "status": _choice(f, "status", MentorshipStatus, "active"), "closed_on": f.day("closed_on"),
            "created_at": f.stamp("created_at", required=True),
            "updated_at": f.stamp("updated_at") or f.stamp("created_at"),
            "parts": _checked(path, f"mentorships[{i}].parts", check_parts, _tree(f, "parts", flags, default={})),
            "history": _history(path, f"mentorships[{i}]", f, flags, HISTORY_KINDS),
        })
        batch.count_repairs({"surrogates"} if flags else ())
    for i, raw in enumerate(top.items("practice")):
        f = Fields(path, f"practice[{i}]", raw)
        kind = f.get("kind", str, required=True)
        if kind not in PRACTICE_KINDS:
            raise fail(path, f"practice[{i}].kind", f"must be one of {', '.join(PRACTICE_KINDS)}")
        row_id = f.text("id", required=True)
        if (row_id in FIXED_IDS or kind in FIXED_IDS) and row_id != kind:
            # the vision and the profile live under their own ids: a shortlist under "profile" took its place (S222)
            raise fail(path, f"practice[{i}].id", f"'{kind}' goes under the id '{kind}' only, and that id is its alone"
                       if kind in FIXED_IDS else f"'{row_id}' is the {row_id}'s own id")
        flags = []
        data = _tree(f, "data", flags, required=True)
        batch.count_repairs({"surrogates"} if flags else ())
        batch.practice.append({
            "id": row_id, "kind": kind,
            "data": _checked(path, f"practice[{i}].data", partial(PRACTICE_KINDS[kind], row_id), data),
            "created_at": f.stamp("created_at", required=True),
            "updated_at": f.stamp("updated_at") or f.stamp("created_at"),
        })
    for i, raw in enumerate(top.items("goals")):
        f = Fields(path, f"goals[{i}]", raw)
        flags = []
        goal: Row = {
            "id": f.text("id", required=True), "title": _text_field(f, "title", flags, required=True),
            **{name: _text_field(f, name, flags, default="") for name in
               ("specific", "measurable", "achievable", "relevant")},
            "time_bound": f.day("time_bound"),
            "success_criteria": _text_field(f, "success_criteria", flags, default=""),
            "status": _choice(f, "status", GoalStatus, "active"), "mentorship_id": f.text("mentorship_id"),
            "created_at": f.stamp("created_at", required=True), "closed_at": f.stamp("closed_at"),
            "closure_note": _text_field(f, "closure_note", flags), "review_every": _cadence(f, "review_every"),
            "updated_at": f.stamp("updated_at") or f.stamp("created_at"), "milestones": [], "history": [],
        }
        if not goal["title"].strip():
            raise fail(path, f"goals[{i}].title", "empty")
        for j, mraw in enumerate(f.items("milestones")):
            m = Fields(path, f"goals[{i}].milestones[{j}]", mraw)
            goal["milestones"].append({
                "id": m.text("id", required=True), "title": _text_field(m, "title", flags, required=True),
                "due_on": m.day("due_on"), "done_on": m.day("done_on"),
                "created_at": m.stamp("created_at", required=True),
                "updated_at": m.stamp("updated_at") or m.stamp("created_at"),
            })
        goal["history"] = _history(path, f"goals[{i}]", f, flags, ("created", "status", "edit"))
        batch.count_repairs({"surrogates"} if flags else ())
        batch.goals.append(goal)
    return batch


HISTORY_KINDS = ("created", "status", "edit", "chosen", "goal")
"""A mentorship's history events (a goal's are the first three)."""
FIXED_IDS = (Vision.ID, LearningProfile.ID)
"""The practice documents that are one per journal, each under its own fixed id."""
PRACTICE_KINDS: dict[str, Callable[[str, dict[str, Any]], dict[str, Any]]] = {
    "vision": lambda _id, d: Vision.from_data(d).to_data(),
    "profile": lambda _id, d: LearningProfile.from_data(d).to_data(),
    "shortlist": lambda row_id, d: Shortlist.from_data(row_id, d).to_data(),
}
"""Each document kind and how its data is checked (and put in its one shape)."""


def _checked(path: Path, where: str, check: Callable[[Any], Any], value: Any) -> Any:
    """`check(value)`, its refusal (or a missing or mistyped key) as an import error naming `where`."""
    try:
        return check(value)
    except BadValue as exc:
        raise fail(path, where, str(exc).rstrip(".")) from None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        # the exception's words are left out: they may quote the file's text (S211)
        raise fail(path, where, f"not as Threefold writes it ({type(exc).__name__})") from None


def _tree(fields: Fields, name: str, batch_flags: list[str], *, default: dict[str, Any] | None = None,
          required: bool = False) -> dict[str, Any]:
    """A JSON object field (parts, a practice document) with its lone surrogates repaired."""
    value, fixed = repaired_tree(fields.get(name, dict, default=default, required=required))
    if fixed:
        batch_flags.append(name)
    return dict(value)


def _history(path: Path, where: str, f: Fields, flags: list[str], kinds: tuple[str, ...]) -> list[Row]:
    events = []
    for j, hraw in enumerate(f.items("history")):
        h = Fields(path, f"{where}.history[{j}]", hraw)
        kind = h.get("kind", str, required=True)
        if kind not in kinds:
            raise fail(path, f"{where}.history[{j}].kind", f"must be one of {', '.join(kinds)}")
        events.append({
            "id": h.get("id", int), "at": h.stamp("at", required=True), "kind": kind,
            "field": h.text("field"), "old": _text_field(h, "old", flags), "new": _text_field(h, "new", flags),
        })
    return events


REQUIRED = frozenset({"id", "day", "created_at", "lens", "body"})
"""Entry keys an import refuses to do without; the rest have defaults."""
DEFAULTS = {"tz": "UTC", "kind": "note"}


Reader = Callable[[Fields], object]


def _reader(field: EntryField) -> Reader:
    """How one entry field is read from the file, checked by its kind (entry_fields.ENTRY_FIELDS)."""
    key, required, default = field.key, field.key in REQUIRED, DEFAULTS.get(field.key)
    if field.kind == "day":
        return lambda f: f.day(key, required=required)
    if field.kind == "stamp":
        return lambda f: f.stamp(key, required=required)
    if field.kind == "flag":
        return lambda f: f.get(key, bool, default=False)
    if field.kind in ("lens", "kind"):
        enum = Lens if field.kind == "lens" else Kind
        return lambda f: _choice(f, key, enum, default)
    if field.kind in ("tags", "goals"):
        return lambda f: f.strings(key)
    if field.kind == "details":
        return lambda f: f.get(key, dict) or None
    if field.kind == "int":
        return lambda f: f.get(key, int, required=required)
    if key == "time":
        return _time
    return lambda f: f.text(key, required=required, default=default)


READERS: tuple[tuple[str, Reader], ...] = tuple(
    (field.key, _reader(field)) for field in ENTRY_FIELDS if field.key not in ("title", "body"))
"""Each entry field but the title and body (read with clean_entry_text), with its reader: made
once, not chosen again for every field of every entry (a fifth of reading a 100,000-entry file)."""


def parse_entry(path: Path, batch: Batch, i: int, raw: object) -> Row | None:
    """One entry as a row, or None when it is refused (counted in `batch.rejected`)."""
    f = Fields(path, f"entries[{i}]", raw)
    entry: Row = {key: read(f) for key, read in READERS}
    entry["updated_at"] = entry["updated_at"] or entry["created_at"]
    ids = entry["id"], entry["answers"]
    entry["id"] = _entry_id(path, f"entries[{i}].id", entry["id"])
    entry["answers"] = entry["answers"] and _entry_id(path, f"entries[{i}].answers", entry["answers"])
    dropped_revisit = _refuse_or_repair(path, i, entry)
    cleaned = clean_entry_text(batch, f.get("title", str), f.get("body", str, required=True), strip_controls=False,
                               where=f"entries[{i}]")
    if cleaned is None:
        return None
    entry["title"], entry["body"], repairs = cleaned
    if dropped_revisit:
        repairs.add("revisit")
    entry["tags"], dropped = _clean_tags(entry["tags"])
    if dropped:
        repairs.add("tags")
    if entry["details"]:
        details, fixed = repaired_tree(entry["details"])
        if fixed:
            repairs.add("surrogates")
        entry["details"] = _checked(path, f"entries[{i}].details",
                                    lambda d: check_details(Kind(entry["kind"]), d) or None, details)
    raw_tags = f.data.get("tags")  # checked by its reader: a list of str, or missing
    if isinstance(raw_tags, list) and surrogates_in(*raw_tags):
        repairs.add("surrogates")
    if ids != (entry["id"], entry["answers"]):
        repairs.add("ids")
    batch.count_repairs(repairs)
    return {key: entry[key] for key in EXPORT_KEYS}


def _refuse_or_repair(path: Path, i: int, entry: Row) -> bool:
    """What the journal's writer refuses and a file edited by hand could hold (S284): an entry
    answering itself, a time zone that is no zone (each later reading of the entry's time fails)
    are refused; a revisit date on an entry that is neither foresight nor feedback (an older
    version's edit away from foresight kept it) is dropped: True, a repair."""
    if entry["answers"] and entry["answers"] == entry["id"]:
        raise fail(path, f"entries[{i}].answers", "an entry cannot answer itself")
    if entry["tz"] and not _is_zone(entry["tz"]):
        raise fail(path, f"entries[{i}].tz", "not a time zone (an IANA name such as Europe/Berlin)")
    if entry["revisit_on"] and entry["lens"] != Lens.FORESIGHT.value and entry["kind"] != Kind.FEEDBACK.value:
        entry["revisit_on"] = None
        return True
    return False


@lru_cache(maxsize=256)
def _is_zone(name: str) -> bool:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name)
    except (ValueError, OSError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        return False
    return True


def _entry_id(path: Path, where: str, value: str) -> str:
    """An entry id as the journal can be given it (`journal show ID`): a UUID's characters,
    lower-cased (S228). Anything else would make an entry no command can reach."""
    lowered = value.lower()
    if not lowered or not set(lowered) <= ID_CHARACTERS:
        raise fail(path, where, "not an entry id (the characters 0-9, a-f and -, as Threefold writes them)")
    return lowered


def _clean_tags(raw: list[str]) -> tuple[list[str], bool]:
    """clean_tags, remembered: a journal uses the same few tag lists again and again."""
    tags, dropped = _cleaned_tags(tuple(raw))
    return list(tags), dropped


@lru_cache(maxsize=4096)
def _cleaned_tags(raw: tuple[str, ...]) -> tuple[tuple[str, ...], bool]:
    tags, dropped = clean_tags(list(raw))
    return tuple(tags), dropped


STREAM_MIN_BYTES = 1 << 20
"""Files at least this big are read as a stream (json_stream); smaller ones whole, as
json.loads costs little there and keeps any key order."""


def stream(path: Path, handle: BinaryIO) -> Batch | None:
    """Our export read as a stream from `handle` (binary, at the start), or None when the
    file does not open with `{"format": "threefold-journal"` (the caller reads it whole).

    Everything before "entries" is read whole (mentorships and goals are few); entries are
    parsed one by one as the importer pulls `batch.streamed`, a generator. Mentorships or
    goals after "entries" cannot be honoured then and are reported as malformed; our
    exporter always writes them first.
    """
    from journal.io.json_stream import JsonStream

    reader = JsonStream(path, handle, Batch("json"))
    if reader.peek() != "{":
        return None
    reader.i += 1
    if reader.peek() != '"' or reader.key() != "format" or reader.peek() != '"' or reader.value() != FORMAT:
        return None
    header: dict[str, object] = {"format": FORMAT}
    more = reader.after_value()
    while more:
        name = reader.key()
        if name == "entries":
            break
        header[name] = reader.value()
        more = reader.after_value()
    else:
        reader.end()
        Fields(path, "$", header).items("entries", required=True)  # "$.entries: missing"
    batch = parse_header(path, Fields(path, "$", header))
    batch.notes[:0] = reader.batch.notes
    reader.batch = batch
    batch.streamed = _streamed_entries(path, reader, batch)
    return batch


def _streamed_entries(path: Path, reader: JsonStream, batch: Batch) -> Iterator[Row]:
    if reader.peek() != "[":
        Fields(path, "$", {"entries": reader.value()}).items("entries", required=True)
        raise reader.error("Expecting value")
    for i, raw in enumerate(reader.items()):
        entry = parse_entry(path, batch, i, raw)
        if entry is not None:
            yield entry
    while reader.after_value():
        name = reader.key()
        value = reader.value()
        if name in ("mentorships", "goals", "practice") and value:
            raise fail(path, name, "must come before \"entries\" in a file this large")
    reader.end()
    reader.handle.close()
