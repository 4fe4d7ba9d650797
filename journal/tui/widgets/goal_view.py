"""How goals, milestones, history and mentorships read as text (presentation only).

Every piece of user text goes through `safe` (`for_terminal`) into `rich.text.Text`,
never into a markup string.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, tzinfo

from rich.table import Table
from rich.text import Text

from journal.domain.agreement import milestone_state
from journal.domain.goal_days import closed_on
from journal.domain.dates import in_zone
from journal.domain.model import Goal, GoalEvent, GoalStatus, Lens, Mentorship, MentorshipStatus, Milestone
from journal.domain.practice import Gap
from journal.domain.reflection import Due
from journal.tui.widgets.rows import LENS_STYLE, safe
from journal.domain.text import plural

QUIET_AFTER = 7
"""Days without an entry after which a goal is marked quiet."""
STATUS_STYLE = {
    GoalStatus.ACTIVE: "bold #87d787",
    GoalStatus.PAUSED: "bold #ffd75f",
    GoalStatus.ACHIEVED: "bold #5fafff",
    GoalStatus.ABANDONED: "dim",
}
STATUS_SYMBOL = {GoalStatus.ACTIVE: "●", GoalStatus.PAUSED: "‖", GoalStatus.ACHIEVED: "✔", GoalStatus.ABANDONED: "✘"}
FIELD_LABELS = {
    "title": "Title",
    "specific": "Specific",
    "measurable": "Measurable",
    "achievable": "Achievable",
    "relevant": "Relevant",
    "time_bound": "Target date",
    "success_criteria": "Success criteria",
}
EDIT_LABELS = {**FIELD_LABELS, "mentorship_id": "Mentor", "review_every": "Review", "closure_note": "Closing note"}
"""How a history line names each field a goal edit can change (never its column name)."""
DAY = "%d %b %Y"
"""A date as a person writes it: 01 Dec 2026."""


def time_left(target: date | None, today: date) -> str:
    """'in 23 days', 'due today', '3 days overdue', or '' without a target."""
    if target is None:
        return ""
    days = (target - today).days
    if days > 0:
        return f"in {plural(days, 'day')}"
    if days == 0:
        return "due today"
    return f"{plural(-days, 'day')} overdue"


def status_label(status: GoalStatus) -> Text:
    return Text(f"{STATUS_SYMBOL[status]} {status.value}", style=STATUS_STYLE[status])


def lens_counts(counts: dict[str, int]) -> Text:
    """◀3 ◆1 ▶0, each in its lens colour (symbols carry the meaning without colour)."""
    text = Text()
    for i, lens in enumerate(Lens):
        if i:
            text.append(" ")
        text.append(f"{lens.symbol}{counts.get(lens.value, 0)}", style=LENS_STYLE[lens])
    return text


def next_milestone(goal: Goal) -> Milestone | None:
    """The open milestone due first (undated ones last)."""
    open_ = [m for m in goal.milestones if m.done_on is None]
    open_.sort(key=lambda m: (m.due_on is None, m.due_on or date.max))
    return open_[0] if open_ else None


def milestone_row(m: Milestone, today: date, goal: Goal | None = None, zone: tzinfo = UTC) -> Text:
    """Two lines: '✔ title' / '◇ title' / '✘ title' (overdue), then where it stands under it:
    'done 26 Nov 2026 (due 23 Nov 2026, 3 days late)', 'due 01 Dec 2026 (in 8 days)'; an undated open
    milestone is its title alone. Of a closed `goal` (its day in `zone`), an open milestone is
    neither overdue nor to come: 'due 01 Dec 2026, missed' (its day passed while the goal was open)
    or ', not done (goal achieved)', as `goal show` and the timeline say it (`milestone_state`).

    Its own line, so a long title (cut with an ellipsis) never hides the date, not at 80 columns either."""
    row = Text(no_wrap=True, overflow="ellipsis")
    if m.done_on is not None:
        row.append("✔ ", style="bold #87d787")
        row.append(safe(m.title))
        row.append(f"\n  done {m.done_on.strftime(DAY)}", style="dim")
        if m.due_on is not None:  # whether it came on time, as `goal show` says it (S374)
            late = (m.done_on - m.due_on).days
            said = f", {plural(late, 'day')} late" if late > 0 else ""
            row.append(f" (due {m.due_on.strftime(DAY)}{said})", style="#ffaf5f" if late > 0 else "dim")
    elif goal is not None and goal.status.closed:
        missed = milestone_state(m.due_on, None, today, closed_on(goal, zone)) == "missed"
        row.append("✘ " if missed else "◇ ", style="bold #ff8787" if missed else "dim")
        row.append(safe(m.title))
        if m.due_on is not None:
            said = "missed" if missed else f"not done (goal {goal.status.value})"
            row.append(f"\n  due {m.due_on.strftime(DAY)}, {said}", style="#ff8787" if missed else "dim")
    else:
        late = m.due_on is not None and m.due_on < today
        row.append("✘ " if late else "◇ ", style="bold #ff8787" if late else "bold #ffd75f")
        row.append(safe(m.title))
        if m.due_on is not None:
            row.append(f"\n  due {m.due_on.strftime(DAY)} ({time_left(m.due_on, today)})",
                       style="#ff8787" if late else "dim")
    return row


def _edit_value(field: str | None, value: str | None, mentors: dict[str, str]) -> str:
    """An edited value as a person reads it: a mentor by name, a review cadence in days."""
    if field == "mentorship_id" and value:
        return safe(mentors.get(value, "a mentorship no longer here"))
    if field == "review_every" and value and value.isdigit():
        return f"every {plural(int(value), 'day')}"
    if field == "time_bound" and value:
        try:
            return date.fromisoformat(value).strftime(DAY)
        except ValueError:
            pass
    return safe(value)


def history_row(event: GoalEvent, tz, mentors: dict[str, str] | None = None) -> Text:
    """One line of the goal's drift: when, and what changed (`mentors`: mentorship id to name)."""
    row = Text()
    row.append(in_zone(event.at, tz).strftime(f"{DAY} %H:%M "), style="dim")  # never overflows (K83)
    if event.kind == "created":
        row.append("⚑ created", style="#ffaf5f")
    elif event.kind == "status":
        row.append("⇄ status ", style="bold")
        row.append(f"{safe(event.old)} → {safe(event.new)}")
    elif event.field == "status_note":  # why it was paused or resumed (S217)
        row.append("⇄ why: ", style="bold")
        row.append(safe(event.new))
    else:
        row.append(f"✎ {EDIT_LABELS.get(event.field or '', safe(event.field))}: ", style="bold")
        row.append(_edit_value(event.field, event.old, mentors or {}) or "—", style="dim strike")
        row.append(" → ")
        row.append(_edit_value(event.field, event.new, mentors or {}) or "—")
    return row


