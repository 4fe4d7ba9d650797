# Run as a script: python tui_first_paint.py DB_PATH
# Prints one JSON line: seconds from process start to the first painted entry list, ru_maxrss.
import time

T0 = time.perf_counter()  # before any import: the cost of importing Textual counts

import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402


def main() -> int:
    from journal.tui.app import make_app
    from journal.tui.widgets.entry_list import EntryList

    app = make_app(db_path=sys.argv[1])
    result: dict = {}

    async def pilot(p) -> None:
        # Wait until the home screen's entry list has rows, then for one refresh (the paint).
        deadline = time.perf_counter() + 60
        while time.perf_counter() < deadline:
            try:
                rows = app.screen.query_one(EntryList).option_count
            except Exception:
                rows = 0
            if rows:
                break
            await p.pause(0.005)
        await p.pause()
        result["first_paint_s"] = time.perf_counter() - T0
        result["rows"] = rows
        app.exit()

    try:
        app.run(headless=True, size=(120, 40), auto_pilot=pilot)
    finally:
        app.journal.close()
    result["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:  # this process's own high-water mark (not its parent's, unlike ru_maxrss)
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    result["vmhwm_kb"] = int(line.split()[1])
    except OSError:
        pass
    print(json.dumps(result))
    return 0 if result.get("rows") else 1


if __name__ == "__main__":
    sys.exit(main())
