"""The user's words in Markdown the CLI prints: bodies as the export writes them (S331), the
retrospective's statement table escaped (S332)."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from tests.cli.expect import ok


def _html(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown)


@pytest.mark.catalogue("S331")
@pytest.mark.parametrize("opener", ["<!-- unclosed comment", "```\nunclosed fence", "<div>\nraw"])
def test_one_body_left_open_does_not_swallow_the_entries_after_it(run, opener):
    ok(run("add", "-d", "2 days ago", "--title", "Oldest", "--", "The oldest entry"))
    ok(run("add", "-d", "yesterday", "--title", "Opener", "--", f"hello\n{opener}"))
    ok(run("add", "--title", "Newest", "--", "The newest entry"))
    said = run("list", "--format", "markdown")
    ok(said)
    html = _html(said.stdout)
    assert html.count("<h2>") == 3  # every entry keeps its heading
    assert "The oldest entry" in html.split("<h2>")[-1]  # the last section is the oldest's own
    assert "<!--" not in html and "<div>" not in html  # shown as typed, never raw


@pytest.mark.catalogue("S331")
def test_a_link_definition_in_one_entry_makes_no_link_in_another(run):
    ok(run("add", "-d", "yesterday", "--", "Innocent entry that mentions [my notes][1]"))
    ok(run("add", "--", "Another\n\n[1]: https://attacker.example/x"))
    for command in (("list", "--format", "markdown"), ("search", "entry", "--format", "markdown")):
        said = run(*command)
        ok(said)
        assert "attacker.example" not in "".join(
            line for line in _html(said.stdout).splitlines() if "href" in line)
    [newest, _] = run.json("list")
    shown = run("show", newest["short_id"], "--format", "markdown")
    assert "```" in shown.stdout and "[1]: https://attacker.example/x" in shown.stdout  # fenced, as typed
    ok(run("add", "--", "Plain **bold** stays Markdown"))
    assert "<strong>bold</strong>" in _html(run("list", "-n", "1", "--format", "markdown").stdout)


@pytest.mark.catalogue("S332")
def test_the_statement_table_escapes_the_goals_words(run, tmp_path):
    title = "Talk <img src=x onerror=alert(1)> [click](javascript:alert(1))"
    ok(run("goal", "add", title, "--specific", "Give a *talk* <b>now</b>", "--by", "in 2 months"))
    ok(run("add", "-g", "Talk", "--", "worked on it"))
    ok(run("retro", "Talk", "-o", str(tmp_path / "retro.md")))
    markdown = (tmp_path / "retro.md").read_text("utf-8")
    cells = [line for line in markdown.splitlines() if line.startswith(("| Title", "| Specific"))]
    assert len(cells) == 2 and all("\\<" in line for line in cells)
    html = _html(markdown)
    assert "<img" not in html and "<b>" not in html and "<em>talk</em>" not in html
    assert 'href="javascript' not in html
    assert "Give a *talk* &lt;b&gt;now&lt;/b&gt;" in html  # read as typed
