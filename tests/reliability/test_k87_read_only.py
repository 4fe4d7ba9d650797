"""K87: a journal on a read-only file system is readable, and every write says read-only.

Before: every read on a read-only mount said "Cannot open the journal… run `journal init`"
(SQLite could not make the -wal/-shm a WAL journal needs), and doctor said ok. Now the
journal is opened for reading only (`store/db.connect`: `mode=ro`, or `immutable=1` when no
-wal holds changes); reads work, every write is refused in one line "Journal is read-only:
<path> …" (exit 1) before anything is read or typed, and doctor WARNs.

The mount is real: a bind mount remounted read-only inside `unshare -rm` (a private user and
mount namespace, as catalogue C21's tmpfs). The child runs the CLI and the TUI there and
prints one JSON report; the files are compared byte for byte afterwards.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from journal.store import engine
from journal.services import EntryInput, Journal

from .conftest import MARKER, one_clean_line, sha

pytestmark = pytest.mark.catalogue("K87")

FIXTURE = Path(__file__).parents[1] / "unit" / "fixtures" / "journal-m001.db"


def _unshare_works() -> bool:
    unshare = shutil.which("unshare")
    return bool(unshare) and subprocess.run([unshare, "-rm", "true"], capture_output=True).returncode == 0


CHILD = r'''
import asyncio, json, os, subprocess, sys
from pathlib import Path

mount, outside = Path(sys.argv[1]), Path(sys.argv[2])
marker = os.environ["MARKER"]


def sh(*args):
    return subprocess.run(args, capture_output=True, text=True)


for step in (["mount", "--bind", str(mount), str(mount)], ["mount", "-o", "remount,ro,bind", str(mount)]):
    done = sh(*step)
    if done.returncode:
        print(json.dumps({"skip": f"{' '.join(step[:3])} failed: {done.stderr.strip()}"}))
        sys.exit(0)
probe = sh("touch", str(mount / "probe"))
if probe.returncode == 0:
    print(json.dumps({"skip": "the bind mount did not become read-only"}))
    sys.exit(0)


def journal(db, *args, data=""):
    done = subprocess.run([sys.executable, "-m", "journal", "--db", str(db), *args], input=data,
                          capture_output=True, text=True, timeout=120)
    return {"rc": done.returncode, "stdout": done.stdout, "stderr": done.stderr}


plain = mount / "plain" / "journal.db"
report = {"reads": {}, "writes": {}}
entry = json.loads(journal(plain, "list", "--format", "json")["stdout"] or "[{}]")[0].get("short_id", "none")
report["entry"] = entry
for name, args in {
    "list": ["list"], "show": ["show", entry], "search": ["search", "river"], "search_emoji": ["search", "🎉"],
    "export": ["export"], "timeline": ["timeline"], "retro": ["retro", "speak"], "due": ["due"],
    "streak": ["streak"], "trash": ["trash"], "drafts": ["drafts"], "doctor": ["doctor"],
    "backup_elsewhere": ["backup", str(outside / "copy.db")],
}.items():
    report["reads"][name] = journal(plain, *args)
for name, args, data in (
    ("add", ["add", f"{marker} typed on the command line"], ""),
    ("add_stdin", ["add"], f"{marker} piped in"),
    ("edit", ["edit", entry, "--text", f"{marker} edited"], ""),
    ("delete", ["delete", entry], ""),
    ("goal", ["goal", "add", "Climb"], ""),
    ("import", ["import", str(outside / "import.json")], ""),
    ("restore", ["restore", str(outside / "copy.db"), "--yes"], ""),
    ("backup_beside", ["backup"], ""),
    ("fix_tags", ["doctor", "--fix-tags"], ""),
    ("fix_perms", ["doctor", "--fix-perms"], ""),
):
    report["writes"][name] = journal(plain, *args, data=data)
report["hot"] = journal(mount / "hot" / "journal.db", "list")
report["walonly"] = journal(mount / "walonly" / "journal.db", "list")
report["walonly_doctor"] = journal(mount / "walonly" / "journal.db", "doctor")
report["old"] = journal(mount / "old" / "journal.db", "list")
report["old_add"] = journal(mount / "old" / "journal.db", "add", "x")


async def tui():
    from textual.widgets import TextArea

    from journal.services import Journal
    from journal.tui.app import make_app
    from journal.tui.screens.compose import ComposeScreen
    from journal.tui.widgets.entry_list import EntryList

    from journal.tui.screens.modals import ChoiceModal

    ChoiceModal.TYPED_AHEAD = 0  # the pilot answers as soon as the question shows
    app = make_app(journal=Journal.open(plain))
    seen = {}
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        seen["start"] = type(app.screen).__name__
        seen["entries"] = len(app.screen.query_one(EntryList).entries)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter")  # past the empty title, on to the text
        await pilot.press(*f"{marker} in compose")
        await pilot.press("ctrl+s")
        await pilot.pause()
        seen["after_save"] = type(app.screen).__name__
        if isinstance(app.screen, ComposeScreen):
            seen["text"] = app.screen.query_one("#body", TextArea).text
        await pilot.press("escape")  # Save / Keep draft / Discard / Cancel
        await pilot.pause()
        await pilot.press("k")  # a draft cannot be kept on a read-only journal: compose stays open
        await pilot.pause()
        seen["after_keep"] = type(app.screen).__name__
        seen["held"] = app.keeper.draft.body if app.keeper.draft else None
        seen["notices"] = [[n.severity, n.title, n.message] for n in app._notifications]
    return seen


try:
    report["tui"] = asyncio.run(tui())
except Exception as exc:  # reported, so that each test below says what it saw
    report["tui"] = {"error": f"{type(exc).__name__}: {exc}"}
print(json.dumps(report))
'''


def _seed(db: Path) -> None:
    with Journal.open(db, create=True) as j:
        j.goals.add("Speak up")
        j.entries.write(EntryInput("Walked by the river 🎉", goals=["speak"], tags=["walk"]))
        j.entries.write(EntryInput("Second thoughts", lens="insight"))


def _files(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): sha(p) for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def read_only_run(tmp_path_factory):
    """Four journals on one read-only bind mount, and what the child saw there."""
    if not _unshare_works():
        pytest.skip("`unshare -rm` is not allowed here (user namespaces off)")
    base = tmp_path_factory.mktemp("k87")
    mount, outside = base / "ro", base / "outside"
    for folder in ("plain", "hot", "walonly", "old"):
        (mount / folder).mkdir(parents=True)
    outside.mkdir()
    _seed(mount / "plain" / "journal.db")  # closed cleanly: WAL mode, no -wal or -shm left
    (mount / "plain").chmod(0o755)  # a loose folder that --fix-perms cannot mend on a read-only mount

    # A journal copied while open: its newest entry exists only in the -wal (kept with its -shm).
    source = base / "source" / "journal.db"
    _seed(source)
    with Journal.open(source) as j:
        j.conn.execute("PRAGMA wal_autocheckpoint=0")
        j.entries.write(EntryInput("only in the wal"))
        for suffix in ("", "-wal", "-shm"):
            shutil.copyfile(f"{source}{suffix}", mount / "hot" / f"journal.db{suffix}")
            if suffix != "-shm":
                shutil.copyfile(f"{source}{suffix}", mount / "walonly" / f"journal.db{suffix}")
    (mount / "old" / "journal.db").write_bytes(FIXTURE.read_bytes())  # schema m001, no -wal
    (outside / "import.json").write_text(json.dumps({"format": "threefold-journal", "version": 1, "entries": []}))

    before = _files(mount)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(base / "home"), "XDG_DATA_HOME": str(base / "data"),
           "XDG_CONFIG_HOME": str(base / "config"), "TMPDIR": str(outside), "TZ": "Europe/Berlin",
           "LANG": "C.UTF-8", "MARKER": MARKER, "JOURNAL_BUSY_TIMEOUT": "1", "EDITOR": "false"}
    child = subprocess.run(["unshare", "-rm", sys.executable, "-c", CHILD, str(mount), str(outside)],
                           env=env, capture_output=True, timeout=600, cwd=Path(__file__).parents[2])
    assert child.returncode == 0, child.stderr.decode()[-3000:]
    report = json.loads(child.stdout)
    if "skip" in report:
        pytest.skip(report["skip"])
    return report, before, _files(mount), mount, outside


def test_reads_work_on_a_read_only_mount(read_only_run):
    report, *_ = read_only_run
    reads = report["reads"]
    for name, result in reads.items():
        if name != "doctor":
            assert result["rc"] == 0, (name, result)
            assert "Traceback" not in result["stderr"], name
    assert "Walked by the river" in reads["list"]["stdout"] and "Second thoughts" in reads["list"]["stdout"]
    assert "Second thoughts" in reads["show"]["stdout"]  # the newest entry, shown in full
    assert "Walked by the river" in reads["search"]["stdout"]
    assert "Walked by the river" in reads["search_emoji"]["stdout"]
    assert "Second thoughts" in reads["export"]["stdout"] and "Speak up" in reads["retro"]["stdout"]
    assert "Walked by the river" in reads["timeline"]["stdout"]


def test_doctor_warns_that_the_journal_is_read_only(read_only_run):
    report, *_ = read_only_run
    doctor = report["reads"]["doctor"]
    assert doctor["rc"] == 1, doctor
    lines = doctor["stdout"].splitlines()
    assert any(line.startswith("WARN  writable: read-only:") and "read-only file system" in line for line in lines)
    assert not any(line.startswith("FAIL") for line in lines), doctor["stdout"]
    assert "quick_check: ok" in doctor["stdout"]


def test_every_write_says_read_only_in_one_line_and_loses_no_text(read_only_run):
    report, *_ = read_only_run
    writes = report["writes"]
    for name in ("add", "add_stdin", "edit", "delete", "goal", "import"):
        result = writes[name]
        assert result["rc"] == 1, (name, result)
        line = one_clean_line(result["stderr"])
        assert line.startswith("journal: Journal is read-only: ") and "read-only file system" in line, (name, line)
        assert MARKER not in line and "journal init" not in line, (name, line)
    assert "your text was not saved (it is still in your shell history)" in writes["add"]["stderr"]
    assert "nothing was read from stdin" in writes["add_stdin"]["stderr"]
    # doctor's one repair reports the refusal as its own line instead of failing whole
    assert writes["fix_tags"]["rc"] == 1
    assert "FAIL  tags: Journal is read-only: " in writes["fix_tags"]["stdout"], writes["fix_tags"]
    # --fix-perms claims only what it changed: a chmod the mount refuses is a WARN, not "now 0700"
    fixed = writes["fix_perms"]["stdout"]
    assert writes["fix_perms"]["rc"] == 1 and "0755: could not change it (Read-only file system)" in fixed, fixed
    assert "was 0755, now" not in fixed
    # Replacing or copying beside the journal needs the folder: one line naming why, exit 1.
    for name in ("restore", "backup_beside"):
        result = writes[name]
        assert result["rc"] == 1, (name, result)
        assert "read-only" in one_clean_line(result["stderr"]).lower(), (name, result)


def test_nothing_on_the_mount_changed_and_a_backup_elsewhere_works(read_only_run):
    report, before, after, _mount, outside = read_only_run
    assert report["reads"]["backup_elsewhere"]["rc"] == 0
    assert after == before
    copy = outside / "copy.db"
    conn = engine.driver.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 2
    finally:
        conn.close()


def test_a_journal_left_open_reads_its_wal_and_one_without_its_shm_says_why(read_only_run):
    report, *_ = read_only_run
    assert report["hot"]["rc"] == 0, report["hot"]
    assert "only in the wal" in report["hot"]["stdout"]
    walonly = report["walonly"]
    assert walonly["rc"] == 1
    line = one_clean_line(walonly["stderr"])
    assert "Journal is read-only" in line and "-wal" in line and "Copy the journal's folder" in line, line
    doctor = report["walonly_doctor"]["stdout"]
    assert "FAIL  file: cannot be read where it is" in doctor and "WARN  writable" in doctor, doctor


def test_an_older_schema_is_upgraded_in_memory_only_and_read(read_only_run):
    report, *_ = read_only_run
    assert report["old"]["rc"] == 0, report["old"]
    assert "Spoke up in standup" in report["old"]["stdout"]
    assert report["old_add"]["rc"] == 1 and "read-only" in one_clean_line(report["old_add"]["stderr"])


def test_the_tui_starts_shows_entries_and_keeps_the_text_it_cannot_save(read_only_run):
    report, *_ = read_only_run
    tui = report["tui"]
    assert "error" not in tui, tui
    assert tui["start"] == "HomeScreen" and tui["entries"] == 2
    assert tui["after_save"] == "ComposeScreen" and tui["text"] == f"{MARKER} in compose"
    assert tui["after_keep"] == "ComposeScreen" and tui["held"] == f"{MARKER} in compose"
    errors = [message for severity, _title, message in tui["notices"] if severity == "error"]
    assert errors and all(message.startswith("Journal is read-only") for message in errors), tui["notices"]
    assert not any(MARKER in message for _s, _t, message in tui["notices"])
