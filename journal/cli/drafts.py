"""`journal drafts`: the unsaved texts the terminal UI checkpointed, listed, shown, saved or discarded.

A draft another running window still has open is listed as such and left alone: saving
or discarding it here would pull the text from under that window.
"""

from __future__ import annotations

import click

from journal.cli import output
from journal.cli.app import cli, journal_of
from journal.domain.model import Draft, Kind
from journal.domain.text import summary
from journal.services import OPEN_ELSEWHERE, Journal


def _words(text: str) -> int:
    return len(text.split())


def _stamp(journal: Journal, draft: Draft) -> str:
    if draft.updated_at is None:
        return "-"
    return draft.updated_at.astimezone(journal.clock.tzinfo).strftime("%Y-%m-%d %H:%M")


def _held(journal: Journal, draft: Draft) -> bool:
    """Another process that is still running has this draft open (it checkpoints into it)."""
    return journal.drafts.held_elsewhere(draft)


def _line(journal: Journal, draft: Draft) -> str:
    """`3  2026-11-23 09:30  ◆ insight    edits 1a2b3c4d  120 words  First line…`"""
    parts = [
        click.style(f"{draft.id:>3}", fg="yellow"),
        _stamp(journal, draft),
        output.lens_label(draft.lens),
        f"edits {draft.entry_id[:8]}" if draft.entry_id else "closure       " if draft.kind == Kind.CLOSURE
        else "new entry     ",  # a closure answer kept: its conversation takes it up (S178)
        f"{_words(draft.body):>5} words",
        output.safe(summary(draft.title, draft.body, 50)) or "(empty)",
    ]
    if _held(journal, draft):
        parts.append(click.style(f"({OPEN_ELSEWHERE})", fg="red"))
    return "  ".join(parts)


@cli.group(invoke_without_command=True)
@click.pass_context
def drafts(ctx):
    """Unsaved texts kept by the terminal UI: list them (no sub-command), show, save or discard one.

    The UI checkpoints what you type about a second after you stop, on quit, on a closed
    terminal and on a crash, and offers the newest draft when it starts again. Drafts you
    put off with "Later" stay here until you save or discard them.
    """
    if ctx.invoked_subcommand is not None:
        return
    journal = journal_of(ctx)
    found = journal.drafts.list()
    if not found:
        output.say("No drafts.")
        return
    for draft in found:
        click.echo(_line(journal, draft))


@drafts.command("show")
@click.argument("draft_id", metavar="ID", type=int)
@click.pass_context
def show_draft(ctx, draft_id):
    """Print one draft in full.

    Control characters in the text are neutralised for the terminal, as in `journal show`.
    """
    journal = journal_of(ctx)
    draft = journal.drafts.find(draft_id)
    rows = [("Draft", str(draft.id)), ("Saved", _stamp(journal, draft)),
            ("Lens", output.lens_label(draft.lens, width=0))]
    if draft.entry_id:
        rows.append(("Edits", draft.entry_id))
    if draft.title:
        rows.append(("Title", output.safe(draft.title)))
    if draft.tags:
        rows.append(("Tags", " ".join(f"#{output.safe(t)}" for t in draft.tags)))
    if draft.when:
        rows.append(("When", output.safe(draft.when)))
    flags = [word for word, on in (("starred", draft.starred), ("private", draft.private)) if on]
    if flags:
        rows.append(("Marked", ", ".join(flags)))
    changes = journal.drafts.differences(draft)
    if changes is not None:  # what `drafts save` would change on the entry (S475)
        rows.append(("Differs", f"{', '.join(changes)} (from the entry now)" if changes
                     else "nothing: the entry says all this already"))
    if _held(journal, draft):
        rows.append(("Status", f"{OPEN_ELSEWHERE} (process {draft.pid})"))
    head = "\n".join(click.style(f"{k + ':':<9}", bold=True) + f" {v}" for k, v in rows)
    click.echo(f"{head}\n\n{output.body(draft.body)}")


@drafts.command("save")
@click.argument("draft_id", metavar="ID", type=int)
@click.option("--as-new", is_flag=True,
              help="Make a new entry even if the draft edits one (e.g. that entry was deleted for good).")
@click.pass_context
def save_draft(ctx, draft_id, as_new):
    """Save a draft as an entry, or apply it to the entry it edits.

    The entry is written and the draft deleted in one transaction: either both happen or neither.
    If the entry changed since the draft began, nothing is overwritten and you are told; running
    the same command again then applies the draft over that newer version.
    """
    journal = journal_of(ctx)
    changes = None if as_new else journal.drafts.differences(journal.drafts.find(draft_id))
    entry, applied = journal.drafts.save_as_entry(draft_id, as_new=as_new)
    verb = "Applied" if applied else "Saved"
    changed = f"; it changed: {', '.join(changes)}" if applied and changes else ""  # what it overwrote (S475)
    output.say(f"{verb} draft {draft_id} as entry {entry.short_id} "
               f"({output.day_label(entry.day)}, {entry.lens.value}){changed}.")


@drafts.command("discard")
@click.argument("draft_id", metavar="ID", type=int)
@click.pass_context
def discard_draft(ctx, draft_id):
    """Delete a draft for good (an entry it edits stays as it is)."""
    journal = journal_of(ctx)
    draft = journal.drafts.find(draft_id)
    journal.drafts.ensure_free(draft, "discard")
    journal.drafts.discard(draft_id)  # the number `find` just found
    output.say(f"Discarded draft {draft.id}.")
