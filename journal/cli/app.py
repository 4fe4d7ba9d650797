"""The click group, shared options, and how a command gets its Journal (state.py).

Errors are one line on stderr and a documented exit code (endings.py): click's own usage errors
are said here, every other through `endings.end`. Never a traceback, never entry text.

Start-up is most of a command's time, so this module imports little: click, the domain's
errors and text helpers. The services (and the clock and config they use) are imported when a
command first asks for its journal; a command's module when that command runs (`COMMANDS`).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import MutableMapping, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import click
from click.core import ParameterSource

from journal import __version__
from journal.cli import terminal
from journal.cli.endings import EXIT_INTERRUPTED, end, fail
from journal.cli.state import Context, ask_passphrase, make_clock, terminal_available
from journal.domain.text import plural, repair_surrogates

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

    from journal.services import Journal

__all__ = ["Context", "ask_passphrase", "make_clock", "terminal_available"]  # the commands' shared state: state.py


def _text_read_as_option(exc: click.UsageError, args: Sequence[str] | None) -> bool:
    """An unknown short option that is the start of a longer word, or of words (`journal add
    "-my worry"`, `agreement set M boundaries "- No calls"`): text meant as text (S255). Its
    fragment is never echoed back."""
    if not isinstance(exc, click.NoSuchOption) or exc.option_name.startswith("--"):
        return False
    given = sys.argv[1:] if args is None else args
    return any(arg.startswith(exc.option_name) and (len(arg) > 2 or " " in arg) for arg in given)


def _arguments_before_text(ctx: click.Context | None) -> str:
    """The arguments a command takes before its last (the text): ` M PART` for `agreement set`,
    so the `--` hint reads as a command that runs (S324)."""
    names = [p.human_readable_name for p in ctx.command.params if isinstance(p, click.Argument)] if ctx else []
    return "".join(f" {name}" for name in names[:-1])


def confirm(question: str) -> bool:
    """Ask `question` (y/N) on stderr. With no answer because the input ended (`< /dev/null`, an
    empty pipe), one line naming `--yes`, exit 2, not "interrupted" (S182)."""
    try:
        return click.confirm(question, err=True)
    except click.Abort:
        if sys.stdin is not None and not sys.stdin.isatty():  # the input ended: no person pressed ctrl+c
            click.echo(err=True)  # the question's line ends here
            raise click.UsageError("No answer came (the input ended): answer on a terminal, or add --yes.") from None
        raise


def _is_path(param: click.Parameter) -> bool:
    """A parameter that names a file (click.Path or File, or a PATH/FILE/DIR metavar)."""
    if isinstance(param.type, click.Path | click.File):
        return True
    return any(word in (param.metavar or "") for word in ("PATH", "FILE", "DIR"))


def _never_blank(param: click.Parameter, command: str) -> bool:
    """An option an empty value cannot mean anything for: a day or period (WHEN; a goal's --by
    excepted, where "" clears the target), a lens, a kind, a tag, a goal, and a mentorship or
    a goal named to filter by (`edit --mentorship ""` removes it). Left empty by a script's
    unset variable it would otherwise be dropped: the whole journal listed, an entry dated now,
    the timeline of everything (S162, S218)."""
    metavar = (param.metavar or "").strip("[]")
    if isinstance(param, click.Argument):
        return metavar == "GOAL" and command == "timeline"
    return (metavar == "WHEN" and param.name != "by") or param.name in ("lens", "kind") \
        or metavar in ("TAG", "GOAL") or (metavar == "M" and command != "edit")


def _invalid_bytes(value: object) -> int:
    """How many bytes of an argument were not UTF-8: on POSIX, Python decodes argv (and the
    environment) with surrogateescape, so each such byte arrives as one lone surrogate."""
    if not isinstance(value, str):
        return 0
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return sum(1 for ch in value if "\ud800" <= ch <= "\udfff")
    return 0


def repair_arguments(command: click.Command, ctx: click.Context) -> None:
    """One rule for every argument and option of every command, right after click parsed them:
    text with bytes that are not UTF-8 has each such byte replaced with U+FFFD (as a body is,
    domain/text.repair_surrogates) and one line on stderr names the argument, never its text.
    Paths keep their bytes: a file name need not be UTF-8, and it must still name that file
    (`--db`, $JOURNAL_DB, FILE arguments; $EDITOR is a command and is never touched here)."""
    for param in command.params:
        if param.name is None or param.name not in ctx.params:
            continue
        if _is_path(param):
            if ctx.params[param.name] == "" and ctx.get_parameter_source(param.name) is not ParameterSource.ENVIRONMENT:
                # `backup "$UNSET"` wrote into the working folder, `--db ""` opened the default journal (S170)
                raise click.BadParameter("it is empty: give a path, or leave it out", ctx=ctx, param=param)
            continue
        value = ctx.params[param.name]
        values = value if isinstance(value, tuple) else (value,)
        if any(isinstance(v, str) and not v.strip() for v in values) and _never_blank(param, command.name or ""):
            raise click.BadParameter("it is empty: give a value, or leave it out", ctx=ctx, param=param)
        bad = sum(_invalid_bytes(v) for v in values)
        if not bad:
            continue
        fixed = tuple(repair_surrogates(v) if isinstance(v, str) else v for v in values)
        ctx.params[param.name] = fixed if isinstance(value, tuple) else fixed[0]
        if isinstance(param, click.Option):
            name = "option " + max(param.opts, key=len)
        else:
            name = "argument " + param.human_readable_name
        click.echo(f"journal: {name} was not valid UTF-8; {plural(bad, 'byte')} replaced with \ufffd", err=True)


class JournalCommand(click.Command):
    """Every command: its arguments are repaired by `repair_arguments` once parsed."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        rest = super().parse_args(ctx, args)
        repair_arguments(self, ctx)
        return rest


