"""K86: random keys and pastes on every screen neither crash the app nor lose the text.

A seeded, bounded key fuzz through Pilot. Bursts of random keys (printable text, enter,
escape, tab, arrows, page keys, backspace, the ctrl keys the app binds, F5-F7, `?`, and
rarely q or ctrl+q) and pastes (short, long, with control characters and markup) each
start on one screen of the app: every screen, modal and zoom is visited. After every key
the compose form's text is noted; when compose closes, that text must be in the journal,
saved as an entry or kept as a draft, unless Discard was chosen. At the end of a burst
with compose open, the draft the debounce checkpointed must be what the form shows. The
app must never crash (run_test re-raises) and must exit only through its quit action.

The default run starts one burst of 10-30 keys on every screen (about 600 keys, each start
visited once). `JOURNAL_FUZZ_KEYS=N` sends N keys in bursts of 30-90, every start first and
then random ones (`JOURNAL_FUZZ_KEYS=3000`, the default before issue 18, takes about two
minutes); `JOURNAL_FUZZ_SEED` changes the seed; `pytest -s` prints the figures.
"""

from __future__ import annotations

import asyncio
import os
import random
import string
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from textual import events
from textual.widgets import TextArea

from journal.domain.errors import BadValue
from journal.domain.model import Draft, MentorshipStatus
from journal.domain.text import normalise_body
from journal.services import EntryInput
from journal.tui.app import JournalApp
from journal.tui.draft_keeper import DraftKeeper
from journal.tui.screens.compose import ComposeScreen
from journal.tui.screens.home import HomeScreen
from journal.tui.screens.modals import ChoiceModal

from tests.tui.conftest import CORPUS

FUZZ_KEYS = int(os.environ.get("JOURNAL_FUZZ_KEYS", "0") or 0)
"""Keys sent in all (pastes come on top) with JOURNAL_FUZZ_KEYS=N; 0: one short burst on every start."""
FUZZ_SEED = int(os.environ.get("JOURNAL_FUZZ_SEED", "0") or 0) or 86
SIZE = (120, 40)
BURST = (30, 90) if FUZZ_KEYS else (10, 30)
"""Keys per burst: shorter in the default run, which visits each start once."""
PASTE_RATE = 0.03
"""Share of actions that are a paste rather than a key."""
DEBOUNCE = 0.02
"""The checkpoint debounce during the fuzz (1 s in the app): many checkpoints among the keys."""

TEXT = string.ascii_letters.replace("q", "") + string.digits + " .,;:-_!?'\"()[]{}/@#%&*+=<>|~^$`\\" + "éßü中文😀ש"
"""Printable keys (q, which quits on most screens, is among the rare keys below)."""
NAMED = {
    "enter": 6, "escape": 4, "tab": 4, "shift+tab": 2, "space": 2, "up": 3, "down": 4, "left": 2, "right": 2,
    "pageup": 2, "pagedown": 2, "home": 1.5, "end": 1.5, "backspace": 4, "delete": 2,
    "ctrl+p": 2, "ctrl+s": 2, "ctrl+t": 1, "ctrl+n": 1, "ctrl+b": 1, "f5": 0.7, "f6": 0.7, "f7": 0.7,
    "question_mark": 1, "ctrl+z": 0.5, "ctrl+y": 0.3, "ctrl+a": 0.5, "ctrl+x": 0.3, "ctrl+v": 0.3,
    "ctrl+w": 0.3, "ctrl+k": 0.3, "ctrl+u": 0.3, "ctrl+c": 0.3, "q": 0.25, "ctrl+q": 0.15,
}
"""Other keys and their weights against 45 for printable text (ctrl+e is left out: it suspends
the app for $EDITOR, which Pilot cannot do)."""
TEXT_WEIGHT = 45
ODD = ["[/bold]", "[@click=app.quit]x[/]", "[b]", "\x1b]0;PWNED\x07", "\x1b[2J", "\x00", "\x07", "\r\n", "\r",
       "\t", "\u202e", "\ufeff", "\x9b", "\x7f", CORPUS]
"""Pieces of pastes that must never act: markup, escape sequences, control and bidi characters."""
WORDS = "the quiet morning river talk demo rust goal slow notes tired calm learn plan write".split()


def pick_key(rng: random.Random) -> str:
    if rng.random() < TEXT_WEIGHT / (TEXT_WEIGHT + sum(NAMED.values())):
        return rng.choice(TEXT)
    return rng.choices(list(NAMED), weights=list(NAMED.values()))[0]


