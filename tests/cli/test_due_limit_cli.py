"""`journal due` reads only the first N items of each kind and counts the rest in SQLite (issue 20):
what it prints is the whole list's first N of each kind, in the whole list's order, and the
count lines of the kinds left out; `--all` and JSON list every item."""

from __future__ import annotations

import pytest

from journal.cli.everyday import _LABELS
from journal.services import Journal
from tests.unit.test_due_limit import _everything


@pytest.fixture
def busy(run, db_path, clock):
    """A journal with 12 items of each kind due (and some that must not be)."""
    journal = Journal.open(db_path, clock=clock)
    try:
        _everything(journal, clock, 12)
    finally:
        journal.close()
    return run


def _label(line: str) -> str:
    return next(kind for kind, label in _LABELS.items() if line.startswith(f"{label}: "))


@pytest.mark.parametrize("per_kind", [None, 1, 3, 12])
def test_the_listing_is_the_whole_lists_first_of_each_kind(busy, per_kind):
    every = busy("due", "--all").stdout.splitlines()
    assert len(every) == 72 and not any(line.startswith("…") for line in every)
    args = ("due",) if per_kind is None else ("due", "-n", str(per_kind))
    limit = 10 if per_kind is None else per_kind
    seen: dict[str, int] = {}
    expected = []
    for line in every:
        kind = _label(line)
        seen[kind] = seen.get(kind, 0) + 1
        if seen[kind] <= limit:
            expected.append(line)
    expected += [f"… and {count - limit} more of “{_LABELS[kind]}” (`journal due --all` lists them)"
                 for kind, count in seen.items() if count > limit]
    assert busy(*args).stdout.splitlines() == expected


def test_json_lists_every_item_in_the_same_order(busy):
    items = busy.json("due")
    lines = busy("due", "--all").stdout.splitlines()
    assert len(items) == len(lines) == 72
    assert [item["kind"] for item in items] == [_label(line) for line in lines]


def test_nothing_due_says_so(run):
    for args in (("due",), ("due", "-n", "1"), ("due", "--all")):
        result = run(*args)
        assert result.stdout == "" and result.stderr == "Nothing is due. Well kept.\n"
