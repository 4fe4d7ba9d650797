"""The Markdown writer of a retrospective Document: one rendering per block type.

Every block becomes one or more chunks, each ending in a newline; chunks are separated by
a blank line. Bodies and agreement parts are the user's Markdown, quoted line by line: as
written, or as typed in a fence when they hold raw HTML or an unsafe link (`user_markdown`, as
the journal's export); every other piece of user text (titles, tags, mentor names, prompts,
event details, a focus, a closure note) is escaped by `markdown_inline`, so it cannot make a
heading, emphasis, a link or raw HTML (S486), as the HTML page shows it as text; in table cells
whitespace is collapsed and "|" escaped. Markdown draws no chart and has no footer.
"""

from __future__ import annotations

from collections.abc import Iterable

from journal.domain.text import markdown_inline
from journal.io.user_markdown import user_markdown

from journal.domain.retro_doc import (
    Block, Chart, Code, Details, Document, EmptyNote, Inline, ItemHeading, Label, MarkedItem, MarkedList,
    Medium, MetaLine, Moment, Moments, Only, Paragraph, Phrase, Prose, QuoteBlock, Remarks, Section, SideBySide,
    Sparkline, Subheading, Table, TagCounts, UserText, pick,
)

MEDIUM: Medium = "markdown"


def write_markdown(doc: Document) -> str:
    """The document as Markdown text."""
    chunks = [f"# {_user(doc.title)}\n"]  # "Retrospective: " and the goal or mentor: escaping changes nothing else
    for block in doc.header:
        chunks += _block(block)
    for section in doc.sections:
        chunks += _section(section)
    return "\n".join(chunks).rstrip() + "\n"


def write_blocks(blocks: Iterable[Block]) -> str:
    """Some blocks of a document as Markdown (the TUI shows a section's text between its quotes)."""
    return "\n".join(chunk for block in blocks for chunk in _block(block))


def _section(section: Section) -> list[str]:
    chunks = [f"## {section.heading}\n"]
    for block in section.blocks:
        chunks += _block(block)
    return chunks


def _words(label: Label | None) -> str:
    return pick(label, MEDIUM)


def _user(text: str) -> str:
    """One line of the user's words in a heading, list item or cite line: it cannot change the structure."""
    return markdown_inline(text)


def _inline(piece: Inline) -> str:
    if isinstance(piece, Code):
        return f"`{piece.text}`"
    if isinstance(piece, UserText):
        return _user(piece.text)
    return piece


def _phrase(phrase: Phrase) -> str:
    return "".join(_inline(piece) for piece in phrase)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _block(block: Block) -> list[str]:
    match block:
        case Subheading(text, aside, user):
            heading = _user(_words(text)) if user else _words(text)
            return [f"### {heading}{' ' + _words(aside) if _words(aside) else ''}\n"]
        case ItemHeading(title, short_id, status, facts):
            line = " · ".join([f"status: {status}"] + [_phrase(f) for f in facts])
            return [f"### {_user(title)} `{short_id}`\n", line + "\n"]
        case Paragraph(text, lead, _, user):
            text = _user(text) if user else text  # a focus, a closure note: as the summary says them (S486)
            return [f"{lead} {text}\n" if lead else f"{text}\n"]
        case MetaLine(facts):
            return [f"_{' · '.join(_phrase(f) for f in facts)}_\n"]
        case EmptyNote(text):
            return [f"_{_phrase(text)}_\n"]
        case Remarks(items):
            return [f"_{_words(item)}._\n" for item in items]
        case Sparkline(label, first, last, symbols):
            return [f"{_words(label)} ({first} – {last}): `{symbols}`\n"]
        case TagCounts(label, counts):
            return [f"{label} " + ", ".join(f"#{_user(tag)} ({count})" for tag, count in counts) + "\n"]
        case QuoteBlock():
            return [_quote(block)]
        case SideBySide(columns):
            chunks = []
            for column in columns:
                chunks.append(f"**{column.label}:**\n")
                chunks += [chunk for q in column.quotes for chunk in _block(q)]
            return chunks
        case Table():
            return [_table(block)]
        case MarkedList(items):
            return [_list(_marked(item) for item in items)]
        case Moments(items):
            return [_list(_moment(item) for item in items)]
        case Details(summary, items):
            return [f"### {_words(summary)}\n", _list(_moment(item) for item in items)]
        case Chart():
            return []
        case Prose(lead, text):
            quoted = "\n".join(f"> {line}".rstrip() for line in user_markdown(text).splitlines())
            return [f"**{_user(lead)}**\n", quoted + "\n"]
        case Only(medium, blocks):
            return [chunk for inner in blocks for chunk in _block(inner)] if medium == MEDIUM else []
    raise TypeError(f"no Markdown for {type(block).__name__}")


def _list(lines: Iterable[str]) -> str:
    return "".join(f"- {line}\n" for line in lines)


def _quote(q: QuoteBlock) -> str:
    cite = [q.day + (f" {q.time}" if q.time else ""), f"{q.lens.symbol} {q.lens.value}"]
    if q.kind:
        cite.append(q.kind)
    if q.title:
        cite.append(f"**{_user(q.title)}**")
    if q.starred:
        cite.append("★")
    if q.private:
        cite.append("private")
    cite.append(f"`{q.short_id}`")
    cite += [f"#{_user(tag)}" for tag in q.tags]
    lines = [f"> {' · '.join(cite)}", ">"] + [f"> {line}".rstrip() for line in user_markdown(q.body).splitlines()]
    return "\n".join(lines) + "\n"


def _table(table: Table) -> str:
    """A table; one without a header (label, value rows) as a list, which reads better than a
    table with an empty header row."""
    if not any(_words(h) for h in table.header):
        return _list(" ".join([f"**{_cell(row.cells[0].text)}:**",
                               *(_user(c.text) if c.user else c.text for c in row.cells[1:])])
                     for row in table.rows)
    header = "|" + "".join(f" {_words(h)} |" if _words(h) else " |" for h in table.header)
    lines = [header, "|" + "---|" * len(table.header)]
    for row in table.rows:
        cells = [_user(c.text) if c.user else _cell(c.text) for c in row.cells]  # a goal's words: escaped (S332)
        if row.changed:
            cells[0] += " ✎"
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _marked(item: MarkedItem) -> str:
    day = f"{item.day} " if item.day else ""
    return f"{day}{item.mark} {_user(item.title)}{_words(item.tail)}"


def _moment(m: Moment) -> str:
    what = f"{m.lens.symbol} {m.lens.value}" if m.lens else m.kind or ""
    detail = _user(_words(m.detail))  # a goal edit's detail quotes the old and new statement
    return (f"{m.when} · {what} · {_user(m.title)}{' — ' + detail if detail else ''}{' ★' if m.starred else ''}"
            f"{' · private' if m.private else ''}{f' `{m.short_id}`' if m.short_id else ''}")
