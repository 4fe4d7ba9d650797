"""A retrospective as PDF: its HTML page printed by a headless Chromium (optional).

Why Chromium and not a pure-Python renderer: the PDF is for people who attach a file to an
email, so it should look exactly like the page they reviewed and printed, and that page's
print stylesheet already does the work (no heading left at a page's foot, quotes kept whole,
the collapsed timeline printed, margins). A browser prints that CSS faithfully, the inline
SVG chart and every script (Arabic, CJK, emoji) included. The pure-Python renderers either
rebuild HTML layout themselves with large native dependencies (WeasyPrint: Pango and friends,
hundreds of milliseconds to import) or draw PDFs from code (a second layout of the whole
document to keep in step with the HTML, no bidi text). A browser is an optional program the
user may already have; nothing is imported for it, and without one the CLI says what to do.

Which browser: `$JOURNAL_BROWSER` (a command name or a path) or the first of `BROWSERS` on
PATH. The page and the browser's profile go into a private (0700) temporary folder, in RAM
where there is one ($XDG_RUNTIME_DIR or /dev/shm when writable), else beside the target, and
are removed whatever happens; the browser runs with a time limit and without network, sync,
extensions or first-run work. The PDF is then written like every export: 0600, atomically,
never through a symbolic link (`files.export_file`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from journal import process
from journal.domain.errors import BadValue, JournalError

ENV = "JOURNAL_BROWSER"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT = 90.0
"""Seconds the browser may take to print the page (a cold start takes a few)."""
PAPER = "@page{size:A4}"
"""Added to the page the browser prints: the PDF is A4 (a printed page keeps the reader's paper)."""
NO_BROWSER = ("A PDF needs Chromium or Google Chrome, and none was found: install chromium (or set "
              f"{ENV} to a browser), or write --format html and print it to PDF from a browser.")


class PdfFailed(JournalError):
    """The browser ran but made no PDF (it failed, or took too long)."""

    exit_code = 1


def find_browser(environ: Mapping[str, str] | None = None) -> str | None:
    """The browser to print with: $JOURNAL_BROWSER (a name on PATH or a path), else the first of
    BROWSERS on PATH; None when there is none (an unusable $JOURNAL_BROWSER counts as none)."""
    env = os.environ if environ is None else environ
    chosen = env.get(ENV, "").strip()
    path = env.get("PATH")
    if chosen:
        return shutil.which(chosen, path=path)
    for name in BROWSERS:
        found = shutil.which(name, path=path)
        if found:
            return found
    return None


def _scratch_parents(near: Path) -> list[Path]:
    """Where the temporary folder may go, best first: RAM-backed folders, then beside the target."""
    found = []
    for candidate in (os.environ.get("XDG_RUNTIME_DIR", ""), "/dev/shm"):
        if candidate and os.path.isdir(candidate) and os.access(candidate, os.W_OK | os.X_OK):
            found.append(Path(candidate))
    found.append(near)
    return found


def _command(browser: str, profile: Path, page: Path, pdf: Path) -> list[str]:
    command = [browser, "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-extensions", "--disable-default-apps", "--mute-audio", "--no-pdf-header-footer",
               "--print-to-pdf-no-header", f"--user-data-dir={profile}", f"--disk-cache-dir={profile / 'cache'}",
               f"--print-to-pdf={pdf}", page.as_uri()]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # Chromium refuses to run as root inside its sandbox
        command.insert(1, "--no-sandbox")
    return command


def _run(command: list[str], folder: Path, timeout: float) -> None:
    """Run the browser in its own process group (its helpers die with it), within `timeout`."""
    env = {**os.environ, "HOME": str(folder), "XDG_CONFIG_HOME": str(folder / "config"),
           "XDG_CACHE_HOME": str(folder / "cache")}
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, cwd=folder, env=env, start_new_session=True)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        raise PdfFailed(f"The browser did not finish the PDF within {timeout:g} seconds; nothing was written. "
                        "Try again, or write --format html and print it from a browser.") from None
    finally:
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=5)


def html_to_pdf(page: str, near: Path, *, browser: str | None = None, timeout: float = TIMEOUT) -> bytes:
    """The HTML `page` printed to PDF by a headless browser; `near` is the folder of the target
    (the fallback place for the temporary folder). BadValue when there is no browser, PdfFailed
    when it makes no PDF."""
    browser = browser or find_browser()
    if browser is None:
        raise BadValue(NO_BROWSER)
    printable = page.replace("<style>", f"<style>{PAPER}", 1)
    with process.ends_cleanly():  # asked to stop or hung up: the page and the browser still go (S163)
        return _print(browser, printable, near, timeout)


def _print(browser: str, printable: str, near: Path, timeout: float) -> bytes:
    last: PdfFailed | None = None
    for parent in _scratch_parents(near):
        try:
            folder = Path(tempfile.mkdtemp(prefix="threefold-pdf-", dir=parent))  # 0700
        except OSError:
            continue
        try:
            source, pdf = folder / "retrospective.html", folder / "retrospective.pdf"
            fd = os.open(source, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(printable)
            _run(_command(browser, folder / "profile", source, pdf), folder, timeout)
            data = pdf.read_bytes() if pdf.is_file() else b""
            if data.startswith(b"%PDF"):
                return data
            # a confined browser (a snap) may not read RAM folders: the next place is tried
            last = PdfFailed("The browser made no PDF; nothing was written. "
                             "Write --format html and print it to PDF from a browser.")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    raise last or PdfFailed("No private temporary folder could be made for the PDF; nothing was written.")
