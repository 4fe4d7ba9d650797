"""Sync in the benchmark: a journal's first sync (every row written out), another device
applying all of it (every row incoming, into an empty journal), and a sync with nothing new
timed alternately with `journal list -n 10` (it runs after every write, so it must be cheap)."""

from __future__ import annotations

import shutil
from pathlib import Path

from journal.store import backups
from tests.bench.timing import Stat, measure, measure_pair, run_once, wait_for_indexer

NOOP_BUDGET = 1.5
"""A sync with nothing new: at most this many times `list -n 10`, side by side (issue 15)."""


def bench(corpus_db: Path, journal: list[str], env: dict, root: Path, runs: int, warm: int,
          log) -> dict[str, tuple[Stat, Stat | None]]:
    """{op: (stat, plain twin or None)} for sync_write, sync_apply and sync_noop."""
    base = root / "sync"
    folder = base / "Sync"
    writer_dir, reader_dir = base / "laptop", base / "desktop"
    for folder_of in (writer_dir, reader_dir):
        folder_of.mkdir(parents=True, mode=0o700)
    writer = writer_dir / "journal.db"
    reader = reader_dir / "journal.db"
    env = env | {"XDG_CONFIG_HOME": str(base / "config")}  # [sync] folder is remembered here

    def fresh_writer() -> None:
        shutil.rmtree(folder, ignore_errors=True)
        for path in writer_dir.iterdir():
            path.unlink()
        shutil.copyfile(corpus_db, writer)
        writer.chmod(0o600)
        run_once(journal + ["--db", str(writer), "list", "-n", "1"], env, root)  # any upgrade, untimed

    def fresh_reader() -> None:
        for path in reader_dir.iterdir():
            path.unlink()
        run_once(journal + ["--db", str(reader), "init", str(reader)], env, root)

    results: dict[str, tuple[Stat, Stat | None]] = {}
    results["sync_write"] = (measure(journal + ["--db", str(writer), "sync", str(folder)], env, root, 1, 0,
                                     setup=fresh_writer), None)
    log(f"  sync_write   {results['sync_write'][0].median:.2f} s")
    results["sync_apply"] = (measure(journal + ["--db", str(reader), "sync", str(folder)], env, root, 1, 0,
                                     setup=fresh_reader), None)
    log(f"  sync_apply   {results['sync_apply'][0].median:.2f} s")
    for db in (writer, reader):  # their first writes of the day started a backup, the apply a search indexer
        backups.wait(db)           # (100,000 entries: ~10 s): both end before the next timing
        wait_for_indexer(db)

    def noop():
        return run_once(journal + ["--db", str(reader), "sync"], env, root)[:2]

    def listing():
        return run_once(journal + ["--db", str(reader), "list", "-n", "10"], env, root)[:2]

    plain, synced = measure_pair(listing, noop, runs, warm)
    results["sync_noop"] = (synced, plain)
    log(f"  sync_noop    {1000 * synced.median:.0f} ms vs list {1000 * plain.median:.0f} ms: "
        f"{synced.median / plain.median:.2f}x")
    return results
