"""Timing whole processes for the benchmark: each child started from a small spawner process
(honest peak RSS), wall time around the child, medians over N runs after warm-ups."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
MB = 1024 * 1024


@dataclass
class Stat:
    median: float
    min: float
    max: float
    runs: int
    rss_mb: float
    times: list[float] = field(default_factory=list)


class Failed(RuntimeError):
    pass


# ------------------------------------------------------------------ process timing
class Spawner:
    """Starts children from a small helper process (see spawner.py: honest peak RSS)."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-I", "-S", str(HERE / "spawner.py")],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)

    def run(self, argv: list[str], env: dict, cwd: Path, stdout: Path | None, stderr: Path) -> dict:
        exe = argv[0] if os.sep in argv[0] else shutil.which(argv[0], path=env.get("PATH"))
        if not exe:
            raise Failed(f"{argv[0]} not found")
        request = {"argv": [exe] + list(map(str, argv[1:])), "env": env, "cwd": str(cwd),
                   "stdout": str(stdout) if stdout else None, "stderr": str(stderr)}
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the spawner process died")
        return json.loads(line)

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


SPAWNER: Spawner | None = None


def run_once(argv: list[str], env: dict, cwd: Path, *, stdout_path: Path | None = None,
             setup=None, check: bool = True) -> tuple[float, float, str]:
    """(wall seconds, peak RSS MB of the child, stdout) of one child process."""
    global SPAWNER
    if setup:
        setup()
    if SPAWNER is None:
        SPAWNER = Spawner()
    with tempfile.NamedTemporaryFile(prefix="bench-err-", delete=False) as handle:
        err_path = Path(handle.name)
    try:
        reply = SPAWNER.run(argv, env, cwd, stdout_path, err_path)
        errors = err_path.read_text("utf-8", "replace")
    finally:
        err_path.unlink(missing_ok=True)
    if check and reply["rc"] != 0:
        raise Failed(f"{' '.join(map(str, argv))} exited {reply['rc']}: {errors.strip()[-600:]}")
    text = stdout_path.read_text("utf-8", "replace") if stdout_path and stdout_path.exists() else ""
    return reply["wall"], reply["maxrss_kb"] * 1024 / MB, text


def measure(argv_or_fn, env: dict, cwd: Path, runs: int, warmup: int, **kw) -> Stat:
    times: list[float] = []
    peak = 0.0
    for i in range(warmup + runs):
        if callable(argv_or_fn):
            wall, rss = argv_or_fn()
        else:
            wall, rss, _ = run_once(argv_or_fn, env, cwd, **kw)
        if i >= warmup:
            times.append(wall)
            peak = max(peak, rss)
    return Stat(statistics.median(times), min(times), max(times), len(times), peak, times)



def measure_pair(a, b, runs: int, warmup: int) -> tuple[Stat, Stat]:
    """Two callables returning (wall, rss), run alternately (a, b, a, b, ...) so both see the
    same machine load; their stats."""
    times: tuple[list[float], list[float]] = ([], [])
    peaks = [0.0, 0.0]
    for i in range(warmup + runs):
        for side in (0, 1) if i % 2 == 0 else (1, 0):
            wall, rss = (a, b)[side]()
            if i >= warmup:
                times[side].append(wall)
                peaks[side] = max(peaks[side], rss)
    return tuple(Stat(statistics.median(t), min(t), max(t), len(t), p, t)  # type: ignore[return-value]
                 for t, p in zip(times, peaks, strict=True))


MINIMAL_APP = Path("--minimal")
"""`tui_first_paint`'s db for the yardstick: a minimal Textual app painting one label."""


def tui_first_paint(db: Path, env: dict, cwd: Path, out: Path, passphrase_file: Path | None = None,
                    figure: str = "first_paint_s") -> tuple[float, float]:
    """(seconds, peak RSS MB) of one TUI run: `figure` is first_paint_s (from process start to the
    first painted entry list) or open_to_paint_s (from opening the journal, or from enter on the
    unlock screen when `passphrase_file` is typed there, to that paint)."""
    extra = [str(passphrase_file)] if passphrase_file else []
    args = ["--minimal"] if db is MINIMAL_APP else [str(db), *extra]
    _wall, rss, text = run_once([sys.executable, str(HERE / "tui_first_paint.py"), *args], env, cwd,
                                stdout_path=out)
    lines = [ln for ln in text.splitlines() if ln.startswith("{")]
    if not lines:
        raise Failed(f"TUI script printed no result: {text[-300:]}")
    data = json.loads(lines[-1])
    return data[figure], max(rss, data["maxrss_kb"] / 1024)


SCREENS = ("goal_s", "timeline_s", "search_s")
"""What tui_screens.py measures: seconds from asking for each screen to its first frame with content."""


def tui_screens(db: Path, env: dict, cwd: Path, out: Path, runs: int, warmup: int) -> dict[str, Stat]:
    """The three screens' opening times over `runs` runs of tui_screens.py (after `warmup`)."""
    times: dict[str, list[float]] = {key: [] for key in SCREENS}
    peak = 0.0
    for i in range(warmup + runs):
        _wall, rss, text = run_once([sys.executable, str(HERE / "tui_screens.py"), str(db)], env, cwd,
                                    stdout_path=out)
        lines = [ln for ln in text.splitlines() if ln.startswith("{")]
        if not lines:
            raise Failed(f"tui_screens.py printed no result: {text[-300:]}")
        data = json.loads(lines[-1])
        if i >= warmup:
            for key in SCREENS:
                times[key].append(data[key])
            peak = max(peak, rss, data["maxrss_kb"] / 1024)
    return {key: Stat(statistics.median(t), min(t), max(t), len(t), peak, t) for key, t in times.items()}


BROWSE_PAGES = 60
"""Page-downs on the home list in tui_browse.py (past WINDOW_MOST at every size)."""


def tui_browse(db: Path, env: dict, cwd: Path, out: Path) -> tuple[Stat, dict]:
    """One run of tui_browse.py: a Stat whose time is the longest the event loop went without
    running its 10 ms timer in any phase (how long a key could have waited) and whose RSS is the
    run's peak, and the phases' own figures."""
    _wall, rss, text = run_once([sys.executable, str(HERE / "tui_browse.py"), str(db), str(BROWSE_PAGES)], env, cwd,
                                stdout_path=out)
    lines = [ln for ln in text.splitlines() if ln.startswith("{")]
    if not lines:
        raise Failed(f"tui_browse.py printed no result: {text[-300:]}")
    data = json.loads(lines[-1])
    worst = max(v for k, v in data.items() if k.endswith("_stall_s"))
    return Stat(worst, worst, worst, 1, max(rss, data["maxrss_mb"])), data


def start() -> None:
    """Start the spawner first, while the benchmark process is still small."""
    global SPAWNER
    SPAWNER = Spawner()


def stop() -> None:
    global SPAWNER
    if SPAWNER is not None:
        SPAWNER.close()
        SPAWNER = None


def wait_for_indexer(db: Path) -> None:
    """Until the background search indexer a large import or sync apply sets off has indexed
    everything and ended (store/search_index.py): it must never run beside a timed command."""
    import sqlite3

    from journal.store import search_index

    conn = sqlite3.connect(db)
    try:
        while conn.execute("SELECT count(*) FROM search_backlog").fetchone()[0]:
            time.sleep(0.05)
    finally:
        conn.close()
    while search_index.busy(db):
        time.sleep(0.05)
