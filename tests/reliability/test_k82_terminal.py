"""Catalogue K82: entry text never steers the terminal, whatever the command and format.

Every command that prints entry text runs as the real CLI (`python -m journal`) on a real
pseudo-terminal, with entries, a draft, a goal, a milestone, tags and a mentorship whose
text carries OSC, CSI, C1 (U+009B), BEL, a bidi override (U+202E) and Rich markup. What
reaches the terminal must hold none of those characters raw, and JSON must still decode
to the exact text. To a file or a pipe, Markdown and HTML keep the user's bytes (apart
from escaped title characters) and JSON escapes the same characters as on a terminal.
"""

from __future__ import annotations

import contextlib
import json
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from journal.domain.model import Draft
from journal.domain.text import for_terminal, json_text, markdown_inline
from journal.services import EntryInput, Journal

CORPUS = "\x1b]0;PWNED\x07 \x1b[2J \x9b31m \u202eevil \x07 [/bold]"
"""Retitles the terminal, clears it, CSI in its one-byte C1 form, a bidi override, a bell, markup."""
TITLE = f"# not a heading *x* {CORPUS}"
BODY = f"first line {CORPUS}\nsecond \u202eline {CORPUS}\n\n# the user's own heading"
GOAL = f"Goal {CORPUS}"
MILESTONE = f"Milestone {CORPUS}"
MENTOR = f"Ada {CORPUS}"
AGREEMENTS = f"meet monthly {CORPUS}\nsecond line \u202e{CORPUS}"
TRASHED = f"trashed {CORPUS}"
DRAFT_TITLE = f"draft {CORPUS}"
DRAFT_BODY = f"draft line {CORPUS}\nline two \u202e{CORPUS}"
TAGS = ["*star*", "<b>"]
"""Tags cannot hold control characters (refused when typed), but they can hold Markdown."""

BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
C1 = re.compile("[\x80-\x9f]")
WAIT = 30.0


# --------------------------------------------------------------------------- the journal
def build(db_path: Path, clock) -> dict[str, str]:
    """The journal every case reads: the corpus in every field that can hold it. Returns ids."""
    with Journal.open(db_path, clock=clock, create=True) as journal:
        m = journal.mentorships.add(MENTOR, focus=f"focus {CORPUS}", check_in_every=7, agreements=AGREEMENTS)
        goal = journal.goals.add(GOAL, specific=f"specific {CORPUS}", mentorship=m.id, review_every=1)
        journal.goals.add_milestone(goal.id, MILESTONE, due="2026-11-20")
        entry = journal.entries.write(EntryInput(BODY, title=TITLE, tags=TAGS, goals=[goal.id],
                                                 mentorship=m.id, starred=True, when="2026-11-20"))
        journal.entries.write(EntryInput(f"insight {CORPUS}", lens="in", title=TITLE, tags=TAGS,
                                         goals=[goal.id], when="2026-11-21"))
        journal.entries.write(EntryInput(f"foresight {CORPUS}", lens="f", title=f"expect {CORPUS}",
                                         goals=[goal.id], when="2026-11-22", revisit="2026-11-24"))
        journal.entries.write(EntryInput(f"closing {CORPUS}", kind="closure", goals=[goal.id], when="2026-11-23"))
        gone = journal.entries.write(EntryInput(TRASHED, title=TITLE, when="2026-11-19"))
        journal.entries.delete(gone.id)
        draft = journal.drafts.save(Draft(body=DRAFT_BODY, title=DRAFT_TITLE, tags=tuple(TAGS)))
        return {"entry": entry.short_id, "goal": goal.short_id, "mentorship": m.short_id, "draft": str(draft)}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from journal.clock import FixedClock
    from tests.conftest import NOW

    folder = tmp_path_factory.mktemp("k82")
    db_path = folder / "journal.db"
    return db_path, build(db_path, FixedClock(NOW, zone="Europe/Berlin"))


def environ(tmp_path: Path, **extra: str) -> dict[str, str]:
    (tmp_path / "tmpdir").mkdir(exist_ok=True)
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "TZ": "Europe/Berlin", "LANG": "C.UTF-8", "TMPDIR": str(tmp_path / "tmpdir"), "EDITOR": "false",
        "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40", **extra,
    }


