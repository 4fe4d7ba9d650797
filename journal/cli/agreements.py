"""`journal agreement …` and `journal workplan`: a mentorship's agreement and its work plan.

The agreement is a noun of its own with four verbs (show, set, history, export), like
`goal` and `mentorship`, rather than flags on one `mentorship agreement` command that
would exclude each other. The work plan is a view across the mentorship's goals:
`journal workplan M`.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

import click

from journal.cli import output
from journal.cli import editor
from journal.cli.app import cli, journal_of, output_file_options

if TYPE_CHECKING:  # every command imports this module: the domain is loaded by the commands that use it
    from journal.domain.agreement import Agreement, PlanItem

PLAN_MARKS = {"done": ("✓", "green"), "done late": ("✓", "green"), "missed": ("✗", "red"),
              "due": ("◇", "yellow"), "not done": ("–", None), "achieved": ("✓", "green"), "abandoned": ("✗", None)}
"""A work-plan item's mark and colour by its status (the status is also said in words)."""
KIND_MARKS = {"start": "☍", "end": "☍", "today": "▸"}


@cli.group()
def agreement():
    """A mentorship's agreement: show, set a part, history, export to share."""


def _part_text(agreed: Agreement, key: str) -> str:
    from journal.domain.agreement import OTHER

    return agreed.other if key == OTHER else agreed.part(key).text


@agreement.command("show")
@click.argument("ref", metavar="M")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format (json is stable, see the README).")
@click.pass_context
def agreement_show(ctx, ref, fmt):
    """Show the agreement of mentorship M: its parts, the other agreements, its goals."""
    from journal.domain.agreement import OTHER, day_words, heading_of

    agreed = journal_of(ctx).agreements.get(ref)
    if fmt == "json":
        output.dump_json(agreement_json(agreed))
        return
    a = agreed
    lines = [click.style(f"Agreement: mentorship with {output.safe(a.mentor)}", bold=True)
             + f"  ({a.short_id}, {a.status.value})"]
    for label, value in (("Focus", output.safe(a.focus)), ("Since", a.started_on and day_words(a.started_on)),
                         ("Closed", a.closed_on and day_words(a.closed_on)), ("Check-ins", a.cadence),
                         ("Last changed", a.changed_on and day_words(a.changed_on))):
        if value:
            lines.append(f"  {label + ':':<14}{value}")
    lines.append("")
    lines.append(click.style("Goals", bold=True) if a.goals else
                 "Goals: none yet (`journal goal add TITLE --mentorship M`)")
    for goal in a.goals:
        target = (f"target {goal.target_words(a.today)}" if goal.target
                  else "no target date")
        lines.append(f"  {click.style(goal.short_id, fg='yellow')}  {goal.status.value:<9} {output.safe(goal.title)}"
                     f"  {click.style(target, dim=True)}")
        if goal.specific:
            lines.append(f"      {output.safe(goal.summary)}")
        if goal.left:
            lines.append(click.style(f"      {goal.left_when}: {output.safe(goal.left)}", dim=True))
    for part in a.parts:
        lines.append("")
        lines.append(click.style(part.heading, bold=True))
        lines.append(textwrap.indent(output.body(part.text), "  ") if part.text else click.style(
            f"  not agreed yet: journal agreement set {a.short_id} {part.key.replace('_', '-')} TEXT", dim=True))
    if a.other:
        lines += ["", click.style(heading_of(OTHER), bold=True), textwrap.indent(output.body(a.other), "  ")]
    click.echo("\n".join(lines))


def agreement_json(a: Agreement) -> dict[str, Any]:
    """The stable JSON shape of `journal agreement show --format json` (documented in the README)."""
    def iso(day):
        return day.isoformat() if day else None

    return {
        "mentorship_id": a.mentorship_id, "short_id": a.short_id, "mentor": a.mentor, "focus": a.focus,
        "status": a.status.value, "started_on": iso(a.started_on), "closed_on": iso(a.closed_on),
        "check_in_every": a.check_in_every, "next_meeting_on": iso(a.next_meeting_on),
        "parts": {p.key: p.text for p in a.agreed}, "other": a.other, "changed_on": iso(a.changed_on),
        "goals": [{"id": g.id, "short_id": g.short_id, "title": g.title, "status": g.status.value,
                   "specific": g.specific, "target": iso(g.target), "left": g.left or None} for g in a.goals],
    }


@agreement.command("set")
@click.argument("ref", metavar="M")
@click.argument("part", metavar="PART")
@click.argument("text", nargs=-1)
@click.pass_context
def agreement_set(ctx, ref, part, text):
    """Write PART of mentorship M's agreement: TEXT, else piped stdin, else $VISUAL/$EDITOR.

    PART: ground-rules, confidentiality, boundaries, stumbling-blocks, accountability,
    meetings (the meeting cadence), or other (the other agreements); any unique start
    works. Markdown. An empty TEXT ("") removes the part. Each change is kept in the
    mentorship's history (`journal agreement history M`).
    """
    from journal.domain.agreement import agreement_key, heading_of

    journal = journal_of(ctx)
    key = agreement_key(part)  # a typo is refused before any text is read or typed
    heading = heading_of(key)
    current = journal.agreements.get(ref)
    if text:
        value = " ".join(text)
    elif not editor.stdin_is_terminal():
        journal.check_writable("nothing was read from stdin or saved.")
        value = editor.read_piped(f"{heading} is unchanged (an empty TEXT, \"\", removes it)")
    else:
        journal.check_writable("nothing was changed and no editor was opened.")
        with editor.edit_text(journal.scratch_folder(), _part_text(current, key)) as session:
            if session.text is None:
                output.say("No changes.")
                return
            changed = journal.agreements.set_part(current.mentorship_id, key, session.text,  # over no change
                                                  edited_from=_part_text(current, key))  # made meanwhile (S349)
            session.saved()
        _said(heading, current, changed, removed=False)
        return
    changed = journal.agreements.set_part(current.mentorship_id, key, value)
    _said(heading, current, changed, removed=not value.strip())


