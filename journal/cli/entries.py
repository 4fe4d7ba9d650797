"""Entry commands: add, list, show, edit, delete, restore, trash, purge, search."""

from __future__ import annotations

from pathlib import Path

import click

from journal.cli import complete, editor, everyday, output
from journal.cli.app import cli, confirm, journal_of, state_of
from journal.cli.editor import edit_text
from journal.cli.everyday import feedback_given, follow_up_date, print_entries, say_saved
from journal.domain.errors import BadValue, EditConflict
from journal.domain.entry_fields import entry_version
from journal.domain.model import Entry, Kind
from journal.domain.entry_details import area_key, parse_ratings
from journal.domain.text import plural
from journal.services import EntryChanges
from journal.services.entries import revisit_dropped

FORMATS = click.Choice(["text", "json", "markdown"])


def details_options(func):
    """The check-in ratings and feedback fields `add` and `edit` share."""
    for option in reversed([
        click.option("--rate", "ratings", multiple=True, metavar="AREA=N",
                     help="Check-in: rate a focus area 1 (off track) to 5 (going well); areas: goals, relationship, "
                          "process, time (repeatable; implies --kind check-in on add)."),
        click.option("--from", "giver", metavar="NAME", help="Feedback: from whom."),
        click.option("--asked", metavar="TEXT", help="Feedback: what I asked."),
        click.option("--follow-up", "follow_up", metavar="TEXT",
                     help="Feedback: what I will try (with --follow-up-on it becomes due like a revisit)."),
        click.option("--follow-up-on", "follow_up_on", metavar="WHEN",
                     help="Feedback with a follow-up: the day to have tried it by, today or later ('in 2 weeks')."),
    ]):
        func = option(func)
    return func


def filter_options(func):
    """The filters `list` and `search` share."""
    for option in reversed([
        click.option("-n", "limit", type=click.IntRange(min=1), help="Show at most N entries."),
        click.option("-l", "--lens", metavar="LENS", help="hindsight, insight or foresight (or a prefix: h, in, f)."),
        click.option("-g", "--goal", "goals", multiple=True, metavar="GOAL", shell_complete=complete.goals,
                     help="Only entries linked to GOAL (repeatable)."),
        click.option("-t", "--tag", "tags", multiple=True, metavar="TAG", shell_complete=complete.tags,
                     help="Only entries with TAG (repeatable)."),
        click.option("--from", "date_from", metavar="WHEN",
                     help="From this day on (2026-01-01, 'last monday'; a period from its first day: 'last month')."),
        click.option("--to", "date_to", metavar="WHEN", help="Up to and including this day (a period: its last day)."),
        click.option("--on", metavar="WHEN", help="Only this day, or a whole period ('june 2013', 2025, 'last week')."),
        click.option("--starred", is_flag=True, help="Only starred entries."),
        click.option("--on-this-day", is_flag=True,
                     help="Entries from this day of the month in earlier months and years."),
        click.option("--kind", metavar="KIND", help="note, meeting, check-in, feedback, closure, preparing, "
                     "goal-audit or passing-on."),
        click.option("--mentorship", metavar="M", shell_complete=complete.mentorships,
                     help="Only entries of this mentorship."),
        click.option("--format", "fmt", type=FORMATS, default="text", show_default=True,
                     help="Output format (json is stable, see the README)."),
    ]):
        func = option(func)
    return func


@cli.command()
@click.argument("text", nargs=-1)
@click.option("-l", "--lens", help="hindsight, insight or foresight (prefixes work). Default: insight for a "
              "check-in, feedback or closure, else hindsight.")
@click.option("-g", "--goal", "goals", multiple=True, metavar="GOAL", shell_complete=complete.goals,
              help="Link to a goal, by name or id prefix (repeatable).")
@click.option("-t", "--tag", "tags", multiple=True, metavar="TAG", shell_complete=complete.tags,
              help="Add a tag (repeatable; commas separate). #tags and @tags typed in the text are tags too.")
@click.option("-d", "--date", "when", metavar="WHEN",
              help="Day (and time) the entry is about: 2026-03-10, yesterday, 'last friday 9:30', 25.12.2025 7pm.")
@click.option("--title", help="A title (default: the first line shows as the title).")
@click.option("--star", is_flag=True, help="Star the entry (a turning point).")
@click.option("--private", is_flag=True, help="Never exported unless asked.")
@click.option("--kind", help="note (the default), meeting, check-in, feedback, closure, preparing, goal-audit or "
                             "passing-on.")
