"""Faults found from the outside in stop 33 (command line): each test names its catalogue case."""

from __future__ import annotations

import pytest

from tests.cli.expect import fails, ok


def _headings(markdown: str) -> list[str]:
    """The headings a Markdown reader shows (markdown-it's CommonMark)."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(markdown)
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]


@pytest.mark.catalogue("S227")
def test_an_unclosed_fence_keeps_to_its_own_entry_in_the_markdown_export(run, tmp_path):
    ok(run("add", "-d", "2026-11-01 09:00", input="Code start\n```python\nx = 1\n"))
    ok(run("add", "-d", "2026-11-02 09:00", "--title", "The day after", input="Plain words.\n"))
    ok(run("add", "-d", "2026-11-03 09:00", input="<!-- a note to myself\n"))
    ok(run("add", "-d", "2026-11-04 09:00", "--title", "Last", input="Still here.\n"))
    out = tmp_path / "out.md"
    ok(run("export", "--format", "markdown", "-o", str(out)))
    text = out.read_text()
    assert "Mon 2026-11-02" in _headings(text) and "Wed 2026-11-04" in _headings(text)
    assert "09:00 · ◀ hindsight · The day after" in _headings(text)
    assert "````text\nCode start\n```python\nx = 1\n````" in text  # its own fence cannot close it


@pytest.mark.catalogue("S227")
def test_an_unclosed_fence_keeps_to_its_own_part_of_the_agreement(run):
    ok(run("mentorship", "add", "Sam"))
    ok(run("agreement", "set", "Sam", "ground-rules", input="We meet weekly\n```\n"))
    ok(run("agreement", "set", "Sam", "confidentiality", "Nothing leaves the room"))
    text = ok(run("agreement", "export", "Sam")).stdout
    assert {"Ground rules", "Confidentiality"} <= set(_headings(text))


@pytest.mark.catalogue("S227")
def test_the_retrospective_quotes_raw_html_as_typed(run):
    ok(run("goal", "add", "Speak up"))
    ok(run("add", "-g", "Speak", "--star", input="I said <!-- nothing --> and <b>meant</b> it\n"))
    text = ok(run("retro", "Speak")).stdout
    assert "> ```text\n> I said <!-- nothing --> and <b>meant</b> it\n> ```" in text


def _export_with(run, tmp_path, **changes) -> str:
    """This journal's JSON export with its one entry changed, as a file to import."""
    import json

    data = json.loads(ok(run("export", "--format", "json")).stdout)
    data["entries"] = [{**data["entries"][0], **changes}]
    target = tmp_path / "changed.json"
    target.write_text(json.dumps(data))
    return str(target)


@pytest.mark.catalogue("S228")
@pytest.mark.parametrize("bad", ["x", "", "-rf", "abc def"])
def test_an_entry_id_no_command_could_reach_is_refused(run, tmp_path, bad):
    ok(run("add", "Written here"))
    file = _export_with(run, tmp_path, id=bad)
    fails(run("import", file), 65, "entries[0].id: not an entry id", "Nothing was imported")


@pytest.mark.catalogue("S228")
def test_an_upper_case_entry_id_is_lower_cased_with_its_answers(run, tmp_path):
    ok(run("add", "-l", "f", "Try pairing"))
    import json

    data = json.loads(ok(run("export", "--format", "json")).stdout)
    first = data["entries"][0]
    asked = "ABCDEF12-0000-4000-8000-000000000001"
    answer = {**first, "id": "ABCDEF12-0000-4000-8000-000000000002", "lens": "hindsight", "answers": asked}
    data["entries"] = [{**first, "id": asked}, answer]
    file = tmp_path / "upper.json"
    file.write_text(json.dumps(data))
    other = str(tmp_path / "other.db")
    ok(run("init", other))
    result = ok(run("--db", other, "import", str(file)))
    assert "2 repaired" in result.stderr + result.stdout
    shown = ok(run("--db", other, "show", "abcdef12-0000-4000-8000-000000000002")).stdout
    assert "Answers:  abcdef12" in shown  # the link followed the id it names


@pytest.mark.catalogue("S229")
def test_identical_jrnl_entries_are_both_kept_and_found_again(run, tmp_path):
    file = tmp_path / "jrnl.txt"
    file.write_text("[2026-11-01 09:00] Walked the dog.\nSame as ever.\n\n"
                    "[2026-11-01 09:00] Walked the dog.\nSame as ever.\n\n[2026-11-02 09:00] Other.\n")
    assert "3 new, 0 updated, 0 already present" in ok(run("import", str(file))).stdout
    assert len(run.json("list")) == 3
    assert "0 new, 0 updated, 3 already present" in ok(run("import", str(file))).stdout


