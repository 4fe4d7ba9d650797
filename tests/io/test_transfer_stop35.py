"""Import and export faults found by an outside review at stop 35 (catalogue S274-)."""

from __future__ import annotations

import pytest

from journal.domain.text import normalise_body
from journal.services import EntryInput, Journal

AWKWARD = ["\ufeff\ufeffhello BOM", "\ufeff\r\n\ufeffx", "a\r\r\nb\r", "tail  \n\n", "\ufeff \ufeffy", "ok"]


@pytest.mark.catalogue("S274")
@pytest.mark.parametrize("body", AWKWARD)
def test_a_body_as_stored_is_stored_again_unchanged(body):
    """An import normalises the journal's own text again: the second pass finds nothing to do."""
    once = normalise_body(body)
    assert normalise_body(once) == once


@pytest.mark.catalogue("S274")
def test_text_piped_with_two_boms_round_trips_and_reimports_as_present(journal, exported, tmp_path, clock):
    entry = journal.entries.write(EntryInput("\ufeff\ufeffhello BOM"))
    assert entry.body == "hello BOM"
    (tmp_path / "all.json").write_text(exported(journal), encoding="utf-8")
    again = journal.transfer.import_file(tmp_path / "all.json")
    assert (again.new, again.kept, again.present, again.repaired) == (0, 0, 1, 0)
    assert journal.drafts.list() == []  # no version of the file's kept as a draft
    with Journal.open(tmp_path / "other.db", clock=clock, create=True) as other:
        report = other.transfer.import_file(tmp_path / "all.json")
        assert (report.new, report.repaired) == (1, 0)
        assert other.entries.get(entry.id).body == "hello BOM"


def _links(markdown: str) -> list[str]:
    """Every link address a CommonMark reader makes of `markdown` (none filtered out)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    md.validateLink = lambda url: True
    found, stack = [], md.parse(markdown)
    while stack:
        token = stack.pop()
        if token.attrGet("href"):
            found.append(token.attrGet("href"))
        stack.extend(token.children or ())
    return found


@pytest.mark.catalogue("S275")
def test_a_link_definition_in_one_text_makes_no_link_of_another(journal, exported):
    journal.entries.write(EntryInput("Read [the article][1] before the meeting", when="2025-01-01"))
    journal.entries.write(EntryInput("[1]: javascript:alert(document.domain)", when="2025-01-02"))
    journal.entries.write(EntryInput("A [fine link](https://example.org) stays a link", when="2025-01-03"))
    markdown = exported(journal, "markdown")
    assert _links(markdown) == ["https://example.org"]
    assert "[1]: javascript:alert(document.domain)" in markdown  # shown as typed, in a fence
    journal.mentorships.add("Kim")
    journal.agreements.set_part("Kim", "ground-rules", "See [the plan][p].")
    journal.agreements.set_part("Kim", "boundaries", "[p]: https://evil.example/")
    shared = journal.agreements.export("Kim", "markdown")
    assert _links(shared) == [] and "[p]: https://evil.example/" in shared


@pytest.mark.catalogue("S276")
def test_the_journals_own_export_past_the_cap_imports_as_a_stream(journal, exported, tmp_path, clock, monkeypatch):
    from journal.io import common, own_json

    for i in range(150):
        journal.entries.write(EntryInput(f"Day {i}: " + "words of the day " * 500, when=f"2025-{1 + i % 12:02d}-01"))
    path = tmp_path / "all.json"
    path.write_text(exported(journal), encoding="utf-8")
    monkeypatch.setattr(common, "MAX_FILE_BYTES", path.stat().st_size // 2)  # as a 400 MB export to the real cap
    assert path.stat().st_size > own_json.STREAM_MIN_BYTES
    with Journal.open(tmp_path / "other.db", clock=clock, create=True) as other:
        report = other.transfer.import_file(path)
        assert (report.new, report.rejected) == (150, 0)
    other_file = tmp_path / "other.json"  # anything else is still read whole, under the cap
    other_file.write_text('{"entries": [' + ", ".join(['{"text": "x"}'] * 60000) + "]}", encoding="utf-8")
    with Journal.open(tmp_path / "third.db", clock=clock, create=True) as third, pytest.raises(Exception) as refused:
        third.transfer.import_file(other_file)
    assert "too large" in str(refused.value)


@pytest.mark.catalogue("S284")
@pytest.mark.parametrize(("field", "value", "said"), [
    ("answers", "self", "answers: an entry cannot answer itself"),
    ("tz", "Not/AZone secret", "tz: not a time zone"),
])
def test_a_hand_edited_entry_the_writer_refuses_is_refused_by_name(journal, exported, tmp_path, clock,
                                                                    field, value, said):
    import json

    journal.entries.write(EntryInput("What happened", when="2026-11-01"))
    journal.entries.write(EntryInput("What comes next", lens="foresight", when="2026-11-02"))
    data = json.loads(exported(journal))
    index = 1 if field == "answers" else 0
    entry = sorted(data["entries"], key=lambda e: e["day"])[index]
    entry[field] = entry["id"] if value == "self" else value
    if field == "answers":
        entry["lens"] = "hindsight"
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with Journal.open(tmp_path / "other.db", clock=clock, create=True) as other:
        with pytest.raises(Exception) as refused:
            other.transfer.import_file(path)
        where = f"entries[{data['entries'].index(entry)}]."
        assert where + said in str(refused.value) and "\n" not in str(refused.value)
        assert other.entries.count() == 0


@pytest.mark.catalogue("S286")
def test_a_blank_mentor_or_a_time_of_other_digits_is_refused_by_position(journal, exported, tmp_path, clock):
    import json

    journal.mentorships.add("Kim")
    journal.entries.write(EntryInput("What happened", when="2026-11-01 12:30"))
    fullwidth = "\uff11\uff12:\uff13\uff10"
    for change, said in ((lambda d: d["mentorships"][0].update(mentor="   "), "mentorships[0].mentor: empty"),
                         (lambda d: d["entries"][0].update(time=fullwidth), "entries[0].time: not a time (HH:MM)")):
        data = json.loads(exported(journal))
        change(data)
        path = tmp_path / "edited.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        with Journal.open(tmp_path / f"other-{len(said)}.db", clock=clock, create=True) as other:
            with pytest.raises(Exception) as refused:
                other.transfer.import_file(path)
            assert said in str(refused.value) and "breaks the journal's rules" not in str(refused.value)


@pytest.mark.catalogue("S284")
def test_a_revisit_date_on_a_note_is_dropped_as_a_repair(journal, exported, tmp_path, clock):
    """An older version's edit away from foresight kept the date: its own export still imports."""
    import json

    entry = journal.entries.write(EntryInput("What happened", when="2026-11-01"))
    data = json.loads(exported(journal))
    data["entries"][0]["revisit_on"] = "2026-12-01"
    path = tmp_path / "older.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with Journal.open(tmp_path / "other.db", clock=clock, create=True) as other:
        report = other.transfer.import_file(path)
        assert (report.new, report.repaired) == (1, 1)
        assert other.entries.get(entry.id).revisit_on is None