# --------------------------------------------------------------------------- a real terminal
def on_a_pty(db_path: Path, args: list[str], env: dict[str, str]) -> tuple[int, bytes, bytes]:
    """Run `python -m journal --db DB ARGS` with stdout (and stdin) on a fresh pty.

    Returns (exit status, what the terminal received, stderr). Stderr goes to a file, so the
    terminal's bytes are standard output alone (JSON can be parsed).
    """
    err_path = Path(env["TMPDIR"]) / f"stderr-{time.monotonic_ns()}"
    pid, fd = pty.fork()
    if pid == 0:  # child: the real command line, in its own terminal
        try:
            err = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(err, 2)
            os.execve(sys.executable, [sys.executable, "-m", "journal", "--db", str(db_path), *args], env)
        finally:
            os._exit(127)
    screen = bytearray()
    end = time.monotonic() + WAIT
    try:
        while time.monotonic() < end:
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:  # EIO: the child closed its side of the terminal
                    break
                if not chunk:
                    break
                screen.extend(chunk)
        else:
            os.kill(pid, signal.SIGKILL)
            pytest.fail(f"journal {' '.join(args)} did not finish on the pty")
        _, status = os.waitpid(pid, 0)
    finally:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        os.close(fd)
    return os.waitstatus_to_exitcode(status), bytes(screen), err_path.read_bytes()


def assert_harmless(raw: bytes, what: str, *, colour: bool = False) -> None:
    """No ESC (or, with colours on, none of the corpus' sequences), no C1, no bidi, no BEL."""
    if colour:  # click/Rich colour codes are ours; the corpus' own sequences must not be there
        for seq in (b"\x1b]0;PWNED", b"\x1b[2J", b"\x1b]"):
            assert seq not in raw, f"{what}: {seq!r} reached the terminal"
    else:
        assert b"\x1b" not in raw, f"{what}: ESC reached the terminal"
    assert b"\x07" not in raw, f"{what}: BEL reached the terminal"
    assert b"\xc2\x9b" not in raw, f"{what}: CSI (U+009B) reached the terminal"
    text = raw.decode("utf-8", "replace")
    assert not C1.search(text), f"{what}: a C1 control reached the terminal"
    assert b"\xe2\x80\xae" not in raw and not BIDI.search(text), f"{what}: a bidi control reached the terminal"


def as_json(raw: bytes):
    return json.loads(raw.replace(b"\r\n", b"\n").decode("utf-8"))


def strings_in(data) -> list[str]:
    if isinstance(data, dict):
        return [s for v in data.values() for s in strings_in(v)]
    if isinstance(data, list):
        return [s for v in data for s in strings_in(v)]
    return [data] if isinstance(data, str) else []


CASES = {
    # command × format: arguments (ids filled in), and which original texts JSON must give back
    "list-text": (["list"], ()),
    "list-json": (["list", "--format", "json"], (BODY, TITLE)),
    "list-markdown": (["list", "--format", "markdown"], ()),
    "search-text": (["search", "heading"], ()),
    "search-json": (["search", "heading", "--format", "json"], (BODY, TITLE)),
    "search-markdown": (["search", "heading", "--format", "markdown"], ()),
    "trash-text": (["trash"], ()),
    "trash-json": (["trash", "--format", "json"], (TRASHED, TITLE)),
    "trash-markdown": (["trash", "--format", "markdown"], ()),
    "show-text": (["show", "{entry}"], ()),
    "show-json": (["show", "{entry}", "--format", "json"], (BODY, TITLE)),
    "show-markdown": (["show", "{entry}", "--format", "markdown"], ()),
    "export-json": (["export", "--format", "json"], (BODY, TITLE, GOAL, MILESTONE, MENTOR, AGREEMENTS)),
    "export-markdown": (["export", "--format", "markdown"], ()),
    "export-html": (["export", "--format", "html"], ()),
    "retro-markdown": (["retro", "{goal}"], ()),
    "retro-html": (["retro", "{goal}", "--format", "html"], ()),
    "retro-json": (["retro", "{goal}", "--format", "json"], (BODY, TITLE, GOAL, MILESTONE, MENTOR)),
    "retro-mentorship-markdown": (["retro", "--mentorship", "{mentorship}"], ()),
    "drafts-text": (["drafts"], ()),
    "drafts-show-text": (["drafts", "show", "{draft}"], ()),
    "goal-list-text": (["goal", "list"], ()),
    "goal-list-json": (["goal", "list", "--format", "json"], (GOAL,)),
    "goal-show-text": (["goal", "show", "{goal}"], ()),
    "goal-show-json": (["goal", "show", "{goal}", "--format", "json"], (GOAL, MILESTONE)),
    "mentorship-list-text": (["mentorship", "list"], ()),
    "mentorship-list-json": (["mentorship", "list", "--format", "json"], (MENTOR, AGREEMENTS)),
    "mentorship-show-text": (["mentorship", "show", "{mentorship}"], ()),
    "mentorship-show-json": (["mentorship", "show", "{mentorship}", "--format", "json"], (MENTOR, AGREEMENTS, GOAL)),
    "due-text": (["due"], ()),
    "due-json": (["due", "--format", "json"], ()),
    "timeline-text": (["timeline", "{goal}"], ()),
    "timeline-week-text": (["timeline", "{goal}", "--by", "week"], ()),
    "timeline-json": (["timeline", "{goal}", "--format", "json"], (GOAL, MILESTONE)),
}
"""Every command × format that prints user text."""


