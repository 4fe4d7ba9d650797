"""The benchmark (tests/bench, not collected by default) still runs end to end.

One pass at 200 entries, one timed run per operation, without jrnl: every operation must
be present in the JSON with a positive time (or be n/a because its command does not exist
yet), and every encrypted row with its plain twin. No timing is asserted here: budgets are
checked by the benchmark, not by unit tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from journal.store import engine

REPO = Path(__file__).resolve().parents[2]


def test_bench_runs_every_operation_at_200_entries(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench", "--sizes", "200", "--runs", "1", "--warmup", "0", "--no-jrnl",
         "--json", str(out), "--cache-dir", str(tmp_path / "cache"), "--work-dir", str(tmp_path / "work")],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    data = json.loads(out.read_text())
    results = {row["op"]: row for row in data["results"]}
    encrypted = {op: row for op, row in results.items() if op.startswith("enc_")}
    synced = {op: row for op, row in results.items() if op.startswith("sync_")}
    results = {op: row for op, row in results.items() if op not in encrypted and op not in synced}
    assert set(synced) == {"sync_write", "sync_apply", "sync_noop"}
    assert all(row["ours"]["median"] > 0 for row in synced.values())
    assert synced["sync_noop"]["ratio_plain"] > 0
    assert set(results) == set(data["meta"]["operations"])
    if engine.ENCRYPTION:
        assert set(encrypted) == {"enc_list", "enc_list_keyring", "enc_list_typed", "enc_search", "enc_add",
                                  "enc_tui", "enc_tui_typed"}
        for op, row in encrypted.items():
            assert row["ours"]["median"] > 0 and row["plain"]["median"] > 0 and row["ratio_plain"] > 0, op
        assert "key derivation alone" in encrypted["enc_list_typed"]["note"]
    for op, row in results.items():
        if row["status"] == "n/a":
            assert row["ours"] is None, op
            assert op in ("retro", "tui"), f"{op} may not be skipped"
            continue
        assert row["size"] == 200
        assert row["ours"]["median"] > 0, op
        assert row["ours"]["runs"] == 1, op
        assert row["ours"]["rss_mb"] > 0, op
    assert "n/a" not in results["tui"]["status"] or "not importable" in results["tui"]["note"]
    assert all(row["jrnl"] is None for row in results.values())
    assert "TUI cold start" in done.stdout and "search WORD" in done.stdout
