"""Sync through two real Syncthing instances: each journal syncs with its own folder, and the
two folders are one Syncthing folder shared between two Syncthing devices on 127.0.0.1 (no
discovery, relays, NAT, usage reports or upgrades; every file of Syncthing's in tmp_path).
Syncthing's own files in the folder (.stfolder, its temp files while a file arrives) are no
business of the journal's: no sync reports them."""

from __future__ import annotations

import copy
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.reliability.test_sync import Device

SYNCTHING = shutil.which("syncthing")
FOLDER_ID = "threefold-journal"
BUDGET_S = 60
"""All the waiting of one test (start, connect, every file carried) together: a hang fails, never blocks."""

pytestmark = [
    pytest.mark.skipif(SYNCTHING is None, reason="syncthing is not installed (apt-get install syncthing)"),
    pytest.mark.allow_hosts(["127.0.0.1"]),  # the REST calls to the two instances; nothing else
]

_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
"""urllib without any *_proxy from the environment: the REST calls go straight to 127.0.0.1."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return self.end - time.monotonic()


class Syncthing:
    """One Syncthing device: its home (config, keys, database) and its copy of the shared folder."""

    def __init__(self, root: Path, name: str) -> None:
        self.name = name
        self.home = root / f"syncthing-{name}"
        self.folder = root / f"sync-{name}"
        self.log = root / f"syncthing-{name}.log"
        self.gui_port = free_port()
        self.listen_port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        scratch = root / f"syncthing-{name}-env"
        self.env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(scratch / "home"),
                    "XDG_CONFIG_HOME": str(scratch / "config"), "XDG_DATA_HOME": str(scratch / "data"),
                    "XDG_STATE_HOME": str(scratch / "state"), "XDG_CACHE_HOME": str(scratch / "cache"),
                    "TMPDIR": str(scratch / "tmp"), "LANG": "C.UTF-8", "STNORESTART": "1", "STNOUPGRADE": "1",
                    "STNODEFAULTFOLDER": "1",
                    # one process, not a monitor with Syncthing as its child: the pid we stop is all there is
                    "STMONITORED": "1"}
        for key in ("HOME", "TMPDIR"):
            Path(self.env[key]).mkdir(parents=True)
        done = subprocess.run([SYNCTHING, "generate", f"--home={self.home}", "--no-default-folder",
                               "--skip-port-probing"], env=self.env, capture_output=True, timeout=60)
        assert done.returncode == 0, done.stderr.decode(errors="replace")
        config = ET.parse(self.config_path).getroot()
        self.device_id = config.find("device").get("id")
        self.apikey = config.findtext("gui/apikey")
        assert self.device_id and self.apikey

    @property
    def config_path(self) -> Path:
        return self.home / "config.xml"

    def configure(self, peer: Syncthing) -> None:
        """Only 127.0.0.1, only the peer, one folder shared with it, rescanned every second."""
        tree = ET.parse(self.config_path)
        config = tree.getroot()
        options = config.find("options")
        for tag in ("listenAddress", "globalAnnounceServer", "stunServer"):
            for element in options.findall(tag):
                options.remove(element)
        settings = {"listenAddress": f"tcp://127.0.0.1:{self.listen_port}", "globalAnnounceEnabled": "false",
                    "localAnnounceEnabled": "false", "relaysEnabled": "false", "natEnabled": "false",
                    "startBrowser": "false", "urAccepted": "-1", "crashReportingEnabled": "false",
                    "autoUpgradeIntervalH": "0", "reconnectionIntervalS": "1", "announceLANAddresses": "false",
                    "setLowPriority": "false", "restartOnWakeup": "false"}
        for tag, value in settings.items():
            element = options.find(tag)
            if element is None:
                element = ET.SubElement(options, tag)
            element.text = value
        config.find("gui/address").text = f"127.0.0.1:{self.gui_port}"
        config.find("device").set("name", self.name)

        defaults = config.find("defaults")
        other = copy.deepcopy(defaults.find("device"))
        other.set("id", peer.device_id)
        other.set("name", peer.name)
        other.find("address").text = f"tcp://127.0.0.1:{peer.listen_port}"
        config.insert(1, other)

        folder = copy.deepcopy(defaults.find("folder"))
        folder.attrib.update({"id": FOLDER_ID, "label": "Threefold", "path": str(self.folder),
                              "type": "sendreceive", "rescanIntervalS": "1", "fsWatcherEnabled": "true",
                              "fsWatcherDelayS": "1"})
        for element in folder.findall("device"):
            folder.remove(element)
        for device_id in (self.device_id, peer.device_id):
            member = ET.Element("device", {"id": device_id, "introducedBy": ""})
            ET.SubElement(member, "encryptionPassword")
            folder.insert(1, member)
        config.insert(0, folder)
        tree.write(self.config_path)
        (self.folder / ".stfolder").mkdir(parents=True)  # the marker Syncthing wants in a folder it did not make

    def start(self) -> None:
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                [SYNCTHING, "serve", f"--home={self.home}", "--no-browser", "--no-restart", "--no-upgrade",
                 f"--gui-address=http://127.0.0.1:{self.gui_port}", "--logflags=3"],
                env=self.env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)

    def rest(self, path: str, *, method: str = "GET", timeout: float = 2):
        request = urllib.request.Request(f"http://127.0.0.1:{self.gui_port}{path}", method=method,
                                         headers={"X-API-Key": self.apikey})
        with _NO_PROXY.open(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body.strip() else None

    def try_rest(self, path: str, **kw):
        try:
            return self.rest(path, **kw)
        except (OSError, ValueError) as problem:  # not up yet, or restarting: the caller polls again
            return problem

    def connected_to(self, peer: Syncthing) -> bool:
        answer = self.try_rest("/rest/system/connections")
        return isinstance(answer, dict) and bool(answer["connections"].get(peer.device_id, {}).get("connected"))

    def scan(self) -> None:
        """Tell Syncthing the journal just wrote (the watcher and the 1 s rescan would find it too)."""
        self.try_rest(f"/rest/db/scan?folder={FOLDER_ID}", method="POST")

    def describe(self, peer: Syncthing) -> str:
        """What this instance says about itself, for a failure message."""
        state = self.try_rest(f"/rest/db/status?folder={FOLDER_ID}")
        if isinstance(state, dict):
            state = {k: state.get(k) for k in ("state", "error", "needFiles", "globalFiles", "localFiles")}
        completion = self.try_rest(f"/rest/db/completion?folder={FOLDER_ID}&device={peer.device_id}")
        errors = self.try_rest(f"/rest/folder/errors?folder={FOLDER_ID}")
        exited = None if self.proc is None else self.proc.poll()
        tail = self.log.read_text(errors="replace").splitlines()[-25:] if self.log.exists() else []
        return (f"--- syncthing {self.name} (exit code {exited}): folder {state}, peer completion {completion}, "
                f"errors {errors}\n" + "\n".join(tail))


@pytest.fixture
def syncthings(tmp_path):
    """Two Syncthing instances sharing one folder, started and connected; stopped afterwards whatever happens."""
    a, b = Syncthing(tmp_path, "a"), Syncthing(tmp_path, "b")
    a.configure(b)
    b.configure(a)
    deadline = Deadline(BUDGET_S)
    try:
        a.start()
        b.start()
        while not (a.connected_to(b) and b.connected_to(a)):
            assert a.proc.poll() is None and b.proc.poll() is None, "syncthing exited:\n" + a.describe(b) + "\n" \
                + b.describe(a)
            assert deadline.left() > 0, "the two syncthing instances never connected:\n" + a.describe(b) + "\n" \
                + b.describe(a)
            time.sleep(0.2)
        yield a, b, deadline
    finally:
        a.stop()
        b.stop()


def carry(source: Syncthing, target: Syncthing, device: Device, deadline: Deadline) -> None:
    """Wait until Syncthing has copied every change file `device` wrote into source's folder
    to target's folder, whole (Syncthing renames a file into place once it has all of it)."""
    own = device.journal.sync.status().device
    wanted = {p.name: p.read_bytes() for p in (source.folder / own).iterdir() if not p.name.startswith(".")}
    assert wanted, f"{device.path.parent.name} has written no change file into {source.folder}"
    source.scan()
    while True:
        there = target.folder / own
        if all((there / name).is_file() and (there / name).read_bytes() == data for name, data in wanted.items()):
            return
        assert deadline.left() > 0, (f"syncthing did not carry {sorted(wanted)} from {source.name} to {target.name} "
                                     "in time:\n" + source.describe(target) + "\n" + target.describe(source))
        time.sleep(0.1)