def _args(name: str, ids: dict[str, str]) -> list[str]:
    return [a.format(**ids) for a in CASES[name][0]]


@pytest.mark.catalogue("K82")
@pytest.mark.parametrize("name", list(CASES))
def test_k82_nothing_from_an_entry_steers_the_terminal(name, built, tmp_path):
    db_path, ids = built
    status, raw, err = on_a_pty(db_path, _args(name, ids), environ(tmp_path, NO_COLOR="1"))
    assert status == 0, (name, raw[-2000:], err)
    assert_harmless(raw, name)
    assert_harmless(err, f"{name} (stderr)")
    if name.startswith("due"):  # what is due depends on today's date; the journal is dated 2026-11
        assert raw.strip(), name
    else:
        assert b"PWNED" in raw, f"{name}: the text is not shown at all: {raw[:400]!r}"
    if name.endswith("json"):
        shown = strings_in(as_json(raw))
        for original in CASES[name][1]:
            assert original in shown, f"{name}: {original!r} does not come back from the JSON"


@pytest.mark.catalogue("K82")
@pytest.mark.parametrize("name", ["list-text", "show-text", "drafts-show-text", "goal-show-text",
                                  "mentorship-show-text", "timeline-text", "retro-markdown", "export-markdown"])
def test_k82_with_colours_on_only_our_own_styles_reach_the_terminal(name, built, tmp_path):
    db_path, ids = built
    status, raw, err = on_a_pty(db_path, _args(name, ids), environ(tmp_path))
    assert status == 0, (name, raw[-2000:], err)
    assert_harmless(raw, name, colour=True)


@pytest.mark.catalogue("K82")
def test_k82_show_on_a_terminal_neutralises_bidi_in_the_body(built, tmp_path):
    db_path, ids = built
    _, raw, _ = on_a_pty(db_path, ["show", ids["entry"]], environ(tmp_path, NO_COLOR="1"))
    text = raw.decode().replace("\r\n", "\n")
    assert "second <U+202E>line" in text and "\\x1b]0;PWNED\\x07" in text
    assert "\n\n# the user's own heading" in text  # multi-line bodies keep their lines


# --------------------------------------------------------------------------- pipes and files
def run_piped(db_path: Path, args: list[str], tmp_path: Path) -> bytes:
    result = subprocess.run([sys.executable, "-m", "journal", "--db", str(db_path), *args],
                            env=environ(tmp_path), capture_output=True, timeout=WAIT)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.catalogue("K82")
@pytest.mark.parametrize("name", [n for n in CASES if n.endswith("json")])
def test_k82_json_to_a_pipe_escapes_c1_and_bidi_too(name, built, tmp_path):
    db_path, ids = built
    raw = run_piped(db_path, _args(name, ids), tmp_path)
    assert_harmless(raw, name)
    if CASES[name][1]:
        assert b"\\u001b" in raw and b"\\u009b" in raw and b"\\u202e" in raw and b"\\u0007" in raw
    shown = strings_in(json.loads(raw))
    for original in CASES[name][1]:
        assert original in shown


@pytest.mark.catalogue("K82")
def test_k82_json_export_to_a_file_is_escaped_and_round_trips_unchanged(built, tmp_path, clock):
    db_path, _ = built
    first = tmp_path / "first.json"
    run_piped(db_path, ["export", "-o", str(first)], tmp_path)
    raw = first.read_bytes()
    assert_harmless(raw, "export file")
    data = json.loads(raw)
    assert BODY in strings_in(data) and AGREEMENTS in strings_in(data)
    with Journal.open(tmp_path / "copy.db", clock=clock, create=True) as copy:
        report = copy.transfer.import_file(first)
        assert report.rejected == 0 and report.repaired == 0
    second = tmp_path / "second.json"
    run_piped(tmp_path / "copy.db", ["export", "-o", str(second)], tmp_path)
    strip = re.compile(rb'"exported_at": "[^"]*"')
    assert strip.sub(b"", second.read_bytes()) == strip.sub(b"", raw)


