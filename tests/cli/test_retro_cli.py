"""`journal retro`: formats, files, privacy, exclusions and errors."""

from __future__ import annotations

import json
import os
import stat

import pytest


@pytest.fixture
def speaking(run):
    assert run("mentorship", "add", "Dana", "--focus", "Presenting").exit_code == 0
    assert run("goal", "add", "Public speaking", "--specific", "Speak up", "--mentorship", "Dana").exit_code == 0
    assert run("goal", "add", "Writing", "--mentorship", "Dana").exit_code == 0
    assert run("goal", "edit", "Public", "--specific", "Give a talk").exit_code == 0
    for args in (
        ["I expect nerves", "-l", "f", "-d", "2026-10-01", "-g", "Public", "--title", "Nerves"],
        ["Spoke in the planning meeting", "-d", "2026-10-03", "-g", "Public", "--star"],
        ["Stories land", "-l", "in", "-d", "2026-10-05", "-g", "Public", "-t", "storytelling"],
        ["MY-SECRET-MARKER", "-l", "in", "-d", "2026-10-06", "-g", "Public", "--private"],
        ["Drafted an essay", "-d", "2026-10-07", "-g", "Writing"],
        ["Met Dana", "-d", "2026-10-08", "--mentorship", "Dana", "--kind", "meeting"],
    ):
        result = run("add", *args)
        assert result.exit_code == 0, result.stderr
    assert run("goal", "close", "Public", "--status", "achieved").exit_code == 0
    return run


def test_markdown_to_stdout_by_default_private_left_out(speaking):
    result = speaking("retro", "Public")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Retrospective: Public speaking")
    assert "Speak up" in result.stdout and "Give a talk" in result.stdout
    assert "MY-SECRET-MARKER" not in result.stdout
    assert "1 private entry was left out" in result.stderr
    shown = speaking("retro", "Public", "--include-private")
    assert "MY-SECRET-MARKER" in shown.stdout


def test_json_and_html_formats(speaking):
    data = json.loads(speaking("retro", "Public", "--format", "json").stdout)
    assert data["format"] == "threefold-retrospective" and data["version"] == 2
    assert data["goals"][0]["status"] == "achieved" and data["numbers"]["entries"] == 3
    page = speaking("retro", "Public", "--format", "html").stdout
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") == 1 and "MY-SECRET-MARKER" not in page


def test_mentorship_covers_all_its_goals(speaking):
    data = json.loads(speaking("retro", "--mentorship", "Dana", "--format", "json").stdout)
    assert data["kind"] == "mentorship" and [g["title"] for g in data["goals"]] == ["Public speaking", "Writing"]
    assert data["numbers"]["entries"] == 5 and data["numbers"]["check_ins"] == 1


def test_exclude_drops_entries(speaking):
    listed = json.loads(speaking("list", "--format", "json").stdout)
    star = next(e for e in listed if e["body"].startswith("Spoke"))
    out = speaking("retro", "Public", "--exclude", star["short_id"], "--format", "json")
    assert out.exit_code == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["excluded"] == 1 and data["numbers"]["entries"] == 2 and not data["hindsight"]["turning_points"]


def test_output_file_is_0600_and_symlinks_refused(speaking, tmp_path):
    old = os.umask(0o022)
    try:
        target = tmp_path / "retro.html"
        result = speaking("retro", "Public", "--format", "html", "-o", target)
        assert result.exit_code == 0, result.stderr
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert "<svg" in target.read_text(encoding="utf-8")
        link = tmp_path / "link.md"
        victim = tmp_path / "victim.txt"
        victim.write_text("keep")
        link.symlink_to(victim)
        refused = speaking("retro", "Public", "-o", link)
        assert refused.exit_code == 1 and "symbolic link" in refused.stderr
        assert victim.read_text() == "keep"
    finally:
        os.umask(old)


@pytest.mark.parametrize("args", [["Nope"], ["--mentorship", "Nobody"], [], ["Public", "--mentorship", "Dana"],
                                  ["Public", "--exclude", "ffffffff"]])
def test_bad_references_exit_2_with_one_line(speaking, args):
    result = speaking("retro", *args)
    assert result.exit_code == 2
    assert result.stdout == "" and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
