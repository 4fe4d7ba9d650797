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
