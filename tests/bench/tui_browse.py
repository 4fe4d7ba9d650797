# Run as a script: python tui_browse.py DB_PATH [PAGES]
# Prints one JSON line: what browsing deep into a large journal costs in the TUI (issue 20's
# RSS budget of 150 MB holds however far a person goes, and no key holds the screen up).
# One headless app at 120x40, driven by keys as a person drives it:
#   - home: End (the oldest entry: home_end_s, home_end_oldest), Home back to the newest, then
#     page down PAGES times (home_rss_mb: the process's resident size after it; home_rows: the
#     entries the list holds then);
#   - the whole journal's timeline (t): back part by part (the cursor to the first row: 8 parts,
#     timeline_home_s each), its rows and RSS; Home and End (its first and last day); then week
#     zoom (2) and back to day zoom (1), each timed to the frame that shows it (zoom_week_s,
#     zoom_day_s);
#   - search (/): "work on it" typed a key every 40 ms, timed from the last key to its results
#     (search_s).
# Every phase also records the longest the event loop went without running a 10 ms timer
# (`*_stall_s`): how long a key could have waited, and the process's peak resident size so far
# (`*_peak_mb`).
import json
import resource
import sys
import time
from pathlib import Path

from journal.services import Journal
from journal.tui.app import make_app

DEADLINE_S = 120
QUERY = "work on it"


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    from journal.tui.screens.timeline import TimelineScreen
    from journal.tui.widgets.entry_list import EntryList
    from journal.tui.widgets.timeline_view import TimelineView

    db = Path(sys.argv[1])
    pages = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    journal = Journal.open(db)
    oldest = journal.session.conn.execute(
        "SELECT id FROM entries WHERE deleted_at IS NULL ORDER BY day, time, created_at LIMIT 1").fetchone()[0]
    app = make_app(journal=journal)
    result: dict = {}
    ticks = {"last": 0.0, "worst": 0.0}

    def tick() -> None:
        now = time.perf_counter()
        if ticks["last"]:
            ticks["worst"] = max(ticks["worst"], now - ticks["last"])
        ticks["last"] = now

    def stall(name: str) -> None:
        result[f"{name}_stall_s"] = round(ticks["worst"], 3)
        result[f"{name}_peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        ticks["worst"], ticks["last"] = 0.0, 0.0

    async def until(p, done, what: str) -> float:
        started = time.perf_counter()
        while not done():
            if time.perf_counter() - started > DEADLINE_S:
                raise SystemExit(f"{what}: not done in {DEADLINE_S} s")
            await p.pause(0.005)
        return time.perf_counter() - started

    async def pilot(p) -> None:
        app.set_interval(0.01, tick)
        home = app.screen
        entries = home.query_one(EntryList)
        await until(p, lambda: entries.option_count > 0, "first list")
        await app.workers.wait_for_complete()
        await p.pause()
        result["start_rss_mb"] = round(rss_mb(), 1)
        stall("start")

        started = time.perf_counter()
        await p.press("end")
        await p.pause()
        await app.workers.wait_for_complete()
        await p.pause()
        result["home_end_s"] = round(time.perf_counter() - started, 3)
        result["home_end_oldest"] = entries.current is not None and entries.current.id == oldest
        await p.press("home")
        await p.pause()
        stall("home_end")

        started = time.perf_counter()
        for _ in range(pages):
            await p.press("pagedown")
        await p.pause()
        result["home_pages_s"] = round(time.perf_counter() - started, 3)
        result["home_rows"] = len(entries.entries)
        result["home_rss_mb"] = round(rss_mb(), 1)
        stall("home_pages")

        await p.press("home", "t")
        await until(p, lambda: isinstance(app.screen, TimelineScreen), "timeline")
        screen = app.screen
        view = screen.query_one(TimelineView)
        await until(p, lambda: view.option_count > 0 and not screen.reading, "timeline rows")
        homes = []
        for _ in range(8):  # back part by part: the cursor to the first row reads the part before
            if screen.since is None:
                break
            started = time.perf_counter()
            view.action_first()
            await p.pause()
            await until(p, lambda: not screen.reading, "older events")
            homes.append(round(time.perf_counter() - started, 3))
        result["timeline_home_s"] = homes
        for key in ("home", "end"):  # the first day, then the last
            started = time.perf_counter()
            await p.press(key)
            await p.pause()
            await until(p, lambda: not screen.reading, key)
            result[f"timeline_{key}_key_s"] = round(time.perf_counter() - started, 3)
        result["timeline_complete"] = screen.since is None
        result["timeline_rows"] = view.option_count
        result["timeline_rss_mb"] = round(rss_mb(), 1)
        stall("timeline_home")
        for key, zoom in (("2", "week"), ("1", "day")):
            started = time.perf_counter()
            await p.press(key)
            await until(p, lambda z=zoom: view.zoom == z and view.option_count > 0 and not screen.reading, zoom)
            await p.pause()
            result[f"zoom_{zoom}_s"] = round(time.perf_counter() - started, 3)
        result["zoom_rss_mb"] = round(rss_mb(), 1)
        stall("zoom")

        await p.press("escape", "slash")
        await until(p, lambda: type(app.screen).__name__ == "SearchScreen", "search")
        await app.workers.wait_for_complete()
        await p.pause()
        status = app.screen.query_one("#search-status")
        stall("search_open")
        for char in QUERY:
            await p.press("space" if char == " " else char)
            await p.pause(0.04)
        started = time.perf_counter()
        shown = app.screen

        def found() -> bool:
            words = getattr(shown, "_words", [])
            return words == QUERY.split() and "match" in str(status.render())

        await until(p, found, "search results")
        result["search_s"] = round(time.perf_counter() - started, 3)
        stall("search")
        result["end_rss_mb"] = round(rss_mb(), 1)
        app.exit()

    try:
        app.run(headless=True, size=(120, 40), auto_pilot=pilot)
    finally:
        app.journal.close()
    result["maxrss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
