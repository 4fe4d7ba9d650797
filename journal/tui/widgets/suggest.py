"""Completion of typed fields from the journal: the rest of a tag or a goal's title, shown dim
after the cursor and taken with → (Textual's Input `suggester=`)."""

from __future__ import annotations

from textual.suggester import SuggestFromList, Suggester

__all__ = ["SuggestFromList", "TagSuggester"]


class TagSuggester(Suggester):
    """Completes the last tag of a comma-separated list from `tags` (most used first)."""

    def __init__(self, tags: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=False)  # the value comes casefolded
        self.tags = [tag.casefold() for tag in tags]

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(",")
        typed = last.lstrip().lstrip("#")
        if not typed:
            return None
        taken = {t.strip().lstrip("#") for t in head.split(",")}
        found = next((tag for tag in self.tags if tag.startswith(typed) and tag != typed and tag not in taken), None)
        return None if found is None else value + found[len(typed):]
