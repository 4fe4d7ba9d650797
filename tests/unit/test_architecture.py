"""The shape of the code: import direction, start-up cost of the CLI, one clock, help everywhere."""

import json
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from journal.store import engine

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_hold():
    result = subprocess.run(
        [sys.executable, "-c",
         "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


PROBE = """
import json, sys
from journal.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""

HEAVY_PACKAGES = {"textual", "rich", "markdown_it", "sqlite_utils", "platformdirs", "dateutil", "keyring"}
HEAVY_MODULES = (  # ours that only some commands need: the TUI, sync, import and export, retrospectives
    "journal.tui", "journal.services.sync", "journal.store.sync", "journal.io", "journal.services.transfer",
    "journal.store.transfer", "journal.services.closure", "journal.services.timeline", "journal.prompts",
)


def _is_heavy(module: str) -> bool:
    return module.split(".")[0] in HEAVY_PACKAGES or any(
        module == ours or module.startswith(ours + ".") for ours in HEAVY_MODULES)


def _command_modules(modules: list[str]) -> set[str]:
    """The journal/cli modules that define commands, of those imported."""
    from journal.cli.app import COMMANDS

    defining = {f"journal.cli.{module}" for module, _ in COMMANDS.values()}
    return {module for module in modules if module in defining}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """A journal with one entry, made once, and the environment the commands run in."""
    home = tmp_path_factory.mktemp("light")
    env = {"PATH": "/usr/bin:/bin", "XDG_DATA_HOME": str(home), "HOME": str(home), "TZ": "Europe/Berlin"}
    subprocess.run([sys.executable, "-m", "journal", "init"], env=env, check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "journal", "add", "seed thought", "-l", "foresight", "--revisit",
                    "tomorrow"], env=env, check=True, capture_output=True)
    listed = subprocess.run([sys.executable, "-m", "journal", "list", "--format", "json"],
                            env=env, check=True, capture_output=True, text=True)
    return env, json.loads(listed.stdout)[0]["id"][:8]


HOT = [
    ["add", "a quick thought", "-t", "x"],
    ["list", "-n", "10"],
    ["search", "thought"],
    ["list", "-n", "10", "--tag", "x"],
    ["show", "{id}"],
    ["due"],
]


QUICK_FREE = ("click", "dataclasses", "inspect", "typing", "uuid", "platform", "_strptime", "threading", "glob",
              "tomllib")
"""What the quick way in (cli/quick.py), journal/record.py and the lazy imports keep out of the
everyday commands: click, dataclasses; typing (TYPE_CHECKING = False in every module they load);
uuid with platform (session.new_id), strptime (backups), threading (process), glob (crypt), and
tomllib without a config file that needs it (config.plain_toml)."""


@pytest.mark.parametrize("args", HOT, ids=lambda args: " ".join(args))
def test_the_hot_cli_path_stays_light(seeded, args):
    """No Textual, Rich, third-party parsers or the keyring, no TUI, sync, import/export or
    retrospective code; and nothing of QUICK_FREE nor a command module either: the everyday
    commands run through cli/quick.py."""
    env, entry_id = seeded
    argv = [arg.format(id=entry_id) for arg in args]
    result = subprocess.run([sys.executable, "-c", PROBE, *argv], env=env, capture_output=True, text=True)
    assert "journal:" not in result.stderr, result.stderr  # the command itself worked
    modules = json.loads(result.stderr.strip().splitlines()[-1])
    heavy = [module for module in modules if _is_heavy(module)]
    assert heavy == [], f"{args[0]} imported {heavy}"
    if engine.ENCRYPTION:  # sqlcipher3 is the driver: the stdlib module would be a second one to load
        assert "sqlite3" not in modules, f"{args[0]} imported the stdlib sqlite3 (annotations: TYPE_CHECKING)"
    assert [m for m in modules if m.split(".")[0] in QUICK_FREE] == []
    assert _command_modules(modules) == set()
    assert "journal.cli.app" not in modules


@pytest.mark.parametrize("args", [["list", "-h"], ["list", "--tag"], ["show"], ["list", "-n", "0"]],
                         ids=lambda args: " ".join(args))
def test_forms_the_quick_way_leaves_to_click_import_only_the_command_needed(seeded, args):
    """Help and mistakes go to click, with the one command module that defines the command."""
    from journal.cli.app import COMMANDS

    env, _ = seeded
    result = subprocess.run([sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True)
    modules = json.loads(result.stderr.strip().splitlines()[-1])
    assert "click" in modules
    assert [module for module in modules if _is_heavy(module)] == []
    assert _command_modules(modules) == {f"journal.cli.{COMMANDS[args[0]][0]}"}


def test_version_and_help_import_no_command_and_no_service(seeded):
    env, _ = seeded
    for args in (["--version"], ["--help"]):
        result = subprocess.run([sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True)
        modules = json.loads(result.stderr.strip().splitlines()[-1])
        ours = [m for m in modules if m.startswith("journal.") and m not in (
            "journal.cli", "journal.cli.app", "journal.cli.quick", "journal.cli.state", "journal.cli.terminal",
            "journal.cli.endings")]
        assert all(m.startswith(("journal.domain", "journal.patterns")) for m in ours), f"{args} imported {ours}"


EAGER_HELP = """
from journal.cli.app import cli, register
register()
cli.main(["--help"], prog_name="journal")
"""


def test_help_lists_every_command_as_click_would_from_the_commands_themselves(seeded):
    """`journal --help` is made from the COMMANDS table without importing the commands; it must
    read exactly as click's own listing made from the imported commands."""
    from journal.cli.app import cli, register

    env, _ = seeded
    env = {**env, "COLUMNS": "80"}
    lazy = subprocess.run([sys.executable, "-m", "journal", "--help"], env=env,
                          capture_output=True, text=True, check=True).stdout
    eager = subprocess.run([sys.executable, "-c", EAGER_HELP], env=env, capture_output=True, text=True, check=True)
    assert lazy == eager.stdout
    register()
    ctx = click.Context(cli, info_name="journal", terminal_width=78)
    formatter = ctx.make_formatter()
    click.Group.format_commands(cli, ctx, formatter)  # click's own listing, through get_command
    assert formatter.getvalue() in lazy


def test_the_command_table_is_the_commands():
    """Every top-level command is in COMMANDS, with the module that defines it and its short help
    (the first sentence of its docstring); a new command module is listed there too."""
    import importlib

    from journal.cli.app import COMMANDS, cli, register

    register()
    for path in sorted((ROOT / "journal" / "cli").glob("*.py")):  # any module that adds a command
        importlib.import_module(f"journal.cli.{path.stem}") if path.stem != "__init__" else None
    assert sorted(cli.commands) == sorted(COMMANDS)
    for name, command in cli.commands.items():
        module, short = COMMANDS[name]
        assert command.callback is not None and command.callback.__module__ == f"journal.cli.{module}", name
        assert not command.hidden and not command.deprecated and not command.short_help, name
        stand_in = click.Command(name, help=short)
        for limit in (20, 45, 60, 200, 10_000):
            assert stand_in.get_short_help_str(limit) == command.get_short_help_str(limit), (name, limit)
        assert stand_in.get_short_help_str(10_000) == short, f"{name}: the table's text is not the whole sentence"


def test_a_tab_offers_every_command_with_its_short_help(seeded):
    """Completing a command name imports no command module and offers what click would."""
    from journal.cli.app import cli, register

    env, _ = seeded
    tab = {**env, "_JOURNAL_COMPLETE": "zsh_complete", "COMP_WORDS": "journal ", "COMP_CWORD": "1"}
    lazy = subprocess.run([sys.executable, "-m", "journal"], env=tab, capture_output=True, text=True, check=True)
    register()
    ctx = cli.make_context("journal", [], resilient_parsing=True)
    eager = click.Group.shell_complete(cli, ctx, "")
    offered = lazy.stdout.splitlines()
    assert offered == [line for item in eager for line in (item.type, item.value, item.help or "_")]
    assert {"add", "list", "workplan"} <= set(offered)


def test_only_clock_reads_the_wall_clock():
    pattern = re.compile(r"datetime\.now\(|date\.today\(|datetime\.utcnow\(|time\.time\(\)|datetime\.today\(")
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "journal").rglob("*.py")
        if path.name != "clock.py" and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.catalogue("S293")
def test_only_drafts_and_bookkeeping_write_without_the_damage_check():
    """Every write a person asks for goes through `Session.writing()` (a journal found damaged is
    refused, the daily backup follows); `Session.write()` is for what must never be refused or is
    sync's, a purge's or an import's own bookkeeping. A new service writing through it is named here."""
    allowed = {"drafts.py": 5, "sync.py": 10, "privacy.py": 1, "entries.py": 1, "transfer.py": 1}
    found = {path.name: n for path in (ROOT / "journal" / "services").glob("*.py")
             if (n := len(re.findall(r"\bs(?:ession|elf\.session)?\.write\(\)", path.read_text(encoding="utf-8"))))}
    assert found == allowed


def _commands(group: click.Group, prefix=()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, f"{' '.join((*prefix, name))} is listed but does not load"
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


def test_every_command_has_help():
    from click.testing import CliRunner

    from journal.cli.app import cli

    for path, command in _commands(cli):
        assert command.help and command.help.strip(), f"{' '.join(path)} has no help"
        result = CliRunner().invoke(cli, [*path, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output, path
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{' '.join(path)} {param.opts} has no help"


def test_version_and_python_dash_m():
    result = subprocess.run([sys.executable, "-m", "journal", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and "threefold-journal" in result.stdout


def test_screens_use_what_they_were_given_not_the_apps_attributes():
    """Screens and widgets get the journal (and the draft keeper) in their constructor; the app's
    own attributes are not theirs to reach for (only Textual's App API: push_screen, notify...)."""
    pattern = re.compile(r"self\.app\.(journal|keeper|draft|checkpoint|open_\w+|edit_entry|refresh_views|act_on_due)\b")
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for folder in ("screens", "widgets")
        for path in (ROOT / "journal" / "tui" / folder).rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_every_screen_uses_the_footer_that_rebuilds_only_on_change():
    """Textual's Footer rebuilds its keys on every focus change (five times as compose opened);
    every screen shows `KeysFooter` instead (widgets/footer.py, the one place that names Footer)."""
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in (ROOT / "journal" / "tui").rglob("*.py") if path.name != "footer.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bFooter\b", line)
    ]
    assert offenders == []
