"""A paste that arrives as keystrokes becomes one paste (catalogue K86).

A terminal without bracketed paste (or with it switched off) delivers pasted text as
plain input bytes, so Textual's driver turns a 1 MB paste into a million key events. Its
input thread reads and parses as fast as the terminal delivers and posts every event at
once, however far the app is behind: the events piled up by the million (3.4 GB seen), the
app took minutes to type them one by one, and a SIGTERM waited behind all of them.

`coalescing(driver_class)` returns the platform driver with one change, at the point where
the input thread hands an event to the app: text keys (printable characters, enter, tab)
are held for a moment, and a run of `PASTE_RUN` or more that arrived before the app got
round to them is handed over as a single `Paste`, which the focused widget inserts at once
(a TextArea in one edit). Nobody types that many keys while the app takes in the previous
ones, so typing, and every key that is not text (ctrl+s, escape, arrows, F-keys), arrives
exactly as before and in order.

It also keeps a bracketed paste that holds an ESC whole (S377): Textual's parser reads an ESC
inside a paste as the start of a key sequence and hands what follows over as keys, typed
before the paste and outside it (an enter, a tab, letters landing in the title). `PasteGuard`
turns each such ESC into its symbol ␛ before the parser sees it, as the app shows a pasted
control character anyway.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterable
from typing import Any

from textual import events
from textual._xterm_parser import XTermParser
from textual.driver import Driver
from textual.message import Message

PASTE_RUN = 32
"""Text keys in one run at least this long, not yet taken in by the app, are a paste."""

PASTE_GATHER = 0.05
"""While a paste is arriving, the app takes it in pieces this many seconds apart (each piece
is one edit of the text area, however long)."""

_TEXT_KEYS = {"enter": "\n", "ctrl+j": "\n", "tab": "\t"}
"""Keys that are text in a paste, besides printable characters (a pasted newline arrives as enter)."""


PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"


class PasteGuard:
    """Input as read, with every ESC inside a bracketed paste that does not begin its end
    marker made ␛. Outside a paste nothing changes and nothing is held back (an escape key
    press must reach the parser at once); inside one, a read that ends part-way into what may
    be the end marker holds those few characters back until the next read."""

    def __init__(self) -> None:
        self._pasting = False
        self._tail = ""
        """The last characters passed on outside a paste: a start marker split across reads."""
        self.held = ""

    def __call__(self, data: str) -> str:
        text, self.held = self.held + data, ""
        out: list[str] = []
        at = 0
        while at < len(text):
            if not self._pasting:
                seen = self._tail + text[at:]
                found = seen.find(PASTE_START)
                if found < 0:
                    out.append(text[at:])
                    self._tail = seen[-(len(PASTE_START) - 1):]
                    break
                upto = at + found + len(PASTE_START) - len(self._tail)
                out.append(text[at:upto])
                self._pasting, self._tail, at = True, "", upto
                continue
            esc = text.find("\x1b", at)
            if esc < 0:
                out.append(text[at:])
                break
            out.append(text[at:esc])
            if text.startswith(PASTE_END, esc):
                out.append(PASTE_END)
                self._pasting, at = False, esc + len(PASTE_END)
            elif PASTE_END.startswith(text[esc:]):
                self.held = text[esc:]
                break
            else:
                out.append("\u241b")
                at = esc + 1
        return "".join(out)


class PasteKeepingParser(XTermParser):
    """Textual's parser, fed through a `PasteGuard`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._guard = PasteGuard()

    def feed(self, data: str) -> Iterable[Any]:
        if data:
            guarded = self._guard(data)  # empty when all of it is held: feeding "" would end the input
            return super().feed(guarded) if guarded else []
        held, self._guard.held = self._guard.held, ""  # the end of input: what was held, then the end
        return [*super().feed(held), *super().feed("")] if held else super().feed("")


def text_of(message: Message) -> str | None:
    """The text a key event types when it is part of a paste; None for anything else."""
    if not isinstance(message, events.Key):
        return None
    if message.key in _TEXT_KEYS:
        return _TEXT_KEYS[message.key]
    if message.is_printable and "+" not in message.key and message.character:  # not alt+x and the like
        return message.character
    return None


def coalescing(base: type[Driver]) -> type[Driver]:
    """`base` (the platform's driver) with runs of text keys handed over as pastes."""

    # The platform's driver makes its parser by this name when its input thread starts.
    driver_module = sys.modules[base.__module__]
    if getattr(driver_module, "XTermParser", None) is XTermParser:
        driver_module.XTermParser = PasteKeepingParser  # type: ignore[attr-defined]

    class CoalescingDriver(base):  # type: ignore[valid-type,misc]  # a class made at run time
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held_lock = threading.Lock()
            self._held_keys: list[events.Key] = []
            """The run's first keys (at most PASTE_RUN), sent as they are if the run stays short."""
            self._held_text: list[str] = []
            self._flush_due = False

        def send_message(self, message: Message) -> None:
            """Runs in the input thread: hold text keys, send everything else after them."""
            text = text_of(message)
            if text is None:
                with self._held_lock:
                    held = self._take_held()
                for earlier in held:
                    self._app.post_message(earlier)
                self._app.post_message(message)
                return
            with self._held_lock:
                self._held_text.append(text)
                if len(self._held_keys) < PASTE_RUN:
                    assert isinstance(message, events.Key)
                    self._held_keys.append(message)
                schedule, self._flush_due = not self._flush_due, True
            if schedule:
                # The app takes what is held when it next gets round to it: one key while it
                # keeps up, a whole run while it is busy.
                self._loop.call_soon_threadsafe(self._flush)

        def _take_held(self) -> list[Message]:
            """The held run as the events to send (call with the lock held)."""
            keys, text = self._held_keys, self._held_text
            self._held_keys, self._held_text, self._flush_due = [], [], False
            if len(text) >= PASTE_RUN:
                paste = events.Paste("".join(text))
                paste.set_sender(self._app)
                return [paste]
            return list(keys)

        def _flush(self) -> None:
            """Runs in the event loop: hand over what is held."""
            with self._held_lock:
                held = self._take_held()
                pasting = bool(held) and isinstance(held[0], events.Paste)
                if pasting:  # more of it is on the way: gather it into larger pieces
                    self._flush_due = True
            for message in held:
                self._app.post_message(message)
            if pasting:
                self._loop.call_later(PASTE_GATHER, self._flush)

    CoalescingDriver.__name__ = CoalescingDriver.__qualname__ = f"Coalescing{base.__name__}"
    return CoalescingDriver
