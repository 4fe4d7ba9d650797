"""Candidates for a shell's Tab (`journal show <Tab>`, `-g <Tab>`, `-t <Tab>`, `--mentorship <Tab>`).

A completion runs on every Tab: the journal is opened read-only, never migrated, unlocked or
written (an encrypted journal, a missing, damaged or newer file offers nothing), and any
failure is no candidates, never an error.
"""

from __future__ import annotations

import os
from pathlib import Path

from journal import config
from journal.domain.text import for_terminal, plural, summary

KINDS = ("goal", "mentorship", "tag", "entry")


def complete(db: str | os.PathLike[str] | None, kind: str, typed: str) -> list[tuple[str, str]]:
    """(value, a few words about it) for what `typed` starts: `kind` is one of KINDS."""
    from journal.store import completion, engine
    from journal.store.db import open_for_inspection

    try:
        path = config.db_path(db)[0]
        if not path.is_file() or engine.is_encrypted(path):
            return []
        conn = open_for_inspection(Path(path))
    except Exception:
        return []
    try:
        found: list[tuple[str, str]] = []
        if kind == "goal":
            found = completion.goals(conn, typed)
        elif kind == "mentorship":
            found = completion.mentors(conn, typed)
        elif kind == "tag":
            bare = typed.lstrip("#@").lower()
            found = [(tag, plural(n, "entry", "entries")) for tag, n in completion.tags(conn, bare)]
        elif kind == "entry":
            found = [(entry_id[:8], f"{day} {lens} {summary(title, body, 40)}")
                     for entry_id, day, lens, title, body in completion.entries(conn, typed.strip().lower())]
        return [(safe(value), safe(about)) for value, about in found]
    except Exception:
        return []
    finally:
        conn.close()


def safe(text: str) -> str:
    """A candidate's words as one terminal-safe line."""
    return for_terminal(text, single_line=True, keep_bidi=False)