class JournalGroup(click.Group):
    """A click group whose failures are one clean line and an exit code."""

    command_class = JournalCommand
    group_class: type[click.Group] | type[type] | None = type  # sub-groups (goal, mentorship...) too

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        rest = super().parse_args(ctx, args)
        repair_arguments(self, ctx)
        return rest

    def _main_shell_completion(self, ctx_args: MutableMapping[str, Any], prog_name: str,
                               complete_var: str | None = None) -> None:
        """click's shell completion. Run by hand (the variable set, but the shell's COMP_WORDS /
        COMP_CWORD missing or not numbers, or a shell click does not know) it is one line, exit 2."""
        var = complete_var or f"_{prog_name.replace('-', '_').replace('.', '_')}_COMPLETE".upper()
        instruction = os.environ.get(var)
        if not instruction:
            return
        from click.shell_completion import get_completion_class

        if get_completion_class(instruction.partition("_")[0]) is not None:
            with contextlib.suppress(KeyError, ValueError):
                super()._main_shell_completion(ctx_args, prog_name, var)  # exits
        fail(f"{var} is set: it is for your shell's completion script (see the README, "
              "Shell completion); unset it to run journal.", 2)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> NoReturn:
        """click's `main`, never standalone: every way out is one line and an exit code."""
        try:
            code = super().main(args=args, prog_name=prog_name, complete_var=complete_var,
                                standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:  # `journal goal`: its help as help, not one line (S218)
            click.echo(exc.ctx.get_help() if exc.ctx else exc.format_message())
            sys.exit(0)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "journal"
            if _text_read_as_option(exc, args):
                fail(f"Text that starts with '-' was read as an option: put `--` before it (`{command}"
                     f"{_arguments_before_text(exc.ctx)} -- \"-…\"`), or pipe it in.", exc.exit_code)
            fail(f"{exc.format_message()} (see `{command} --help`)", exc.exit_code)
        except click.ClickException as exc:
            fail(exc.format_message(), exc.exit_code)
        except click.Abort:  # ctrl+c or the input's end (click has ended the terminal's line)
            fail("interrupted; nothing was saved", EXIT_INTERRUPTED)
        except (Exception, KeyboardInterrupt) as exc:
            end(exc)
        sys.exit(code if isinstance(code, int) else 0)


COMMANDS: dict[str, tuple[str, str]] = {
    # command: (its module in journal/cli, the first sentence of its help as `journal --help` lists it)
    "add": ("entries", "Write an entry: TEXT from the arguments, else piped stdin, else $VISUAL/$EDITOR."),
    "agreement": ("agreements", "A mentorship's agreement: show, set a part, history, export to share."),
    "backup": ("upkeep", "Copy the journal to FILE (default: the backups folder beside it) through SQLite's "
               "backup API."),
    "decrypt": ("privacy", "Make an encrypted journal (and its backups) plain again."),
    "delete": ("entries", "Move an entry to the trash (`journal restore ID` brings it back)."),
    "doctor": ("upkeep", "Check the journal file: integrity, links, search index, permissions, schema, drafts, "
               "backups."),
    "drafts": ("drafts", "Unsaved texts kept by the terminal UI: list them (no sub-command), show, save or "
               "discard one."),
    "due": ("reflection", "What is due: foresight to revisit, feedback follow-ups, goal reviews, targets and "
            "milestones, check-ins, meetings, goals gone quiet."),
    "edit": ("entries", "Change an entry: with options, those fields; with none, its text in $EDITOR (or the "
             "text piped in, which replaces it)."),
    "encrypt": ("privacy", "Encrypt the journal in place (its backups follow)."),
    "export": ("transfer", "Export the whole journal (trash and drafts are never exported)."),
    "gap": ("preparing", "The gaps between where you are and where you want to be; each can become a starter "
            "goal."),
    "goal": ("goals", "SMART learning goals: add, list, show, edit, milestones, audit, close."),
    "import": ("transfer", "Import an export file, a jrnl or Day One Classic journal folder, or another journal "
               "file; re-importing the same file adds no duplicates."),
    "init": ("admin", "Create a journal at PATH (default: --db, $JOURNAL_DB, or the default journal)."),
    "list": ("entries", "List entries, newest first."),
    "lock": ("privacy", "Forget the key kept in the OS keyring: commands ask for the passphrase again."),
    "mentorship": ("mentorships", "Mentorships: add, list, show, edit, meeting, trends, close."),
    "passing-on": ("preparing", "Passing it on: what helped you most, the feedback you valued, what you'd do "
                   "differently, built from the journal."),
    "passphrase": ("privacy", "Change the passphrase of an encrypted journal (and its backups)."),
    "paths": ("admin", "Show where the journal, config and your own prompts live."),
    "profile": ("preparing", "Your learning profile: how you learn best, strengths, challenges, what you need "
                "from a mentor."),
    "prompt": ("prompt", "Show the prompt of the day (the same all day), or any prompts you ask for."),
    "purge": ("entries", "Delete the entries in the trash for good."),
    "restore": ("entries", "Bring an entry back from the trash, or replace the journal with a backup FILE."),
    "retro": ("retro", "Trace the journey of GOAL (name or id prefix) or --mentorship M: hindsight, insight, "
              "foresight."),
    "search": ("entries", "Find entries by their words (title, text, tags, feedback), best match first."),
    "shortlist": ("shortlists", "Choose a mentor by criteria: new, list, show, criterion, candidate, score, note, "
                  "choose."),
    "show": ("entries", "Show one entry in full."),
    "streak": ("reflection", "Your current and longest run of days with an entry."),
    "sync": ("sync", "Write this device's changes into DIR and apply the other devices' (DIR is remembered)."),
    "timeline": ("timeline", "Entries, milestones, status changes, goal edits and gaps, in order; a mentorship's "
                 "also its agreement changes, its closing and what closing did with each goal."),
    "trash": ("entries", "List the entries in the trash."),
    "unlock": ("privacy", "Check the passphrase; with --remember, later commands skip it (the key goes to the OS "
               "keyring)."),
    "vision": ("preparing", "Your vision: where you want to be, where you are, the gaps (see `journal gap`)."),
    "workplan": ("agreements", "The work plan of mentorship M: its goals' milestones and target dates, in date "
                 "order."),
}
"""Every top-level command, where it is defined and its short help: what lets `journal list` import
only journal/cli/entries.py and `journal --help` import no command module. A new command goes
here too (tests/unit/test_architecture.py checks that this table and the commands agree)."""


class RootGroup(JournalGroup):
    """The `journal` group: a command's module is imported when that command is looked up (to
    run, or for its own --help or completion); the list in `journal --help` and the command
    names a Tab offers come from `COMMANDS` without importing any."""

    group_class = JournalGroup  # not this lazy kind: a sub-group lists only its own commands

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> NoReturn:
        """Arguments given in-process (the tests) take the quick way first, as `journal.cli.main`
        takes it for the command line; what it does not take comes to click."""
        if args is not None:
            from journal.cli import quick

            quick.run(list(args))
        super().main(args, prog_name, complete_var, standalone_mode, **extra)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(f"journal.cli.{COMMANDS[cmd_name][0]}")  # its decorators register it
        return self.commands.get(cmd_name)

    def listed(self, name: str) -> click.Command:
        """The command as a listing shows it: itself once imported, else a stand-in with its short help."""
        return self.commands.get(name) or click.Command(name, help=COMMANDS[name][1])

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click's own listing (`Group.format_commands`), from `listed` instead of `get_command`."""
        commands = [(name, command) for name in self.list_commands(ctx)
                    if not (command := self.listed(name)).hidden]
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _ in commands)
            with formatter.section("Commands"):
                formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in commands])

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[CompletionItem]:
        """Command names for a Tab (click's own, from `listed`), then the group's options."""
        from click.shell_completion import CompletionItem

        names = [CompletionItem(name, help=command.get_short_help_str())
                 for name in self.list_commands(ctx)
                 if name.startswith(incomplete) and not (command := self.listed(name)).hidden]
        return names + click.Command.shell_complete(self, ctx, incomplete)


