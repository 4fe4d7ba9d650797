"""The retrospective's hint for its closure conversation names a command it counts (catalogue S391)."""

from __future__ import annotations

import re

import pytest


@pytest.mark.catalogue("S391")
def test_the_closure_hint_files_the_entry_where_the_retrospective_looks(run):
    assert run("mentorship", "add", "Cy", "--since", "2026-09-01").exit_code == 0
    assert run("mentorship", "close", "Cy", "--on", "2026-11-20").exit_code == 0
    retro = run("retro", "--mentorship", "Cy").stdout
    [command] = re.findall(r"No closure entries yet \(`(journal add --template closure [^`]*)`\)", retro)
    assert command.endswith(" -d 2026-11-20") and " --mentorship " in command
    # the command as given, with the closure kind and text instead of the editor's template
    args = command.split()[1:]
    args.remove("--template")
    args.remove("closure")
    result = run(*args, "--kind", "closure", "--lens", "insight", "I learned to listen.")
    assert result.exit_code == 0, result.stderr
    assert "I learned to listen." in run("retro", "--mentorship", "Cy").stdout
    assert run("goal", "add", "Talk").exit_code == 0
    goal_retro = run("retro", "Talk").stdout
    assert re.search(r"`journal add --template closure -g [0-9a-f]{8}`", goal_retro), goal_retro
