"""`journal goal ...`: SMART goals, their milestones and status."""

from __future__ import annotations

from datetime import date

import click

from journal.cli import output
from journal.cli.app import cli, journal_of
from journal.domain.agreement import milestone_state
from journal.domain.goal_days import closed_on
from journal.domain.dates import in_zone
from journal.domain.errors import NotFound
from journal.domain.model import Goal, GoalEvent, GoalStatus, Lens
from journal.domain.text import plural
from journal.services import Journal

FIELD_NAMES = {"time_bound": "target date", "success_criteria": "success criteria", "mentorship_id": "mentorship",
               "review_every": "review cadence", "closure_note": "closing note"}
"""A goal field as a person calls it, where its stored name is not that (goal edit, history)."""


def smart_options(func):
    for option in reversed([
        click.option("--specific", help="S: what exactly will you do or learn?"),
        click.option("--measurable", help="M: how will you know you made progress?"),
        click.option("--achievable", help="A: why is it realistic, what will it take?"),
        click.option("--relevant", help="R: why does it matter to you now?"),
        click.option("--by", metavar="WHEN", help="T: the target date, today or later (2027-06-30, 'in 3 months', "
                     "'end of june': the next one)."),
        click.option("--criteria", help="Success criteria: what does done look like?"),
        click.option("--mentorship", metavar="M", help="The mentorship it belongs to."),
        click.option("--review-every", type=int, metavar="DAYS", help="Review it every DAYS days (1 to 3650)."),
    ]):
        func = option(func)
    return func


@cli.group()
def goal():
    """SMART learning goals: add, list, show, edit, milestones, audit, close."""


@goal.command("add")
@click.argument("title")
@smart_options
@click.pass_context
def goal_add(ctx, title, **fields):
    """Create a goal called TITLE."""
    journal = journal_of(ctx)
    created = journal.goals.add(title, **{k: v for k, v in fields.items() if v is not None})
    target = f", target {output.day_label(created.time_bound)}" if created.time_bound else ""  # as read (S364)
    output.say(f"Created goal '{output.safe(created.title)}' ({created.short_id}){target}.")
    output.date_notes(journal, fields.get("by"), ahead=True)


@goal.command("list")
@click.option("--all", "show_all", is_flag=True, help="Include achieved and abandoned goals.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format (json is stable, see the README).")
@click.pass_context
def goal_list(ctx, show_all, fmt):
    """List goals with their entries per lens and how long they have been quiet."""
    statuses = () if show_all else (GoalStatus.ACTIVE, GoalStatus.PAUSED)
    summaries = journal_of(ctx).goals.summaries(statuses)
    if fmt == "json":
        goals = journal_of(ctx).goals  # each goal whole: its milestones and history, as the README says (S327)
        output.dump_json([
            output.goal_json(goals.get(s.goal.id), {"entries": s.lens_counts, "quiet_days": s.quiet_days,
                                                    "last_entry": s.last_entry and s.last_entry.isoformat()})
            for s in summaries
        ])
        return
    if not summaries:
        closed = 0 if show_all else len(journal_of(ctx).goals.summaries((GoalStatus.ACHIEVED, GoalStatus.ABANDONED)))
        output.say(f"No open goals ({closed} closed: `journal goal list --all` lists them)." if closed else
                   "No goals yet. Create one with `journal goal add \"Public speaking\"`.")
        return
    zone, today = journal_of(ctx).clock.tzinfo, journal_of(ctx).today()
    for s in summaries:
        counts = " ".join(f"{lens.symbol}{s.lens_counts[lens.value]}" for lens in output.LENS_COLOURS)
        quiet = f"quiet {s.quiet_days}d" if s.quiet_days else "active today"
        if s.goal.status.closed and s.goal.closed_at:
            quiet = f"closed {in_zone(s.goal.closed_at, zone).date().isoformat()}"  # the local day (S201)
        target = f"by {_target(s.goal, today)}" if s.goal.time_bound else ""
        click.echo("  ".join(filter(None, [
            click.style(s.goal.short_id, fg="yellow"), f"{s.goal.status.value:<9}",
            output.safe(s.goal.title), counts, quiet, target,
        ])))


def _target(goal: Goal, today: date) -> str:
    """The target day, and for an open goal whose day has come, that it has (S344)."""
    assert goal.time_bound is not None, "a goal with a target"
    passed = (today - goal.time_bound).days
    if goal.status.closed or passed < 0:
        return goal.time_bound.isoformat()
    when = f"passed {plural(passed, 'day')} ago" if passed else "today"
    return f"{goal.time_bound.isoformat()} ({when})"