def register() -> None:
    """Import every command module (what the lazy group does one command at a time): for tests and
    tools that walk all the commands."""
    for module in sorted({module for module, _ in COMMANDS.values()}):
        importlib.import_module(f"journal.cli.{module}")


def output_file_options(func: Any) -> Any:
    """`-o FILE` and `--replace`, for the commands that write a file the person names: a file
    already there with something in it is replaced only with --replace (S518)."""
    func = click.option("--replace", is_flag=True,
                        help="Overwrite FILE when it is there already (without it, such a file is refused).")(func)
    return click.option("-o", "--output", "target", metavar="FILE",
                        help="Write to FILE (made 0600, atomically) instead of standard output.")(func)


def state_of(ctx: click.Context) -> Context:
    """The shared state the `journal` group put on the context."""
    state = ctx.find_object(Context)
    assert state is not None, "every command runs under the `journal` group"
    return state


def journal_of(ctx: click.Context) -> Journal:
    return state_of(ctx).journal()


@click.group(
    cls=RootGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Run `journal COMMAND --help` for a command's options. With no command, opens the terminal UI.",
)
@click.option(
    "--db",
    metavar="PATH",
    envvar="JOURNAL_DB",
    help="Journal file to use (default: the journal in your data folder; env JOURNAL_DB).",
)
@click.version_option(__version__, "--version", prog_name="threefold-journal")
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """Threefold: a reflection journal with three lenses - hindsight, insight, foresight."""
    terminal.colour = False if terminal.no_colour_asked() else None
    if terminal.colour is False:
        ctx.color = False
    state = Context(db)
    ctx.obj = state
    ctx.call_on_close(state.close)
    if ctx.invoked_subcommand is None:
        if sys.stdin.isatty() and sys.stdout.isatty():
            from journal.cli.tui import open_tui  # Textual is imported only here

            open_tui(state)
        else:
            click.echo(ctx.get_help())
