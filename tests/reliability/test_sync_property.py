"""Sync's convergence, as a property: three devices make random edits (entries written,
edited, trashed and restored; goals added and edited; milestones), with clocks that tie and
drift, while a simulated sync engine delivers their change files in random order, some cut
short first, some duplicated as conflict copies; devices write snapshots and remove their old
files as they go. After everything is delivered and every
device has synced, the three journals export byte for byte the same, and every text ever
saved that no later edit was made on top of (a person who edits a text has seen it) is
either current or kept as a draft on some device: nothing is lost.

JOURNAL_RELIABILITY_ITERATIONS=N runs N seeds (default 6), each of ~60 steps.
"""

from __future__ import annotations

import random
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from journal.domain.errors import JournalError
from tests.reliability.conftest import ITERATIONS
from tests.reliability.test_sync import Device

SEEDS = range(ITERATIONS or 6)
STEPS = 60


class Engine:
    """Carries files from each device's own subfolder into the others' views of the folder,
    in any order, sometimes cut short (completed later) or duplicated as a conflict copy."""

    def __init__(self, devices: list[Device], rng: random.Random) -> None:
        self.devices = devices
        self.rng = rng
        self.cut: list[tuple[Path, bytes]] = []

    def files(self) -> list[tuple[Device, Path]]:
        found = []
        for device in self.devices:
            me = device.journal.sync.status().device
            if me and (device.folder / me).is_dir():
                found += [(device, path) for path in (device.folder / me).glob("*.jsonl*")]
        return found

    def deliver_some(self) -> None:
        files = self.files()
        self.rng.shuffle(files)
        for source, path in files[: self.rng.randint(0, len(files))]:
            target = self.rng.choice([d for d in self.devices if d is not source])
            there = target.folder / path.parent.name / path.name
            if there.exists() and not any(p == there for p, _ in self.cut):
                continue
            there.parent.mkdir(parents=True, exist_ok=True)
            data = path.read_bytes()
            roll = self.rng.random()
            if roll < 0.15:
                there.write_bytes(data[: self.rng.randint(1, len(data) - 1)])
                self.cut.append((there, data))
            else:
                there.write_bytes(data)
                self.cut = [(p, d) for p, d in self.cut if p != there]
                if roll > 0.9:
                    shutil.copyfile(there, there.with_name(path.name.replace(".jsonl", ".sync-conflict-x.jsonl")))
        if self.cut and self.rng.random() < 0.5:
            there, data = self.cut.pop(0)
            there.write_bytes(data)
        self.share_acks()

    def share_acks(self) -> None:
        """What each device says it has applied reaches the others (it lets them remove files)."""
        for source in self.devices:
            me = source.journal.sync.status().device
            acks = source.folder / (me or "-") / "applied.json"
            if me and acks.exists():
                for target in self.devices:
                    if target is not source:
                        (target.folder / me).mkdir(parents=True, exist_ok=True)
                        shutil.copyfile(acks, target.folder / me / "applied.json")

    def deliver_all(self) -> None:
        for there, data in self.cut:
            there.write_bytes(data)
        self.cut = []
        for source, path in self.files():
            for target in self.devices:
                if target is not source:
                    there = target.folder / path.parent.name / path.name
                    there.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(path, there)


@pytest.mark.catalogue("M97", "M99", "M100")
@pytest.mark.parametrize("seed", SEEDS)
def test_three_devices_converge_and_lose_nothing(tmp_path, seed, monkeypatch):
    from journal.services import sync as sync_service

    monkeypatch.setattr(sync_service, "COMPACT_AFTER", 3)  # snapshots and removals happen too
    rng = random.Random(seed)
    devices = [Device(tmp_path, name, tmp_path / f"view-{name}") for name in ("a", "b", "c")]
    engine = Engine(devices, rng)
    saved: set[str] = set()
    seen_and_replaced: set[str] = set()
    counter = iter(range(10**6))
    try:
        for _ in range(STEPS):
            device = rng.choice(devices)
            device.later(rng.choice((0, 0, 1, 2, 30)))  # equal stamps happen; so does drift
            if rng.random() < 0.05:
                device.clock.set(device.clock.now() - timedelta(seconds=rng.randint(1, 90)))
            act = rng.random()
            entries = device.journal.entries.list() + device.journal.entries.trash()
            try:
                if act < 0.25 or not entries:
                    body = f"text {next(counter)} from {device.path.parent.name}"
                    device.journal.entries.write(_input(body))
                    saved.add(body)
                elif act < 0.55:
                    body = f"edit {next(counter)} on {device.path.parent.name}"
                    target = rng.choice(entries)
                    _entry, changed = device.journal.entries.edit(target.id, _changes(body))
                    saved.add(body)
                    if changed:
                        seen_and_replaced.add(target.body)
                elif act < 0.62:
                    device.journal.entries.delete(rng.choice(entries).id)
                elif act < 0.67 and device.journal.entries.trash():
                    device.journal.entries.restore(rng.choice(device.journal.entries.trash()).id)
                elif act < 0.72:
                    device.journal.goals.add(f"Goal {next(counter)}")
                elif act < 0.80 and device.journal.goals.summaries():
                    goal = rng.choice(device.journal.goals.summaries()).goal
                    if rng.random() < 0.5:
                        device.journal.goals.edit(goal.id, measurable=f"measure {next(counter)}")
                    else:
                        device.journal.goals.add_milestone(goal.id, f"Milestone {next(counter)}")
                else:
                    device.sync()
                    engine.deliver_some()
            except JournalError:
                pass  # e.g. editing an entry in the trash: refused, nothing saved
        engine.deliver_all()
        for _ in range(3):
            for device in devices:
                device.sync()
            engine.deliver_all()
            engine.share_acks()
        exports = [device.export() for device in devices]
        assert exports[0] == exports[1] == exports[2], f"seed {seed}: the journals differ"
        kept = set()
        for device in devices:
            kept |= {e.body for e in device.journal.entries.list() + device.journal.entries.trash()}
            kept |= {d.body for d in device.journal.drafts.list()}
        lost = saved - seen_and_replaced - kept
        assert not lost, f"seed {seed}: {len(lost)} saved texts are nowhere: {sorted(lost)[:5]}"
    finally:
        for device in devices:
            device.close()


def _input(body: str):
    from journal.domain.model import EntryInput

    return EntryInput(body=body)


def _changes(body: str):
    from journal.domain.model import EntryChanges

    return EntryChanges(body=body)
