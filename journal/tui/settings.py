"""The TUI's own settings in config.toml: just `[tui] theme` for now."""

from __future__ import annotations

import json
import os
import re

from journal import config

_TUI_TABLE = re.compile(r"^\[tui\]\s*$", re.M)
_NEXT_TABLE = re.compile(r"^\[", re.M)
_THEME_LINE = re.compile(r"^theme\s*=.*$", re.M)


def saved_theme() -> str | None:
    """The theme kept in config.toml, if any (checked by config.settings: a name, else none)."""
    return config.settings().text("tui.theme")


def save_theme(name: str) -> None:
    """Keep `name` as `[tui] theme`, leaving the rest of config.toml as it is (file mode 0600)."""
    path = config.config_file()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    line = f"theme = {json.dumps(name)}"  # a JSON string is a valid TOML basic string
    table = _TUI_TABLE.search(text)
    if table is None:
        text = (text.rstrip("\n") + "\n\n" if text.strip() else "") + f"[tui]\n{line}\n"
    else:
        end = _NEXT_TABLE.search(text, table.end())
        stop = end.start() if end else len(text)
        section = text[table.end():stop]
        if _THEME_LINE.search(section):
            section = _THEME_LINE.sub(lambda _: line, section, count=1)
        else:
            section = f"\n{line}" + section
        text = text[: table.end()] + section + text[stop:]
    tmp = path.with_suffix(".toml.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)
    os.chmod(path, 0o600)
