"""`journal mentorship ...`: the mentoring relationships goals and entries belong to."""

from __future__ import annotations

import click

from journal.cli import output
from journal.cli.app import cli, journal_of
from journal.cli.editor import read_piped
from journal.domain.errors import BadValue
from journal.domain.model import MentorshipStatus
from journal.domain.text import MAX_BODY_BYTES, plural


@cli.group()
def mentorship():
    """Mentorships: add, list, show, edit, meeting, trends, close."""


CHANGED = {"mentor": "mentor", "focus": "focus", "started_on": "start", "check_in_every": "check-in cadence",
           "agreements": "agreements"}
"""How `edit` names each changed field."""


def agreements_options(command):
    """--agreements TEXT and --agreements-file PATH ('-': stdin), one or the other."""
    command = click.option("--agreements-file", metavar="PATH",
                           help="Read the agreements (Markdown) from PATH; '-' reads stdin.")(command)
    return click.option("--agreements", metavar="TEXT", help="The agreements, as Markdown.")(command)


def read_agreements(text: str | None, path: str | None) -> str | None:
    """The agreements given as text or in a file (None: not given)."""
    if text is not None and path is not None:
        raise click.UsageError("Give the agreements with --agreements or --agreements-file, not both.")
    if path is None:
        return text
    if path == "-":
        return read_piped("the agreements are unchanged", "give them with --agreements")
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BODY_BYTES + 1)
    except OSError as error:
        raise BadValue(f"Cannot read the agreements from {output.safe(path)}: {error.strerror or error}.") from None
    if len(raw) > MAX_BODY_BYTES:
        raise BadValue(f"{output.safe(path)} is too large for agreements (over the 10 MB limit); nothing was saved.")
    return raw.decode("utf-8", errors="replace")


@mentorship.command("add")
@click.argument("mentor")
@click.option("--focus", default="", help="What the mentorship is about.")
@click.option("--since", metavar="WHEN", help="When it started (default: today).")
@click.option("--check-in-every", type=int, metavar="DAYS", help="Check in every DAYS days (1 to 3650).")
@agreements_options
@click.pass_context
def mentorship_add(ctx, mentor, focus, since, check_in_every, agreements, agreements_file):
    """Start a mentorship with MENTOR."""
    text = read_agreements(agreements, agreements_file) or ""
    journal = journal_of(ctx)
    m = journal.mentorships.add(mentor, focus=focus, since=since, check_in_every=check_in_every, agreements=text)
    assert m.started_on is not None, "a new mentorship has started"
    output.say(f"Started a mentorship with {output.safe(m.mentor)} ({m.short_id}) on {m.started_on.isoformat()}.")
    output.date_notes(journal, since)


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
    # a closed one also names the goals its closing decided about that left it (carried on, moved on: S164)
    left = [(g, decision) for g, decision in journal.mentorships.decided(m) if g.id not in {x.id for x in goals}]
    if fmt == "json":
        output.dump_json({**output.mentorship_json(m), "goals": [{"id": g.id, "title": g.title} for g in goals],
                          "closing": [{"id": g.id, "title": g.title, "decision": d} for g, d in left]})
        return
    from journal.domain.agreement import meeting_label, relative

    today = journal.today()
    lines = [click.style(f"Mentorship with {output.safe(m.mentor)}", bold=True) + f"  ({m.short_id}, {m.status.value})"]
    for label, value in (
        ("Focus", m.focus), ("Since", m.started_on and m.started_on.isoformat()),
        ("Check-in", m.check_in_every and f"every {m.check_in_every} days"),
        (meeting_label(m.next_meeting_on, today) if m.next_meeting_on else "Next meeting",
         m.next_meeting_on and f"{m.next_meeting_on.isoformat()} ({relative(m.next_meeting_on, today)})"),
        ("Closed", m.closed_on and m.closed_on.isoformat()),
    ):
        lines.append(f"  {label + ':':<14}{output.safe(str(value)) if value else click.style('—', dim=True)}")
    for item in journal.reflection.due() if m.status != MentorshipStatus.CLOSED else ():
        if item.ref != m.id or item.kind not in ("check-in", "meeting"):
            continue  # as the app's mentorship screen says them (S519)
        if item.kind == "check-in":
            late = f"{plural(item.days, 'day')} overdue" if item.days else "due today"
            lines.append(click.style(f"  ⚠ check-in due ({late})", bold=True))
        elif item.days:
            lines.append(click.style(f"  ⚠ meeting was due {item.since.isoformat()} ({plural(item.days, 'day')} ago)",
                                     bold=True))
    if goals or left:
        lines.append("Goals:")
    elif m.status == MentorshipStatus.CLOSED:
        lines.append("Goals: none")
    else:
        lines.append("Goals: none yet (`journal goal add TITLE --mentorship M`)")
    lines += [f"  {g.short_id}  {g.status.value:<9} {output.safe(g.title)}" for g in goals]
    lines += [f"  {g.short_id}  {'':<9} {output.safe(g.title)}: at the closing, {output.safe(d)}" for g, d in left]
    if m.agreements:
        lines += ["Agreements:", output.body(m.agreements)]
    trends = f"check-in trends: `journal mentorship trends {m.short_id}`."
    if m.status == MentorshipStatus.CLOSED:  # no first meeting left to share the profile at (S496)
        hint = trends[0].upper() + trends[1:]
    else:
        hint = f"Your learning profile, to share at the first meeting: `journal profile`; {trends}"
    lines.append(click.style(hint, dim=True))
    click.echo("\n".join(lines))


