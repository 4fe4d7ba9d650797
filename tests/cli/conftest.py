import json

import pytest
from click.testing import CliRunner

from journal.cli import app


class Run:
    """Invoke the real click group in-process with a fixed clock; returns click's Result."""

    def __init__(self, db_path, clock):
        self.db_path = db_path
        self.clock = clock

    def __call__(self, *args, input=None, db=True):
        argv = (["--db", str(self.db_path)] if db else []) + [str(a) for a in args]
        return CliRunner().invoke(app.cli, argv, input=input, prog_name="journal")

    def json(self, *args):
        result = self(*args, "--format", "json")
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)


@pytest.fixture
def run(db_path, clock, monkeypatch):
    monkeypatch.setattr(app, "make_clock", lambda: clock)
    runner = Run(db_path, clock)
    assert runner("init").exit_code == 0
    return runner
