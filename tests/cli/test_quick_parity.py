"""What the commands that run without click (cli/quick.py) must do as click did (helper review
of the quick way: S528, S529)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from journal.cli import main


@pytest.mark.catalogue("S528")
def test_an_ascii_output_gets_utf8_as_click_gave_it(db_path, tmp_path):
    """`PYTHONIOENCODING=ascii journal list` (or a C locale without UTF-8 coercion) printed its
    lines through click, which writes UTF-8 to a stream that says ASCII; the quick way said
    "cannot show what journal prints" and exited 1, and error lines showed é as \\xe9."""
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "JOURNAL_DB": str(db_path)}
    run = [sys.executable, "-c", "from journal.cli import main; main()"]
    assert subprocess.run([*run, "init"], env=env, capture_output=True).returncode == 0
    assert subprocess.run([*run, "add", "café ◆", "-l", "insight"], env=env, capture_output=True).returncode == 0
    listed = subprocess.run([*run, "list", "-n", "1"], env=env, capture_output=True)
    assert listed.returncode == 0, listed.stderr
    assert "◆ insight" in listed.stdout.decode("utf-8") and "café" in listed.stdout.decode("utf-8")
    refused = subprocess.run([*run, "show", "ééé"], env=env, capture_output=True)
    assert refused.returncode == 2 and "'ééé'" in refused.stderr.decode("utf-8")


@pytest.mark.catalogue("S529")
def test_ctrl_c_while_the_modules_load_is_one_line(monkeypatch, capfd):
    """Ctrl+C in the first tenth of a second (the modules loading) ended in a traceback; now the
    one line every later interrupt gets, exit 130."""
    from journal.cli import quick

    def interrupted(argv):
        raise KeyboardInterrupt

    monkeypatch.setattr(quick, "run", interrupted)
    with pytest.raises(SystemExit) as ended:
        main(["list"])
    assert ended.value.code == 130
    assert capfd.readouterr().err.strip() == "journal: interrupted; nothing was saved"
