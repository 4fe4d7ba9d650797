"""Catalogue S170-S172, S182, S187 and S188: what a review of backups, restore and doctor found (stop 31).

Run as real processes where the fault is about the file system: a backups folder its owner
cannot list (root is stripped of the powers that ignore file modes, with setpriv).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC

import pytest

from journal.domain.model import EntryInput
from journal.services import Journal
from journal.store import backups, daily_backup

from tests.cli.expect import fails, ok
from .conftest import MARKER, count, one_clean_line

SETPRIV = shutil.which("setpriv")
WITHOUT_ROOT_POWERS = [SETPRIV or "setpriv", "--inh-caps=-dac_override,-dac_read_search,-fowner",
                       "--bounding-set=-dac_override,-dac_read_search,-fowner"]


def _file_modes_hold() -> list[str] | None:
    """The prefix under which this user is held to file modes ([] when not root), or None."""
    if os.geteuid() != 0:
        return []
    if SETPRIV is None:
        return None
    probe = subprocess.run([*WITHOUT_ROOT_POWERS, "true"], capture_output=True)
    return WITHOUT_ROOT_POWERS if probe.returncode == 0 else None


@pytest.mark.catalogue("S170")
def test_a_backups_folder_that_cannot_be_listed_never_stops_a_write_and_doctor_says_why(db_path, proc, tmp_path):
    """S170: `chmod 000 backups` (or a root-owned one left by `sudo journal`) refused every write
    with "Cannot write …/backups", `backup FILE` elsewhere failed on it, and doctor gave no report."""
    prefix = _file_modes_hold()
    if prefix is None:
        pytest.skip("root here, and setpriv cannot drop the powers that ignore file modes")
    assert proc("init").returncode == 0
    assert proc("add", f"{MARKER} first").returncode == 0  # the day's first write: the backups folder is made
    folder = backups.backups_dir(db_path)
    assert backups.backups(db_path)
    folder.chmod(0o000)
    try:
        added = proc("add", f"{MARKER} second", prefix=prefix)
        assert added.returncode == 0, added.stderr
        elsewhere = proc("backup", tmp_path / "copy.db", prefix=prefix)
        assert elsewhere.returncode == 0 and (tmp_path / "copy.db").exists(), elsewhere.stderr
        default = proc("backup", prefix=prefix)
        assert default.returncode == 1 and "Cannot write the backup" in one_clean_line(default.stderr)
        report = proc("doctor", prefix=prefix)
        assert report.returncode == 1
        out = report.stdout.decode()
        assert f"WARN  backups: {folder} cannot be read (Permission denied)" in out
        assert "ok    quick_check: ok" in out and "daily backup" not in out  # no false "damaged"
    finally:
        folder.chmod(0o700)
    assert count(db_path) == 2


@pytest.mark.catalogue("S170")
def test_a_file_where_the_backups_folder_goes_is_no_damage(run, db_path):
    """S170: a file named `backups` made doctor say the daily backup found the journal damaged and
    writes were refused; neither was true."""
    shutil.rmtree(backups.backups_dir(db_path), ignore_errors=True)
    backups.backups_dir(db_path).write_text("hi")
    ok(run("add", "still saved"))
    assert daily_backup.damage_found(db_path) is None
    report = run("doctor")
    assert "damaged" not in report.stdout and "ok    quick_check: ok" in report.stdout
    assert f"WARN  backups: {backups.backups_dir(db_path)} is a file, not a folder" in report.stdout


@pytest.mark.catalogue("S171")
def test_backups_dated_in_the_future_never_rotate_away_the_one_just_made(db_path, clock):
    """S171: backups stamped ahead (a clock that was wrong) made every new daily backup the
    oldest by its stamp, so rotation removed it at once: nothing of today was kept."""
    from journal import config
    from journal.store.upkeep import backup_report

    with Journal.open(db_path, create=True, clock=clock) as j:
        j.entries.write(EntryInput("before the clock went wrong"))
    backups.wait(db_path)
    made = backups.backups(db_path)[-1][1]
    for day in (1, 2):  # as left by a clock that was ahead
        shutil.copyfile(made, backups.backups_dir(db_path) / f"{db_path.stem}-2027010{day}T100000Z.db")
    made.unlink()
    config.config_file().parent.mkdir(parents=True, exist_ok=True)
    config.config_file().write_text("[backup]\nkeep = 2\n")
    with Journal.open(db_path, clock=clock) as j:
        j.entries.write(EntryInput("today"))
    backups.wait(db_path)
    names = [path.name for _, path in backups.backups(db_path)]
    today = clock.now().astimezone(UTC).strftime("%Y%m%d")
    assert len(names) == 2 and f"{db_path.stem}-20270102T100000Z.db" in names
    assert any(name.startswith(f"{db_path.stem}-{today}T") for name in names), names
    line = backup_report(db_path, clock.now())
    assert line.status == "warn" and "1 dated in the future" in line.detail


@pytest.mark.catalogue("S172")
@pytest.mark.parametrize("args", [
    ("backup", ""), ("init", ""), ("export", "-o", ""), ("import", ""), ("sync", ""), ("restore", ""),
    ("--db", "", "list"), ("retro", "--mentorship", "x", "-o", ""),
])
def test_an_empty_path_is_refused_not_read_as_the_working_folder(run, args, tmp_path, monkeypatch):
    """S172: `journal backup "$UNSET"` wrote a backup into the working folder, `export -o ""`
    printed the journal, `import ""` read the folder, `--db ""` opened the default journal."""
    monkeypatch.chdir(tmp_path)
    before = sorted(os.listdir(tmp_path))
    fails(run(*args, db=args[0] != "--db"), 2, "it is empty: give a path, or leave it out")
    assert sorted(os.listdir(tmp_path)) == before


@pytest.mark.catalogue("S172")
def test_backup_into_a_folder_names_the_copy_as_the_backups_folder_does(run, db_path, tmp_path):
    """S172: `journal backup DIR` was refused ("is a directory") though the service takes a folder."""
    folder = tmp_path / "usb"
    folder.mkdir()
    ok(run("add", "to keep"))
    said = [ok(run("backup", folder)).stderr for _ in range(2)]
    made = sorted(folder.iterdir())
    assert len(made) == 2 and all(p.name.startswith(db_path.stem + "-") and p.suffix == ".db" for p in made)
    assert sorted(f"Backed up to {p}\n" for p in made) == sorted(said)
    assert all(oct(p.stat().st_mode & 0o777) == "0o600" for p in made)


@pytest.mark.catalogue("S182")
@pytest.mark.parametrize("args", [("purge",), ("decrypt",), ("shortlist", "delete", "Mentors"), ("restore", "BACKUP")])
def test_a_question_whose_input_ended_names_yes_not_an_interrupt(run, tmp_path, args):
    """S182: `journal restore b.db < /dev/null` said "interrupted; nothing was saved", exit 130."""
    ok(run("add", "kept"))
    ok(run("delete", run.json("list")[0]["id"]))
    ok(run("shortlist", "new", "Mentors"))
    ok(run("backup", tmp_path / "b.db"))
    args = tuple(str(tmp_path / "b.db") if a == "BACKUP" else a for a in args)
    result = run(*args, input="")
    assert result.exit_code == 2, result.stderr
    assert "No answer came (the input ended): answer on a terminal, or add --yes" in result.stderr
    assert "interrupted" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.catalogue("S182")
def test_restoring_an_entry_that_is_not_in_the_trash_says_so(run):
    """S182: `journal restore ID` of an entry never trashed printed "Restored ID."."""
    ok(run("add", "still here"))
    short = run.json("list")[0]["id"][:8]
    said = ok(run("restore", short)).stderr
    assert "is not in the trash; nothing to restore" in said and "Restored" not in said


@pytest.mark.catalogue("S187")
def test_doctor_counts_each_problem_sqlite_reports_in_one_row():
    """S187: quick_check gave its problems as lines of one row: doctor said "1 problem(s)" and
    printed all twenty as its "first"."""
    from journal.store.upkeep import integrity

    class Damaged:
        def __init__(self, rows):
            self.rows = rows

        def execute(self, sql):
            return iter([(row,) for row in self.rows])

    lines = [f"*** in database main ***\nPage {n} is never used" for n in range(3)]
    found = integrity(Damaged(["\n".join(lines)]))
    assert found.status == "fail" and found.detail.startswith("3 problem(s), first: Page 0 is never used.")  # S398
    many = integrity(Damaged([f"Page {n} is never used" for n in range(20)]))
    assert many.detail.startswith("20 or more problem(s), first: Page 0 is never used.")
    assert "\n" not in found.detail + many.detail


@pytest.mark.catalogue("S188")
def test_a_restore_that_cannot_write_beside_the_journal_says_it_is_unchanged(run, db_path, tmp_path, monkeypatch):
    """S188: on a read-only mount restore said "Cannot write …/journal.db.restore.tmp.tmp:
    Read-only file system." (an internal temp file; nothing on whether the journal changed)."""
    import errno

    from journal.store import restore as restoring

    ok(run("add", "kept as it is"))
    ok(run("backup", tmp_path / "b.db"))
    before = db_path.read_bytes()

    def read_only(source, target, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(target) + ".tmp")

    monkeypatch.setattr(restoring, "backup_to", read_only)
    line = fails(run("restore", tmp_path / "b.db", "--yes"), 1, f"Cannot restore into {db_path.parent}",
                 "Read-only file system", f"The journal {db_path} is unchanged.")
    assert ".tmp" not in line
    assert db_path.read_bytes() == before and not list(db_path.parent.glob("*.restore.tmp*"))


@pytest.mark.catalogue("S291")
def test_a_restore_on_a_read_only_mount_says_it_is_unchanged(run, db_path, tmp_path, monkeypatch):
    """S291: on a real read-only mount even unlinking a file that is not there fails (EROFS):
    the temp file's clean-up raised before S188's message, which named the temp file again."""
    import errno
    import os
    from pathlib import Path

    from journal.store import db as store_db

    ok(run("add", "kept as it is"))
    ok(run("backup", tmp_path / "b.db"))
    before = db_path.read_bytes()
    real_open, real_unlink = os.open, Path.unlink

    def read_only_open(path, flags, *args, **kwargs):
        if str(path).startswith(str(db_path)) and flags & os.O_CREAT:
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    def read_only_unlink(self, missing_ok=False):
        if str(self).startswith(str(db_path)):
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(store_db.os, "open", read_only_open)
    monkeypatch.setattr(Path, "unlink", read_only_unlink)
    line = fails(run("restore", tmp_path / "b.db", "--yes"), 1, f"Cannot restore into {db_path.parent}",
                 "Read-only file system", f"The journal {db_path} is unchanged.")
    assert ".tmp" not in line
    monkeypatch.undo()
    assert db_path.read_bytes() == before
