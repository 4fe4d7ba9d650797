"""Names the front ends need before any journal is open (click choices, messages): kept light."""

from __future__ import annotations

EXPORT_FORMATS = ("json", "markdown", "html")
IMPORT_FORMATS = ("auto", "json", "jrnl", "dayone", "journal")
"""What `--from` accepts: auto-detect, our JSON export, jrnl (JSON or text), Day One (JSON or zip),
a journal database (a backup or a copy, plain or encrypted). Any of them may be age-encrypted."""
RETRO_FORMATS = {"html": ".html", "markdown": ".md", "json": ".json", "pdf": ".pdf"}
"""Retrospective formats and the file extension each is written with. A PDF needs a browser
(`journal.closure.pdf_available()`) and a file to write to."""
OPEN_ELSEWHERE = "open in another window"
"""How a draft another running window holds is described."""
