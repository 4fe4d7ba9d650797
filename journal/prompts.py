"""The prompt library: the bundled sets in prompts/ plus the user's own prompt folder."""

from __future__ import annotations

import datetime
import importlib.resources
import math
import pathlib
import re
import tomllib
import zlib
from journal.record import field, record
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING, TypeVar

from journal import config
from journal.domain.errors import BadValue, NotFound
from journal.domain.model import Lens, Phase, Prompt

if TYPE_CHECKING:
    from random import Random

_LensOrPhase = TypeVar("_LensOrPhase", Lens, Phase)

# Set names and prompt ids: lowercase letters and digits, words joined by single dashes.
NAME_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
# The goal fields a checklist prompt may name in `field`.
GOAL_FIELDS = ("specific", "measurable", "achievable", "relevant", "time_bound", "success_criteria")
_FILE_KEYS = {"set", "title", "description", "prompt"}
_PROMPT_KEYS = {"id", "text", "lens", "phase", "field", "set"}


class _Broken(Exception):
    """A prompt file that cannot be used; the message is the reason."""


@record
class _Set:
    name: str
    title: str
    description: str
    prompts: list[Prompt]


@record
class PromptLibrary:
    """Prompt sets by name, with their titles and one line per file that could not be loaded."""

    sets: dict[str, list[Prompt]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    descriptions: dict[str, str] = field(default_factory=dict)

    def prompts(  # `set` shadows the builtin on purpose: it is the word the CLI and files use
        self, *, lens: Lens | str | None = None, phase: Phase | str | None = None, set: str | None = None
    ) -> list[Prompt]:
        """Return the prompts in library order that match every given filter."""
        if set is None:
            pool = [p for prompts in self.sets.values() for p in prompts]
        elif set.strip().lower() in self.sets:
            pool = list(self.sets[set.strip().lower()])
        else:
            known = ", ".join(self.sets) or "none"
            raise NotFound(f"no prompt set '{_clean(set)[:60]}': known sets are {known}")
        if lens is not None:
            wanted_lens = Lens.parse(lens)
            pool = [p for p in pool if p.lens is wanted_lens]
        if phase is not None:
            wanted_phase = Phase.parse(phase)
            pool = [p for p in pool if p.phase is wanted_phase]
        return pool

    def get(self, prompt_id: str) -> Prompt:
        """Return the prompt with this id."""
        if found := [p for p in self.prompts() if p.id == prompt_id]:
            return found[0]
        raise NotFound(f"No prompt with id '{_clean(prompt_id)[:60]}': `journal prompt --all` lists them.")

    def of_the_day(
        self, day: datetime.date, *, lens: Lens | str | None = None, set: str | None = "daily"  # shadows, as above
    ) -> Prompt:
        """Return the prompt for `day`: the same date always gives the same prompt."""
        pool = self._nonempty(lens=lens, set=set)
        # A stride coprime with the pool size visits every prompt once before any repeats,
        # and a stride near n/phi keeps neighbouring days far apart in file order.
        n = len(pool)
        stride = max(1, round(n * 0.618))
        while math.gcd(stride, n) != 1:
            stride += 1
        key = f"{set or ''}:{Lens.parse(lens).value if lens is not None else ''}"
        return pool[(day.toordinal() * stride + zlib.crc32(key.encode())) % n]

    def random(self, rng: Random, **filters: str | None) -> Prompt:
        """Return a prompt drawn with `rng` from those matching the filters of `prompts()`."""
        return rng.choice(self._nonempty(**filters))

    def _nonempty(self, **filters: str | None) -> list[Prompt]:
        if pool := self.prompts(**filters):
            return pool
        chosen = ", ".join(f"{k} {v}" for k, v in filters.items() if v is not None)
        raise NotFound(f"no prompts match {chosen or 'an empty library'}")


def bundled_prompts_dir() -> pathlib.Path | Traversable:
    """Return the shipped library: <checkout>/prompts, else the wheel's journal/_bundled_prompts."""
    root = pathlib.Path(__file__).resolve().parent.parent
    checkout = root / "prompts"
    if (root / "pyproject.toml").is_file() and checkout.is_dir() and any(checkout.glob("*.toml")):
        return checkout
    return importlib.resources.files("journal") / "_bundled_prompts"


def load_library(user_dir: pathlib.Path | None = None) -> PromptLibrary:
    """Load the bundled sets, then the user's *.toml files, which add sets or replace them."""
    library = PromptLibrary()
    owner: dict[str, str] = {}  # prompt id -> the set that holds it
    bundled = bundled_prompts_dir()
    if not bundled.is_dir():
        library.problems.append(f"{bundled.name}: the bundled prompt library is missing")
    try:
        user = pathlib.Path(user_dir) if user_dir is not None else config.user_prompts_dir()
    except config.NoHome:  # no config folder (HOME empty, K89): the bundled prompts only
        user = None
    for folder in (bundled, user) if user is not None else (bundled,):
        defined_by: dict[str, str] = {}  # set name -> file name, within this folder
        for name, data in _files(folder, library.problems):
            try:
                parsed = _parse(data)
                if parsed.name in defined_by:
                    raise _Broken(f"set '{parsed.name}' is already defined by {defined_by[parsed.name]}")
                for prompt in parsed.prompts:
                    if owner.get(prompt.id, parsed.name) != parsed.name:
                        raise _Broken(f"id '{prompt.id}' is already used in set '{owner[prompt.id]}'")
            except _Broken as exc:
                library.problems.append(_clean(f"{name}: {exc}")[:300])
                continue
            defined_by[parsed.name] = name
            for old in library.sets.get(parsed.name, []):
                del owner[old.id]
            owner.update((p.id, parsed.name) for p in parsed.prompts)
            library.sets[parsed.name] = parsed.prompts
            library.titles[parsed.name] = parsed.title
            library.descriptions[parsed.name] = parsed.description
    return library


def _files(folder: pathlib.Path | Traversable, problems: list[str]) -> list[tuple[str, bytes]]:
    """The (name, bytes) of each *.toml file in `folder`, by name; a missing folder is empty."""
    try:
        if not folder.is_dir():
            return []
        paths = [p for p in folder.iterdir() if p.name.endswith(".toml") and not p.name.startswith(".")]
    except OSError as exc:
        problems.append(_clean(f"{folder.name}: cannot read the folder ({exc.strerror or exc})"))
        return []
    found = []
    for path in sorted(paths, key=lambda p: p.name):
        try:
            if path.is_file():
                found.append((path.name, path.read_bytes()))
        except OSError as exc:
            problems.append(_clean(f"{path.name}: cannot read the file ({exc.strerror or exc})"))
    return found


def _parse(data: bytes) -> _Set:
    """One prompt file as a set, or _Broken with the first reason it cannot be used."""
    try:
        doc = tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise _Broken("not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise _Broken(f"not valid TOML ({exc})") from None
    _known_keys(doc, _FILE_KEYS, "the file")
    name = doc.get("set")
    if name is None:
        raise _Broken("missing `set` (the set name)")
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise _Broken(f"set name {name!r} must be lowercase letters, digits and dashes")
    title, description = doc.get("title", name), doc.get("description", "")
    if not isinstance(title, str) or not isinstance(description, str):
        raise _Broken("`title` and `description` must be text")
    items = doc.get("prompt")
    if not isinstance(items, list) or not items:
        raise _Broken("no [[prompt]] entries")
    prompts: list[Prompt] = []
    for number, item in enumerate(items, 1):
        prompt = _prompt(item, number, name)
        if any(p.id == prompt.id for p in prompts):
            raise _Broken(f"duplicate id '{prompt.id}'")
        prompts.append(prompt)
    return _Set(name, _clean(title) or name, _clean(description), prompts)


def _prompt(item: object, number: int, set_name: str) -> Prompt:
    """One [[prompt]] table as a Prompt."""
    where = f"prompt {number}"
    if not isinstance(item, dict):
        raise _Broken(f"{where} is not a table")
    _known_keys(item, _PROMPT_KEYS, where)
    prompt_id, text = item.get("id"), item.get("text")
    if not isinstance(prompt_id, str) or not prompt_id.strip():
        raise _Broken(f"{where} has no id")
    if not NAME_PATTERN.match(prompt_id):
        raise _Broken(f"{where}: id {prompt_id!r} must be lowercase letters, digits and dashes")
    where = f"prompt '{prompt_id}'"
    if not isinstance(text, str) or not _clean(text):
        raise _Broken(f"{where} has no text")
    if item.get("set", set_name) != set_name:
        raise _Broken(f"{where} names set {item['set']!r} but the file is set '{set_name}'")
    goal_field = item.get("field")
    if goal_field is not None and goal_field not in GOAL_FIELDS:
        raise _Broken(f"{where}: unknown field {goal_field!r}: use one of {', '.join(GOAL_FIELDS)}")
    lens, phase = _choice(Lens, item.get("lens"), where), _choice(Phase, item.get("phase"), where)
    return Prompt(prompt_id, _clean(text), set_name, lens=lens, phase=phase, field=goal_field)


def _choice(kind: type[_LensOrPhase], value: object, where: str) -> _LensOrPhase | None:
    """Parse an optional lens or phase, turning a bad value into _Broken."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise _Broken(f"{where}: {kind.label()} must be text")
    try:
        return kind.parse(value)
    except BadValue as exc:
        raise _Broken(f"{where}: {exc}") from None


def _known_keys(table: dict[str, object], allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise _Broken(f"{where} has an unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})")


def _clean(text: str) -> str:
    """One line of printable text: control characters become spaces, runs of space collapse."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())