@click.option("--mentorship", metavar="M", shell_complete=complete.mentorships,
              help="The mentorship it belongs to (default: the goal's).")
@click.option("--revisit", metavar="WHEN", help="Foresight only: when to look back at it ('in 3 months').")
@click.option("--answers", metavar="ENTRY", shell_complete=complete.entries,
              help="Hindsight only: the foresight entry (or feedback follow-up) this answers (its goals and "
                   "mentorship too, unless -g or --mentorship is given).")
@click.option("--prompt", "prompt_id", metavar="ID",
              help="Write to a prompt (ids from `journal prompt`): it becomes the title and sets the lens "
                   "(and the kind, as its set's template does).")
@click.option("--template", "template_set", metavar="SET",
              help="Write from a prompt set (`journal prompt --all` lists them): $EDITOR opens with its questions "
                   "as headings; the set's title, and its kind and lens where obvious, unless given.")
@details_options
@click.pass_context
def add(ctx, text, lens, goals, tags, when, title, star, private, kind, mentorship, revisit, answers, prompt_id,
        template_set, ratings, giver, asked, follow_up, follow_up_on):
    """Write an entry: TEXT from the arguments, else piped stdin, else $VISUAL/$EDITOR.

    A check-in rates its focus areas (--rate goals=4 --rate relationship=3 …); a feedback entry
    says from whom (--from), what was asked (--asked) and what I will try (--follow-up), which
    `journal due` lists from its day (--follow-up-on) until a hindsight entry answers it."""
    everyday.add(state_of(ctx), text, lens, goals, tags, when, title, star, private, kind, mentorship, revisit,
                 answers, prompt_id, template_set, ratings, giver, asked, follow_up, follow_up_on)


@cli.command("list")
@filter_options
@click.pass_context
def list_(ctx, limit, fmt, **kw):
    """List entries, newest first."""
    everyday.list_entries(state_of(ctx), limit, fmt, **kw)

@cli.command()
@click.argument("query", nargs=-1, required=True)
@filter_options
@click.option("--newest", is_flag=True, help="Newest first instead of best match first.")
@click.pass_context
def search(ctx, query, limit, fmt, newest, **kw):
    """Find entries by their words (title, text, tags, feedback), best match first.

    \b
    Every word must be there, and forgives how it was typed:
      nerv            words it starts (nervous), other forms (talking: talked, talks),
                      from 3 letters inside words too (erv: nervous)
      '"talked to"'   these words in this order
      walk OR run     either side of OR (OR binds loosest)
      NOT rain, -rain leave out entries with that word (quote the query, or put -- first)
      🎉 €            emoji and symbols as typed
    Words held by more than 2,000 entries: the 2,000 written last are ranked, older ones follow.
    """
    everyday.search(state_of(ctx), query, limit, fmt, newest, **kw)


@cli.command()
@click.argument("entry_id", metavar="ID", shell_complete=complete.entries)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True,
              help="Output format (json is stable, see the README).")
@click.pass_context
def show(ctx, entry_id, fmt):
    """Show one entry in full."""
    everyday.show(state_of(ctx), entry_id, fmt)

@cli.command()
@click.argument("entry_id", metavar="ID", shell_complete=complete.entries)
@click.option("-l", "--lens", help="Change the lens.")
@click.option("-g", "--goal", "goals", multiple=True, metavar="GOAL", shell_complete=complete.goals,
              help="Replace the goal links (repeatable).")
@click.option("--no-goals", is_flag=True, help="Remove every goal link.")
@click.option("-t", "--tag", "tags", multiple=True, metavar="TAG", shell_complete=complete.tags,
              help="Replace the tags (repeatable).")
@click.option("--no-tags", is_flag=True, help="Remove every tag (but a #tag typed in the text).")
@click.option("-d", "--date", "when", metavar="WHEN", help="Move the entry to another day (and time).")
@click.option("--title", help="Change the title ('' removes it).")
@click.option("--star/--unstar", default=None, help="Star or unstar.")
@click.option("--private/--public", default=None, help="Mark private or not.")
@click.option("--kind", help="Change the kind.")
@click.option("--mentorship", metavar="M", shell_complete=complete.mentorships,
              help="Move to a mentorship ('' removes it).")
