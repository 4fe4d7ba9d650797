"""Malformed import files fail cleanly (exit 65, one line, zero rows); HTML export is inert."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from journal.services import EntryInput

GOOD_ENTRY = {"id": "e1", "day": "2026-01-01", "created_at": "2026-01-01T10:00:00Z", "lens": "insight", "body": "ok"}
OWN = {"format": "threefold-journal", "version": 1, "entries": [GOOD_ENTRY]}

MALFORMED = {
    "truncated": (json.dumps(OWN)[:-9], "line 1 column"),
    "trailing comma": ('{"format": "threefold-journal", "version": 1, "entries": [],}', "line 1 column"),
    "top level list": ("[1, 2]", "$: expected a JSON object"),
    "entries not a list": ('{"format": "threefold-journal", "version": 1, "entries": {}}', "$.entries: expected list"),
    "missing day": (json.dumps({**OWN, "entries": [GOOD_ENTRY, {k: v for k, v in GOOD_ENTRY.items() if k != "day"}]}),
                    "entries[1].day: missing"),
    "bad day": (json.dumps({**OWN, "entries": [{**GOOD_ENTRY, "day": "2026-02-30"}]}), "entries[0].day: not a date"),
    "jrnl missing date": (json.dumps({"tags": {}, "entries": [{"title": "t", "body": "b", "time": "10:00"}]}),
                          "entries[0].date: missing"),
    "dayone missing creationDate": (json.dumps({"metadata": {}, "entries": [{"uuid": "x", "text": "t"}]}),
                                    "entries[0].creationDate: missing"),
    "deep nesting": ("[" * 100000, "nested too deeply"),
    "5000 digits": ('{"format": "threefold-journal", "version": ' + "9" * 5000 + "}", "too many digits"),
    "NaN": ('{"format": "threefold-journal", "version": 1, "entries": [], "x": NaN}', "NaN"),
    "unknown goal": (json.dumps({**OWN, "entries": [{**GOOD_ENTRY, "goals": ["nope"]}]}), "entries[0].goals"),
    # one for each way an entry field is read (own_json.READERS)
    "unknown lens": (json.dumps({**OWN, "entries": [{**GOOD_ENTRY, "lens": "hunch"}]}),
                     "entries[0].lens: must be one of hindsight, insight, foresight"),
    "unknown kind": (json.dumps({**OWN, "entries": [{**GOOD_ENTRY, "kind": "diary"}]}),
                     "entries[0].kind: must be one of note, meeting"),
    "bad time": (json.dumps({**OWN, "entries": [{**GOOD_ENTRY, "time": "25:00"}]}),
                 "entries[0].time: not a time (HH:MM)"),
    "stamp without zone": (json.dumps({**OWN, "entries": [{**GOOD_ENTRY, "created_at": "2026-01-01T10:00:00"}]}),
                           "entries[0].created_at: has no time zone"),
    "flag not a boolean": (json.dumps({**OWN, "entries": [{**GOOD_ENTRY, "starred": 1}]}),
                           "entries[0].starred: expected bool, found int"),
    "tags not strings": (json.dumps({**OWN, "entries": [{**GOOD_ENTRY, "tags": ["a", 2]}]}),
                         "entries[0].tags[1]: expected str, found int"),
    "details not an object": (json.dumps({**OWN, "entries": [{**GOOD_ENTRY, "details": [1]}]}),
                              "entries[0].details: expected dict, found list"),
    "revisit not a day": (json.dumps({**OWN, "entries": [{**GOOD_ENTRY, "revisit_on": "soon"}]}),
                          "entries[0].revisit_on: not a date"),
    "not an export": ('{"hello": 1}', "not a recognised export"),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
@pytest.mark.catalogue("F46", "F47")
def test_malformed_files_exit_65_one_line_zero_rows(run, tmp_path, name):
    content, expected = MALFORMED[name]
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    result = run("import", path)
    assert result.exit_code == 65, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith("journal: Import failed: ") and str(path) in lines[0]
    assert expected in lines[0], lines[0]
    assert run.rows() == 0 and result.stdout == ""


@pytest.mark.catalogue("F53")
def test_too_large_file_is_refused_before_reading(run, tmp_path, monkeypatch):
    from journal.io import common

    monkeypatch.setattr(common, "MAX_FILE_BYTES", 100)
    path = tmp_path / "big.json"
    path.write_text(json.dumps(OWN) + " " * 200, encoding="utf-8")
    result = run("import", path)
    assert result.exit_code == 65 and "too large" in result.stderr


def test_missing_import_file_is_a_usage_error(run, tmp_path):
    result = run("import", tmp_path / "nope.json")
    assert result.exit_code == 2 and "No file" in result.stderr


XSS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[click](javascript:alert(1))",
       '<a href="javascript:alert(1)">raw</a>']


class Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.meta = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs
        if tag == "meta":
            self.meta.append(dict(attrs))


@pytest.mark.catalogue("G58", "G59")
def test_html_export_with_xss_corpus_is_inert(run, journal, tmp_path):
    for i, payload in enumerate(XSS):
        journal.goals.add(f"goal {i} {payload}")
        journal.entries.write(EntryInput(f"body {payload}\n\n{payload}", title=payload[:60], goals=[f"goal {i}"],
                                 tags=[payload.replace(",", "")[:60]]))
    journal.entries.write(EntryInput("![](https://tracker.example/p.png) \u202eevil", title="שלום"))
    target = tmp_path / "journal.html"
    result = run("export", "--format", "html", "-o", target)
    assert result.exit_code == 0, result.stderr
    page = target.read_text(encoding="utf-8")
    parsed = Collector()
    parsed.feed(page)
    assert "script" not in parsed.tags
    for name, value in parsed.attrs:
        assert not name.lower().startswith("on"), name
        assert not (value or "").strip().lower().startswith(("javascript:", "vbscript:", "data:text")), value
    csp = [m for m in parsed.meta if m.get("http-equiv") == "Content-Security-Policy"]
    assert csp and csp[0]["content"] == "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    assert {"charset": "utf-8"} in parsed.meta
    assert 'dir="auto"' in page and "@media print" in page
    assert "<script" not in page.lower() and "onerror=" not in page.replace("onerror=alert", "")  # only escaped text
    assert "&lt;script&gt;" in page


def test_markdown_export_groups_by_day_and_keeps_markdown(journal, exported):
    journal.entries.write(EntryInput("**bold** text", when="2026-11-20", title="Later"))
    journal.entries.write(EntryInput("- a list", when="2026-11-19"))
    text = exported(journal, "markdown")
    assert text.index("## Thu 2026-11-19") < text.index("## Fri 2026-11-20")
    assert "**bold** text" in text and "- a list" in text
