"""`journal vision`, `journal gap`, `journal profile`, `journal passing-on`: preparing for a
mentor (where I want to be, where I am, the gaps; how I learn) and passing it on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from journal.cli import editor, output
from journal.cli.app import cli, journal_of
from journal.cli.editor import edit_text
from journal.domain.errors import BadValue, EditConflict, JournalError
from journal.domain.model import Goal
from journal.services import Journal

if TYPE_CHECKING:  # every command imports this module: the domain is loaded by the commands that use it
    from journal.domain.practice import Gap, LearningProfile, Vision

FUTURE_HEADING = "## Where I want to be"
PRESENT_HEADING = "## Where I am now"
PROFILE_PARTS = (("strengths", "Strengths"), ("challenges", "Challenges"), ("needs", "What I need from a mentor"))
STYLE_NAMES = "big picture, data, practical, trial and error"
"""domain/practice.LEARNING_STYLES by name, for the help text (tests/cli/test_preparing_cli.py checks it)."""


def format_option(*choices: str) -> Any:
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=choices[0], show_default=True,
                        help="Output format (json is stable, see the README).")


def group_format(ctx: click.Context, fmt: str) -> bool:
    """True when the group itself is to show (no subcommand). A `--format` given to the group
    before a subcommand goes on to it (`journal gap --format json list` wrote text: S390), and
    is refused before one that has no format."""
    if ctx.invoked_subcommand is None:
        return True
    if fmt != "text":
        command = ctx.command.get_command(ctx, ctx.invoked_subcommand) if isinstance(ctx.command, click.Group) else None
        if command is None or not any(param.name == "fmt" for param in command.params):
            raise click.UsageError(f"`{ctx.info_name} {ctx.invoked_subcommand}` has no --format; nothing was done.")
        ctx.default_map = {**(ctx.default_map or {}), ctx.invoked_subcommand: {"fmt": fmt}}
    return False


def _stdin_once(values: dict[str, str | None]) -> dict[str, str | None]:
    """Options given as '-' read piped stdin (one of them at most)."""
    dashed = [name for name, value in values.items() if value == "-"]
    if len(dashed) > 1:
        raise click.UsageError("Only one option can read stdin ('-').")
    if dashed:
        if editor.stdin_is_terminal():
            raise BadValue(f"--{dashed[0]} - reads piped stdin; pipe the text in, or give it as --{dashed[0]} TEXT.")
        values[dashed[0]] = editor.read_piped(f"--{dashed[0]} is unchanged", f"give it as --{dashed[0]} TEXT")
    return values


def _block(text: str) -> list[str]:
    """Several lines of the person's text, indented; '—' when empty."""
    if not text.strip():
        return ["  " + click.style("—", dim=True)]
    return ["  " + line for line in output.body(text).split("\n")]


# ----------------------------------------------------------------- the vision
def _goals_of(journal: Journal, vision: Vision) -> dict[str, Goal]:
    found: dict[str, Goal] = {}
    for gap in vision.gaps:
        if gap.goal_id:
            try:
                found[gap.goal_id] = journal.goals.get(gap.goal_id)
            except JournalError:
                pass  # the goal is gone (another device): the gap shows it unlinked
    return found


def _gap_json(number: int, gap: Gap, goals: dict[str, Goal]) -> dict[str, Any]:
    goal = goals.get(gap.goal_id or "")
    return {"number": number, "id": gap.id, "text": gap.text, "goal_id": gap.goal_id,
            "goal": {"id": goal.id, "short_id": goal.short_id, "title": goal.title, "status": goal.status.value}
            if goal else None}


def _gap_line(number: int, gap: Gap, goals: dict[str, Goal]) -> str:
    line = f"  {number:>2}. {output.safe(gap.text)}"
    goal = goals.get(gap.goal_id or "")
    if goal is not None:
        line += "  " + click.style(f"→ goal: {output.safe(goal.title)}", fg="bright_blue")
        line += click.style(f" ({goal.short_id}, {goal.status.value})", dim=True)
    elif gap.goal_id:
        line += click.style("  → goal no longer here", dim=True)
    return line


