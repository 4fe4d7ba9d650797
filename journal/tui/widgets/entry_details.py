"""EntryDetails: what a check-in or a feedback entry keeps besides its text, as compose's fields.

A check-in rates its four focus areas (domain/entry_details.CHECK_IN_AREAS), each a row of radio
buttons 1–5 whose word shows beside the area (`Goals — good (4)`); a digit typed on a row
chooses that rating, 0 (or backspace, delete) clears it. A feedback entry has From, What I
asked, What I will try and a follow-up date with the live echo compose's other dates have.
Only the fields of the kind chosen show; the others keep what was typed (a kind chosen back
brings them again), and `details(kind)` gives only the chosen kind's, as the save takes them.
Each kind's fields are made the first time that kind is chosen: most entries are neither, and
the 40 widgets of both were half of what opening compose styled (issue 20). Until then (and
while they mount) what they would hold is read from the values they start with.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import events, on
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.widgets import Input, RadioButton, RadioSet, Static

from journal import config
from journal.domain.dates import PastTarget, parse_target
from journal.domain.errors import JournalError
from journal.domain.model import Kind
from journal.domain.entry_details import AREA_LABELS, CHECK_IN_AREAS, RATING_WORDS
from journal.tui.widgets.day_echo import day_with_distance
from journal.tui.widgets.rows import safe
from journal.tui.widgets.toggles import Choice
from journal.tui.widgets.text_input import TextInput

AREA_NAMES = {"goals": "Goals", "relationship": "Relationship", "process": "Process and pace", "time": "Meeting time"}
"""Each area's short name on its row (its whole question is the row's tooltip)."""
WARNING = "bold #ffaf5f"


def _rating_line(area: str, rating: int | None) -> Text:
    """An area's name and its rating in words (`Goals — good (4)`)."""
    line = Text(AREA_NAMES[area])
    if rating is None:
        line.append(" — not rated", style="dim")
    else:
        line.append(f" — {RATING_WORDS[rating]} ({rating})", style="bold")
    return line


