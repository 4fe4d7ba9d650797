"""Retrospective renderers: Markdown quotes carry dates and ids, JSON is versioned, HTML is safe."""

from __future__ import annotations

import html
import json
import re
import time
from html.parser import HTMLParser

import pytest

from journal.io.retrospective import render_html, render_json, render_markdown
from journal.services import EntryInput

XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    '<a href="javascript:alert(1)">raw</a>',
]


@pytest.fixture
def retro_of(journal):
    """A goal with the XSS corpus in its title, entry titles, bodies and tags."""
    g = journal.goals.add("Speak " + XSS[0] + XSS[1], specific=XSS[3], measurable="one talk")
    journal.goals.edit(g.id, specific="Give a talk " + XSS[0])
    journal.goals.add_milestone(g.id, "Outline " + XSS[1], due="2026-10-01")
    f = journal.entries.write(EntryInput(body="It will be long " + XSS[2], lens="foresight", when="2026-09-20",
                                 goals=[g.id], title=XSS[0], tags=[XSS[1]]))
    for i, payload in enumerate(XSS):
        journal.entries.write(EntryInput(body=f"{payload}\n\nmore text {i}",
                                         lens=("hindsight", "insight", "foresight", "insight")[i],
                                         when=f"2026-10-{i + 1:02d}", goals=[g.id], title=XSS[(i + 1) % 4],
                                         tags=[payload, "talk"], starred=i == 0))
    journal.entries.write(EntryInput(body="Too long, as expected " + XSS[3], lens="hindsight", when="2026-10-20",
                             goals=[g.id], answers=f.id, kind="meeting"))
    journal.entries.write(EntryInput(body="I learned " + XSS[0], lens="insight", when="2026-11-20", goals=[g.id],
                             kind="closure", title="What did you learn, about the subject and about yourself?"))
    journal.entries.write(EntryInput(body="secret", lens="insight", when="2026-10-05", goals=[g.id], private=True))
    journal.goals.close(g.id, "achieved", note=XSS[3])

    def make(**kw):
        return journal.closure.retrospective(g.id, **kw)

    return make


class Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def test_markdown_quotes_carry_dates_and_ids(retro_of):
    retro = retro_of()
    text = render_markdown(retro)
    quotes = ([retro.hindsight.first, retro.hindsight.last] + retro.hindsight.turning_points
              + [q for p in retro.insight.periods for q in p.quotes] + retro.foresight.open
              + retro.foresight.carry_forward + [a.quote for a in retro.closure]
              + [q for p in retro.foresight.pairs for q in [p.expected, *p.happened]])
    assert len(quotes) > 8
    cites = [line for line in text.splitlines() if line.startswith("> 20")]
    for q in quotes:  # quoted once, with its day and id; a later place points back to it
        assert [line for line in cites if f"`{q.short_id}`" in line] == [
            next(line for line in cites if line.startswith(f"> {q.day.isoformat()}") and f"`{q.short_id}`" in line)], q
    for heading in ("## 1. Summary", "## 2. The goal", "## 3. Hindsight", "## 4. Insight", "## 5. Foresight",
                    "## 6. Numbers", "## 7. The closure conversation", "What did you learn"):
        assert heading in text
    assert "secret" not in text and "1 private entry left out" in text


def test_json_round_trips_with_format_and_version(retro_of):
    retro = retro_of()
    data = json.loads(render_json(retro))
    assert data["format"] == "threefold-retrospective" and data["version"] == 2
    assert data["kind"] == "goal" and data["title"].startswith("Speak <script>")
    assert set(data) >= {"goals", "hindsight", "insight", "foresight", "numbers", "closure", "private_left_out"}
    assert data["goals"][0]["first"]["specific"] == XSS[3]
    assert data["goals"][0]["final"]["specific"].startswith("Give a talk")
    pair = data["foresight"]["pairs"][0]
    assert pair["expected"]["lens"] == "foresight" and pair["happened"][0]["day"] == "2026-10-20"
    assert data["numbers"]["entries"] == 6 and data["numbers"]["closure_answers"] == 1
    assert data["private_left_out"] == 1
    assert render_json(retro) == render_json(retro)  # stable


@pytest.mark.catalogue("G58", "G59")
def test_html_is_standalone_safe_and_escaped(retro_of):
    page = render_html(retro_of(include_private=True))
    parser = Collector()
    parser.feed(page)
    names = [t for t, _ in parser.tags]
    assert names.count("svg") == 1
    assert "script" not in names and "<script" not in page.lower()
    for tag, attrs in parser.tags:
        for key, value in attrs:
            assert not key.startswith("on"), (tag, key)
            assert key != "id" and (key != "name" or (tag, value) == ("meta", "viewport")), (tag, key, value)
            if key in ("href", "src", "xlink:href"):
                assert not re.match(r"\s*(javascript|vbscript|data:text)", value or "", re.I), (tag, value)
        assert tag not in ("img", "iframe", "object", "embed", "link", "base", "form")
    csp = [dict(a) for t, a in parser.tags if t == "meta" and dict(a).get("http-equiv") == "Content-Security-Policy"]
    assert csp and csp[0]["content"] == "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    assert re.search(r'<html lang="\w+"', page) and 'dir="auto"' in page and "@media print" in page
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "") and "https://" not in page
    # the corpus appears only as text
    text = "".join(parser.text)
    for payload in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
                    '<a href="javascript:alert(1)">raw</a>'):
        assert payload in text
    assert "&lt;script&gt;" in page and "secret" in page


