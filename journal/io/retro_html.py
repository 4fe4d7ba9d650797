"""The HTML writer of a retrospective Document: one standalone page, one rendering per block type.

docs/RELIABILITY.md ("Text and the terminal"): inline CSS and an inline SVG chart (no external asset), the CSP of the
journal export, every non-Markdown text through `html.escape(..., quote=True)`, entry bodies
through markdown-it-py's `js-default` preset (raw HTML escaped, imported only when a page is
written), `dir="auto"` on the user's text, a print stylesheet, and no `id`/`name` attribute
made from user text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from journal.io.documents import CSP, _e, html_markdown
from journal.io.retro_chart import LEGEND, chart_svg, chart_table
from journal.domain.retro_doc import (
    Block, Chart, Code, Details, Document, EmptyNote, Inline, ItemHeading, Label, MarkedItem, MarkedList,
    Medium, MetaLine, Moment, Moments, Only, Paragraph, Phrase, Prose, QuoteBlock, Remarks, Section, SideBySide,
    Sparkline, Subheading, Table, TagCounts, UserText, pick,
)

if TYPE_CHECKING:
    from markdown_it.rules_core import StateCore

MEDIUM: Medium = "html"
MARK_ATTRIBUTES = {"status": 'class="flag"'}
"""How a state mark is coloured when not by the class of its state (hit, late, missed, open)."""
MARK_WORDS = {"hit": "done", "late": "done late", "missed": "missed", "open": "open", "dropped": "not done",
              "status": "status change", "starred": "starred"}
"""What a state mark says to a screen reader (its glyph is hidden from it): a mark is never colour alone."""
CSS = """
:root{--h:#3b6fb6;--i:#9b3bb6;--f:#2b7d45;--ink:#1d1d1f;--mute:#5b5b60;--line:#dcdce0;--warn:#8f5b00;--bad:#b23b3b}
body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1.2rem;color:var(--ink);background:#fff;overflow-wrap:break-word}
h1{font-size:1.8rem;margin-bottom:.2rem}h2{font-size:1.35rem;margin-top:2.6rem;border-bottom:2px solid var(--line);padding-bottom:.25rem}
h3{font-size:1.08rem;margin:1.6rem 0 .5rem}.meta{color:var(--mute);font-size:.92rem;margin:.2rem 0}
.vh{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.status{display:inline-block;font-size:.8rem;padding:.05rem .5rem;border-radius:1rem;border:1px solid var(--mute);margin-left:.4rem;vertical-align:middle;font-weight:500}
.status.achieved{border-color:var(--f);color:var(--f)}.status.abandoned{border-color:var(--bad);color:var(--bad)}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.94rem}th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top;overflow-wrap:break-word;hyphens:manual}
th{background:#f5f5f7;font-weight:600}.changed-mark{color:var(--mute)}.nw,time{white-space:nowrap}
table.statement td:nth-child(2){color:var(--mute)}table.numbers{width:auto}table.numbers td:first-child{padding-right:2rem}
table.weeks{width:auto;font-size:.88rem}table.weeks td{text-align:right;font-variant-numeric:tabular-nums}table.weeks td.also{text-align:left}
table.weeks tbody th{background:none;font-weight:500;white-space:nowrap}
blockquote{margin:.8rem 0;padding:.55rem .9rem;border-left:4px solid #999;background:#fafafa}
blockquote.hindsight{border-color:var(--h)}blockquote.insight{border-color:var(--i)}blockquote.foresight{border-color:var(--f)}
.cite{font-size:.86rem;color:var(--mute);margin-bottom:.3rem}.cite .t{color:var(--ink);font-weight:600}.cite code{color:#7a5000;background:none}
.private-mark{display:inline-block;font-size:.78rem;font-weight:600;color:var(--ink);border:1px dashed var(--mute);border-radius:.3rem;padding:0 .35rem;text-transform:uppercase;letter-spacing:.04em}
.body p{margin:.35rem 0}.body>:first-child{margin-top:0}.body>:last-child{margin-bottom:0}.body .bh{font-weight:600}
pre,code{background:#f0f0f0;white-space:pre-wrap}
.tag{color:#0b6e7a;margin-right:.35rem}.lens-h{color:var(--h)}.lens-i{color:var(--i)}.lens-f{color:var(--f)}
.chart{margin:.8rem 0 .2rem;width:100%;height:auto;border:1px solid var(--line);border-radius:6px;background:#fcfcfd}
ul.legend{list-style:none;padding:0;margin:.3rem 0 .6rem;display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;font-size:.88rem;color:var(--mute)}
.sw{display:inline-block;width:.9rem;height:.9rem;border-radius:2px;vertical-align:-.12rem;margin-right:.3rem}
.pairs{display:grid;grid-template-columns:1fr 1fr;gap:.2rem 1rem;align-items:start}.pairs .lbl{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--mute);margin-top:.8rem}
ul.milestones{list-style:none;padding-left:.2rem}ul.milestones li{margin:.2rem 0}.hit,.late{color:var(--f)}.missed{color:var(--bad)}.flag{color:var(--warn)}
ol.events{list-style:none;padding-left:0;font-size:.9rem}ol.events li{padding:.12rem 0;border-bottom:1px dotted var(--line)}ol.events .d{color:var(--mute);display:inline-block;min-width:7.2rem}
details{margin:.8rem 0}summary{cursor:pointer;color:var(--mute)}.spark{font-family:ui-monospace,monospace;letter-spacing:.1em;overflow-wrap:anywhere}
footer{margin-top:3rem;color:var(--mute);font-size:.82rem;border-top:1px solid var(--line);padding-top:.6rem}
@media (max-width:40rem){body{padding:0 .9rem;margin:1.2rem auto}h1{font-size:1.5rem}.pairs{grid-template-columns:1fr}
table.stack thead{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:auto}table.stack tr{border-bottom:1px solid var(--line);padding:.35rem 0}
table.stack td{border:none;padding:.1rem 0}table.stack td:first-child{font-weight:600}table.statement td:nth-child(2){color:var(--ink)}
table.stack td[data-label]::before{content:attr(data-label) ": ";color:var(--mute);font-size:.85rem}
ol.events .d{display:block;min-width:0}}
@media print{@page{margin:16mm 15mm 18mm}body{margin:0;max-width:none;padding:0;font-size:10.5pt}
h1,h2,h3{break-after:avoid;page-break-after:avoid;break-inside:avoid}p,li{orphans:3;widows:3}
blockquote,tr,.chart,.pair,ul.legend,ul.milestones li,ol.events li{break-inside:avoid;page-break-inside:avoid}blockquote{background:none}
details::details-content{content-visibility:visible;display:contents}details>*{display:block}summary{display:none}
a{color:inherit;text-decoration:none}.chart{border:none}table.weeks{font-size:9pt}}
"""  # noqa: E501 - CSS, one rule set per line, shipped in the page as written


def write_html(doc: Document) -> str:
    """The document as one standalone HTML page."""
    return _PageWriter().page(doc)


DATE = re.compile(r"\b\d{4}-(?:\d{2}-\d{2}|W\d{2})\b")
"""A day or an ISO week: kept on one line (a browser may break after its hyphens)."""


def _t(text: object) -> str:
    """Escaped element text (never an attribute) with each day and week kept whole."""
    return DATE.sub(r'<span class="nw">\g<0></span>', _e(text))


def _words(label: Label | None) -> str:
    return _t(pick(label, MEDIUM))


def _inline(piece: Inline) -> str:
    if isinstance(piece, Code):
        return f"<code>{_e(piece.text)}</code>"
    if isinstance(piece, UserText):
        return f'<span dir="auto">{_t(piece.text)}</span>'
    return _t(piece)


def _phrase(phrase: Phrase) -> str:
    return "".join(_inline(piece) for piece in phrase)


def _facts(facts: tuple[Phrase, ...]) -> str:
    return " · ".join(_phrase(f) for f in facts)


def _attrs(muted: bool = False, user: bool = False) -> str:
    return (' class="meta"' if muted else "") + (' dir="auto"' if user else "")


def _said(glyph: str, words: str, attributes: str = "") -> str:
    """A glyph for the eye and its words for a screen reader (the glyph itself is hidden from it)."""
    spoken = f'<span class="vh"> {_e(words)}</span>' if words else ""
    return f'<span{" " + attributes if attributes else ""} aria-hidden="true">{_e(glyph)}</span>{spoken}'


def _demote_headings(state: StateCore) -> None:
    """Headings inside an entry's body are the entry's emphasis, not the page's outline: they
    become bold paragraphs, so the page's headings stay in order (h1, h2, h3)."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = "p"
            if token.type == "heading_open":
                token.attrSet("class", "bh")


class _PageWriter:
    """Writes one page; renders each distinct entry body once."""

    def __init__(self) -> None:
        self.markdown = html_markdown()
        self.markdown.core.ruler.push("demote_headings", _demote_headings)
        self.bodies: dict[str, str] = {}
        self.heading = 3
        """The level of a Subheading: 3 inside a section, 2 in the header (no level is skipped)."""

    def page(self, doc: Document) -> str:
        out = ['<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
               f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
               '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
               f"<title>{_e(doc.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<header>\n"
               f'<h1 dir="auto">{_e(doc.title)}</h1>\n']
        self.heading = 2
        out += [self.block(b) for b in doc.header]
        self.heading = 3
        out.append("</header>\n<main>\n")
        out += [self.section(s) for s in doc.sections]
        out.append(f"</main>\n<footer>{_facts(doc.footer)}</footer>\n</body>\n</html>\n")
        return "".join(out)

    def section(self, section: Section) -> str:
        lens = (f'<span class="lens-{section.lens.value[0]}">{_e(section.lens.symbol)}</span> '
                if section.lens else "")
        blocks = "".join(self.block(b) for b in section.blocks)
        return f"<section>\n<h2>{lens}{_e(section.heading)}</h2>\n{blocks}</section>\n"

    def block(self, block: Block) -> str:
        match block:
            case Subheading(text, aside, user):
                note = f' <span class="meta">{_words(aside)}</span>' if _words(aside) else ""
                return f"<h{self.heading}{_attrs(user=user)}>{_words(text)}{note}</h{self.heading}>\n"
            case ItemHeading(title, short_id, status, facts):
                return (f'<h3 dir="auto">{_e(title)} <span class="status {_e(status)}">{_e(status)}</span></h3>\n'
                        f'<p class="meta">{_facts(((Code(short_id),), *facts))}</p>\n')
            case Paragraph(text, lead, muted, user):
                strong = f"<strong>{_e(lead)}</strong> " if lead else ""
                return f"<p{_attrs(muted, user)}>{strong}{_t(text)}</p>\n"
            case MetaLine(facts):
                return f'<p class="meta">{_facts(facts)}</p>\n'
            case EmptyNote(text):
                return f'<p class="meta">{_phrase(text)}</p>\n'
            case Remarks(items):
                return f'<p class="meta">{_t("; ".join(pick(item, MEDIUM) for item in items))}.</p>\n'
            case Sparkline(label, first, last, symbols):
                return (f'<p class="meta">{_words(label)} ({_t(first)} – {_t(last)}): '
                        f'<span class="spark">{_e(symbols)}</span></p>\n')
            case TagCounts(label, counts):
                tags = " ".join(f'<span class="tag" dir="auto">#{_e(tag)}</span>×{count}' for tag, count in counts)
                return f"<p>{_e(label)} {tags}</p>\n"
            case QuoteBlock():
                return self.quote(block)
            case SideBySide(columns):
                cells = "".join(f'<div><div class="lbl">{_e(c.label)}</div>'
                                f'{"".join(self.block(b) for b in c.quotes)}</div>' for c in columns)
                return f'<div class="pairs pair">{cells}</div>\n'
            case Table():
                return _table(block)
            case MarkedList(items):
                return f'<ul class="milestones">{"".join(_marked(item) for item in items)}</ul>\n'
            case Moments(items):
                return f'<ol class="events">{"".join(_moment(item) for item in items)}</ol>\n'
            case Details(summary, items):
                return (f"<details><summary>{_words(summary)}</summary>\n"
                        f'<ol class="events">{"".join(_moment(item) for item in items)}</ol></details>\n')
            case Chart(retro):
                return chart_svg(retro) + "\n" + LEGEND + chart_table(retro)
            case Prose(lead, text):
                return (f'<blockquote class="part" dir="auto"><div class="cite"><span class="t" dir="auto">'
                        f'{_e(lead)}</span></div><div class="body" dir="auto">{self.body(text)}</div></blockquote>\n')
            case Only(medium, blocks):
                return "".join(self.block(inner) for inner in blocks) if medium == MEDIUM else ""
        raise TypeError(f"no HTML for {type(block).__name__}")

    def body(self, source: str) -> str:
        found = self.bodies.get(source)
        if found is None:
            found = self.bodies[source] = self.markdown.render(source)
        return found

    def quote(self, q: QuoteBlock) -> str:
        lens = q.lens.value
        cite = [f'<time datetime="{_e(q.day)}">{_e(q.day)}</time>' + (f" {_e(q.time)}" if q.time else ""),
                f'<span class="lens-{lens[0]}">{_e(q.lens.symbol)} {_e(lens)}</span>']
        if q.private:  # a word, not a colour: it must be seen before the page is sent
            cite.insert(0, '<span class="private-mark">private</span>')
        if q.kind:
            cite.append(_e(q.kind))
        if q.title:
            cite.append(f'<span class="t" dir="auto">{_e(q.title)}</span>')
        if q.starred:
            cite.append(_said("★", "starred"))
        cite.append(f"<code>{_e(q.short_id)}</code>")
        tags = "".join(f'<span class="tag" dir="auto">#{_e(t)}</span>' for t in q.tags)
        return (f'<blockquote class="{_e(lens)}" dir="auto"><div class="cite">{" · ".join(cite)}'
                f'{" · " + tags if tags else ""}</div>'
                f'<div class="body" dir="auto">{self.body(q.body)}</div></blockquote>\n')


def _table(table: Table) -> str:
    """A table; one with column labels stacks into labelled rows on a narrow screen (the labels are
    the header's fixed wording, never the user's text). Explicit roles keep it a table to screen
    readers when it is displayed as blocks."""
    labels = [pick(h, MEDIUM) for h in table.header]
    stack = any(labels)

    def role(name: str) -> str:
        return f' role="{name}"' if stack else ""

    head = ""
    if stack:
        head = (f"<thead{role('rowgroup')}><tr{role('row')}>"
                + "".join(f'<th scope="col"{role("columnheader")}>{_e(label)}</th>' for label in labels)
                + "</tr></thead>")
    rows = []
    for row in table.rows:
        cells = []
        for n, c in enumerate(row.cells):
            label = f' data-label="{_e(labels[n])}"' if stack and n and n < len(labels) and labels[n] else ""
            mark = ('<span class="changed-mark" aria-hidden="true"> ✎</span><span class="vh"> (changed)</span>'
                    if row.changed and n == 0 else "")
            cells.append(f"<td{role('cell')}{label}{_attrs(user=c.user)}>{_t(c.text)}{mark}</td>")
        changed = ' class="changed"' if row.changed else ""
        rows.append(f"<tr{changed}{role('row')}>{''.join(cells)}</tr>\n")
    style = f"{table.style} stack" if stack else table.style
    note = ('<p class="meta"><span aria-hidden="true">✎</span> changed between the first and the final statement</p>\n'
            if table.style == "statement" and any(r.changed for r in table.rows) else "")
    return (f'<table class="{_e(style)}"{role("table")}>{head}<tbody{role("rowgroup")}>\n{"".join(rows)}'
            f"</tbody></table>\n{note}")


def _marked(item: MarkedItem) -> str:
    attribute = MARK_ATTRIBUTES.get(item.state, f'class="{_e(item.state)}"')
    day = f"{_t(item.day)} " if item.day else ""
    return (f"<li>{_said(item.mark, MARK_WORDS.get(item.state, ''), attribute)} {day}"
            f'<span dir="auto">{_t(item.title)}</span>{_words(item.tail)}</li>')


def _moment(m: Moment) -> str:
    if m.lens:
        what = _said(m.lens.symbol, m.lens.value, f'class="lens-{m.lens.value[0]}"')
    else:
        what = _e(m.icon)
    what += f" {_e(m.kind)}" if m.kind else ""
    detail = f' <span class="meta">— {_words(m.detail)}</span>' if _words(m.detail) else ""
    star = " " + _said("★", "starred") if m.starred else ""
    star += ' <span class="private-mark">private</span>' if m.private else ""
    short = f" <code>{_e(m.short_id)}</code>" if m.short_id else ""
    return (f'<li><span class="d">{_t(m.when)}</span> {what} '
            f'<span dir="auto">{_t(m.title)}</span>{detail}{star}{short}</li>')
