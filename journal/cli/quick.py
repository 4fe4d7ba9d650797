"""The quick way in: the everyday commands run without importing click.

`journal add`, `list`, `search`, `show`, `due` and `sync` are what a person runs many times a day, and
importing click (with the `inspect`, `uuid` and `platform` it pulls in) was a fifth of their
time (issue 20). When the arguments are in a plain form this reads - known options, each single
one once, values that are not empty and do not start with `-` - the command runs from here,
through the very functions its click command calls (everyday.py), ending as the click group
ends (endings.py). Anything else - help, a mistake, `--`, an option glued to its value, text
that is not UTF-8, shell completion - returns without a word, and click parses it as always.

tests/unit/test_quick.py holds the tables below against the click commands and checks that,
for every form this takes, it reads what click reads.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/ARCHITECTURE.md, start-up)
if TYPE_CHECKING:
    from typing import Any

FLAG, VALUE, MANY, COUNT = "flag", "value", "many", "count"

_FILTERS: dict[str, tuple[str, str]] = {
    "-n": ("limit", COUNT), "-l": ("lens", VALUE), "--lens": ("lens", VALUE), "-g": ("goals", MANY),
    "--goal": ("goals", MANY), "-t": ("tags", MANY), "--tag": ("tags", MANY), "--from": ("date_from", VALUE),
    "--to": ("date_to", VALUE), "--on": ("on", VALUE), "--starred": ("starred", FLAG),
    "--on-this-day": ("on_this_day", FLAG), "--kind": ("kind", VALUE), "--mentorship": ("mentorship", VALUE),
    "--format": ("fmt", VALUE),
}

OPTIONS: dict[str, dict[str, tuple[str, str]]] = {
    "list": _FILTERS,
    "search": {**_FILTERS, "--newest": ("newest", FLAG)},
    "show": {"--format": ("fmt", VALUE)},
    "due": {"--quiet-days": ("quiet_days", COUNT), "-n": ("per_kind", COUNT), "--all": ("show_all", FLAG),
            "--format": ("fmt", VALUE)},
    "sync": {"--status": ("status", FLAG)},
    "add": {
        "-l": ("lens", VALUE), "--lens": ("lens", VALUE), "-g": ("goals", MANY), "--goal": ("goals", MANY),
        "-t": ("tags", MANY), "--tag": ("tags", MANY), "-d": ("when", VALUE), "--date": ("when", VALUE),
        "--title": ("title", VALUE), "--star": ("star", FLAG), "--private": ("private", FLAG),
        "--kind": ("kind", VALUE), "--mentorship": ("mentorship", VALUE), "--revisit": ("revisit", VALUE),
        "--answers": ("answers", VALUE), "--prompt": ("prompt_id", VALUE), "--template": ("template_set", VALUE),
        "--rate": ("ratings", MANY), "--from": ("giver", VALUE), "--asked": ("asked", VALUE),
        "--follow-up": ("follow_up", VALUE), "--follow-up-on": ("follow_up_on", VALUE),
    },
}
"""Each command's options: the option as typed -> (its parameter, how it takes a value)."""

ARGUMENTS: dict[str, tuple[str | None, int, int | None]] = {
    "list": (None, 0, 0), "search": ("query", 1, None), "show": ("entry_id", 1, 1), "due": (None, 0, 0),
    "add": ("text", 0, None), "sync": ("folder", 0, 1),
}
"""Each command's words that are no option: (parameter, at least, at most; None: any number)."""

CHOICES: dict[str, dict[str, tuple[str, ...]]] = {
    "list": {"fmt": ("text", "json", "markdown")}, "search": {"fmt": ("text", "json", "markdown")},
    "show": {"fmt": ("text", "json", "markdown")}, "due": {"fmt": ("text", "json")},
}
"""Parameters that take one of a few words (as click's Choice: exactly as written)."""

