"""ClosureScreen: the closure conversation of a goal or a mentorship, then its retrospective.

Three steps: (1) the closure prompts one at a time (a TextArea each; back, next, skip),
every answer kept in app state and checkpointed as a draft: a goal's five closure prompts,
a mentorship's own set (`mentorship-closure`: what to celebrate, thanks, staying in touch);
(2) the outcome (achieved / abandoned and a closing note for a goal; for a mentorship, on
saving, a decision for each of its open goals in `OpenGoalsModal`); (3) everything saved in
one transaction, then this screen gives way to the retrospective's review
(`RetroScreen`: read it, leave entries out, export it); escape there goes back to where the
closure began.
"""

from __future__ import annotations

import re
import unicodedata
from journal.record import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, ContentSwitcher, Header, Input, RadioSet, Static, TextArea

from journal.domain.errors import JournalError
from journal.domain.model import Draft, Goal, GoalStatus, Kind, Lens, Mentorship, MentorshipStatus, Prompt
from journal.domain.text import control_pictures, plural
from journal.services import RETRO_FORMATS, Journal
from journal.tui.draft_keeper import DraftKeeper
from journal.tui.messages import EntrySaved, JournalChanged
from journal.tui.screens.modals import ChoiceModal
from journal.tui.screens.open_goals import OpenGoalsModal
from journal.tui.widgets.rows import LENS_STYLE, safe
from journal.tui.screens.base import FormScreen
from journal.tui.widgets.day_echo import DayEcho
from journal.tui.widgets.toggles import Choice
from journal.tui.widgets.footer import KeysFooter
from journal.tui.widgets.text_input import TextInput
from journal.tui.widgets.choices import Choices

FORMATS = RETRO_FORMATS
NOTE = "Closing note"
"""The title of the draft that keeps a goal's closing note when the conversation is left."""


def slug(text: str) -> str:
    """A file-name-safe slug of a title: ascii letters, digits and dashes, never empty.

    Nothing of the title survives that could leave the folder or hide the extension:
    no `/`, `.`, NUL or bidi controls, at most 60 characters (catalogue G56).
    """
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60].strip("-")
    return cleaned or "goal"


