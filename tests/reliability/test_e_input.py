"""Catalogue E (32-45): input validation through the real CLI; nothing written on refusal."""

import pytest


def refused(run, args, *, input=None, code=2, words=()):
    result = run(*args, input=input)
    assert result.exit_code == code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]
    assert run.json("list") == []


@pytest.mark.parametrize("when", ["2026-02-30", "2026-02-29", "2026-13-01", "0000-01-01"])
@pytest.mark.catalogue("E32")
def test_e32_impossible_dates(run, when):
    refused(run, ["add", "x", "-d", when], words=(f"'{when}'",))


@pytest.mark.parametrize("when", ["tomorrow at 25:00", "25:00", "next blursday", "13/13/2020"])
@pytest.mark.catalogue("E33")
def test_e33_natural_language_outside_the_forms(run, when):
    refused(run, ["add", "x", "-d", when], words=("Accepted forms",))


@pytest.mark.catalogue("E33")
def test_e33_valid_forms_echo_the_resolved_date(run):
    assert "Tue 2026-03-10" in run("add", "x", "-d", "2026-03-10").stderr


@pytest.mark.catalogue("E34")
def test_e34_only_foresight_is_future_dated(run):
    refused(run, ["add", "x", "-d", "tomorrow"], words=("foresight",))
    assert run("add", "x", "-l", "f", "-d", "tomorrow").exit_code == 0


@pytest.mark.parametrize("text", ["", "   \n\t "])
@pytest.mark.catalogue("E35")
def test_e35_empty_body(run, text):
    refused(run, ["add"], input=text, words=("Nothing to save",))


@pytest.mark.catalogue("E36")
def test_e36_ten_megabytes_round_trip_and_more_is_refused(run):
    body = ("0123456789abcde\n" * 655_000).rstrip()  # just under 10 MiB
    assert run("add", input=body).exit_code == 0
    assert run.json("list")[0]["body"] == body
    result = run("add", input="x" * (10 * 1024 * 1024 + 10))
    assert result.exit_code == 2 and "too large" in result.stderr
    assert len(run.json("list")) == 1


@pytest.mark.catalogue("E37")
def test_e37_nul_bytes_round_trip_and_search_still_finds_the_entry(run):
    assert run("add", input="before\x00after marker").exit_code == 0
    [entry] = run.json("list")
    assert entry["body"] == "before\x00after marker"
    assert len(run.json("search", "before")) == 1


@pytest.mark.catalogue("E39")
def test_e39_invalid_utf8_on_stdin_is_replaced_with_a_warning(run):
    result = run("add", input=b"caf\xe9 ok")
    assert result.exit_code == 0 and "not valid UTF-8" in result.stderr
    assert run.json("list")[0]["body"] == "caf\ufffd ok"


@pytest.mark.catalogue("E40")
def test_e40_rtl_and_bidi_round_trip_but_are_neutralised_in_one_line_views(run):
    text = "שלום \u202eevil مرحبا"
    assert run("add", text, "--title", text).exit_code == 0
    assert run.json("list")[0]["body"] == text
    line = run("list").stdout
    assert "\u202e" not in line and "<U+202E>" in line


@pytest.mark.catalogue("E41")
def test_e41_emoji_round_trip_and_emoji_tags_are_searchable(run):
    text = "family 👨‍👩‍👧‍👦 pride 🏳️‍🌈 ok 👍🏽"
    assert run("add", text, "-t", "👍🏽").exit_code == 0
    assert run.json("list")[0]["body"] == text
    assert len(run.json("list", "--tag", "👍🏽")) == 1


@pytest.mark.catalogue("E42")
def test_e42_crlf_and_bom_are_normalised(run):
    assert run("add", input="\ufeffline one\r\nline two\r\n").exit_code == 0
    assert run.json("list")[0]["body"] == "line one\nline two"


@pytest.mark.catalogue("E43", "E44")
def test_e43_markup_is_literal_and_e44_escapes_never_reach_the_terminal(run):
    nasty = ("[/bold] [link=https://evil.example]x[/link] [@click=app.quit]y[/] "
             "\x1b]0;T\x1b\\ \x1b[2J \x1b]52;c;aGk=\x1b\\ \x9b")
    assert run("goal", "add", nasty[:60]).exit_code == 0
    assert run("add", nasty, "--title", nasty, "-t", "ok").exit_code == 0
    entry = run.json("list")[0]
    for args in (["list"], ["show", entry["short_id"]], ["search", "bold"], ["goal", "list"]):
        out = run(*args).stdout
        assert "\x1b" not in out and "\x9b" not in out
        assert "[/bold]" in out
    assert "\\u001b" in run("show", entry["short_id"], "--format", "json").stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["add", "x", "-l", "sideways"], ("hindsight, insight, foresight",)),
        (["add", "x", "-t", "x" * 65], ("too long",)),
        (["add", "x", "-t", "#"], ("empty",)),
    ],
)
@pytest.mark.catalogue("E45")
def test_e45_invalid_lens_and_tags(run, args, words):
    refused(run, args, words=words)


@pytest.mark.catalogue("E45")
def test_e45_tags_are_normalised_by_the_documented_rule(run):
    assert run("add", "x", "-t", "#Public Speaking", "-t", "a,B", "-t", "a").exit_code == 0
    assert run.json("list")[0]["tags"] == ["public-speaking", "a", "b"]


@pytest.mark.catalogue("S521")
def test_an_import_with_bytes_not_utf8_says_where_and_how_to_bring_the_characters(run, tmp_path):
    """Helper review: a latin-1 jrnl file came in with 'café' as 'caf�' and one note that named
    neither how many nor where. Now: how many, the first line, and the way to convert it."""
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"[2025-01-05 10:00] first\nfine\n\n[2025-01-06 10:00] latin1 caf\xe9 cr\xe8me\n")
    result = run("import", path)
    assert result.exit_code == 0, result.stderr
    out = result.stdout + result.stderr
    assert "2 character(s) not valid UTF-8 (the first on line 4) were replaced with U+FFFD" in out
    assert "iconv -f latin1 -t utf-8" in out
    assert "caf" not in out  # the entry's text is never in a message
