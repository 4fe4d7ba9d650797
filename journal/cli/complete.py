"""Shell completion (click's own): the `shell_complete=` callbacks of goal, mentorship, tag and
entry-id parameters, and the one place they ask the journal.

    eval "$(_JOURNAL_COMPLETE=bash_source journal)"     # ~/.bashrc
    eval "$(_JOURNAL_COMPLETE=zsh_source journal)"      # ~/.zshrc
    _JOURNAL_COMPLETE=fish_source journal | source      # ~/.config/fish/completions/journal.fish

A Tab must never fail: the journal is read read-only (services/completion.py) and anything
that goes wrong offers nothing.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # imported when a Tab asks: every command that offers completion imports this module
    from click.shell_completion import CompletionItem

_BASH_SPECIAL = re.compile(r"""([\s\\'"`$&|;<>()*?!#~{}\[\]])""")


def _offer(ctx: click.Context, kind: str, typed: str) -> list[CompletionItem]:
    from click.shell_completion import CompletionItem

    try:
        from journal.services.completion import complete

        db = ctx.find_root().params.get("db")
        found = complete(db, kind, typed)
    except Exception:
        return []
    # bash inserts a candidate as it is: a goal title with spaces must come escaped.
    bash = os.environ.get("_JOURNAL_COMPLETE", "").startswith("bash")
    return [CompletionItem(_BASH_SPECIAL.sub(r"\\\1", value) if bash else value, help=about or None)
            for value, about in found]


def goals(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    return _offer(ctx, "goal", incomplete)


def mentorships(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    return _offer(ctx, "mentorship", incomplete)


def tags(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    return _offer(ctx, "tag", incomplete)


def entries(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    return _offer(ctx, "entry", incomplete)
