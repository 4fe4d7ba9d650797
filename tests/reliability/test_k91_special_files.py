"""K91: something other than a journal file at the journal's path gets its own true line.

Before: `--db /dev/null` suggested `journal init /dev/null` (and `init` made
`/dev/null-journal` beside the device), a FIFO was "disk looks full", a socket "run
`journal init`", a broken link or a link loop "No journal … run `journal init`", and a path
through a file a raw "File exists". Now `store/db.check_path` looks with stat() only (a FIFO
is never opened, a device never written) and refuses each kind in one line, exit 1, for
every command, `journal init`, `journal restore` and doctor; the node is left as it was.
"""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest

from journal.services import EntryInput, Journal

from .conftest import MARKER, one_clean_line

pytestmark = pytest.mark.catalogue("K91")


def _device(folder: Path) -> Path | None:
    """A character device like /dev/null inside `folder` (needs CAP_MKNOD), else None."""
    node = folder / "null"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (OSError, AttributeError):
        return None
    return node


@pytest.fixture
def specials(tmp_path):
    """Every kind of thing that is not a journal file, each in its own folder: (label, path, words)."""
    made = []

    def place(label: str) -> Path:
        folder = tmp_path / label
        folder.mkdir()
        return folder

    device = _device(place("device"))
    if device is not None:
        made.append(("device", device, "is a character device, not a journal file"))
    fifo = place("fifo") / "journal.db"
    os.mkfifo(fifo)
    made.append(("fifo", fifo, "is a named pipe (FIFO), not a journal file"))
    sock = place("socket") / "journal.db"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock))
    made.append(("socket", sock, "is a socket, not a journal file"))
    folder = place("folder") / "journal.db"
    folder.mkdir()
    made.append(("folder", folder, "is a folder, not a journal file"))
    broken = place("broken") / "journal.db"
    broken.symlink_to("nowhere.db")
    made.append(("broken link", broken, "is a symbolic link to nowhere.db, which does not exist"))
    loop = place("loop") / "journal.db"
    loop.symlink_to(loop.with_name("other.db"))
    loop.with_name("other.db").symlink_to(loop)
    made.append(("link loop", loop, "is a symbolic link loop"))
    blocker = place("through-a-file") / "notes.txt"
    blocker.write_text("a file")
    made.append(("path through a file", blocker / "journal.db", f"{blocker} is a file, not a folder"))
    dangling_folder = place("through-a-broken-link") / "gone"
    dangling_folder.symlink_to("missing-folder")
    made.append(("path through a broken link", dangling_folder / "journal.db",
                 f"{dangling_folder} is a symbolic link to missing-folder, which does not exist"))
    yield made
    server.close()


def _state(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every name in the folder (links not followed) with its type, inode and size."""
    return {str(p.relative_to(folder)): (os.lstat(p).st_mode, os.lstat(p).st_ino, os.lstat(p).st_size)
            for p in sorted(folder.rglob("*"))}


def test_every_command_refuses_each_kind_in_its_own_line_and_touches_nothing(specials, proc, run, tmp_path):
    def invoke(label: str, path: Path, *args: str) -> tuple[int, str, str]:
        if label == "fifo":  # in a child with a timeout: a FIFO opened for reading would block for good
            done = proc("--db", path, *args, timeout=30)
            return done.returncode, done.stdout.decode(), done.stderr.decode()
        result = run("--db", path, *args, db=False)
        return result.exit_code, result.stdout, result.stderr

    before = _state(tmp_path)
    for label, path, words in specials:
        for args in (["list"], ["add", f"{MARKER} never lost quietly"], ["init"], ["search", "x"], ["backup"]):
            code, _out, err = invoke(label, path, *args)
            assert code == 1, (label, args, err)
            line = one_clean_line(err)
            assert words in line, (label, args, line)
            assert "journal init" not in line and "disk" not in line and MARKER not in line, (label, args, line)
        code, out, _err = invoke(label, path, "doctor")
        fail = [line for line in out.splitlines() if line.startswith("FAIL  file: ")]
        assert code == 1 and len(fail) == 1 and words in fail[0], (label, out)
    assert _state(tmp_path) == before


def test_the_default_journal_path_is_refused_the_same_way(proc, tmp_path):
    """With no --db and no $JOURNAL_DB the default journal is made on first use: not over a FIFO."""
    data = tmp_path / "xdg"
    (data / "journal").mkdir(parents=True)
    os.mkfifo(data / "journal" / "journal.db")
    env = {"JOURNAL_DB": "", "XDG_DATA_HOME": str(data)}
    result = proc("add", "hello", env=env, timeout=30)
    assert result.returncode == 1
    assert "is a named pipe (FIFO), not a journal file" in one_clean_line(result.stderr)
    assert stat.S_ISFIFO(os.lstat(data / "journal" / "journal.db").st_mode)


def test_restore_never_replaces_a_device_or_a_pipe(specials, proc, tmp_path, clock):
    copy = tmp_path / "backup-source" / "journal.db"
    with Journal.open(copy, clock=clock, create=True) as j:
        j.entries.write(EntryInput("one"))
    checked = 0
    for label, path, words in specials:
        if label not in ("device", "fifo", "socket"):
            continue
        mode = os.lstat(path).st_mode
        result = proc("--db", path, "restore", copy, "--yes", timeout=30)
        assert result.returncode == 1 and words in one_clean_line(result.stderr), (label, result.stderr)
        assert os.lstat(path).st_mode == mode
        assert not list(path.parent.glob("*.tmp")) and not list(path.parent.glob("*pre-restore*"))
        checked += 1
    assert checked >= 2


def test_dev_null_itself_is_named_a_device(proc):
    """The real /dev/null: only commands that never wrote there, even before the fix."""
    for args in (["list"], ["add", "x"]):
        result = proc("--db", "/dev/null", *args, timeout=30)
        assert result.returncode == 1
        line = one_clean_line(result.stderr)
        assert "/dev/null is a character device, not a journal file" in line and "journal init" not in line
