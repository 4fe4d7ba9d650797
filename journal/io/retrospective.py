"""Renderers of a closure retrospective (domain.retrospective.Retrospective): Markdown, JSON, HTML.

Pure functions from the structure to one string. Markdown and HTML share one walk:
`retro_walk.retrospective_document` turns the Retrospective into a neutral document model
(`retro_doc`), which `retro_markdown` and `retro_html` render block type by block type.
JSON is a data format, not a rendering: a direct, versioned dump of the Retrospective.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from journal.record import fields, is_record
from journal.domain.retro_model import Retrospective
from journal.domain.text import json_text
from journal.io.retro_chart import chart_svg
from journal.io.retro_html import write_html
from journal.io.retro_markdown import write_markdown
from journal.domain.retro_walk import retrospective_document

__all__ = ["FORMAT", "VERSION", "chart_svg", "render", "render_html", "render_json", "render_markdown",
           "retrospective_data"]

FORMAT = "threefold-retrospective"
VERSION = 2
"""2: `summary`; `numbers.entries` counts the entries written, `numbers.closure_answers` the
closure conversation's answers (in 1 they were counted together)."""


# ----------------------------------------------------------------------- JSON
def _plain(value: Any) -> Any:
    if is_record(value):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def retrospective_data(retro: Retrospective) -> dict[str, Any]:
    """The stable, versioned JSON shape: {"format", "version", then every section}."""
    return {"format": FORMAT, "version": VERSION, **_plain(retro)}


def render_json(retro: Retrospective) -> str:
    """The retrospective as versioned JSON text."""
    return json_text(retrospective_data(retro), indent=2) + "\n"


# ------------------------------------------------------------ Markdown, HTML
def render_markdown(retro: Retrospective) -> str:
    """The retrospective as Markdown text."""
    return write_markdown(retrospective_document(retro))


def render_html(retro: Retrospective) -> str:
    """The retrospective as one standalone, safe HTML page."""
    return write_html(retrospective_document(retro))


RENDERERS: dict[str, Callable[[Retrospective], str]] = {
    "markdown": render_markdown, "html": render_html, "json": render_json,
}


def render(retro: Retrospective, fmt: str) -> str:
    """The retrospective in `fmt`: markdown, html or json (ValueError otherwise)."""
    try:
        return RENDERERS[fmt](retro)
    except KeyError:
        raise ValueError(f"unknown retrospective format {fmt!r}") from None
