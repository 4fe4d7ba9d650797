"""The one description of what an entry holds: every stored field, its column and its JSON form.

Everything that moves an entry between shapes walks `ENTRY_FIELDS`: the store's row
mapping (by column name), the JSON export and its importer, the CLI's `--format json`,
and the edit fingerprint (`entry_version`). Adding a field to entries means: an attribute
on `Entry` (model.py), a line here, a migration that adds the column, and the views that
show it (see the README's architecture section).

Three shapes of a value:
- the model value on `Entry` (date, datetime, Lens, tuple of tags, tuple of GoalRef, bool);
- the column value in SQLite (ISO text, 0/1, tags joined by spaces; goals live in a link table);
- the JSON value in exports and CLI output (ISO text, booleans, lists).
"""

from __future__ import annotations

import json
from journal.record import record
from datetime import date

from journal.domain.dates import parse_stamp, utc_text
from journal.domain.model import Entry, GoalRef, Kind, Lens

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/ARCHITECTURE.md, start-up)
if TYPE_CHECKING:
    from typing import Any, TypeAlias

Row: TypeAlias = "dict[str, Any]"
"""A record as the store and the importers pass it: a plain dict keyed by column name (the
export's keys). Its values are whatever the fields below say (text, numbers, lists of ids)."""


@record(frozen=True)
class EntryField:
    """One stored field of an entry."""

    name: str
    """The attribute on `Entry` (and the key in the CLI's JSON)."""
    kind: str
    """How its value converts: text, int, day, stamp, flag, lens, kind, tags, goals or details
    (a JSON object: stored as its canonical text, NULL when empty; text and int pass through
    unchanged)."""
    column: str | None = None
    """Its column in `entries` (and its key in the export); defaults to `name`. goals: None."""

    @property
    def key(self) -> str:
        """The export's key: the column's name (goals: "goals")."""
        return self.column or self.name


ENTRY_FIELDS: tuple[EntryField, ...] = (
    EntryField("id", "text", "id"),
    EntryField("day", "day", "day"),
    EntryField("time", "text", "time"),
    EntryField("tz", "text", "tz"),
    EntryField("created_at", "stamp", "created_at"),
    EntryField("updated_at", "stamp", "updated_at"),
    EntryField("lens", "lens", "lens"),
    EntryField("kind", "kind", "kind"),
    EntryField("title", "text", "title"),
    EntryField("body", "text", "body"),
    EntryField("tags", "tags", "tags"),
    EntryField("goals", "goals", None),
    EntryField("starred", "flag", "starred"),
    EntryField("private", "flag", "private"),
    EntryField("mentorship", "text", "mentorship_id"),
    EntryField("revisit_on", "day", "revisit_on"),
    EntryField("answers", "text", "answers"),
    EntryField("deleted_at", "stamp", "deleted_at"),
    EntryField("source", "text", "source"),
    EntryField("source_id", "text", "source_id"),
    EntryField("details", "details", "details"),
)
"""Every stored field, in export order."""

COLUMN_FIELDS = tuple(f for f in ENTRY_FIELDS if f.column)
COLUMNS = tuple(f.column for f in COLUMN_FIELDS if f.column)
"""The `entries` columns an entry is read from and written to (the internal `seq` aside)."""
EXPORT_KEYS = tuple(f.key for f in ENTRY_FIELDS)


# ------------------------------------------------------------------ model <-> column
def to_column(field: EntryField, value: Any) -> Any:
    """The model value as SQLite stores it."""
    if value is None:
        return None
    if field.kind == "day":
        return value.isoformat()
    if field.kind == "stamp":
        return utc_text(value)
    if field.kind == "flag":
        return int(bool(value))
    if field.kind in ("lens", "kind"):
        return value.value
    if field.kind == "tags":
        return " ".join(value)
    if field.kind == "details":
        return details_text(value)
    return value


