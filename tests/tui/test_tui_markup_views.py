"""The user's words in the app's Markdown views: raw HTML shown as typed (S333), bidi controls
neutralised (S334)."""

from __future__ import annotations

import pytest
from textual.widgets import Markdown

from journal.services import EntryInput
from journal.tui.widgets.rows import text_markdown

SIZE = (100, 32)


async def _settle(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _shown(markdown: Markdown) -> str:
    """The words the widget drew, block by block."""
    from textual.widgets._markdown import MarkdownBlock

    return "\n".join(str(block._content) for block in markdown.query(MarkdownBlock))


@pytest.mark.catalogue("S333")
async def test_a_raw_html_line_hides_nothing_in_the_preview(journal, app_for):
    body = "line one visible\n<!-- I typed this to remember\nline three: I must see this"
    journal.entries.write(EntryInput(body=body, title="Hidden test"))
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        body = app.screen.query_one(".preview-body", Markdown)
        shown = _shown(body)
        assert "line three: I must see this" in shown and "<!-- I typed this" in shown


@pytest.mark.catalogue("S333")
def test_the_views_parser_keeps_html_as_text():
    tokens = text_markdown().parse("start\n<div>\nsecret middle line\n</div>\n\nend")
    assert not [t for t in tokens if t.type.startswith("html")]
    assert "secret middle line" in "".join(t.content for t in tokens if t.type == "inline")


@pytest.mark.catalogue("S334")
async def test_bidi_controls_in_a_body_reach_no_terminal(journal, app_for):
    journal.entries.write(EntryInput(body="abc \u202edef ghi\nzero \u2066iso\u2069 end", title="RLO test"))
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        body = app.screen.query_one(".preview-body", Markdown)
        assert "\u202e" not in body.source and "\u2066" not in body.source
        assert "<U+202E>def" in body.source
    assert "\u202e" in journal.entries.list()[0].body  # the stored words keep it


@pytest.mark.catalogue("S495")
async def test_each_typed_line_stays_a_line_in_the_preview(journal, app_for):
    journal.entries.write(EntryInput(body="The talk went well #confidence\nSecond line, as typed", title="Lines"))
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        shown = _shown(app.screen.query_one(".preview-body", Markdown))
        assert "The talk went well #confidence\nSecond line, as typed" in shown, shown


@pytest.mark.catalogue("S495")
def test_the_html_pages_keep_each_line_break_too():
    from journal.io.documents import html_markdown

    assert html_markdown().render("first line\nsecond line") == "<p>first line<br>\nsecond line</p>\n"


@pytest.mark.catalogue("S570")
async def test_held_keys_show_the_last_entry_with_one_update_at_a_time(journal, app_for, monkeypatch):
    from datetime import date, timedelta

    from textual.await_complete import AwaitComplete

    for n in range(60):
        day = (date(2026, 9, 1) + timedelta(days=n)).isoformat()
        journal.entries.write(EntryInput(body=f"body of entry {n}", when=day))
    started: list[str] = []
    running = 0
    most = 0
    update = Markdown.update

    def counted(self, markdown):
        nonlocal running, most
        started.append(markdown)
        running += 1
        most = max(most, running)
        waiting = update(self, markdown)

        async def done():
            nonlocal running
            try:
                await waiting
            finally:
                running -= 1
        return AwaitComplete(done())

    monkeypatch.setattr(Markdown, "update", counted)
    app = app_for(journal)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        await pilot.press(*["down"] * 40)
        await _settle(pilot)
        await pilot.app.workers.wait_for_complete()
        await _settle(pilot)
        highlighted = app.screen.query_one("EntryList").current
        body = app.screen.query_one(".preview-body", Markdown)
        assert highlighted is not None and _shown(body) == highlighted.body
        assert most == 1  # never two at once, so never a queue of them behind the widget's lock
        preview = app.screen.query_one("EntryPreview")
        entries = journal.entries.list(limit=40)
        before = len(started)
        for entry in entries:  # forty highlights faster than one update: the latest is shown
            preview.show(entry)
        await _settle(pilot)
        assert len(started) - before <= 2 and _shown(body) == entries[-1].body
