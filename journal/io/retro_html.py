"""The HTML writer of a retrospective Document: one standalone page, one rendering per block type.

docs/RELIABILITY.md ("Text and the terminal"): inline CSS and an inline SVG chart (no external asset), the CSP of the
journal export, every non-Markdown text through `html.escape(..., quote=True)`, entry bodies
through markdown-it-py's `js-default` preset (raw HTML escaped, imported only when a page is
written), `dir="auto"` on the user's text, a print stylesheet, and no `id`/`name` attribute
made from user text.
"""

from __future__ import annotations

from journal.io.documents import CSP, _e
from journal.io.retro_chart import LEGEND, chart_svg
from journal.domain.retro_doc import (
    Block, Chart, Code, Details, Document, EmptyNote, Inline, ItemHeading, Label, MarkedItem, MarkedList,
    Medium, MetaLine, Moment, Moments, Only, Paragraph, Phrase, Prose, QuoteBlock, Remarks, Section, SideBySide,
    Sparkline, Subheading, Table, TagCounts, UserText, pick,
)

MEDIUM: Medium = "html"
MARK_ATTRIBUTES = {"status": 'style="color:#b07000"'}
"""How a state mark is coloured when not by the class of its state (hit, late, missed, open)."""
CSS = """
:root{--h:#3b6fb6;--i:#9b3bb6;--f:#2f8f4e;--ink:#1d1d1f;--mute:#5b5b60;--line:#dcdce0}
body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1.2rem;color:var(--ink);background:#fff}
h1{font-size:1.8rem;margin-bottom:.2rem}h2{font-size:1.35rem;margin-top:2.6rem;border-bottom:2px solid var(--line);padding-bottom:.25rem}
h3{font-size:1.08rem;margin:1.6rem 0 .5rem}.meta{color:var(--mute);font-size:.92rem;margin:.2rem 0}
.status{display:inline-block;font-size:.8rem;padding:.05rem .5rem;border-radius:1rem;border:1px solid var(--mute);margin-left:.4rem;vertical-align:middle;font-weight:500}
.status.achieved{border-color:var(--f);color:var(--f)}.status.abandoned{border-color:#b23b3b;color:#b23b3b}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.94rem}th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f5f5f7;font-weight:600}tr.changed td:first-child::after{content:" ✎";color:var(--mute)}
table.statement td:nth-child(2){color:var(--mute)}table.numbers{width:auto}table.numbers td:first-child{padding-right:2rem}
blockquote{margin:.8rem 0;padding:.55rem .9rem;border-left:4px solid #999;background:#fafafa;overflow-wrap:anywhere}
blockquote.hindsight{border-color:var(--h)}blockquote.insight{border-color:var(--i)}blockquote.foresight{border-color:var(--f)}
.cite{font-size:.86rem;color:var(--mute);margin-bottom:.3rem}.cite .t{color:var(--ink);font-weight:600}.cite code{color:#8a5a00;background:none}
.body p{margin:.35rem 0}.body>:first-child{margin-top:0}.body>:last-child{margin-bottom:0}
pre,code{background:#f0f0f0;white-space:pre-wrap}
.tag{color:#0b6e7a;margin-right:.35rem;white-space:nowrap}.lens-h{color:var(--h)}.lens-i{color:var(--i)}.lens-f{color:var(--f)}
.chart{margin:.8rem 0 .2rem;width:100%;height:auto;border:1px solid var(--line);border-radius:6px;background:#fcfcfd}
ul.legend{list-style:none;padding:0;margin:.3rem 0 1rem;display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;font-size:.88rem;color:var(--mute)}
.sw{display:inline-block;width:.9rem;height:.9rem;border-radius:2px;vertical-align:-.12rem;margin-right:.3rem}
.pairs{display:grid;grid-template-columns:1fr 1fr;gap:.2rem 1rem;align-items:start}.pairs .lbl{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--mute);margin-top:.8rem}
ul.milestones{list-style:none;padding-left:.2rem}ul.milestones li{margin:.2rem 0}.hit,.late{color:var(--f)}.missed{color:#b23b3b}
ol.events{list-style:none;padding-left:0;font-size:.9rem}ol.events li{padding:.12rem 0;border-bottom:1px dotted var(--line)}ol.events .d{color:var(--mute);display:inline-block;min-width:7.2rem}
details{margin:.8rem 0}summary{cursor:pointer;color:var(--mute)}.spark{font-family:ui-monospace,monospace;letter-spacing:.1em}
footer{margin-top:3rem;color:var(--mute);font-size:.82rem;border-top:1px solid var(--line);padding-top:.6rem}
@media (max-width:40rem){.pairs{grid-template-columns:1fr}}
@media print{body{margin:0;max-width:none;font-size:10.5pt}h2{break-after:avoid}h3{break-after:avoid}blockquote,tr,.chart,.pair{break-inside:avoid}blockquote{background:none}
details>*{display:block}summary{display:none}a{color:inherit;text-decoration:none}.chart{border:none}}
"""  # noqa: E501 - CSS, one rule set per line, shipped in the page as written