def show_vision(journal: Journal, fmt: str) -> None:
    vision = journal.preparing.vision()
    goals = _goals_of(journal, vision)
    if fmt == "json":
        output.dump_json({"future": vision.future, "present": vision.present,
                          "gaps": [_gap_json(n, g, goals) for n, g in enumerate(vision.gaps, 1)],
                          "created_at": output.iso(vision.created_at), "updated_at": output.iso(vision.updated_at)})
        return
    if not (vision.future or vision.present or vision.gaps):
        output.say("No vision yet. Say where you want to be and where you are: "
                   "`journal vision set --future TEXT --present TEXT`, then `journal gap add TEXT`.")
        return
    lines = [click.style("Where I want to be", bold=True), *_block(vision.future),
             click.style("Where I am now", bold=True), *_block(vision.present),
             click.style("Gaps", bold=True)]
    lines += [_gap_line(n, g, goals) for n, g in enumerate(vision.gaps, 1)] or [
        "  " + click.style("none yet (`journal gap add TEXT`)", dim=True)]
    click.echo("\n".join(lines))


@cli.group(invoke_without_command=True)
@format_option("text", "json")
@click.pass_context
def vision(ctx, fmt):
    """Your vision: where you want to be, where you are, the gaps (see `journal gap`)."""
    if group_format(ctx, fmt):
        show_vision(journal_of(ctx), fmt)


@vision.command("show")
@format_option("text", "json")
@click.pass_context
def vision_show(ctx, fmt):
    """Show the vision and its numbered gaps."""
    show_vision(journal_of(ctx), fmt)


def _vision_from(text: str) -> tuple[str, str]:
    """The two parts of the vision written under their headings."""
    lines = text.replace("\r\n", "\n").split("\n")
    heads = [i for i, line in enumerate(lines) if line.strip() in (FUTURE_HEADING, PRESENT_HEADING)]
    named = [lines[i].strip() for i in heads]
    if named != [FUTURE_HEADING, PRESENT_HEADING]:
        raise BadValue(f"Keep the two headings, '{FUTURE_HEADING}' then '{PRESENT_HEADING}'; nothing was saved.")
    if any(line.strip() for line in lines[:heads[0]]):
        raise BadValue(f"Write under the headings, not above '{FUTURE_HEADING}'; nothing was saved.")
    return "\n".join(lines[heads[0] + 1:heads[1]]).strip(), "\n".join(lines[heads[1] + 1:]).strip()


@vision.command("set")
@click.option("--future", metavar="TEXT", help="Where you want to be ('-' reads piped stdin).")
@click.option("--present", metavar="TEXT", help="Where you are now ('-' reads piped stdin).")
@click.pass_context
def vision_set(ctx, future, present):
    """Write the vision. Without options both parts open in $VISUAL/$EDITOR under two headings
    (or come from piped stdin in the same shape)."""
    journal = journal_of(ctx)
    if future is None and present is None:
        current = journal.preparing.vision()
        template = f"{FUTURE_HEADING}\n\n{current.future}\n\n{PRESENT_HEADING}\n\n{current.present}\n"
        if not editor.stdin_is_terminal():
            piped = editor.read_piped("the vision is unchanged", "give it with --future and --present")
            future, present = _vision_from(piped)
            journal.preparing.set_vision(future=future, present=present)
        else:
            journal.check_writable("nothing was saved and no editor was opened.")
            with edit_text(journal.scratch_folder(), template) as session:
                if session.text is None:
                    output.say("No changes.")
                    return
                future, present = _vision_from(session.text)
                future = None if future == current.future else future  # only what was changed here
                present = None if present == current.present else present
                if future is None and present is None:
                    session.saved()
                    output.say("No changes.")
                    return
                try:  # a part changed in another window meanwhile is not written over (S335)
                    journal.preparing.set_vision(future=future, present=present,
                                                 edited_from={"future": current.future, "present": current.present})
                except EditConflict:
                    session.saved()  # what was not saved is a draft: the scratch file is not needed
                    raise
                session.saved()
    else:
        values = _stdin_once({"future": future, "present": present})
        journal.preparing.set_vision(future=values["future"], present=values["present"])
    changed = [name for name, value in (("where you want to be", future), ("where you are now", present))
               if value is not None]
    output.say(f"Saved {' and '.join(changed)}. `journal gap add TEXT` names a gap between them.")


# ----------------------------------------------------------------- the gaps
@cli.group(invoke_without_command=True)
@format_option("text", "json")
@click.pass_context
def gap(ctx, fmt):
    """The gaps between where you are and where you want to be; each can become a starter goal."""
    if group_format(ctx, fmt):
        _list_gaps(journal_of(ctx), fmt)


