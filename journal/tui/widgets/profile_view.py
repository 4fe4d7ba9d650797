"""How the learning profile reads (presentation only): on the Preparing screen, and on a
mentorship's screen to share at the first meeting.

Every piece of the person's text goes through `safe` into `rich.text.Text`, never into markup.
"""

from __future__ import annotations

from rich.text import Text

from journal.domain.practice import LEARNING_STYLES, LearningProfile
from journal.tui.widgets.rows import safe

PRESETS = dict(LEARNING_STYLES)
"""A preset style's name → what it means."""

PARTS = (
    ("strengths", "Strengths"),
    ("challenges", "Challenges"),
    ("needs", "What I need from a mentor"),
)
"""The profile's texts, in the order they are read, with their headings."""

_NONE_YET = ("No learning profile yet. Say how you learn best, your strengths and challenges, and what you "
             "need from a mentor: ")
EMPTY = _NONE_YET + "press v for Preparing, then p (or `journal profile set`)."
EMPTY_HERE = _NONE_YET + "press p."
"""Said on the Preparing screen itself, where p edits it."""


def profile_text(profile: LearningProfile, title: str | None = "Learning profile", empty: str = EMPTY) -> Text:
    """The profile with a heading per part: the ways of learning (a preset with what it means,
    the person's own marked as theirs), strengths, challenges, what I need from a mentor. An
    empty profile says how to fill it in (`empty`: in words for where it is shown)."""
    text = Text()
    if title:
        text.append(title + "\n", style="bold underline")
    if profile.empty:
        text.append(empty, style="dim italic")
        return text
    text.append("How I learn best\n", style="bold")
    if profile.styles:
        for style in profile.styles:
            text.append("• ")
            text.append(safe(style), style="italic")
            if style in PRESETS:
                text.append(f" — {PRESETS[style]}", style="dim")
            else:
                text.append(" (my own)", style="dim")
            text.append("\n")
    else:
        text.append("—\n", style="dim")
    for name, heading in PARTS:
        text.append(f"{heading}\n", style="bold")
        value = str(getattr(profile, name) or "")
        if value:
            for line in value.split("\n"):  # not indented: a wrapped line starts at the edge anyway
                text.append(f"{safe(line)}\n")
        else:
            text.append("—\n", style="dim")
    text.rstrip()
    return text
