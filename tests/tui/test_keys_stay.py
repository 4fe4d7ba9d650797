"""N106: a printable key typed into a text field or a form control stays there.

Every screen of the app is opened in turn (on one app at 80x24: each opened from home, swept,
and popped back; a failure names the screen, the control and the key); on each, every focusable control where keys are
text (any text field; any form control; anything at all on a form that holds typed text)
gets printable characters, one key at a time. No screen may be pushed or popped meanwhile;
a text field must then hold exactly what was typed, and a check box must have been ticked
or unticked by the one space (the control's own keys still work). Controls of screens one
reads (an entry list, a table) are left out: there a letter is a command by design
(`t` Timeline).

Which characters: each control gets every character that could act there — every one-key
binding active with that control focused (the app's, the screen's and its widgets': `t`,
`g`, `n`, `q`, `?`, digits…), the space, and the characters beyond ASCII — and then a slice
of SAMPLE further characters of the printable ASCII set, in an order shuffled once with a
fixed seed and taken on from control to control, so the sweep as a whole types every one of
them (asserted). `JOURNAL_KEY_SWEEP=all` types every character into every control (the
longer run, about four times the keys); `JOURNAL_KEY_SWEEP=N` takes N characters a slice.

The sweep must have opened every screen class of journal/tui/screens (tests/tui/screen_tour.py
lists how to open each, or why one is exempt), so a new screen cannot skip the rule.
`pytest -s` prints the counts.
"""

from __future__ import annotations

import os
import random
import string
from typing import Any

import pytest
from textual import events
from textual.keys import _character_to_key, key_to_character
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, Input, TextArea

from journal.tui.screens.base import FormModal, FormScreen
from journal.tui.typing_rule import is_typing

from tests.tui.screen_tour import EXEMPT, furnish, quiet, screen_classes, tour

CHARACTERS = [c for c in string.printable if c.isprintable()] + list("éßü中😀")
"""Every printable ASCII character (space included) and a few beyond ASCII."""
ALWAYS = [" ", *"éßü中😀"]
"""Typed into every control: the space (it ticks a check box) and the characters beyond ASCII."""
_KNOB = os.environ.get("JOURNAL_KEY_SWEEP", "").strip().lower()
SAMPLE = 0 if _KNOB == "all" else int(_KNOB or 0) or 4
"""Further characters per control (0: all of them); 4 by default (the ~200 controls still take
every character between them, asserted), JOURNAL_KEY_SWEEP=N or all."""
ROTATION = random.Random(106).sample(sorted(set(CHARACTERS) - set(ALWAYS)), len(set(CHARACTERS) - set(ALWAYS)))
"""The other characters in a fixed shuffled order; each control takes the next SAMPLE of them."""


def _bound_characters(screen: Screen[Any]) -> set[str]:
    """The printable characters bound to something with the current focus: the keys of every
    binding of the focused widget and its parents, the screen and the app, as declared (before
    Textual drops those a text field takes, and the footer those hidden on a form: `q`, `?`)."""
    found = set()
    nodes = [*screen.focused.ancestors_with_self] if screen.focused else [screen, screen.app]
    for node in nodes:
        for key in node._bindings.key_to_bindings:
            character = key_to_character(key)
            if character is not None and character.isprintable():
                found.add(character)
    return found


def _characters_for(screen: Screen[Any], turn: int) -> list[str]:
    """What one control gets: all of CHARACTERS, or (sampling) the bound keys, ALWAYS and the
    `turn`-th slice of ROTATION, in CHARACTERS' order."""
    if not SAMPLE:
        return list(CHARACTERS)
    chosen = set(ALWAYS) | _bound_characters(screen)
    chosen |= {ROTATION[(turn * SAMPLE + i) % len(ROTATION)] for i in range(SAMPLE)}
    return [c for c in CHARACTERS if c in chosen]


async def _type(pilot, characters: list[str]) -> None:
    """Each character as one key, the way a terminal sends it: its name and its character
    (Pilot's `press` loses the character of keys such as emoji, whose name it cannot look
    up), all queued at once and then waited for."""
    for character in characters:
        key = character if character.isalnum() and len(character.encode()) == 1 else _character_to_key(character)
        event = events.Key(key, character)
        event.set_sender(pilot.app)
        pilot.app._driver.send_message(event)
    await pilot.pause()
    await pilot.pause()


def _record_screen_changes(app) -> list[str]:
    """Every screen pushed, popped or switched to from now on, in order."""
    changes: list[str] = []
    for name in ("push_screen", "pop_screen", "switch_screen"):
        original = getattr(app, name)

        def recorded(*args, _original=original, _name=name, **kwargs):
            changes.append(f"{_name}({type(args[0]).__name__ if args else ''})")
            return _original(*args, **kwargs)

        setattr(app, name, recorded)
    return changes


@pytest.fixture
def furnished(journal):
    furnish(journal)
    return journal


def _text_of(control: Widget) -> str | None:
    if isinstance(control, Input):
        return control.value
    if isinstance(control, TextArea):
        return control.text
    return None


def _typing_controls(screen: Screen[Any]) -> list[Widget]:
    return [w for w in screen.focus_chain if is_typing(screen, w)]


def _tour_order() -> list[tuple[str, Any]]:
    """The tour, home last: the other openers start from home as a fresh start shows it."""
    return sorted(tour().items(), key=lambda item: item[0] == "home")


async def _back_home(pilot, home: list[Screen[Any]]) -> None:
    """Pop whatever the last screen opened above home (without answering it: nothing is saved)."""
    app = pilot.app
    while len(app.screen_stack) > len(home) and app.return_code is None:
        await app.pop_screen()
        await pilot.pause()


