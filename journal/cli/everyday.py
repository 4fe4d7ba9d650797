"""The everyday commands: add, list, search, show, due and sync, as functions of what was typed.

The click commands (entries.py, reflection.py) and the quick way in (quick.py, which runs them
without importing click at all) both call these, so both do and say exactly the same.
"""

from __future__ import annotations


from journal.cli import editor, output, terminal
from journal.cli.editor import edit_text, read_stdin
from journal.domain.entry_details import parse_ratings
from journal.domain.errors import BadValue, StorageError
from journal.domain.model import Entry, Kind, Lens
from journal.domain.text import plural
from journal.services import EntryInput, Journal


TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (docs/ARCHITECTURE.md, start-up)
if TYPE_CHECKING:
    from typing import Any
    from journal.cli.state import Context
    from journal.domain.reflection import Due


def feedback_given(giver: str | None, asked: str | None, follow_up: str | None) -> dict[str, str]:
    fields = {"from": giver, "asked": asked, "follow_up": follow_up}
    return {key: value for key, value in fields.items() if value is not None}


def follow_up_date(kind: str | Kind | None, follow_up_on: str | None, revisit: str | None) -> str | None:
    """`--follow-up-on` as the entry's revisit date, for a feedback entry only."""
    if follow_up_on is None:
        return revisit
    if revisit is not None:
        raise BadValue("Give --revisit (a foresight entry) or --follow-up-on (a feedback follow-up), not both.")
    if kind is None or Kind.parse(str(kind)) != Kind.FEEDBACK:
        raise BadValue("--follow-up-on is for feedback entries with a follow-up: add --kind feedback and "
                       "--follow-up TEXT (a foresight entry takes --revisit).")
    return follow_up_on


def _filter(journal, kw: dict):
    found = journal.entries.filter(
        lens=kw["lens"], goals=kw["goals"], tags=kw["tags"], date_from=kw["date_from"],
        date_to=kw["date_to"], on=kw["on"], starred=kw["starred"], kind=kw["kind"],
        mentorship=kw["mentorship"], on_this_day=kw["on_this_day"],
    )
    for typed in (kw["on"], kw["date_from"], kw["date_to"]):  # how a date that could surprise was read
        if typed and (note := journal.span(typed).note):
            output.say(note)
    return found


def print_entries(entries: list[Entry], fmt: str, empty: str) -> None:
    if fmt == "json":
        output.dump_json([output.entry_json(e) for e in entries])
    elif not entries:
        output.say(empty)
    elif fmt == "markdown":
        output.page("\n".join(output.entry_markdown(e) for e in entries))
    else:
        for entry in entries:
            terminal.echo(output.entry_line(entry))



