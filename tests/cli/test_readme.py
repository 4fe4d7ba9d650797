"""The README's quick-start examples run as written, on a fresh default journal."""

import os
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def _examples() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    example = next(b for b in blocks if "journal goal add" in b)
    return [line for line in example.splitlines() if line.strip()]


def test_quick_start_examples_run(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "journal"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m journal "$@"\n')
    shim.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "XDG_DATA_HOME": str(tmp_path / "data")}
    env.pop("JOURNAL_DB", None)
    outputs = []
    for line in _examples():
        result = subprocess.run(line, shell=True, env=env, capture_output=True, text=True)
        assert result.returncode == 0, (line, result.stderr)
        assert "Traceback" not in result.stderr
        outputs.append(result.stdout)
    assert (tmp_path / "data" / "journal" / "journal.db").exists()
    assert "First day with my mentor" in outputs[3] and "outline" in outputs[4]
