"""cli/quick.py reads the everyday commands as click reads them, or leaves them to click.

The tables in quick.py are held against the click commands themselves, and for a few hundred
command lines - written out and drawn at random from the tables - whatever quick takes, it
passes to the command exactly what click would have passed (issue 20).
"""

from __future__ import annotations

import random

import click
import pytest
from click.testing import CliRunner

from journal.cli import app, everyday, quick
from journal.cli.app import cli, register

RUNS = {"add": "add", "list": "list_entries", "search": "search", "show": "show", "due": "due", "sync": "sync"}


def _command(name: str) -> click.Command:
    register()
    return cli.commands[name]


def _how(param: click.Option) -> str:
    if param.is_flag:
        return quick.FLAG
    if param.multiple:
        return quick.MANY
    if isinstance(param.type, click.types.IntParamType):
        return quick.COUNT
    return quick.VALUE


@pytest.mark.parametrize("name", sorted(quick.OPTIONS))
def test_the_tables_say_what_the_click_command_says(name):
    command = _command(name)
    options = [p for p in command.params if isinstance(p, click.Option)]
    expected = {opt: (p.name, _how(p)) for p in options for opt in p.opts}
    assert quick.OPTIONS[name] == expected
    ctx = click.Context(command)
    for p in options:
        default = p.get_default(ctx)
        default = None if default is getattr(click.core, "UNSET", None) else default  # click 8.3+: "not given"
        if p.is_flag:
            assert default is False
        elif p.multiple:
            assert default is None or tuple(default) == ()
        else:
            assert quick.DEFAULTS.get(name, {}).get(p.name) == default, p.name
        if isinstance(p.type, click.Choice):
            assert quick.CHOICES[name][p.name] == tuple(p.type.choices)
        if isinstance(p.type, click.IntRange):
            assert (p.type.min, p.type.max, p.type.min_open) == (1, None, False)
    arguments = [p for p in command.params if isinstance(p, click.Argument)]
    argument, least, most = quick.ARGUMENTS[name]
    if not arguments:
        assert (argument, least, most) == (None, 0, 0)
    else:
        (only,) = arguments
        assert argument == only.name
        assert (least, most) == (1 if only.required else 0, None if only.nargs == -1 else 1)


WRITTEN = [
    ["list"], ["list", "-n", "10"], ["list", "-n", "10", "--tag", "reading"], ["list", "--tag=x", "-t", "y"],
    ["list", "-l", "f", "--starred", "--on-this-day"], ["list", "--from", "last monday", "--to", "today"],
    ["list", "--on", "june 2026", "--kind", "check-in", "--mentorship", "Sam", "-g", "Rust"],
    ["list", "--format", "json"], ["list", "--format=markdown"], ["--db", "/tmp/x.db", "list"],
    ["--db=/tmp/x.db", "list", "-n", "3"], ["search", "walk"], ["search", "walk", "-n", "10", "run"],
    ["search", "-n", "5", "walk", "--newest", "--tag", "x"], ["search", "walk OR run", "--format", "json"],
    ["show", "abc123"], ["show", "abc123", "--format", "markdown"], ["show", "--format", "json", "abc"],
    ["due"], ["due", "-n", "3"], ["due", "--all", "--quiet-days", "7"], ["due", "--format", "json"],
    ["add", "a thought"], ["add", "a", "thought", "-t", "x", "--tag", "y,z"], ["add", "-l", "insight", "so"],
    ["add", "plan", "-l", "f", "--revisit", "in 3 weeks", "-g", "Rust", "--mentorship", "Sam"],
    ["add", "met", "--kind", "meeting", "-d", "yesterday 9:30", "--title", "Talk", "--star", "--private"],
    ["add", "how", "--rate", "goals=4", "--rate", "time=2"], ["add", "said", "--from", "Dana", "--asked", "x",
                                                              "--follow-up", "y", "--follow-up-on", "friday"],
    ["add", "answer", "--answers", "abc", "--prompt", "p1"], ["add"], ["add", "--template", "weekly"],
    ["sync"], ["sync", "/tmp/Sync"], ["sync", "--status"], ["--db", "/j.db", "sync", "--status", "/tmp/S"],
    ["sync", "a", "b"],
    # forms left to click
    ["list", "-h"], ["list", "--help"], ["--version"], ["list", "-n", "0"], ["list", "-n", "x"], ["list", "-n10"],
    ["list", "--tag"], ["list", "--format", "yaml"], ["list", "--", "x"], ["list", "extra"], ["show"],
    ["show", "a", "b"], ["search"], ["add", ""], ["add", "  "], ["list", "--tag", ""], ["add", "x\udcff"],
    ["add", "-my worry"], ["list", "--limit", "3"], ["list", "-n", "3", "-n", "4"], ["--db", "", "list"],
    ["--db=", "list"], ["goal", "list"], [], ["list", "--starred=yes"], ["add", "x", "--title", "-t"],
    ["list", "-n", "99999999999999999999"],
]