def add(state: Context, text: tuple[str, ...], lens: str | None, goals: tuple[str, ...], tags: tuple[str, ...],
        when: str | None, title: str | None, star: bool, private: bool, kind: str | None, mentorship: str | None,
        revisit: str | None, answers: str | None, prompt_id: str | None, template_set: str | None,
        ratings: tuple[str, ...], giver: str | None, asked: str | None, follow_up: str | None,
        follow_up_on: str | None) -> None:
    journal = state.journal()
    template = ""
    if template_set is not None:
        if text or not editor.stdin_is_terminal():
            # stdin from /dev/null (a cron job, a CI run) is no piped text: say what it needs (S408)
            raise BadValue("--template opens $VISUAL/$EDITOR on the set's questions, on a terminal: run it there "
                           "with no TEXT and nothing piped or redirected into it (for text from elsewhere use "
                           "--kind and --lens instead).")
        template = journal.reflection.template(template_set)
        set_title, set_lens, set_kind = journal.reflection.template_fields(template_set)
        title = title or set_title
        lens = lens or (set_lens.value if set_lens else None)
        if kind is None and set_kind is not None:
            kind = set_kind.value
    prompt_kind = None
    if prompt_id:
        prompt = journal.reflection.library().get(prompt_id.strip())
        title = title or prompt.text
        lens = lens or (prompt.lens.value if prompt.lens else None)
        prompt_kind = journal.reflection.prompt_kind(prompt)
    rated = parse_ratings(ratings)
    # an empty field is no feedback (`--from ""` made a feedback entry of nothing: S365)
    feedback = {key: value for key, value in feedback_given(giver, asked, follow_up).items() if value.strip()}
    if kind is None:  # ratings make a check-in, feedback fields a feedback entry
        if rated and feedback:
            raise BadValue("--rate is for a check-in, --from/--asked/--follow-up for a feedback entry: "
                           "write them as two entries.")
        # else a prompt's set decides, as its template does (S347)
        kind = "check-in" if rated else "feedback" if feedback else prompt_kind.value if prompt_kind else "note"
    # a check-in, feedback or closure is written in insight, as the TUI writes it (S537)
    lens = lens or Kind.parse(kind).lens.value
    if answers and not goals and not mentorship:  # an answer is about what it answers, as the TUI's is (O114)
        answered = journal.entries.get(answers)
        goals, mentorship = tuple(g.id for g in answered.goals), journal.entries.filed_under(answered.mentorship)
    data = EntryInput(
        body="", lens=lens, title=title, tags=list(tags), goals=list(goals), when=when,
        starred=star, private=private, kind=kind, mentorship=mentorship,
        revisit=follow_up_date(kind, follow_up_on, revisit), answers=answers, details={**rated, **feedback},
    )
    write_with_text(journal, data, " ".join(text) if text else None, template, stdin_template=False)



def write_with_text(journal: Journal, data: EntryInput, text: str | None, template: str = "", *,
                    stdin_template: bool = True) -> None:
    """Write `data` with its text: `text` (the arguments), else piped stdin, else $VISUAL/$EDITOR on
    `template` (a prompt set's questions; those left unanswered are left out, and a template with
    nothing written under it is not saved). `stdin_template`: piped text is answers to the template."""
    # Validate everything but the text first, so nobody writes a page and then loses it to a typo.
    journal.entries.validate(data)
    # A read-only journal says so before any text is read or typed (catalogue K87).
    journal.check_writable("your text was not saved (it is still in your shell history)." if text else
                           "nothing was read from stdin or saved." if not editor.stdin_is_terminal() else
                           "nothing was saved and no editor was opened.")
    unanswered = 0
    if text:
        data.body = text
        entry = journal.entries.write(data)
    elif not editor.stdin_is_terminal():
        piped = read_stdin()
        if template and stdin_template:
            if journal.reflection.untouched(piped, template):
                output.say("No text written; nothing saved.")
                return
            piped, unanswered = journal.reflection.drop_unanswered(piped, template)
        data.body = piped
        entry = journal.entries.write(data)
    else:
        with edit_text(journal.scratch_folder(), template) as session:
            if session.text is None or (template and journal.reflection.untouched(session.text, template)):
                session.saved()  # nothing of the person's in the file: it can go
                output.say("No text written; nothing saved.")
                return
            # A question left unanswered is left out of the entry, and the person is told.
            data.body, unanswered = (journal.reflection.drop_unanswered(session.text, template) if template
                                     else (session.text, 0))
            entry = journal.entries.write(data)
            session.saved()
    say_saved(journal, entry)
    output.date_notes(journal, data.when)
    output.date_notes(journal, data.revisit, ahead=True)
    if unanswered:
        output.say(f"{plural(unanswered, 'unanswered question')} left out.")


