"""The shape of the code: import direction, start-up cost of the CLI, one clock, help everywhere."""

import json
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

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
heavy = sorted(m for m in sys.modules
               if m.split(".")[0] in {"textual", "rich", "markdown_it", "sqlite_utils", "platformdirs", "dateutil"})
print(json.dumps(heavy), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args",
    [["add", "a quick thought", "-t", "x"], ["list", "-n", "10"], ["search", "thought"], ["list", "--tag", "x"]],
)
def test_the_hot_cli_path_stays_light(tmp_path, args):
    env = {"PATH": "/usr/bin:/bin", "XDG_DATA_HOME": str(tmp_path), "HOME": str(tmp_path)}
    subprocess.run([sys.executable, "-m", "journal", "init"], env=env, check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "journal", "add", "seed thought"], env=env, check=True, capture_output=True)
    result = subprocess.run([sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True)
    heavy = json.loads(result.stderr.strip().splitlines()[-1])
    assert heavy == [], f"{args[0]} imported {heavy}"


def test_only_clock_reads_the_wall_clock():
    pattern = re.compile(r"datetime\.now\(|date\.today\(|datetime\.utcnow\(|time\.time\(\)|datetime\.today\(")
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "journal").rglob("*.py")
        if path.name != "clock.py" and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def _commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
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
