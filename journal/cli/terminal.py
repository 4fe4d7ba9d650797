"""Printing lines and colours without click, for the commands that run without it (cli/quick.py).

`echo` and `style` do what `click.echo` and `click.style` do for what journal prints (one line of
text, a colour or bold): colour codes are stripped unless the stream is a terminal, and never
kept when NO_COLOR or TERM=dumb asked for none (`colour`); a stream whose encoding is ASCII (a
C locale with no UTF-8 coercion, PYTHONIOENCODING=ascii) gets UTF-8, as click decides; every
line is flushed.
tests/unit/test_terminal.py holds them side by side with click's.
"""

from __future__ import annotations

import re
import sys

_COLOURS = {"green": 32, "yellow": 33, "blue": 34, "magenta": 35, "cyan": 36, "bright_blue": 94}
_RESET = "\033[0m"
_CODES = re.compile(r"\033\[[0-?]*[ -/]*[@-~]")

colour: bool | None = None
"""None: colours to a terminal only; False: never (set where NO_COLOR or TERM=dumb is seen)."""


def no_colour_asked(environ: dict[str, str] | None = None) -> bool:
    """NO_COLOR set (to anything but empty), or a dumb terminal, which shows codes raw (S226)."""
    import os

    env = os.environ if environ is None else environ
    return bool(env.get("NO_COLOR")) or env.get("TERM") == "dumb"


def style(text: str, fg: str | None = None, bold: bool = False) -> str:
    """`text` in colour `fg` and/or bold, then every style reset."""
    codes = (f"\033[{_COLOURS[fg]}m" if fg else "") + ("\033[1m" if bold else "")
    return f"{codes}{text}{_RESET}"


def _is_terminal(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except Exception:  # no such method, or a closed stream
        return False


def echo(message: str = "", err: bool = False) -> None:
    """`message` and a newline on stdout (stderr with `err`), colour codes stripped unless it is
    a terminal that may show them."""
    stream = sys.stderr if err else sys.stdout
    if stream is None:
        return
    out = f"{message}\n"
    if colour is False or not _is_terminal(stream):
        out = _CODES.sub("", out)
    buffer = getattr(stream, "buffer", None)
    if buffer is not None and _ascii(stream):  # as click: an ASCII stream is a misconfigured UTF-8 one
        stream.flush()
        buffer.write(out.encode("utf-8", "replace"))
        buffer.flush()
        return
    stream.write(out)
    stream.flush()


def _ascii(stream: object) -> bool:
    import codecs

    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "ascii"
    except LookupError:
        return False