def say_saved(journal: Journal, entry: Entry, verb: str = "Saved") -> None:
    details = [entry.lens.value]
    if entry.kind != Kind.NOTE:
        details.append(entry.kind.words)
    details += [f"goal: {output.safe(g.title)}" for g in entry.goals]
    if entry.lens == Lens.FORESIGHT and entry.revisit_on:  # the day a revisit was read as, echoed (S504)
        details.append(f"revisit {output.day_label(entry.revisit_on)}")
    mentorship = journal.mentorships.get(entry.mentorship) if entry.mentorship else None
    if mentorship is not None:  # which one it was filed under, as the goals are said (S482)
        details.append(f"with {output.safe(mentorship.mentor)}")
    when = output.day_label(entry.day) + (f" {entry.time}" if entry.time else "")
    output.say(f"{verb} {entry.short_id} to {when} ({', '.join(details)})")
    if mentorship is not None and mentorship.started_on and entry.day < mentorship.started_on:
        output.say(f"That day is before the mentorship with {output.safe(mentorship.mentor)} began "
                   f"({output.day_label(mentorship.started_on)}); `journal edit {entry.short_id} -d WHEN` moves it.")
    if entry.kind == Kind.FEEDBACK and entry.details.get("follow_up") and entry.revisit_on \
            and (verb == "Saved" or journal.entries.answered_by(entry.id) is None):  # answered: not due (S565)
        output.say(f"Follow-up due on {output.day_label(entry.revisit_on)}: `journal due` lists it from then "
                   f"until you answer it (journal add -l h --answers {entry.short_id}).")



def list_entries(state: Context, limit: int | None, fmt: str, **kw: Any) -> None:
    journal = state.journal()
    entries = journal.entries.list(_filter(journal, kw), limit=limit)
    print_entries(entries, fmt, "" if entries else _nothing_listed(journal, "No entries match these filters."))



def search(state: Context, query: tuple[str, ...], limit: int | None, fmt: str, newest: bool, **kw: Any) -> None:
    journal = state.journal()
    waiting = journal.entries.unindexed()
    if waiting and not journal.session.read_only:  # right after a large import, while its indexer works
        output.say(f"Indexing {waiting:,} imported entries for search first (a few seconds for 10,000)...")
    entries = journal.entries.search(" ".join(query), _filter(journal, kw), limit=limit, newest=newest)
    nothing = "" if entries else _nothing_listed(journal, "Nothing found. Try fewer or different words.")
    print_entries(entries, fmt, nothing)



def _nothing_listed(journal, found_nothing: str) -> str:
    """What an empty list or search says: `found_nothing`, unless the journal has no entries at all."""
    if journal.entries.count():
        return found_nothing
    trashed = len(journal.entries.trash())
    if trashed:
        return (f"No entries outside the trash: {plural(trashed, 'entry is', 'entries are')} there "
                "(`journal trash` lists them; `journal restore ID` brings one back).")
    return "The journal is empty. Write the first entry with `journal add \"What happened today\"`."



def show(state: Context, entry_id: str, fmt: str) -> None:
    journal = state.journal()
    entry = journal.entries.get(entry_id)
    if fmt == "json":
        output.dump_json(output.entry_json(entry))
    elif fmt == "markdown":
        output.page(output.entry_markdown(entry))
    else:
        mentor = journal.mentorships.mentors().get(entry.mentorship) if entry.mentorship else None
        terminal.echo(output.entry_text(entry, mentor))



PER_KIND = 10
"""`journal due` shows this many items of each kind unless asked (a big journal can have thousands
of foresight entries to look back at: they are counted, and `--all` lists them)."""
_LABELS = {
    "foresight": "Look back",
    "follow-up": "Follow up",
    "review": "Goal review due",
    "target": "Goal target",
    "milestone": "Milestone due",
    "check-in": "Check-in due",
    "meeting": "Meeting was planned",
    "quiet": "Quiet goal",
}


