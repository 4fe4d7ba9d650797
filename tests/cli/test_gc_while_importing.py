"""The console entry imports the CLI with garbage collection off (a hot command's modules make
many objects and free none) and turns it on again when the journal opens, so a long command
(an import, an export, a sync) collects as usual (issue 20)."""

from __future__ import annotations

import gc

import pytest

from journal.cli import main


def test_collection_is_on_again_once_the_journal_opens(journal, db_path, monkeypatch):
    from journal.cli import app

    seen = []
    opened = app.Context.journal

    def journal(self):
        found = opened(self)
        seen.append(gc.isenabled())
        return found

    monkeypatch.setattr(app.Context, "journal", journal)
    try:
        with pytest.raises(SystemExit) as ended:
            main(["--db", str(db_path), "list", "-n", "1"])
        assert ended.value.code == 0
        assert seen == [True]
    finally:
        gc.enable()


def test_a_command_that_opens_no_journal_ends_with_collection_off(capsys):
    try:
        with pytest.raises(SystemExit):
            main(["--version"])
        assert not gc.isenabled()  # the process ends here: nothing to collect for
    finally:
        gc.enable()