@pytest.mark.catalogue("S229")
def test_one_day_one_uuid_twice_keeps_both_texts(run, tmp_path):
    import json

    file = tmp_path / "dayone.json"
    entries = [{"uuid": "A1", "creationDate": "2026-11-01T09:00:00Z", "text": "First words"},
               {"uuid": "A1", "creationDate": "2026-11-01T09:00:00Z", "text": "Other words"}]
    file.write_text(json.dumps({"metadata": {}, "entries": entries}))
    ok(run("import", str(file)))
    assert sorted(e["body"] for e in run.json("list")) == ["First words", "Other words"]
    assert "2 already present" in ok(run("import", str(file))).stdout


@pytest.mark.catalogue("S230")
def test_an_edit_away_from_foresight_says_the_revisit_date_went(run):
    ok(run("add", "-l", "f", "--revisit", "2026-12-15", "Try pairing on Fridays"))
    entry = run.json("list")[0]["id"][:8]
    said = ok(run("edit", entry, "-l", "insight")).stderr
    assert "Its revisit date (Tue 15 Dec 2026) went with the foresight lens" in said
    assert "revisit" not in ok(run("edit", entry, "-l", "hindsight")).stderr  # nothing left to go


@pytest.mark.catalogue("S231")
def test_the_retrospective_gives_a_quiet_stretch_one_length(run):
    ok(run("goal", "add", "Speak"))
    ok(run("add", "-g", "Speak", "-d", "2026-10-01", "First talk prep"))
    ok(run("add", "-g", "Speak", "-d", "2026-10-03", "Second"))
    ok(run("add", "-g", "Speak", "-d", "2026-11-20", "--kind", "closure", "--title", "What did I learn?", "Lots"))
    text = ok(run("retro", "Speak")).stdout
    assert "no entries until 2026-11-19 — quiet for 47 days" in text
    assert "**Longest gap without entries:** 47 days (2026-10-04 – 2026-11-19)" in text
    ok(run("goal", "add", "Listen"))
    ok(run("add", "-g", "Listen", "-d", "2026-10-01", "One"))
    ok(run("add", "-g", "Listen", "-d", "2026-10-03", "Two"))
    assert "**Longest gap without entries:** 1 day (2026-10-02 – 2026-10-02)" in ok(run("retro", "Listen")).stdout


@pytest.mark.catalogue("S232")
def test_a_meeting_held_early_is_not_due_on_the_planned_day(run, clock):
    from datetime import datetime

    clock.set(datetime(2026, 11, 23, 18, 0))
    ok(run("mentorship", "add", "Ada"))
    ok(run("mentorship", "add", "Bo"))
    for mentor in ("Ada", "Bo"):
        ok(run("add", "--kind", "meeting", "--mentorship", mentor, "Met today, planned the next"))
    for mentor in ("Ada", "Bo"):
        ok(run("mentorship", "meeting", mentor, "--next", "2026-11-30"))
    clock.set(datetime(2026, 11, 26, 18, 0))
    ok(run("add", "--kind", "meeting", "--mentorship", "Ada", "Met early: Thursday suited us both"))
    clock.set(datetime(2026, 12, 1, 9, 0))
    due = ok(run("due")).stdout
    assert "Bo" in due and "Ada" not in due  # Bo's only meeting entry is the one that planned it


@pytest.mark.catalogue("S233")
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be-bom", "utf-32"])
def test_a_utf16_export_is_read_as_text(run, tmp_path, encoding):
    import json

    def encoded(text: str) -> bytes:
        return b"\xfe\xff" + text.encode("utf-16-be") if encoding == "utf-16-be-bom" else text.encode(encoding)

    jrnl = tmp_path / "jrnl.txt"
    jrnl.write_bytes(encoded("[2026-11-01 09:00] Walked the dog.\nSame as ever. Grüße 🎉\n"))
    said = ok(run("import", str(jrnl))).stdout
    assert "1 new" in said and "read as UTF-" in said
    dayone = tmp_path / "dayone.json"
    entries = [{"uuid": "A1", "creationDate": "2026-11-02T09:00:00Z", "text": "From Day One", "timeZone": "UTC"}]
    dayone.write_bytes(encoded(json.dumps({"metadata": {}, "entries": entries})))
    assert "1 new" in ok(run("import", str(dayone))).stdout
    assert sorted(e["body"] for e in run.json("list")) == ["From Day One", "Same as ever. Grüße 🎉"]