def due(state: Context, quiet_days: int | None, per_kind: int, show_all: bool, fmt: str) -> None:
    journal = state.journal()
    if fmt == "json":
        output.dump_json([
            {"kind": d.kind, "id": d.ref, "title": d.title, "since": d.since.isoformat(), "days": d.days,
             **({"milestone": d.milestone, "goal": d.goal} if d.milestone else {})}
            for d in journal.reflection.due(quiet_days)
        ])
        return
    listed = journal.reflection.due(quiet_days, per_kind=None if show_all else per_kind)
    if not listed:
        output.say("Nothing is due. Well kept.")
        return
    for d in listed:
        terminal.echo(f"{terminal.style(_LABELS[d.kind], bold=True)}: {_due_line(d)}")
    for kind, count in listed.more().items():
        terminal.echo(f"… and {count} more of “{_LABELS[kind]}” (`journal due --all` lists them)")



def _due_line(d: Due) -> str:
    """What is due, since when, and the command that answers it."""
    title = output.safe(f"{d.title} — {d.goal}" if d.milestone else d.title)
    when = f"quiet for {plural(d.days, 'day')}" if d.kind == "quiet" else (
        f"{'passed on' if d.kind == 'target' else 'due since'} {d.since.isoformat()}" if d.days else "due today")
    goal = d.ref[:8]
    hint = {"foresight": f"what actually happened? journal add -l h --answers {goal}",
            "follow-up": f"how did it go? journal add -l h --answers {goal}",
            # a review is kept by a check-in on the goal; nothing said so (S224)
            "review": f"a check-in on it keeps it: journal add --kind check-in -g {goal}",
            "target": (f"reached? journal goal close {goal} --status achieved; "
                       f"going on? journal goal edit {goal} --by WHEN"),
            "milestone": f"reached? journal goal done {goal} {(d.milestone or '')[:8]}"}.get(d.kind)
    return f"{title} ({when}){f'  → {hint}' if hint else ''}"


def sync(state: Context, folder: str | None, status: bool) -> None:
    """`journal sync [DIR]`: this device's changes out, the others' in; `--status`: where it stands."""
    journal = state.journal()
    # --status says what is pending, it does not write it out; a sync is the sync (a failed one is
    # said once, not again by the automatic sync on the way out)
    state.sync_after = False
    if status:
        found = journal.sync.status()
        missing = "" if found.folder is None or found.folder.is_dir() else " (not there: unmounted or moved?)"
        named = output.safe(str(found.folder)) if found.folder else "(none: journal sync DIR)"
        terminal.echo(f"folder   {named}{missing}")
        if found.refused:  # every sync says so and writes nothing: the status must not read as all well (S479)
            terminal.echo(f"refused  {output.safe(found.refused)} Until then nothing syncs.")
        terminal.echo(f"device   {found.device or '(not synced yet)'}")
        terminal.echo(f"pending  {found.pending} change(s) not written out yet")
        terminal.echo(f"drafts   {found.conflicts} not offered yet (sync conflicts, unsaved text): `journal drafts`")
        for device, files, last in found.devices:
            terminal.echo(f"other    {device}: {files} file(s) applied, the last at {last}")
        for device, files, last in found.earlier:
            terminal.echo(f"earlier  {device}: {files} file(s) applied, the last at {last}; none in this folder (a "
                          "device of a folder synced with before, or its files were removed from this one)")
        for device, files in found.waiting:
            terminal.echo(f"waiting  {device}: {files} change file(s) in the folder not applied here yet: "
                          "`journal sync` applies them, or says why it cannot")
        for device, applied, wrote in found.behind:
            terminal.echo(f"behind   {device}: has applied this device's files up to {applied} of {wrote}; until it "
                          "syncs, this device's older files stay in the folder (a device gone for good: delete its "
                          f"folder {device}/ there)")
        return
    report = journal.sync.run(folder, ask=state.ask)
    for line in report.lines():
        terminal.echo(output.safe(line))
    if report.skipped:  # what this device could apply is applied; the rest is not, and never will be as it is
        ways = "; ".join(f"{way} ({n})" if len(report.skipped) > 1 else way for way, n in report.skipped.items())
        raise StorageError(f"{report.skipped.total()} change file(s) of other devices were skipped (said above) and "
                           f"are never applied as they are: {ways}.")