class ClosureScreen(FormScreen[None]):
    """`ClosureScreen(journal, keeper, goal=<goal id>)` or `(..., mentorship=<mentorship id>)`."""
    KEEPS_DRAFT = True  # the app's DraftKeeper follows it

    BINDINGS = [
        Binding("escape", "leave", "Back", id="closure.leave"),
        Binding("ctrl+n", "next", "Next / skip", priority=True, id="closure.next"),
        Binding("ctrl+b", "back", "Previous", priority=True, id="closure.back"),
        Binding("ctrl+s", "save", "Save & close", priority=True, id="closure.save"),
    ]

    def __init__(self, journal: Journal, keeper: DraftKeeper, *, goal: str | None = None,
                 mentorship: str | None = None) -> None:
        if bool(goal) == bool(mentorship):
            raise ValueError("ClosureScreen needs a goal id or a mentorship id")
        super().__init__()
        self.journal, self.keeper = journal, keeper
        self.goal_ref, self.mentorship_ref = goal, mentorship
        self.step = 0
        self.saved = False
        self.goal: Goal | None = journal.goals.get(goal) if goal else None
        self.mentorship: Mentorship | None = journal.mentorships.get(mentorship) if mentorship else None
        if self.goal is not None:
            self.subject_title, self.subject_short_id = self.goal.title, self.goal.short_id or self.goal.id[:6]
            self.links: tuple[str, ...] = (self.goal.id,)
        else:
            assert self.mentorship is not None
            self.subject_title = self.mentorship.mentor
            self.subject_short_id = self.mentorship.short_id or self.mentorship.id[:6]
            self.links = ()
        self.prompts: list[Prompt] = journal.closure.prompts(mentorship=self.mentorship is not None)
        about = self.mentorship.id if self.mentorship is not None else None
        kept = self._kept(about)

        def draft_of(title: str, lens: Lens) -> Draft:
            """The answer kept before, else a new one."""
            return kept.get(title) or Draft(body="", lens=lens, title=title, goals=self.links, kind=Kind.CLOSURE,
                                            mentorship=about)

        self.drafts: list[Draft] = [draft_of(p.text, p.lens or Lens.INSIGHT) for p in self.prompts]
        self.note = draft_of(NOTE, Lens.INSIGHT)
        """The closing note (a goal's), kept as a draft of its own when the conversation is left."""
        self.taken_up = sum(1 for d in (*self.drafts, self.note) if d.id is not None)

    def _kept(self, mentorship: str | None) -> dict[str, Draft]:
        """Answers kept as drafts when this subject's conversation was left before (S178), by question;
        never those another window still has open (it would write them too)."""
        return {d.title: d for d in self.journal.drafts.list()
                if d.kind == Kind.CLOSURE and d.entry_id is None and list(d.goals) == list(self.links)
                and d.mentorship == mentorship and not self.journal.drafts.held_elsewhere(d)}  # (another window's)

    # ----------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        yield Header()
        with ContentSwitcher(initial="closure-ask", id="closure-switcher"):
            with Vertical(id="closure-ask"):
                yield Static(id="closure-subject")
                yield Static(id="closure-progress")
                yield Static(id="closure-prompt")
                yield TextArea("", id="closure-answer", soft_wrap=True, show_line_numbers=False)
                with Horizontal(classes="closure-buttons"):
                    yield Button("◂ Back (ctrl+b)", id="closure-back", compact=True)
                    yield Button("Skip", id="closure-skip", compact=True)
                    yield Button("Next ▸ (ctrl+n)", id="closure-next", variant="primary", compact=True)
            with VerticalScroll(id="closure-outcome"):
                yield Static(id="closure-outcome-title")
                if self.goal_ref:
                    with Choices(id="closure-status", compact=True):
                        yield Choice("✓ achieved", value=True, id="status-achieved")
                        yield Choice("✗ abandoned", id="status-abandoned")
                    yield TextInput(placeholder="Closing note (optional)", id="closure-note", compact=True)
                else:
                    yield Static("Ended on:", id="closure-ended-label")
                    yield TextInput(placeholder="today (or a day: 2026-11-20, last friday)", id="closure-ended",
                                    compact=True)
                    yield DayEcho("empty: today", id="closure-ended-echo")  # the day it will end, as typed (S394)
                yield Static(id="closure-summary")
                with Horizontal(classes="closure-buttons"):
                    yield Button("◂ Back to the answers", id="closure-outcome-back", compact=True)
                    yield Button("Save and close (ctrl+s)", id="closure-save", variant="primary", compact=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        if not self.is_open():
            return
        self.title = "Close a goal" if self.goal_ref else "End a mentorship"
        if self.app.is_headless:  # stable snapshots: no blinking cursors
            for area in self.query(TextArea).results():
                area.cursor_blink = False
            for field in self.query(Input).results():
                field.cursor_blink = False
        subject = Text("Closing ", style="dim")
        subject.append("⚑ " if self.goal_ref else "mentorship with ", style="#ffaf5f")
        subject.append(safe(self.subject_title), style="bold")
        self.query_one("#closure-subject", Static).update(subject)
        if self.goal_ref:
            self.query_one("#closure-note", Input).value = self.note.body
        self._show_step()
        if self.taken_up:
            self.notify(f"Taken up {self.taken_up} answer(s) kept from before.", markup=False)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Once saved nothing is left to do here (the review screen takes its place)."""
        if self.saved and action in ("next", "back", "save"):
            return False
        return True

    # ----------------------------------------------------------- state
    def _store_answer(self) -> None:
        """Copy the TextArea into app state (the draft of this prompt) and checkpoint it."""
        if self.step >= len(self.drafts):
            return
        draft = self.drafts[self.step]
        draft.body = self.query_one("#closure-answer", TextArea).text
        if not draft.body.strip() and draft.id is not None:  # emptied: no empty draft is kept, nor taken up
            self.journal.drafts.discard(draft.id)
            draft.id = None
            self.keeper.release()
            return
        self.keeper.hold(draft, dirty=bool(draft.body.strip()))
        self.keeper.checkpoint()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id == "closure-answer":
            self.keeper.touch()  # read when wanted: a keystroke never copies the answer (K86)

    def _read_answer(self) -> tuple[Draft | None, bool]:
        """What the keeper reads when it wants the draft: the answer being typed."""
        if self.step >= len(self.drafts):
            return None, False
        draft = self.drafts[self.step]
        draft.body = self.query_one("#closure-answer", TextArea).text
        return draft, bool(draft.body.strip())

    def _note_text(self) -> str:
        return self.query_one("#closure-note", Input).value if self.goal_ref else ""

    def changed(self) -> bool:
        """Answers or a closing note typed and not saved (ctrl+q asks first)."""
        if self.saved:
            return False
        if self.step < len(self.prompts):
            self.drafts[self.step].body = self.query_one("#closure-answer", TextArea).text
        return bool(self.answered() or self._note_text().strip())

    QUIT_CHOICES = [("keep", "Keep as drafts"), ("discard", "Discard"), ("cancel", "Cancel")]

    def quit_with(self, choice: str) -> bool:
        if choice == "keep":
            self._keep()
        elif choice == "discard":
            self._discard()
        return choice in ("keep", "discard")

    def _keep(self) -> None:
        """Every answer and the closing note as a closure draft of this subject (taken up when the
        conversation starts again); one emptied since it was kept goes."""
        self.note.body = self._note_text()
        for draft in (*self.drafts, self.note):
            if draft.body.strip():
                self.keeper.release()  # written whatever the keeper wrote last (another window may have dropped it)
                self.keeper.hold(draft, dirty=True)
                self.keeper.checkpoint()
            elif draft.id is not None:
                self.journal.drafts.discard(draft.id)
                draft.id = None

    def _discard(self) -> None:
        for draft in (*self.drafts, self.note):
            if draft.id is not None:
                self.journal.drafts.discard(draft.id)

    def _read_note(self) -> tuple[Draft | None, bool]:
        """What the keeper reads on the outcome step: the closing note."""
        self.note.body = self._note_text()
        return self.note, bool(self.note.body.strip())

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "closure-note":
            self.keeper.touch()
        elif event.input.id == "closure-ended" and self.mentorship is not None:
            m = self.mentorship  # read as the save reads it: never in the future, nor before the start
            self.query_one("#closure-ended-echo", DayEcho).show(
                event.value, lambda text: self.journal.mentorships.end_day(m, text), self.journal.today())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "closure-ended":  # enter on the day saves, as the button does
            event.stop()
            self.action_save()

    def answered(self) -> list[tuple[Prompt, Draft]]:
        """(prompt, draft) for every prompt with a non-blank answer."""
        return [(p, d) for p, d in zip(self.prompts, self.drafts, strict=True) if d.body.strip()]

    def _show_step(self) -> None:
        switcher = self.query_one(ContentSwitcher)
        if self.step < len(self.prompts):
            switcher.current = "closure-ask"
            prompt, draft = self.prompts[self.step], self.drafts[self.step]
            lens = prompt.lens or Lens.INSIGHT
            progress = Text(f"Question {self.step + 1} of {len(self.prompts)}  ", style="dim")
            progress.append(f"{lens.symbol} {lens.value}", style=LENS_STYLE[lens])
            progress.append("   empty answers are skipped", style="dim")
            self.query_one("#closure-progress", Static).update(progress)
            self.query_one("#closure-prompt", Static).update(Text(safe(prompt.text), style="bold italic"))
            area = self.query_one("#closure-answer", TextArea)
            area.load_text(control_pictures(draft.body)[0])  # the editor draws its text raw (S240)
            area.move_cursor(area.document.end)
            area.focus()
            self.keeper.hold(draft, dirty=bool(draft.body.strip()))  # a question not answered yet is no draft
            self.keeper.follow(self._read_answer)
            self.query_one("#closure-back", Button).disabled = self.step == 0
        else:
            switcher.current = "closure-outcome"
            if self.goal_ref:  # the closing note is what is being typed now: a signal or a crash keeps it
                self.note.body = self._note_text()
                self.keeper.hold(self.note, dirty=bool(self.note.body.strip()))
                self.keeper.follow(self._read_note)
            else:
                self.keeper.hold(None)
                self.keeper.follow(None)
            head = Text("Outcome of " + ("" if self.goal_ref else "the mentorship with "), style="bold")  # (S466)
            head.append(safe(self.subject_title), style="bold #ffaf5f")
            self.query_one("#closure-outcome-title", Static).update(head)
            count = len(self.answered())
            summary = Text(f"{count} of {len(self.prompts)} questions answered; each is saved as a closure entry",
                           style="dim")
            if self.goal_ref:
                summary.append(" linked to the goal, then the goal is closed.", style="dim")
                self.query_one("#closure-status", RadioSet).focus()
            else:
                summary.append(" filed under the mentorship, then the mentorship is closed on the day above.",
                               style="dim")
                assert self.mentorship is not None
                still_open = self.journal.mentorships.open_goals(self.mentorship.id)
                if still_open:
                    which = "its open goal" if len(still_open) == 1 else f"each of its {len(still_open)} open goals"
                    summary.append(f"\nSaving first asks what happens to {which}: carry on alone, achieved, "
                                   "abandoned, or move to another mentorship.", style="dim")
                self.query_one("#closure-ended", Input).focus()  # type the day at once; enter saves
            self.query_one("#closure-summary", Static).update(summary)

    # ----------------------------------------------------------- navigation
    def action_next(self) -> None:
        if self.saved or self.step >= len(self.prompts):
            return
        self._store_answer()
        self.step += 1
        self._show_step()

    def action_back(self) -> None:
        if self.saved or self.step == 0:
            return
        if self.step < len(self.prompts):
            self._store_answer()
        self.step -= 1
        self._show_step()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        match event.button.id:
            case "closure-next" | "closure-skip":
                self.action_next()
            case "closure-back" | "closure-outcome-back":
                self.action_back()
            case "closure-save":
                self.action_save()

    # ----------------------------------------------------------- save
    def action_save(self) -> None:
        if self.saved:
            return
        if self.step < len(self.prompts):  # ctrl+s while answering: go to the outcome first
            self._store_answer()
            self.step = len(self.prompts)
            self._show_step()
            return
        if self.mentorship is not None:
            try:  # a day it cannot end on is said before any goal is asked about
                self.journal.mentorships.end_day(self.mentorship, self._ended_on())
            except JournalError as error:
                self.notify(str(error), title="Not saved", severity="error", markup=False)
                self.query_one("#closure-ended", Input).focus()
                return
            self.app.clear_notifications()  # the day is fine now: its refusal stays off the goals' question (S548)
            self._decide_open_goals()
            return
        self._save()

    def _ended_on(self) -> str | None:
        """The day typed for a mentorship's end (None: today)."""
        return self.query_one("#closure-ended", Input).value.strip() or None

    def _decide_open_goals(self) -> None:
        """A mentorship's open goals each need a decision before it closes (none: saved at once)."""
        assert self.mentorship is not None
        journal = self.journal
        still_open = journal.mentorships.open_goals(self.mentorship.id)
        if not still_open:
            self._save({})
            return
        others = [m for m in journal.mentorships.list()
                  if m.status == MentorshipStatus.ACTIVE and m.id != self.mentorship.id]

        def decided(decisions: dict[str, str] | None) -> None:
            if decisions is not None and not self.saved:
                self._save(decisions)

        self.app.push_screen(OpenGoalsModal(self.mentorship, still_open, others), decided)

    def _save(self, decisions: dict[str, str] | None = None) -> None:
        journal = self.journal
        mentorship = self.mentorship.id if self.mentorship is not None else None
        inputs = [replace(d, kind=Kind.CLOSURE, mentorship=mentorship) for _, d in self.answered()]
        try:
            if self.goal is not None:
                pressed = self.query_one("#closure-status", RadioSet).pressed_button
                status = GoalStatus.ABANDONED if pressed and pressed.id == "status-abandoned" else GoalStatus.ACHIEVED
                note = self.query_one("#closure-note", Input).value
                entries = journal.closure.close(inputs, goal=self.goal.id, status=status, note=note)
            else:
                entries = journal.closure.close(inputs, mentorship=mentorship, goals=decisions, on=self._ended_on())
        except JournalError as error:
            self.notify(str(error), title="Not saved", severity="error", markup=False)
            return
        self.saved = True
        self.keeper.release()
        self._discard()  # answers taken up but emptied, and the note's draft: what they said is saved now
        for entry in entries:
            self.app.post_message(EntrySaved(entry))
        self.app.post_message(JournalChanged())
        ended = self.journal.mentorships.get(mentorship).closed_on if mentorship else None
        on = f" on {ended.isoformat()}" if ended and ended != self.journal.today() else ""
        self.app.clear_notifications()  # a refusal shown before is over
        self.notify(f"Saved {plural(len(entries), 'closure entry', 'closure entries')}; closed{on}.", markup=False)
        self.refresh_bindings()
        self._show_review()

    def _show_review(self) -> None:
        """The retrospective's review takes this screen's place: escape there goes back to
        where the closure began."""
        from journal.tui.screens.retrospective import RetroScreen

        if self.goal is not None:
            review = RetroScreen(self.journal, goal=self.goal.id)
        else:
            assert self.mentorship is not None
            review = RetroScreen(self.journal, mentorship=self.mentorship.id)
        if self.app.screen is self:
            self.app.switch_screen(review)
        else:  # a notice or a question over this screen: the review goes on top
            self.app.push_screen(review)

    def _default_path(self, fmt: str) -> str:
        """The file the retrospective is first offered to be written to (the review's default)."""
        from journal.tui.screens.retrospective import default_path

        return default_path(self.subject_title, self.subject_short_id, fmt)

    # ----------------------------------------------------------- leaving
    def action_leave(self) -> None:
        """Back; typed answers are never dropped without asking."""
        if self.saved:
            self.dismiss(None)
            return
        if not self.changed():
            self._close()
            return

        def answer(choice: str | None) -> None:
            if self.quit_with(choice or "cancel"):
                self._close()

        typed = f"{len(self.answered())} answer(s)" + (" and a closing note" if self._note_text().strip() else "")
        self.app.push_screen(ChoiceModal(
            f"Leave the closure conversation? {typed} typed; nothing is closed yet.",
            self.QUIT_CHOICES, id="closure-leave-confirm"), answer)

    def _close(self) -> None:
        self.keeper.release()
        self.dismiss(None)
