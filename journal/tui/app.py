"""The Textual app: screens, app-wide actions, and keeping the draft safe whatever happens."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from dataclasses import replace
from pathlib import Path
from typing import Iterable

from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from journal.clock import Clock
from journal.domain.errors import JournalError
from journal.domain.model import Draft, Entry, Goal, Lens
from journal.domain.text import summary
from journal.services import EntryChanges, Journal
from journal.tui import settings
from journal.tui.messages import EntryDeleted, EntryRestored, EntrySaved, GoalCreated
from journal.tui.screens.choice import ChoiceModal
from journal.tui.screens.compose import ComposeScreen, draft_from_entry
from journal.tui.screens.home import HomeScreen
from journal.tui.widgets.rows import LENS_STYLE, safe

CRASH_CODE = 70
"""EX_SOFTWARE: the app stopped on a bug (the draft was saved first)."""
POLL_SECONDS = 2.0
"""How often to look for writes by another process."""
CRASH_MESSAGE = (
    "Threefold stopped because of an internal error ({kind}).\n"
    "Your unsaved text was kept as a draft; it will be offered when you start again.\n"
    "Please report the bug (no entry text was printed)."
)


class JournalApp(App[None]):
    """Threefold's terminal UI over one open `Journal`."""

    CSS_PATH = "journal.tcss"
    TITLE = "Threefold"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        Binding("g", "goals", "Goals", show=False, id="app.goals"),
        Binding("t", "timeline", "Timeline", show=False, id="app.timeline"),
        Binding("m", "mentorships", "Mentorships", show=False, id="app.mentorships"),
        Binding("u", "due", "Due", show=False, id="app.due"),
        Binding("y", "heatmap", "Year", show=False, id="app.heatmap"),
    ]

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal
        self.draft: Draft | None = None
        """The compose form's state, kept here so signals and crashes can save it."""
        self.draft_dirty = False
        """True while the compose form differs from what it started with."""
        self._checkpointed: Draft | None = None
        self._recovered_id: int | None = None
        self._hangup_before = None
        """The draft taken up from the recovery offer in this run (see _handle_exception)."""
        self._data_version = 0
        self._signals: list[int] = []

    # ----------------------------------------------------------- lifecycle
    def on_mount(self) -> None:
        if not os.environ.get("TEXTUAL_THEME") and (theme := settings.saved_theme()) in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.push_screen(HomeScreen())
        self._install_signal_handlers()
        self._data_version = self.journal.upkeep.data_version()
        self.set_interval(POLL_SECONDS, self._poll)
        self.call_after_refresh(self.offer_drafts)

    def on_unmount(self) -> None:
        self.checkpoint()
        loop = asyncio.get_running_loop()
        for signum in self._signals:
            loop.remove_signal_handler(signum)
        if self._hangup_before is not None:
            signal.signal(signal.SIGHUP, self._hangup_before)

    def _install_signal_handlers(self) -> None:
        """SIGTERM through the event loop; SIGHUP as a plain handler (see `_on_hangup`)."""
        self._signal_loop = loop = asyncio.get_running_loop()
        try:
            loop.add_signal_handler(signal.SIGTERM, self._on_signal, signal.SIGTERM)
            self._signals.append(signal.SIGTERM)
            self._hangup_before = signal.signal(signal.SIGHUP, self._on_hangup)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or Windows
            pass

    def _on_signal(self, signum: int) -> None:
        """Asked to stop: save the draft, then exit 128+signum, silently."""
        self._read_open_form()
        self.checkpoint()
        self.exit(return_code=128 + signum)

    def _on_hangup(self, signum: int, _frame) -> None:
        """SIGHUP. Runs in the main thread even while the event loop is stuck, which it can be.

        When the window closes, Textual's writer thread dies on EIO and the app then blocks for
        good the next time its write queue fills (it was seen spinning on as an orphan). So with
        the terminal gone: save the draft from app state and leave at once, exit 129; nothing is
        left to restore on a terminal that no longer exists. A SIGHUP sent while the terminal is
        still there takes the ordinary way out.
        """
        if not _terminal_gone():
            self._signal_loop.call_soon_threadsafe(self._on_signal, signum)
            return
        self._read_open_form()
        self.checkpoint()
        os._exit(128 + signum)

    def _read_open_form(self) -> None:
        # Keystrokes already shown may not have reached app state through Changed yet.
        try:
            if isinstance(self.screen, ComposeScreen) or any(isinstance(s, ComposeScreen) for s in self.screen_stack):
                form = next(s for s in reversed(self.screen_stack) if isinstance(s, ComposeScreen))
                self.draft = form.read_form()
        except Exception:  # widgets may be half torn down; app state is the fallback
            pass

    def _handle_exception(self, error: Exception) -> None:
        """Crash path (private Textual API, pinned by a test): save the draft, exit 70, no traceback."""
        try:
            self.checkpoint()
            if self.draft is not None and self.draft.id is not None and self.draft.id == self._recovered_id:
                # A crash while a recovered draft is open may be that draft's doing (D29): keep it
                # (`journal drafts`, ctrl+p › Open a saved draft…) but do not offer it at start again.
                self.journal.drafts.mark_offered(self.draft.id)
        except Exception:
            pass
        if self._exception is None:  # run_test re-raises it so tests see the bug
            self._exception = error
            self._exception_event.set()
        self._return_code = CRASH_CODE
        # A plain message: Textual's traceback shows locals, which would print diary text.
        self._exit_renderables.append(Text(CRASH_MESSAGE.format(kind=type(error).__name__)))
        self._close_messages_no_wait()

    # ----------------------------------------------------------- drafts
    def checkpoint(self) -> bool:
        """Write the app-state draft to the journal if it changed since the last checkpoint.

        False, with a notice, when the journal cannot take it (disk full, read-only, busy):
        the text stays on screen and in app state, and the next checkpoint tries again.
        """
        draft = self.draft
        if draft is None or not (draft.body.strip() or draft.id is not None):
            return True
        if self._checkpointed is not None and self._checkpointed == draft:
            return True
        try:
            draft.id = self.journal.drafts.save(draft)
        except JournalError as error:
            self.notify(str(error), title="Draft not saved; your text is still here", severity="error",
                        markup=False)
            return False
        self._checkpointed = replace(draft)
        return True

    def offer_drafts(self) -> None:
        """Offer the newest draft left by an earlier run (marked offered first: no crash loops)."""
        drafts = self.journal.drafts.unoffered()
        if not drafts:
            return
        draft = drafts[0]
        self.journal.drafts.mark_offered(draft.id)
        stamp = draft.updated_at.astimezone(self.journal.clock.tzinfo).strftime("%a %d %b %H:%M") \
            if draft.updated_at else "an earlier session"
        question = Text(f"Recover unsaved draft from {stamp}?\n\n", style="bold")
        question.append(safe(draft.body[:120]), style="italic")
        question.append("\n\nLater keeps it: ctrl+p › Open a saved draft…, or\n`journal drafts` on the command line.",
                        style="dim")

        def answer(choice: str | None) -> None:
            if choice == "recover":
                self._recovered_id = draft.id
                self.open_draft(draft)
            elif choice == "discard":
                self.journal.drafts.discard(draft.id)
            self.call_after_refresh(self.offer_drafts)

        self.push_screen(ChoiceModal(question, [("recover", "Recover"), ("later", "Later"), ("discard", "Discard")],
                                     id="recover-draft"), answer)

    def open_draft(self, draft: Draft) -> None:
        """Continue `draft` in compose."""
        if any(isinstance(s, ComposeScreen) for s in self.screen_stack):
            self.notify("Save or close the entry you are writing first.", severity="warning")
            return
        self.push_screen(ComposeScreen(draft), self._after_compose)

    def action_open_draft(self) -> None:
        """Pick a saved draft (those put off with "Later" too) and continue it in compose."""
        from journal.tui.screens.closure import PickModal

        mine = self.draft.id if self.draft is not None else None
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
            self.open_draft(draft)

        self.push_screen(PickModal(question, items, id="open-draft"), chosen)

    # ----------------------------------------------------------- app actions
    def action_new_entry(self) -> None:
        """Open compose for a new entry."""
        self.push_screen(ComposeScreen(Draft(body="")), self._after_compose)

    def action_write_from_prompt(self) -> None:
        """Pick any prompt from the library; compose starts with it as the title and its lens."""
        from journal.tui.screens.closure import PickModal

        library = self.journal.reflection.library()
        items = [
            (p.id, Text.assemble((f"{p.lens.symbol} " if p.lens else "· "), safe(p.text),
                                 (f"  {p.set}", "dim")))
            for prompts in library.sets.values() for p in prompts
        ]

        def chosen(prompt_id: str | None) -> None:
            if prompt_id:
                prompt = library.get(prompt_id)
                draft = Draft(body="", lens=prompt.lens or Lens.HINDSIGHT, title=prompt.text)
                self.push_screen(ComposeScreen(draft), self._after_compose)

        self.push_screen(PickModal("Write from a prompt (it becomes the entry's title):", items), chosen)

    def edit_entry(self, entry_id: str) -> None:
        """Open compose on an existing entry."""
        entry = self.journal.entries.get(entry_id)
        self.push_screen(ComposeScreen(draft_from_entry(entry)), self._after_compose)

    def _after_compose(self, entry_id: str | None) -> None:
        self._checkpointed = None

    # ----------------------------------------------------------- closure, due, looking back
    def action_close_goal(self) -> None:
        from journal.tui.screens.closure import pick_goal_to_close

        pick_goal_to_close(self)

    def action_end_mentorship(self) -> None:
        from journal.tui.screens.closure import pick_mentorship_to_end

        pick_mentorship_to_end(self)

    def action_due(self) -> None:
        from journal.tui.screens.due import DueScreen

        if not isinstance(self.screen, DueScreen):
            self.push_screen(DueScreen())

    def action_heatmap(self) -> None:
        from journal.tui.screens.heatmap import HeatmapScreen

        if not isinstance(self.screen, HeatmapScreen):
            self.push_screen(HeatmapScreen())

    def act_on_due(self, item) -> None:
        """Foresight: answer it (hindsight, quoted); a goal: write about it; a mentorship: say so."""
        if item.kind == "foresight":
            target = self.journal.entries.get(item.ref)
            draft = Draft(body="", lens=Lens.HINDSIGHT, title="What actually happened?",
                          goals=tuple(g.id for g in target.goals))
            self.push_screen(ComposeScreen(draft, answers=target), self._after_answer)
        elif item.kind in ("review", "quiet"):
            self.push_screen(ComposeScreen(Draft(body="", goals=(item.ref,))), self._after_answer)
        else:
            self.notify(f"Due: {item.kind} with {safe(item.title)}.", markup=False)

    def _after_answer(self, entry_id: str | None) -> None:
        from journal.tui.screens.due import DueScreen

        self._checkpointed = None
        for screen in self.screen_stack:
            if isinstance(screen, DueScreen):
                screen.reload()
        if (home := self._home()) is not None:
            home.refresh_side()

    def open_entry(self, entry_id: str) -> None:
        from journal.tui.screens.entry import EntryScreen

        self.push_screen(EntryScreen(entry_id))

    def action_search(self) -> None:
        from journal.tui.screens.search import SearchScreen

        self.push_screen(SearchScreen())

    def action_trash(self) -> None:
        from journal.tui.screens.trash import TrashScreen

        self.push_screen(TrashScreen())

    def action_goals(self) -> None:
        """The goal list (goals, milestones, status, the goal form)."""
        from journal.tui.screens.goals import GoalsScreen

        if not isinstance(self.screen, GoalsScreen):
            self.push_screen(GoalsScreen())

    def action_timeline(self) -> None:
        """The whole journal's timeline (a goal's or mentorship's from their screens)."""
        from journal.tui.screens.timeline import TimelineScreen

        self.push_screen(TimelineScreen())

    def action_mentorships(self) -> None:
        from journal.tui.screens.mentorships import MentorshipsScreen

        if not isinstance(self.screen, MentorshipsScreen):
            self.push_screen(MentorshipsScreen())

    def action_help(self) -> None:
        from journal.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def confirm_delete(self, entry: Entry, then=None) -> None:
        """Ask, then move `entry` to the trash."""
        question = Text("Move this entry to the trash?\n\n")
        question.append(safe(entry.title or entry.body[:80]), style="bold")
        question.append("\n\n(restore it later from the trash: x)", style="dim")

        def answer(choice: str | None) -> None:
            if choice != "delete":
                return
            deleted = self.journal.entries.delete(entry.id)
            self.post_message(EntryDeleted(deleted))
            self.notify("Moved to the trash (x opens it).")
            if then:
                then()

        self.push_screen(ChoiceModal(question, [("delete", "Delete"), ("cancel", "Cancel")], id="delete-confirm"),
                         answer)

    def toggle_star(self, entry: Entry) -> None:
        """Star or unstar `entry`."""
        try:
            changed, _ = self.journal.entries.edit(entry.id, EntryChanges(starred=not entry.starred))
        except JournalError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.post_message(EntrySaved(changed))

    async def action_quit(self) -> None:
        """Flush the draft; with unsaved changes in compose, ask Save / Keep draft / Discard."""
        self.checkpoint()
        form = next((s for s in reversed(self.screen_stack) if isinstance(s, ComposeScreen)), None)
        if form is None or not self.draft_dirty:
            self.exit()
            return
        if isinstance(self.screen, ChoiceModal):
            return

        def answer(choice: str | None) -> None:
            if choice == "save":
                if form.action_save():
                    self.exit()
            elif choice == "keep":
                if self.checkpoint():
                    self.exit()
            elif choice == "discard":
                form.discard()
                self.exit()

        self.push_screen(ChoiceModal(
            "Quit with unsaved changes?",
            [("save", "Save"), ("keep", "Keep draft"), ("discard", "Discard"), ("cancel", "Cancel")],
            id="quit-confirm"), answer)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every action is in the command palette too."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("New entry", "Write a new entry (n)", self.action_new_entry)
        yield SystemCommand("Write from a prompt…", "Any prompt from the library, kept as the title",
                            self.action_write_from_prompt)
        yield SystemCommand("Open a saved draft…", "Continue a draft, including ones put off with Later",
                            self.action_open_draft)
        yield SystemCommand("Search", "Search the journal (/)", self.action_search)
        yield SystemCommand("Trash", "Deleted entries, restore (x)", self.action_trash)
        yield SystemCommand("Keys", "Show every key (?)", self.action_help)
        yield SystemCommand("Close a goal…", "Closure conversation, close, retrospective", self.action_close_goal)
        yield SystemCommand("End a mentorship…", "Closure conversation, close, retrospective",
                            self.action_end_mentorship)
        yield SystemCommand("What's due", "Foresight to revisit, reviews, check-ins (u)", self.action_due)
        yield SystemCommand("Year heatmap", "A year by lens, streaks, on this day (y)", self.action_heatmap)
        yield SystemCommand("Goals", "Goals, milestones and status (g)", self.action_goals)
        yield SystemCommand("Timeline", "The whole journal over time (t)", self.action_timeline)
        yield SystemCommand("Mentorships", "Mentors, agreements, check-ins (m)", self.action_mentorships)
        home = self._home()
        if home is not None and home.current is not None and screen is home:
            yield SystemCommand("Open entry", "Read the highlighted entry (enter)", lambda: self.open_entry(home.current.id))
            yield SystemCommand("Edit entry", "Edit the highlighted entry (e)", home.action_edit)
            yield SystemCommand("Delete entry", "Move the highlighted entry to the trash (d)", home.action_delete)
            yield SystemCommand("Star / unstar entry", "Toggle the star (s)", home.action_star)
        if isinstance(screen, ComposeScreen):
            yield SystemCommand("Save entry", "Save (ctrl+s)", screen.action_save)
            for lens in Lens:
                yield SystemCommand(f"Lens: {lens.value}", lens.question,
                                    lambda name=lens.value: screen.action_lens(name))
            yield SystemCommand("Insert prompt", "Insert the prompt of the day (ctrl+t)", screen.action_insert_prompt)
            yield SystemCommand("External editor", "Edit in $VISUAL/$EDITOR (ctrl+e)", screen.action_external_editor)

    # ----------------------------------------------------------- refresh
    def _home(self) -> HomeScreen | None:
        return next((s for s in self.screen_stack if isinstance(s, HomeScreen)), None)

    def refresh_views(self, select: str | None = None) -> None:
        """Reload the list and any open entry or trash view."""
        from journal.tui.screens.entry import EntryScreen
        from journal.tui.screens.trash import TrashScreen

        if (home := self._home()) is not None:
            home.reload(select=select)
        for screen in self.screen_stack:
            if isinstance(screen, (EntryScreen, TrashScreen)):
                screen.reload()

    def on_entry_saved(self, message: EntrySaved) -> None:
        self.refresh_views(select=message.entry.id)

    def on_entry_deleted(self, message: EntryDeleted) -> None:
        self.refresh_views()

    def on_entry_restored(self, message: EntryRestored) -> None:
        self.refresh_views(select=message.entry.id)

    def create_goal(self, title: str) -> Goal | None:
        """A new goal named `title`, announced to every view; a bad title is shown, never raised."""
        try:
            goal = self.journal.goals.add(title)
        except JournalError as error:
            self.notify(str(error), severity="error", markup=False)
            return None
        self.post_message(GoalCreated(goal))
        return goal

    def on_goal_created(self, message: GoalCreated) -> None:
        if (home := self._home()) is not None:
            home.refresh_side()

    def _poll(self) -> None:
        version = self.journal.upkeep.data_version()
        if version != self._data_version:
            self._data_version = version
            self.refresh_views()

    def _theme_changed(self, theme) -> None:
        if theme.name != settings.saved_theme():
            try:
                settings.save_theme(theme.name)
            except OSError:
                self.notify("Could not save the theme choice in config.toml.", severity="warning")


