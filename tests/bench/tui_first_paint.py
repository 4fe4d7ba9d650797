# Run as a script: python tui_first_paint.py DB_PATH [PASSPHRASE_FILE]
#            or:    python tui_first_paint.py --minimal   (the yardstick: a minimal Textual app)
# Prints one JSON line: seconds from process start to the first painted entry list
# (first_paint_s: the first frame the screen renders with the list's rows in view), seconds
# from opening the journal - or, on an encrypted journal whose key is not remembered, from
# pressing enter on the unlock screen - to that paint (open_to_paint_s), seconds to the app
# having settled after it (settled_s: the rows there and the process idle, side panels
# included, as far as Pilot.pause waits; before issue 20 this was "first_paint_s"), and
# ru_maxrss. With PASSPHRASE_FILE, the passphrase is typed on the unlock screen as a person
# would, the way `journal` (tui/app.py run()) goes through it.
# With --minimal, the same is measured for an App that paints one Label, started the same way
# (headless, 120x40, the same frame hook and pilot wait): the figure issue 20's TUI goal is a
# ratio of.
import time

T0 = time.perf_counter()  # before any import: the cost of importing Textual counts

import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402


def open_journal(db: Path, passphrase_file: Path | None, result: dict):
    """The open journal, and when the unlock screen was used the moment enter was pressed."""
    from journal.services import Journal
    from journal.services.unlocking import Locked

    opened_at = time.perf_counter()
    try:
        return Journal.open(db), opened_at
    except Locked:
        if passphrase_file is None:
            raise
    from textual.widgets import Input

    from journal.tui.screens.unlock import UnlockApp

    passphrase = passphrase_file.read_text("utf-8").splitlines()[0]
    unlock = UnlockApp(db.resolve(), lambda ask: Journal.open(db, ask=ask))

    async def type_it(p) -> None:
        await p.pause()
        unlock.screen.query_one(Input).value = passphrase
        await p.pause()
        result["submitted_s"] = time.perf_counter() - T0
        await p.press("enter")

    journal = unlock.run(headless=True, size=(120, 40), auto_pilot=type_it)
    if journal is None:
        raise SystemExit("the unlock screen did not open the journal")
    return journal, T0 + result["submitted_s"]


def on_first_frame(app, shown, result: dict, started: float) -> None:
    """Record in `result` the first frame the app renders while `shown(screen)` holds (headless,
    the frame is rendered and then not written: the time is the same)."""
    display = app._display

    def frame(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None and "first_paint_s" not in result and shown(screen):
            now = time.perf_counter()
            result["first_paint_s"] = now - T0
            result["open_to_paint_s"] = now - started

    app._display = frame


def in_view(screen, widget_type) -> bool:
    """A `widget_type` of `screen` with something in it is in the frame just rendered."""
    return any(w.region.area and getattr(w, "option_count", 1)
               for w in screen._compositor.visible_widgets if isinstance(w, widget_type))


def minimal(result: dict) -> None:
    """A minimal Textual app that paints one label, timed exactly as the journal's first list."""
    from textual.app import App, ComposeResult
    from textual.widgets import Label

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Label("Threefold")

    app = Minimal()
    on_first_frame(app, lambda screen: in_view(screen, Label), result, T0)

    async def pilot(p) -> None:
        deadline = time.perf_counter() + 60
        while time.perf_counter() < deadline and not app.screen.query(Label):
            await p.pause(0.005)
        await p.pause()
        result["settled_s"] = time.perf_counter() - T0
        result["rows"] = 1
        app.exit()

    app.run(headless=True, size=(120, 40), auto_pilot=pilot)


def report(result: dict) -> int:
    result["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:  # this process's own high-water mark (not its parent's, unlike ru_maxrss)
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    result["vmhwm_kb"] = int(line.split()[1])
    except OSError:
        pass
    print(json.dumps(result))
    return 0 if result.get("rows") and "first_paint_s" in result else 1


def main() -> int:
    if sys.argv[1:] == ["--minimal"]:
        result_: dict = {}
        minimal(result_)
        return report(result_)
    from journal.tui.app import make_app
    from journal.tui.widgets.entry_list import EntryList

    result: dict = {}
    journal, started = open_journal(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else None, result)
    app = make_app(journal=journal)
    on_first_frame(app, lambda screen: in_view(screen, EntryList), result, started)

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
        result["settled_s"] = time.perf_counter() - T0
        result["rows"] = rows
        app.exit()

    try:
        app.run(headless=True, size=(120, 40), auto_pilot=pilot)
    finally:
        app.journal.close()
    return report(result)


if __name__ == "__main__":
    sys.exit(main())