def write_html(doc: Document) -> str:
    """The document as one standalone HTML page."""
    return _PageWriter().page(doc)


def _words(label: Label | None) -> str:
    return _e(pick(label, MEDIUM))


def _inline(piece: Inline) -> str:
    if isinstance(piece, Code):
        return f"<code>{_e(piece.text)}</code>"
    if isinstance(piece, UserText):
        return f'<span dir="auto">{_e(piece.text)}</span>'
    return _e(piece)


def _phrase(phrase: Phrase) -> str:
    return "".join(_inline(piece) for piece in phrase)


def _facts(facts: tuple[Phrase, ...]) -> str:
    return " · ".join(_phrase(f) for f in facts)


def _attrs(muted: bool = False, user: bool = False) -> str:
    return (' class="meta"' if muted else "") + (' dir="auto"' if user else "")


class _PageWriter:
    """Writes one page; renders each distinct entry body once."""

    def __init__(self) -> None:
        from markdown_it import MarkdownIt

        self.markdown = MarkdownIt("js-default")
        self.bodies: dict[str, str] = {}

    def page(self, doc: Document) -> str:
        out = ['<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
               f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
               '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
               f"<title>{_e(doc.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<header>\n"
               f'<h1 dir="auto">{_e(doc.title)}</h1>\n']
        out += [self.block(b) for b in doc.header]
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
                return f"<h3{_attrs(user=user)}>{_words(text)}{note}</h3>\n"
            case ItemHeading(title, short_id, status, facts):
                return (f'<h3 dir="auto">{_e(title)} <span class="status {_e(status)}">{_e(status)}</span></h3>\n'
                        f'<p class="meta">{_facts(((Code(short_id),), *facts))}</p>\n')
            case Paragraph(text, lead, muted, user):
                strong = f"<strong>{_e(lead)}</strong> " if lead else ""
                return f"<p{_attrs(muted, user)}>{strong}{_e(text)}</p>\n"
            case MetaLine(facts):
                return f'<p class="meta">{_facts(facts)}</p>\n'
            case EmptyNote(text):
                return f'<p class="meta">{_phrase(text)}</p>\n'
            case Remarks(items):
                return f'<p class="meta">{_e("; ".join(pick(item, MEDIUM) for item in items))}.</p>\n'
            case Sparkline(label, first, last, symbols):
                return (f'<p class="meta">{_words(label)} ({_e(first)} – {_e(last)}): '
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
                return chart_svg(retro) + "\n" + LEGEND
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
        if q.kind:
            cite.append(_e(q.kind))
        if q.title:
            cite.append(f'<span class="t" dir="auto">{_e(q.title)}</span>')
        if q.starred:
            cite.append("★")
        cite.append(f"<code>{_e(q.short_id)}</code>")
        tags = "".join(f'<span class="tag" dir="auto">#{_e(t)}</span>' for t in q.tags)
        return (f'<blockquote class="{_e(lens)}" dir="auto"><div class="cite">{" · ".join(cite)}'
                f'{" · " + tags if tags else ""}</div>'
                f'<div class="body" dir="auto">{self.body(q.body)}</div></blockquote>\n')


def _table(table: Table) -> str:
    head = ""
    if any(pick(h, MEDIUM) for h in table.header):
        head = "<thead><tr>" + "".join(f"<th>{_words(h)}</th>" for h in table.header) + "</tr></thead>"
    rows = []
    for row in table.rows:
        cells = "".join(f"<td{_attrs(user=c.user)}>{_e(c.text)}</td>" for c in row.cells)
        changed = ' class="changed"' if row.changed else ""
        rows.append(f"<tr{changed}>{cells}</tr>\n")
    return f'<table class="{_e(table.style)}">{head}<tbody>\n{"".join(rows)}</tbody></table>\n'


def _marked(item: MarkedItem) -> str:
    attribute = MARK_ATTRIBUTES.get(item.state, f'class="{_e(item.state)}"')
    day = f"{_e(item.day)} " if item.day else ""
    return (f'<li><span {attribute}>{_e(item.mark)}</span> {day}'
            f'<span dir="auto">{_e(item.title)}</span>{_words(item.tail)}</li>')


def _moment(m: Moment) -> str:
    if m.lens:
        what = f'<span class="lens-{m.lens.value[0]}">{_e(m.lens.symbol)}</span>'
    else:
        what = _e(m.icon)
    what += f" {_e(m.kind)}" if m.kind else ""
    detail = f' <span class="meta">— {_words(m.detail)}</span>' if _words(m.detail) else ""
    star = " ★" if m.starred else ""
    short = f" <code>{_e(m.short_id)}</code>" if m.short_id else ""
    return (f'<li><span class="d">{_e(m.when)}</span> {what} '
            f'<span dir="auto">{_e(m.title)}</span>{detail}{star}{short}</li>')