def details_text(value: dict[str, Any] | None) -> str | None:
    """A details object as stored: canonical JSON (sorted keys), None when empty."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")) if value else None


def from_column(field: EntryField, raw: Any) -> Any:
    """The stored value as the model holds it."""
    if field.kind == "tags":
        return tuple(raw.split()) if raw else ()
    if field.kind == "flag":
        return bool(raw)
    if field.kind == "details":
        return json.loads(raw) if raw else {}
    if raw is None:
        return None
    if field.kind == "day":
        return date.fromisoformat(raw)
    if field.kind == "stamp":
        return parse_stamp(raw)
    if field.kind == "lens":
        return Lens(raw)
    if field.kind == "kind":
        return Kind(raw)
    return raw


def entry_from_columns(row: dict[str, Any], goals: tuple[GoalRef, ...] = ()) -> Entry:
    """An Entry from a row keyed by column name (goals come from their link table)."""
    values = {f.name: from_column(f, row[f.column]) for f in COLUMN_FIELDS if f.column}
    return Entry(**values, goals=goals)


def entry_to_columns(entry: Entry) -> dict[str, Any]:
    """The entry's row, keyed by column name."""
    return {f.column: to_column(f, getattr(entry, f.name)) for f in COLUMN_FIELDS if f.column}


# ------------------------------------------------------------------ column <-> JSON
def column_to_json(field: EntryField, raw: Any) -> Any:
    """A stored value as the export writes it (the export mirrors the columns)."""
    if field.kind == "tags":
        return raw.split() if raw else []
    if field.kind == "flag":
        return bool(raw)
    if field.kind == "details":
        return json.loads(raw) if raw else None
    return raw


def json_to_column(field: EntryField, value: Any) -> Any:
    """An export value (already checked by the importer) as SQLite stores it."""
    if field.kind == "tags":
        return " ".join(value)
    if field.kind == "flag":
        return int(bool(value))
    if field.kind == "details":
        return details_text(value)
    return value


def to_json(entry: Entry) -> dict[str, Any]:
    """The entry in the model's words, JSON-ready: the CLI's `--format json` shape.

    Keys are the model's names (`mentorship`, not `mentorship_id`); goals carry their titles.
    """
    data: dict[str, Any] = {}
    for f in ENTRY_FIELDS:
        value = getattr(entry, f.name)
        if f.kind == "goals":
            data[f.name] = [{"id": g.id, "title": g.title} for g in value]
        elif f.kind == "tags":
            data[f.name] = list(value)
        elif f.kind == "flag":
            data[f.name] = bool(value)
        elif f.kind == "details":
            data[f.name] = dict(value)
        else:
            data[f.name] = to_column(f, value)
    return data


def entry_version(entry: Entry) -> str:
    """A fingerprint of everything stored about `entry` (goal titles and short id aside).

    Two reads with the same fingerprint saw the same entry: an edit passes the fingerprint
    it started from, and the save goes through only if the entry still has it (catalogue
    B13). Timestamps alone cannot tell: they have one-second resolution.
    """
    import hashlib  # here, not at the top: loading OpenSSL costs every command ~3–5 ms

    # Empty details are left out: fingerprints taken before entries had details stay valid.
    parts = tuple(_version_part(f, getattr(entry, f.name)) for f in ENTRY_FIELDS
                  if not (f.kind == "details" and not entry.details))
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


WORDS = "words:"
"""The mark of a fingerprint of an entry's words alone (`words_version`)."""


def words_version(entry: Entry) -> str:
    """A fingerprint of what `entry` says, whether in the trash or not and whenever last stamped:
    a draft kept when its entry was trashed under an edit applies after the entry is restored,
    and only while the restored entry still says that (S166)."""
    from journal.record import replace

    return WORDS + entry_version(replace(entry, deleted_at=None, updated_at=entry.created_at))


def still(entry: Entry, version: str) -> bool:
    """`entry` is still the one `version` (entry_version or words_version) was taken of."""
    return (words_version(entry) if version.startswith(WORDS) else entry_version(entry)) == version


def _version_part(field: EntryField, value: Any) -> Any:
    # The model values themselves (their repr), as drafts stored since migration m003 expect.
    if field.kind == "goals":
        return sorted(g.id for g in value)
    if field.kind in ("lens", "kind"):
        return value.value
    return value