@pytest.mark.catalogue("K82")
@pytest.mark.parametrize("where", ["pipe", "file"])
def test_k82_markdown_to_a_pipe_or_file_keeps_the_bytes_and_html_shows_symbols(built, tmp_path, where):
    db_path, ids = built

    def out(*args: str) -> bytes:
        if where == "pipe":
            return run_piped(db_path, list(args), tmp_path)
        target = tmp_path / f"out-{len(list(tmp_path.iterdir()))}"
        run_piped(db_path, [*args, "-o", str(target)], tmp_path)
        return target.read_bytes()

    escaped_title = markdown_inline(TITLE).encode()
    markdown = out("export", "--format", "markdown")
    assert BODY.encode() in markdown  # the body exactly as written, controls and all
    assert escaped_title in markdown and b"\\# not a heading \\*x\\*" in markdown
    # only Markdown's characters were escaped: the controls are kept, byte for byte
    assert "\x1b\\]0;PWNED\x07 \x1b\\[2J \x9b31m \u202eevil \x07 \\[/bold\\]".encode() in escaped_title
    assert (f"**{markdown_inline(GOAL)}**").encode() in markdown
    assert b"#\\*star\\* \xc2\xb7 #\\<b\\>" in markdown
    page = out("export", "--format", "html")  # a page shows each control as its symbol (S297), bidi kept
    assert "\u241b]0;PWNED\u2407 \u241b[2J \ufffd31m \u202eevil".encode() in page
    assert b"#&lt;b&gt;" in page and b"#<b>" not in page
    retro = out("retro", ids["goal"])
    assert f"> {BODY.splitlines()[0]}".encode() in retro
    assert f"Retrospective: {markdown_inline(GOAL)}".encode() in retro
    if where == "pipe":
        for args in (["list", "--format", "markdown"], ["show", ids["entry"], "--format", "markdown"]):
            shown = run_piped(db_path, args, tmp_path)
            assert BODY.encode() in shown and escaped_title in shown


def _headings(markdown: str) -> list[str]:
    """The text of every heading a CommonMark reader sees, and whether any is emphasised."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(markdown)
    found = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[i + 1]
            assert not any(c.type in ("em_open", "strong_open", "html_inline", "link_open")
                           for c in inline.children or []), inline.content
            found.append("".join(c.content for c in inline.children or [] if c.type in ("text", "code_inline")))
    return found


@pytest.mark.catalogue("K82")
def test_k82_a_markdown_title_does_not_make_a_heading_or_emphasis(run, journal):
    journal.goals.add("Speak *loud* [x](y)")
    entry = journal.entries.write(EntryInput("# the body's own heading\n\ntext", title="# not a heading *x*",
                                             tags=["_u_"], goals=["Speak"]))
    for args in (["list", "--format", "markdown"], ["show", entry.short_id, "--format", "markdown"],
                 ["export", "--format", "markdown"], ["retro", "Speak"]):
        result = run(*args)
        assert result.exit_code == 0, result.stderr
        heads = _headings(result.stdout)
        assert "the body's own heading" in heads, (args, heads)  # bodies stay the user's Markdown
        assert "not a heading *x*" not in heads and "not a heading x" not in heads, (args, heads)
        assert any("# not a heading *x*" in h for h in heads) or "\\# not a heading \\*x\\*" in result.stdout
    retro = run("retro", "Speak").stdout
    assert _headings(retro)[0] == "Retrospective: Speak *loud* [x](y)"


# --------------------------------------------------------------------------- the functions
@pytest.mark.catalogue("K82")
def test_k82_json_text_escapes_every_steering_character_and_decodes_back():
    text = "a\x1bb\x7fc\x85d\x9be\u202af\u202eg\u2066h\u2069i\u200ej\u200fk\u061cl \"q\" \\ שלום 👍"
    dumped = json_text({"t": text, "k\x9b": [text]})
    assert not C1.search(dumped) and not BIDI.search(dumped) and "\x1b" not in dumped and "\x7f" not in dumped
    for code in ("\\u001b", "\\u007f", "\\u0085", "\\u009b", "\\u202a", "\\u202e", "\\u2066", "\\u061c"):
        assert code in dumped
    assert "שלום 👍" in dumped  # other characters stay UTF-8
    assert json.loads(dumped) == {"t": text, "k\x9b": [text]}
    assert json_text(["x"], indent=2) == json.dumps(["x"], indent=2)


@pytest.mark.catalogue("K82")
def test_k82_for_terminal_can_neutralise_bidi_in_several_lines():
    text = "a\u202eb\nc\u2067d\x9b"
    assert for_terminal(text) == "a\u202eb\nc\u2067d\\x9b"  # unchanged: the default keeps bidi
    assert for_terminal(text, keep_bidi=False) == "a<U+202E>b\nc<U+2067>d\\x9b"


@pytest.mark.catalogue("K82")
def test_k82_markdown_inline_escapes_structure_only():
    assert markdown_inline("# a *b* _c_ `d` [e](f) <g> | h ~i~ & \\") == (
        "\\# a \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) \\<g\\> \\| h \\~i\\~ \\& \\\\")
    assert markdown_inline("two\nlines\r\nhere") == "two lines here"
    assert markdown_inline("plain — ok. 1. (x) \u202e\x1b") == "plain — ok. 1. (x) \u202e\x1b"
