"""Encryption commands: encrypt, decrypt, passphrase, unlock, lock (and `init --encrypt`)."""

from __future__ import annotations

import click

from journal.cli import output, state
from journal.cli.app import ask_passphrase, cli, confirm, state_of, terminal_available
from journal.domain.text import plural
from journal.services import ends_cleanly, privacy
from journal.services.unlocking import NO_RECOVERY


def new_passphrase(replacing: bool = False) -> str:
    """A new passphrase, typed twice on the terminal, or read once from the script's source:
    JOURNAL_PASSPHRASE_FD/_FILE, or JOURNAL_NEW_PASSPHRASE_FD/_FILE when `replacing` one (those
    two then give the current passphrase)."""
    from journal.services import unlocking

    given = (unlocking.passphrase_from_environment(unlocking.NEW_PASSPHRASE_FD, unlocking.NEW_PASSPHRASE_FILE)
             if replacing else unlocking.passphrase_from_environment())
    if given is not None:
        return given
    fd, file = ((unlocking.NEW_PASSPHRASE_FD, unlocking.NEW_PASSPHRASE_FILE) if replacing
                else (unlocking.PASSPHRASE_FD, unlocking.PASSPHRASE_FILE))
    if not terminal_available():
        raise click.UsageError(f"There is no terminal to type the new passphrase on: pass it with {fd} or "
                               f"{file}. Nothing was changed.")
    output.say(NO_RECOVERY)
    first = ask_passphrase("New passphrase: ") or ""
    second = ask_passphrase("The same passphrase again: ")
    if first != second:
        raise click.UsageError("The two passphrases differ; nothing was changed. Try again.")
    return first


def _report(converted: privacy.Converted, done: str) -> None:
    output.say(done)
    if converted.copies:
        output.say(f"{plural(converted.copies, 'kept copy', 'kept copies')} (backups) followed.")
    for path in converted.failed:
        output.say(f"Could not convert the kept copy {path}; run `journal doctor`.")
    for path in converted.earlier:  # said what it is and what to do (S409), not sent to doctor and back
        output.say(f"The kept copy {path} is under an earlier passphrase (a change that was interrupted) and keeps "
                   f"it: `journal restore {path}` asks for that one. Delete it once you no longer need it.")


@cli.command()
@click.pass_context
def encrypt(ctx):
    """Encrypt the journal in place (its backups follow). There is no recovery without the passphrase."""
    passphrase = new_passphrase()
    with ends_cleanly():  # SIGTERM/SIGHUP: its unfinished copy removed on the way out (S533)
        converted = privacy.encrypt(state_of(ctx).db, passphrase, state.make_clock())
    _report(converted, f"Encrypted {converted.path}; a backup was taken first and encrypted too. "
                       "Commands now ask for the passphrase (`journal unlock --remember` keeps the key "
                       "in your OS keyring instead).")
    if note := privacy.plain_editor_text(converted.path):
        output.say(note)
    if note := privacy.plain_copies_in_backups(converted.path):
        output.say(note)
    if converted.synced:  # plain files synced before leave the folder, not its history
        output.say("Its plain change files leave the sync folder at the next sync; a git history or a cloud's "
                   "kept versions still hold them (README, Sync).")


@cli.command()
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def decrypt(ctx, yes):
    """Make an encrypted journal (and its backups) plain again."""
    if not yes and not confirm("Store this journal and its backups unencrypted on disk?"):
        output.say("Nothing was changed.")
        return
    with ends_cleanly():  # its unfinished copy is plain: never left until the next command (S533)
        converted = privacy.decrypt(state_of(ctx).db, ask_passphrase)
    _report(converted, f"{converted.path} is no longer encrypted; a backup was taken first.")


@cli.command()
@click.pass_context
def passphrase(ctx):
    """Change the passphrase of an encrypted journal (and its backups)."""
    path = state_of(ctx).db
    from journal.services.unlocking import unlock_path

    current = unlock_path(path, ask_passphrase, typed=True)  # the current passphrase, typed: not a remembered key
    new = new_passphrase(replacing=True)
    if privacy.opens_with(current, new):
        raise click.UsageError("The new passphrase is the one the journal has; nothing was changed.")
    with ends_cleanly():
        converted = privacy.change_passphrase(path, ask_passphrase, new)
    _report(converted, f"Changed the passphrase of {converted.path}.")


@cli.command()
@click.option("--remember", is_flag=True, help="Keep the derived key in the OS keyring.")
@click.pass_context
def unlock(ctx, remember):
    """Check the passphrase; with --remember, later commands skip it (the key goes to the OS keyring)."""
    path = state_of(ctx).db
    if remember:
        where = privacy.remember(path, ask_passphrase)
        output.say(f"The key of {where} is kept in your OS keyring; `journal lock` forgets it.")
        return
    from journal.services.unlocking import unlock_path

    where = unlock_path(path, ask_passphrase)
    output.say(f"The passphrase opens {where}.")


@cli.command()
@click.pass_context
def lock(ctx):
    """Forget the key kept in the OS keyring: commands ask for the passphrase again."""
    had = privacy.lock(state_of(ctx).db)
    output.say("Forgot the remembered key." if had else "No key was remembered; commands ask for the passphrase.")
