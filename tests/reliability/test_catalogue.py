"""Every case of the fault catalogue (docs/RELIABILITY.md, "The fault catalogue") has at least one test.

Tests anywhere under tests/ name their cases with `@pytest.mark.catalogue("C21", ...)`; this
reads those markers from the source, so a case cannot silently lose its last test. At the end of
a run, tests/conftest.py prints how many cases ran, passed and were only skipped.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import CASES, CATALOGUE, catalogue_id

TESTS = Path(__file__).resolve().parents[1]


def marked_cases() -> dict[str, list[str]]:
    """{case id: ["file::test", ...]} for every catalogue marker in the test sources."""
    found: dict[str, list[str]] = {}

    def note(marks: list[ast.expr], where: str) -> None:
        for mark in marks:
            if isinstance(mark, ast.Call) and ast.unparse(mark.func) == "pytest.mark.catalogue":
                for arg in mark.args:
                    found.setdefault(catalogue_id(arg.value), []).append(where)

    for path in sorted(TESTS.rglob("test_*.py")):
        module = ast.parse(path.read_text(encoding="utf-8"))
        for node in module.body:  # `pytestmark = pytest.mark.catalogue(...)` marks every test of the file
            if isinstance(node, ast.Assign) and any(ast.unparse(t) == "pytestmark" for t in node.targets):
                value = node.value
                note(list(value.elts) if isinstance(value, (ast.List, ast.Tuple)) else [value],
                     f"{path.relative_to(TESTS)}")
        for node in ast.walk(module):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                note(node.decorator_list, f"{path.relative_to(TESTS)}::{node.name}")
    return found


def test_every_catalogue_case_has_a_test():
    every = {f"{section}{n}" for section, numbers in CATALOGUE.items() for n in numbers}
    assert len(every) == CASES == 580
    missing = sorted(every - set(marked_cases()), key=lambda c: int(c[1:]))
    assert not missing, f"catalogue cases with no test: {missing}"


@pytest.mark.catalogue("A7")
def test_a7_power_loss():
    """A7 needs a power cut (LazyFS or a VM hard reset), which this suite cannot make.

    What it would check is the durability setting: `synchronous=FULL` with WAL, so every acked
    commit has been fsynced. That setting is asserted in tests/unit/test_store.py
    (test_new_journal_has_the_safe_settings_and_modes); the power cut itself is skipped here.
    """
    pytest.skip("A7 needs a real power cut (LazyFS or a VM reset); synchronous=FULL is asserted in unit tests")
