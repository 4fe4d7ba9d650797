"""`journal retro`: the closure retrospective of a goal or a mentorship (Markdown, HTML, JSON, PDF)."""

from __future__ import annotations

import click

from journal.cli import output
from journal.cli.app import cli, journal_of, output_file_options
from journal.domain.errors import BadValue
from journal.domain.text import plural
from journal.services import RETRO_FORMATS


@cli.command("retro")
@click.argument("goal", required=False, metavar="[GOAL]")
@click.option("--mentorship", metavar="M", help="The retrospective of a mentorship and all its goals.")
@click.option("--format", "fmt", type=click.Choice(list(RETRO_FORMATS)),
              help="markdown and html are for reading; json is stable and versioned; pdf (with -o) is the html page "
              "printed by Chromium or Chrome, when one is installed (default: the one -o FILE's extension names, "
              "else markdown).")
@output_file_options
@click.option("--include-private", is_flag=True, help="Include private entries (left out by default).")
@click.option("--exclude", "exclude", multiple=True, metavar="ID",
              help="Leave out this entry (id or prefix; repeat, or separate with commas).")
@click.pass_context
def retro(ctx: click.Context, goal: str | None, mentorship: str | None, fmt: str | None, target: str | None,
          replace: bool, include_private: bool, exclude: tuple[str, ...]) -> None:
    """Trace the journey of GOAL (name or id prefix) or --mentorship M: hindsight, insight, foresight.

    Sections: the goal (first and final statement), the journey, insight by month, foresight
    and what happened, numbers, and the closure conversation. Every quote has its date and id.
    A PDF is written with -o FILE and needs Chromium or Chrome (or $JOURNAL_BROWSER).
    """
    fmt = output.chosen_format(fmt, target, RETRO_FORMATS, "markdown")
    if fmt == "pdf" and (not target or target == "-"):
        raise BadValue("A PDF is written to a file: add -o FILE (e.g. -o retrospective.pdf).")
    refs = tuple(part.strip() for value in exclude for part in value.split(",") if part.strip())
    journal = journal_of(ctx)
    retrospective = journal.closure.retrospective(
        goal, mentorship=mentorship, include_private=include_private, exclude=refs)
    if target and target != "-":
        path = journal.closure.write(retrospective, fmt, target, replace=replace)
        output.say(f"Wrote the retrospective of {output.safe(retrospective.title)} "
                   f"({plural(retrospective.numbers.entries, 'entry', 'entries')}) to {output.safe(str(path))}.")
        if journal.encrypted:
            output.say(journal.PLAIN_COPY_NOTE)
    else:
        # neutralised on a terminal (bidi controls included), exact to a file or pipe (docs/RELIABILITY.md)
        output.page(journal.closure.render(retrospective, fmt), nl=False)
    if retrospective.private_left_out:
        output.say(f"{plural(retrospective.private_left_out, 'private entry was', 'private entries were')} left out "
                   "(add --include-private to include them).")
