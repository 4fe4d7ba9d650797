"""`journal shortlist ...`: choosing a mentor by criteria, not chemistry.

A shortlist holds must-haves (met or not) and wants (weighted 1–5), candidates scored
against them, and notes of the conversations with each; `show` ranks them, and `choose`
starts a mentorship with one (services/shortlists.py). REF is a shortlist's id prefix or the
start of its title; `show` takes none when there is one shortlist (or one not decided yet).
Criteria and candidates are named by their number in `show`, or their name.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any

import click

from journal.cli import output
from journal.cli.app import cli, confirm, journal_of
from journal.cli.editor import edit_text, read_stdin, stdin_is_terminal
from journal.domain.errors import BadValue, JournalError
from journal.domain.text import plural

if TYPE_CHECKING:  # every command imports this module: the domain is loaded by the commands that use it
    from journal.domain.practice import Candidate, Criterion, Ranked, Shortlist

FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                      help="Output format (json is stable, see the README).")


@cli.group()
def shortlist():
    """Choose a mentor by criteria: new, list, show, criterion, candidate, score, note, choose."""


# ----------------------------------------------------------------- helpers
def width(text: str) -> int:
    """Terminal cells `text` takes (wide East Asian characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def pad(text: str, cells: int) -> str:
    return text + " " * max(0, cells - width(text))


def cell(candidate: Candidate, c: Criterion) -> tuple[str, str | None]:
    """A score as shown, with its colour (the words carry it without colour)."""
    value = candidate.scores.get(c.id)
    if c.must:
        if value is None:
            return "? —", "yellow"
        return ("✓ yes", "green") if value else ("✗ no", "red")
    return ("–", None) if value is None else (str(value), None)


def score_json(candidate: Candidate, c: Criterion) -> bool | int | None:
    value = candidate.scores.get(c.id)
    if value is None:
        return None
    return bool(value) if c.must else value


def number_of(items: list[Any], item: Any) -> int:
    return next(i for i, other in enumerate(items, 1) if other.id == item.id)


def shortlist_json(sl: Shortlist, ranking: list[Ranked]) -> dict[str, Any]:
    chosen = sl.chosen_candidate
    return {
        "id": sl.id, "short_id": sl.short_id, "title": sl.title,
        "created_at": output.iso(sl.created_at),
        "updated_at": output.iso(sl.updated_at),
        "chosen": {"candidate_id": chosen.id, "name": chosen.name, "mentorship_id": sl.mentorship_id}
        if chosen else None,
        "criteria": [{"number": i, "id": c.id, "name": c.name, "must": c.must, "weight": None if c.must else c.weight}
                     for i, c in enumerate(sl.criteria, 1)],
        "ranking": [{
            # an unrated candidate has no place, as `show` says "—" (S566)
            "place": r.place if r.rated else None, "tied": r.tied and r.rated,
            "number": number_of(sl.candidates, r.candidate),
            "id": r.candidate.id, "name": r.candidate.name, "score": r.score if r.has_score else None,
            "points": r.points, "best": r.best, "qualifies": r.qualifies,
            "unmet": [c.name for c in r.unmet], "unscored": [c.name for c in r.unscored],
            "scores": [{"criterion": c.id, "name": c.name, "value": score_json(r.candidate, c)} for c in sl.criteria],
            "conversations": [{"day": n.day.isoformat(), "text": n.text} for n in r.candidate.conversations],
        } for r in ranking],
    }


def list_json(sl: Shortlist) -> dict[str, Any]:
    from journal.domain.practice import leaders

    chosen = sl.chosen_candidate
    best = [c.name for c in leaders(sl)] if not sl.decided else []
    return {"id": sl.id, "short_id": sl.short_id, "title": sl.title, "decided": sl.decided,
            "chosen": chosen.name if chosen else None, "mentorship_id": sl.mentorship_id,
            "candidates": len(sl.candidates), "criteria": len(sl.criteria),
            "leading": best[0] if best else None, "leaders": best}


def matrix_lines(sl: Shortlist, ranking: list[Ranked]) -> list[str]:
    """The ranking as a table: place, number, name, one column per criterion, score, standing."""
    header = ["place", "no.", "candidate"] + [f"{i} {'must' if c.must else '×' + str(c.weight)}"
                                              for i, c in enumerate(sl.criteria, 1)] + ["score", ""]
    rows: list[list[tuple[str, str | None]]] = []
    for r in ranking:
        standing = output.safe(("chosen · " if r.candidate.id == sl.chosen else "") + r.standing)  # names criteria
        rows.append([(r.place_words, None), (str(number_of(sl.candidates, r.candidate)), "yellow"),
                     (output.safe(r.candidate.name), None)]
                    + [cell(r.candidate, c) for c in sl.criteria]
                    + [(r.score_words, None),
                       (standing, "red" if r.unmet else "yellow" if r.pending else "green")])
    widths = [max([width(header[i])] + [width(row[i][0]) for row in rows]) for i in range(len(header))]
    widths[-1] = 0  # the last column is not padded: no trailing blanks
    lines = ["  " + "  ".join(click.style(pad(h, w), bold=True) for h, w in zip(header[:-1], widths, strict=False))]
    for row in rows:
        lines.append("  " + "  ".join(click.style(pad(text, w), fg=colour) if colour else pad(text, w)
                                      for (text, colour), w in zip(row, widths, strict=True)))
    return lines


def show_text(sl: Shortlist, ranking: list[Ranked], mentorship_short: str | None) -> str:
    chosen = sl.chosen_candidate
    state = (f"decided: {output.safe(chosen.name) if chosen else 'a mentor'} chosen"
             + (f", mentorship {mentorship_short}" if mentorship_short else "")) if sl.decided else "open"
    lines = [click.style(output.safe(sl.title), bold=True) + f"  ({sl.short_id}, {state}; "
             f"{plural(len(sl.candidates), 'candidate')}, {plural(len(sl.criteria), 'criterion', 'criteria')})"]
    lines.append("Criteria:")
    if not sl.criteria:
        lines.append(f"  none yet: `journal shortlist criterion add {sl.short_id} NAME [--must | --weight 1-5]`")
    for i, c in enumerate(sl.criteria, 1):
        lines.append(f"  {i:>2}  {pad(c.kind, 10)}  {output.safe(c.name)}")
    lines.append("Ranking (must-haves met first, then the weighted wants):")
    if not sl.candidates:
        lines.append(f"  no candidates yet: `journal shortlist candidate add {sl.short_id} NAME`")
    else:
        lines += matrix_lines(sl, ranking)
        lines.append(click.style("  ✓ yes / ✗ no: a must-have met or not · ? — / –: not scored yet · "
                                 "score: the wants, weighted, as a share of the best possible", dim=True))
    noted = [c for c in sl.candidates if c.conversations]
    if noted:
        lines.append("Conversations:")
        for person in noted:
            lines.append(f"  {output.safe(person.name)}")
            for n in person.conversations:
                text = output.body(n.text).replace("\n", "\n" + " " * 16)
                lines.append(f"    {n.day.isoformat()}  {text}")
    return "\n".join(lines)


# ----------------------------------------------------------------- the shortlist
@shortlist.command("new")
@click.argument("title")
@click.pass_context
def shortlist_new(ctx, title):
    """Start a shortlist called TITLE: what the mentor is for ("Leadership mentor")."""
    sl = journal_of(ctx).shortlists.new(title)
    output.say(f"Started the shortlist '{output.safe(sl.title)}' ({sl.short_id}). Next: "
               f"`journal shortlist criterion add {sl.short_id} NAME --must` (or --weight 1-5), "
               f"then `journal shortlist candidate add {sl.short_id} NAME`.")


@shortlist.command("list")
@FORMAT
@click.pass_context
def shortlist_list(ctx, fmt):
    """List shortlists, newest first."""
    found = journal_of(ctx).shortlists.list()
    if fmt == "json":
        output.dump_json([list_json(sl) for sl in found])
        return
    if not found:
        output.say("No shortlists yet. Start one with `journal shortlist new \"Leadership mentor\"`.")
        return
    from journal.domain.practice import leading_words

    for sl in found:
        chosen = sl.chosen_candidate
        if sl.decided:
            state = f"chosen: {output.safe(chosen.name) if chosen else '—'}"
        else:
            best = leading_words(sl)
            state = (f"leading: {output.safe(best)}" if best else "nobody meets every must-have yet"
                     ) if sl.candidates else ""
        click.echo("  ".join(filter(None, [
            click.style(sl.short_id, fg="yellow"), f"{'decided' if sl.decided else 'open':<7}", output.safe(sl.title),
            f"{plural(len(sl.candidates), 'candidate')}, {plural(len(sl.criteria), 'criterion', 'criteria')}",
            state,
        ])))


@shortlist.command("show")
@click.argument("ref", metavar="[REF]", required=False)
@FORMAT
@click.pass_context
def shortlist_show(ctx, ref, fmt):
    """The matrix: candidates ranked, criteria as columns, must-haves met or not, notes.

    Without REF: the only shortlist (or the only one not decided yet)."""
    from journal.domain.practice import rank

    journal = journal_of(ctx)
    sl = journal.shortlists.get(ref)
    ranking = rank(sl)
    if fmt == "json":
        output.dump_json(shortlist_json(sl, ranking))
        return
    short = None
    if sl.mentorship_id:
        try:
            short = journal.mentorships.get(sl.mentorship_id).short_id
        except JournalError:  # the mentorship is gone: the shortlist still shows
            short = None
    click.echo(show_text(sl, ranking, short))


@shortlist.command("rename")
@click.argument("ref", metavar="REF")
@click.argument("title")
@click.pass_context
def shortlist_rename(ctx, ref, title):
    """Give shortlist REF a new TITLE."""
    sl = journal_of(ctx).shortlists.rename(ref, title)
    output.say(f"Renamed the shortlist to '{output.safe(sl.title)}' ({sl.short_id}).")


@shortlist.command("delete")
@click.argument("ref", metavar="REF")
@click.option("--anyway", is_flag=True, help="Delete it even though a mentor was chosen from it.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def shortlist_delete(ctx, ref, anyway, yes):
    """Delete shortlist REF with its candidates, scores and notes, for good."""
    journal = journal_of(ctx)
    sl = journal.shortlists.get(ref)
    journal.shortlists.check_deletable(sl, chosen_too=anyway)  # before the question, never after its "y" (S567)
    if not yes and not confirm(
            f"Delete the shortlist '{output.safe(sl.title)}' with {plural(len(sl.candidates), 'candidate')} "
            "and their notes for good?"):
        output.say("Nothing deleted.")
        return
    gone = journal.shortlists.delete(sl.id, chosen_too=anyway)
    output.say(f"Deleted the shortlist '{output.safe(gone.title)}'.")


# ----------------------------------------------------------------- criteria
@shortlist.group("criterion")
def criterion():
    """What a mentor must have (--must) or should have (--weight 1-5): add, edit, remove."""


@criterion.command("add")
@click.argument("ref", metavar="REF")
@click.argument("name")
@click.option("--must", is_flag=True, help="A must-have: met or not (yes/no).")
@click.option("--weight", type=int, metavar="N",
              help="A want's priority, 1 (nice to have) to 5 (very important); default 3.")
@click.pass_context
def criterion_add(ctx, ref, name, must, weight):
    """Add criterion NAME to shortlist REF: a want (default) or a must-have."""
    if must and weight is not None:
        raise click.UsageError("Give --must or --weight, not both: a must-have has no weight.")
    c = journal_of(ctx).shortlists.add_criterion(ref, name, must=must, weight=weight)
    output.say(f"Added the {c.kind} '{output.safe(c.name)}'.")


@criterion.command("edit")
@click.argument("ref", metavar="REF")
@click.argument("crit", metavar="CRITERION")
@click.option("--name", metavar="NAME", help="Its new name.")
@click.option("--must/--want", "must", default=None, help="Make it a must-have, or a want (its scores are cleared).")
@click.option("--weight", type=int, metavar="N", help="A want's priority, 1 to 5.")
@click.pass_context
def criterion_edit(ctx, ref, crit, name, must, weight):
    """Rename CRITERION, make it a must-have or a want, or change its weight."""
    if name is None and must is None and weight is None:
        raise click.UsageError("Give what to change: --name, --must/--want or --weight.")
    change = journal_of(ctx).shortlists.edit_criterion(ref, crit, name=name, must=must, weight=weight)
    output.say(change.said(f"'{output.safe(change.criterion.name)}'"))


@criterion.command("remove")
@click.argument("ref", metavar="REF")
@click.argument("crit", metavar="CRITERION")
@click.pass_context
def criterion_remove(ctx, ref, crit):
    """Remove CRITERION and every score against it."""
    c = journal_of(ctx).shortlists.remove_criterion(ref, crit)
    output.say(f"Removed the {c.kind} '{output.safe(c.name)}'.")


# ----------------------------------------------------------------- candidates
@shortlist.group("candidate")
def candidate():
    """Possible mentors: add, rename, remove."""


@candidate.command("add")
@click.argument("ref", metavar="REF")
@click.argument("name")
@click.pass_context
def candidate_add(ctx, ref, name):
    """Add candidate NAME to shortlist REF."""
    c = journal_of(ctx).shortlists.add_candidate(ref, name)
    output.say(f"Added the candidate {output.safe(c.name)}. Score them with "
               "`journal shortlist score REF NAME CRITERION VALUE`.")


@candidate.command("rename")
@click.argument("ref", metavar="REF")
@click.argument("cand", metavar="CANDIDATE")
@click.argument("name")
@click.pass_context
def candidate_rename(ctx, ref, cand, name):
    """Give CANDIDATE the name NAME (their scores and notes stay)."""
    c, before = journal_of(ctx).shortlists.rename_candidate(ref, cand, name)
    if c.name == before:
        output.say(f"The candidate is called {output.safe(c.name)} already: nothing changed.")
    else:
        output.say(f"Renamed the candidate {output.safe(before)} to {output.safe(c.name)}.")


@candidate.command("remove")
@click.argument("ref", metavar="REF")
@click.argument("cand", metavar="CANDIDATE")
@click.pass_context
def candidate_remove(ctx, ref, cand):
    """Remove CANDIDATE with their scores and notes."""
    c = journal_of(ctx).shortlists.remove_candidate(ref, cand)
    output.say(f"Removed the candidate {output.safe(c.name)}.")


# ----------------------------------------------------------------- scores, notes, choosing
def score_pair(text: str) -> tuple[str, str]:
    name, sep, value = text.rpartition("=")
    if not sep or not name.strip():
        raise BadValue(f"Give a score as CRITERION=VALUE (e.g. --score 2=yes, --score Nearby=4), not "
                       f"'{text[:40]}'.")
    return name, value


@shortlist.command("score")
@click.argument("ref", metavar="REF")
@click.argument("cand", metavar="CANDIDATE")
@click.argument("crit", metavar="[CRITERION", required=False)
@click.argument("value", metavar="VALUE]", required=False)
@click.option("--score", "more", multiple=True, metavar="CRITERION=VALUE", help="One more score (repeat).")
@click.pass_context
def shortlist_score(ctx, ref, cand, crit, value, more):
    """Score CANDIDATE: a want 0-5, a must-have yes or no; '-' takes a score back.

    Several at once: --score CRITERION=VALUE, repeated (all are kept, or none)."""
    if crit is not None and value is None:
        raise click.UsageError("Give the CRITERION and its VALUE (0-5, or yes/no for a must-have).")
    pairs = ([(crit, value)] if crit is not None else []) + [score_pair(item) for item in more]
    found, kept = journal_of(ctx).shortlists.score_many(ref, cand, pairs)

    def said(c: Criterion, v: int | None) -> str:
        if v is None:
            return f"{output.safe(c.name)} not scored"
        return f"{output.safe(c.name)} {('yes' if v else 'no') if c.must else v}"

    output.say(f"Scored {output.safe(found.name)}: {'; '.join(said(c, v) for c, v in kept)}.")


@shortlist.command("note")
@click.argument("ref", metavar="REF")
@click.argument("cand", metavar="CANDIDATE")
@click.argument("text", nargs=-1)
@click.option("--on", metavar="WHEN", help="The day of the conversation (default: today).")
@click.pass_context
def shortlist_note(ctx, ref, cand, text, on):
    """Notes of a conversation with CANDIDATE: TEXT, else piped stdin, else $VISUAL/$EDITOR."""
    journal = journal_of(ctx)
    sl = journal.shortlists.get(ref)
    found = sl.candidate(cand)  # a wrong name is said before any text is read or typed
    if on:
        journal.day(on)
    journal.check_writable("your notes were not saved (they are still in your shell history)." if text else
                           "nothing was read from stdin or saved." if not stdin_is_terminal() else
                           "nothing was saved and no editor was opened.")
    if text:
        conversation = journal.shortlists.note(sl.id, found.id, " ".join(text), on)
    elif not stdin_is_terminal():
        conversation = journal.shortlists.note(sl.id, found.id, read_stdin(), on)
    else:
        with edit_text(journal.scratch_folder(), "") as session:
            if session.text is None:
                output.say("No notes written; nothing saved.")
                return
            conversation = journal.shortlists.note(sl.id, found.id, session.text, on)
            session.saved()
    output.say(f"Noted the conversation with {output.safe(found.name)} on {output.day_label(conversation.day)}.")
    output.date_notes(journal, on)


@shortlist.command("choose")
@click.argument("ref", metavar="REF")
@click.argument("cand", metavar="CANDIDATE")
@click.option("--focus", default="", help="What the mentorship is about (default: the shortlist's title).")
@click.option("--since", metavar="WHEN", help="When it started (default: today).")
@click.option("--check-in-every", type=int, metavar="DAYS", help="Check in every DAYS days (1 to 3650).")
@click.option("--anyway", is_flag=True, help="Choose a candidate who misses a must-have (or is not scored on one).")
@click.pass_context
def shortlist_choose(ctx, ref, cand, focus, since, check_in_every, anyway):
    """Choose CANDIDATE: a mentorship with them starts; the shortlist is kept with it."""
    journal = journal_of(ctx)
    m = journal.shortlists.choose(ref, cand, focus=focus, since=since, check_in_every=check_in_every, force=anyway)
    chosen = next((h.new for h in m.history if h.kind == "chosen"), "")
    output.say(f"Started a mentorship with {output.safe(m.mentor)} ({m.short_id}): {output.safe(chosen)}. "
               f"`journal mentorship show {m.short_id}` shows it.")
    output.date_notes(journal, since)
