"""`journal prompt`: a reflection question from the prompt library."""

from __future__ import annotations

import random

import click

from journal.cli import output, state
from journal.cli.app import cli


@cli.command()
@click.option("-l", "--lens", metavar="LENS", help="Only prompts for this lens.")
@click.option("--phase", metavar="PHASE", help="preparing, negotiating, enabling or closing.")
@click.option("--set", "set_name", metavar="SET", help="A prompt set (daily, check-in, closure, ...).")
@click.option("--random", "pick_random", is_flag=True, help="Any matching prompt, not the prompt of the day.")
@click.option("--all", "show_all", is_flag=True, help="Every matching prompt (alone: every set's).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
def prompt(lens, phase, set_name, pick_random, show_all, fmt):
    """Show the prompt of the day (the same all day), or any prompts you ask for."""
    from journal.services import prompt_library  # only this command pays for the library

    library = prompt_library()
    for problem in library.problems:
        output.say(f"journal: skipped prompt file {output.safe(problem)}")
    today = state.make_clock().today()
    if set_name is None and phase is None and not show_all:  # the prompt of the day is a daily one;
        set_name = "daily"  # --all alone lists every set (it listed the daily set only: S407)
    pool = library.prompts(lens=lens, phase=phase, set=set_name)
    if not pool:
        raise click.UsageError("No prompt matches those filters; `journal prompt --all` lists every prompt "
                               "with its set.")
    if show_all:
        chosen = pool
    elif pick_random:
        chosen = [random.Random().choice(pool)]
    elif phase is None:
        chosen = [library.of_the_day(today, lens=lens, set=set_name)]
    else:
        chosen = [pool[today.toordinal() % len(pool)]]
    if fmt == "json":
        output.dump_json([
            {"id": p.id, "set": p.set, "lens": p.lens and p.lens.value, "phase": p.phase and p.phase.value,
             "field": p.field, "text": p.text}
            for p in chosen
        ])
        return
    for p in chosen:
        label = output.lens_label(p.lens).rstrip() if p.lens else click.style("·", dim=True)
        where = " · ".join(filter(None, [p.set, p.phase and p.phase.value]))
        click.echo(f"{label}  {output.safe(p.text)}  " + click.style(f"({where}, {p.id})", dim=True))
