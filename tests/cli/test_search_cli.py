"""`journal search` forgiving from the command line (issue 19), in plain and encrypted journals,
and #tags typed in `journal add`/`edit` text."""

from __future__ import annotations

import json

import pytest

from journal.store import engine
from tests.cli.expect import fails, ok


@pytest.fixture
def written(run):
    for text, day in [("I was nervous before the talk", "2026-11-01"), ("We talked it through", "2026-11-02"),
                      ("Talk is cheap", "2026-11-03"), ("Pair coding 👩\u200d💻 all day", "2026-11-04")]:
        ok(run("add", text, "-d", day))
    return run


def bodies(run, *args):
    return [e["body"] for e in run.json("search", *args)]


def test_the_cases_of_the_issue(written):
    assert bodies(written, "nerv") == ["I was nervous before the talk"]
    assert set(bodies(written, "talking")) == {"I was nervous before the talk", "We talked it through",
                                               "Talk is cheap"}
    assert bodies(written, "erv") == ["I was nervous before the talk"]
    assert bodies(written, "👩\u200d💻") == ["Pair coding 👩\u200d💻 all day"]


def test_several_words_phrases_or_and_exclusions(written):
    assert bodies(written, "talk", "cheap") == ["Talk is cheap"]  # several arguments: one query
    assert bodies(written, '"talked it"') == ["We talked it through"]
    assert set(bodies(written, "nervous", "OR", "cheap")) == {"I was nervous before the talk", "Talk is cheap"}
    assert set(bodies(written, "talk -cheap")) == {"I was nervous before the talk", "We talked it through"}
    after_dashes = json.loads(ok(written("search", "--format", "json", "--", "talk", "-cheap")).stdout)
    assert {e["body"] for e in after_dashes} == {"I was nervous before the talk", "We talked it through"}
    assert set(bodies(written, "talk", "NOT", "cheap")) == {"I was nervous before the talk",
                                                            "We talked it through"}


def test_newest_first_on_request(written):
    assert bodies(written, "talk", "--newest") == ["Talk is cheap", "We talked it through",
                                                   "I was nervous before the talk"]
    lines = ok(written("search", "talk", "--newest", "-n", "1")).stdout.splitlines()
    assert len(lines) == 1 and "Talk is cheap" in lines[0]


def test_nothing_found_and_nothing_to_search(written):
    assert "Nothing found" in ok(written("search", "zebra")).stderr
    fails(written("search", " "), 2, "Nothing to search")
    missing = written("search")
    assert missing.exit_code == 2 and "Traceback" not in missing.output


def test_doctor_checks_both_search_indexes(written):
    assert "search index: ok (4 entries indexed)" in " ".join(ok(written("doctor")).stdout.split())


@pytest.mark.skipif(not engine.ENCRYPTION, reason="sqlcipher3 is not installed")
def test_an_encrypted_journal_searches_the_same_way(written, db_path, passphrase_file):
    ok(written("encrypt"))
    engine.forget_all()
    assert engine.is_encrypted(db_path)
    assert bodies(written, "erv") == ["I was nervous before the talk"]
    assert bodies(written, "👩\u200d💻") == ["Pair coding 👩\u200d💻 all day"]
    ok(written("add", "Marmalade on toast"))
    assert bodies(written, "rmala") == ["Marmalade on toast"]
    assert b"Marmalade" not in db_path.read_bytes()


def test_tags_typed_in_the_text_on_add_and_edit(run):
    ok(run("add", "Spoke up with #confidence, thanks @mentoring", "-t", "work"))
    [entry] = run.json("list")
    assert entry["tags"] == ["work", "confidence", "mentoring"]
    assert entry["body"] == "Spoke up with #confidence, thanks @mentoring"
    ok(run("edit", entry["short_id"], "--text", "Now #grit too"))
    assert run.json("show", entry["short_id"])["tags"] == ["work", "confidence", "mentoring", "grit"]
    ok(run("edit", entry["short_id"], "--no-tags"))
    assert run.json("show", entry["short_id"])["tags"] == ["grit"]
    assert [e["body"] for e in run.json("list", "--tag", "grit")] == ["Now #grit too"]


def test_tags_typed_in_piped_text(run):
    ok(run("add", input="From stdin with #focus\n"))
    assert run.json("list")[0]["tags"] == ["focus"]


def test_the_tag_marks_can_be_changed_or_turned_off(run, tmp_path):
    config = tmp_path / "config" / "journal" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[tags]\nsymbols = ""\n')
    ok(run("add", "no #tags here"))
    assert run.json("list")[0]["tags"] == []
    config.write_text('[tags]\nsymbols = "+"\n')
    ok(run("add", "one +plus and #hash"))
    assert run.json("list")[0]["tags"] == ["plus"]
    config.write_text('[tags]\nsymbols = "abc"\n')
    doctor = run("doctor").stdout
    assert "[tags] symbols = 'abc' is not a few marks" in doctor


@pytest.mark.catalogue("S447")
def test_search_right_after_a_large_import_indexes_first_and_says_so(run, tmp_path, monkeypatch):
    """The import leaves its entries to a background indexer (not started here); `journal search`
    indexes what still waits, says so on stderr, and finds every entry."""
    from journal.store import search_index

    monkeypatch.setattr(search_index, "start", lambda db, key: None)
    monkeypatch.setattr("journal.store.transfer.BULK_MIN_ENTRIES", 5)
    entries = [{"id": f"{i:032x}", "lens": "hindsight", "title": None, "body": f"Imported walrus {i}",
                "day": "2026-10-01", "time": "09:00", "tags": [], "goals": [],
                "created_at": "2026-10-01T07:00:00Z", "updated_at": "2026-10-01T07:00:00Z"} for i in range(8)]
    file = tmp_path / "big.json"
    file.write_text(json.dumps({"format": "threefold-journal", "version": 1, "entries": entries}), encoding="utf-8")
    ok(run("init"))
    imported = ok(run("import", str(file)))
    assert ("search: 8 entries are being indexed in the background (a few seconds for 10,000); "
            "a search meanwhile finishes that first") in imported.stdout
    found = ok(run("search", "walrus", "--format", "json"))
    assert len(json.loads(found.stdout)) == 8
    assert "Indexing 8 imported entries for search first" in found.stderr
    again = ok(run("search", "walrus"))
    assert "Indexing" not in again.stderr
