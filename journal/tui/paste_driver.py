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
as before. Everything read reaches the app through one queue, in the order read (S401).

It also keeps a bracketed paste that holds an ESC whole (S377): Textual's parser reads an ESC
inside a paste as the start of a key sequence and hands what follows over as keys, typed
before the paste and outside it (an enter, a tab, letters landing in the title). `PasteGuard`
turns each such ESC into its symbol ␛ before the parser sees it, as the app shows a pasted
control character anyway.
"""

from __future__ import annotations

import sys
import threading
import unicodedata
from collections.abc import Iterable
from typing import Any

from textual import events
from textual._xterm_parser import XTermParser
from textual.driver import Driver
from textual.message import Message

PASTE_RUN = 32
"""Text keys in one run at least this long, not yet taken in by the app, are a paste."""

PASTE_RUN_ACROSS_FIELDS = 256
"""The same for a run with a tab or an enter in it: a title, tab, then the text typed at speed
before the new entry was drawn went into the title as one paste, tab and all (S527). A run of
that length is still a paste, and a flood of keys still never piles up."""

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
    """The text a key event types when it is part of a paste; None for anything else. A format
    character (a zero-width joiner or non-joiner, a direction mark: Unicode's Cf) typed alone is
    text too: Textual's fields insert only printable characters, and dropped it (S402)."""
    if not isinstance(message, events.Key):
        return None
    if message.key in _TEXT_KEYS:
        return _TEXT_KEYS[message.key]
    if message.is_printable and "+" not in message.key and message.character:  # not alt+x and the like
        return message.character
    if _is_format(message.character):
        return message.character
    return None


def _is_format(character: str | None) -> bool:
    return character is not None and len(character) == 1 and unicodedata.category(character) == "Cf"


class _Run:
    """Text keys in a row, held until the app takes them: handed over as they came, or, once
    PASTE_RUN or more piled up (PASTE_RUN_ACROSS_FIELDS with a tab or an enter among them), as
    one Paste (only the first keys are kept as keys)."""

    def __init__(self) -> None:
        self.keys: list[events.Key] = []
        self.text: list[str] = []

    def add(self, key: events.Key, text: str) -> None:
        self.text.append(text)
        if len(self.keys) < PASTE_RUN_ACROSS_FIELDS:
            self.keys.append(key)

    @property
    def is_paste(self) -> bool:
        if len(self.text) < PASTE_RUN:
            return False
        return len(self.text) >= PASTE_RUN_ACROSS_FIELDS or not any(t in ("\t", "\n") for t in self.text)

    def messages(self, app: Any) -> list[Message]:
        if self.is_paste:
            return [_paste("".join(self.text), app)]
        # a format character typed alone goes in as a one-character paste (S402); so does a line
        # feed (a newline of a paste arriving as keys: ctrl+j, which no text field takes as a key,
        # so the newlines of a paste's last few lines were lost: S535)
        return [_paste(key.character or "", app) if _is_format(key.character) or key.character == "\n" else key
                for key in self.keys]


def _paste(text: str, app: Any) -> events.Paste:
    paste = events.Paste(text)
    paste.set_sender(app)
    return paste


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
            self._held: list[_Run | Message] = []
            """What the input thread read and the app has not taken yet, in the order read."""
            self._flush_due = False

        def send_message(self, message: Message) -> None:
            """Runs in the input thread: hold everything, in order, for the app to take (`_flush`).
            Keys that were not text went to the app from this thread at once while a flush due
            still held the text before them, so that text was typed after them, or after text
            typed later ("one two" ZWJ "three" saved as "threeone two": S401)."""
            text = text_of(message)
            with self._held_lock:
                if text is None:
                    self._held.append(message)
                else:
                    assert isinstance(message, events.Key)
                    last = self._held[-1] if self._held else None
                    run = last if isinstance(last, _Run) else _Run()
                    if run is not last:
                        self._held.append(run)
                    run.add(message, text)
                schedule, self._flush_due = not self._flush_due, True
            if schedule:
                # The app takes what is held when it next gets round to it: one key while it
                # keeps up, a whole run while it is busy.
                self._loop.call_soon_threadsafe(self._flush)

        def _flush(self) -> None:
            """Runs in the event loop: hand over what is held, in the order it was read."""
            with self._held_lock:
                held, self._held = self._held, []
                pasting = bool(held) and isinstance(held[-1], _Run) and held[-1].is_paste
                self._flush_due = pasting  # more of a paste is on the way: gather it into larger pieces
            for item in held:
                for message in item.messages(self._app) if isinstance(item, _Run) else [item]:
                    self._app.post_message(message)
            if pasting:
                self._loop.call_later(PASTE_GATHER, self._flush)

    CoalescingDriver.__name__ = CoalescingDriver.__qualname__ = f"Coalescing{base.__name__}"
    return CoalescingDriver
