"""An import's report names the repairs it made, and only those (S483): a file whose one fault is
Windows line endings is not said to have had control characters replaced or tags dropped."""

from __future__ import annotations

import json

import pytest

from journal.io import own_json, parse_process
from journal.io.common import REPAIRS


def _entry(i: int, **changes) -> dict:
    return {"id": f"{i:032x}", "lens": "hindsight", "title": None, "day": "2026-10-01", "time": "09:00",
            "tags": [], "goals": [], "body": f"Plain {i}", "created_at": "2026-10-01T07:00:00Z",
            "updated_at": "2026-10-01T07:00:00Z"} | changes


def _ours(tmp_path, entries: list[dict]):
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"format": "threefold-journal", "version": 1, "entries": entries}), encoding="utf-8")
    return path


def _repaired_line(stdout: str) -> str:
    lines = [line.strip() for line in stdout.splitlines() if line.strip().startswith("repaired:")]
    assert len(lines) == 1, stdout
    return lines[0]


@pytest.mark.catalogue("S483")
def test_line_endings_alone_are_named_alone(run, tmp_path):
    result = run("import", _ours(tmp_path, [_entry(1, body="Windows\r\nline endings"), _entry(2)]))
    assert result.exit_code == 0, result.stderr
    assert "1 repaired" in result.stdout
    assert _repaired_line(result.stdout) == "repaired: line endings became LF"


@pytest.mark.catalogue("S483")
def test_each_kind_is_named_once_in_the_fixed_order(run, tmp_path):
    entries = [_entry(1, tags=["ok", "#"]), _entry(2, id="ABCD".rjust(32, "0")), _entry(3, body="Tail\r\n"),
               _entry(4, body="\ufeffStarts with a mark"), _entry(5, revisit_on="2026-12-01"),
               _entry(6, tags=["x", "#"])]
    result = run("import", _ours(tmp_path, entries))
    assert result.exit_code == 0, result.stderr
    assert "5 repaired" in result.stdout  # a trailing CRLF is trimmed, as any trailing space: no repair
    assert _repaired_line(result.stdout) == "repaired: " + ", ".join(
        [REPAIRS["bom"], REPAIRS["tags"], REPAIRS["ids"], REPAIRS["revisit"]])


@pytest.mark.catalogue("S483")
def test_another_apps_control_characters_are_named(run, tmp_path):
    doc = {"metadata": {}, "entries": [
        {"uuid": "C1", "creationDate": "2026-01-01T12:00:00Z", "timeZone": "UTC", "text": "a\x1b]0;x\x07b"}]}
    path = tmp_path / "Journal.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = run("import", path)
    assert result.exit_code == 0, result.stderr
    assert _repaired_line(result.stdout) == f"repaired: {REPAIRS['controls']}"


@pytest.mark.catalogue("S483")
def test_the_parsing_child_carries_the_kinds(run, tmp_path, monkeypatch):
    monkeypatch.setattr(own_json, "STREAM_MIN_BYTES", 0)
    monkeypatch.setattr(parse_process, "worth_it", lambda size: True)
    monkeypatch.setattr(parse_process, "CHUNK", 2)
    result = run("import", _ours(tmp_path, [_entry(i) for i in range(5)] + [_entry(9, body="a\rb")]))
    assert result.exit_code == 0, result.stderr
    assert _repaired_line(result.stdout) == "repaired: line endings became LF"
