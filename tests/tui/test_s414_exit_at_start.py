"""S414: asked to stop (SIGTERM, a quit) in the moment after the entry list's first paint, the
app said "internal error (NoMatches)" and exited 70: the side panels it was mounting then were
never mounted, and the prompt panel was looked up all the same."""

from __future__ import annotations

import signal

import pytest

from journal.tui.widgets.entry_list import EntryList


def stop_at_first_list(app, stop) -> None:
    """Call `stop()` once, in the first frame that shows the entry list with its rows."""
    display = app._display

    def frame(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None and not getattr(app, "_stopped", False):
            if any(isinstance(w, EntryList) and w.option_count for w in screen._compositor.visible_widgets):
                app._stopped = True
                stop()

    app._display = frame


@pytest.mark.catalogue("S414")
@pytest.mark.parametrize(("stop", "code"), [("sigterm", 128 + signal.SIGTERM), ("exit", 0)])
async def test_a_stop_right_after_the_first_paint_is_the_quiet_one_asked_for(seeded, app_for, stop, code):
    app = app_for(seeded)
    stop_at_first_list(app, (lambda: app._on_signal(signal.SIGTERM)) if stop == "sigterm" else app.exit)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(50):
            if not app.is_running:
                break
            await pilot.pause()
    assert app._stopped
    assert app.return_code == code
    assert not app._exit_renderables  # no "internal error" said