def test_html_chart_has_lens_legend_and_markers(retro_of):
    page = render_html(retro_of())
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert "<rect" in svg and "⚑ achieved" in svg and "✗" in svg  # bars, status change, missed milestone
    for symbol, name in (("◀", "hindsight"), ("◆", "insight"), ("▶", "foresight")):
        assert f"{symbol} {name}" in page


def test_html_with_no_entries_still_has_one_chart(journal):
    journal.goals.add("Empty goal")
    page = render_html(journal.closure.retrospective("Empty"))
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert page.count("<svg") == 1 and "<rect" not in svg and "0 entries" not in page.split("Numbers")[0]
    assert "<td>Entries written</td><td>0</td>" in page


def test_thousand_entry_goal_renders_quickly(journal):
    g = journal.goals.add("Big goal")
    lenses = ("hindsight", "insight", "foresight")
    from datetime import date, timedelta

    start = date(2024, 3, 1)
    for i in range(1000):
        journal.entries.write(EntryInput(body=f"Entry {i} with **bold** and a [link](https://example.org)\n\n- a\n- b",
                                 lens=lenses[i % 3], when=(start + timedelta(days=i % 900)).isoformat(),
                                 goals=[g.id], tags=[f"t{i % 7}"], starred=i % 50 == 0))
    began = time.perf_counter()
    page = render_html(journal.closure.retrospective(g.id))
    elapsed = time.perf_counter() - began
    assert page.count("<svg") == 1
    assert elapsed < 5  # generous here; the 1 s budget is measured by tests/bench


# ------------------------------------------------------------ one walk, two writers
def _quotes(blocks, medium):
    """The quote blocks a medium shows, in order (looking inside side-by-side columns and Only)."""
    from journal.domain.retro_doc import Only, QuoteBlock, SideBySide

    found = []
    for block in blocks:
        if isinstance(block, QuoteBlock):
            found.append(block)
        elif isinstance(block, SideBySide):
            found += [q for column in block.columns for q in column.quotes if isinstance(q, QuoteBlock)]
        elif isinstance(block, Only) and block.medium == medium:
            found += _quotes(block.blocks, medium)
    return found


def test_markdown_and_html_show_the_sections_of_one_walk_in_its_order(retro_of):
    from journal.domain.retro_walk import retrospective_document

    retro = retro_of()
    doc = retrospective_document(retro)
    headings = [s.heading for s in doc.sections]
    assert headings == ["1. Summary", "2. The goal", "3. Hindsight — the journey traced", "4. Insight",
                        "5. Foresight", "6. Numbers", "7. The closure conversation"]
    markdown = render_markdown(retro)
    assert [line[3:] for line in markdown.splitlines() if line.startswith("## ")] == headings
    page = render_html(retro)
    shown = [html.unescape(re.sub(r"<[^>]+>", "", h)) for h in re.findall(r"<h2>(.*?)</h2>", page)]
    assert shown == [(f"{s.lens.symbol} " if s.lens else "") + s.heading for s in doc.sections]
    # every quote of the walk, once and in the same order, in both renderings
    for medium, cited in (("markdown", [line for line in markdown.splitlines() if line.startswith("> 20")]),
                          ("html", re.findall(r'<div class="cite">(.*?)</div>', page))):
        quotes = [q for s in doc.sections for q in _quotes(s.blocks, medium)]
        assert len(quotes) == len(cited) > 6, medium
        assert all(q.short_id in line for q, line in zip(quotes, cited, strict=True)), medium


def test_writers_follow_the_document_not_a_section_order():
    from journal.domain.model import Lens
    from journal.domain.retro_doc import ByMedium, Code, Document, EmptyNote, Only, Paragraph, Section, Subheading
    from journal.io.retro_html import write_html
    from journal.io.retro_markdown import write_markdown

    doc = Document(
        title="T <x>",
        header=(),
        sections=(
            Section("Zeta", None, (Subheading(ByMedium("For text", "For pages")), Paragraph("z & z"))),
            Section("Alpha", Lens.INSIGHT, (EmptyNote(("Nothing; try ", Code("journal add"), ".")),
                                            Only("html", (Paragraph("page only"),)),
                                            Only("markdown", (Paragraph("text only"),)))),
        ),
        footer=(("made today",),),
    )
    assert write_markdown(doc) == ("# T \\<x\\>\n\n## Zeta\n\n### For text\n\nz & z\n\n## Alpha\n\n"
                                   "_Nothing; try `journal add`._\n\ntext only\n")
    page = write_html(doc)
    assert re.findall(r"<h2>(.*?)</h2>", page) == ["Zeta", '<span class="lens-i">◆</span> Alpha']
    assert "<h3>For pages</h3>" in page and "For text" not in page
    assert "<p>z &amp; z</p>" in page and "<title>T &lt;x&gt;</title>" in page
    assert '<p class="meta">Nothing; try <code>journal add</code>.</p>' in page
    assert "page only" in page and "text only" not in page
    assert "<footer>made today</footer>" in page


def test_render_names_a_format_or_refuses(retro_of):
    from journal.io.retrospective import render

    retro = retro_of()
    assert render(retro, "markdown") == render_markdown(retro)
    assert render(retro, "html") == render_html(retro)
    assert render(retro, "json") == render_json(retro)
    with pytest.raises(ValueError, match="unknown retrospective format 'pdf'"):
        render(retro, "pdf")
