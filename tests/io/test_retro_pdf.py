"""`journal retro --format pdf -o FILE`: the HTML page printed by a headless Chromium.

Without a browser: one line saying what to do, exit 2, nothing written. With one: a PDF, 0600,
written atomically and never through a symbolic link; the page and the browser's profile in a
private temporary folder (RAM-backed where there is one) that is gone afterwards; a browser
that hangs is stopped after the time limit with a clear line. Stand-in browsers (small shell
scripts) check all of that anywhere; the real Chromium (skipped, with the reason, where there
is none) prints the fixture retrospective, and its text, read back with pypdf, has the goal and
its summary and no id or event key.
"""

from __future__ import annotations

import os
import re
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from journal.domain.errors import BadValue
from journal.domain.timeline import KIND_ORDER
from journal.io import retro_pdf
from journal.io.files import ExportFailed
from tests.cli.expect import ok
from tests.io.test_retro_page import browser, closed_goal, closed_mentorship

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
EVENT_KEYS = tuple(kind for kind in KIND_ORDER if "-" in kind)

FAKE = """#!/bin/sh
for a in "$@"; do
  case "$a" in
    --print-to-pdf=*) out="${a#--print-to-pdf=}" ;;
    --user-data-dir=*) profile="${a#--user-data-dir=}" ;;
    file://*) page="${a#file://}" ;;
  esac
done
folder=$(dirname "$page")
{ stat -c '%a' "$folder"; echo "$folder"; echo "$profile"; echo "$HOME";
  grep -c 'Content-Security-Policy' "$page"; } > "$FAKE_LOG"
printf '%%PDF-1.4 stand-in\\n' > "$out"
"""
SILENT = "#!/bin/sh\nexit 0\n"
HANGS = '#!/bin/sh\nsleep 60 &\necho $! > "$FAKE_LOG"\nwait\n'


@pytest.fixture
def fake(tmp_path, monkeypatch):
    """fake(script) -> a stand-in browser in $JOURNAL_BROWSER; RAM folder and log under tmp_path."""
    run_dir = tmp_path / "run"
    run_dir.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(run_dir))
    monkeypatch.setenv("FAKE_LOG", str(tmp_path / "log"))

    def make(script: str) -> Path:
        path = tmp_path / "bin" / "fake-browser"
        path.parent.mkdir(exist_ok=True)
        path.write_text(script, encoding="utf-8")
        path.chmod(0o755)
        monkeypatch.setenv(retro_pdf.ENV, str(path))
        return path

    return make


# ------------------------------------------------------------------ the CLI
def test_pdf_needs_a_file(run):
    assert run("goal", "add", "Speak").exit_code == 0
    for args in ([], ["-o", "-"]):
        result = run("retro", "Speak", "--format", "pdf", *args)
        assert result.exit_code == 2 and result.stdout == ""
        assert result.stderr == "journal: A PDF is written to a file: add -o FILE (e.g. -o retrospective.pdf).\n"


def test_no_browser_says_what_to_do_in_one_line(run, tmp_path, monkeypatch):
    assert run("goal", "add", "Speak").exit_code == 0
    monkeypatch.setenv(retro_pdf.ENV, str(tmp_path / "no-such-browser"))
    target = tmp_path / "out.pdf"
    result = run("retro", "Speak", "--format", "pdf", "-o", target)
    assert result.exit_code == BadValue.exit_code == 2 and not target.exists()
    [line] = result.stderr.splitlines()
    assert "install chromium" in line and "--format html" in line and "Traceback" not in result.output


def test_the_cli_writes_a_pdf_0600_through_a_browser(run, fake, tmp_path):
    fake(FAKE)
    assert run("goal", "add", "Speak").exit_code == 0
    target = tmp_path / "out.pdf"
    result = run("retro", "Speak", "--format", "pdf", "-o", target)
    assert result.exit_code == 0, result.stderr
    assert "Wrote the retrospective of Speak" in result.output
    assert target.read_bytes() == b"%PDF-1.4 stand-in\n" and stat.S_IMODE(target.stat().st_mode) == 0o600