def _list_gaps(journal: Journal, fmt: str) -> None:
    found = journal.preparing.vision()
    goals = _goals_of(journal, found)
    if fmt == "json":
        output.dump_json([_gap_json(n, g, goals) for n, g in enumerate(found.gaps, 1)])
        return
    if not found.gaps:
        output.say("No gaps yet. Name one with `journal gap add \"Give feedback to peers\"`.")
        return
    click.echo("\n".join(_gap_line(n, g, goals) for n, g in enumerate(found.gaps, 1)))


@gap.command("list")
@format_option("text", "json")
@click.pass_context
def gap_list(ctx, fmt):
    """List the gaps, numbered, with the goal each became."""
    _list_gaps(journal_of(ctx), fmt)


def _number(journal: Journal, gap_id: str) -> int:
    gaps = journal.preparing.vision().gaps
    return next((n for n, g in enumerate(gaps, 1) if g.id == gap_id), len(gaps))


@gap.command("add")
@click.argument("text", nargs=-1, required=True)
@click.pass_context
def gap_add(ctx, text):
    """Name a gap: TEXT is what stands between where you are and where you want to be."""
    journal = journal_of(ctx)
    added = journal.preparing.add_gap(" ".join(text))
    number = _number(journal, added.id)
    output.say(f"Added gap {number}. `journal gap goal {number}` makes it a starter goal.")


@gap.command("edit")
@click.argument("ref", metavar="N")
@click.argument("text", nargs=-1, required=True)
@click.pass_context
def gap_edit(ctx, ref, text):
    """Reword gap N (a goal made from it keeps its title and the link)."""
    journal = journal_of(ctx)
    changed = journal.preparing.edit_gap(ref, " ".join(text))
    output.say(f"Reworded gap {_number(journal, changed.id)}.")


@gap.command("remove")
@click.argument("ref", metavar="N")
@click.option("--keep-goal", is_flag=True, help="Remove a gap that became a goal; the goal stays.")
@click.pass_context
def gap_remove(ctx, ref, keep_goal):
    """Remove gap N (one that became a goal only with --keep-goal)."""
    journal = journal_of(ctx)
    number = _number(journal, journal.preparing.find_gap(ref).id)
    removed = journal.preparing.remove_gap(ref, keep_goal=keep_goal)
    kept = " Its goal stays." if removed.goal_id else ""
    output.say(f"Removed gap {number}.{kept}")


@gap.command("goal")
@click.argument("ref", metavar="N")
@click.option("--title", metavar="T", help="The goal's title (default: the gap's words).")
@click.pass_context
def gap_goal(ctx, ref, title):
    """Make gap N a starter goal; the gap keeps the link to it."""
    journal = journal_of(ctx)
    goal = journal.preparing.gap_to_goal(ref, title=title)
    gap_ = journal.preparing.gap_of(goal.id)
    number = _number(journal, gap_.id) if gap_ else ref
    output.say(f"Made gap {number} the starter goal '{output.safe(goal.title)}' ({goal.short_id}). "
               f"Give it a SMART statement: `journal goal edit {goal.short_id} --specific … --by WHEN`.")


# ----------------------------------------------------------------- the learning profile
def _profile_json(profile: LearningProfile) -> dict[str, Any]:
    return {**profile.to_data(), "created_at": output.iso(profile.created_at),
            "updated_at": output.iso(profile.updated_at)}


def show_profile(journal: Journal, fmt: str) -> None:
    profile = journal.preparing.profile()
    if fmt == "json":
        output.dump_json(_profile_json(profile))
        return
    if profile.empty:
        output.say("No learning profile yet: `journal profile set --style practical --strengths TEXT "
                   f"--challenges TEXT --needs TEXT` (styles offered: {STYLE_NAMES}, or your own words).")
        return
    from journal.domain.practice import LEARNING_STYLES

    presets = dict(LEARNING_STYLES)
    lines = [click.style("How I learn best", bold=True)]
    lines += [f"  • {output.safe(s)}" + click.style(f" — {presets[s]}" if s in presets else " (my own)", dim=True)
              for s in profile.styles] or ["  " + click.style("—", dim=True)]
    for name, heading in PROFILE_PARTS:
        lines += [click.style(heading, bold=True), *_block(getattr(profile, name))]
    click.echo("\n".join(lines))


