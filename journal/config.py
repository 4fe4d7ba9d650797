"""Where things live: the journal file, the config folder, the user's prompts."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

APP_NAME = "journal"


def _xdg(env: str, fallback: str) -> Path:
    # platformdirs costs ~20 ms to import; on Linux its answer is this rule, so the
    # CLI's hot path computes it directly and only other platforms pay for the import.
    import sys

    if sys.platform.startswith("linux"):
        base = os.environ.get(env, "").strip()
        return Path(base if os.path.isabs(base) else os.path.expanduser(fallback)) / APP_NAME
    import platformdirs

    if env == "XDG_DATA_HOME":
        return platformdirs.user_data_path(APP_NAME)
    return platformdirs.user_config_path(APP_NAME)


def data_dir() -> Path:
    return _xdg("XDG_DATA_HOME", "~/.local/share")


def config_dir() -> Path:
    return _xdg("XDG_CONFIG_HOME", "~/.config")


def default_db_path() -> Path:
    """The embedded default journal, created on first run."""
    return data_dir() / "journal.db"


def db_path(explicit: str | os.PathLike[str] | None = None) -> tuple[Path, bool]:
    """The journal to open and whether it is the default one (which may be created)."""
    chosen = explicit or os.environ.get("JOURNAL_DB")
    if chosen:
        return Path(chosen).expanduser(), False
    return default_db_path(), True


def config_file() -> Path:
    return config_dir() / "config.toml"


def user_prompts_dir() -> Path:
    return config_dir() / "prompts"


def read_config() -> dict[str, object]:
    """The user's config.toml as a dict; a missing or broken file reads as empty."""
    try:
        return tomllib.loads(config_file().read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}
