"""Resolve what a person types for a goal or mentorship: an id prefix or a name prefix."""

from __future__ import annotations

from collections.abc import Mapping

from journal.domain.errors import Ambiguous, NotFound
from journal.domain.text import for_terminal

MIN_SHORT_ID = 6


def name_key(text: str) -> str:
    """A name as typed and as stored compared alike: case aside, and Unicode's ways of writing
    one letter (é, or e and a combining accent) aside (S345)."""
    if text.isascii():
        return text.casefold()
    import unicodedata  # only for a name that is not ASCII: no cost on the hot path otherwise

    return unicodedata.normalize("NFC", text).casefold()


def pick(ref: str, candidates: list[tuple[str, str]], noun: str, hint: str, *,
         current: Mapping[str, str] | None = None) -> str:
    """The id of the one candidate `ref` names.

    Order of preference: exact id, exact name (case-insensitive), id prefix (4+
    characters), name prefix. Several matches at the first level that has any is an
    Ambiguous error listing them; none at all is NotFound naming `hint`.

    `current`: id to a word on its state ("active", "closed 2025-06-01") for candidates that
    can share a name (a second mentorship with the same mentor): when every match has one
    name, so that typing more cannot tell them apart, the one candidate whose state is
    "active" is the one meant (S455); otherwise the error gives each one's state with its id.
    """
    wanted = name_key(" ".join(ref.split()))
    shown = for_terminal(ref, single_line=True)[:60]
    if not wanted:
        raise NotFound(f"Give a {noun} name or id. {hint}")
    levels = (
        [c for c in candidates if c[0] == wanted],
        [c for c in candidates if name_key(c[1]) == wanted],
        [c for c in candidates if len(wanted) >= 4 and c[0].startswith(wanted)],
        [c for c in candidates if name_key(c[1]).startswith(wanted)],
    )
    states = current or {}
    for matches in levels:
        if len(matches) == 1:
            return matches[0][0]
        if not matches:
            continue
        one_name = len({name_key(c[1]) for c in matches}) == 1
        if one_name and len(active := [c for c in matches if states.get(c[0]) == "active"]) == 1:
            return active[0][0]
        names = ", ".join(f"'{for_terminal(c[1], single_line=True)}' ({c[0][:8]}"
                          f"{', ' + states[c[0]] if c[0] in states else ''})" for c in matches[:6])
        advice = "Use the id." if one_name else "Type more of the name or use the id."
        raise Ambiguous(f"'{shown}' matches several {noun}s: {names}. {advice}")
    raise NotFound(f"No {noun} matches '{shown}'. {hint}")


def short_ids(ids: list[str], minimum: int = MIN_SHORT_ID) -> dict[str, str]:
    """Shortest unique prefixes (at least `minimum` characters) within a small set of ids."""
    ordered = sorted(ids)
    result = {}
    for i, current in enumerate(ordered):
        need = 0
        for other in (ordered[i - 1] if i else None, ordered[i + 1] if i + 1 < len(ordered) else None):
            if other:
                same = next((k for k, (a, b) in enumerate(zip(current, other, strict=False)) if a != b), len(current))
                need = max(need, same + 1)
        result[current] = current[: max(minimum, need)]
    return result