def draft_label(draft: Draft, tz) -> Text:
    """One line for a draft in a list: when it was saved, lens, the entry it edits, its first line."""
    stamp = draft.updated_at.astimezone(tz).strftime("%a %d %b %H:%M") if draft.updated_at else "--"
    label = Text(f"{stamp}  ", style="dim")
    label.append(f"{draft.lens.symbol} ", style=LENS_STYLE[draft.lens])
    label.append(safe(summary(draft.title, draft.body, 40)) or "(empty)")
    if draft.entry_id:
        label.append(f"  edits {draft.entry_id[:8]}", style="dim")
    return label


def make_app(db_path: str | os.PathLike[str] | None = None, clock: Clock | None = None,
             journal: Journal | None = None) -> JournalApp:
    """The app on `journal`, or on the journal at `db_path` (default: the usual one)."""
    if journal is None:
        journal = Journal.open(db_path, clock=clock)
    elif clock is not None:
        journal.clock = clock
    return JournalApp(journal)


def _terminal_gone() -> bool:
    """True once the terminal hung up (its window closed): asking it anything fails with EIO."""
    import termios

    try:
        termios.tcgetattr(sys.__stderr__.fileno())
    except (termios.error, OSError, ValueError, AttributeError):
        return True
    return False


def run(db: str | os.PathLike[str] | None = None) -> int:
    """Run the app until it exits; returns its exit code."""
    app = make_app(Path(db) if db else None)
    try:
        app.run()
    finally:
        app.journal.close()
    return app.return_code or 0