DEFAULTS: dict[str, dict[str, object]] = {"list": {"fmt": "text"}, "search": {"fmt": "text"},
                                         "show": {"fmt": "text"}, "due": {"fmt": "text", "per_kind": 10}}
"""Defaults other than None, () and False."""


def _plain(word: str) -> bool:
    """A word this reads as click would: not empty or blank (those click refuses or repairs) and
    all of it UTF-8 (a byte that is not comes as a lone surrogate, which click's group repairs)."""
    return bool(word.strip()) and not any("\ud800" <= ch <= "\udfff" for ch in word)


def parse(argv: list[str]) -> tuple[str | None, str, dict[str, object]] | None:
    """(--db, command, its parameters as click would pass them) or None: not a form read here."""
    if "_JOURNAL_COMPLETE" in os.environ or not all(_plain(word) for word in argv):
        return None
    words = list(argv)
    db = None
    if words[:1] == ["--db"] and len(words) > 1 and not words[1].startswith("-"):
        db, words = words[1], words[2:]
    elif words[:1] and words[0].startswith("--db="):
        db, words = words[0].removeprefix("--db="), words[1:]
        if not _plain(db):
            return None
    if not words or words[0] not in OPTIONS:
        return None
    command, rest = words[0], words[1:]
    options = OPTIONS[command]
    params: dict[str, object] = {}
    for name, how in options.values():
        params[name] = () if how == MANY else False if how == FLAG else None
    params.update(DEFAULTS.get(command, {}))
    seen: set[str] = set()
    positional: list[str] = []
    while rest:
        word = rest.pop(0)
        if not word.startswith("-"):
            positional.append(word)
            continue
        token, glued, value = word.partition("=") if word.startswith("--") else (word, "", "")
        if token not in options:
            return None
        name, how = options[token]
        if how == FLAG:
            if glued:
                return None
            params[name] = True
            continue
        if not glued:
            if not rest:
                return None
            value = rest.pop(0)
        if not _plain(value) or value.startswith("-"):
            return None
        if how == MANY:
            params[name] = (*params[name], value)  # type: ignore[misc]
            continue
        if name in seen:  # given twice: click keeps the last; left to it
            return None
        seen.add(name)
        if how == COUNT:
            if not value.isascii() or not value.isdigit() or len(value) > 18 or int(value) < 1:
                return None
            params[name] = int(value)
        elif value not in CHOICES.get(command, {}).get(name, (value,)):
            return None
        else:
            params[name] = value
    argument, least, most = ARGUMENTS[command]
    if len(positional) < least or (most is not None and len(positional) > most):
        return None
    if argument is not None:
        params[argument] = (positional[0] if positional else None) if most == 1 else tuple(positional)
    if db is None:
        db = os.environ.get("JOURNAL_DB") or None
    return db, command, params


def run(argv: list[str]) -> None:
    """Run `argv` here and exit, when it is an everyday command in a form `parse` reads; else
    return, having printed nothing, for click to take it."""
    parsed = parse(argv)
    if parsed is None:
        return
    db, command, params = parsed
    from journal.cli import everyday, terminal  # ctrl+c while these load: journal.cli.main says it
    from journal.cli.endings import closed_pipe, discard_stdout, end
    from journal.cli.state import Context

    terminal.colour = False if terminal.no_colour_asked() else None
    run_command: Any = {"add": everyday.add, "list": everyday.list_entries, "search": everyday.search,
                   "show": everyday.show, "due": everyday.due, "sync": everyday.sync}[command]
    state = Context(db)
    try:
        try:
            run_command(state, **params)
        finally:
            state.close()
    except (KeyboardInterrupt, EOFError) as exc:
        terminal.echo(err=True)  # the terminal's ^C line ends first, as click ends it
        end(exc)
    except Exception as exc:
        if closed_pipe(exc):  # `journal list | head`: quietly, exit 1, as click does
            discard_stdout()
            sys.exit(1)
        end(exc)
    sys.exit(0)
