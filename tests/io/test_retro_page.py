"""The retrospective's HTML page as a person reads it: on a phone, printed, with a screen reader
(catalogue P123; issue 18 parts 4 and 5).

- Words wrap whole (no `overflow-wrap:anywhere`: it split "Measur able"); the statement table
  and the other tables with column labels stack into labelled rows on a narrow screen, the
  labels being the header's fixed wording, never the user's text.
- Print: headings stay with what follows, quotes are not split, the collapsed timeline and the
  chart's table are printed, the page has margins.
- Headings go h1 → h2 → h3 with no level skipped, whatever the entries' Markdown holds.
- The chart is one labelled image and has a text alternative: the weekly table.
- Colour is never the only signal: marks and lens symbols come with words; a private entry
  included on request says "private" in its cite line.

The browser checks (skipped, with the reason, without Chromium) lay the page out in headless
Chromium at 390 and 1200 px and measure it.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from journal.domain.model import Lens
from journal.io.retrospective import render_html
from journal.services import EntryInput
from tests.io.conftest import close_speaking_goal, speaking_goal

# ------------------------------------------------------------------ fixtures shared by the page, PDF and a11y tests
WRITTEN = (
    ("2026-10-01", "foresight", "I expect the nerves to be worst just before I start speaking.", {}),
    ("2026-10-03", "hindsight", "Spoke in the planning meeting; my voice shook but people listened.", {"star": 1}),
    ("2026-10-05", "insight", "# Stories beat numbers\n\nThey remember the customer story, not the chart.",
     {"star": 1, "tags": ["storytelling"]}),
    ("2026-10-06", "insight", "PRIVATE-DOUBT about whether my manager wants me to present at all.", {"private": 1}),
    ("2026-10-16", "hindsight", "The dry run took seventeen minutes, and I rushed exactly as feared.", {}),
    ("2026-11-12", "hindsight", "Gave the talk in eleven minutes and took three questions from the team.",
     {"star": 1}),
)


def closed_goal(journal) -> str:
    """A goal closed through the closure conversation: a statement edit, milestones hit, late and
    missed, a move from one mentor to another, starred and private entries, a heading inside an
    entry. Returns its id."""
    g = speaking_goal(journal)
    for day, lens, body, how in WRITTEN:
        journal.entries.write(EntryInput(body=body, lens=lens, when=day, goals=[g.id], starred=bool(how.get("star")),
                                         private=bool(how.get("private")), tags=how.get("tags", [])))
    close_speaking_goal(journal, g.id)
    return g.id


def closed_mentorship(journal) -> str:
    """A mentorship with an agreement (a heading in it), rated check-ins, a meeting and goals,
    closed with decisions. Returns its id."""
    m = journal.mentorships.add("Ada", focus="Speaking up", since="2026-09-01")
    journal.mentorships.add("Lee")
    journal.agreements.set_parts(m.id, {"ground_rules": "# One question\neach time",
                                        "boundaries": "Nothing about pay."})
    for title in ("Speaking", "Writing", "Listening"):
        journal.goals.add(title, mentorship=m.id, measurable="Measurable outcomes")
    journal.goals.add_milestone("Speaking", "First talk", due="2026-10-20")
    journal.goals.close("Listening", "achieved")
    for day, ratings in (("2026-10-01", {"goals": 3, "relationship": 4}), ("2026-11-01", {"goals": 5})):
        journal.entries.write(EntryInput(body="check", kind="check-in", mentorship=m.id, when=day, details=ratings))
    journal.entries.write(EntryInput(body="met", kind="meeting", mentorship=m.id, when="2026-10-15"))
    journal.entries.write(EntryInput(body="a page a day", goals=["Writing"], when="2026-10-20", starred=True))
    journal.entries.write(EntryInput(body="PRIVATE-DOUBT on writing", goals=["Writing"], when="2026-10-21",
                                     private=True, lens="insight"))
    prompts = journal.closure.prompts(mentorship=True)
    journal.closure.close([EntryInput(body="Thank you.", lens="insight", title=prompts[-1].text),
                           EntryInput(body="We wanted talks.", lens="hindsight", title=prompts[0].text)],
                          mentorship=m.id, goals={"Speaking": "keep", "Writing": "move:Lee"})
    return m.id


@pytest.fixture
def goal_page(journal):
    goal = closed_goal(journal)
    return render_html(journal.closure.retrospective(goal, include_private=True))


@pytest.fixture
def mentorship_page(journal):
    m = closed_mentorship(journal)
    return render_html(journal.closure.retrospective(mentorship=m, include_private=True))


class Page(HTMLParser):
    """Tags with their attributes, headings in order, and where the parser is (inside what)."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None], tuple[str, ...]]] = []
        self.stack: list[str] = []
        self.headings: list[tuple[int, tuple[str, ...]]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), tuple(self.stack)))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append((int(tag[1]), tuple(self.stack)))
        if tag not in ("meta", "br", "hr", "img", "input", "link", "line", "rect"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass


def _css(page: str) -> str:
    return page[page.index("<style>") + 7:page.index("</style>")]


def _media(css: str, query: str) -> str:
    """The text of one @media block (braces balanced)."""
    start = css.index(query)
    depth, i = 0, css.index("{", start)
    for j in range(i, len(css)):
        depth += {"{": 1, "}": -1}.get(css[j], 0)
        if depth == 0:
            return css[i + 1:j]
    raise AssertionError(query)


# ------------------------------------------------------------------ narrow screens
@pytest.mark.catalogue("P123")
def test_words_wrap_whole_and_the_statement_table_stacks_into_labelled_rows(goal_page):
    css = _css(goal_page)
    rules = [r for r in css.split("}") if "overflow-wrap:anywhere" in r]
    assert [r.strip() for r in rules] == [".spark{font-family:ui-monospace,monospace;letter-spacing:.1em;"
                                          "overflow-wrap:anywhere"]  # lens symbols in a row, not words
    assert "overflow-wrap:break-word" in css and "word-break:break-all" not in css
    narrow = _media(css, "@media (max-width:40rem)")
    assert "table.stack,table.stack tbody,table.stack tr,table.stack td{display:block" in narrow
    assert "td[data-label]::before{content:attr(data-label)" in narrow
    parsed = Page(goal_page)
    statement = [(t, a) for t, a, inside in parsed.tags if t == "table" and "statement" in (a.get("class") or "")]
    assert statement and all("stack" in a["class"].split() and a.get("role") == "table" for _, a in statement)
    labels = {a["data-label"] for t, a, _ in parsed.tags if "data-label" in a}
    # labels are the header's fixed wording only (never the user's text)
    assert labels == {"First statement", "Final statement"}
    cells = [a for t, a, inside in parsed.tags if t == "td" and "table" in inside]
    assert sum("data-label" in a for a in cells) == 2 * 4  # title, specific, measurable, time-bound


def test_the_mentorships_trend_table_stacks_too_and_label_tables_stay_tables(mentorship_page):
    parsed = Page(mentorship_page)
    classes = [a.get("class") for t, a, _ in parsed.tags if t == "table"]
    assert "trends stack" in classes and "numbers" in classes and "summary" in classes
    labels = {a["data-label"] for t, a, _ in parsed.tags if "data-label" in a}
    assert labels == {"First statement", "Final statement", "Ratings", "Where it ended"}
    assert "<td>Entries written</td>" in mentorship_page  # a label/value table keeps plain cells


# ------------------------------------------------------------------ print
def test_print_keeps_headings_with_their_text_quotes_whole_and_prints_what_is_collapsed(goal_page):
    css = _css(goal_page)
    printed = _media(css, "@media print")
    assert "@page{margin:" in printed
    assert "h1,h2,h3{break-after:avoid;page-break-after:avoid" in printed
    assert re.search(r"blockquote,tr,\.chart,[^{]*\{break-inside:avoid", printed)
    assert "details::details-content{content-visibility:visible" in printed and "summary{display:none}" in printed
    assert "orphans:3;widows:3" in printed
    parsed = Page(goal_page)
    details = [inside for t, _, inside in parsed.tags if t == "table" and "details" in inside]
    assert details  # the chart's table is behind a <details>, printed open


# ------------------------------------------------------------------ headings
@pytest.mark.parametrize("which", ["goal_page", "mentorship_page"])
def test_headings_go_in_order_and_entries_cannot_add_any(which, request):
    page = request.getfixturevalue(which)
    parsed = Page(page)
    levels = [level for level, _ in parsed.headings]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels
    assert all("blockquote" not in inside for _, inside in parsed.headings)  # no heading from an entry or agreement
    heading = "Stories beat numbers" if which == "goal_page" else "One question"
    assert f'<p class="bh">{heading}</p>' in page


# ------------------------------------------------------------------ the chart's text alternative
def test_the_chart_is_one_labelled_image_with_the_weekly_table_as_its_text(journal):
    goal = closed_goal(journal)
    retro = journal.closure.retrospective(goal)
    page = render_html(retro)
    svg = page[page.index("<svg"):page.index("</svg>")]
    opening = svg[:svg.index(">")]
    assert 'role="img"' in opening and 'aria-label="Chart of entries per week by lens, ' in opening
    assert svg[svg.index(">") + 1:].startswith("<title>Chart of entries per week by lens")
    weeks = retro.hindsight.weeks
    table = page[page.index('<details class="chart-data">'):]
    table = table[:table.index("</details>")]
    assert "<summary>The chart as a table: entries per week by lens</summary>" in table
    head = re.findall(r'<th scope="col">(.*?)</th>', table)
    assert head == ["Week", "◀ hindsight", "◆ insight", "▶ foresight", "All", "Also that week"]
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>", table)
    assert len(rows) == len(weeks) > 4
    totals = dict.fromkeys(Lens, 0)
    for (label, cells), week in zip(rows, weeks, strict=True):
        assert label.startswith(week.label)
        counts = re.findall(r"<td>(\d+)</td>", cells)
        assert [int(c) for c in counts] == [week.lens_counts.get(lens.value, 0) for lens in Lens] + [
            sum(week.lens_counts.values())]
        for lens in Lens:
            totals[lens] += week.lens_counts.get(lens.value, 0)
    assert sum(totals.values()) == retro.numbers.entries  # the entries written, as the numbers count them
    also = html.unescape(table)
    assert "✓ milestone hit: Outline" in also and "✓ milestone done late: Dry run" in also
    assert "✗ milestone missed: Record a practice" in also and "⚑ Public speaking: active → achieved" in also


def test_no_weeks_no_table(journal):
    journal.goals.add("Empty goal")
    page = render_html(journal.closure.retrospective("Empty"))
    assert "chart-data" not in page and 'aria-label="Chart of entries per week: no entries to chart yet."' in page


# ------------------------------------------------------------------ colour is never the only signal
def test_marks_and_lenses_come_with_words(goal_page):
    parsed = Page(goal_page)
    # every glyph hidden from a screen reader is followed by its words
    hidden = re.findall(r'aria-hidden="true">([^<]*)</span>(<span class="vh">[^<]*</span>)?', goal_page)
    assert hidden
    bare = [glyph for glyph, words in hidden if not words and glyph.strip() not in ("✎",)]
    assert bare == []
    words = {html.unescape(w) for w in re.findall(r'<span class="vh"> ([^<]*)</span>', goal_page)}
    assert {"done", "done late", "missed", "starred", "status change", "hindsight", "insight",
            "foresight", "(changed)"} <= words
    # the legend says each colour and mark in words
    legend = goal_page[goal_page.index('<ul class="legend"'):]
    legend = legend[:legend.index("</ul>")]
    for said in ("◀ hindsight", "◆ insight", "▶ foresight", "✓</span> milestone hit", "✗</span> milestone missed",
                 "◇ milestone open", "⚑</span> status change", "quiet stretch"):
        assert said in legend
    # every quote names its lens in words, not by its border colour alone
    cites = re.findall(r'<blockquote class="(hindsight|insight|foresight)" dir="auto"><div class="cite">(.*?)</div>',
                       goal_page)
    assert len(cites) > 6 and all(f"{lens}</span>" in cite for lens, cite in cites)
    assert all(a.get("class") in ("hindsight", "insight", "foresight", "part")
               for t, a, _ in parsed.tags if t == "blockquote")


def test_a_private_entry_included_on_request_says_private_in_words(journal):
    goal = closed_goal(journal)
    shared = render_html(journal.closure.retrospective(goal))
    assert "PRIVATE-DOUBT" not in shared and 'class="private-mark"' not in shared
    page = render_html(journal.closure.retrospective(goal, include_private=True))
    cites = re.findall(r'<div class="cite">(.*?)</div><div class="body" dir="auto">(.*?)</div>', page, re.S)
    marked = [cite for cite, body in cites if "PRIVATE-DOUBT" in body]
    assert len(marked) == 1 and marked[0].startswith('<span class="private-mark">private</span> · ')
    assert sum('class="private-mark"' in cite for cite, _ in cites) == 1


# ------------------------------------------------------------------ laid out by a browser
def browser() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


needs_browser = pytest.mark.skipif(browser() is None, reason="needs Chromium or Chrome on PATH")

REPORT = "<script>function report(o) { parent.postMessage(JSON.stringify(o), '*'); }</script>"
WRAPPER = """<!DOCTYPE html><html><body style="margin:0"><pre id="result"></pre>
<iframe src="page.html" style="border:0;width:{width}px;height:1200px"></iframe>
<script>addEventListener('message', function (e) {{ document.getElementById('result').textContent = e.data; }});
</script></body></html>"""


def in_browser(page: str, script: str, width: int, budget: int = 5000) -> dict:
    """Run `script` (which calls `report(value)`) in a copy of `page` laid out `width` px wide in
    headless Chromium, and return what it reported. The page is shown in an iframe of that width:
    a headless window is never narrower than 500 px, an iframe is."""
    page, found = re.subn(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
    assert found == 1
    page = page.replace("</body>", f"{REPORT}<script>{script}</script></body>")
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "page.html").write_text(page, encoding="utf-8")
        wrapper = Path(folder) / "wrapper.html"
        wrapper.write_text(WRAPPER.format(width=width), encoding="utf-8")
        result = subprocess.run(
            [str(browser()), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={Path(folder) / 'profile'}", f"--window-size={max(width + 40, 800)},1400",
             f"--virtual-time-budget={budget}", "--dump-dom", wrapper.as_uri()],
            capture_output=True, text=True, timeout=180)
    reported = re.search(r'<pre id="result">(.+?)</pre>', result.stdout, re.S)
    assert reported, f"the page reported nothing (exit {result.returncode})"
    return json.loads(html.unescape(reported.group(1)))


MEASURE = """
(function () {
  var broken = [];
  document.querySelectorAll('td, th, blockquote .body, .cite, ul.milestones li, p').forEach(function (el) {
    var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var re = /\\d{4}-(?:\\d{2}-\\d{2}|W\\d{2})|[^\\s\\-–—\\/·]+/g, m;  // a day or week is one word
      while ((m = re.exec(node.data))) {
        var range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        var lines = new Set(Array.from(range.getClientRects()).filter(function (r) { return r.width > 0; })
                            .map(function (r) { return Math.round(r.top); }));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
  });
  var cells = Array.from(document.querySelectorAll('table.statement td'));
  report({
    broken: broken, width: window.innerWidth,
    overflow: document.documentElement.scrollWidth > document.documentElement.clientWidth,
    display: cells.map(function (td) { return getComputedStyle(td).display; }),
    labels: cells.map(function (td) { return getComputedStyle(td, '::before').content; })
  });
})();
"""


@needs_browser
@pytest.mark.catalogue("P123")
def test_at_390_px_no_word_breaks_and_the_statement_table_is_labelled_rows(goal_page):
    narrow = in_browser(goal_page, MEASURE, 390)
    assert narrow["width"] == 390 and narrow["broken"] == [] and not narrow["overflow"]
    assert set(narrow["display"]) == {"block"}
    assert narrow["labels"][:3] == ["none", '"First statement: "', '"Final statement: "']
    wide = in_browser(goal_page, MEASURE, 1200)
    assert set(wide["display"]) == {"table-cell"} and wide["broken"] == []
