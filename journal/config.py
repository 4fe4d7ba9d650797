"""Where things live (the journal file, the config folder, the user's prompts) and the
checked settings of config.toml (`settings()`: every known key with its type, range and
default; `journal doctor` reports what is wrong, commands use the defaults instead)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from journal.record import field, record
from journal.patterns import Pattern

APP_NAME = "journal"


class NoHome(OSError):
    """A folder that depends on $HOME was asked for while HOME is unset, empty or relative.

    Refused rather than guessed: `~` would become `/` (a journal at the filesystem root) or
    a folder relative to wherever the command runs. The message is one line naming the fix;
    exit code 2 (a bad value, here of the environment). An OSError, so that code which
    copes with a folder it cannot use (saving the TUI's theme) copes with this one too.
    """

    exit_code = 2


def home(needed_for: str, instead: str) -> str:
    """$HOME when it is an absolute path; else NoHome naming what it was needed for."""
    value = os.environ.get("HOME")
    if value is not None and os.path.isabs(value):
        return value
    state = "not set" if value is None else "empty" if not value.strip() else f"not an absolute path ({value!r})"
    raise NoHome(f"HOME is {state}, so there is no folder for {needed_for}. Set HOME to your home folder "
                 f"(an absolute path){instead}.")


_XDG_FOLDERS = {
    "XDG_DATA_HOME": (".local/share", "the default journal", ", set XDG_DATA_HOME, or name the journal with --db PATH"),
    "XDG_CONFIG_HOME": (".config", "config.toml and your prompts", " or set XDG_CONFIG_HOME"),
}


def _xdg(env: str) -> Path:
    # platformdirs costs ~20 ms to import; on Linux its answer is this rule, so the
    # CLI's hot path computes it directly and only other platforms pay for the import.
    # The XDG spec: a value that is empty or not absolute is ignored (~/.local/share, ~/.config).
    import sys

    under_home, needed_for, instead = _XDG_FOLDERS[env]
    if sys.platform.startswith("linux"):
        base = os.environ.get(env, "").strip()
        if os.path.isabs(base):
            return Path(base) / APP_NAME
        return Path(home(needed_for, instead)) / under_home / APP_NAME
    if sys.platform != "win32":
        home(needed_for, instead)  # platformdirs builds on it too
    import platformdirs

    if env == "XDG_DATA_HOME":
        return platformdirs.user_data_path(APP_NAME)
    return platformdirs.user_config_path(APP_NAME)


def data_dir() -> Path:
    """Where the default journal lives: $XDG_DATA_HOME/journal or ~/.local/share/journal."""
    return _xdg("XDG_DATA_HOME")


def config_dir() -> Path:
    """config.toml and the user's prompts: $XDG_CONFIG_HOME/journal or ~/.config/journal."""
    return _xdg("XDG_CONFIG_HOME")


def default_db_path() -> Path:
    """The embedded default journal, created on first run."""
    return data_dir() / "journal.db"


def db_path(explicit: str | os.PathLike[str] | None = None) -> tuple[Path, bool]:
    """The journal to open and whether it is the default one (which may be created)."""
    chosen = explicit or os.environ.get("JOURNAL_DB")
    if chosen:
        if str(chosen) == "~" or str(chosen).startswith("~/"):  # `~` is $HOME: never `/` for an empty HOME
            return Path(home("a journal named from ~", ", or give the journal's full path")) / str(chosen)[2:], False
        return Path(chosen).expanduser(), False
    return default_db_path(), True


def is_default_journal(path: Path) -> bool:
    """Whether `path` is the journal used when no --db is given ($JOURNAL_DB, else the data
    folder's): the one config.toml's journal settings (`[security] require_encryption`, `[sync]
    folder`) speak of. The config is one for all of a person's journals (S219, S511)."""
    try:
        default = db_path(None)[0]
    except (NoHome, OSError):  # no home to find a default journal in: none is the one it speaks of
        return False
    return os.path.realpath(path) == os.path.realpath(default)


def config_file() -> Path:
    return config_dir() / "config.toml"


def user_prompts_dir() -> Path:
    return config_dir() / "prompts"


def read_config_file(path: Path | None = None) -> tuple[dict[str, object], str | None]:
    """The raw TOML of config.toml and, when it cannot be used at all, why (one line).

    A missing file is no problem: every setting has its default.
    """
    try:
        path = path or config_file()
    except NoHome:  # no config folder at all: every setting has its default (doctor says why)
        return {}, None
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, None
    except (OSError, UnicodeDecodeError) as exc:
        return {}, _unreadable(path, exc)
    simple = plain_toml(text)
    if simple is not None:
        return simple, None
    import tomllib  # only for a file in more of TOML than `save_setting` writes

    try:
        return tomllib.loads(text), None
    except tomllib.TOMLDecodeError as exc:
        return {}, _unreadable(path, exc)


_COMMENT = Pattern(r"#[^\x00-\x08\x0a-\x1f\x7f]*")
_TABLE_LINE = Pattern(r"\[([A-Za-z0-9_-]+)\][ \t]*(?:#[^\x00-\x08\x0a-\x1f\x7f]*)?")
_VALUE_LINE = Pattern(r'([A-Za-z0-9_-]+)[ \t]*=[ \t]*(true|false|0|-?[1-9][0-9]{0,17}'
                         r'|"(?:[^"\\\x00-\x1f\x7f]|\\["\\bfnrt]|\\u(?![dD][89abAB])[0-9A-Fa-f]{4})*")'
                         r'[ \t]*(?:#[^\x00-\x08\x0a-\x1f\x7f]*)?')


def plain_toml(text: str) -> dict[str, object] | None:
    """config.toml read without `tomllib` when it is in the plain part of TOML that `save_setting`
    writes and people type: `[table]` lines, `name = true|false|integer|"string"` lines, comments
    and blank lines; None for anything else (or anything TOML refuses), which `tomllib` reads.

    Importing tomllib compiles its patterns: ~5 ms on every command of anyone with a config
    file (a sync folder, a remembered key: issue 20). Its answer is the same for every file
    this reads (tests/unit/test_config_plain_toml.py holds them side by side)."""
    import json

    found: dict[str, object] = {}
    table: dict[str, object] = found
    lines = text.split("\n")
    for n, raw in enumerate(lines):
        line = (raw.removesuffix("\r") if n < len(lines) - 1 else raw).strip(" \t")  # CR only before LF
        if not line:
            continue
        if line.startswith("#"):
            if _COMMENT.fullmatch(line) is None:  # a control character in it: TOML refuses
                return None
            continue
        if heading := _TABLE_LINE.fullmatch(line):
            if heading[1] in found:  # a table twice, or a name both a value and a table: TOML refuses
                return None
            table = found[heading[1]] = {}
            continue
        pair = _VALUE_LINE.fullmatch(line)
        if pair is None or pair[1] in table:
            return None
        name, value = pair[1], pair[2]
        if value.startswith('"'):
            text_value = json.loads(value)  # a basic string's escapes are JSON's, less `\/`
            if any("\ud800" <= ch <= "\udfff" for ch in text_value):  # no Unicode scalar value: TOML refuses
                return None
            table[name] = text_value
        else:
            table[name] = value == "true" if value in ("true", "false") else int(value)
    return found


def _unreadable(path: Path, exc: Exception) -> str:
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return f"{path} cannot be read ({reason}); all its settings are ignored. Fix or delete it."


def read_config() -> dict[str, object]:
    """The user's config.toml as a dict, unchecked; a missing or broken file reads as empty."""
    return read_config_file()[0]


# ------------------------------------------------------------------ the settings
Value = bool | int | str | None


@record(frozen=True)
class Key:
    """One setting of config.toml: its table, name, type, range and default."""

    table: str
    name: str
    kind: type[bool] | type[int] | type[str]
    default: Value
    low: int = 0
    high: int = 0
    """For whole numbers: the accepted range, both ends included."""
    about: str = ""
    path: bool = False
    """A text that names a folder (any text without control characters), not a name."""
    choices: tuple[str, ...] = ()
    """For a text that is one of a few words (`[dates] order`): those words."""
    marks: bool = False
    """A text of a few marks (`[tags] symbols = "#@"`): no letter, digit, space or control; empty: none."""

    @property
    def label(self) -> str:
        return f"[{self.table}] {self.name}"

    def problem(self, value: object) -> str | None:
        """Why `value` cannot be used for this key (one line), or None."""
        shown = _shown(value)
        fallback = "the default" if self.default is None else _shown(self.default)
        if self.kind is bool:
            if isinstance(value, bool):
                return None
            return f"{self.label} = {shown} is not true or false ({fallback} is used)"
        if self.kind is int:
            if isinstance(value, int) and not isinstance(value, bool) and self.low <= value <= self.high:
                return None
            return (f"{self.label} = {shown} is not a whole number from {self.low} to {self.high} "
                    f"({fallback} is used)")
        if self.choices:
            if value in self.choices:
                return None
            words = " or ".join(f'"{c}"' for c in self.choices)
            return f"{self.label} = {shown} is not {words} ({fallback} is used)"
        if self.marks:
            if isinstance(value, str) and len(value) <= 8 and all(
                    c.isprintable() and not c.isalnum() and not c.isspace() for c in value):
                return None
            return f'{self.label} = {shown} is not a few marks such as "#@" or "" ({fallback} is used)'
        if self.path:
            if isinstance(value, str) and value.strip() and not any(ord(c) < 32 or ord(c) == 127 for c in value):
                return None
            return f"{self.label} = {shown} is not a folder's path ({fallback} is used)"
        if isinstance(value, str) and _THEME_NAME.fullmatch(value):
            return None
        return f"{self.label} = {shown} is not a name of letters, digits and dashes ({fallback} is used)"


_THEME_NAME = Pattern(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_BARE_KEY = Pattern(r"[A-Za-z0-9_-]{1,64}")

KEYS: tuple[Key, ...] = (
    Key("nudges", "quiet_days", int, 14, 1, 3650,
        "an active goal with no entry for this many days is listed by `journal due`"),
    Key("backup", "daily", bool, True, about="a backup before the first write of each day"),
    Key("backup", "keep", int, 7, 1, 1000, about="how many daily backups are kept"),
    Key("tui", "theme", str, None, about="the terminal UI's theme (kept when chosen from its palette)"),
    Key("security", "remember_key", bool, False,
        about="keep an encrypted journal's key in the OS keyring after it is unlocked (`journal unlock --remember`)"),
    Key("security", "require_encryption", bool, False,
        about="doctor fails when the journal is not encrypted (set by `journal encrypt` and `init --encrypt`)"),
    Key("sync", "folder", str, None, path=True,
        about="the folder another program syncs (Syncthing, Dropbox, a git clone…), set by `journal sync DIR`"),
    Key("tags", "symbols", str, "#@", marks=True,
        about='the marks that make a word in an entry\'s text a tag (#confidence, @mentoring); "" turns it off'),
    Key("dates", "order", str, None, choices=("dmy", "mdy"),
        about='how a typed 3/7/2014 is read: "dmy" (3 July) or "mdy" (7 March); default from the locale'),
)
"""Every setting the journal reads. Anything else in config.toml is reported by `journal doctor`."""


def _shown(value: object) -> str:
    """A value as a one-line, terminal-safe echo (repr escapes control characters)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _name(text: str) -> str:
    return text if _BARE_KEY.fullmatch(text) else _shown(text)


@record
class Settings:
    """The checked settings: a value for every key in KEYS (its default when missing or
    wrong) and one line per problem found, for `journal doctor`."""

    values: dict[str, Value] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def number(self, key: str) -> int:
        value = self.values[key]
        assert isinstance(value, int), key
        return value

    def flag(self, key: str) -> bool:
        value = self.values[key]
        assert isinstance(value, bool), key
        return value

    def text(self, key: str) -> str | None:
        value = self.values[key]
        return value if isinstance(value, str) else None


def check_settings(data: dict[str, object]) -> Settings:
    """Check parsed config data against KEYS: wrong values fall back to their defaults."""
    found = Settings({f"{k.table}.{k.name}": k.default for k in KEYS})
    tables = sorted({k.table for k in KEYS})
    for table, content in data.items():
        known = [k for k in KEYS if k.table == table]
        if not known:
            what = f"table [{_name(table)}]" if isinstance(content, dict) else f"setting {_name(table)}"
            found.problems.append(f"unknown {what}; it is ignored (the known tables are {', '.join(tables)})")
            continue
        if not isinstance(content, dict):
            found.problems.append(f"[{table}] must be a table; its settings keep their defaults")
            continue
        for name, value in content.items():
            key = next((k for k in known if k.name == name), None)
            if key is None:
                names = ", ".join(k.name for k in known)
                found.problems.append(f"unknown setting [{table}] {_name(name)}; it is ignored "
                                      f"(known in [{table}]: {names})")
                continue
            problem = key.problem(value)
            if problem:
                found.problems.append(problem)
            elif isinstance(value, bool | int | str):  # always, once key.problem passed it
                found.values[f"{table}.{name}"] = value
    return found


def settings() -> Settings:
    """The user's settings from config.toml, checked (read afresh on every call: it is small)."""
    data, unreadable = read_config_file()
    found = check_settings(data)
    if unreadable:
        found.problems.insert(0, unreadable)
    return found


def save_setting(table: str, name: str, value: bool | int | str) -> None:
    """Set `[table] name = value` in config.toml, leaving the rest of the file as it is
    (written to a temp file 0600, then renamed)."""
    import json

    if isinstance(value, str) and any("\ud800" <= char <= "\udfff" for char in value):
        raise ValueError(f"{name}: not UTF-8, which config.toml cannot hold")  # callers refuse it first (S162)
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    shown = ("true" if value else "false") if isinstance(value, bool) else json.dumps(value)  # JSON: valid TOML
    line = f"{name} = {shown}"
    header = re.compile(rf"^\[{re.escape(table)}\]\s*$", re.M).search(text)
    if header is None:
        text = (text.rstrip("\n") + "\n\n" if text.strip() else "") + f"[{table}]\n{line}\n"
    else:
        end = re.compile(r"^\[", re.M).search(text, header.end())
        stop = end.start() if end else len(text)
        section = text[header.end():stop]
        existing = re.compile(rf"^{re.escape(name)}\s*=.*$", re.M)
        section = existing.sub(lambda _: line, section, count=1) if existing.search(section) else f"\n{line}" + section
        text = text[:header.end()] + section + text[stop:]
    tmp = path.with_suffix(".toml.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


# ------------------------------------------------------------------ the order of typed dates
MONTH_FIRST_REGIONS = frozenset({"US", "PH", "BZ", "FM", "MH", "PW", "AS", "GU", "MP", "PR", "UM", "VI"})
"""Where a date is written month first (7/3/2014 for 3 July): the United States and its
territories, the Philippines, Belize, Micronesia, the Marshall Islands and Palau."""
_LOCALE = Pattern(r"[a-z]{2,3}_(?P<region>[A-Z]{2})(?:[.@][A-Za-z0-9_.@-]*)?")


def date_order() -> tuple[str, str]:
    """How a typed numeric date with two readings (3/7/2014) is read: ("dmy" or "mdy", why).

    `[dates] order` when it is set; else the locale's habit: the first of LC_ALL, LC_TIME and
    LANG that is set names it, and a locale of a region in MONTH_FIRST_REGIONS (en_US, es_US,
    en_PH…) reads month first; every other locale, C, POSIX and none at all read day first.
    Called only when a typed date needs it (domain.dates.OrderSource).
    """
    chosen = settings().text("dates.order")
    if chosen:
        return chosen, "[dates] order"
    name = next((value for value in (os.environ.get(v, "") for v in ("LC_ALL", "LC_TIME", "LANG")) if value), "")
    match = _LOCALE.fullmatch(name)
    order = "mdy" if match and match["region"] in MONTH_FIRST_REGIONS else "dmy"
    shown = f"the locale {name}" if match and len(name) <= 40 else "the default"
    return order, f"{shown}; [dates] order sets it"


def tag_symbols() -> str:
    """The marks that make a word typed in an entry a tag (`[tags] symbols`, default "#@"; "": none)."""
    return settings().text("tags.symbols") or ""