@cli.group(invoke_without_command=True)
@format_option("text", "json")
@click.pass_context
def profile(ctx, fmt):
    """Your learning profile: how you learn best, strengths, challenges, what you need from a mentor."""
    if group_format(ctx, fmt):
        show_profile(journal_of(ctx), fmt)


@profile.command("show")
@format_option("text", "json")
@click.pass_context
def profile_show(ctx, fmt):
    """Show the learning profile."""
    show_profile(journal_of(ctx), fmt)


@profile.command("set")
@click.option("--style", "styles", multiple=True, metavar="S",
              help=f"How you learn best (repeatable; commas separate): {STYLE_NAMES}, or your own words. "
                   "Replaces the styles.")
@click.option("--no-styles", is_flag=True, help="Clear the styles.")
@click.option("--strengths", metavar="TEXT", help="Your strengths ('-' reads piped stdin).")
@click.option("--challenges", metavar="TEXT", help="Your challenges ('-' reads piped stdin).")
@click.option("--needs", metavar="TEXT", help="What you need from a mentor ('-' reads piped stdin).")
@click.pass_context
def profile_set(ctx, styles, no_styles, strengths, challenges, needs):
    """Change the learning profile; what is not given stays as it is."""
    if styles and no_styles:
        raise click.UsageError("Give --style or --no-styles, not both.")
    journal = journal_of(ctx)
    texts = _stdin_once({"strengths": strengths, "challenges": challenges, "needs": needs})
    before = journal.preparing.profile()
    after = journal.preparing.set_profile(styles=[] if no_styles else (list(styles) if styles else None),
                                          strengths=texts["strengths"], challenges=texts["challenges"],
                                          needs=texts["needs"])
    changed = [word for name, word in (("styles", "styles"), ("strengths", "strengths"),
                                       ("challenges", "challenges"), ("needs", "needs"))
               if getattr(before, name) != getattr(after, name)]
    said = ", ".join(changed[:-1]) + " and " + changed[-1] if len(changed) > 1 else "".join(changed)
    output.say(f"Updated the {said} of your learning profile." if changed else "No changes.")


# ----------------------------------------------------------------- passing it on
def _quote_lines(q: Any) -> list[str]:
    head = [click.style(q.day.isoformat(), fg="yellow")]
    if q.question:
        head.append(click.style(output.safe(q.question), italic=True))
    elif q.title:
        head.append(click.style(output.safe(q.title), bold=True))
    if q.details.get("from"):
        head.append(f"from {output.safe(q.details['from'])}")
    if q.mentor:
        head.append(f"with {output.safe(q.mentor)}")
    if q.private:
        head.append(click.style("private", fg="red"))
    line = "  " + " · ".join(head) + (click.style(" ★", fg="yellow") if q.starred else "")
    line += click.style(f"  {q.short_id}", dim=True)
    lines = [line]
    if q.text:
        lines.append(f"      {output.safe(q.text)}")
    if q.details.get("asked"):
        lines.append(f"      I asked: {output.safe(q.details['asked'])}")
    if q.details.get("follow_up"):
        lines.append(f"      I would try: {output.safe(q.details['follow_up'])}"
                     + (click.style("  (followed up)", fg="green") if q.answered else ""))
    return lines


@cli.command("passing-on")
@format_option("text", "markdown", "json")
@click.option("--include-private", is_flag=True, help="Quote and count private entries too.")
@click.pass_context
def passing_on(ctx, fmt, include_private):
    """Passing it on: what helped you most, the feedback you valued, what you'd do differently,
    built from the journal. Then write the reflection: `journal add --template passing-on`."""
    from journal.services.passing_on import counts_line, markdown

    journal = journal_of(ctx)
    summary = journal.passing_on.summary(include_private=include_private)
    if fmt == "json":
        output.dump_json(summary.to_data())
        return
    if fmt == "markdown":
        output.page(markdown(summary), nl=False)
        return
    lines = [click.style("Passing it on", bold=True, underline=True)]
    for section in summary.sections:
        lines += ["", click.style(section.heading, bold=True)]
        if section.quotes:
            for q in section.quotes:
                lines += _quote_lines(q)
            if section.more:
                lines.append(click.style(f"  … and {section.more} more", dim=True))
        else:
            lines.append("  " + click.style(section.empty, dim=True))
    lines += ["", click.style("In numbers", bold=True), "  " + " · ".join(counts_line(summary.counts))]
    click.echo("\n".join(lines))
    output.say("Write the mentee-to-mentor reflection: `journal add --template passing-on`.")