@mentorship.command("edit")
@click.argument("ref", metavar="M")
@click.option("--mentor", metavar="NAME", help="The mentor's name.")
@click.option("--focus", metavar="TEXT", help="What the mentorship is about.")
@click.option("--since", metavar="WHEN", help="When it started (today or earlier).")
@click.option("--check-in-every", type=int, metavar="DAYS", help="Check in every DAYS days (1 to 3650; 0: none).")
@agreements_options
@click.pass_context
def mentorship_edit(ctx, ref, mentor, focus, since, check_in_every, agreements, agreements_file):
    """Change mentorship M: mentor, focus, start, check-in cadence, agreements."""
    text = read_agreements(agreements, agreements_file)
    journal = journal_of(ctx)
    m, changed = journal.mentorships.edit(ref, mentor=mentor, focus=focus, since=since,
                                          check_in_every=check_in_every, agreements=text)
    if changed:
        output.say(f"Updated {', '.join(CHANGED[name] for name in changed)} of the mentorship with "
                   f"{output.safe(m.mentor)} ({m.short_id}).")
        output.date_notes(journal, since)
    else:
        output.say("No changes.")


@mentorship.command("meeting")
@click.argument("ref", metavar="M")
@click.option("--next", "next_on", metavar="WHEN",
              help="The next meeting's date (default: today + the check-in rhythm).")
@click.pass_context
def mentorship_meeting(ctx, ref, next_on):
    """Record when you next meet in mentorship M."""
    journal = journal_of(ctx)
    m = journal.mentorships.plan_meeting(ref, next_on)
    assert m.next_meeting_on is not None, "a meeting was just planned"
    output.say(f"Next meeting with {output.safe(m.mentor)}: {output.day_label(m.next_meeting_on)}.")
    output.date_notes(journal, next_on, ahead=True)


@mentorship.command("close")
@click.argument("ref", metavar="M")
@click.option("--on", metavar="WHEN", help="The day it ended (default: today).")
@click.option("--goal", "decisions", multiple=True, metavar="GOAL=DECISION",
              help="What happens to an open goal: keep (carry on alone), achieved, abandoned, or "
                   "move:MENTOR (to another active mentorship). Repeat for each open goal.")
@click.pass_context
def mentorship_close(ctx, ref, on, decisions):
    """Close mentorship M, deciding about each of its open goals."""
    from journal.services.mentorships import parse_decisions

    journal = journal_of(ctx)
    m = journal.mentorships.close(ref, on, parse_decisions(decisions))
    assert m.closed_on is not None, "the mentorship was just closed"
    output.say(f"Closed the mentorship with {output.safe(m.mentor)} on {m.closed_on.isoformat()}.")
    output.date_notes(journal, on)
    closed_at = next((e.at for e in reversed(m.history) if e.kind == "status" and e.new == "closed"), None)
    for event in m.history:  # what this closing decided (written in its transaction, at its moment)
        if event.kind == "goal" and event.at == closed_at:
            output.say(f"  {output.safe(event.old)}: {output.safe(event.new)}.")


@mentorship.command("trends")
@click.argument("ref", metavar="M")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format (json is stable, see the README).")
@click.pass_context
def mentorship_trends(ctx, ref, fmt):
    """Each check-in area of mentorship M over its check-ins: the ratings and where they head."""
    journal = journal_of(ctx)
    m = journal.mentorships.get(ref)
    trends = journal.mentorships.trends(m.id)
    if fmt == "json":
        output.dump_json({"mentorship_id": m.id, "mentor": m.mentor, "areas": [{
            "area": t.area, "label": t.label,
            "ratings": [{"day": day.isoformat(), "rating": value} for day, value in t.ratings],
            "latest": t.latest, "direction": t.direction or None, "summary": t.summary,
        } for t in trends]})
        return
    lines = [click.style(f"Check-in trends with {output.safe(m.mentor)}", bold=True) + f"  ({m.short_id})"]
    if not any(t.ratings for t in trends):
        lines.append("  No rated check-ins yet. Rate the four areas when you write one: "
                     "`journal add --kind check-in --rate goals=4 …`.")
    width = max(len(t.label) for t in trends)
    for t in trends:
        spark = t.spark or "·"
        lines.append(f"  {t.label:<{width}}  {spark:<8} {t.summary}")
    click.echo("\n".join(lines))