def _iso(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


class RatingChoice(Choice):
    """A rating's radio button, `(•)4`: the label without Textual's padding around it, so five fit
    in compose's side panel at 80 columns."""

    def render(self) -> Content:
        return Content.assemble(self._button, self._label.stylize_before(self.get_visual_style("toggle--label")))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self._button.cell_length + self._label.cell_length


class RatingSet(RadioSet):
    """One area's rating: five radio buttons 1–5 in a row. A typed digit 1–5 chooses it, 0,
    backspace or delete clears the rating; arrows move and space or enter chooses (RadioSet)."""

    class Cleared(Message):
        """The rating was cleared (RadioSet.Changed has no button to name then)."""

        def __init__(self, rating_set: RatingSet) -> None:
            super().__init__()
            self.rating_set = rating_set

        @property
        def control(self) -> RatingSet:
            return self.rating_set

    def __init__(self, area: str, value: int | None, *, id: str) -> None:
        super().__init__(*[RatingChoice(str(n), value=n == value, id=f"{id}-{n}", compact=True) for n in RATING_WORDS],
                         id=id, compact=True, tooltip=AREA_LABELS[area])
        self.area = area
        self._initial = value

    @property
    def rating(self) -> int | None:
        """The chosen rating, None while none is (until mounted, the one it was made with)."""
        if not self.is_mounted:
            return self._initial
        return self.pressed_index + 1 if self.pressed_button is not None else None

    def choose(self, value: int | None) -> None:
        """Choose `value` (None: clear) as a typed digit does."""
        if value is None:
            pressed = self.pressed_button
            if pressed is not None:
                with self.prevent(RadioButton.Changed):
                    pressed.value = False
                self._pressed_button = None
                self.post_message(self.Cleared(self))
            return
        self._selected = value - 1
        button = self._nodes[value - 1]
        assert isinstance(button, RadioButton)
        button.value = True

    def on_key(self, event: events.Key) -> None:
        character = event.character or ""
        if character in ("1", "2", "3", "4", "5"):
            self.choose(int(character))
        elif character == "0" or event.key in ("backspace", "delete"):
            self.choose(None)
        else:
            return
        event.stop()
        event.prevent_default()


class EntryDetails(Vertical):
    """Presentation only: compose reads `details(kind)` and `follow_up_on()`, and shows the
    fields of the kind chosen with `show_kind`. Any change posts `EntryDetails.Changed`."""

    class Changed(Message):
        """A rating or a feedback field changed."""

    def __init__(self, details: dict[str, Any], follow_up_on: str | None, today: date, *, editing: bool = False,
                 id: str | None = None) -> None:
        """`editing`: the fields are an entry's, so its follow-up date may stay when it has passed
        (as the save keeps it); a new entry's looks ahead."""
        super().__init__(id=id)
        self.initial = dict(details)
        self.initial_day = follow_up_on or ""
        self.today = today
        self.kept = _iso(follow_up_on) if editing else None
        self._check_in: Vertical | None = None
        self._feedback: Vertical | None = None
        self._follow_up: Vertical | None = None
        self._foresight = False

    def _make_check_in(self) -> Vertical:
        rows: list[Static | RatingSet] = [Static(Text("How is each area? (1–5)", style="bold"), classes="field-label")]
        for area, _ in CHECK_IN_AREAS:
            value = self._initial_rating(area)
            rows.append(Static(_rating_line(area, value), id=f"rating-{area}-label", classes="rating-label"))
            rows.append(RatingSet(area, value, id=f"rating-{area}"))
        return Vertical(*rows, id="check-in-box")

    def _make_feedback(self) -> Vertical:
        rows: list[Static | Input | Vertical] = []
        for key, label, hint in (("from", "From", "who gave it"), ("asked", "What I asked", "the question"),
                                 ("follow_up", "What I will try", "one change, to try")):
            rows.append(Static(Text(label, style="bold"), classes="field-label"))
            rows.append(TextInput(str(self.initial.get(key) or ""), placeholder=hint,
                                  id=f"feedback-{key.replace('_', '-')}", compact=True))
        # a foresight entry's follow-up day is its Revisit date: this box hides then
        self._follow_up = Vertical(
            Static(Text("Try it by", style="bold"), classes="field-label"),
            TextInput(self.initial_day, placeholder="a day (in 2 weeks, 2026-12-15…)", id="follow-up-on", compact=True),
            Static(self._echo(), id="follow-up-echo"),
            id="follow-up-box")
        return Vertical(*rows, self._follow_up, id="feedback-box")

    def _initial_rating(self, area: str) -> int | None:
        value = self.initial.get(area)
        return value if isinstance(value, int) and value in RATING_WORDS else None

    # ----------------------------------------------------------- what compose reads
    def ratings(self) -> dict[str, int]:
        sets = list(self.query(RatingSet).results())
        if len(sets) < len(CHECK_IN_AREAS):  # not made (or not in place) yet: what they start with
            return {area: value for area, _ in CHECK_IN_AREAS if (value := self._initial_rating(area)) is not None}
        return {s.area: s.rating for s in sets if s.rating is not None}

    def feedback(self) -> dict[str, str]:
        found = {}
        for key in ("from", "asked", "follow_up"):
            if text := self._text_of(f"#feedback-{key.replace('_', '-')}", str(self.initial.get(key) or "")):
                found[key] = text
        return found

    def _text_of(self, selector: str, initial: str) -> str:
        """What a field holds (stripped), or what it will start with while it is not made."""
        field = next(self.query(selector).results(Input), None)
        return (field.value if field is not None else initial).strip()

    def details(self, kind: Kind) -> dict[str, Any]:
        """What an entry of `kind` keeps from these fields (the save checks them again)."""
        if kind == Kind.CHECK_IN:
            return dict(self.ratings())
        if kind == Kind.FEEDBACK:
            return dict(self.feedback())
        return {}

    def follow_up_on(self) -> str:
        """The follow-up date as typed."""
        return self._text_of("#follow-up-on", self.initial_day)

    def follow_up_day(self) -> date | None:
        """The follow-up date it resolves to (None: empty, or not a date)."""
        try:
            typed = self.follow_up_on()
            return parse_target(typed, self.today, self.kept, order=config.date_order) if typed else None
        except JournalError:  # a day in the past (PastTarget) too: the save refuses it
            return None

    def state(self, kind: Kind) -> str:
        """The details in a few words for compose's "Saving as" line ("" for none)."""
        if kind == Kind.CHECK_IN:
            return f"{len(self.ratings())} of {len(CHECK_IN_AREAS)} areas rated"
        dated = not self._foresight  # foresight: its revisit date says when
        if kind == Kind.FEEDBACK and dated and (day := self.follow_up_day()) and self.feedback().get("follow_up"):
            return f"follow up {day.strftime('%a %d %b %Y')}"
        return ""

    # ----------------------------------------------------------- showing
    def show_kind(self, kind: Kind, *, foresight: bool = False) -> None:
        """Show the fields of `kind` only (made the first time it is chosen); a foresight
        entry's follow-up date is its revisit date, so its own date field goes (the screen's
        choice of kind or lens has focus meanwhile)."""
        self._foresight = foresight
        if kind == Kind.CHECK_IN and self._check_in is None:
            self._check_in = self._make_check_in()
            self.mount(self._check_in, before=self._feedback)  # the boxes in the same order always
        if kind == Kind.FEEDBACK and self._feedback is None:
            self._feedback = self._make_feedback()
            self.mount(self._feedback)
        if self._check_in is not None:
            self._check_in.display = kind == Kind.CHECK_IN
        if self._feedback is not None and self._follow_up is not None:
            self._feedback.display = kind == Kind.FEEDBACK
            self._follow_up.display = not foresight
        self.display = kind in (Kind.CHECK_IN, Kind.FEEDBACK)

    def _show_rating(self, area: str) -> None:
        rating = self.query_one(f"#rating-{area}", RatingSet).rating
        self.query_one(f"#rating-{area}-label", Static).update(_rating_line(area, rating))

    def _echo(self) -> Text:
        """The follow-up date as it resolves: the day and how far, or why it will not do."""
        value = self.follow_up_on()
        if not value:
            return Text("→ none: not listed as due", style="dim")
        try:
            day = parse_target(value, self.today, self.kept, order=config.date_order)
        except PastTarget:
            return Text("→ in the past: a follow-up date looks ahead", style=WARNING)
        except JournalError as error:
            return Text(safe(str(error).split(". Accepted")[0]).replace("target date", "date"), style="bold red")
        shown = f"→ {day_with_distance(day, self.today)}"
        if not self.feedback().get("follow_up"):
            return Text(f"{shown}: say what you will try, above", style=WARNING)
        return Text(f"{shown}, then listed as due", style="green")

    def show_echo(self) -> None:
        self.query_one("#follow-up-echo", Static).update(self._echo())

    # ----------------------------------------------------------- changes
    @on(RadioSet.Changed)
    @on(RatingSet.Cleared)
    def _rated(self, event: RadioSet.Changed | RatingSet.Cleared) -> None:
        event.stop()
        if isinstance(event.control, RatingSet):
            self._show_rating(event.control.area)
        self.post_message(self.Changed())

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.show_echo()
        self.post_message(self.Changed())
