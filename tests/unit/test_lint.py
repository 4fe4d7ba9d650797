"""The linter and the type checker run with the tests, so `python -m pytest` fails when either does.

Both read their settings from pyproject.toml (`[tool.ruff]`, `[tool.mypy]`) and run from the
project root exactly as a person would run them: `python -m ruff check`, `python -m mypy`.
They keep their caches in the checkout (.ruff_cache/, .mypy_cache/): a warm mypy run takes
about a second, a cold one a few.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing():
    result = _run("ruff", "check", "--output-format", "concise", ".")
    assert result.returncode == 0, f"ruff check failed:\n{result.stdout}{result.stderr}"


def test_mypy_finds_nothing():
    result = _run("mypy")
    assert result.returncode == 0, f"mypy failed:\n{result.stdout}{result.stderr}"