@goal.command("show")
@click.argument("ref", metavar="GOAL")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format (json is stable, see the README).")
@click.pass_context
def goal_show(ctx, ref, fmt):
    """Show a goal: its SMART statement, milestones and history."""
    journal = journal_of(ctx)
    g = journal.goals.get(ref)
    audits, last_audit = journal.reflection.audits(g.id)
    gap = journal.preparing.gap_of(g.id)
    if fmt == "json":
        output.dump_json(output.goal_json(g, {"audits": audits, "last_audit": last_audit and last_audit.isoformat(),
                                              "from_gap": gap and gap.text}))
        return
    zone = journal.clock.tzinfo  # days of moments are local days, as the timeline's (S201)
    lines = [click.style(output.safe(g.title), bold=True) + f"  ({g.short_id}, {g.status.value})"]
    for label, value in (
        ("Specific", g.specific), ("Measurable", g.measurable), ("Achievable", g.achievable),
        ("Relevant", g.relevant), ("Target", g.time_bound and _target(g, journal.today())),
        ("Success", g.success_criteria), ("Review", g.review_every and f"every {plural(g.review_every, 'day')}"),
        ("Closed", g.closed_at and in_zone(g.closed_at, zone).date().isoformat()), ("Note", g.closure_note),
        ("Audits", last_audit and f"{audits}, the last {last_audit.isoformat()} (`journal goal audit`)"),
        ("From gap", gap and f"{gap.text} (your vision: `journal vision`)"),
    ):
        lines.append(f"  {label + ':':<12}{output.safe(str(value)) if value else click.style('—', dim=True)}")
    if g.milestones:
        lines.append("Milestones:")
        today = journal.clock.now().date()
        ended = closed_on(g, zone)
        for m in g.milestones:  # marked as the retrospective and the timeline say it (S310)
            due = f" (due {m.due_on.isoformat()})" if m.due_on else ""
            state = milestone_state(m.due_on, m.done_on, today, ended)
            if m.done_on is not None:
                late = (m.done_on - m.due_on).days if state == "late" and m.due_on else 0
                mark = "✓"
                said = f" done {m.done_on.isoformat()}" + (f", {plural(late, 'day')} late" if late else "")
            elif m.due_on is None:  # open, no day: as the app and the work plan mark it (S561)
                mark, said = "◇", ""
            elif state == "missed":
                mark, said = "✗", " missed"
            else:  # open, or dropped: the goal closed before its day
                mark, said = "◇", f" not done (goal {g.status.value})" if state == "dropped" else ""
            lines.append(f"  {mark} {output.safe(m.title)}{due}{said}")
    lines.append("History:")
    for h in g.history:
        what = {"created": "created", "status": f"status {h.old} → {h.new}"}.get(h.kind) or _edit_line(journal, h)
        lines.append(f"  {in_zone(h.at, zone).date().isoformat()}  {what}")
    click.echo("\n".join(lines))


def _edit_line(journal: Journal, event: GoalEvent) -> str:
    """'target date: 2027-03-31 → 2027-04-30': a field by its name, a mentorship by its mentor."""

    def value(text: str | None) -> str:
        if not text:
            return "—"
        if event.field == "mentorship_id":
            try:
                return output.safe(journal.mentorships.get(text).mentor)
            except NotFound:
                return "a mentorship no longer here"
        if event.field == "review_every" and text.isdigit():
            return f"every {plural(int(text), 'day')}"
        return output.safe(text)

    if event.field == "status_note":  # why it was paused or resumed (S217)
        return f"why: {value(event.new)}"
    name = FIELD_NAMES.get(event.field or "", output.safe(event.field))
    return f"{name}: {value(event.old)} → {value(event.new)}"


@goal.command("edit")
@click.argument("ref", metavar="GOAL")
@click.option("--title", help="A new title.")
@smart_options
@click.pass_context
def goal_edit(ctx, ref, **fields):
    """Change a goal's statement; every change is kept in its history."""
    if all(value is None for value in fields.values()):
        raise click.UsageError("Say what to change, e.g. `journal goal edit GOAL --by 'end of june'`")
    journal = journal_of(ctx)
    updated, changed = journal.goals.edit(ref, **fields)
    if changed:
        names = ", ".join(FIELD_NAMES.get(name, name) + (f" ({output.day_label(updated.time_bound)})" if
                          name == "time_bound" and updated.time_bound else "") for name in changed)
        output.say(f"Updated '{output.safe(updated.title)}': {names}.")
        output.date_notes(journal, fields.get("by"), ahead=True)
    else:
        output.say("No changes.")