# ------------------------------------------------------------------ the service and the printer
def test_the_page_and_profile_are_private_in_ram_and_removed(journal, fake, tmp_path):
    fake(FAKE)
    g = journal.goals.add("Speak")
    assert journal.closure.pdf_available()
    target = tmp_path / "out" / "r.pdf"
    target.parent.mkdir()
    journal.closure.write(journal.closure.retrospective(g.id), "pdf", target)
    mode, folder, profile, home, csp = (tmp_path / "log").read_text().split("\n")[:5]
    assert mode == "700" and Path(folder).parent == tmp_path / "run"  # RAM-backed: $XDG_RUNTIME_DIR
    assert Path(profile).parent == Path(folder) and Path(home) == Path(folder)
    assert csp == "1"  # the page printed is the page shared, CSP and all
    assert list((tmp_path / "run").iterdir()) == [] and sorted(p.name for p in target.parent.iterdir()) == ["r.pdf"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_symbolic_link_is_never_written_through(journal, fake, tmp_path):
    fake(FAKE)
    g = journal.goals.add("Speak")
    elsewhere = tmp_path / "elsewhere.pdf"
    elsewhere.write_bytes(b"keep")
    link = tmp_path / "link.pdf"
    link.symlink_to(elsewhere)
    with pytest.raises(ExportFailed, match="symbolic link"):
        journal.closure.write(journal.closure.retrospective(g.id), "pdf", link)
    assert elsewhere.read_bytes() == b"keep"


def test_a_browser_that_makes_no_pdf_fails_cleanly_and_leaves_nothing(journal, fake, tmp_path, monkeypatch):
    fake(SILENT)
    g = journal.goals.add("Speak")
    target = tmp_path / "r.pdf"
    with pytest.raises(retro_pdf.PdfFailed, match="made no PDF"):
        journal.closure.write(journal.closure.retrospective(g.id), "pdf", target)
    assert not target.exists() and list((tmp_path / "run").iterdir()) == []
    assert [p for p in tmp_path.iterdir() if p.name.startswith("threefold-pdf-")] == []  # the fallback, too


def test_a_browser_that_hangs_is_stopped_with_a_clear_line(fake, tmp_path):
    fake(HANGS)
    with pytest.raises(retro_pdf.PdfFailed) as failed:
        retro_pdf.html_to_pdf("<html><style></style></html>", tmp_path, timeout=1)
    assert str(failed.value).startswith("The browser did not finish the PDF within 1 seconds; nothing was written.")
    assert list((tmp_path / "run").iterdir()) == []
    pid = int((tmp_path / "log").read_text())
    state = Path(f"/proc/{pid}/stat")

    def gone() -> bool:
        try:
            return state.read_text().split(")")[-1].split()[0] in ("Z", "X")
        except OSError:
            return True

    for _ in range(100):  # a killed process takes a moment to die under load
        if gone():
            break
        time.sleep(0.05)
    assert gone()  # its helper died too


def test_which_browser(tmp_path, monkeypatch):
    found = tmp_path / "chromium"
    found.write_text("#!/bin/sh\n")
    found.chmod(0o755)
    assert retro_pdf.find_browser({"PATH": str(tmp_path)}) == str(found)
    assert retro_pdf.find_browser({"PATH": str(tmp_path / "none")}) is None
    assert retro_pdf.find_browser({"PATH": str(tmp_path), retro_pdf.ENV: "missing"}) is None  # as said, or none
    assert retro_pdf.find_browser({"PATH": "", retro_pdf.ENV: str(found)}) == str(found)
    monkeypatch.setenv(retro_pdf.ENV, str(tmp_path / "missing"))
    from journal.services.closure import Closure

    assert Closure.pdf_available() is False


# ------------------------------------------------------------------ the real thing
def _pdf_text(path: Path) -> str:
    pypdf = pytest.importorskip("pypdf", reason="reads the PDF's text (pip install pypdf: the dev extra)")
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)


@pytest.mark.skipif(browser() is None, reason="needs Chromium or Chrome on PATH to print the page")
def test_a_real_pdf_of_the_retrospective(journal, tmp_path, monkeypatch):
    monkeypatch.delenv(retro_pdf.ENV, raising=False)
    goal = closed_goal(journal)
    target = tmp_path / "retro.pdf"
    journal.closure.write(journal.closure.retrospective(goal), "pdf", target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and stat.S_IMODE(target.stat().st_mode) == 0o600
    text = _pdf_text(target)
    flat = " ".join(text.split())
    for words in ("Retrospective: Public speaking", "Summary", "Gave the talk on 12 November",
                  "Give a 10-minute talk to the team", "Also that week", "Preparation beats nerves"):
        assert words in flat, words
    assert not UUID.search(text)
    assert [key for key in EVENT_KEYS if key in text] == []
    assert "PRIVATE-DOUBT" not in flat and "private" not in flat.replace("private entry left out", "")
    # a mentorship's, private entries included on request: marked in words
    m = closed_mentorship(journal)
    other = tmp_path / "mentorship.pdf"
    journal.closure.write(journal.closure.retrospective(mentorship=m, include_private=True), "pdf", other)
    flat = " ".join(_pdf_text(other).split())
    assert "Retrospective: Mentorship with Ada" in flat and "The relationship" in flat
    assert re.search(r"PRIVATE · 2026-10-21 .{0,40}PRIVATE-DOUBT on writing", flat, re.I), flat[:400]
    assert not UUID.search(flat) and [key for key in EVENT_KEYS if key in flat] == []
    assert [n for n in os.listdir(tmp_path) if n.startswith(("threefold-pdf-", "."))] == []  # no temp left


@pytest.mark.catalogue("S163")
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP])
def test_a_pdf_stopped_half_way_leaves_no_page_and_no_browser(run, db_path, fake, tmp_path, stop):
    fake(HANGS)
    ok(run("goal", "add", "Speak"))
    ok(run("add", "-g", "Speak", "a private thought about the talk"))
    command = [sys.executable, "-c", "from journal.cli import main; main()", "--db", str(db_path),
               "retro", "Speak", "--format", "pdf", "-o", str(tmp_path / "r.pdf")]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    log = tmp_path / "log"
    for _ in range(600):  # the browser has started (it writes its helper's pid)
        if log.exists() and log.read_text().strip():
            break
        time.sleep(0.05)
    process.send_signal(stop)
    assert process.wait(timeout=60) == 128 + stop
    assert list((tmp_path / "run").iterdir()) == [] and not (tmp_path / "r.pdf").exists()
    helper = Path(f"/proc/{int(log.read_text())}/stat")
    for _ in range(400):  # generous: a loaded machine reaps it late
        if not helper.exists() or helper.read_text().split(")")[-1].split()[0] in ("Z", "X"):
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the browser's helper outlived the command")