def _drawn(seed: int) -> list[list[str]]:
    """Command lines made at random from the tables: options, values and words in any order."""
    rng = random.Random(seed)
    words = ["walk", "a b", "#tag", "2026-01-01", "in 3 days", "ünïcode 🌱", "x=y", "3", "OR", "'q'"]
    lines = []
    for _ in range(300):
        name = rng.choice(sorted(quick.OPTIONS))
        options = list(quick.OPTIONS[name].items())
        line = [name]
        for _ in range(rng.randint(0, 5)):
            if rng.random() < 0.35:
                line.append(rng.choice(words))
                continue
            token, (param, how) = rng.choice(options)
            value = (str(rng.randint(1, 30)) if how == quick.COUNT
                     else rng.choice(quick.CHOICES.get(name, {}).get(param, tuple(words))))
            if how == quick.FLAG:
                line.append(token)
            elif token.startswith("--") and rng.random() < 0.3:
                line.append(f"{token}={value}")
            else:
                line += [token, value]
        if rng.random() < 0.2:
            line = ["--db", "/tmp/other.db", *line]
        lines.append(line)
    return lines


def _as_click_reads(argv: list[str], monkeypatch, db_env: str | None) -> tuple[str | None, str, dict] | None:
    """What click passes to the everyday function for `argv` (None: it ran nothing)."""
    seen: list[tuple[str | None, str, dict]] = []
    monkeypatch.setattr(quick, "run", lambda argv: None)  # click alone
    for command, function in RUNS.items():
        monkeypatch.setattr(everyday, function,
                            lambda state, *args, _c=command, **kw: seen.append((state.db, _c, (args, kw))))
    env = {"JOURNAL_DB": db_env} if db_env is not None else {}
    CliRunner().invoke(app.cli, argv, env=env)
    monkeypatch.undo()
    if not seen:
        return None
    db, command, (args, kw) = seen[0]
    if args:  # the click commands pass some by position: name them as quick does
        names = list(_positional_names(command))
        kw = {**dict(zip(names, args, strict=False)), **kw}
    return db, command, kw


def _positional_names(command: str) -> list[str]:
    import inspect

    function = getattr(everyday, RUNS[command])
    return [p for p in inspect.signature(function).parameters if p != "state"]


@pytest.mark.parametrize("argv", WRITTEN + _drawn(20261129), ids=lambda argv: " ".join(argv)[:60] or "(none)")
def test_what_quick_takes_it_reads_as_click_does(argv, monkeypatch):
    for db_env in (None, "/tmp/from-env.db", ""):
        monkeypatch.delenv("JOURNAL_DB", raising=False)
        if db_env is not None:
            monkeypatch.setenv("JOURNAL_DB", db_env)
        ours = quick.parse(list(argv))
        monkeypatch.undo()
        if ours is None:
            continue
        theirs = _as_click_reads(list(argv), monkeypatch, db_env)
        assert theirs is not None, f"click ran nothing for {argv}"
        assert ours == theirs


def test_the_common_forms_are_taken():
    """The forms a person types most, and the benchmark times, do not fall back to click."""
    for argv in (["list", "-n", "10"], ["list", "-n", "10", "--tag", "x"], ["search", "walk", "-n", "10"],
                 ["show", "abc"], ["due"], ["add", "a thought", "-t", "x"], ["--db", "/j.db", "list"]):
        assert quick.parse(argv) is not None, argv
    assert sum(quick.parse(argv) is not None for argv in WRITTEN) >= 30