def _first_wrong_key(held: str, before: str, characters: list[str]) -> str:
    """The key typed where what a field holds first differs from what was typed into it."""
    expected = before + "".join(characters)
    pairs = zip(held, expected, strict=False)  # one may be longer
    at = next((i for i, (a, b) in enumerate(pairs) if a != b), min(len(held), len(expected)))
    index = at - len(before)
    return repr(characters[index]) if 0 <= index < len(characters) else "(none: the text before the keys changed)"


async def _escaping_key(app_for, journal, name: str, index: int, characters: list[str]) -> str:
    """Which key changed the screens when typed into the `index`-th typing control of the tour's
    screen `name`: on a fresh app, one key at a time (only when the sweep found an escape)."""
    quiet(journal)
    app = app_for(journal)
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await tour()[name](pilot)
        await pilot.pause()
        stack = list(app.screen_stack)
        control = _typing_controls(app.screen)[index]
        control.focus()
        await pilot.pause()
        for character in characters:
            await _type(pilot, [character])
            if app.screen_stack != stack or app.return_code is not None:
                return f"the key {character!r} opened {type(app.screen).__name__}" if app.return_code is None \
                    else f"the key {character!r} ended the app"
    return "not found typed one at a time (it needs the keys queued together)"


@pytest.mark.catalogue("N106")
async def test_printable_keys_never_leave_the_focused_control(furnished, app_for, capsys):
    """One app for the whole tour: each screen is opened from home by its opener, swept, and
    popped back to home (a fresh app only if a key ended the app)."""
    counts = {"screens": 0, "controls": 0, "keys": 0, "escapes": 0, "reading controls left out": 0, "apps": 0}
    failures: list[str] = []
    escapes: list[tuple[str, str, int, list[str]]] = []
    visited: set[str] = set()
    typed: set[str] = set()
    pending = _tour_order()
    while pending:
        quiet(furnished)  # a draft kept by the run before: no offer over home
        app = app_for(furnished)
        counts["apps"] += 1
        # Focus scrolls a long form to the control at once: no scroll animation to wait out
        # (up to a second a control); what a key does does not depend on it.
        app.animation_level = "none"
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            home = list(app.screen_stack)
            changes = _record_screen_changes(app)
            while pending and app.return_code is None:
                name, opener = pending.pop(0)
                await _back_home(pilot, home)
                assert app.screen_stack == home, f"{name}: the screens above home did not close: {app.screen_stack}"
                await opener(pilot)
                await pilot.pause()
                screen = app.screen
                visited.add(type(screen).__name__)
                stack = list(app.screen_stack)
                controls = _typing_controls(screen)
                counts["reading controls left out"] += len(screen.focus_chain) - len(controls)
                if isinstance(screen, FormScreen | FormModal):
                    assert controls, f"{name}: a form with no focusable control"
                counts["screens"] += 1
                for index, control in enumerate(controls):
                    if not control.is_attached or control.disabled:
                        continue
                    counts["controls"] += 1
                    control.focus()
                    await pilot.pause()
                    where = f"{name}: #{control.id or type(control).__name__}"
                    before = _text_of(control)
                    ticked = control.value if isinstance(control, Checkbox) else None
                    if isinstance(control, TextArea):
                        control.move_cursor(control.document.end)
                    elif isinstance(control, Input):
                        control.cursor_position = len(control.value)
                    characters = _characters_for(screen, counts["controls"] - 1)
                    typed.update(characters)
                    changes.clear()
                    await _type(pilot, characters)
                    counts["keys"] += len(characters)
                    if changes or app.screen_stack != stack or app.return_code is not None:
                        counts["escapes"] += 1
                        escapes.append((where, name, index, characters))
                        failures.append(f"{where}: typing {''.join(characters)!r} changed the screens: {changes}")
                        break  # the rest of this screen's controls are under another screen
                    held = _text_of(control)
                    if before is not None and held != before + "".join(characters):
                        failures.append(f"{where} holds {held!r} after the keys {''.join(characters)!r}: "
                                        f"first wrong at the key {_first_wrong_key(held or '', before, characters)}")
                    if ticked is not None and control.value == ticked:  # the one space among the keys ticks it
                        failures.append(f"{where}: space did not tick or untick it")
    for where, name, index, characters in escapes:  # name the key, on a fresh app
        failures.append(f"{where}: {await _escaping_key(app_for, furnished, name, index, characters)}")
    with capsys.disabled():
        each = f"{len(CHARACTERS)} characters" if not SAMPLE else f"bound keys + {len(ALWAYS) + SAMPLE} characters"
        print(f"\nN106 key sweep: {counts['screens']} screens × {counts['controls']} controls × "
              f"{each} = {counts['keys']} keys, {counts['escapes']} escapes "
              f"({counts['reading controls left out']} controls of reading views left out; {counts['apps']} app runs)")
    assert not failures, "\n".join(failures)
    untyped = set(CHARACTERS) - typed
    assert not untyped, f"the sweep never typed {sorted(untyped)}: lower SAMPLE's slices or raise it"
    missing = screen_classes() - visited - set(EXEMPT)
    assert not missing, f"screens the key sweep does not open (add them to _screens, or to EXEMPT with why): {missing}"


@pytest.mark.catalogue("N106")
async def test_a_form_offers_no_one_key_command_in_its_footer(furnished, app_for):
    """`q Quit` and `? Help` would type a letter in a form: the footer offers them only on
    screens one reads; ctrl+q still quits from a form."""
    app = app_for(furnished)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert {"q", "question_mark"} <= set(app.screen.active_bindings)
        await pilot.press("n")
        await pilot.pause()
        for control in ("#title", "#starred", "#lens"):
            app.screen.query_one(control).focus()
            await pilot.pause()
            assert not {"q", "question_mark"} & set(app.screen.active_bindings), control
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
