"""`journal mentorship ...`: the mentoring relationships goals and entries belong to."""

from __future__ import annotations

import click

from journal.cli import output
from journal.cli.app import cli, journal_of


@cli.group()
def mentorship():
    """Mentorships: add, list, show, meeting, close."""


@mentorship.command("add")
@click.argument("mentor")
@click.option("--focus", default="", help="What the mentorship is about.")
@click.option("--since", metavar="WHEN", help="When it started (default: today).")
@click.option("--check-in-every", type=int, metavar="DAYS", help="Check in every DAYS days (1 to 3650).")
@click.pass_context
def mentorship_add(ctx, mentor, focus, since, check_in_every):
    """Start a mentorship with MENTOR."""
    m = journal_of(ctx).mentorships.add(mentor, focus=focus, since=since, check_in_every=check_in_every)
    assert m.started_on is not None, "a new mentorship has started"
    output.say(f"Started a mentorship with {output.safe(m.mentor)} ({m.short_id}) on {m.started_on.isoformat()}.")


@mentorship.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format (json is stable, see the README).")
@click.pass_context
def mentorship_list(ctx, fmt):
    """List mentorships."""
    found = journal_of(ctx).mentorships.list()
    if fmt == "json":
        output.dump_json([output.mentorship_json(m) for m in found])
        return
    if not found:
        output.say("No mentorships yet. Start one with `journal mentorship add \"Mentor Name\"`.")
    for m in found:
        since = m.started_on.isoformat() if m.started_on else ""
        click.echo("  ".join(filter(None, [
            click.style(m.short_id, fg="yellow"), f"{m.status.value:<6}", output.safe(m.mentor),
            output.safe(m.focus), f"since {since}" if since else "",
        ])))


@mentorship.command("show")
@click.argument("ref", metavar="M")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format (json is stable, see the README).")
@click.pass_context
def mentorship_show(ctx, ref, fmt):
    """Show a mentorship and its goals."""
    journal = journal_of(ctx)
    m = journal.mentorships.get(ref)
    goals = journal.goals.of_mentorship(m.id)
    if fmt == "json":
        output.dump_json({**output.mentorship_json(m), "goals": [{"id": g.id, "title": g.title} for g in goals]})
        return
    lines = [click.style(f"Mentorship with {output.safe(m.mentor)}", bold=True) + f"  ({m.short_id}, {m.status.value})"]
    for label, value in (
        ("Focus", m.focus), ("Since", m.started_on and m.started_on.isoformat()),
        ("Check-in", m.check_in_every and f"every {m.check_in_every} days"),
        ("Next meeting", m.next_meeting_on and m.next_meeting_on.isoformat()),
        ("Closed", m.closed_on and m.closed_on.isoformat()),
    ):
        lines.append(f"  {label + ':':<14}{output.safe(str(value)) if value else click.style('—', dim=True)}")
    lines.append("Goals:" if goals else "Goals: none yet (`journal goal add TITLE --mentorship M`)")
    lines += [f"  {g.short_id}  {g.status.value:<9} {output.safe(g.title)}" for g in goals]
    if m.agreements:
        lines += ["Agreements:", output.body(m.agreements)]
    click.echo("\n".join(lines))


@mentorship.command("meeting")
@click.argument("ref", metavar="M")
@click.option("--next", "next_on", metavar="WHEN",
              help="The next meeting's date (default: today + the check-in rhythm).")
@click.pass_context
def mentorship_meeting(ctx, ref, next_on):
    """Record when you next meet in mentorship M."""
    m = journal_of(ctx).mentorships.plan_meeting(ref, next_on)
    assert m.next_meeting_on is not None, "a meeting was just planned"
    output.say(f"Next meeting with {output.safe(m.mentor)}: {output.day_label(m.next_meeting_on)}.")


@mentorship.command("close")
@click.argument("ref", metavar="M")
@click.option("--on", metavar="WHEN", help="The day it ended (default: today).")
@click.pass_context
def mentorship_close(ctx, ref, on):
    """Close a mentorship."""
    m = journal_of(ctx).mentorships.close(ref, on)
    assert m.closed_on is not None, "the mentorship was just closed"
    output.say(f"Closed the mentorship with {output.safe(m.mentor)} on {m.closed_on.isoformat()}.")
