"""The Textual app: the screen stack, what only the app can do, and keeping the draft safe.

Screens are given the journal (and, when they hold typed text, the DraftKeeper) when they
are made, and report back with messages; the app never reaches into a screen's widgets
except to read an open compose form when a signal arrives.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import sys
from collections.abc import Awaitable, Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events, on, work
from textual.app import App, ScreenStackError, SystemCommand, UnknownModeError
from textual.binding import Binding
from textual.driver import Driver
from textual.keys import key_to_character
from textual.screen import Screen

from journal import config
from journal.clock import Clock
from journal.domain.errors import JournalError
from journal.domain.text import control_pictures
from journal.domain.model import Draft, Entry, EntryChanges, Kind, Lens, MentorshipStatus
from journal.services import Journal
from journal.tui import settings
from journal.tui.paste_driver import coalescing
from journal.tui.safe_app import DraftSafeApp
from journal.tui.messages import (
    AnswerRequested, ClosureRequested, ComposeRequested, DueItemChosen, EntryDeleted, EntryDeleteRequested,
    EntryEditRequested, EntryOpenRequested, EntryRestored, EntrySaved, GoalCreated, JournalChanged, StarToggleRequested,
)
from journal.tui import stylesheet
from journal.tui.screens.home import HomeScreen
from journal.tui.typing_rule import is_typing, typed_text
from journal.tui.widgets.rows import draft_label, safe

if TYPE_CHECKING:
    from textual.message_pump import MessagePump
    from textual.widget import Widget
    from textual.widgets import Input

    from journal.domain.reflection import Due

# What the first painted list does not need is imported where it is used (issue 20): the
# modals (screens/modals.py), the unlock step (screens/unlock.py, in `run`) and
# services/privacy (what the header says of encryption, read after the first paint).

MOVES_FOCUS = ("tab", "shift+tab")
"""Keys whose screen binding moves the focus: the keys after them wait for the move."""
HOLD_AT_MOST = 1.0
"""Seconds keys wait for a focus move whose widget closed before its turn came."""
POLL_SECONDS = 2.0
"""How often to look for writes by another process."""
SYNC_SECONDS = 300.0
"""With a sync folder configured: sync at start, then this often (in a thread), and at quit."""


class JournalApp(DraftSafeApp):
    """Threefold's terminal UI over one open `Journal`."""

    TITLE = "Threefold"
    BINDINGS = [
        Binding("q", "quit_key", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        Binding("g", "goals", "Goals", show=False, id="app.goals"),
        Binding("t", "timeline", "Timeline", show=False, id="app.timeline"),
        Binding("m", "mentorships", "Mentorships", show=False, id="app.mentorships"),
        Binding("u", "due", "Due", show=False, id="app.due"),
        Binding("y", "heatmap", "Year", show=False, id="app.heatmap"),
        Binding("v", "preparing", "Preparing", show=False, id="app.preparing"),
        Binding("j", "cursor('down')", "Down", show=False, id="app.down"),
        Binding("k", "cursor('up')", "Up", show=False, id="app.up"),
    ]

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-medium"), (100, "-wide")]
    """Three layouts (journal.tcss, "sizes"): side by side from 100 columns, fewer panes side by
    side from 80 (80×24), one pane at a time or stacked below 80."""

    def __init__(self, journal: Journal) -> None:
        super().__init__(journal)
        self._data_version = 0
        self._day = journal.today()
        """The local day the views were read on: a new one reads them again (`_poll`)."""
        self._held: list[events.Event] | None = None
        """Keys that came after tab while the focus moves (`_hold_for_move`)."""
        stylesheet.add_start(self.stylesheet)  # journal.tcss: the rest as another screen first shows

    def _load_screen_css(self, screen: Screen[Any]) -> None:
        """Textual's private hook for a screen's own CSS, run before any screen shows (pinned by
        tests/tui/test_stylesheet_parts.py): the rest of journal.tcss first, unless it is home."""
        if not isinstance(screen, HomeScreen):
            stylesheet.add_rest(self.stylesheet)
        super()._load_screen_css(screen)

    async def _check_bindings(self, key: str, priority: bool = False) -> bool:
        """The app's one rule for keys (catalogue N106): a printable key is text. While a text
        field or a form control has focus, or a form that holds typed text is open, it goes to
        the focused control (space still ticks a box, opens a drop-down) and never fires a
        one-key binding of a screen or of the app (`t` typed on compose's lens buttons opened
        the Timeline over the unsaved entry). Keys with ctrl, function keys, escape and enter
        keep all their bindings. Textual's private hook, pinned by tests/tui/test_keys_stay.py."""
        if priority and self.focused is not None and self.typing() and self._priority_binding(key):
            # After what was typed before it (S176): Textual runs a priority binding the moment its
            # key reaches the app, while keys and pastes that came first still wait in the focused
            # field's queue (a burst, a paste, a slow link): ctrl+s saved without them, ctrl+n
            # moved their text into the next closure answer. Queued behind them, it runs after.
            self.focused.call_later(App._check_bindings, self, key, True)
            return True
        if not priority and typed_text(key) and not self.typing() and (field := self._types_into()) is not None:
            # a screen whose keys are a query (search): a letter typed on its results goes into
            # the query, never to a one-key command (`u` opened What's due, `a` an answer: S223)
            field.focus()
            field.insert_text_at_cursor(key_to_character(key) or "")
            return True
        if not priority and key == "backspace" and not self.typing() and (field := self._types_into()) is not None:
            field.focus()  # and backspace takes back the query's last letter (S302)
            field.action_delete_left()
            return True
        if priority or not typed_text(key) or not self.typing():
            return await super()._check_bindings(key, priority)
        for namespace, bindings in self.screen._modal_binding_chain:
            if isinstance(namespace, Screen | App):
                continue  # the screen's and the app's one-key commands
            for binding in bindings.key_to_bindings.get(key, ()):
                if not binding.priority and await self.run_action(binding.action, namespace):
                    return True
        return False

    def _types_into(self) -> Input | None:
        """The text field a screen's printable keys go to wherever its focus is (`TYPES_INTO`)."""
        from textual.widgets import Input

        selector = getattr(self.screen, "TYPES_INTO", None)
        return next(iter(self.screen.query(selector).results(Input)), None) if selector else None

    def _priority_binding(self, key: str) -> bool:
        """Whether a priority binding of the screen's chain takes `key`."""
        return any(binding.priority for _, bindings in self.screen._binding_chain
                   for binding in bindings.key_to_bindings.get(key, ()))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While printable keys are text, the footer does not offer `q Quit` and `? Help` (they
        would type a letter), nor on a screen whose letters go to its query wherever its focus
        is (search's results offered both, and each typed a letter: S376); ctrl+q quits anywhere."""
        if action in ("quit_key", "help") and (self.typing() or self._letters_to_query()):
            return False
        return True

    def _letters_to_query(self) -> bool:
        try:
            return self._types_into() is not None
        except (ScreenStackError, UnknownModeError):  # no screen (starting, closing)
            return False

    def action_cursor(self, direction: str) -> None:
        """j / k: down / up in whichever list or table has the focus (a screen's own j or k comes
        first: k writes a check-in on a mentorship); elsewhere nothing."""
        move = getattr(self.focused, f"action_cursor_{direction}", None)
        if move is not None:
            move()

    async def action_quit_key(self) -> None:
        """`q` on a screen one reads: quit (as ctrl+q)."""
        await self.action_quit()

    def typing(self) -> bool:
        """Printable keys are text now: see `_check_bindings`."""
        try:
            screen = self.screen
        except (ScreenStackError, UnknownModeError):
            return False
        return is_typing(screen, screen.focused)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Paste) and not event.is_forwarded:
            pasted = self._pasted(event)
            if pasted is None:
                return
            event = pasted
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded and self._held is not None:
            self._held.append(event)  # after a focus move still on its way (`_hold_for_move`)
            return
        if isinstance(event, events.Key) and not event.is_forwarded and (
                self._hold_for_move(event.key) or self._bound_in_order(event.key)):
            return
        await super().on_event(event)

    def _hold_for_move(self, key: str) -> bool:
        """Tab and shift+tab move the focus in the focused widget's turn, and hold the keys typed
        after them until it has moved: the screen's binding ran only once the key had gone
        through the field's queue and back up, while the keys after it had been handed to that
        field already ("Coffee with Dana ⇥ We talked" typed in one burst made one title, a
        rating typed after tab changed the one before: S415). A widget that takes the key
        itself (a text area that indents) is left to it."""
        field = self.focused
        if field is None or key not in MOVES_FOCUS:
            return False
        try:
            chain = self.screen._modal_binding_chain
        except (ScreenStackError, UnknownModeError):
            return False
        first = next((namespace for namespace, bindings in chain if key in bindings.key_to_bindings), None)
        if not isinstance(first, Screen) or getattr(field, "tab_behavior", None) == "indent":
            return False
        return self._hold_keys(field, partial(self._move_in_turn, key))

    def _hold_keys(self, field: Widget, step: Callable[[list[events.Event]], Awaitable[None]]) -> bool:
        """Hold the keys that come from now on, and run `step(held)` in `field`'s turn (it
        releases them); False when `field` takes no more messages (nothing held)."""
        held: list[events.Event] = []
        self._held = held
        if not field.call_later(step, held):
            self._held = None
            return False
        self.set_timer(HOLD_AT_MOST, lambda: self._release(held))  # a widget that closed before its turn
        return True

    async def _move_in_turn(self, key: str, held: list[events.Event]) -> None:
        try:
            await self._check_bindings(key, False)
        finally:
            await self._release(held)

    async def _submit_in_turn(self, field: Widget, held: list[events.Event]) -> None:
        """Enter in a one-line field, in its turn; the keys after it wait until what it set off
        (its Submitted message) has gone up through every parent: a form moves the focus on
        there ("Slides ⏎ friday" in one burst put "friday" into the milestone's title, compose's
        title took the first words of the text: S443)."""
        try:
            await self._key_in_turn(field, "enter")
        finally:
            if not field.call_later(self._climb, field, held):
                self.call_later(self._release, held)

    def _climb(self, node: MessagePump, held: list[events.Event]) -> None:
        """In `node`'s turn, what it bubbled up is in its parent's queue: follow it there; past
        the app, release the keys held."""
        parent = node._parent
        if parent is None or not parent.call_later(self._climb, parent, held):
            self.call_later(self._release, held)

    async def _release(self, held: list[events.Event]) -> None:
        """Hand on the keys held after a focus move, in order, to where the focus is now (one of
        them may move it again and hold the rest)."""
        if self._held is not held:
            return
        self._held = None
        for index, event in enumerate(held):
            if self._held is not None:
                self._held.extend(held[index:])
                return
            await self.on_event(event)

    def _bound_in_order(self, key: str) -> bool:
        """Run a key's binding after the keys typed before it into the focused text field (S403).

        Textual forwards a key to the focused field and runs the field's binding for it (backspace,
        the arrows, home, end) only when the key has bubbled back up to the app,
        while the keys typed after it are already in the field's queue: typed in one burst,
        "abcd ⌫ xy ← ← z" was saved as "abcdxy", its backspace and arrows acting after the
        text that followed them. Queued behind what came first, the binding runs in its place,
        as the priority bindings already do (S176). Keys a field takes itself (a text area's
        enter, its tab and escape while tab indents) go as before."""
        field = self.focused
        if field is None or typed_text(key) or self._priority_binding(key):
            return False
        from journal.tui.typing_rule import text_field_kinds

        kinds = text_field_kinds()
        if not kinds or not isinstance(field, kinds):
            return False
        if key == "enter" and hasattr(field, "tab_behavior"):  # a TextArea inserts the line break itself
            return False
        if key in ("tab", "escape") and getattr(field, "tab_behavior", None) == "indent":
            return False
        try:
            chain = self.screen._modal_binding_chain
        except (ScreenStackError, UnknownModeError):
            return False
        # the field's own binding only: one of the screen's (escape) may close the form; tab and
        # shift+tab hold the keys after them instead (`_hold_for_move`)
        if not any(namespace is field and not b.priority
                   for namespace, bindings in chain for b in bindings.key_to_bindings.get(key, ())):
            return False
        if key == "enter":  # a one-line field's submit (a text area's enter went above)
            return self._hold_keys(field, partial(self._submit_in_turn, field))
        field.call_later(self._key_in_turn, field, key)
        return True

    async def _key_in_turn(self, field: Widget, key: str) -> None:
        """The bindings of a key typed into `field`, in the field's turn (the field's own first;
        one that skips lets the screen's act, as Textual does). When the focus moved on meanwhile
        (a key before it opened a question), the field's own binding still acts on it, as the
        letters typed around it went into it; a field that has gone (its screen closed) takes none."""
        if not field.is_attached:
            return
        if self.focused is field:
            await self._check_bindings(key, False)
            return
        binding = next((b for b in field._bindings.key_to_bindings.get(key, ()) if not b.priority), None)
        if binding is not None:
            await self.run_action(binding.action, field)

    def _pasted(self, paste: events.Paste) -> events.Paste | None:
        """What a paste types (S175): control characters as symbols, as compose shows them (an
        ESC pasted raw reached the terminal); into a one-line field, every line, joined by spaces
        (Textual's Input kept the first line and dropped the rest, silently), or where the
        screen puts them (`paste_lines`: compose's title sends the lines after the first into
        the text). None: the screen took it."""
        from textual.widgets import Input

        # A terminal sends a pasted line break as CR (the enter key): a line break, not a control.
        text, _ = control_pictures(paste.text.replace("\r\n", "\n").replace("\r", "\n"))
        lines = text.splitlines()
        if isinstance(self.focused, Input) and len(lines) > 1:
            take = getattr(self.screen, "paste_lines", None)
            if take is not None and take(self.focused, lines):
                return None
            text = " ".join(line.strip() for line in lines if line.strip())
        return paste if text == paste.text else events.Paste(text)

    def get_driver_class(self) -> type[Driver]:
        """The platform's driver, taking a paste that arrives as keystrokes as one paste (K86)."""
        return coalescing(super().get_driver_class())

    # ----------------------------------------------------------- lifecycle
    def on_mount(self) -> None:
        if not os.environ.get("TEXTUAL_THEME") and (theme := settings.saved_theme()) in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.push_screen(HomeScreen(self.journal))
        self.install_signal_handlers()
        self._data_version = self.journal.upkeep.data_version()
        self.set_interval(POLL_SECONDS, self._poll)
        self.call_after_refresh(self._start_syncing)  # after the first paint: nothing to sync costs an import
        self.call_after_refresh(gc.enable)  # collections resume once the home screen is painted (see `run`)
        self.call_after_refresh(self._say_encrypted)
        self.call_after_refresh(self.offer_drafts)
        if notice := self.journal.clock.zone_notice():  # TZ is no zone name: which zone is used (K89)
            self.notify(notice, title="Time zone", severity="warning", markup=False, timeout=15)

    def run(self, *args: Any, **kwargs: Any) -> Any:
        """Run the app. Until the home screen is first painted, Python's cyclic garbage collector
        is off: start-up allocates tens of thousands of objects (modules, styles, widgets) and
        frees almost none, and the collections it set off there (a full one among them) were
        ~10% of the time to the first painted list (issue 20). What was there before the app
        started (modules, classes, the open journal) is frozen out of later collections while
        the app runs, so they never walk it again; all is as before once the app has ended."""
        gc.disable()
        gc.freeze()
        try:
            return super().run(*args, **kwargs)
        finally:
            gc.unfreeze()
            gc.enable()

    def _say_encrypted(self) -> None:
        """An encrypted journal: the header of every screen without its own says so."""
        from journal.services import privacy

        if (status := privacy.status(self.journal.path)).startswith("encrypted"):
            self.sub_title = status

    def _start_syncing(self) -> None:
        """With a sync folder configured: sync now, then every SYNC_SECONDS (in a thread)."""
        if self.journal.session.sync_folder() and self.journal.sync.automatic():  # none: no sync code loads
            self.sync_in_background()
            self.set_interval(SYNC_SECONDS, self.sync_in_background)

    def read_open_form(self) -> None:
        """Have the keeper read the open form now (compose or the closure conversation)."""
        self.keeper.touch()
        self.keeper.sync()

    def keep_open_forms(self) -> int:
        """The forms open under and over each other that hold typed changes, other than compose
        and the closure conversation (the keeper's): each one's text kept as a draft (S360)."""
        base = sys.modules.get("journal.tui.screens.base")
        if base is None:  # no form was ever opened
            return 0
        kept = 0
        for screen in self.screen_stack:
            if isinstance(screen, base.FormScreen | base.FormModal) and not screen.KEEPS_DRAFT and screen.changed():
                heading = getattr(screen, "heading", "")  # a one-line form says what it is for
                what = heading[:120] if isinstance(heading, str) and heading.strip() else screen.FORM_NAME
                title = f"Not saved: {what} (the app was stopped)"
                kept += self.journal.drafts.keep_form(title, base.typed_texts(screen)) is not None
        return kept

    # ----------------------------------------------------------- drafts
    def offer_drafts(self) -> None:
        """Offer the newest draft left by an earlier run (marked offered first: no crash loops).

        Only over home: an offer never covers text being written or another question (K86);
        a draft not offered now is offered at the next start (or opened from the palette).
        """
        from journal.tui.screens.modals import ChoiceModal

        if not isinstance(self.screen, HomeScreen) or self._has_screen("recover-draft"):
            return
        # closure answers are taken up by their conversation (S178), not offered as entries to write
        drafts = [d for d in self.journal.drafts.unoffered() if d.kind != Kind.CLOSURE]
        if not drafts:
            return
        draft = drafts[0]
        assert draft.id is not None
        self.journal.drafts.mark_offered(draft.id)
        stamp = draft.updated_at.astimezone(self.journal.clock.tzinfo).strftime("%a %d %b %H:%M") \
            if draft.updated_at else "an earlier session"
        question = Text(f"Recover unsaved draft from {stamp}?\n\n", style="bold")
        question.append_text(self._what_draft(draft))
        question.append("\n\nLater keeps it: ctrl+p › Open a saved draft…, or\n`journal drafts` on the command line.",
                        style="dim")

        def answer(choice: str | None) -> None:
            if choice == "recover":
                self.keeper.recovered_id = draft.id
                self.open_compose(draft)
            elif choice == "discard" and draft.id is not None:
                self.journal.drafts.discard(draft.id)
            self.call_after_refresh(self.offer_drafts)

        self.push_screen(ChoiceModal(question, [("recover", "Recover"), ("later", "Later"), ("discard", "Discard")],
                                     id="recover-draft"), answer)

    def _what_draft(self, draft: Draft) -> Text:
        """What a draft offered back is (S258): its lens and title, the entry it edits (and
        whether its version lost to a change made elsewhere), then its text's first line."""
        from journal.domain.text import summary
        from journal.tui.widgets.rows import LENS_STYLE

        what = Text()
        what.append(f"{draft.lens.symbol} {draft.lens.value}", style=LENS_STYLE[draft.lens])
        if draft.title:
            what.append("  ")
            what.append(safe(summary(draft.title, "", 60)), style="bold")
        if draft.entry_id:
            with contextlib.suppress(JournalError):
                edited = self.journal.entries.get(draft.entry_id)
                what.append(f"  edits entry {edited.short_id}", style="dim")
                if draft.lost_to:
                    what.append(" (the entry was changed after it was kept)", style="dim")
        what.append("\n")
        what.append(safe(summary(None, draft.body, 120)) or "(no text yet)", style="italic")
        return what

    def _writing(self) -> bool:
        """A form that holds typed text (compose, the closure conversation) is open: it holds the
        keeper, and a second one would take the keeper from it, so its text would no longer be
        checkpointed (K86: text lost by the fuzz). One at a time; the person is told."""
        from journal.tui.screens.closure import ClosureScreen
        from journal.tui.screens.compose import ComposeScreen

        if any(isinstance(s, ComposeScreen | ClosureScreen) for s in self.screen_stack):
            self.notify("Save or close what you are writing first.", severity="warning")
            return True
        return False

    def open_compose(self, draft: Draft, answers: Entry | None = None, *, template: bool = False) -> None:
        """Continue `draft` in compose (one writing form at a time: it holds the keeper)."""
        from journal.tui.screens.compose import ComposeScreen

        if self._writing():
            return
        draft = self.journal.drafts.completed(draft)
        if answers is None and draft.answers:  # a draft taken up again answers what it answered: said and quoted (S367)
            try:
                answers = self.journal.entries.get(draft.answers)
            except JournalError:  # gone since (purged): the draft's link is checked when it is saved
                answers = None
        self.push_screen(ComposeScreen(self.journal, self.keeper, draft, answers=answers, template=template),
                         lambda _: self.keeper.release())

    def action_open_draft(self) -> None:
        """Pick a saved draft (those put off with "Later" too) and continue it in compose."""
        from journal.tui.screens.modals import PickModal

        mine = self.keeper.draft.id if self.keeper.draft is not None else None
        drafts = [d for d in self.journal.drafts.list() if d.id != mine]
        elsewhere = [d for d in drafts if self.journal.drafts.held_elsewhere(d)]  # another live window's
        drafts = [d for d in drafts if d not in elsewhere]
        if not drafts:
            more = f" ({len(elsewhere)} open in another window)" if elsewhere else ""
            self.notify(f"No saved drafts to open{more}.", markup=False)
            return
        items = [(str(d.id), draft_label(d, self.journal.clock.tzinfo)) for d in drafts]
        question = "Open a saved draft:" + (f" ({len(elsewhere)} more open in another window)" if elsewhere else "")

        def chosen(draft_id: str | None) -> None:
            if not draft_id:
                return
            draft = self.journal.drafts.get(int(draft_id))
            if draft is None:
                self.notify("That draft is gone (saved or discarded meanwhile).", severity="warning")
                return
            self.open_compose(draft)

        self.push_screen(PickModal(question, items, id="open-draft"), chosen)

    # ----------------------------------------------------------- writing
    def action_new_entry(self) -> None:
        """Open compose for a new entry."""
        self.open_compose(Draft(body=""))

    def action_write_from_prompt(self) -> None:
        """Pick any prompt from the library; compose starts with it as the title and its lens."""
        from journal.tui.screens.modals import PickModal

        library = self.journal.reflection.library()
        items = [
            (p.id, Text.assemble((f"{p.lens.symbol} " if p.lens else "· "), safe(p.text), (f"  {p.set}", "dim")))
            for prompts in library.sets.values() for p in prompts
        ]

        def chosen(prompt_id: str | None) -> None:
            if prompt_id:
                prompt = library.get(prompt_id)
                kind = self.journal.reflection.prompt_kind(prompt) or Kind.NOTE  # the set's (S347)
                self.open_compose(Draft(body="", lens=prompt.lens or kind.lens, title=prompt.text, kind=kind))  # S537

        self.push_screen(PickModal("Write from a prompt (it becomes the entry's title):", items), chosen)

    @on(ComposeRequested)
    def _compose_requested(self, message: ComposeRequested) -> None:
        self.open_compose(message.draft, template=message.template)

    @on(EntryEditRequested)
    def edit_entry(self, message: EntryEditRequested) -> None:
        """Open compose on an existing entry; when a draft of an edit of it was kept (and no other
        window holds it), ask first whether to go on with that draft (S299)."""
        from journal.tui.screens.compose import draft_from_entry
        from journal.tui.screens.modals import ChoiceModal

        entry = self.journal.entries.get(message.entry_id)
        if self._writing():
            return
        kept = [d for d in self.journal.drafts.list()
                if d.entry_id == entry.id and not self.journal.drafts.held_elsewhere(d)]
        if not kept:
            self.open_compose(draft_from_entry(entry))
            return
        draft = kept[0]  # the newest
        question = Text("There is a draft of an edit of this entry (kept, or set aside by a sync or an import):\n\n",
                        style="bold")
        question.append_text(self._what_draft(draft))

        def answer(choice: str | None) -> None:
            if choice == "draft":
                self.open_compose(draft)
            elif choice == "saved":
                self.open_compose(draft_from_entry(self.journal.entries.get(entry.id)))

        self.push_screen(ChoiceModal(question, [("draft", "Go on with the draft"), ("saved", "Edit the saved entry"),
                                                ("cancel", "Cancel")], id="kept-draft"), answer)

    @on(DueItemChosen)
    def act_on_due(self, message: DueItemChosen) -> None:
        """Foresight: answer it (hindsight, quoted); a goal: write about it; its target or a
        milestone: the goal, the milestone highlighted; a check-in or a meeting: its entry, of that
        mentorship (a notice only said it was due: S185)."""
        item: Due = message.item
        if item.kind in ("foresight", "follow-up"):
            self.answer_foresight(self.journal.entries.get(item.ref))
        elif item.kind == "review":  # a check-in on the goal is what keeps its review (a note left it due: S224)
            self.open_compose(Draft(body="", kind=Kind.CHECK_IN, lens=Kind.CHECK_IN.lens, goals=(item.ref,),
                                    title=f"Review: {item.title}"))
        elif item.kind == "quiet":
            self.open_compose(Draft(body="", goals=(item.ref,)))
        elif item.kind in ("target", "milestone"):  # the goal, where it is closed, moved or the milestone ticked (S330)
            from journal.tui.screens.goal_detail import GoalScreen

            self.push_screen(GoalScreen(self.journal, item.ref, milestone=item.milestone))
        elif item.kind in ("check-in", "meeting"):
            kind, words = ((Kind.CHECK_IN, "Check-in with") if item.kind == "check-in"
                           else (Kind.MEETING, "Meeting with"))
            self.open_compose(Draft(body="", kind=kind, lens=kind.lens, mentorship=item.ref,
                                    title=f"{words} {item.title}"))
        else:
            self.notify(f"Due: {item.kind} with {safe(item.title)}.", markup=False)

    @on(AnswerRequested)
    def _answer_requested(self, message: AnswerRequested) -> None:
        try:
            target = self.journal.entries.get(message.entry_id)
        except JournalError as error:  # gone meanwhile (purged in another window)
            self.notify(str(error), severity="warning", markup=False)
            return
        self.answer_foresight(target)

    def answer_foresight(self, target: Entry) -> None:
        """Answer the foresight entry `target`: a hindsight entry titled after it ("What happened:
        <its title or first words>"; a feedback follow-up: "How it went: <what I would try>"), it
        quoted above, its goals and mentorship carried. One already answered is not answered again: a notice
        names the entry that answers it."""
        from journal.domain.text import summary

        answer = self.journal.entries.answered_by(target.id)
        if answer is not None:
            named = safe(summary(answer.title, answer.body, 60)) or "(empty)"
            self.notify(f"Already answered by “{named}” ({answer.day.strftime('%a %d %b %Y')}, id {answer.short_id}).",
                        title="Answered", markup=False)
            return
        tried = target.details.get("follow_up") if target.kind == Kind.FEEDBACK else None  # a follow-up
        about = summary(None, tried, 200) if tried else summary(target.title, target.body, 200)
        if len(about) > 48:  # its first words
            about = about[:48].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"
        self.open_compose(Draft(body="", lens=Lens.HINDSIGHT,
                                title=f"{'How it went' if tried else 'What happened'}: {about}" if about else
                                "What actually happened?",
                                goals=tuple(g.id for g in target.goals),
                                mentorship=self.journal.entries.filed_under(target.mentorship)),
                          answers=target)

    def action_write_from_template(self) -> None:
        """Pick a prompt set; compose starts with its questions as headings (compose.template_draft)."""
        from journal.tui.screens.compose import template_picker

        self.push_screen(template_picker(self.journal, "Write from which prompt set? (its questions become headings)"),
                         lambda name: self.write_from_template(name) if name else None)

    def write_from_template(self, set_name: str) -> None:
        """Compose a new entry from the prompt set `set_name`, the cursor in its first answer."""
        from journal.tui.screens.compose import template_draft

        try:
            draft = template_draft(self.journal, set_name)
        except JournalError as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        self.open_compose(draft, template=True)

    @on(EntryOpenRequested)
    def open_entry(self, message: EntryOpenRequested) -> None:
        from journal.tui.screens.entry import EntryScreen

        self.push_screen(EntryScreen(self.journal, message.entry_id))

    @on(EntryDeleteRequested)
    def confirm_delete(self, message: EntryDeleteRequested) -> None:
        """Ask, then move the entry to the trash."""
        from journal.tui.screens.modals import ChoiceModal

        entry = message.entry
        question = Text("Move this entry to the trash?\n\n")
        question.append(safe(entry.title or entry.body[:80]), style="bold")
        question.append("\n\n(restore it later from the trash: x)", style="dim")

        def answer(choice: str | None) -> None:
            if choice != "delete":
                return
            try:
                deleted = self.journal.entries.delete(entry.id)
            except JournalError as error:  # busy, read-only, full, found damaged: said, the app goes on (S301)
                self.notify(str(error), severity="error", markup=False)
                return
            entry_screen = sys.modules.get("journal.tui.screens.entry")  # (never imported: no entry open)
            if entry_screen and isinstance(self.screen, entry_screen.EntryScreen) and self.screen.entry_id == entry.id:
                self.screen.dismiss(None)  # deleted from its own screen: back to the list
            self.post_message(EntryDeleted(deleted))
            self.notify("Moved to the trash (x opens it).")

        self.push_screen(ChoiceModal(question, [("delete", "Delete"), ("cancel", "Cancel")], id="delete-confirm"),
                         answer)

    @on(StarToggleRequested)
    def toggle_star(self, message: StarToggleRequested) -> None:
        try:
            changed, _ = self.journal.entries.edit(message.entry.id, EntryChanges(starred=not message.entry.starred))
        except JournalError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.post_message(EntrySaved(changed))

    # ----------------------------------------------------------- closure
    @on(ClosureRequested)
    def _closure_requested(self, message: ClosureRequested) -> None:
        self.open_closure(goal=message.goal, mentorship=message.mentorship)

    def open_closure(self, *, goal: str | None = None, mentorship: str | None = None) -> None:
        """The closure conversation of a goal or a mentorship, then its retrospective."""
        from journal.tui.screens.closure import ClosureScreen

        if self._writing():
            return
        self.push_screen(ClosureScreen(self.journal, self.keeper, goal=goal, mentorship=mentorship),
                         lambda _: self.keeper.release())

    def action_close_goal(self) -> None:
        """Palette "Close a goal…": choose an open goal, then walk its closure."""
        from journal.tui.screens.modals import PickModal

        goals = [s.goal for s in self.journal.goals.summaries() if not s.goal.status.closed]
        if not goals:
            self.notify("No open goal to close.")
            return
        items = [(g.id, Text(f"⚑ {safe(g.title)}")) for g in goals]
        self.push_screen(PickModal("Close which goal?", items, id="pick-goal"),
                         lambda ref: self.open_closure(goal=ref) if ref else None)

    def action_end_mentorship(self) -> None:
        """Palette "End a mentorship…": choose an active mentorship, then walk its closure."""
        from journal.tui.screens.modals import PickModal

        found = [m for m in self.journal.mentorships.list() if m.status == MentorshipStatus.ACTIVE]
        if not found:
            self.notify("No active mentorship to end.")
            return
        items = [(m.id, Text(safe(m.mentor) + (f" — {safe(m.focus)}" if m.focus else ""))) for m in found]
        self.push_screen(PickModal("End which mentorship?", items, id="pick-mentorship"),
                         lambda ref: self.open_closure(mentorship=ref) if ref else None)

    def action_retrospective(self) -> None:
        """Palette "Retrospective of a goal or mentorship…": choose one (closed ones first), then review it."""
        from journal.tui.screens.modals import PickModal
        from journal.tui.screens.retrospective import RetroScreen

        goals = sorted((s.goal for s in self.journal.goals.summaries()), key=lambda g: not g.status.closed)
        found = sorted(self.journal.mentorships.list(), key=lambda m: m.status == MentorshipStatus.ACTIVE)
        items = [(f"goal:{g.id}", Text(f"⚑ {safe(g.title)}  ({g.status.value})")) for g in goals]
        items += [(f"mentorship:{m.id}", Text(f"Mentorship with {safe(m.mentor)}  ({m.status.value})")) for m in found]
        if not items:
            self.notify("No goal or mentorship yet.")
            return

        def chosen(ref: str | None) -> None:
            kind, _, subject = (ref or "").partition(":")
            if subject:
                self.push_screen(RetroScreen(self.journal, goal=subject) if kind == "goal"
                                 else RetroScreen(self.journal, mentorship=subject))

        self.push_screen(PickModal("The retrospective of which?", items, id="pick-retrospective"), chosen)

    # ----------------------------------------------------------- other screens
    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        """Push `screen`, unless a screen with its id is open or still being taken down (a
        palette command run again over its own question, a question asked again at once): the
        bell instead of two of one screen (catalogue K86)."""
        if isinstance(screen, Screen) and self._has_screen(screen.id):
            self.bell()
            done: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
            done.set_result(None)
            return done
        return super().push_screen(screen, *args, **kwargs)

    def _has_screen(self, screen_id: str | None) -> bool:
        """A screen with this id is open, or was just closed and is not yet taken down (the app's
        node list holds every screen it has not yet removed; `children` shows only the active one)."""
        return screen_id is not None and any(node.id == screen_id for node in self._nodes)

    def _push_once(self, screen_type: type[Screen[Any]], make: Any) -> None:
        if not isinstance(self.screen, screen_type):
            self.push_screen(make())

    def action_due(self) -> None:
        from journal.tui.screens.due import DueScreen

        self._push_once(DueScreen, lambda: DueScreen(self.journal))

    def action_heatmap(self) -> None:
        from journal.tui.screens.heatmap import HeatmapScreen

        self._push_once(HeatmapScreen, lambda: HeatmapScreen(self.journal))

    def action_search(self) -> None:
        from journal.tui.screens.search import SearchScreen

        self.push_screen(SearchScreen(self.journal))

    def action_trash(self) -> None:
        from journal.tui.screens.trash import TrashScreen

        self.push_screen(TrashScreen(self.journal))

    def action_goals(self) -> None:
        """The goal list (goals, milestones, status, the goal form)."""
        from journal.tui.screens.goals import GoalsScreen

        self._push_once(GoalsScreen, lambda: GoalsScreen(self.journal))

    def action_timeline(self) -> None:
        """The whole journal's timeline (a goal's or mentorship's from their screens)."""
        from journal.tui.screens.timeline import TimelineScreen

        self.push_screen(TimelineScreen(self.journal))

    def action_mentorships(self) -> None:
        from journal.tui.screens.mentorships import MentorshipsScreen

        self._push_once(MentorshipsScreen, lambda: MentorshipsScreen(self.journal))

    def action_new_mentorship(self) -> None:
        """Palette "New mentorship…": the form; the saved mentorship opens."""
        from journal.tui.screens.mentorship_form import MentorshipFormScreen
        from journal.tui.screens.mentorships import MentorshipScreen

        def saved(mentorship_id: str | None) -> None:
            if mentorship_id:
                self.push_screen(MentorshipScreen(self.journal, mentorship_id))

        self.push_screen(MentorshipFormScreen(self.journal), saved)

    def action_shortlists(self) -> None:
        """Palette "Choose a mentor…": the shortlists (criteria, candidates, the ranking, choosing)."""
        from journal.tui.screens.shortlists import ShortlistsScreen

        self._push_once(ShortlistsScreen, lambda: ShortlistsScreen(self.journal))

    def action_preparing(self) -> None:
        """Preparing: the vision and its gaps, the learning profile, reflecting on past mentors."""
        from journal.tui.screens.preparing import PreparingScreen

        self._push_once(PreparingScreen, lambda: PreparingScreen(self.journal))

    def action_passing_on(self) -> None:
        """Passing it on: the summary built from the journal, and the mentee-to-mentor reflection."""
        from journal.tui.screens.passing_on import PassingOnScreen

        self._push_once(PassingOnScreen, lambda: PassingOnScreen(self.journal))

    def action_help(self) -> None:
        from journal.tui.screens.help import HelpScreen

        self._push_once(HelpScreen, HelpScreen)

    def action_save_screenshot(self) -> None:
        """An SVG of the screen in the Downloads folder, or the current one when there is none
        (Textual's failed without ~/Downloads); 0600 like every file of the journal: it shows
        entry text."""
        from journal.tui.screenshot import save_screenshot

        try:
            path = save_screenshot(self.export_screenshot(), self.journal.clock.now())
        except OSError as error:
            self.notify(f"Screenshot not saved: {error.strerror or error}.", severity="error", markup=False)
            return
        from journal.services import privacy

        encrypted = privacy.status(self.journal.path).startswith("encrypted")
        note = " It shows entry text in plain form." if encrypted else ""
        self.notify(f"Screenshot saved: {path}.{note}", title="Screenshot", markup=False, timeout=10)

    def action_command_palette(self) -> None:
        """The palette (ctrl+p), guarded against keys that arrive before it is ready."""
        from journal.tui.screens.palette import JournalCommandPalette

        is_open = JournalCommandPalette.is_open(self)  # type: ignore[arg-type]  # Textual types it App[object]
        if self.use_command_palette and not is_open:
            self.push_screen(JournalCommandPalette(id="--command-palette"))

    def search_themes(self) -> None:
        """The theme picker: Textual's, in the guarded palette (it is a command palette too)."""
        from textual.theme import ThemeProvider

        from journal.tui.screens.palette import JournalCommandPalette

        self.push_screen(JournalCommandPalette(providers=[ThemeProvider], placeholder="Search for themes…"))

    async def action_quit(self) -> None:
        """Flush the draft; with unsaved changes in compose, ask Save / Keep draft / Discard."""
        from journal.tui.screens.modals import ChoiceModal

        # the form as it is now: the keys typed just before ctrl+q are in it, while the messages
        # that tell the keeper so may still wait (a reviewer saw it quit without asking, under
        # load; not reproduced here, and reading the form costs nothing)
        self._read_open_form()
        self.keeper.checkpoint()
        compose = sys.modules.get("journal.tui.screens.compose")  # never imported: no compose form is open
        form = None if compose is None else \
            next((s for s in reversed(self.screen_stack) if isinstance(s, compose.ComposeScreen)), None)
        if form is None or not self.keeper.dirty:
            self._quit_from_forms()
            return
        if isinstance(self.screen, ChoiceModal):
            return

        def answer(choice: str | None) -> None:
            if choice == "cancel" or choice is None:
                return
            # From the choice on, keys still on their way no longer change the text being kept
            # (K86: letters typed between "Save" and the exit were lost); back on if it fails.
            focused = self.focused
            form.disabled = True
            self.set_focus(None)  # keys already on their way go to no text field
            if choice == "save":
                done = form.action_save()
            elif choice == "keep":
                done = self.keeper.checkpoint()
            else:
                self.keeper.discard()
                done = True
            if done:
                self.exit()
            else:
                form.disabled = False
                self.set_focus(focused)

        self.push_screen(ChoiceModal(
            "Quit with unsaved changes?",
            [("save", "Save"), ("keep", "Keep draft"), ("discard", "Discard"), ("cancel", "Cancel")],
            id="quit-confirm"), answer)

    def _quit_from_forms(self) -> None:
        """Quit; with typed changes in a form that keeps no draft as it goes (a goal, a mentorship,
        an agreement, the vision, the profile, the closure conversation, and the small forms over
        a screen: a conversation's notes, a milestone…), ask first (S165, S178, S206): the
        form's QUIT_CHOICES."""
        from journal.tui.screens.base import FormModal, FormScreen
        from journal.tui.screens.modals import ChoiceModal

        form = next((s for s in reversed(self.screen_stack)
                     if isinstance(s, FormScreen | FormModal) and s.changed()), None)
        if form is None:
            self.exit()
            return
        if isinstance(self.screen, ChoiceModal):  # asked already (or another question is open)
            return

        def answer(choice: str | None) -> None:
            if form.quit_with(choice or "cancel"):
                self.exit()

        self.push_screen(ChoiceModal("Quit with unsaved changes?", form.QUIT_CHOICES, id="quit-confirm"), answer)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every action is in the command palette too (a screen adds its own with `commands()`)."""
        for command in super().get_system_commands(screen):
            if command.title not in ("Keys", "Screenshot"):  # ours below: one "Keys", a screenshot that lands
                yield command
        yield SystemCommand("Screenshot", "Save an SVG picture of this screen (private: only you can read it)",
                            self.action_save_screenshot)
        yield SystemCommand("New entry", "Write a new entry (n)", self.action_new_entry)
        yield SystemCommand("Write from a prompt…", "Any prompt from the library, kept as the title",
                            self.action_write_from_prompt)
        yield SystemCommand("Write from a template…", "A prompt set's questions as headings, an answer under each",
                            self.action_write_from_template)
        if "check-in" in self.journal.reflection.template_sets():
            yield SystemCommand("Weekly check-in", "A check-in entry from the check-in questions",
                                lambda: self.write_from_template("check-in"))
        yield SystemCommand("Feedback received", "A feedback entry: from whom, what you asked, what came back, "
                            "what you will try (f on a mentorship)",
                            lambda: self.open_compose(Draft(body="", kind=Kind.FEEDBACK, lens=Kind.FEEDBACK.lens,
                                                            title="Feedback")))
        yield SystemCommand("Open a saved draft…", "Continue a draft, including ones put off with Later",
                            self.action_open_draft)
        yield SystemCommand("Search", "Search the journal (/)", self.action_search)
        yield SystemCommand("Trash", "Deleted entries, restore (x)", self.action_trash)
        yield SystemCommand("Keys", "Show every key (?)", self.action_help)
        yield SystemCommand("Close a goal…", "Closure conversation, close, retrospective", self.action_close_goal)
        yield SystemCommand("New mentorship…", "Mentor, focus, check-in rhythm, agreements",
                            self.action_new_mentorship)
        yield SystemCommand("End a mentorship…", "Closure conversation, close, retrospective",
                            self.action_end_mentorship)
        yield SystemCommand("Retrospective of a goal or mentorship…", "Review it, leave entries out, export it",
                            self.action_retrospective)
        yield SystemCommand("What's due", "Foresight to revisit, reviews, check-ins (u)", self.action_due)
        yield SystemCommand("Year heatmap", "A year by lens, streaks, on this day (y)", self.action_heatmap)
        yield SystemCommand("Goals", "Goals, milestones and status (g)", self.action_goals)
        yield SystemCommand("Timeline", "The whole journal over time (t)", self.action_timeline)
        yield SystemCommand("Mentorships", "Mentors, agreements, check-ins (m)", self.action_mentorships)
        yield SystemCommand("Preparing: vision, gaps, learning profile", "Where you want to be, the gaps, how you "
                            "learn, past mentors (v)", self.action_preparing)
        yield SystemCommand("Passing it on", "What helped, the feedback you valued, what you'd do differently; "
                            "the reflection", self.action_passing_on)
        yield SystemCommand("Choose a mentor…", "Shortlists: must-haves, weighted wants, candidates ranked",
                            self.action_shortlists)
        commands = getattr(screen, "commands", None)
        if callable(commands):
            yield from commands()

    # ----------------------------------------------------------- keeping views current
    @on(EntrySaved)
    @on(EntryRestored)
    def _entry_changed(self, message: EntrySaved | EntryRestored) -> None:
        self.refresh_views(select=message.entry.id)

    @on(EntryDeleted)
    @on(GoalCreated)
    def _journal_changed(self, message: EntryDeleted | GoalCreated) -> None:
        self.refresh_views()

    @on(JournalChanged)
    def _changed_elsewhere(self, message: JournalChanged) -> None:
        self.refresh_views(select=message.select)

    def refresh_views(self, select: str | None = None) -> None:
        """Tell every open screen to reload what it shows."""
        for screen in self.screen_stack:
            screen.post_message(JournalChanged(select))

    @work(thread=True, exclusive=True, group="sync", exit_on_error=False)
    def sync_in_background(self) -> None:
        """Sync with the configured folder on a connection of this thread's own; what it brings
        shows at the next poll, and a conflict's draft is offered. Typing is never held up: a
        save meanwhile waits for the sync's transaction like any other writer."""
        try:
            journal = Journal.open(self.journal.session.path, clock=self.journal.clock)
            try:
                report = journal.sync.run(None)
            finally:
                journal.close()
        except JournalError as problem:
            self.call_from_thread(self.notify, f"Not synced: {problem}", title="Sync", severity="warning",
                                  markup=False, timeout=10)
            return
        except Exception as error:  # a sync must never take the app (and the text being typed) down
            self.call_from_thread(self.notify, f"Sync stopped by an internal error ({type(error).__name__}).",
                                  title="Sync", severity="error", markup=False, timeout=10)
            return
        for line in report.alerts:
            self.call_from_thread(self.notify, line, title="Sync", markup=False, timeout=10)
        if count := report.skipped.total():
            named = "\n".join(safe(line) for line in report.refused[:3]) + ("\n…" if len(report.refused) > 3 else "")
            self.call_from_thread(self.notify, f"{count} change file(s) cannot be applied here (`journal sync` "
                                  f"says the way on):\n{named}", title="Sync", severity="warning", markup=False,
                                  timeout=10)
        if count := report.outcomes["untrashed"]:
            self.call_from_thread(self.notify, f"{count} entr(y/ies) moved to the trash here had been changed on "
                                  "another device: back out of the trash; what they said then is kept as drafts.",
                                  title="Sync", markup=False, timeout=10)
        if count := report.outcomes["conflict"]:
            self.call_from_thread(self.notify, f"{count} entry version(s) changed here lost to a newer change from "
                                  "another device; yours are kept as drafts.", title="Sync", markup=False, timeout=10)
        if report.outcomes["conflict"] or report.outcomes["untrashed"]:
            self.call_from_thread(self.offer_drafts)

    def _poll(self) -> None:
        notices = self.journal.session.notices  # what a saved write's daily backup found (S380, S379)
        while notices:  # the command line says them after its command; the app as they come (S411)
            self.notify(safe(notices.pop(0)), severity="warning", markup=False, timeout=30)
        version, day = self.journal.upkeep.data_version(), self.journal.today()
        if version != self._data_version or day != self._day:  # another process's write, or a new day
            self._data_version, self._day = version, day  # ("in 3 days", "quiet 12d" read as of today)
            self.refresh_views()

    def _theme_changed(self, theme: Any) -> None:
        if theme.name != settings.saved_theme():
            try:
                settings.save_theme(theme.name)
            except OSError:
                self.notify("Could not save the theme choice in config.toml.", severity="warning")


def make_app(db_path: str | os.PathLike[str] | None = None, clock: Clock | None = None,
             journal: Journal | None = None) -> JournalApp:
    """The app on `journal`, or on the journal at `db_path` (default: the usual one)."""
    if journal is None:
        journal = Journal.open(db_path, clock=clock)
    elif clock is not None:
        journal.clock = clock
    return JournalApp(journal)


def run(db: str | os.PathLike[str] | None = None) -> int:
    """Run the app until it exits; returns its exit code.

    An encrypted journal whose key neither the OS keyring nor JOURNAL_PASSPHRASE_FD/_FILE
    gave goes through the unlock step first (screens/unlock.py); leaving it ends here, 1.
    """
    from journal.services.unlocking import Locked  # here: its imports cost the first paint (issue 20)
    from journal.tui.screens.unlock import NOT_UNLOCKED, UnlockApp

    path = Path(db) if db else None
    try:
        journal = Journal.open(path)
    except Locked:
        chosen, _ = config.db_path(path)
        unlock = UnlockApp(Path(os.path.realpath(chosen)), lambda ask: Journal.open(path, ask=ask))
        opened = unlock.run()
        if opened is None:
            print(NOT_UNLOCKED, file=sys.stderr)
            return unlock.return_code or 1
        journal = opened
    app = make_app(journal=journal)
    try:
        app.run()
        for line in app.journal.sync.after_writing():  # what was written in the app goes out now
            print(f"journal: {safe(line)}", file=sys.stderr)
    finally:
        app.journal.close()
    return app.return_code or 0

