"""The one rule that decides between two versions of the same row: newer wins, ties stay.

Used by import (our own JSON export, jrnl, Day One) for entries, goals, milestones and
mentorships, and by sync between devices (with the content as the tie-breaker): a version
never replaces a newer one, whatever the order the copies arrive in. Stamps are UTC texts as the journal stores
them (2026-11-23T14:05:09Z), so comparing the text compares the moments.
"""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum
from typing import Any


class Winner(StrEnum):
    """Which of two differing versions of a row is kept."""

    LOCAL = "local"
    INCOMING = "incoming"


def newer(local_stamp: str | None, incoming_stamp: str | None) -> Winner:
    """The incoming version only when it is strictly newer; a tie, or an incoming version of
    unknown age, keeps the local one (the loser is then kept aside, never dropped)."""
    if incoming_stamp is None:
        return Winner.LOCAL
    if local_stamp is None or incoming_stamp > local_stamp:
        return Winner.INCOMING
    return Winner.LOCAL


def newer_version(local: str, incoming: str) -> Winner:
    """Sync's total order of two versions `stamp~hash` (store/sync.version): the later stamp,
    and on equal stamps the larger hash of the content, so every device picks the same one
    whatever the order they arrive in (a tie cannot keep a different version on each device)."""
    return Winner.INCOMING if incoming > local else Winner.LOCAL


_ADDED_LATER = frozenset({"details", "parts"})


def version_of(record: dict[str, Any]) -> str:
    """A row's version as sync compares them: `updated_at~hash of its content`. A goal's
    version is of its own fields (its milestones and history merge on their own). Fields added
    later (an entry's details, a mentorship's agreement parts) count only when set, so a row's
    version is the same before and after the upgrade that added them."""
    content = {k: v for k, v in record.items()
               if k not in ("history", "milestones") and not (k in _ADDED_LATER and not v)}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return f"{record.get('updated_at') or ''}~{hashlib.sha256(text.encode('utf-8')).hexdigest()[:20]}"


PRACTICE_TEXTS = {"vision": ("future", "present"), "profile": ("strengths", "challenges", "needs"),
                  "shortlist": ("title",)}
"""The texts of a practice document (vision, profile, shortlist) that are one value each."""


def merge_practice(winner: dict[str, Any], loser: dict[str, Any], kind: str) -> tuple[dict[str, Any], dict[str, str]]:
    """Two versions of a practice document's data made without seeing each other (S194):
    `winner` (the newer) whole, with every item of the loser's lists it lacks (gaps, criteria,
    candidates, learning styles; a candidate's conversations and the scores it lacks), in
    order: the winner's, then the loser's own, but for an item either side removed (`removed`).
    Returns (the merged data, the loser's texts that differ from the winner's, by field: to be
    kept, since nothing typed is lost). Alike on every device, whichever order they meet in."""
    merged = json.loads(json.dumps(winner))
    for name in ("gaps", "criteria"):
        _union_by_id(merged, loser, name)
    if "candidates" in loser:
        theirs = {c["id"]: c for c in loser.get("candidates") or []}
        for candidate in merged.get("candidates") or []:
            other = theirs.get(candidate["id"])
            if other is None:
                continue
            candidate["scores"] = {**other.get("scores", {}), **candidate.get("scores", {})}
            seen = {(n["day"], n["text"]) for n in candidate.get("conversations") or []}
            candidate["conversations"] = (candidate.get("conversations") or []) + [
                n for n in other.get("conversations") or [] if (n["day"], n["text"]) not in seen]
        _union_by_id(merged, loser, "candidates")
    if "styles" in loser:
        have = {s.casefold() for s in merged.get("styles") or []}
        merged["styles"] = (merged.get("styles") or []) + [s for s in loser["styles"] or [] if s.casefold() not in have]
    for decided in ("chosen", "mentorship_id"):  # a choice made on either side stays made (it is never undone)
        if merged.get(decided) is None and loser.get(decided) is not None:
            merged[decided] = loser[decided]
    removed = set(winner.get("removed") or []) | set(loser.get("removed") or [])
    # but a candidate chosen, or holding notes of a conversation, stays: removed on one side while
    # chosen or written about on the other, it went with what was typed (a choice kept, nothing lost)
    removed -= {c["id"] for c in merged.get("candidates") or [] if c.get("conversations")}
    removed -= {winner.get("chosen"), loser.get("chosen")}
    merged.pop("removed", None)
    if removed:  # an item either side removed stays removed (a union brought it back: S370)
        merged["removed"] = sorted(removed)
        for name in ("gaps", "criteria", "candidates"):
            if name in merged:
                merged[name] = [item for item in merged[name] or [] if item["id"] not in removed]
        for candidate in merged.get("candidates") or []:
            candidate["scores"] = {k: v for k, v in (candidate.get("scores") or {}).items() if k not in removed}
    kept = {f: str(loser.get(f) or "") for f in PRACTICE_TEXTS.get(kind, ())
            if (loser.get(f) or "") and (loser.get(f) or "") != (winner.get(f) or "")}
    return merged, kept


def _union_by_id(merged: dict[str, Any], loser: dict[str, Any], name: str) -> None:
    if name not in loser and name not in merged:
        return
    have = {item["id"] for item in merged.get(name) or []}
    merged[name] = (merged.get(name) or []) + [item for item in loser.get(name) or [] if item["id"] not in have]