@click.option("--revisit", metavar="WHEN", help="Set the revisit date ('' removes it).")
@click.option("--text", "body", help="Replace the text (without options, $EDITOR opens).")
@details_options
@click.pass_context
def edit(ctx, entry_id, lens, goals, no_goals, tags, no_tags, when, title, star, private, kind,
         mentorship, revisit, body, ratings, giver, asked, follow_up, follow_up_on):
    """Change an entry: with options, those fields; with none, its text in $EDITOR (or the
    text piped in, which replaces it).

    --rate changes one area's rating and keeps the others (AREA= with no number removes it);
    --from, --asked and --follow-up change that field ('' removes it). Changing the kind drops
    the ratings or feedback fields the new kind does not keep (and says so)."""
    journal = journal_of(ctx)
    entry = journal.entries.get(entry_id)
    if (goals and no_goals) or (tags and no_tags):
        raise BadValue("Give either new values or --no-goals/--no-tags, not both.")
    changes = EntryChanges(
        body=body, lens=lens, title=title, when=when, starred=star, private=private, kind=kind,
        mentorship=mentorship, revisit=follow_up_date(kind or entry.kind, follow_up_on, revisit),
        details=_changed_details(entry, kind, ratings, feedback_given(giver, asked, follow_up)),
        goals=[] if no_goals else (list(goals) if goals else None),
        tags=[] if no_tags else (list(tags) if tags else None),
    )
    if changes == EntryChanges() and not editor.stdin_is_terminal():
        # no terminal for an editor: piped text is the new text, as `add` takes it (S210)
        journal.check_writable("nothing was read from stdin or changed.")
        changes.body = editor.read_piped("the entry is unchanged", "give it with --text")
    if changes == EntryChanges():
        # The editor may stay open for minutes: save only if nobody changed the entry in the
        # meantime (else it is kept as a draft: EditConflict, exit 1). Option edits need no
        # such check: they apply to the entry as it is when they are written.
        changes.expected_version = entry_version(entry)
        journal.check_writable("nothing was changed and no editor was opened.")
        with edit_text(journal.scratch_folder(), entry.body, entry=entry.short_id) as session:
            if session.text is None:
                output.say(f"An empty text is not saved: entry {entry.short_id} is unchanged (`journal delete "
                           f"{entry.short_id}` moves it to the trash)." if session.emptied else "No changes.")
                return
            changes.body = session.text
            try:
                updated, changed = journal.entries.edit(entry.id, changes)
            except EditConflict:
                session.saved()  # the text is committed, as a draft
                raise
            session.saved()
    else:
        updated, changed = journal.entries.edit(entry.id, changes)
    if changed:
        say_saved(journal, updated, "Updated")
        if entry.time and not updated.time and when is not None:  # never dropped without a word (S504)
            output.say(f"It is an all-day entry now: the time {entry.time} went with the new day "
                       f"(`journal edit {updated.short_id} -d 'DAY {entry.time}'` gives it one).")
        if updated.deleted_at is not None:
            output.say(f"Entry {updated.short_id} is in the trash: "
                       f"`journal restore {updated.short_id}` brings it back.")
        output.date_notes(journal, when)
        output.date_notes(journal, changes.revisit, ahead=True)
        if dropped := revisit_dropped(entry.lens, entry.revisit_on, updated):
            output.say(dropped)
        if entry.details and not updated.details and changes.details is None:
            what = "ratings" if entry.kind == Kind.CHECK_IN else "feedback fields"
            output.say(f"Its {what} went with the old kind (a {updated.kind.words} entry does not keep them).")
    else:
        output.say("No changes.")


def _changed_details(entry: Entry, kind: str | None, ratings: tuple[str, ...],
                     feedback: dict[str, str]) -> dict[str, object] | None:
    """The entry's details with the typed ratings and feedback fields applied (None: none typed).
    Under a new kind they start empty: the old kind's details do not carry over."""
    if not ratings and not feedback:
        return None
    same_kind = kind is None or Kind.parse(kind) == entry.kind
    details: dict[str, object] = dict(entry.details) if same_kind else {}
    areas = [area_key(item.partition("=")[0]) for item in ratings if "=" in item]
    if twice := next((area for area in areas if areas.count(area) > 1), None):
        raise BadValue(f"'{twice}' is rated twice: give each area once (--rate {twice}=N, or {twice}= to remove it).")
    for item in ratings:
        name, sep, value = item.partition("=")
        if sep and not value.strip():  # AREA= removes that area's rating
            details.pop(area_key(name), None)
        else:
            details.update(parse_ratings([item]))
    details.update(feedback)
    return {key: value for key, value in details.items() if value != ""}


