"""The benchmark's --ops narrows it to some operations (the floor always) and prints the
retrospective's figure beside the floor (issue 18). No timing is asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_bench_ops_retro_only_prints_its_ratio_to_the_floor(tmp_path):
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench", "--sizes", "200", "--runs", "1", "--warmup", "0", "--no-jrnl",
         "--ops", "retro", "--json", str(out), "--cache-dir", str(tmp_path / "cache"),
         "--work-dir", str(tmp_path / "work")],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows = json.loads(out.read_text())["results"]
    assert [row["op"] for row in rows] == ["floor", "retro"]
    retro = rows[1]
    assert retro["ours"]["median"] > 0 and retro["ratio_floor"] > 0
    assert retro["note"] == "a goal of 20 entries"
    assert "retrospective to HTML (whole process, median):" in done.stdout
    assert "at 200: " in done.stdout and "x floor" in done.stdout


def test_bench_refuses_an_unknown_operation(tmp_path):
    done = subprocess.run([sys.executable, "-m", "tests.bench", "--ops", "retro,nonesuch"],
                          cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "nonesuch" in done.stderr