def goal_cells(item, mentor: str | None, today: date, zone: tzinfo = UTC) -> list[Text]:
    """The goal list's cells for one `GoalSummary`: status, title, mentor, lenses, last (how long
    quiet, once it is), next milestone. A closed goal's open milestone is neither overdue nor to
    come: 'missed: …' or 'not done: …', as `milestone_row` says it (its closing day in `zone`)."""
    goal = item.goal
    nxt = next_milestone(goal)
    nxt_text = Text(no_wrap=True, overflow="ellipsis")
    if nxt is not None and goal.status.closed:
        missed = milestone_state(nxt.due_on, None, today, closed_on(goal, zone)) == "missed"
        nxt_text.append("missed: " if missed else "not done: ", style="#ff8787" if missed else "dim")
        nxt_text.append(safe(nxt.title), style="dim")
    elif nxt is not None:
        if nxt.due_on and nxt.due_on <= today:  # said first: a cut title took "overdue" with it (S305)
            late = (today - nxt.due_on).days
            nxt_text.append(f"⚠ overdue {late}d: " if late else "⚠ due today: ", style="bold #ff8787")
        nxt_text.append(safe(nxt.title))
        if nxt.due_on and nxt.due_on > today:
            nxt_text.append(f" ({time_left(nxt.due_on, today)})", style="dim")
    if not goal.status.closed and item.quiet_days is not None and item.quiet_days >= QUIET_AFTER:
        # in the last entry's column, as `goal list` words it: a column of its own was cut off at 120 columns
        last = Text(f"quiet {item.quiet_days}d", style="italic #ff8787")
    else:
        last = Text(item.last_entry.strftime(DAY) if item.last_entry else "—", style="dim")
    return [
        status_label(goal.status),
        Text(safe(goal.title), style="bold", no_wrap=True, overflow="ellipsis"),
        Text(safe(mentor) if mentor else "—", style="" if mentor else "dim", no_wrap=True, overflow="ellipsis"),
        lens_counts(item.lens_counts),
        last,
        nxt_text,
    ]


