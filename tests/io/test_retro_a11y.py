"""The retrospective page passes an automated accessibility check: axe-core in headless Chromium.

axe-core's own bundle comes from PyPI (`axe-core-python`, in the dev extra: it ships
axe.min.js and needs nothing else). The check runs on a copy of the page with the CSP meta
taken out and axe plus a tiny runner inlined, shown in an iframe of the width checked; the
runner posts its result to the frame around it, which writes it into its DOM, and
`chromium --headless --dump-dom` prints that once the virtual time has run out
(tests/io/test_retro_page.py: `in_browser`).
The page itself has no script: only this test's copy does. Skipped, with the reason, where
Chromium or the bundle is missing.

Issue 18 asks for 0 serious (or critical) violations; the test also reports the moderate and
minor ones it finds, and the page has none of any impact today.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from journal.io.retrospective import render_html
from journal.services import EntryInput
from tests.io.test_retro_page import browser, closed_goal, closed_mentorship, in_browser

RUNNER = """
axe.run(document, {resultTypes: ['violations']}).then(function (r) {
  report({violations: r.violations.map(function (v) {
    return {id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(function (n) { return n.target.join(' '); })}; })});
}, function (e) { report({error: String(e)}); });
"""


def _axe_source() -> str | None:
    try:
        import axe_core_python
    except ImportError:
        return None
    bundle = Path(axe_core_python.__file__).parent / "axe.min.js"
    return bundle.read_text(encoding="utf-8") if bundle.is_file() else None


AXE = _axe_source()
needs_axe = pytest.mark.skipif(browser() is None or AXE is None,
                               reason="needs Chromium on PATH and axe-core's bundle (pip install axe-core-python)")


def axe_violations(page: str, width: int = 1200) -> list[dict]:
    """axe-core's violations on `page` laid out `width` pixels wide."""
    assert AXE
    data = in_browser(page, AXE + ";\n" + RUNNER, width, budget=30000)
    assert "error" not in data, data
    return data["violations"]


def _by_impact(violations: list[dict]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for v in violations:
        found.setdefault(v["impact"] or "unknown", []).append(f"{v['id']}: {v['help']} ({', '.join(v['nodes'][:3])})")
    return found


@needs_axe
def test_the_runner_finds_what_it_should(journal):
    """The check is real: a page with an image without text and grey-on-white text fails it."""
    g = journal.goals.add("Tiny")
    journal.entries.write(EntryInput(body="One entry.", lens="insight", when="2026-10-01", goals=[g.id]))
    page = render_html(journal.closure.retrospective(g.id))
    faint, image = '<p style="color:#ddd">faint</p>', '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
    bad = page.replace("</main>", faint + image + "</main>")
    found = _by_impact(axe_violations(bad))
    assert any(line.startswith("image-alt") for line in found.get("critical", []))
    assert any(line.startswith("color-contrast") for line in found.get("serious", []))


@needs_axe
@pytest.mark.parametrize("width", [1200, 390])
def test_the_goal_retrospective_has_no_accessibility_violations(journal, width):
    page = render_html(journal.closure.retrospective(closed_goal(journal), include_private=True))
    found = _by_impact(axe_violations(page, width))
    assert not found.get("critical") and not found.get("serious"), found
    assert found == {}, found  # none at all today: a new moderate or minor one is worth a look


@needs_axe
def test_the_mentorship_retrospective_has_no_accessibility_violations(journal):
    page = render_html(journal.closure.retrospective(mentorship=closed_mentorship(journal), include_private=True))
    found = _by_impact(axe_violations(page))
    assert not found.get("critical") and not found.get("serious"), found
    assert found == {}, found
