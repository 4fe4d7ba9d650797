"""`journal timeline` prints what it printed before issue 20 made it fast (plain and coloured).

The expected files were written by the timeline before issue 20 for the journal that
tests/io/fixtures/bulk/input.json imports: a goal by day, week and month, a mentorship, a tag
and the whole journal; each plain (a pipe) and coloured (a terminal). Since S183 a revisit
that is answered says so ("; answered"), the one change made to them on purpose.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import journal.cli.app as app
import journal.cli.state as state
from journal.services import Journal

FIXTURES = Path(__file__).parent.parent / "io" / "fixtures" / "bulk"
CASES = {
    "goal-day": ["timeline", "Speak"], "goal-week": ["timeline", "Speak", "--by", "week"],
    "goal-month": ["timeline", "Speak", "--by", "month"], "mentorship": ["timeline", "--mentorship", "Ada"],
    "journal": ["timeline"], "tag": ["timeline", "--tag", "work", "--gap-days", "3"],
}


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    from tests.conftest import NOW
    from journal.clock import FixedClock

    clock = FixedClock(NOW, zone="Europe/Berlin")
    db = tmp_path_factory.mktemp("timeline") / "j.db"
    with Journal.open(db, clock=clock, create=True) as journal:
        assert journal.transfer.import_file(FIXTURES / "input.json").new == 36
    return db, clock


@pytest.mark.parametrize("color", [False, True], ids=["plain", "color"])
@pytest.mark.parametrize("case", list(CASES))
def test_timeline_prints_what_it_printed(imported, monkeypatch, case, color):
    db, clock = imported
    monkeypatch.setattr(state, "make_clock", lambda: clock)
    result = CliRunner().invoke(app.cli, ["--db", str(db), *CASES[case]],
                                env={"COLUMNS": "100", "NO_COLOR": None}, color=color)
    assert result.exit_code == 0, result.output
    expected = FIXTURES / f"timeline-{case}{'-color' if color else ''}.txt"
    assert result.stdout == expected.read_text(encoding="utf-8")


def test_piped_timeline_never_loads_rich(imported):
    """Plain text (a pipe) is written without Rich: its import alone cost a 5,000-entry goal's
    timeline a fifth of its time."""
    db, _ = imported
    code = ("import sys, runpy\n"
            f"sys.argv = ['journal', '--db', {str(db)!r}, 'timeline', 'Speak']\n"
            "try:\n    runpy.run_module('journal', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "print('RICH' if any(m == 'rich' or m.startswith('rich.') for m in sys.modules) else 'NO RICH', "
            "file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={"PATH": "/usr/bin:/bin", "TZ": "UTC", "HOME": str(db.parent)})
    assert "Speak" in done.stdout
    assert done.stderr.strip().endswith("NO RICH")
