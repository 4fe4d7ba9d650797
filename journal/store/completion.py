"""What a shell's Tab offers: goal titles, mentors, tags and entry ids that start with what was typed.

Read-only and small: each query reads an index or a small table and returns at most LIMIT rows.
"""

from __future__ import annotations

import sqlite3

LIMIT = 50
"""Candidates offered at most (a shell lists them all)."""


def _upper(prefix: str) -> str:
    """The first text after every text that starts with `prefix` (for a range on an index)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1) if prefix else "\U0010ffff"


def goals(conn: sqlite3.Connection, prefix: str) -> list[tuple[str, str]]:
    """(title, status) of the goals whose title starts with `prefix` (any case), active first."""
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT title, status FROM goals WHERE title LIKE ? ESCAPE '\\' "
        "ORDER BY status <> 'active', title COLLATE NOCASE LIMIT ?", (_like(prefix), LIMIT))]


def mentors(conn: sqlite3.Connection, prefix: str) -> list[tuple[str, str]]:
    """(mentor, focus) of the mentorships whose mentor starts with `prefix` (any case), active first."""
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT mentor, focus FROM mentorships WHERE mentor LIKE ? ESCAPE '\\' "
        "ORDER BY status <> 'active', mentor COLLATE NOCASE LIMIT ?", (_like(prefix), LIMIT))]


def tags(conn: sqlite3.Connection, prefix: str, limit: int = LIMIT) -> list[tuple[str, int]]:
    """(tag, entries) of the tags that start with `prefix` (tags are lower case), most used first
    (`limit` -1: all of them)."""
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT tag, count(*) FROM entry_tags WHERE tag >= ? AND tag < ? GROUP BY tag "
        "ORDER BY count(*) DESC, tag LIMIT ?", (prefix, _upper(prefix), limit))]


def entries(conn: sqlite3.Connection, prefix: str) -> list[tuple[str, str, str, str | None, str]]:
    """(id, day, lens, title, start of the text) of the entries whose id starts with `prefix`,
    newest first (with no prefix: the newest entries)."""
    if prefix:
        rows = conn.execute(
            "SELECT id, day, lens, title, substr(body, 1, 80) FROM entries WHERE id >= ? AND id < ? "
            "ORDER BY day DESC, time DESC, seq DESC LIMIT ?", (prefix, _upper(prefix), LIMIT))
    else:
        rows = conn.execute(
            "SELECT id, day, lens, title, substr(body, 1, 80) FROM entries WHERE deleted_at IS NULL "
            "ORDER BY day DESC, time DESC, seq DESC LIMIT ?", (LIMIT,))
    return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def _like(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