def _said(heading: str, agreed: Agreement, changed: bool, removed: bool) -> None:
    if not changed:
        output.say("No changes.")
        return
    what = "removed from" if removed else "changed in"
    output.say(f"{heading} {what} the agreement with {output.safe(agreed.mentor)} ({agreed.short_id}).")


@agreement.command("history")
@click.argument("ref", metavar="M")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format (json is stable, see the README).")
@click.pass_context
def agreement_history(ctx, ref, fmt):
    """What happened to mentorship M and its agreement, oldest first."""
    journal = journal_of(ctx)
    events = journal.agreements.history(ref)
    if fmt == "json":
        output.dump_json([{"at": output.iso(e.at), "kind": e.kind, "title": e.title, "detail": e.detail,
                           "part": e.part, "goal_id": e.goal_id} for e in events])
        return
    if not events:
        output.say("No history kept yet: it starts with the next change.")
        return
    for event in events:
        when = click.style(f"{event.at:%a %Y-%m-%d %H:%M}", dim=True)
        detail = f"  {click.style(output.safe(event.detail), dim=True)}" if event.detail else ""
        click.echo(f"{when}  {output.safe(event.title)}{detail}")


@agreement.command("export")
@click.argument("ref", metavar="M")
@click.option("--format", "fmt", type=click.Choice(["markdown", "html"]),
              help="Markdown, or a standalone HTML page (no scripts, printable) (default: the one -o FILE's "
                   "extension names, else markdown).")
@output_file_options
@click.pass_context
def agreement_export(ctx, ref, fmt, target, replace):
    """The agreement of mentorship M with its goals and work plan, to share with the mentor."""
    journal = journal_of(ctx)
    fmt = output.chosen_format(fmt, target, ("markdown", "html"), "markdown")
    if target and target != "-":
        path = journal.agreements.write(ref, fmt, target, replace=replace)
        agreed = journal.agreements.get(ref)
        output.say(f"Wrote the agreement with {output.safe(agreed.mentor)} to {output.safe(str(path))}.")
        if journal.encrypted:
            output.say(journal.PLAIN_COPY_NOTE)
    else:
        # neutralised on a terminal, exact to a file or pipe (docs/RELIABILITY.md)
        output.page(journal.agreements.export(ref, fmt), nl=False)


# ----------------------------------------------------------------- the work plan
def item_json(item: PlanItem) -> dict[str, Any]:
    return {"day": item.day.isoformat() if item.day else None, "kind": item.kind, "goal_id": item.goal_id,
            "goal": item.goal, "what": item.what, "status": item.status, "when": item.when, "said": item.said,
            "overdue": item.overdue}


def _plan_line(item: PlanItem) -> str:
    day = output.day_label(item.day) if item.day else ""
    if item.kind == "today":
        return f"{day:<15} " + click.style("▸ today ─────", bold=True)
    mark, colour = KIND_MARKS.get(item.kind, ""), None
    if item.kind in ("milestone", "target"):
        mark, colour = PLAN_MARKS.get(item.status, ("·", None))
        mark = "◎" if item.kind == "target" and item.status == "due" else mark
    what = output.safe(item.what) if not item.goal else f"{output.safe(item.goal)} · {output.safe(item.what)}"
    return f"{day:<15} {click.style(mark, fg=colour)} {what}  {click.style(item.said, fg=colour, dim=not colour)}"


@cli.command("workplan")
@click.argument("ref", metavar="M")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format (json is stable, see the README).")
@click.pass_context
def workplan(ctx, ref, fmt):
    """The work plan of mentorship M: its goals' milestones and target dates, in date order."""
    from journal.domain.agreement import day_words

    plan = journal_of(ctx).agreements.work_plan(ref)
    if fmt == "json":
        output.dump_json({"mentorship_id": plan.mentorship_id, "mentor": plan.mentor,
                          "start": plan.start.isoformat() if plan.start else None,
                          "end": plan.end.isoformat() if plan.end else None, "end_words": plan.end_words,
                          "today": plan.today.isoformat(), "items": [item_json(i) for i in plan.items],
                          "undated": [item_json(i) for i in plan.undated]})
        return
    span = ""
    if plan.start and plan.end:
        span = f"  {day_words(plan.start)} – {day_words(plan.end)} ({plan.end_words})"
    lines = [click.style(f"Work plan: mentorship with {output.safe(plan.mentor)}", bold=True) + span
             + f"  {plan.tally}"]
    if not plan.work:
        lines.append("No milestones or target dates yet: `journal goal milestone GOAL TITLE --due WHEN`.")
    lines += [_plan_line(item) for item in plan.items]
    if plan.undated:
        lines.append("Without a date:")
        lines += [f"  {output.safe(i.goal)} · {output.safe(i.what)}"
                  + (f" — {i.said_undated}" if i.said_undated else "") for i in plan.undated]
    click.echo("\n".join(lines))