def smart_flags(goal: Goal, today: date) -> dict[str, str]:
    """What the SMART checklist flags, per field ('' when the field looks fine).

    The rules are deliberately simple and only hint, never block:
    - any text field that is empty is flagged "empty";
    - specific: fewer than 4 words is "vague: under 4 words";
    - measurable: no digit at all is "vague: no number";
    - time_bound: no target date is "no target date"; for an open goal, a target date
      in the past is "target date passed".
    """
    flags: dict[str, str] = {}
    for name in ("specific", "measurable", "achievable", "relevant", "success_criteria"):
        value = (getattr(goal, name) or "").strip()
        flags[name] = "" if value else "empty"
    if goal.specific.strip() and len(goal.specific.split()) < 4:
        flags["specific"] = "vague: under 4 words"
    if goal.measurable.strip() and not any(ch.isdigit() for ch in goal.measurable):
        flags["measurable"] = "vague: no number"
    if goal.time_bound is None:
        flags["time_bound"] = "no target date"
    elif goal.time_bound < today and not goal.status.closed:
        flags["time_bound"] = "target date passed"
    else:
        flags["time_bound"] = ""
    return flags


def goal_statement(goal: Goal, mentor: str | None, gap: Gap | None = None) -> Text:
    """The head of the goal screen: title, status, mentor, the gap of the vision it was made
    from (Preparing)."""
    head = Text()
    head.append(safe(goal.title), style="bold")
    head.append("  ")
    head.append_text(status_label(goal.status))
    head.append(f"  id {goal.short_id}", style="dim")
    if mentor:
        head.append("\nmentor: ", style="dim")
        head.append(safe(mentor), style="italic")
    if gap is not None:
        head.append("\nfrom the gap: ", style="dim")
        head.append(safe(gap.text), style="italic")
    return head


def fields_grid(goal: Goal, today: date) -> Table:
    """Under the head: the goal's fields (`goal_fields`), each value wrapping in its own column
    beside its label, never back under it."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for label, value in goal_fields(goal, today):
        grid.add_row(f"{label}:", value)
    return grid


def goal_fields(goal: Goal, today: date) -> list[tuple[str, Text]]:
    """The SMART fields, target date, success criteria (and review rhythm, if set) as
    (label, value); an empty one is a dim dash."""
    def shown(value: str | None) -> Text:
        value = safe(value)
        return Text(value) if value else Text("—", style="dim")

    rows = [(FIELD_LABELS[name], shown(getattr(goal, name)))
            for name in ("specific", "measurable", "achievable", "relevant")]
    target = Text("—", style="dim")
    if goal.time_bound and goal.status.closed:  # neither overdue nor to come: its day, as `goal show` says it
        target = Text(goal.time_bound.strftime("%a %d %b %Y"))
    elif goal.time_bound:
        left = time_left(goal.time_bound, today)
        target = Text(goal.time_bound.strftime("%a %d %b %Y"))
        target.append(f"  ({left})", style="#ff8787" if "overdue" in left else "dim")
    rows.append(("Target date", target))
    rows.append(("Success criteria", shown(goal.success_criteria)))
    if goal.review_every:  # as `goal show` says it (S184)
        rows.append(("Review", Text(f"every {plural(goal.review_every, 'day')}")))
    return rows


def smart_checklist(goal: Goal, today: date, questions: dict[str, str]) -> Text:
    """✔/✘ per SMART field with the reason, and the checklist question for flagged ones."""
    text = Text()
    text.append("SMART checklist\n", style="bold")
    for name, problem in smart_flags(goal, today).items():
        if problem:
            text.append("✘ ", style="bold #ff8787")
            text.append(f"{FIELD_LABELS[name]}: {problem}")
            if question := questions.get(name):
                text.append(f"\n    {safe(question)}", style="dim italic")
        else:
            text.append("✔ ", style="bold #87d787")
            text.append(FIELD_LABELS[name], style="dim")
        text.append("\n")
    return text


def mentorship_row(m: Mentorship, due: Sequence[Due] = ()) -> Text:
    """One mentorship in the list: its status (a closed one's end day) and what is due of it
    ("check-in due", "meeting overdue": S278) first, so no long mentor name or focus hides them;
    then mentor, focus, where the ellipsis cuts."""
    row = Text(no_wrap=True, overflow="ellipsis")
    row.append("☍ ", style="#ffaf5f")
    row.append(m.status.value, style="dim")
    if m.status == MentorshipStatus.CLOSED and m.closed_on:
        row.append(f" {m.closed_on.isoformat()}", style="dim")
    for item in due:
        row.append("  check-in due" if item.kind == "check-in" else "  meeting overdue", style="bold #ff8787")
    row.append("  ")
    row.append(safe(m.mentor), style="bold")
    if m.focus:
        row.append(f"  {safe(m.focus)}", style="italic")
    return row