def paste_text(rng: random.Random) -> str:
    """Short text mostly; some with markup and control characters; a few of many lines; rarely long."""
    roll = rng.random()
    if roll < 0.5:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 10)))
    if roll < 0.8:
        return "".join(rng.choice([*ODD, *WORDS, " "]) for _ in range(rng.randint(1, 12)))
    lines = rng.randint(5, 60) if roll < 0.96 else rng.randint(300, 1200)
    return "\n".join(" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 12))) for _ in range(lines))


@dataclass
class Figures:
    keys: int = 0
    pastes: int = 0
    pasted_chars: int = 0
    bursts: int = 0
    screens: set[str] = field(default_factory=set)
    starts: set[str] = field(default_factory=set)
    runs: int = 0
    quits: int = 0
    crashes: int = 0
    saved: int = 0
    drafts: int = 0
    checkpoints: int = 0
    empty: int = 0
    discarded: int = 0
    lost: list[str] = field(default_factory=list)

    def line(self) -> str:
        intact = self.saved + self.drafts
        return (f"K86 fuzz (seed {FUZZ_SEED}): {self.keys} keys, {self.pastes} pastes ({self.pasted_chars} chars) "
                f"in {self.bursts} bursts; {len(self.starts)} starting screens, {len(self.screens)} screens seen; "
                f"{self.runs} app runs ({self.quits} ended by quit), {self.crashes} crashes; compose texts: "
                f"{intact} intact when closed ({self.saved} saved as entries, {self.drafts} kept as drafts), "
                f"{self.checkpoints} checkpoints matched the open form, {self.empty} empty, "
                f"{self.discarded} discarded by choice, {len(self.lost)} lost")


class Watch:
    """Follows the compose form from key to key; when it closes, its last text must be kept."""

    def __init__(self, journal, figures: Figures, recent: list[str]) -> None:
        self.journal, self.figures, self.recent = journal, figures, recent
        self.form: ComposeScreen | None = None
        self.text = ""
        self.discarded = False
        self.where = ""

    def look(self, app: JournalApp, where: str) -> None:
        form = next((s for s in reversed(app.screen_stack) if isinstance(s, ComposeScreen)), None)
        if form is not self.form:
            if self.form is not None:
                self.closed()
            self.form, self.text, self.discarded = form, "", False
        if form is not None and form.is_mounted:
            areas = form.query("#body").results(TextArea)
            area = next(areas, None)
            if area is not None:
                self.text, self.where = area.text, where

    def closed(self) -> None:
        """Compose left the stack: its last text is an entry, or a draft, or was discarded by choice."""
        figures, text = self.figures, self.text
        if self.discarded:
            figures.discarded += 1
            return
        if not text.strip():
            figures.empty += 1
            return
        try:
            body = normalise_body(text)
        except BadValue:
            body = None
        if body is not None and any(e.body == body for e in self.journal.entries.list(limit=100_000)):
            figures.saved += 1
        elif any(d.body == text for d in self.journal.drafts.list()):
            figures.drafts += 1
        else:
            figures.lost.append(f"{self.where}: {text[:60]!r}… ({len(text)} chars) after keys {self.recent}")

    async def checkpointed(self, pilot, app: JournalApp, where: str) -> None:
        """With compose open at the end of a burst: the debounce has written what the form shows."""
        if self.form is None or not self.form.is_mounted:
            return
        for _ in range(50):  # the debounce's timer runs on the app's loop: give a loaded machine time
            await pilot.pause(DEBOUNCE * 5)
            self.look(app, where)
            if not (app.keeper.dirty and self.text.strip()):  # a form not changed, or blank, needs no draft
                return
            if any(d.body == self.text for d in self.journal.drafts.list()):
                self.figures.checkpoints += 1
                return
        self.figures.lost.append(f"{where}: not checkpointed: {self.text[:60]!r}… ({len(self.text)} chars)")


# --------------------------------------------------------------------------- where each burst starts
def _changed(app: JournalApp) -> None:
    app.refresh_views()


def ensure_entry(journal, app: JournalApp) -> None:
    if not journal.entries.list(limit=1):
        journal.entries.write(EntryInput(body="An entry for the fuzz to open.", title="Fuzz"))
        _changed(app)


def ensure_trash(journal, app: JournalApp) -> None:
    if not journal.entries.trash():
        journal.entries.delete(journal.entries.write(EntryInput(body="Trashed for the fuzz.")).id)
        _changed(app)


def ensure_open_goal(journal, app: JournalApp) -> None:
    if not [s for s in journal.goals.summaries() if not s.goal.status.closed]:
        journal.goals.add(f"Fuzz goal {len(journal.goals.summaries()) + 1}")
        _changed(app)


def ensure_mentorship(journal, app: JournalApp) -> None:
    if not [m for m in journal.mentorships.list() if m.status == MentorshipStatus.ACTIVE]:
        journal.mentorships.add(f"Mentor {len(journal.mentorships.list()) + 1}", focus="fuzz")
        _changed(app)


Enter = Callable[[Any, JournalApp, Any], Awaitable[None]]


def keys(*pressed: str, before: Callable[[Any, JournalApp], None] | None = None) -> Enter:
    async def enter(pilot, app: JournalApp, journal) -> None:
        if before is not None:
            before(journal, app)
            await pilot.pause()
        await pilot.press(*pressed)
        await pilot.pause()

    return enter


def calling(action: str, *pressed: str, before: Callable[[Any, JournalApp], None] | None = None) -> Enter:
    async def enter(pilot, app: JournalApp, journal) -> None:
        if before is not None:
            before(journal, app)
        getattr(app, action)()
        await pilot.pause()
        await pilot.press(*pressed)
        await pilot.pause()

    return enter


async def _recover(pilot, app: JournalApp, journal) -> None:
    journal.drafts.save(Draft(body=f"Left by an earlier run {CORPUS}"))
    app.offer_drafts()
    await pilot.pause()


async def _open_draft(pilot, app: JournalApp, journal) -> None:
    journal.drafts.save(Draft(body="Put off with Later"))
    app.action_open_draft()
    await pilot.pause()


STARTS: dict[str, Enter] = {
    "home": keys(),
    "compose (new)": keys("n", "tab"),  # a new entry starts in the title: tab on to the text
    "compose (edit)": keys("e", before=ensure_entry),
    "entry": keys("enter", before=ensure_entry),
    "search": keys("slash"),
    "trash": keys("x", before=ensure_trash),
    "goals": keys("g"),
    "goal": keys("g", "enter", before=ensure_open_goal),
    "goal form (new)": keys("g", "n"),
    "goal form (edit)": keys("g", "enter", "e", before=ensure_open_goal),
    "mentorships": keys("m", before=ensure_mentorship),
    "mentorship": keys("m", "enter", before=ensure_mentorship),
    "timeline (day)": keys("t", "1"),
    "timeline (week)": keys("t", "2"),
    "timeline (month)": keys("t", "3"),
    "goal timeline": keys("g", "t", before=ensure_open_goal),
    "due": keys("u"),
    "heatmap": keys("y"),
    "help": keys("question_mark"),
    "palette": keys("ctrl+p"),
    "closure (goal)": keys("g", "enter", "c", before=ensure_open_goal),
    "closure (mentorship)": calling("action_end_mentorship", "enter", before=ensure_mentorship),
    "modal: delete": keys("d", before=ensure_entry),
    "modal: prompt picker": calling("action_write_from_prompt"),
    "modal: open a draft": _open_draft,
    "modal: recover a draft": _recover,
    "modal: goal status": keys("g", "enter", "s", before=ensure_open_goal),
    "modal: milestone": keys("g", "enter", "a", before=ensure_open_goal),
    "modal: leave compose": keys("n", "tab", "w", "escape"),
    "modal: quit with text": keys("n", "tab", "w", "ctrl+q"),
}
"""Every screen, modal and zoom, and how a person gets there from home (a new entry starts in
its title; the starts that open one tab once on to the text, which the Watch follows)."""

ANSWER = {"leave-confirm": "k", "closure-leave-confirm": "k", "quit-confirm": "c", "recover-draft": "l",
          "delete-confirm": "c"}
"""How the way back home answers each question: keep the text, never quit."""


async def to_home(pilot, app: JournalApp, watch: Watch) -> bool:
    """Back to home with escape (keeping any text); False if the app exited meanwhile."""
    for _ in range(80):
        if app.return_code is not None:
            return False
        if isinstance(app.screen, HomeScreen):
            return True
        screen = app.screen
        key = "escape"
        if isinstance(screen, ChoiceModal):
            # A form of something other than an entry (vision, agreement, mentorship) asks Save /
            # Discard / Cancel: discarding there is the user's choice, and no entry text is in it.
            key = ANSWER.get(screen.id or "", "d" if (screen.id or "").endswith("-leave-confirm") else "escape")
        await pilot.press(*(("d", "y") if key == "d" else (key,)))  # Discard asks again: y (S248)
        watch.look(app, f"on the way home from {type(screen).__name__}")
    raise AssertionError(f"escape never led back home: {[type(s).__name__ for s in app.screen_stack]}")


def plan(rng: random.Random) -> list[tuple[str, int]]:
    """(starting screen, keys): every screen first, in a shuffled order (whatever FUZZ_KEYS
    says), then random ones until FUZZ_KEYS keys."""
    names = list(STARTS)
    rng.shuffle(names)
    bursts, total = [], 0
    while names or total < FUZZ_KEYS:
        first_pass = bool(names)
        name = names.pop() if names else rng.choice(list(STARTS))
        count = rng.randint(*BURST)
        if not first_pass:
            count = min(count, FUZZ_KEYS - total)  # the last burst ends at FUZZ_KEYS
        bursts.append((name, count))
        total += count
    return bursts


CLOSERS = {"escape", "ctrl+s", "enter", "space", "q", "ctrl+q"}
"""Keys that may close compose or end the app: each is sent alone, the form read just before."""
BATCH = 8


def _stack(app: JournalApp) -> str:
    """The screen stack after a key, short, for the failure message: <HomeScreen>ChoiceModal#quit-confirm>."""
    names = (f"{type(s).__name__}{'#' + s.id if s.id else ''}" for s in app.screen_stack[1:])
    return "<" + ">".join(names) + (" EXIT" if app.return_code is not None else "") + ">"


def _seen(figures: Figures, app: JournalApp) -> None:
    screen = app.screen
    figures.screens.add(f"{type(screen).__name__}#{screen.id}" if screen.id else type(screen).__name__)


async def burst(pilot, app: JournalApp, rng: random.Random, count: int, figures: Figures, watch: Watch,
                recent: list[str], where: str) -> None:
    """`count` keys, and pastes among them. Keys that cannot close compose go in quick runs of
    up to BATCH without waiting between them (as fast typing does, and as keys that arrive
    before a screen is laid out); the others, and every key while a question is asked, alone."""
    batch: list[str] = []

    async def send() -> None:
        if batch:
            recent.append("+".join(batch) if len(batch) > 1 else batch[0])
            del recent[:-30]
            await pilot.press(*batch)
            recent.append(_stack(app))
            figures.keys += len(batch)
            batch.clear()
            _seen(figures, app)
            watch.look(app, where)

    for _ in range(count):
        if app.return_code is not None:
            break
        if rng.random() < PASTE_RATE:
            await send()
            text = paste_text(rng)
            recent.append(f"paste({len(text)})")
            app.post_message(events.Paste(text))
            await pilot.pause(0)
            figures.pastes += 1
            figures.pasted_chars += len(text)
            _seen(figures, app)
            watch.look(app, where)
            continue
        key = pick_key(rng)
        if key in CLOSERS or isinstance(app.screen, ChoiceModal):
            await send()
            if app.return_code is not None:
                break
            batch.append(key)
            await send()
            continue
        batch.append(key)
        if len(batch) >= BATCH:
            await send()
    if app.return_code is None:
        await send()


@pytest.mark.catalogue("K86")
async def test_k86_random_keys_and_pastes_on_every_screen_keep_the_text(seeded, app_for, monkeypatch, capsys,
                                                                       tmp_path):
    monkeypatch.chdir(tmp_path)  # a file name typed into an export field lands here, not in the project
    rng = random.Random(FUZZ_SEED)
    figures = Figures()
    recent: list[str] = []
    watch = Watch(seeded, figures, recent)

    async def settle(*_args, **_kwargs) -> None:
        for _ in range(4):
            await asyncio.sleep(0)

    # Pilot waits two idle steps of wall time after each key for the process to look idle; the
    # message-queue wait that follows is what makes the next key see the last one's effects.
    monkeypatch.setattr("textual.app.wait_for_idle", settle)
    monkeypatch.setattr("journal.tui.screens.compose.DEBOUNCE_SECONDS", DEBOUNCE)
    discard = DraftKeeper.discard

    def discarded(keeper: DraftKeeper) -> None:  # the user chose Discard: the text may go
        watch.discarded = True
        discard(keeper)

    monkeypatch.setattr(DraftKeeper, "discard", discarded)
    quit_asked: list[bool] = []
    quit_action = JournalApp.action_quit

    async def asked_to_quit(app: JournalApp) -> None:
        quit_asked.append(True)
        await quit_action(app)

    monkeypatch.setattr(JournalApp, "action_quit", asked_to_quit)

    pending = plan(rng)
    while pending:
        app = app_for(seeded)
        figures.runs += 1
        quit_asked.clear()
        name = "start"
        try:
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                while pending:
                    name, count = pending[0]
                    if not await to_home(pilot, app, watch):
                        break
                    await STARTS[name](pilot, app, seeded)
                    figures.starts.add(name)
                    figures.bursts += 1
                    pending.pop(0)
                    await burst(pilot, app, rng, count, figures, watch, recent, f"burst from {name}")
                    if app.return_code is not None:
                        break
                    await watch.checkpointed(pilot, app, f"end of a burst from {name}")
        except Exception as error:
            figures.crashes += 1
            raise AssertionError(f"crash in a burst from {name!r}, after keys {recent}: {figures.line()}") from error
        if app.return_code is not None:  # it quit: only through its quit action, and cleanly
            assert quit_asked and app.return_code == 0, (name, recent, app.return_code)
            figures.quits += 1
        if watch.form is not None:  # compose was open when the app ended: its text is kept too
            watch.closed()
            watch.form = None
    with capsys.disabled():
        print(f"\n{figures.line()}")
    assert not figures.lost, f"{figures.line()}: {figures.lost}"
    assert figures.starts == set(STARTS)
    assert figures.crashes == 0