def quiet(report) -> None:
    """A sync that saw only change files: Syncthing's own files (.stfolder, temp files) are never a note."""
    assert report.notes == [], report.notes


def test_two_journals_sync_through_two_syncthing_instances(tmp_path, syncthings):
    a, b, deadline = syncthings
    laptop = Device(tmp_path, "laptop", a.folder)
    desktop = Device(tmp_path, "desktop", b.folder)
    try:
        # the laptop's entry crosses to the desktop
        first = laptop.write("Written on the laptop")
        report = laptop.sync()
        assert report.written == 1
        quiet(report)
        carry(a, b, laptop, deadline)
        report = desktop.sync()
        quiet(report)
        assert report.files_applied == 1 and list(desktop.bodies().values()) == ["Written on the laptop"]

        # the desktop's entry crosses back
        desktop.write("Written on the desktop")
        report = desktop.sync()
        assert report.written == 1
        quiet(report)
        carry(b, a, desktop, deadline)
        report = laptop.sync()
        quiet(report)
        assert report.files_applied == 1
        assert sorted(laptop.bodies().values()) == sorted(desktop.bodies().values()) == [
            "Written on the desktop", "Written on the laptop"]

        # both change the first entry; the desktop's change is later: it wins, the laptop keeps its own as a draft
        laptop.edit(first.id, "The laptop's second thought")
        desktop.later(5)
        desktop.edit(first.id, "The desktop's second thought")
        report = laptop.sync()
        assert report.written == 1
        quiet(report)
        carry(a, b, laptop, deadline)
        report = desktop.sync()
        quiet(report)
        assert report.written == 1 and report.files_applied == 1
        assert report.outcomes["kept"] == 1 and desktop.drafts() == []
        carry(b, a, desktop, deadline)
        report = laptop.sync()
        quiet(report)
        assert report.files_applied == 1 and report.outcomes["conflict"] == 1
        assert "kept as drafts" in " ".join(report.lines())
        assert laptop.bodies()[first.id] == desktop.bodies()[first.id] == "The desktop's second thought"
        assert laptop.drafts() == ["The laptop's second thought"]
        assert laptop.export() == desktop.export()

        # settled: nothing left to write or apply on either side
        for device in (laptop, desktop):
            report = device.sync()
            quiet(report)
            assert report.written == 0 and report.files_applied == 0
    finally:
        laptop.close()
        desktop.close()