@goal.command("audit")
@click.argument("ref", metavar="GOAL")
@click.option("-l", "--lens", help="hindsight (the default), insight or foresight (prefixes work).")
@click.pass_context
def goal_audit(ctx, ref, lens):
    """Audit GOAL: the goal-audit questions in $VISUAL/$EDITOR (or answers piped on stdin) make a
    goal-audit entry linked to it, on its timeline."""
    from journal.cli.everyday import write_with_text

    journal = journal_of(ctx)
    draft = journal.reflection.audit_draft(ref)
    template, draft.body = draft.body, ""
    if lens:
        draft.lens = Lens.parse(lens)
    write_with_text(journal, draft, None, template)


@goal.command("milestone")
@click.argument("ref", metavar="GOAL")
@click.argument("title")
@click.option("--due", metavar="WHEN", help="When it is due.")
@click.pass_context
def goal_milestone(ctx, ref, title, due):
    """Add a milestone to GOAL."""
    journal = journal_of(ctx)
    m = journal.goals.add_milestone(ref, title, due)
    due_text = f", due {m.due_on.isoformat()}" if m.due_on else ""
    output.say(f"Added milestone '{output.safe(m.title)}'{due_text}.")
    output.date_notes(journal, due, ahead=True)


@goal.command("milestone-edit")
@click.argument("ref", metavar="GOAL")
@click.argument("milestone", metavar="MILESTONE")
@click.option("--title", help="A new title.")
@click.option("--due", metavar="WHEN", help="A new due day.")
@click.option("--no-due", is_flag=True, help="No due day.")
@click.option("--not-done", "reopen", is_flag=True, help="Not reached after all (marked done by mistake).")
@click.pass_context
def goal_milestone_edit(ctx, ref, milestone, title, due, no_due, reopen):
    """Correct a milestone of GOAL: its title, its due day, or reached no more."""
    if title is None and due is None and not no_due and not reopen:
        raise click.UsageError("Say what to change, e.g. `journal goal milestone-edit GOAL MILESTONE --due friday`")
    journal = journal_of(ctx)
    m, changed = journal.goals.edit_milestone(ref, milestone, title=title, due=due, no_due=no_due, reopen=reopen)
    if not changed:
        output.say(f"Milestone '{output.safe(m.title)}': no changes.")
        return
    words = {"title": "title", "due": f"due {m.due_on.isoformat()}" if m.due_on else "no due day",
             "reopened": "not reached"}
    output.say(f"Milestone '{output.safe(m.title)}': {', '.join(words[name] for name in changed)}.")
    output.date_notes(journal, due, ahead=True)


@goal.command("done")
@click.argument("ref", metavar="GOAL")
@click.argument("milestone", metavar="MILESTONE")
@click.option("--on", metavar="WHEN", help="The day it was reached (default: today).")
@click.pass_context
def goal_done(ctx, ref, milestone, on):
    """Mark a milestone of GOAL as reached."""
    journal = journal_of(ctx)
    m, before = journal.goals.milestone_done(ref, milestone, on)
    assert m.done_on is not None, "the milestone was just reached"
    title, day = output.safe(m.title), m.done_on.isoformat()
    if before == m.done_on:
        hint = "" if on else " (another day: --on WHEN)"
        output.say(f"Milestone '{title}' was reached on {day} already: nothing changed{hint}.")
    elif before is not None:
        output.say(f"Milestone '{title}' reached on {day} (it said {before.isoformat()}).")
    else:
        output.say(f"Milestone '{title}' reached on {day}.")
    output.date_notes(journal, on)


@goal.command("status")
@click.argument("ref", metavar="GOAL")
@click.argument("status", metavar="STATUS", type=click.Choice([s.value for s in GoalStatus]))
@click.option("--note", help="Why (kept in the history when closing).")
@click.pass_context
def goal_status(ctx, ref, status, note):
    """Set a goal's status: active, paused, achieved or abandoned."""
    g = journal_of(ctx).goals.set_status(ref, status, note)
    output.say(f"Goal '{output.safe(g.title)}' is now {g.status.value}.")


@goal.command("close")
@click.argument("ref", metavar="GOAL")
@click.option("--status", type=click.Choice(["achieved", "abandoned"]), required=True, help="How it ended.")
@click.option("--note", help="A closing note.")
@click.pass_context
def goal_close(ctx, ref, status, note):
    """Close a goal as achieved or abandoned."""
    g = journal_of(ctx).goals.close(ref, status, note)
    output.say(f"Closed '{output.safe(g.title)}' as {g.status.value}. `journal retro {g.short_id}` traces its journey.")