@cli.command()
@click.argument("entry_id", metavar="ID", shell_complete=complete.entries)
@click.pass_context
def delete(ctx, entry_id):
    """Move an entry to the trash (`journal restore ID` brings it back)."""
    entries = journal_of(ctx).entries
    if (found := entries.get(entry_id)).deleted_at is not None:  # it said "Moved" again (S213)
        output.say(f"{found.short_id} is already in the trash: `journal restore {found.short_id}` brings it back.")
        return
    entry = entries.delete(entry_id)
    output.say(f"Moved {entry.short_id} to the trash. `journal restore {entry.short_id}` brings it back.")


@cli.command()
@click.argument("target", metavar="ID|FILE", shell_complete=complete.entries)
@click.option("--yes", "-y", is_flag=True, help="With a backup FILE: replace the journal without asking.")
@click.pass_context
def restore(ctx, target, yes):
    """Bring an entry back from the trash, or replace the journal with a backup FILE.

    TARGET is a backup file when it contains a "/", ends in ".db" or names a file there whose
    name is no entry id (e.g. `./old.db`, `journal.db.pre-restore-…`):
    the backup is verified first (integrity_check, a journal this version can read), the
    current journal is kept as .pre-restore-<stamp>, and restore refuses while another
    window has the journal open. Anything else is an entry id (at least its first 4
    characters, as `journal trash` shows them).
    """
    if "/" in target or target.endswith(".db") or _names_a_file(target):
        from journal.cli.upkeep import restore_from_backup

        restore_from_backup(ctx, Path(target), yes)
        return
    entries = journal_of(ctx).entries
    found = entries.get(target)
    if found.deleted_at is None:  # it said "Restored" of an entry never trashed (S182)
        output.say(f"{found.short_id} is not in the trash; nothing to restore (`journal trash` lists what is).")
        return
    entry = entries.restore(target)
    output.say(f"Restored {entry.short_id}.")


def _names_a_file(target: str) -> bool:
    """A file there whose name cannot be an entry id (`j.db.pre-restore-…`, `mine.sqlite`):
    restore's own kept copies were read as entry ids unless typed with a "/" (S396)."""
    return not set(target.lower()) <= set("0123456789abcdef-") and Path(target).is_file()


@cli.command()
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True,
              help="Output format (json is stable, see the README).")
@click.pass_context
def trash(ctx, fmt):
    """List the entries in the trash."""
    print_entries(journal_of(ctx).entries.trash(), fmt, "The trash is empty.")


@cli.command()
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def purge(ctx, yes):
    """Delete the entries in the trash for good."""
    journal = journal_of(ctx)
    waiting = len(journal.entries.trash())
    if not waiting:
        unfinished = journal.entries.finish_purges()  # an earlier purge that did not scrub every copy
        if not unfinished.removed:
            output.say("The trash is empty.")
            return
        output.say(f"Finished an earlier purge of {plural(unfinished.removed, 'entry', 'entries')}"
                   + (f": scrubbed {plural(unfinished.backups_scrubbed, 'backup')}." if unfinished.backups_scrubbed
                      else "."))
        purged = unfinished
    else:
        if not yes and not confirm(f"Delete {plural(waiting, 'entry', 'entries')} for good?"):
            output.say("Nothing deleted.")
            return
        purged = journal.entries.purge()
        output.say(f"Deleted {plural(purged.removed, 'entry', 'entries')} for good"
                   + (f", also from {plural(purged.backups_scrubbed, 'automatic backup')}." if purged.backups_scrubbed
                      else ".")
                   + " Copies made with `journal backup FILE` elsewhere still hold them.")
        if purged.drafts:  # unsaved text of an edit outlives the entry (K92): never "gone" unsaid (S341)
            numbers = " ".join(str(n) for n in purged.drafts)
            output.say(f"The unsaved text of an edit of {'it' if purged.removed == 1 else 'them'} is still kept as "
                       f"{plural(len(purged.drafts), 'draft')} ({numbers}): `journal drafts discard "
                       f"{purged.drafts[0]}` deletes one.")
    for path in purged.backups_failed:
        output.say(f"Could not scrub the backup {path}; delete it if it must not keep those entries.")
