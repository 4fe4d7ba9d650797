"""What an entry's `details` hold, and their rules: a check-in's ratings of the four focus
areas, a feedback entry's giver, question and follow-up. Light on purpose: `journal add`,
`list` and `show` load it (the mentee's documents and their rules are in practice.py).
"""

from __future__ import annotations


from journal.domain.errors import BadValue
from journal.domain.model import Kind

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/ARCHITECTURE.md, start-up)
if TYPE_CHECKING:
    from typing import Any

# ----------------------------------------------------------------- check-ins
CHECK_IN_AREAS: tuple[tuple[str, str], ...] = (
    ("goals", "Goals still relevant, progress measurable"),
    ("relationship", "The relationship"),
    ("process", "The learning process and its pace"),
    ("time", "Meeting time"),
)
"""The four focus areas of a check-in: key, what it asks about."""
AREA_KEYS = tuple(key for key, _ in CHECK_IN_AREAS)
AREA_LABELS = dict(CHECK_IN_AREAS)
RATING_WORDS = {1: "off track", 2: "struggling", 3: "mixed", 4: "good", 5: "going well"}
"""A check-in rates each area 1–5; the word says it without the number."""
AREA_WORDS = {"goals": "goals", "relationship": "relationship", "process": "learning process", "time": "meeting time"}
"""A check-in area as its rating is said in a line."""


def ratings_words(details: dict[str, Any]) -> str:
    """A check-in's ratings in one line, rated areas only, in the areas' order:
    `goals: good (4) · relationship: mixed (3)` (the one wording for every view)."""
    said = []
    for key in AREA_KEYS:
        value = details.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value in RATING_WORDS:
            said.append(f"{AREA_WORDS[key]}: {RATING_WORDS[value]} ({value})")
    return " · ".join(said)

# ----------------------------------------------------------------- feedback
FEEDBACK_FIELDS: tuple[tuple[str, str], ...] = (
    ("from", "From whom"),
    ("asked", "What I asked"),
    ("follow_up", "What I will try"),
)
"""A feedback entry's own fields (what came back is the entry's text)."""
FEEDBACK_KEYS = tuple(key for key, _ in FEEDBACK_FIELDS)
MAX_DETAIL_LENGTH = 2000


def area_key(text: str) -> str:
    """A check-in area as typed: its key or any unique prefix (`rel`, `t`)."""
    wanted = text.strip().lower()
    matches = [k for k in AREA_KEYS if k == wanted] or [k for k in AREA_KEYS if wanted and k.startswith(wanted)]
    if len(matches) != 1:
        raise BadValue(f"unknown check-in area '{text}': use one of {', '.join(AREA_KEYS)}")
    return matches[0]


def rating(value: object, area: str) -> int:
    """A rating 1–5 (a number or its text)."""
    try:
        number = int(str(value).strip()) if not isinstance(value, bool) else 0
    except ValueError:
        number = 0
    if not 1 <= number <= 5:
        raise BadValue(f"Rate '{area}' from 1 (off track) to 5 (going well).")
    return number


def parse_ratings(typed: list[str] | tuple[str, ...]) -> dict[str, int]:
    """`goals=4`, `rel=3` … as typed on the command line: area → rating."""
    found: dict[str, int] = {}
    for item in typed:
        name, sep, value = item.partition("=")
        if not sep:
            raise BadValue(f"Give a rating as AREA=1..5 (e.g. relationship=4), not '{item[:40]}'.")
        key = area_key(name)
        if key in found:  # the last one quietly won (S365)
            raise BadValue(f"'{key}' is rated twice: give each area once (--rate {key}=N).")
        found[key] = rating(value, key)
    return found


def check_details(kind: Kind, details: dict[str, Any] | None) -> dict[str, Any]:
    """The details an entry of `kind` may keep, checked and cleaned (empty values dropped).

    A check-in keeps its area ratings (`goals`, `relationship`, `process`, `time`: 1–5); a
    feedback entry keeps `from`, `asked` and `follow_up` (one paragraph each). Other kinds
    keep none.
    """
    if not details:
        return {}
    if kind == Kind.CHECK_IN:
        return {area_key(k): rating(v, k) for k, v in sorted(details.items(), key=lambda kv: AREA_KEYS.index(
            area_key(kv[0])))}
    if kind == Kind.FEEDBACK:
        clean: dict[str, Any] = {}
        for key, value in details.items():
            if key not in FEEDBACK_KEYS:
                raise BadValue(f"unknown feedback field '{key}': use one of {', '.join(FEEDBACK_KEYS)}")
            text = " ".join(str(value or "").split())
            if len(text) > MAX_DETAIL_LENGTH:
                raise BadValue(f"The feedback's '{key}' is too long ({len(text)} characters, "
                               f"limit {MAX_DETAIL_LENGTH}); put the rest in the text.")
            if text:
                clean[key] = text
        return {k: clean[k] for k in FEEDBACK_KEYS if k in clean}
    raise BadValue(f"Only check-in and feedback entries keep details; this one is a {kind.value} entry.")
