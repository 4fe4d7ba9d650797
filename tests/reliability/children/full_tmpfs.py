"""Driver for catalogue C21(b): run the CLI on a 1 MB tmpfs until the disk is full.

    unshare -rm python full_tmpfs.py MOUNTPOINT OUTDIR BODY_BYTES

Runs inside a private user + mount namespace: mounts a 1 MB tmpfs on MOUNTPOINT (visible
only in here), creates the journal there ($JOURNAL_DB must point into it), adds entries
(body read from stdin, starting with $MARKER) until `journal add` fails, then tries
`journal export -o` and `journal backup` onto the full tmpfs. It asserts nothing: it prints
one JSON report (exit codes, stderr, file listings) and copies the journal's files to
OUTDIR after each stage, so the test can check them once the namespace is gone.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

mount, out, body_bytes = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
db = Path(os.environ["JOURNAL_DB"])
report: dict = {}


def journal(*args: str, data: bytes | None = None) -> dict:
    done = subprocess.run([sys.executable, "-m", "journal", *args], input=data, capture_output=True, timeout=60)
    return {"rc": done.returncode, "stderr": done.stderr.decode("utf-8", "replace"),
            "stdout": done.stdout.decode("utf-8", "replace")}


def listing() -> dict[str, int]:
    return {str(p.relative_to(mount)): p.stat().st_size for p in sorted(mount.rglob("*")) if p.is_file()}


def keep(stage: str) -> None:
    """Copy the closed journal's files (db, -wal, -shm together) out of the namespace."""
    folder = out / stage
    folder.mkdir(parents=True)
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{db}{suffix}")
        if source.exists():
            shutil.copyfile(source, folder / source.name)


mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True)
if mounted.returncode != 0:
    print(json.dumps({"skip": f"mount -t tmpfs failed: {mounted.stderr.decode(errors='replace').strip()}"}))
    sys.exit(0)

report["init"] = journal("init")
adds = []
for i in range(200):
    body = f"{os.environ['MARKER']} entry {i} ".encode() + b"x" * body_bytes
    adds.append(journal("add", data=body))
    if adds[-1]["rc"] != 0:
        break
report["adds"] = adds
report["after_add"] = listing()
keep("after-add")
report["export"] = journal("export", "-o", str(mount / "out.json"))
report["after_export"] = listing()
report["backup_file"] = journal("backup", str(mount / "copy.db"))
report["after_backup_file"] = listing()
report["backup_default"] = journal("backup")
report["after_backup_default"] = listing()
keep("end")
# A second, fresh tmpfs: a closed journal (no -wal/-shm left), then the disk filled by something
# else. Opening it (the TUI's start, or any command) has no room for the -wal/-shm files.
second = out / "second-mount"
second.mkdir()
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(second)], check=True)
fresh = second / "journal.db"
journal("--db", str(fresh), "init")
journal("--db", str(fresh), "add", data=b"one entry")
try:
    with open(second / "filler", "wb") as filler:
        while True:
            filler.write(b"\0" * 4096)
            filler.flush()
except OSError:
    pass
report["open_when_full"] = journal("--db", str(fresh), "list")
print(json.dumps(report))
