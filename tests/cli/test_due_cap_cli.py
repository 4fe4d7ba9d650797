"""`journal due` on a journal with many items of one kind (issue 20): at most N of each kind,
longest waiting first, the rest counted with the way to see them; JSON keeps every item."""

from __future__ import annotations

import pytest

from journal.services import EntryInput, Journal


def fill(db_path, clock, n: int) -> None:
    journal = Journal.open(db_path, clock=clock)
    try:
        for i in range(n):
            journal.entries.write(EntryInput(f"Expectation {i}", lens="foresight", revisit=f"2026-10-{1 + i:02d}",
                                             when="2026-09-30"))
    finally:
        journal.close()


def looks_back(text: str) -> list[str]:
    return [line.split(": ", 1)[1].split(" (")[0] for line in text.splitlines() if line.startswith("Look back:")]


@pytest.mark.catalogue("R142")
def test_due_shows_ten_of_a_kind_and_counts_the_rest(run, db_path, clock):
    fill(db_path, clock, 13)
    out = run("due").stdout
    assert looks_back(out) == [f"Expectation {i}" for i in range(10)]  # longest waiting first
    assert "… and 3 more of “Look back” (`journal due --all` lists them)" in out
    assert len(looks_back(run("due", "--all").stdout)) == 13 and "more of" not in run("due", "--all").stdout
    assert looks_back(run("due", "-n", "2").stdout) == ["Expectation 0", "Expectation 1"]
    assert len(run.json("due")) == 13


def test_a_short_list_has_no_count_line(run, db_path, clock):
    fill(db_path, clock, 3)
    out = run("due").stdout
    assert len(looks_back(out)) == 3 and "more of" not in out
