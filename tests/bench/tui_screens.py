# Run as a script: python tui_screens.py DB_PATH
# Prints one JSON line: seconds from asking for a screen to the first frame that shows it with
# its content, for the three screens issue 20 holds to 0.3 s: the goal screen of the corpus's
# "Big goal" (its 5,000 entries at 100k), that goal's timeline ("t" on the goal screen), and
# the search screen ("/" on the home screen, its recent entries listed). One headless app at
# 120x40, as tui_first_paint.py starts it; each screen is asked for the way a person does (the
# goal screen as the goals list's enter opens it), once the screen before has settled.
import json
import resource
import sys
import time
from pathlib import Path

from journal.services import Journal
from journal.tui.app import make_app

BIG_GOAL = "Big goal"
DEADLINE_S = 60


def main() -> int:
    from journal.tui.screens.goal_detail import GoalScreen
    from journal.tui.widgets.entry_list import EntryList

    journal = Journal.open(Path(sys.argv[1]))
    goal_id = journal.goals.get(BIG_GOAL).id
    app = make_app(journal=journal)
    result: dict = {}
    waiting: dict = {}
    """The figure being waited for: its name, when it was asked for, and what its frame shows."""
    display = app._display

    def frame(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None and waiting and waiting["shown"](screen):
            result[waiting["name"]] = time.perf_counter() - waiting["asked"]
            waiting.clear()

    app._display = frame

    def rows(screen, selector: str) -> bool:
        found = screen.query(selector)
        return bool(found) and any(w.region.area and w.option_count for w in found)

    async def timed(pilot, name: str, ask, shown) -> None:
        await pilot.pause()
        waiting.update(name=name, asked=time.perf_counter(), shown=shown)
        await ask()
        deadline = time.perf_counter() + DEADLINE_S
        while waiting and time.perf_counter() < deadline:
            await pilot.pause(0.005)
        if waiting:
            raise SystemExit(f"{name}: not shown in {DEADLINE_S} s")
        await app.workers.wait_for_complete()
        await pilot.pause()

    async def pilot(p) -> None:
        deadline = time.perf_counter() + DEADLINE_S
        while time.perf_counter() < deadline and not rows(app.screen, "EntryList"):
            await p.pause(0.005)
        await app.workers.wait_for_complete()

        async def goal() -> None:
            app.push_screen(GoalScreen(app.journal, goal_id))

        await timed(p, "goal_s", goal, lambda s: isinstance(s, GoalScreen) and rows(s, "#goal-entries"))
        await timed(p, "timeline_s", lambda: p.press("t"),
                    lambda s: type(s).__name__ == "TimelineScreen" and rows(s, "TimelineView"))
        await p.press("escape", "escape")
        await p.pause()
        assert isinstance(app.screen.query_one(EntryList), EntryList)
        await timed(p, "search_s", lambda: p.press("slash"),
                    lambda s: type(s).__name__ == "SearchScreen" and rows(s, "#results"))
        app.exit()

    try:
        app.run(headless=True, size=(120, 40), auto_pilot=pilot)
    finally:
        app.journal.close()
    result["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps(result))
    return 0 if all(k in result for k in ("goal_s", "timeline_s", "search_s")) else 1


if __name__ == "__main__":
    sys.exit(main())
